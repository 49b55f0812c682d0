"""What `make demo` shows a reader: its store (examples/articles/) through every table.

Each table leads with plain words, keeps IRIs and codes for --wide, fits 100 columns and
lists each event once with its people first; the rows are checked against the articles.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, run

from kg.store import named_queries

HASHED = re.compile(r"-[0-9a-f]{10}\b")  # the short hash at the end of an event IRI

ANALYSES = [
    ("analyze", "actors"),
    ("analyze", "communities"),
    ("analyze", "dyads"),
    ("analyze", "timeline"),
    ("analyze", "ego", "Sergei Lavrov", "--depth", "2"),
    ("analyze", "path", "William Burns", "Sergei Naryshkin"),
]
TABLES = [("query", "--name", name) for name in sorted(named_queries())] + ANALYSES


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> str:
    """The store `make demo` builds: kg ingest examples/articles/."""
    store = str(tmp_path_factory.mktemp("demo") / "demo-store")
    result = run(CliRunner(), "ingest", str(EXAMPLES / "articles"), "--store", store)
    assert result.exit_code == 0, result.output
    return store


def table(demo: str, *args: str) -> list[str]:
    result = run(CliRunner(), *args, "--store", demo)
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def rows(demo: str, *args: str) -> list[dict[str, str]]:
    result = run(CliRunner(), *args, "-f", "csv", "--store", demo)
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


@pytest.mark.parametrize("args", TABLES, ids=" ".join)
def test_every_table_fits_100_columns_without_iris(demo, args, monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    lines = table(demo, *args)
    assert len(lines) > 2, f"{args} shows nothing"
    assert max(len(line) for line in lines) <= 100
    text = "\n".join(lines)
    assert "kgid:" not in text and "https://" not in text
    assert not HASHED.search(text), HASHED.search(text)


def test_wide_shows_the_event_iris_and_codes(demo):
    lines = table(demo, "query", "--name", "meetings", "--wide")
    assert lines[0].split() == ["date", "what", "who", "host", "where", "cameo", "event"]
    assert sum(1 for line in lines if "kgid:event/" in line) == len(lines) - 2
    timeline = table(demo, "analyze", "timeline", "--wide")
    assert timeline[0].split()[:4] == ["date", "what", "type", "category"]


def test_meetings_one_row_per_event_people_first(demo):
    found = rows(demo, "query", "--name", "meetings")
    assert len({r["event"] for r in found}) == len(found)
    assert [(r["date"], r["what"], r["who"], r["host"], r["where"]) for r in found] == [
        # 008: a consular visit by video link (an extraction error: no visit, a call)
        ("2020-08-27", "Visit", "Cheng Lei; Australia", "", ""),
        # 012: one event, reported as their meeting and as the Geneva "summit": two leaders
        # meeting is a meeting (a summit gathers several parties: concepts.ttl, GUIDELINE)
        ("2021-06-16", "Meeting", "Joe Biden; Vladimir Putin", "", "Geneva"),
        ("2022-04-26", "Negotiation", "António Guterres; Sergei Lavrov; Vladimir Putin", "", "Moscow"),
        ("2022-07-28", "Phone call", "Joe Biden; Xi Jinping", "", ""),
        ("2022-11-14", "Meeting", "Sergei Naryshkin; William Burns", "", "Ankara"),
        # 002: the king visits, Germany hosts; Berlin is the place
        ("2023-03-29", "Visit", "Charles III", "Germany", "Berlin"),
        # 004: the leaders are named but extraction keeps only the bloc
        ("", "Summit", "BRICS", "", "Johannesburg"),
    ]


def test_timelines_list_each_event_once(demo):
    stored = rows(demo, "query", "--name", "timeline")
    assert len({r["event"] for r in stored}) == len(stored)
    geneva = [r for r in stored if r["where"] == "Geneva"]
    assert [(r["date"], r["what"], r["who"]) for r in geneva] == [
        ("2021-06-16", "Meeting", "Joe Biden; Vladimir Putin")
    ]
    analysed = rows(demo, "analyze", "timeline")
    assert len({r["iri"] for r in analysed}) == len(analysed)
    assert [(r["what"], r["participants"]) for r in analysed if r["place"] == "Geneva"] == [
        ("Meeting", "Joe Biden; Vladimir Putin")
    ]
    sanction = next(r for r in analysed if r["category"] == "Sanction")
    assert sanction["participants"] == "Roman Abramovich; United Kingdom"  # the person first


def test_dyads_count_the_geneva_meeting_once(demo):
    pairs = {
        (r["country_a"], r["country_b"], r["category"]): int(r["events"])
        for r in rows(demo, "analyze", "dyads")
    }
    assert ("Russia", "United States", "Summit") not in pairs
    assert pairs[("Russia", "United States", "Meeting")] == 2  # Geneva once, and Ankara


# -- a meeting that repeats a summit, on a hand-built store ------------------------------------
REPEATS = """
@prefix dip: <https://w3id.org/kg-diplomacy/ontology#> .
@prefix dipt: <https://w3id.org/kg-diplomacy/event-type/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix e: <https://w3id.org/kg-diplomacy/id/event/> .
@prefix k: <https://w3id.org/kg-diplomacy/id/> .

k:person\\/a a dip:Person ; rdfs:label "Anna Alpha" .
k:person\\/b a dip:Person ; rdfs:label "Boris Beta" .
k:country\\/x a dip:Country ; rdfs:label "Xland" .
k:org\\/o a dip:GovernmentBody ; rdfs:label "Ministry O" .
k:place\\/g a dip:City ; rdfs:label "Geneva" .
k:place\\/h a dip:City ; rdfs:label "Hague" .

e:summit-1 a dip:Event ; dip:category dipt:Summit ; dip:eventType dipt:Summit ; dip:modality dip:Asserted ;
  dip:date "2021-06-16"^^xsd:date ; dip:place k:place\\/g ;
  dip:hasParticipant k:person\\/a, k:person\\/b, k:country\\/x .
e:meeting-1 a dip:Event ; dip:category dipt:Meeting ; dip:eventType dipt:MeetingThirdLocation ;
  dip:modality dip:Asserted ; dip:date "2021-06-16"^^xsd:date ; dip:place k:place\\/g ;
  dip:hasParticipant k:person\\/a, k:person\\/b, k:country\\/x .
e:meeting-2 a dip:Event ; dip:category dipt:Meeting ; dip:eventType dipt:Meeting ; dip:modality dip:Asserted ;
  dip:date "2021-06-16"^^xsd:date ; dip:place k:place\\/g ; dip:hasParticipant k:person\\/a, k:person\\/b .
e:talks-1 a dip:Event ; dip:category dipt:Talks ; dip:eventType dipt:Negotiation ; dip:modality dip:Asserted ;
  dip:date "2021-06-16"^^xsd:date ; dip:place k:place\\/g ;
  dip:hasParticipant k:person\\/a, k:person\\/b, k:country\\/x, k:org\\/o .
e:talks-2 a dip:Event ; dip:category dipt:Talks ; dip:eventType dipt:Negotiation ; dip:modality dip:Asserted ;
  dip:date "2021-06-16"^^xsd:date, "2021-06-17"^^xsd:date ; dip:place k:place\\/g, k:place\\/h ;
  dip:hasParticipant k:person\\/a, k:person\\/b, k:country\\/x .
e:visit-1 a dip:Event ; dip:category dipt:Visit ; dip:eventType dipt:HostVisit ; dip:modality dip:Asserted ;
  dip:date "2021-06-16"^^xsd:date ; dip:place k:place\\/g ;
  dip:hasParticipant k:person\\/a, k:person\\/b, k:country\\/x ; dip:participation k:participation\\/v1 .
k:participation\\/v1 a dip:Participation ; dip:agent k:country\\/x ; dip:roleType "host" .
e:summit-2 a dip:Event ; dip:category dipt:Summit ; dip:eventType dipt:Summit ; dip:modality dip:Asserted ;
  dip:date "2021-07-01"^^xsd:date ; dip:place k:place\\/h .
e:meeting-3 a dip:Event ; dip:category dipt:Meeting ; dip:eventType dipt:Meeting ; dip:modality dip:Asserted ;
  dip:date "2021-07-01"^^xsd:date ; dip:place k:place\\/h .
e:summit-3 a dip:Event ; dip:category dipt:Summit ; dip:eventType dipt:Summit ; dip:modality dip:Negated ;
  dip:date "2021-08-01"^^xsd:date ; dip:place k:place\\/h ; dip:hasParticipant k:person\\/a .
e:meeting-4 a dip:Event ; dip:category dipt:Meeting ; dip:eventType dipt:Meeting ; dip:modality dip:Asserted ;
  dip:date "2021-08-01"^^xsd:date ; dip:place k:place\\/h ; dip:hasParticipant k:person\\/a .
e:meeting-5 a dip:Event ; dip:category dipt:Meeting ; dip:eventType dipt:Meeting ; dip:modality dip:Asserted ;
  dip:hasParticipant k:org\\/o, k:person\\/b .
"""


@pytest.fixture(params=["embedded", "memory"])
def repeats(request, tmp_path):
    """A store where some meetings repeat a summit of the same day and place."""
    from rdflib import Graph

    from kg.store import open_store

    spec = str(tmp_path / "s") if request.param == "embedded" else "memory"
    with open_store(spec) as store:
        store.put_document("d1", "h1", Graph().parse(data=REPEATS, format="turtle"))
        yield store


def _cells(store, name: str, *columns: str) -> list[tuple]:
    from kg.store import named_query

    result = store.query(named_query(name))
    return [tuple("" if r[c] is None else str(r[c]).rsplit("/", 1)[-1] for c in columns) for r in result.rows]


def test_a_meeting_that_repeats_a_summit_is_left_out(repeats):
    """Same day, a shared place and the same participants as an asserted summit: the summit row
    stands for it (meeting-1, talks-2, meeting-3 with no participants on either side); fewer or
    more participants (meeting-2, talks-1), a visit, or a denied summit (meeting-4) keep theirs."""
    assert _cells(repeats, "meetings", "date", "what", "who", "host", "where", "event") == [
        ("2021-06-16", "Meeting", "Anna Alpha; Boris Beta", "", "Geneva", "meeting-2"),
        ("2021-06-16", "Negotiation", "Anna Alpha; Boris Beta; Ministry O; Xland", "", "Geneva", "talks-1"),
        ("2021-06-16", "Summit", "Anna Alpha; Boris Beta; Xland", "", "Geneva", "summit-1"),
        ("2021-06-16", "Visit", "Anna Alpha; Boris Beta", "Xland", "Geneva", "visit-1"),
        ("2021-07-01", "Summit", "", "", "Hague", "summit-2"),
        ("2021-08-01", "Meeting", "Anna Alpha", "", "Hague", "meeting-4"),
        ("", "Meeting", "Boris Beta; Ministry O", "", "", "meeting-5"),
    ]
    # the timeline shows every modality: the denied summit stands for meeting-4 there
    assert [e for (e,) in _cells(repeats, "timeline", "event")] == [
        "visit-1", "meeting-2", "talks-1", "summit-1", "summit-2", "summit-3",
    ]  # fmt: skip
