"""Serialize a ``QueryResult`` as SPARQL 1.1 results (JSON, CSV, TSV, XML) or RDF.

CSV cells and TSV literal texts that a spreadsheet would run as a formula get a leading
``'`` (see ``kg.output.spreadsheet_safe``); JSON, XML and RDF stay exact."""

from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.output import FORMULA_START, spreadsheet_safe
from kg.store.results import QueryResult
from kg.store.terms import to_ox

SPARQL_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"


def serialize(result: QueryResult, fmt: str, prefixes: dict[str, str] | None = None) -> bytes:
    """The result in ``fmt`` ("json", "csv", "tsv", "xml", "turtle", "ntriples"); Turtle
    output declares ``prefixes``."""
    if result.kind == "graph":
        triples = [
            ox.Triple(to_ox(r["subject"]), to_ox(r["predicate"]), to_ox(r["object"])) for r in result.rows
        ]
        if fmt == "ntriples":
            return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes) or b""
    writer = {"json": _json, "csv": _csv, "tsv": _tsv, "xml": _xml}[fmt]
    return writer(result).encode("utf-8")


def _json(result: QueryResult) -> str:
    return json.dumps(result.to_sparql_json(), ensure_ascii=False)


def _csv(result: QueryResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if result.kind == "ask":
        return "true\r\n" if result.boolean else "false\r\n"
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([spreadsheet_safe(_plain(row.get(v))) for v in result.variables])
    return out.getvalue()


def _plain(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _tsv(result: QueryResult) -> str:
    if result.kind == "ask":
        return "true\n" if result.boolean else "false\n"
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    for row in result.rows:
        cells = (_tsv_cell(row.get(v)) for v in result.variables)
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


def _tsv_cell(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal) and str(term).startswith(FORMULA_START):
        safe = spreadsheet_safe(str(term))
        if safe != str(term):  # the text inside the quotes, keeping the term's syntax
            term = Literal(safe, lang=term.language, datatype=term.datatype)
    return str(to_ox(term))


def _xml(result: QueryResult) -> str:
    parts = ['<?xml version="1.0"?>\n', f'<sparql xmlns="{SPARQL_RESULTS_NS}">\n<head>\n']
    if result.kind == "ask":
        parts.append(f"</head>\n<boolean>{'true' if result.boolean else 'false'}</boolean>\n</sparql>\n")
        return "".join(parts)
    parts.extend(f"  <variable name={quoteattr(v)}/>\n" for v in result.variables)
    parts.append("</head>\n<results>\n")
    for row in result.rows:
        parts.append("  <result>\n")
        for var in result.variables:
            term = row.get(var)
            if term is not None:
                parts.append(f"    <binding name={quoteattr(var)}>{_xml_term(term)}</binding>\n")
        parts.append("  </result>\n")
    parts.append("</results>\n</sparql>\n")
    return "".join(parts)


def _xml_term(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    if isinstance(term, Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(str(term))}</literal>"
        if term.datatype is not None:
            datatype = quoteattr(str(term.datatype))
            return f"<literal datatype={datatype}>{escape(str(term))}</literal>"
        return f"<literal>{escape(str(term))}</literal>"
    raise TypeError(f"unsupported RDF term {term!r}")
