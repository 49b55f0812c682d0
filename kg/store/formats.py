"""RDF serialization formats by name: deterministic export and all-or-nothing parsing.

Export works on pyoxigraph quads whatever the backend, so the same data gives the same
bytes from an embedded, a memory or a remote store.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import BinaryIO

import pyoxigraph as ox

from kg.errors import QueryError
from kg.store.prefixes import project_prefixes
from kg.store.sparql import one_line

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

EXPORT_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}
IMPORT_FORMATS: dict[str, ox.RdfFormat] = {**EXPORT_FORMATS, "rdfxml": ox.RdfFormat.RDF_XML}
DATASET_FORMATS = {"trig", "nquads"}
ALIASES = {
    "ttl": "turtle", "nt": "ntriples", "nq": "nquads", "json-ld": "jsonld",
    "n-triples": "ntriples", "n-quads": "nquads", "xml": "rdfxml", "rdf": "rdfxml",
}  # fmt: skip


def format_name(fmt: str, table: dict[str, ox.RdfFormat]) -> str:
    """The canonical format name, or QueryError listing the valid ones."""
    name = ALIASES.get(fmt.lower(), fmt.lower())
    if name not in table:
        raise QueryError(f"unknown RDF format {fmt!r}: use one of {', '.join(table)}")
    return name


def export_prefixes(base: str) -> dict[str, str]:
    """Project prefixes for output; ``rdf:`` is left out because Turtle writes ``a``."""
    return {p: ns for p, ns in project_prefixes(base).items() if p != "rdf"}


def write(quads: Iterable[ox.Quad], fmt: str, out: BinaryIO, base: str) -> None:
    """Serialize quads sorted (subject, rdf:type first, predicate, object)."""
    name = format_name(fmt, EXPORT_FORMATS)
    quads = canonical(quads)
    if name in DATASET_FORMATS:
        items = sorted(quads, key=lambda q: (_graph_key(q.graph_name), *_triple_key(q)))
    else:
        unique = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
        items = sorted(unique, key=_triple_key)
    prefixes = None if name in ("ntriples", "nquads") else export_prefixes(base)
    data = ox.serialize(items, format=EXPORT_FORMATS[name], prefixes=prefixes)
    if name == "jsonld":
        out.write(compact_jsonld(data, project_prefixes(base)))
        return
    out.write(_sorted_prefix_lines(data, prefixes) if prefixes else data)


def compact_jsonld(data: bytes, prefixes: dict[str, str]) -> bytes:
    """Oxigraph's expanded JSON-LD with an ``@context`` of the project's prefixes and every
    IRI that falls under one written as ``prefix:local`` (``rdf:type`` as ``@type``); it
    expands back to the same triples. Keys and nodes keep their (sorted) order."""
    spaces = sorted(prefixes.items(), key=lambda item: -len(item[1]))

    def compact(iri: str) -> str:
        if iri.startswith("_:"):
            return iri
        for prefix, ns in spaces:
            local = iri[len(ns) :]
            if iri.startswith(ns) and local and not local.startswith("//"):
                return f"{prefix}:{local}"
        return iri

    def value(item: dict) -> dict:
        if "@id" in item:
            return {"@id": compact(item["@id"])}
        if "@type" in item:
            return {**item, "@type": compact(item["@type"])}
        return item

    nodes = []
    for node in json.loads(data or b"[]"):
        out: dict = {}
        for key, values in node.items():
            if key == "@id":
                out["@id"] = compact(values)
            elif key == RDF_TYPE and all("@id" in v for v in values):
                out["@type"] = [compact(v["@id"]) for v in values]
            else:
                out[compact(key)] = [value(v) for v in values]
        nodes.append(out)
    document = {"@context": dict(sorted(prefixes.items())), "@graph": nodes}
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"


def canonical(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """Quads with blank nodes named canonically (RDFC-1.0) when there are any."""
    items = list(quads)
    if any(_has_bnode(q) for q in items):
        dataset = ox.Dataset(items)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        items = list(dataset)
    return items


def parse(data: bytes, fmt: str, default_graph: str) -> list[ox.Quad]:
    """Parse all of ``data`` before anything is written; one-line QueryError when malformed."""
    name = format_name(fmt, IMPORT_FORMATS)
    target = ox.NamedNode(default_graph)
    try:
        parsed = list(ox.parse(data, format=IMPORT_FORMATS[name], rename_blank_nodes=True))
    except (SyntaxError, ValueError) as error:
        raise QueryError(f"malformed {name}: {one_line(error)}") from None
    return [
        ox.Quad(q.subject, q.predicate, q.object, target)
        if isinstance(q.graph_name, ox.DefaultGraph)
        else q
        for q in parsed
    ]


def _sorted_prefix_lines(data: bytes, prefixes: dict[str, str]) -> bytes:
    """Oxigraph writes @prefix lines in hash order; put them in a fixed order."""
    lines = data.split(b"\n")
    head = [line for line in lines[: len(prefixes)] if line.startswith(b"@prefix ")]
    if len(head) != len(prefixes):
        return data
    ordered = [f"@prefix {p}: <{ns}> .".encode() for p, ns in sorted(prefixes.items())]
    if sorted(ordered) != sorted(head):
        return data
    return b"\n".join([*ordered, b"", *lines[len(prefixes) :]])


def _has_bnode(q: ox.Quad) -> bool:
    return isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)


def _triple_key(t: ox.Triple | ox.Quad) -> tuple[str, int, str, str]:
    predicate = t.predicate.value
    return (str(t.subject), predicate != RDF_TYPE, predicate, str(t.object))


def _graph_key(g: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> str:
    return "" if isinstance(g, ox.DefaultGraph) else str(g)
