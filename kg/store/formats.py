"""RDF serialization formats by name: deterministic export and all-or-nothing parsing.

Export works on pyoxigraph quads whatever the backend, so the same data gives the same
bytes from an embedded, a memory or a remote store: ``write`` sorts a copy of the quads it is
given; ``stream`` writes the same bytes from a pyoxigraph store's indexes one subject at a
time, holding only the sorted subjects (and the few quads with blank nodes) in memory.
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
    """Serialize quads sorted (graph for TriG / N-Quads, subject, rdf:type first, predicate,
    object); for turtle, ntriples and jsonld each triple once whatever its graph."""
    name = format_name(fmt, EXPORT_FORMATS)
    quads = canonical(quads)
    if name in DATASET_FORMATS:
        items = sorted(quads, key=lambda q: (_graph_key(q.graph_name), *_triple_key(q)))
    else:
        unique = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
        items = sorted(unique, key=_triple_key)
    _serialize(items, name, out, base)


def stream(store: ox.Store, fmt: str, out: BinaryIO, base: str, leave_out: frozenset = frozenset()) -> bool:
    """Write what ``write`` writes for the store's quads (less those whose predicate is in
    ``leave_out``), byte for byte, without a copy of the store: the subjects are listed and
    sorted, then each one's quads are read from the index, sorted and handed to Oxigraph's
    serializer as they come. Quads with blank nodes (few: the vocabulary's OWL lists) are
    read first and named canonically as ``canonical`` names them: RDFC-1.0 labels depend
    only on the quads that hold blank nodes. False, having written nothing, for a store
    this does not cover (quads in the default graph, a blank-node graph name)."""
    name = format_name(fmt, EXPORT_FORMATS)
    if next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None:
        return False
    graphs = sorted(store.named_graphs(), key=str)
    if any(isinstance(g, ox.BlankNode) for g in graphs):
        return False
    dataset = name in DATASET_FORMATS
    subjects: dict[object, set] = {}  # graph (None for the union) → subjects
    if dataset:
        for row in store.query("SELECT DISTINCT ?g ?s WHERE { GRAPH ?g { ?s ?p ?o } }"):
            subjects.setdefault(row[0], set()).add(row[1])
    else:
        subjects[None] = {row[0] for row in store.query("SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } }")}
    blanks = {b for found in subjects.values() for b in found if isinstance(b, ox.BlankNode)}
    objects = "SELECT DISTINCT ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isBlank(?o)) }"
    blanks.update(row[0] for row in store.query(objects))
    blank_quads = {
        q
        for b in blanks
        for pattern in ((b, None, None), (None, None, b))
        for q in store.quads_for_pattern(*pattern, None)
        if q.predicate not in leave_out
    }
    named: dict[tuple, list[ox.Quad]] = {}  # (graph or None, subject) → canonically named quads
    touched: set[tuple] = set()  # (graph or None, IRI subject) with a blank-node object
    for q in canonical(blank_quads) if blank_quads else ():
        named.setdefault((q.graph_name if dataset else None, q.subject), []).append(q)
    for q in blank_quads:
        if not isinstance(q.subject, ox.BlankNode):
            touched.add((q.graph_name if dataset else None, q.subject))
    for graph, subject in named:
        subjects[graph].add(subject)

    def items():
        for graph in graphs if dataset else [None]:
            for subject in sorted(subjects.get(graph, ()), key=str):
                found = named.get((graph, subject), [])
                if not isinstance(subject, ox.BlankNode):
                    quads = store.quads_for_pattern(subject, None, None, graph)
                    if (graph, subject) in touched:
                        quads = [q for q in quads if not isinstance(q.object, ox.BlankNode)]
                    found = [*found, *quads] if found else quads
                if dataset:
                    yield from sorted(found, key=_quad_order)
                    continue
                unique = {q.triple for q in found if q.predicate not in leave_out}
                yield from sorted(unique, key=_quad_order)

    _serialize(items(), name, out, base)
    return True


def _serialize(items: Iterable, name: str, out: BinaryIO, base: str) -> None:
    """Oxigraph's serializer writing ``items`` (in their order) to ``out`` as they come, the
    prefix lines put in a fixed order and JSON-LD compacted with the project's prefixes."""
    if name == "jsonld":
        _write_jsonld(items, out, project_prefixes(base))
        return
    prefixes = None if name in ("ntriples", "nquads") else export_prefixes(base)
    target = _PrefixLines(out, prefixes) if prefixes else out
    ox.serialize(items, target, format=EXPORT_FORMATS[name], prefixes=prefixes)
    if prefixes:
        target.close()


class _PrefixLines:
    """A writer that holds back the first lines Oxigraph writes (its @prefix lines, in hash
    order) until it has them all, writes them as ``_sorted_prefix_lines`` orders them, then
    passes everything else through."""

    def __init__(self, out: BinaryIO, prefixes: dict[str, str]) -> None:
        self.out, self.lines = out, len(prefixes)
        self.prefixes = prefixes
        self.head: bytearray | None = bytearray()

    def write(self, data: bytes) -> int:
        if self.head is None:
            self.out.write(data)
            return len(data)
        self.head += data
        if self.head.count(b"\n") >= self.lines:
            self._release()
        return len(data)

    def flush(self) -> None:
        return None  # the head is held back until it is complete

    def close(self) -> None:
        if self.head is not None:
            self._release()

    def _release(self) -> None:
        data, self.head = bytes(self.head), None
        end = 0
        for _ in range(self.lines):
            end = data.find(b"\n", end) + 1
            if not end:
                self.out.write(_sorted_prefix_lines(data, self.prefixes))
                return
        self.out.write(_sorted_prefix_lines(data[:end], self.prefixes))
        self.out.write(data[end:])


def _write_jsonld(items: Iterable[ox.Triple], out: BinaryIO, prefixes: dict[str, str]) -> None:
    """``compact_jsonld`` of Oxigraph's JSON-LD for ``items``, written a batch of subjects
    at a time (Oxigraph writes one node per run of triples with the same subject, so a batch
    that ends where a subject does gives the nodes the whole would)."""
    context = json.dumps(dict(sorted(prefixes.items())), ensure_ascii=False, indent=1)
    out.write(('{\n "@context": ' + context.replace("\n", "\n ") + ',\n "@graph": [').encode("utf-8"))
    compact = _jsonld_compactor(prefixes)
    first = True
    batch: list[ox.Triple] = []

    def flush() -> None:
        nonlocal first
        data = ox.serialize(batch, format=ox.RdfFormat.JSON_LD)
        batch.clear()
        for node in json.loads(data or b"[]"):
            text = json.dumps(compact(node), ensure_ascii=False, indent=1).replace("\n", "\n  ")
            out.write((("\n  " if first else ",\n  ") + text).encode("utf-8"))
            first = False

    for triple in items:
        if len(batch) >= 2_000 and triple.subject != batch[-1].subject:
            flush()
        batch.append(triple)
    if batch:
        flush()
    out.write(b"]\n}\n" if first else b"\n ]\n}\n")


def compact_jsonld(data: bytes, prefixes: dict[str, str]) -> bytes:
    """Oxigraph's expanded JSON-LD with an ``@context`` of the project's prefixes and every
    IRI that falls under one written as ``prefix:local`` (``rdf:type`` as ``@type``); it
    expands back to the same triples. Keys and nodes keep their (sorted) order."""
    compact = _jsonld_compactor(prefixes)
    nodes = [compact(node) for node in json.loads(data or b"[]")]
    document = {"@context": dict(sorted(prefixes.items())), "@graph": nodes}
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"


def _jsonld_compactor(prefixes: dict[str, str]):
    """The function that compacts one node of Oxigraph's expanded JSON-LD (``compact_jsonld``)."""
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

    def node_of(node: dict) -> dict:
        out: dict = {}
        for key, values in node.items():
            if key == "@id":
                out["@id"] = compact(values)
            elif key == RDF_TYPE and all("@id" in v for v in values):
                out["@type"] = [compact(v["@id"]) for v in values]
            else:
                out[compact(key)] = [value(v) for v in values]
        return out

    return node_of


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


def _quad_order(q: ox.Triple | ox.Quad) -> tuple[bool, str, str]:
    """``_triple_key`` within one subject (and graph)."""
    predicate = q.predicate.value
    return (predicate != RDF_TYPE, predicate, str(q.object))


def _graph_key(g: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> str:
    return "" if isinstance(g, ox.DefaultGraph) else str(g)
