"""kg.output.render_rows: every format, SPARQL terms and plain rows."""

from __future__ import annotations

import io
import json

import pytest
from rdflib import XSD, BNode, Literal, URIRef

from kg.errors import KGError
from kg.output import FORMATS, render_result, render_rows, wide_columns
from kg.store import open_store
from kg.store.prefixes import shorten

KG = "https://w3id.org/kg-diplomacy/id/"
VARS = ["who", "label", "n", "missing"]
ROWS = [
    {"who": URIRef(f"{KG}person/william-burns"), "label": Literal("William Burns", lang="en"),
     "n": Literal(12), "missing": None},
    {"who": URIRef("https://example.org/x y"), "label": Literal("tab\there"),
     "n": Literal("0.5", datatype=XSD.decimal), "missing": None},
    {"who": BNode("b0"), "label": Literal("a, \"quoted\"\nline"), "n": Literal(3),
     "missing": None},
]  # fmt: skip


def render(fmt, variables=VARS, rows=ROWS, **kw) -> str:
    out = io.StringIO()
    render_rows(variables, rows, fmt, out, **kw)
    return out.getvalue()


def test_table_is_aligned_with_short_iris():
    assert render("table").splitlines() == [
        "who                        label               n  missing",
        "-------------------------  ----------------  ---  -------",
        "kgid:person/william-burns  William Burns      12",
        "<https://example.org/x y>  tab here          0.5",
        '_:b0                       a, "quoted" line    3',
    ]


def test_csv_keeps_full_values_and_quotes():
    assert render("csv") == (
        "who,label,n,missing\n"
        f"{KG}person/william-burns,William Burns,12,\n"
        "https://example.org/x y,tab\there,0.5,\n"
        '_:b0,"a, ""quoted""\nline",3,\n'
    )


def test_tsv_escapes_tabs_and_newlines():
    assert render("tsv").splitlines() == [
        "who\tlabel\tn\tmissing",
        f"{KG}person/william-burns\tWilliam Burns\t12\t",
        "https://example.org/x y\ttab\\there\t0.5\t",
        '_:b0\ta, "quoted"\\nline\t3\t',
    ]


def test_json_for_sparql_rows_is_sparql_results_json():
    doc = json.loads(render("json"))
    assert doc["head"] == {"vars": VARS}
    assert doc["results"]["bindings"][0] == {
        "who": {"type": "uri", "value": f"{KG}person/william-burns"},
        "label": {"type": "literal", "value": "William Burns", "xml:lang": "en"},
        "n": {"type": "literal", "value": "12", "datatype": str(XSD.integer)},
    }
    assert doc["results"]["bindings"][2]["who"] == {"type": "bnode", "value": "b0"}


def test_json_for_plain_rows_is_a_list():
    rows = [{"node": "russia", "degree": 3, "score": 0.25}]
    assert json.loads(render("json", ["node", "degree", "score"], rows)) == rows
    assert render("json", ["node"], []) == "[]\n"
    assert json.loads(render("json", ["node"], [], sparql=True)) == {
        "head": {"vars": ["node"]}, "results": {"bindings": []},
    }  # fmt: skip


def test_jsonl_gives_plain_values():
    lines = [json.loads(line) for line in render("jsonl").splitlines()]
    assert lines[0] == {
        "who": f"{KG}person/william-burns", "label": "William Burns", "n": 12, "missing": None,
    }  # fmt: skip
    assert lines[1]["n"] == 0.5


def test_empty_result():
    assert render("table", rows=[]) == ""
    assert render("jsonl", rows=[]) == ""
    assert render("csv", rows=[]) == "who,label,n,missing\n"


def test_unknown_format_lists_the_valid_ones():
    with pytest.raises(KGError, match="table, csv, tsv, json, jsonl"):
        render("xml")
    assert FORMATS == ("table", "csv", "tsv", "json", "jsonl")


def test_render_result_from_the_store():
    with open_store("memory") as store:
        store.update("INSERT DATA { GRAPH <http://g> { <http://a> <http://b> 'c' } }")
        out = io.StringIO()
        render_result(store.query("ASK { ?s ?p 'c' }"), "json", out)
        assert json.loads(out.getvalue()) == {"head": {}, "boolean": True}
        out = io.StringIO()
        render_result(store.query("SELECT ?o WHERE { ?s ?p ?o }"), "table", out)
        assert out.getvalue() == "o\n-\nc\n"


def test_shorten():
    assert shorten("https://schema.org/url") == "schema:url"
    assert shorten("https://w3id.org/kg-diplomacy/ontology#Person") == "dip:Person"
    assert shorten("http://example.org/x") == "<http://example.org/x>"


# -- table width and --wide columns ----------------------------------------------------------
WIDE_ROWS = [
    {"date": "2021-06-16", "who": "Joe Biden; Vladimir Putin; " * 3, "event": f"{KG}event/summit-0c1df5a867"},
    {"date": None, "who": "BRICS", "event": f"{KG}event/summit-1e2d205375"},
]


def test_table_cuts_its_widest_cells_to_fit_the_width():
    lines = render("table", ["date", "who"], WIDE_ROWS, width=40).splitlines()
    assert lines == [
        "date        who",
        "----------  ----------------------------",
        "2021-06-16  Joe Biden; Vladimir Putin; …",
        "            BRICS",
    ]
    assert max(len(line) for line in lines) == 40


def test_table_fits_100_columns_when_not_a_terminal(monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    rows = [{"a": "x" * 80, "b": "y" * 80}]
    lines = render("table", ["a", "b"], rows).splitlines()
    assert [len(line) for line in lines] == [52, 100, 100]  # "a", 47 spaces, "  b"
    monkeypatch.setenv("COLUMNS", "60")
    assert max(len(line) for line in render("table", ["a", "b"], rows).splitlines()) == 60


def test_hidden_columns_leave_the_table_only():
    hide = wide_columns("# wide: ?event\nSELECT ?date ?who ?event {}")
    assert hide == ["event"]
    table = render("table", ["date", "who", "event"], WIDE_ROWS, hide=hide, width=100)
    assert "event" not in table and "summit-" not in table
    csv_text = render("csv", ["date", "who", "event"], WIDE_ROWS, hide=hide)
    assert csv_text.splitlines()[0] == "date,who,event"
    assert f"{KG}event/summit-1e2d205375" in csv_text
