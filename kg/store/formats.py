"""RDF serialization formats by name: deterministic export and all-or-nothing parsing.

Export walks an on-disk pyoxigraph store once, graph by graph, in its index order
(``stream``): Oxigraph keys its indexes by fixed hashes of the terms, so the same content
gives the same bytes whatever order it was written in, with memory flat and no sort. Blank
nodes, which Oxigraph labels at random, are named canonically and written last. Memory and
remote stores (``write``) go through a scratch on-disk store, so every backend gives the
same bytes for the same data.
"""

from __future__ import annotations

import functools
import json
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, groupby
from operator import attrgetter
from typing import BinaryIO

import pyoxigraph as ox

from kg.errors import QueryError
from kg.store.prefixes import project_prefixes
from kg.store.sparql import one_line

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
KGS = "https://w3id.org/kg-diplomacy/store#"  # the store's bookkeeping, as in kg.store.base
BOOKKEEPING = frozenset({ox.NamedNode(KGS + "describes"), ox.NamedNode(KGS + "states")})

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
    """Serialize quads exactly as ``stream`` writes a store holding them, so every backend
    gives the same bytes for the same data: through a scratch Oxigraph store in a temporary
    folder (on disk, so its order is its content's; bulk-loaded, so memory stays flat)."""
    name = format_name(fmt, EXPORT_FORMATS)
    with tempfile.TemporaryDirectory(prefix="kg-export-") as folder:
        scratch = ox.Store(folder)
        try:
            scratch.bulk_extend(quads)
            if not stream(scratch, name, out, base, on_disk=True):
                _write_sorted(scratch, name, out, base)
        finally:
            del scratch  # closes RocksDB before its folder goes


def export_folder(folder: str, fmt: str, out: BinaryIO, base: str) -> bool:
    """What ``Store.export`` writes for the on-disk store in ``folder`` (read-only), without
    the ``Store`` layer, which imports rdflib (a fifth of ``kg export``'s memory). False,
    having written nothing, when Oxigraph cannot open the folder or ``stream`` does not
    cover the store: ``Store.export`` then does it, or says why not."""
    name = format_name(fmt, EXPORT_FORMATS)
    try:
        store = ox.Store.read_only(folder)
    except (OSError, RuntimeError):
        return False
    leave_out = frozenset() if name in DATASET_FORMATS else BOOKKEEPING
    return stream(store, name, out, base, leave_out, on_disk=True)


def holds_more_than_vocabulary(folder: str, base: str) -> bool | None:
    """``Store.has_content`` of the on-disk store in ``folder`` (None: Oxigraph cannot open it)."""
    try:
        store = ox.Store.read_only(folder)
    except (OSError, RuntimeError):
        return None
    vocabulary = ox.NamedNode(f"{base}graph/vocabulary")
    return any(g != vocabulary and next(iter(store.quads_for_pattern(None, None, None, g)), None)
               for g in store.named_graphs())  # fmt: skip


def _write_sorted(quads: Iterable[ox.Quad], name: str, out: BinaryIO, base: str) -> None:
    """Quads sorted (graph for TriG / N-Quads, subject, rdf:type first, predicate, object):
    for what ``stream`` does not cover (quads in the default graph, blank-node graph names)."""
    quads = canonical(quads)
    if name in DATASET_FORMATS:
        items = sorted(quads, key=lambda q: (_graph_key(q.graph_name), *_triple_key(q)))
    else:
        unique = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
        items = sorted(unique, key=_triple_key)
    _serialize(items, name, out, base)


def stream(
    store: ox.Store,
    fmt: str,
    out: BinaryIO,
    base: str,
    leave_out: frozenset = frozenset(),
    *,
    on_disk: bool | None = None,
) -> bool:
    """Write the store's quads (less those whose predicate is in ``leave_out``) in one pass
    over its indexes, with no copy and no sort: graph by graph (by name), each graph's quads
    in index order. Oxigraph keys its on-disk indexes by fixed hashes of the terms, so the
    same content gives the same order and bytes whatever order it was written in, on every
    machine (with the same Oxigraph). Quads with blank nodes, whose labels Oxigraph draws at
    random per load, are held back, named canonically (RDFC-1.0) and written last, sorted.
    Turtle, N-Triples and JSON-LD get each triple once, in the first graph that holds it.

    ``on_disk``: whether the store is on disk (None: ask it). False, having written nothing,
    for a store in memory (its order is the order of writing) or one this does not cover
    (quads in the default graph, a blank-node graph name)."""
    name = format_name(fmt, EXPORT_FORMATS)
    if not (_on_disk(store) if on_disk is None else on_disk):
        return False
    if next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None:
        return False
    graphs = sorted(store.named_graphs(), key=str)
    if any(isinstance(g, ox.BlankNode) for g in graphs):
        return False
    held: list[ox.Quad] = []  # quads with a blank node, filled by the first pass
    if name == "nquads" and not leave_out:
        for graph in graphs:  # Oxigraph writes each graph's lines; we add the graph name
            lines = _GraphLines(out, graph)
            store.dump(lines, ox.RdfFormat.N_TRIPLES, from_graph=graph)
            held.extend(lines.held())
        ox.serialize(_held(held, dataset=True), out, ox.RdfFormat.N_QUADS)
        return True
    dataset = name in DATASET_FORMATS
    first = _quads(store, graphs, held, leave_out) if dataset else _triples(store, graphs, held, leave_out)
    _serialize(chain(first, _held(held, dataset)), name, out, base)
    return True


def _quads(store: ox.Store, graphs: list, held: list[ox.Quad], leave_out: frozenset) -> Iterator[ox.Quad]:
    """Each graph's quads in index order, those with a blank node put into ``held``."""
    blank = ox.BlankNode
    for graph in graphs:
        for q in store.quads_for_pattern(None, None, None, graph):
            if leave_out and q.predicate in leave_out:
                continue
            if type(q.subject) is blank or type(q.object) is blank:
                held.append(q)
            else:
                yield q


def _triples(store: ox.Store, graphs: list, held: list[ox.Quad], leave_out: frozenset) -> Iterator[ox.Triple]:
    """``_quads`` as triples, each once, a subject's ``rdf:type`` first (Turtle then reads
    ``x a dip:Person ;``). A triple whose subject an earlier graph also has (rare: the store
    keeps each fact once) is looked up, and left out when an earlier graph holds it. Memory:
    a hash per subject and one subject's triples, not the store."""
    blank, rdf_type = ox.BlankNode, ox.NamedNode(RDF_TYPE)
    earlier: set[int] = set()  # hashes of the subjects written from the graphs before
    run: list[ox.Triple] = []  # the current subject's triples other than rdf:type
    for graph in graphs:
        here: set[int] = set()
        last, again, name = None, False, str(graph)
        for q in store.quads_for_pattern(None, None, None, graph):
            predicate = q.predicate
            if leave_out and predicate in leave_out:
                continue
            subject = q.subject
            if type(subject) is blank or type(q.object) is blank:
                held.append(q)
                continue
            if subject != last:
                yield from run
                run.clear()
                last, key = subject, hash(subject)
                here.add(key)
                again = key in earlier
            if again and any(
                str(other.graph_name) < name
                for other in store.quads_for_pattern(subject, predicate, q.object, None)
            ):
                continue
            if predicate == rdf_type:
                yield q.triple
            else:
                run.append(q.triple)
        earlier |= here
    yield from run


def _held(held: list[ox.Quad], dataset: bool) -> Iterator[ox.Quad | ox.Triple]:
    """The held-back quads with blank nodes (complete once the first pass is done), named
    canonically and sorted; as triples, each once, unless ``dataset``."""
    if not held:
        return
    quads = canonical(held)
    if dataset:
        yield from sorted(quads, key=lambda q: (_graph_key(q.graph_name), *_triple_key(q)))
    else:
        yield from sorted({q.triple for q in quads}, key=_triple_key)


class _GraphLines:
    """A writer for the N-Triples ``Store.dump`` writes of one graph: passes them on to
    ``out`` as N-Quads of that graph, a chunk at a time, but keeps back the lines that hold a
    blank node (or ``_:`` in a literal: harmless), for ``held`` to return as quads."""

    def __init__(self, out: BinaryIO, graph: ox.NamedNode) -> None:
        self.out, self.graph = out, graph
        self.end = f" {graph} .\n".encode()  # N-Triples lines end " .\n", never earlier
        self.tail = b""  # a line cut by the end of a chunk
        self.blank: list[bytes] = []

    def write(self, data: bytes) -> int:
        text = self.tail + data
        cut = text.rfind(b"\n") + 1
        self.tail, text = text[cut:], text[:cut]
        if b"_:" in text:
            lines = text.splitlines(keepends=True)
            self.blank += [line for line in lines if b"_:" in line]
            text = b"".join(line for line in lines if b"_:" not in line)
        self.out.write(text.replace(b" .\n", self.end))
        return len(data)

    def flush(self) -> None:
        return None

    def held(self) -> list[ox.Quad]:
        """The lines kept back, as quads of the graph (blank-node labels as the store has them)."""
        if self.tail:
            raise ValueError("Oxigraph's N-Triples did not end with a line break")
        triples = ox.parse(b"".join(self.blank), format=ox.RdfFormat.N_TRIPLES) if self.blank else ()
        return [ox.Quad(t.subject, t.predicate, t.object, self.graph) for t in triples]


def _on_disk(store: ox.Store) -> bool:
    """Whether ``store`` keeps its quads on disk (RocksDB, keys sorted) rather than in memory.
    Oxigraph has no call that says so, but refuses to back up an in-memory store, and a store
    on disk refuses a target that exists (here a file of ours, so nothing is ever copied)."""
    with tempfile.NamedTemporaryFile(prefix="kg-probe-") as target:
        try:
            store.backup(target.name)
        except (OSError, RuntimeError) as error:
            return "in-memory" not in str(error)
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
    """JSON-LD of ``items`` with an ``@context`` of the project's prefixes, every IRI under
    one written ``prefix:local`` and ``rdf:type`` as ``@type``: it expands back to the same
    triples. One node per run of triples with the same subject, one node a line, written as
    the triples come (built as text here: going through Oxigraph's JSON-LD and ``json``
    costs more than the export itself)."""
    context = json.dumps(dict(sorted(prefixes.items())), ensure_ascii=False, indent=1)
    out.write(('{\n "@context": ' + context.replace("\n", "\n ") + ',\n "@graph": [').encode("utf-8"))
    node = _jsonld_node(prefixes)
    separator = "\n  "
    for subject, run in groupby(items, key=attrgetter("subject")):
        out.write((separator + node(subject, run)).encode("utf-8"))
        separator = ",\n  "
    out.write(b"]\n}\n" if separator == "\n  " else b"\n ]\n}\n")


def _jsonld_node(prefixes: dict[str, str]) -> Callable[[ox.Term, Iterable[ox.Triple]], str]:
    """The function that writes one subject's triples as one JSON-LD node (``_write_jsonld``);
    an IRI under a prefix (the longest leaving a local part not starting ``//``) is
    ``prefix:local``, Oxigraph's expanded form otherwise."""
    spaces = sorted(prefixes.items(), key=lambda item: -len(item[1]))
    prefix_of = {ns: prefix for prefix, ns in spaces}
    longest = re.compile("|".join(re.escape(ns) for _, ns in spaces))  # first alternative = longest
    text = json.encoder.encode_basestring  # a str as JSON text (C), as json.dumps writes it
    named, blank = ox.NamedNode, ox.BlankNode

    @functools.lru_cache(maxsize=8192)  # predicates, classes and busy objects recur
    def iri(value: str) -> str:
        found = longest.match(value)
        if found is not None:
            local = value[found.end() :]
            if local and not local.startswith("//"):
                return text(f"{prefix_of[found.group()]}:{local}")
            for prefix, ns in spaces:
                local = value[len(ns) :]
                if value.startswith(ns) and local and not local.startswith("//"):
                    return text(f"{prefix}:{local}")
        return text(value)

    def term(t: ox.Term) -> str:
        return iri(t.value) if type(t) is named else text(f"_:{t.value}")

    def value(o: ox.Term) -> str:
        if type(o) is named or type(o) is blank:
            return '{"@id": ' + term(o) + "}"
        if o.language:
            return '{"@language": ' + text(o.language) + ', "@value": ' + text(o.value) + "}"
        if o.datatype.value == XSD_STRING:
            return '{"@value": ' + text(o.value) + "}"
        return '{"@type": ' + iri(o.datatype.value) + ', "@value": ' + text(o.value) + "}"

    def node(subject: ox.Term, triples: Iterable[ox.Triple]) -> str:
        values: dict[str, list[str]] = {}
        types: list[ox.Term] = []
        for t in triples:
            p, o = t.predicate.value, t.object
            if p == RDF_TYPE and (type(o) is named or type(o) is blank):
                types.append(o)
            else:
                values.setdefault(p, []).append(value(o))
        parts = ['"@id": ' + term(subject)]
        if types and RDF_TYPE not in values:
            parts.append('"@type": [' + ", ".join(term(o) for o in types) + "]")
        elif types:
            values[RDF_TYPE] = [*(value(o) for o in types), *values[RDF_TYPE]]
        parts.extend(iri(p) + ": [" + ", ".join(vs) + "]" for p, vs in values.items())
        return "{" + ", ".join(parts) + "}"

    return node


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
