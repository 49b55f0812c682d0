"""Serialize a ``QueryResult`` with pyoxigraph's own writers: SPARQL 1.1 results (JSON, XML,
CSV, TSV) through ``QuerySolutions.serialize``, graphs (Turtle, N-Triples, RDF/XML, JSON-LD)
through ``pyoxigraph.serialize``.

CSV cells and TSV literal texts that a spreadsheet would run as a formula get a leading
``'`` (see ``kg.output.spreadsheet_safe``); JSON, XML and RDF stay exact."""

from __future__ import annotations

import json

import pyoxigraph as ox

from kg.output import spreadsheet_safe
from kg.serve.negotiate import RDF_FORMAT, RESULTS_FORMAT
from kg.store.results import QueryResult
from kg.store.terms import to_ox


def serialize(result: QueryResult, fmt: str, prefixes: dict[str, str] | None = None) -> bytes:
    """The result in ``fmt`` (a name in ``RESULTS_FORMAT`` or ``RDF_FORMAT``); Turtle output
    declares ``prefixes``."""
    if result.kind == "graph":
        triples = [
            ox.Triple(to_ox(r["subject"]), to_ox(r["predicate"]), to_ox(r["object"])) for r in result.rows
        ]
        options = {"prefixes": prefixes} if fmt == "turtle" and prefixes else {}
        return ox.serialize(triples, format=RDF_FORMAT[fmt], **options) or b""
    document = result.to_sparql_json()
    if fmt in ("csv", "tsv"):
        for binding in document.get("results", {}).get("bindings", []):
            for term in binding.values():
                if term["type"] == "literal":
                    term["value"] = spreadsheet_safe(term["value"])
    solutions = ox.parse_query_results(
        json.dumps(document, ensure_ascii=False).encode("utf-8"), format=ox.QueryResultsFormat.JSON
    )
    return solutions.serialize(format=RESULTS_FORMAT[fmt]) or b""
