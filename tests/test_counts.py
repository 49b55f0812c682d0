"""ingest, stats and extract count the same things the same way, and say what they count.

Every command counts an event once however many sentences (mentions) and articles report
it, as the graph holds it: one node per event IRI (kg.tally). Two short articles of our own
report the same Geneva meeting, so the merge across documents is checked with exact
figures; the example articles check that the commands agree on a larger set.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import EXAMPLES, run

ARTICLES = {
    "a.txt": "Lavrov and Blinken meet in Geneva\n\nRussian Foreign Minister Sergei Lavrov met U.S. Secretary "
    "of State Antony Blinken in Geneva on Friday. The meeting lasted two hours, Lavrov said.\n",
    "b.txt": "Blinken sees Lavrov in Geneva\n\nU.S. Secretary of State Antony Blinken met Russian Foreign "
    "Minister Sergei Lavrov in Geneva on Friday. Blinken did not meet Chinese Foreign Minister Wang Yi.\n",
}
WRITTEN = re.compile(
    r"; written: (\d+) events \(distinct, after merging (\d+) event mentions; (\d+) asserted\), "
    r"(\d+) entities, (\d+) tenures \(posts held\); "
    r"the store now holds (\d+) documents, (\d+) events \(distinct\), (\d+) entities, (\d+) tenures$"
)


@pytest.fixture(scope="module")
def own_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("own") / "in"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _stats(store: str) -> dict[str, int]:
    result = run(CliRunner(), "stats", "-f", "json", "--store", store)
    assert result.exit_code == 0, result.output
    return {row["what"]: row["count"] for row in json.loads(result.stdout)}


def _extract(path: Path, *options: str) -> tuple[dict, str]:
    result = run(CliRunner(), "extract", str(path), *options)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), result.stderr


def test_own_articles_exact_counts(own_folder, tmp_path) -> None:
    """Per article: the meeting and a statement / the meeting and a denied meeting; together the
    Geneva meeting is one event (3, not 4), Lavrov and Blinken one person each."""
    facts_a, said_a = _extract(own_folder / "a.txt", "--published", "2022-01-23")
    facts_b, said_b = _extract(own_folder / "b.txt", "--published", "2022-01-23")
    assert (len(facts_a["events"]), len(facts_a["unasserted_events"])) == (2, 0)
    assert (len(facts_b["events"]), len(facts_b["unasserted_events"])) == (1, 1)
    line = (
        "extracted: {} events (distinct, after merging {} event mentions; {} asserted), {} entities, "
        "{} tenures (posts held)\n"
    )
    assert said_a == line.format(2, 4, 2, 6, 2)
    assert said_b == line.format(2, 2, 1, 8, 3)
    assert sum(len(m["mentions"]) for m in facts_a["events"]) == 4  # the mentions the line merged

    store = str(tmp_path / "store")
    result = run(CliRunner(), "ingest", str(own_folder), "--published", "2022-01-23", "--store", store)
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "2 added, 0 replaced, 0 unchanged, 0 failed; written: 3 events (distinct, after merging 6 event "
        "mentions; 2 asserted), 8 entities, 3 tenures (posts held); "
        "the store now holds 2 documents, 3 events (distinct), 8 entities, 3 tenures\n"
    )
    counts = _stats(store)
    assert (counts["documents"], counts["events"], counts["entities"], counts["tenures"]) == (2, 3, 8, 3)
    assert counts["entities"] == sum(v for k, v in counts.items() if k.startswith("entities: "))

    again = run(CliRunner(), "ingest", str(own_folder), "--published", "2022-01-23", "--store", store)
    assert again.stderr == (
        "0 added, 0 replaced, 2 unchanged, 0 failed; the store now holds 2 documents, 3 events (distinct), "
        "8 entities, 3 tenures\n"
    )


def test_stats_says_what_each_row_counts(own_folder, tmp_path) -> None:
    store = str(tmp_path / "store")
    assert run(CliRunner(), "ingest", str(own_folder), "--store", store).exit_code == 0
    result = run(CliRunner(), "stats", "-f", "json", "--store", store)
    counted = {row["what"]: row["counted"] for row in json.loads(result.stdout)}
    assert counted["events"] == "distinct events, mentions merged; unasserted too"
    assert counted["entities"] == "distinct entities (IRI and class): the rows below"
    assert counted["tenures"] == "distinct posts held (person and post)"
    assert counted["mentions"] == "evidence records (entity, post, event mentions)"
    assert all(counted.values())
    table = run(CliRunner(), "stats", "--store", store).stdout
    assert max(map(len, table.splitlines())) <= 100


def test_examples_ingest_stats_and_extract_agree(tmp_path) -> None:
    from kg.pipeline import extract, read_documents
    from kg.tally import Tally

    articles = sorted((EXAMPLES / "articles").glob("*.txt"))
    store = str(tmp_path / "store")
    result = run(CliRunner(), "ingest", str(EXAMPLES / "articles"), "--store", store)
    assert result.exit_code == 0, result.output
    match = WRITTEN.search(result.stderr.strip())
    assert match, result.stderr
    events, mentions, asserted, entities, tenures, docs, store_events, store_entities, store_tenures = map(
        int, match.groups()
    )
    assert (docs, store_events, store_entities, store_tenures) == (len(articles), events, entities, tenures)
    counts = _stats(store)
    assert (counts["documents"], counts["events"], counts["entities"], counts["tenures"]) == (
        docs, events, entities, tenures,
    )  # fmt: skip

    per_document = []
    union = Tally()
    for path in articles:
        facts, said = _extract(path)
        one = Tally()
        for x in extract(read_documents([str(path)])):
            one.add(x)
            union.add(x)
        assert (len(facts["events"]), len(facts["unasserted_events"])) == (
            len(one.asserted), len(one.events) - len(one.asserted),
        )  # fmt: skip
        assert said == f"extracted: {one.describe()}\n"
        per_document.append(one)
    assert (len(union.events), union.mentions, len(union.asserted)) == (events, mentions, asserted)
    assert (len(union.entities), len(union.tenures)) == (entities, tenures)
    # summing articles counts an event reported by two of them twice: the sum is at least the store's
    assert sum(len(t.events) for t in per_document) >= events
    assert mentions > events


def test_summary_line_of_the_cluster_paths() -> None:
    """--cluster -o DIR knows per-document sums only and no store; nothing at all still ends the line."""
    from kg.cli.ingest import summary_line
    from kg.pipeline import IngestReport

    assert summary_line(IngestReport()) == "0 added, 0 replaced, 0 unchanged, 0 failed; nothing written"
    report = IngestReport(added=["a", "b"], events=7, entities=9, tenures=2)
    assert summary_line(report) == (
        "2 added, 0 replaced, 0 unchanged, 0 failed; written: 7 event mentions, 9 entities, 2 tenures "
        "(summed over documents, before merging)"
    )
