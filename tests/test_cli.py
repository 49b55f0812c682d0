"""The `kg` command line: every command, every output format, every bad input.

One small embedded store (three example articles) is built once for the module; tests that
change a store work on a copy of it. Bad input must give exit status 1, exactly one line on
stderr starting "Error:", nothing on stdout, and leave the store byte for byte as it was.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from kg.cli import main
from tests.conftest import EXAMPLES, ROOT, run

ARTICLES = EXAMPLES / "articles"
ANKARA = ARTICLES / "001-burns-naryshkin-ankara.txt"
STATE_VISIT = ARTICLES / "002-charles-state-visit-germany.txt"
GENEVA = ARTICLES / "012-biden-putin-geneva.txt"
PEOPLE = """SELECT ?name WHERE { ?p a dip:Person ; rdfs:label ?name
  FILTER(?name IN ("William Burns", "Sergei Naryshkin")) } ORDER BY ?name"""


@pytest.fixture(scope="module")
def base_store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cli") / "store"
    result = run(CliRunner(), "ingest", str(ANKARA), str(STATE_VISIT), str(GENEVA), "--store", str(folder))
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("3 added, 0 replaced, 0 unchanged, 0 failed; ")
    return folder


@pytest.fixture
def store(base_store) -> str:
    """The module store, for commands that only read it."""
    return str(base_store)


@pytest.fixture
def own_store(base_store, tmp_path) -> str:
    """A private copy of the module store, for commands that change it."""
    copy = tmp_path / "store"
    shutil.copytree(base_store, copy)
    return str(copy)


def invoke(*args: str, input: bytes | str | None = None):
    """Like conftest.run, with the program named as users see it."""
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False, prog_name="kg")


def snapshot(store: str) -> bytes:
    result = invoke("export", "-f", "nquads", "--store", store)
    assert result.exit_code == 0
    return result.stdout_bytes


def doc_ids(store: str) -> list[str]:
    return [d["doc_id"] for d in json.loads(invoke("docs", "-f", "json", "--store", store).stdout)]


# -- help and documentation -------------------------------------------------------------------
def all_commands() -> list[tuple[str, ...]]:
    found = [()]
    for name, command in main.commands.items():
        found.append((name,))
        if isinstance(command, click.Group):
            found.extend((name, sub) for sub in command.commands)
    return found


@pytest.mark.parametrize("words", all_commands(), ids=lambda w: " ".join(w) or "kg")
def test_every_command_has_help_with_an_example(words):
    for flag in ("--help", "-h"):
        result = invoke(*words, flag)
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("Usage: kg ")
        assert "Example" in result.stdout


NOT_YET_IN_README: set[str] = set()


@pytest.mark.parametrize("name", list(main.commands))
def test_readme_mentions_every_command(name):
    readme = (ROOT / "README.md").read_text("utf-8")
    if name in NOT_YET_IN_README and f"kg {name}" not in readme:
        pytest.xfail(f"README.md does not show kg {name} yet")
    assert f"kg {name}" in readme


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("kg, version ")


def test_python_dash_m_kg_runs_the_cli():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "kg", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0
    assert "Usage: " in done.stdout and "ingest" in done.stdout


# -- query --------------------------------------------------------------------------------------
EXPECTED = {
    "table": "name\n----------------\nSergei Naryshkin\nWilliam Burns\n",
    "csv": "name\nSergei Naryshkin\nWilliam Burns\n",
    "tsv": "name\nSergei Naryshkin\nWilliam Burns\n",
    "jsonl": '{"name": "Sergei Naryshkin"}\n{"name": "William Burns"}\n',
}


@pytest.mark.parametrize("fmt", sorted(EXPECTED))
def test_query_output_formats(store, fmt):
    result = invoke("query", PEOPLE, "-f", fmt, "--store", store)
    assert result.exit_code == 0
    assert result.stdout == EXPECTED[fmt]
    assert result.stderr == ""


def test_query_table_is_the_default(store):
    assert invoke("query", PEOPLE, "--store", store).stdout == EXPECTED["table"]


def test_query_json_is_sparql_results_json(store):
    result = invoke("query", PEOPLE, "-f", "json", "--store", store)
    assert json.loads(result.stdout) == {
        "head": {"vars": ["name"]},
        "results": {"bindings": [
            {"name": {"type": "literal", "value": "Sergei Naryshkin"}},
            {"name": {"type": "literal", "value": "William Burns"}},
        ]},
    }  # fmt: skip


def check_sparql_json(data: dict) -> None:
    """The shape that SPARQL 1.1 Query Results JSON Format §3 requires."""
    assert set(data) == {"head", "results"}
    variables = data["head"]["vars"]
    assert all(isinstance(v, str) for v in variables)
    for binding in data["results"]["bindings"]:
        assert set(binding) <= set(variables)
        for term in binding.values():
            assert term["type"] in ("uri", "literal", "bnode")
            assert isinstance(term["value"], str)
            assert set(term) <= {"type", "value", "datatype", "xml:lang"}
            if term["type"] != "literal":
                assert set(term) == {"type", "value"}
            assert not ("datatype" in term and "xml:lang" in term)


def test_meetings_json_has_iris_typed_literals_and_unbound_values(store):
    data = json.loads(invoke("query", "--name", "meetings", "-f", "json", "--store", store).stdout)
    check_sparql_json(data)
    terms = [t for b in data["results"]["bindings"] for t in b.values()]
    assert {"uri", "literal"} <= {t["type"] for t in terms}
    assert {"type": "literal", "value": "2022-11-14",
            "datatype": "http://www.w3.org/2001/XMLSchema#date"} in terms  # fmt: skip


def test_ask_in_json(store):
    result = invoke("query", "ASK { ?p rdfs:label 'William Burns' }", "-f", "json", "--store", store)
    assert json.loads(result.stdout) == {"head": {}, "boolean": True}


def bundled() -> list[str]:
    from kg.store import named_queries

    return sorted(named_queries())


def test_bundled_queries_include_the_documented_ones():
    assert {"meetings", "posts", "events-by-country", "sources-of-an-event"} <= set(bundled())


@pytest.mark.parametrize("name", bundled())
def test_every_bundled_query_runs_and_finds_rows(store, name):
    result = invoke("query", "--name", name, "-f", "csv", "--store", store)
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows, f"{name} found nothing"


def test_meetings_finds_the_ankara_meeting(store):
    rows = list(
        csv.DictReader(io.StringIO(invoke("query", "-n", "meetings", "-f", "csv", "--store", store).stdout))
    )
    ankara = [r for r in rows if r["date"] == "2022-11-14"]
    assert [(r["where"], r["who"], r["cameo"]) for r in ankara] == [
        ("Ankara", "Sergei Naryshkin; William Burns", "044")
    ]


def test_query_list(store):
    result = invoke("query", "--list", "-f", "csv")
    assert result.exit_code == 0
    names = [r["name"] for r in csv.DictReader(io.StringIO(result.stdout))]
    assert names == bundled()


def test_query_from_a_file_and_from_stdin(store, tmp_path):
    path = tmp_path / "people.rq"
    path.write_text(PEOPLE, "utf-8")
    assert invoke("query", str(path), "-f", "csv", "--store", store).stdout == EXPECTED["csv"]
    assert invoke("query", "-", "-f", "csv", "--store", store, input=PEOPLE).stdout == EXPECTED["csv"]


def test_a_query_declaring_its_own_prefix_wins(store):
    text = "PREFIX dip: <https://example.org/other#> SELECT (COUNT(*) AS ?n) WHERE { ?p a dip:Person }"
    assert invoke("query", text, "-f", "csv", "--store", store).stdout == "n\n0\n"


# -- export ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("fmt", "rdflib_format", "named"), [
    ("turtle", "turtle", False), ("ntriples", "nt", False), ("jsonld", "json-ld", False),
    ("trig", "trig", True), ("nquads", "nquads", True),
])  # fmt: skip
def test_export_formats_parse_back(store, fmt, rdflib_format, named):
    result = invoke("export", "-f", fmt, "--store", store)
    assert result.exit_code == 0
    union = Graph().parse(data=invoke("export", "-f", "ntriples", "--store", store).stdout_bytes, format="nt")
    if named:
        ds = Dataset()
        ds.parse(data=result.stdout_bytes, format=rdflib_format)
        graphs = {str(g.identifier): len(g) for g in ds.graphs() if len(g)}
        ids = sorted(g.rsplit("/", 1)[1] for g in graphs if "/id/graph/" in g)
        assert ids == sorted([*doc_ids(store), "shared", "vocabulary"])
        assert sum(graphs.values()) == len(snapshot(store).splitlines())
    else:
        graph = Graph().parse(data=result.stdout_bytes, format=rdflib_format)
        assert len(graph) == len(union)


def test_turtle_export_is_byte_identical_and_file_output_says_so(store, tmp_path):
    first, second = tmp_path / "a.ttl", tmp_path / "b.ttl"
    for target in (first, second):
        result = invoke("export", "-o", str(target), "--store", store)
        assert result.exit_code == 0
        assert result.stderr == f"Wrote {target}\n"
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() == invoke("export", "--store", store).stdout_bytes
    assert first.read_text("utf-8").startswith("@prefix ")


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_network_formats(store, fmt, tmp_path):
    import networkx as nx

    target = tmp_path / f"graph.{fmt}"
    result = invoke("export", "-f", fmt, "-o", str(target), "--store", store)
    assert result.exit_code == 0, result.output
    G = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(str(target))
    labels = {d.get("label") for _, d in G.nodes(data=True)}
    assert {"William Burns", "Sergei Naryshkin", "Ankara"} <= labels
    assert G.number_of_edges() > 0
    text = target.read_text("utf-8")
    assert ">None<" not in text and '"None"' not in text
    if fmt == "graphml":  # GraphML key ids are XML ids: unique across nodes and edges
        from xml.etree import ElementTree

        keys = [k.get("id") for k in ElementTree.parse(target).getroot() if k.tag.endswith("key")]
        assert len(keys) == len(set(keys))
        assert invoke("export", "-f", fmt, "--store", store).stdout_bytes == target.read_bytes()


# -- view, stats, docs ------------------------------------------------------------------------------
def test_view_writes_one_html_file(store, tmp_path):
    target = tmp_path / "graph.html"
    result = invoke("view", "-o", str(target), "--store", store)
    assert result.exit_code == 0
    assert result.stderr == f"Wrote {target}\n"
    html = target.read_text("utf-8")
    assert html.lstrip().lower().startswith("<!doctype html") or "<html" in html[:500].lower()
    assert "William Burns" in html
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.html"]


def test_view_of_an_unknown_actor_is_one_line(store, tmp_path):
    result = invoke("view", "--actor", "Nobody Atall", "-o", str(tmp_path / "g.html"), "--store", store)
    assert_one_error(result)
    assert not (tmp_path / "g.html").exists()


def test_stats_json(store):
    result = invoke("stats", "-f", "json", "--store", store)
    counts = {r["what"]: r["count"] for r in json.loads(result.stdout)}
    assert counts["documents"] == 3
    # distinct triples of the union (a triple that two documents assert counts once)
    assert counts["triples"] == len(invoke("export", "-f", "ntriples", "--store", store).stdout.splitlines())
    assert counts["entities: Person"] >= 5
    assert counts["events_by_category: Meeting"] >= 1


def test_docs_json(store):
    docs = json.loads(invoke("docs", "-f", "json", "--store", store).stdout)
    assert [
        (d["title"], d["outlet"], d["published"]) for d in sorted(docs, key=lambda d: d["published"])
    ] == [
        (
            "Biden and Putin Meet in Geneva, Agree to Return Ambassadors",
            "Example European Review",
            "2021-06-16",
        ),
        ("U.S. and Russian Spy Chiefs Hold Talks in Ankara", "Example Diplomatic Wire", "2022-11-14"),
        ("King Charles Begins State Visit to Germany", "Example European Review", "2023-03-29"),
    ]
    assert all(isinstance(d["facts"], int) and d["facts"] > 0 for d in docs)
    assert {d["url"] for d in docs} == {
        "https://example.org/2021/06/16/biden-putin-geneva",
        "https://example.org/2022/11/14/spy-chiefs-ankara",
        "https://example.org/2023/03/29/king-charles-germany-state-visit",
    }


# -- lifecycle -------------------------------------------------------------------------------------
def test_remove_deletes_one_document(own_store):
    before = doc_ids(own_store)
    result = invoke("remove", before[0], "--store", own_store)
    assert result.exit_code == 0
    assert result.stderr == "Removed 1 document(s)\n"
    assert doc_ids(own_store) == before[1:]


def test_remove_unknown_document(own_store):
    before = snapshot(own_store)
    result = invoke("remove", "0000000000", "--store", own_store)
    assert_one_error(result)
    assert result.stderr == "Error: no such document: 0000000000 (see `kg docs`)\n"
    assert snapshot(own_store) == before


def test_reingest_unchanged_is_a_no_op(own_store):
    before, stats = snapshot(own_store), invoke("stats", "--store", own_store).stdout
    result = invoke("ingest", str(ANKARA), "--store", own_store)
    assert result.exit_code == 0
    assert result.stderr.startswith("0 added, 0 replaced, 1 unchanged, 0 failed; ")
    assert snapshot(own_store) == before
    assert invoke("stats", "--store", own_store).stdout == stats


def test_changed_article_replaces_its_graph(own_store, tmp_path):
    changed = tmp_path / "ankara.txt"
    changed.write_text(
        ANKARA.read_text("utf-8").replace("in the Turkish capital", "in the Turkish capital, Ankara,"),
        "utf-8",
    )
    before = doc_ids(own_store)
    result = invoke("ingest", str(changed), "--store", own_store)
    assert result.exit_code == 0
    assert result.stderr.startswith("0 added, 1 replaced, 0 unchanged, 0 failed; ")
    assert doc_ids(own_store) == before
    sentences = invoke(
        "query",
        "SELECT ?s WHERE { ?m dip:sentence ?s FILTER(CONTAINS(?s, 'capital, Ankara,')) }",
        "-f",
        "csv",
        "--store",
        own_store,
    ).stdout
    assert len(sentences.splitlines()) >= 2


def test_ingest_from_stdin_into_memory():
    result = invoke(
        "ingest",
        "-",
        "--published",
        "2022-11-14",
        "--url",
        "https://example.org/x",
        "--store",
        "memory",
        input=ANKARA.read_bytes(),
    )
    assert result.exit_code == 0
    assert result.stderr.startswith("1 added, 0 replaced, 0 unchanged, 0 failed; ")


def test_a_bad_file_in_a_folder_is_skipped(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(ANKARA, folder / "a.txt")
    (folder / "b.txt").write_bytes(b"")
    result = invoke("ingest", str(folder), "--store", "memory")
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert (
        lines[0] == f"Skipped {folder / 'b.txt'}: {folder / 'b.txt'} is empty; give a file with article text"
    )
    assert lines[1].startswith("1 added, 0 replaced, 0 unchanged, 1 failed; ")


def test_validate_conforms(store):
    result = invoke("validate", "--store", store)
    assert (result.exit_code, result.stdout) == (0, "Conforms.\n")


def test_extract_json_touches_no_store(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("extract", str(ANKARA))
    assert result.exit_code == 0
    facts = json.loads(result.stdout)
    assert facts["document"]["title"] == "U.S. and Russian Spy Chiefs Hold Talks in Ankara"
    assert any(set(e["participants"]) == {"William Burns", "Sergei Naryshkin"} for e in facts["events"])
    assert list(tmp_path.iterdir()) == []


# -- bad input: exit 1, one line, store unchanged -------------------------------------------------
def assert_one_error(result) -> None:
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert "Traceback" not in result.stderr


def bad_sources(tmp: Path) -> dict[str, tuple[Path, str]]:
    """name → (file, the exact error line)."""
    (tmp / "empty.txt").write_bytes(b"")
    (tmp / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp / "latin1.txt").write_bytes("Der Außenminister traf in Genf ein. Caf\xe9.".encode("latin-1"))
    (tmp / "huge.txt").write_bytes(b"The ministers met in Geneva. " * 200_000)
    messages = {
        "missing": ": no such file or folder; check the path",
        "empty": " is empty; give a file with article text",
        "binary": " is a binary file (it contains NUL bytes), not an article",
        "latin1": " is not UTF-8 text: pass --encoding with its encoding "
        "(e.g. --encoding cp1252 or --encoding latin-1)",
        "huge": " is larger than 5,000,000 bytes, the most kg reads from one article: split it into "
        "smaller files (Python callers can pass max_bytes= to read_path)",
    }
    return {name: (tmp / f"{name}.txt", f"Error: {tmp / name}.txt{text}") for name, text in messages.items()}


@pytest.mark.parametrize("case", ["missing", "empty", "binary", "latin1", "huge"])
def test_bad_source_is_one_line_and_changes_nothing(store, tmp_path, case):
    path, message = bad_sources(tmp_path)[case]
    before = snapshot(store)
    result = invoke("ingest", str(path), "--store", store)
    assert_one_error(result)
    assert result.stderr == message + "\n"
    assert snapshot(store) == before


def test_latin1_reads_with_encoding():
    result = invoke(
        "extract",
        "-",
        "--encoding",
        "latin-1",
        input="Lavrov met Blinken in Genf. Caf\xe9.".encode("latin-1"),
    )
    assert result.exit_code == 0


def test_malformed_published_date(store):
    before = snapshot(store)
    result = invoke("ingest", str(GENEVA), "--published", "14/31/2022", "--store", store)
    assert_one_error(result)
    assert result.stderr == (
        "Error: --published: cannot read the date '14/31/2022'; write it as YYYY-MM-DD (e.g. 2022-11-14)\n"
    )
    assert snapshot(store) == before


@pytest.mark.parametrize(("text", "message"), [
    ("SELECTX", "Error: SPARQL error: error at 1:8: expected one of VERSION, [_]"),
    ("SELECT ?x\nWHERE { ?x ?y }", "Error: SPARQL error: error at 2:16: expected one of LATERAL, SERVICE, [_]"),  # noqa: E501
])  # fmt: skip
def test_malformed_sparql_points_into_the_users_text(store, text, message):
    before = snapshot(store)
    result = invoke("query", text, "--store", store)
    assert_one_error(result)
    assert result.stderr == message + "\n"
    assert snapshot(store) == before


def test_malformed_sparql_on_the_memory_store():
    result = invoke("query", "SELECT ?x WHERE { ?x ?y }", "--store", "memory")
    assert_one_error(result)
    assert "(line:1, col:19)" in result.stderr


@pytest.mark.parametrize(("text", "form"), [
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "INSERT"),
    ("DELETE WHERE { ?s ?p ?o }", "DELETE"),
    ("# a comment\nCLEAR ALL", "CLEAR"),
    ("PREFIX x: <urn:x#> DROP GRAPH x:g", "DROP"),
])  # fmt: skip
def test_updates_are_refused(store, text, form):
    before = snapshot(store)
    result = invoke("query", text, "--store", store)
    assert_one_error(result)
    assert result.stderr == (
        f"Error: kg query is read-only and {form} is a SPARQL Update; "
        "change the store with kg ingest or kg remove\n"
    )
    assert snapshot(store) == before


def test_unknown_query_name(store):
    result = invoke("query", "--name", "nope", "--store", store)
    assert_one_error(result)
    assert result.stderr.startswith("Error: no bundled query 'nope': use one of ")
    assert "meetings" in result.stderr


def test_missing_query_file(store, tmp_path):
    result = invoke("query", str(tmp_path / "nope.rq"), "--store", store)
    assert_one_error(result)
    assert result.stderr == f"Error: {tmp_path / 'nope.rq'}: no such query file\n"


# -- usage errors: exit 2 -------------------------------------------------------------------------------
@pytest.mark.parametrize("args", [
    ("nonsense",),
    ("query",),
    ("query", "ASK {}", "-f", "xml"),
    ("ingest",),
    ("export", "-f", "rdfxml"),
    ("remove",),
    ("stats", "--bogus"),
    ("view", "--depth", "two"),
    ("eval", "/no/such/folder"),
])  # fmt: skip
def test_usage_errors_exit_2(args):
    result = invoke(*args, "--store", "memory") if args[0] not in ("nonsense", "eval") else invoke(*args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert "Error: " in result.stderr


# -- analyze and plot: over all example articles -----------------------------------------------------
MEETING = "Meeting at a third location: William Burns, Sergei Naryshkin (Ankara, 2022-11-14)"
MET = "Meeting: Sergei Naryshkin, William Burns (Ankara, 2022-11-14)"  # analyze path: plain words
MET_WHY = (
    "“William Burns, the director of the Central Intelligence Agency, met Sergei Naryshkin, the head of"
    " Russia's Foreign Intelligence Service (SVR), in the Turkish capital on Monday, officials in both"
    " countries said.” (Example Diplomatic Wire, 2022-11-14)"
)


@pytest.fixture(scope="module")
def examples_store(tmp_path_factory) -> str:
    folder = str(tmp_path_factory.mktemp("cli-examples") / "store")
    result = invoke("ingest", str(ARTICLES), "--store", folder)
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture(scope="module")
def kirby_store(tmp_path_factory) -> str:
    """Two people who share a surname, each meeting Lavrov."""
    tmp = tmp_path_factory.mktemp("kirby")
    article = tmp / "kirby.txt"
    article.write_text(
        "---\ntitle: Two Envoys in Moscow\noutlet: Example Wire\npublished: 2023-05-02\n---\n"
        "Ambassador Paul Kirby met Foreign Minister Sergei Lavrov in Moscow on Monday.\n\n"
        "Later, Senator Anne Kirby met Sergei Lavrov in Moscow on Tuesday.\n",
        "utf-8",
    )
    result = invoke("ingest", str(article), "--store", str(tmp / "store"))
    assert result.exit_code == 0, result.output
    return str(tmp / "store")


def rows_of(result) -> list[dict[str, str]]:
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


@pytest.mark.parametrize(("a", "b"), [("William Burns", "Sergei Naryshkin"), ("burns", "NARYSHKIN")])
def test_analyze_path_finds_the_ankara_meeting(examples_store, a, b):
    result = invoke("analyze", "path", a, b, "-f", "csv", "--store", examples_store)
    assert result.exit_code == 0
    assert result.stdout == (
        "step,from,link,to,why\n"
        f'1,William Burns,took part in,"{MET}","{MET_WHY}"\n'
        f'2,"{MET}",involved,Sergei Naryshkin,"{MET_WHY}"\n'
    )


def test_analyze_path_json_is_a_plain_list(examples_store):
    result = invoke("analyze", "path", "Burns", "Naryshkin", "-f", "json", "--store", examples_store)
    assert json.loads(result.stdout) == [
        {"step": 1, "from": "William Burns", "link": "took part in", "to": MET, "why": MET_WHY},
        {"step": 2, "from": MET, "link": "involved", "to": "Sergei Naryshkin", "why": MET_WHY},
    ]


def test_analyze_path_to_lavrov_goes_through_events_or_posts(examples_store):
    rows = rows_of(
        invoke("analyze", "path", "William Burns", "Sergei Lavrov", "-f", "csv", "--store", examples_store)
    )
    assert rows[0]["from"] == "William Burns"
    assert rows[-1]["to"] == "Sergei Lavrov"
    assert [int(r["step"]) for r in rows] == list(range(1, len(rows) + 1))
    assert all(rows[i]["to"] == rows[i + 1]["from"] for i in range(len(rows) - 1))


@pytest.mark.parametrize(("args", "message"), [
    (("path", "William Burns", "Nobody Atall"), "Error: No entity named 'Nobody Atall' in the graph."),
    (("path", "Burns", "William Burns"),
     "Error: 'Burns' and 'William Burns' are the same entity; give two different names."),
    (("ego", "Nobody Atall"), "Error: No entity named 'Nobody Atall' in the graph."),
    (("timeline", "--actor", "Nobody Atall"), "Error: No entity named 'Nobody Atall' in the graph."),
    (("timeline", "--since", "last week"),
     "Error: since must be a date like 2022, 2022-11 or 2022-11-14, got 'last week'"),
])  # fmt: skip
def test_analyze_bad_names_are_one_line(examples_store, args, message):
    result = invoke("analyze", *args, "--store", examples_store)
    assert_one_error(result)
    assert result.stderr == message + "\n"


def test_analyze_a_close_misspelling_gets_a_suggestion(examples_store):
    result = invoke("analyze", "ego", "William Burn", "--store", examples_store)
    assert_one_error(result)
    assert (
        result.stderr == "Error: No entity named 'William Burn' in the graph. Did you mean: William Burns?\n"
    )


@pytest.mark.parametrize(
    "args", [("ego", "Kirby"), ("path", "Kirby", "Lavrov"), ("timeline", "--actor", "kirby")]
)
def test_analyze_ambiguous_surname_is_one_line(kirby_store, args):
    result = invoke("analyze", *args, "--store", kirby_store)
    assert_one_error(result)
    assert result.stderr == (
        "Error: 'Kirby' is ambiguous: it matches "
        "Anne Kirby <https://w3id.org/kg-diplomacy/id/person/anne-kirby>; "
        "Paul Kirby <https://w3id.org/kg-diplomacy/id/person/paul-kirby>. Use a full name or IRI.\n"
    ).replace("'Kirby'", f"'{args[-1] if args[0] != 'path' else args[1]}'")


def test_analyze_full_name_resolves_where_surname_is_ambiguous(kirby_store):
    rows = rows_of(invoke("analyze", "path", "Paul Kirby", "Anne Kirby", "-f", "csv", "--store", kirby_store))
    assert [r["to"] for r in rows][1::2] == ["Sergei Lavrov", "Anne Kirby"]


def test_analyze_actors(examples_store):
    rows = rows_of(invoke("analyze", "actors", "--limit", "100", "-f", "csv", "--store", examples_store))
    assert list(rows[0]) == [
        "actor",
        "class",
        "country",
        "events",
        "degree",
        "betweenness",
        "pagerank",
        "iri",
    ]
    ranks = [float(r["pagerank"]) for r in rows]
    assert ranks == sorted(ranks, reverse=True)
    burns = next(r for r in rows if r["actor"] == "William Burns")
    assert (burns["class"], burns["country"]) == ("Person", "United States")
    assert int(burns["events"]) >= 1
    assert (
        len(rows_of(invoke("analyze", "actors", "--limit", "3", "-f", "csv", "--store", examples_store))) == 3
    )


def test_analyze_communities_group_burns_with_naryshkin(examples_store):
    rows = rows_of(invoke("analyze", "communities", "-f", "csv", "--store", examples_store))
    assert [int(r["community"]) for r in rows] == list(range(1, len(rows) + 1))
    groups = [set(r["members"].split("; ")) for r in rows]
    assert any({"William Burns", "Sergei Naryshkin"} <= g for g in groups)
    everyone = [m for g in groups for m in g]
    assert len(everyone) == len(set(everyone))


def test_analyze_ego(examples_store):
    rows = rows_of(invoke("analyze", "ego", "Burns", "--depth", "1", "-f", "csv", "--store", examples_store))
    assert (rows[0]["distance"], rows[0]["name"], rows[0]["kind"]) == ("0", "William Burns", "entity")
    assert {r["distance"] for r in rows[1:]} == {"1"}
    assert {"name": MEETING, "kind": "event", "date": "2022-11-14"}.items() <= next(
        r for r in rows if r["name"] == MEETING
    ).items()
    deeper = rows_of(invoke("analyze", "ego", "Burns", "-f", "csv", "--store", examples_store))
    assert "Sergei Naryshkin" in {r["name"] for r in deeper if r["distance"] == "2"}


def test_analyze_timeline_of_an_actor(examples_store):
    rows = json.loads(invoke("analyze", "timeline", "--actor", "Naryshkin", "-f", "json",
                             "--store", examples_store).stdout)  # fmt: skip
    meeting = next(r for r in rows if r["event"] == MEETING)
    assert {k: meeting[k] for k in ("date", "type", "category", "participants", "place", "cameo")} == {
        "date": "2022-11-14", "type": "MeetingThirdLocation", "category": "Meeting",
        "participants": "Sergei Naryshkin; William Burns", "place": "Ankara", "cameo": "044",
    }  # fmt: skip
    assert all("Sergei Naryshkin" in r["participants"] for r in rows)


def test_analyze_timeline_is_in_date_order_within_bounds(examples_store):
    rows = rows_of(invoke("analyze", "timeline", "--since", "2021", "--until", "2022-06", "-f", "csv",
                          "--store", examples_store))  # fmt: skip
    dates = [r["date"] for r in rows]
    assert dates and dates == sorted(dates)
    assert all(d >= "2021" and d[:7] <= "2022-06" for d in dates)
    assert "2021-06-16" in dates


def test_analyze_timeline_by_country(examples_store):
    rows = rows_of(
        invoke("analyze", "timeline", "--country", "Russia", "-f", "csv", "--store", examples_store)
    )
    assert MEETING in {r["event"] for r in rows}
    assert all(r["event"] for r in rows)


def test_analyze_dyads(examples_store):
    rows = rows_of(invoke("analyze", "dyads", "-f", "csv", "--store", examples_store))
    assert list(rows[0]) == ["country_a", "country_b", "category", "events", "goldstein"]
    meeting = next(
        r
        for r in rows
        if (r["country_a"], r["country_b"], r["category"]) == ("Russia", "United States", "Meeting")
    )
    assert int(meeting["events"]) >= 1
    counts = [int(r["events"]) for r in rows]
    assert counts == sorted(counts, reverse=True)


def test_analyze_on_an_empty_store_gives_no_rows():
    assert invoke("analyze", "actors", "--store", "memory").stdout == ""
    assert invoke("analyze", "dyads", "-f", "csv", "--store", "memory").stdout == (
        "country_a,country_b,category,events,goldstein\n"
    )
    assert invoke("analyze", "timeline", "-f", "json", "--store", "memory").stdout == "[]\n"


@pytest.mark.parametrize(
    "args",
    [
        ("ego", "Burns", "--depth", "-1"),
        ("actors", "--limit", "0"),
        ("path", "Burns"),
        ("actors", "--min-confidence", "2"),
    ],
)
def test_analyze_usage_errors(args):
    result = invoke("analyze", *args, "--store", "memory")
    assert result.exit_code == 2
    assert "Error: " in result.stderr


@pytest.mark.parametrize(("args", "magic"), [
    (("timeline",), b"\x89PNG"),
    (("timeline", "--country", "Russia"), b"<?xml"),
    (("dyads",), b"\x89PNG"),
    (("dyads", "--value", "goldstein", "--top", "5"), b"<?xml"),
])  # fmt: skip
def test_plot_writes_png_and_svg_with_the_same_bytes_each_time(examples_store, tmp_path, args, magic):
    suffix = "png" if magic.startswith(b"\x89") else "svg"
    first, second = tmp_path / f"a.{suffix}", tmp_path / f"b.{suffix}"
    for target in (first, second):
        result = invoke("plot", *args, "-o", str(target), "--store", examples_store)
        assert result.exit_code == 0, result.output
        assert result.stderr == f"Wrote {target}\n"
    assert first.read_bytes().startswith(magic)
    assert first.read_bytes() == second.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == [first.name, second.name]


def test_plot_dyads_svg_names_the_countries(examples_store, tmp_path):
    target = tmp_path / "d.svg"
    invoke("plot", "dyads", "-o", str(target), "--store", examples_store)
    text = target.read_text("utf-8")
    assert "<svg" in text and "Russia" in text and "United States" in text


@pytest.mark.parametrize(("args", "message"), [
    (("timeline", "-o", "{tmp}/chart.jpg"), "Error: {tmp}/chart.jpg: write the chart to a .png or .svg file"),
    (("timeline", "--actor", "Nobody Atall", "-o", "{tmp}/c.png"),
     "Error: No entity named 'Nobody Atall' in the graph."),
])  # fmt: skip
def test_plot_bad_input_is_one_line_and_writes_nothing(examples_store, tmp_path, args, message):
    result = invoke("plot", *(a.format(tmp=tmp_path) for a in args), "--store", examples_store)
    assert_one_error(result)
    assert result.stderr == message.format(tmp=tmp_path) + "\n"
    assert list(tmp_path.iterdir()) == []


def test_plot_of_an_empty_store_is_one_line(tmp_path):
    for kind, message in (
        ("timeline", "no dated events to plot"),
        ("dyads", "no events between two countries"),
    ):
        result = invoke("plot", kind, "-o", str(tmp_path / "c.png"), "--store", "memory")
        assert_one_error(result)
        assert result.stderr.startswith(f"Error: {message}")
    assert list(tmp_path.iterdir()) == []


def test_plot_needs_an_output():
    result = invoke("plot", "timeline", "--store", "memory")
    assert result.exit_code == 2
    assert "Missing option '--output'" in result.stderr


# -- output paths and query files ------------------------------------------------------------------------
@pytest.mark.parametrize("args", [
    ("export", "-o", "{missing}/graph.ttl"),
    ("export", "-f", "graphml", "-o", "{missing}/graph.graphml"),
    ("view", "-o", "{missing}/graph.html"),
    ("plot", "dyads", "-o", "{missing}/dyads.png"),
])  # fmt: skip
def test_writing_into_a_missing_folder_is_one_line(store, tmp_path, args):
    missing = tmp_path / "no" / "such"
    args = tuple(a.format(missing=missing) for a in args)
    result = invoke(*args, "--store", store)
    assert_one_error(result)
    assert result.stderr == f"Error: {args[-1]}: No such file or directory\n"


def test_query_file_that_is_not_utf8(store, tmp_path):
    path = tmp_path / "bad.rq"
    path.write_bytes(b"SELECT * WHERE { ?s ?p \xff }")
    result = invoke("query", str(path), "--store", store)
    assert_one_error(result)
    assert result.stderr == f"Error: {path} is not UTF-8 text; save the query as UTF-8\n"


@pytest.mark.parametrize("text", ["", "  \n"])
def test_empty_query_from_stdin(store, text):
    result = invoke("query", "-", "--store", store, input=text)
    assert_one_error(result)
    assert result.stderr == (
        "Error: the query is empty; give a SPARQL query, a .rq file, - for stdin, or --name NAME\n"
    )


def test_traceback_flag_shows_the_traceback(store):
    from kg.errors import QueryError

    with pytest.raises(QueryError):
        invoke("--traceback", "query", "SELECTX", "--store", store)


# -- reading commands: read-only, never creating a store, saying when it is empty -------------------
READING = [
    ("query", "--name", "meetings"),
    ("export", "-o", "{tmp}/graph.ttl"),
    ("view", "-o", "{tmp}/graph.html"),
    ("stats",),
    ("docs",),
    ("validate",),
    ("analyze", "actors"),
    ("plot", "dyads", "-o", "{tmp}/dyads.png"),
]
EMPTY = "store {store} holds no documents; kg ingest FILE first\n"


@pytest.mark.parametrize("args", READING, ids=lambda a: " ".join(a[:2]))
def test_reading_a_folder_that_is_no_store_changes_nothing(tmp_path, args):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "todo.txt").write_text("buy milk\n")
    result = invoke(*(a.format(tmp=tmp_path) for a in args), "--store", str(folder))
    assert_one_error(result)
    assert result.stderr == (
        f"Error: {folder} is not a kg store (no store files in it): give the folder kg ingest wrote, "
        f"or ingest into this one (kg ingest FILE --store {folder})\n"
    )
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["notes", "todo.txt"]


@pytest.mark.parametrize("args", READING, ids=lambda a: " ".join(a[:2]))
def test_reading_a_missing_store_creates_nothing(tmp_path, args):
    missing = tmp_path / "kg-store"
    result = invoke(*(a.format(tmp=tmp_path) for a in args), "--store", str(missing))
    assert_one_error(result)
    assert result.stderr == (
        f"Error: no store at {missing}: ingest articles first (kg ingest FILE --store {missing})\n"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def emptied_store(own_store) -> str:
    """An on-disk store whose documents were all removed (the vocabulary graph stays)."""
    assert invoke("remove", *doc_ids(own_store), "--store", own_store).exit_code == 0
    return own_store


@pytest.mark.parametrize(("args", "stdout"), [
    (("query", "--name", "meetings", "-f", "csv"), "date,what,who,host,where,cameo,event\n"),
    (("docs", "-f", "json"), "[]\n"),
    (("validate",), "Conforms.\n"),
    (("analyze", "timeline", "-f", "json"), "[]\n"),
])  # fmt: skip
def test_reading_an_empty_store_says_so_on_stderr(emptied_store, args, stdout):
    result = invoke(*args, "--store", emptied_store)
    assert result.exit_code == 0
    assert result.stdout == stdout
    assert result.stderr == EMPTY.format(store=emptied_store)


def test_stats_of_an_empty_store_says_so_after_the_counts(emptied_store):
    result = invoke("stats", "-f", "json", "--store", emptied_store)
    assert result.exit_code == 0
    counts = {row["what"]: row["count"] for row in json.loads(result.stdout)}
    assert counts["documents"] == counts["events"] == 0
    assert counts["triples"] > 0  # the vocabulary graph stays
    assert result.stderr == EMPTY.format(store=emptied_store)


@pytest.mark.parametrize("fmt", ["turtle", "nquads", "graphml"])
@pytest.mark.parametrize("spec", ["memory", "emptied"])
def test_export_of_an_empty_store_writes_nothing_and_exits_1(emptied_store, tmp_path, fmt, spec):
    spec = emptied_store if spec == "emptied" else spec
    out = tmp_path / "out"
    out.mkdir()
    for output in ("-", str(out / "graph.x")):
        result = invoke("export", "-f", fmt, "-o", output, "--store", spec)
        assert_one_error(result)
        assert result.stderr == "Error: " + EMPTY.format(store=spec)
    assert list(out.iterdir()) == []


def test_the_empty_store_line_is_not_added_to_an_error():
    result = invoke("analyze", "path", "Nobody Atall", "Somebody Else", "--store", "memory")
    assert_one_error(result)
    assert "holds no documents" not in result.stderr


def test_the_empty_store_line_on_the_memory_store():
    result = invoke("query", "ASK { ?s ?p ?o }", "-f", "json", "--store", "memory")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["boolean"] is False
    assert result.stderr == EMPTY.format(store="memory")


def test_a_store_is_not_empty_when_it_holds_documents(store):
    result = invoke("stats", "--store", store)
    assert result.exit_code == 0
    assert result.stderr == ""


@pytest.fixture
def read_only_store(base_store, tmp_path):
    """A copy of the module store on a file system mounted read-only (root), or in a folder
    without write permission (other users)."""
    import os
    import subprocess

    where = tmp_path / "ro"
    where.mkdir()
    if os.geteuid() == 0:
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(where)],
                                 capture_output=True, text=True)  # fmt: skip
        if mounted.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
        shutil.copytree(base_store, where / "store")
        subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True)
        try:
            yield where / "store"
        finally:
            subprocess.run(["umount", "-l", str(where)], check=False)
    else:
        shutil.copytree(base_store, where / "store")
        for path in [where / "store", *(where / "store").iterdir()]:
            path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield where / "store"
        finally:
            for path in [where / "store", *(where / "store").iterdir()]:
                path.chmod(0o755 if path.is_dir() else 0o644)


def test_a_store_the_user_may_not_write_can_be_read(read_only_store, store, tmp_path):
    spec = str(read_only_store)
    assert invoke("query", PEOPLE, "-f", "csv", "--store", spec).stdout == EXPECTED["csv"]
    assert invoke("export", "-f", "nquads", "--store", spec).stdout_bytes == snapshot(store)
    for args in (("stats",), ("docs",), ("validate",), ("view", "-o", str(tmp_path / "g.html"))):
        result = invoke(*args, "--store", spec)
        assert result.exit_code == 0, result.output
        assert "Error" not in result.stderr
    written = invoke("remove", "ankara-talks", "--store", spec)
    assert_one_error(written)
    assert written.stderr.startswith(f"Error: cannot open store {spec} (")


def test_exit_statuses_are_the_documented_ones():
    from kg.errors import ExitStatus, KGError

    assert [int(s) for s in ExitStatus] == [0, 1, 2, 130]
    assert KGError.exit_code is ExitStatus.ERROR
    assert invoke("query", "--store", "memory").exit_code == ExitStatus.USAGE


@pytest.mark.parametrize("args", [("remove", "some-doc"), ("serve", "--port", "0")])
def test_commands_that_need_a_store_do_not_make_one_in_any_folder(tmp_path, args):
    folder = tmp_path / "notes"
    folder.mkdir()
    result = invoke(*args, "--store", str(folder))
    assert_one_error(result)
    assert result.stderr.startswith(f"Error: {folder} is not a kg store (no store files in it): ")
    assert list(folder.iterdir()) == []


def test_compact_writes_a_smaller_copy_holding_the_same_quads(own_store, tmp_path):
    before = snapshot(own_store)
    target = tmp_path / "archive" / "kg-copy"
    result = invoke("compact", str(target), "--store", own_store)
    assert result.exit_code == 0, result.output
    quads = len(before.splitlines())
    said = rf"Compacted {quads:,} quads into {re.escape(str(target))}: [\d.]+ MB \(0\.\d\d of [\d.]+ MB\)\n"
    assert re.fullmatch(said, result.stderr), result.stderr
    assert snapshot(str(target)) == before == snapshot(own_store)  # the source is left as it is
    assert [p.name for p in target.parent.iterdir()] == ["kg-copy"]  # no partial folder left
    assert invoke("query", PEOPLE, "-f", "csv", "--store", str(target)).stdout == EXPECTED["csv"]
    for where, message in (
        (str(target), f"Error: {target} already exists: give a new folder for the compacted store\n"),
        (str(Path(own_store) / "inside"),
         f"Error: the compacted store goes into a new folder outside the store {own_store}\n"),
    ):  # fmt: skip
        refused = invoke("compact", where, "--store", own_store)
        assert (refused.exit_code, refused.stderr) == (1, message)
    memory = invoke("compact", str(tmp_path / "m"), "--store", "memory")
    assert (memory.exit_code, memory.stderr) == (
        1, "Error: kg compact copies an on-disk store folder; a memory store has none\n"
    )  # fmt: skip
    assert not (tmp_path / "m").exists() and not (Path(own_store) / "inside").exists()
    assert snapshot(own_store) == before
