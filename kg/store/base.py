"""The ``Store`` contract and everything that is the same on every backend.

A backend implements six primitives (run a query, run an update, atomically replace one
named graph, atomically write one document, atomically add quads, list all quads);
documents, stats, export and import are written once here on top of them, so embedded,
memory and remote stores behave alike. Internal queries use ``GRAPH ?g`` so they do not
depend on an endpoint's union setting.

The data shape (each triple stored once, so a plain query over the union default graph,
which Oxigraph evaluates as a bag, sees each fact once):

- ``<base>graph/shared`` holds the descriptions that several documents may state: every
  triple whose subject is not the document's own node (entities, events, participations,
  posts, tenures: types, labels, participants, dates …), each stored once;
- ``<base>graph/<doc_id>`` holds what only that document can say: the document node, its
  extraction run, its mentions and text spans (subjects minted from the doc id), plus its
  record of the shared triples it states: ``<doc> kgs:describes ?x`` for each shared
  subject and one ``<doc> kgs:states "h1 h2 …"``, the sorted hashes of the shared triples
  it states (``kgs:`` is ``https://w3id.org/kg-diplomacy/store#``; see ``statement_hash``).

Why per-document statement hashes rather than reference counts: adding a new document then
only *adds* quads (its graph, its records, its shared triples, a duplicate of a stored quad
being a no-op), so the ingest of a new document is one ``Store.extend`` transaction on the
embedded backend with no read-modify-write of shared counters, and two writers of different
documents never contend on a counter. Removing or replacing a document deletes a shared
triple only when no other document that describes its subject records its hash, a
condition checked inside the same update that deletes it (so it holds against concurrent
writers of a remote store). The record costs one quad per shared subject plus one literal
per document (17 bytes per shared triple), about a third of the quads that restating each
description in every document cost before.
"""

from __future__ import annotations

import functools
import hashlib
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from typing import TYPE_CHECKING, BinaryIO, ClassVar
from urllib.parse import quote, unquote

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import QueryError, StoreError
from kg.ontology.prefixes import DEFAULT_BASE, ENTITY_CLASSES, WELL_KNOWN, sparql_prologue
from kg.store import formats
from kg.store.results import QueryResult
from kg.store.sparql import (
    QueryDataset,
    check_fetches,
    iri_ref,
    is_update,
    one_line,
    refuse_update,
    string_literal,
    with_using,
)
from kg.store.terms import to_ox, to_rdflib

if TYPE_CHECKING:
    from pathlib import Path

    from kg.store.rebuild import Rebuilt

DIP = WELL_KNOWN["dip"]
CONTENT_HASH = URIRef(DIP + "contentHash")
_IRI_SAFE = "/:-._~"  # same as kg.ontology.iris.encode (a test checks they agree)
KGS = "https://w3id.org/kg-diplomacy/store#"  # the store's own bookkeeping (module docstring)
DESCRIBES = ox.NamedNode(KGS + "describes")
STATES = ox.NamedNode(KGS + "states")
BOOKKEEPING = frozenset({DESCRIBES, STATES})
RESERVED_IDS = frozenset({"vocabulary", "shared"})
_CONTENT_HASH = ox.NamedNode(str(CONTENT_HASH))
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

Triple = tuple[Node, Node, Node]
OxTriple = tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, ox.NamedNode | ox.BlankNode | ox.Literal]
Drop = list[tuple[OxTriple, str]]  # shared triples to delete unless another document states them


class Store(ABC):
    """A knowledge-graph store: one named graph per source document, queried as a union.

    >>> from kg.store import open_store
    >>> with open_store("memory") as store:
    ...     store.query("ASK { ?s ?p ?o }").boolean
    False
    """

    name: ClassVar[str]

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        self.base = base

    def refuse_fetches(self, sparql: str, allowed: Sequence[str] = ()) -> None:
        """FederationRefused unless every URL evaluating ``sparql`` would fetch (SERVICE,
        LOAD) is under an ``allowed`` endpoint ("*": any). FROM never fetches: every backend
        reads a FROM graph from the store (an absent one is empty)."""
        check_fetches(sparql, tuple(allowed))

    # -- primitives each backend provides -------------------------------------------------
    @abstractmethod
    def _run_query(
        self, sparql: str, dataset: QueryDataset | None = None, max_rows: int | None = None
    ) -> QueryResult:
        """Run a read query over ``dataset`` when given, else over the query's FROM / FROM
        NAMED graphs when it has them, else over the union of the named graphs; QueryError
        on bad SPARQL. With ``max_rows``, rows (or triples) past ``max_rows + 1`` are not read."""

    @abstractmethod
    def _run_update(self, sparql: str, base_iri: str | None = None) -> None:
        """Run a SPARQL Update in one transaction, relative IRIs against ``base_iri``;
        QueryError on bad SPARQL."""

    @abstractmethod
    def _replace_graph(self, graph_iri: str, triples: list[Triple]) -> None:
        """Make ``graph_iri`` hold exactly ``triples``, all or nothing."""

    @abstractmethod
    def _write_document(self, graph_iri: str, quads: list[ox.Quad], drop: Drop, replace: bool) -> None:
        """One transaction: when ``replace``, empty ``graph_iri`` first and delete each
        ``drop`` triple from the shared graph unless a graph other than ``graph_iri`` records
        its hash (in a ``kgs:states`` record of a node that ``kgs:describes`` the triple's
        subject); then add ``quads`` (a quad already stored is a no-op)."""

    @abstractmethod
    def _add_quads(self, quads: list[ox.Quad]) -> None:
        """Add quads, all or nothing."""

    @abstractmethod
    def _quads(self) -> Iterable[ox.Quad]:
        """Every quad in the store (pyoxigraph terms)."""

    def close(self) -> None:
        """Release the store (backends with resources extend this)."""
        self.closed = True

    def flush(self) -> None:
        """Write buffered data out (long ingests call this so memory stays flat, and what a
        ``batched()`` block holds is stored); a no-op for backends that do not buffer."""
        return None

    def waiting(self) -> int:
        """Quads put within ``batched()`` and not yet written (0 where nothing waits)."""
        return 0

    def compact_into(self, target: Path) -> Rebuilt:
        """Write a compact copy of the store into the new folder ``target`` (the embedded
        store: ``kg.store.rebuild``); StoreError where the backend keeps no folder of its own."""
        raise StoreError(f"kg compact copies an on-disk store folder; a {self.name} store has none")

    @contextmanager
    def batched(self) -> Iterator[None]:
        """A block whose new documents a backend may hold back and write together at
        ``flush()`` or at its end, each still all or nothing (the embedded store does);
        reads through this store see them meanwhile. Elsewhere each put is written at once."""
        yield

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- IRIs ------------------------------------------------------------------------------
    def graph_iri(self, doc_id: str) -> str:
        """``<base>graph/<doc_id>``, percent-encoding what an IRI cannot hold."""
        return f"{self.base}graph/{_encode(doc_id)}"

    def doc_iri(self, doc_id: str) -> str:
        return f"{self.base}doc/{_encode(doc_id)}"

    @property
    def vocabulary_iri(self) -> str:
        return f"{self.base}graph/vocabulary"

    @property
    def shared_iri(self) -> str:
        """The graph of the descriptions documents share (see the module docstring)."""
        return f"{self.base}graph/shared"

    def _doc_id_of(self, graph_iri: str) -> str:
        return unquote(graph_iri[len(f"{self.base}graph/") :])

    # -- documents -------------------------------------------------------------------------
    def put_document(self, doc_id: str, content_hash: str, data: Graph | Iterable[OxTriple]) -> bool:
        """Store what the document asserts (an rdflib graph, or triples of pyoxigraph terms
        such as ``kg.ontology.extraction_to_triples`` gives), replacing its earlier version in
        one transaction; False (no change) when the stored copy already has ``content_hash``.
        ``dip:contentHash`` is set on the doc node. Shared triples go to the shared graph."""
        if not doc_id or doc_id in RESERVED_IDS:
            raise StoreError(
                f"invalid document id {doc_id!r}: use a non-empty id other than "
                + " or ".join(repr(r) for r in sorted(RESERVED_IDS))
            )
        if self.has_document(doc_id, content_hash):
            return False
        doc = ox.NamedNode(self.doc_iri(doc_id))
        graph = ox.NamedNode(self.graph_iri(doc_id))
        own, shared = self._split(doc_id, _ox_triples(data))
        own.append((doc, _CONTENT_HASH, ox.Literal(content_hash)))
        hashes = [statement_hash(t) for t in shared]
        quads = [ox.Quad(s, p, o, graph) for s, p, o in own]
        quads += [ox.Quad(doc, DESCRIBES, x, graph) for x in dict.fromkeys(t[0] for t in shared)]
        if hashes:
            quads.append(ox.Quad(doc, STATES, ox.Literal(" ".join(sorted(set(hashes)))), graph))
        target = ox.NamedNode(self.shared_iri)
        quads += [ox.Quad(s, p, o, target) for s, p, o in shared]
        existed = self.has_document(doc_id)
        drop = self._statements(doc_id, exclude=set(hashes)) if existed else []
        self._write_document(graph.value, quads, drop, replace=existed)
        return True

    def _split(self, doc_id: str, triples: list[OxTriple]) -> tuple[list[OxTriple], list[OxTriple]]:
        """(the document's own triples, the shared ones), leaving out any dip:contentHash of
        the doc node (put_document sets it). Own: the subject is a node minted from the doc
        id (doc, run, mentions, spans) or any term is a blank node; shared: the rest, with
        typed literals in Oxigraph's canonical form so hashes match what is stored."""
        doc, run = self.doc_iri(doc_id), f"{self.base}run/{_encode(doc_id)}"
        prefixes = (doc + "#", *(f"{self.base}{seg}/{_encode(doc_id)}/" for seg in ("mention", "span")))
        kind: dict[object, int] = {}  # subject → 0 shared, 1 own, 2 the doc node
        own: list[OxTriple] = []
        shared: list[OxTriple] = []
        for triple in triples:
            s, p, o = triple
            mine = kind.get(s)
            if mine is None:
                value = "" if isinstance(s, ox.BlankNode) else s.value
                minted = not value or value == run or value.startswith(prefixes)
                mine = kind[s] = 2 if value == doc else int(minted)
            if mine == 2 and p == _CONTENT_HASH:
                continue
            (own if mine or isinstance(o, ox.BlankNode) else shared).append(triple)
        return own, canonical_triples(shared)

    def _statements(self, doc_id: str, exclude: set[str] = frozenset()) -> Drop:
        """The shared triples the stored document states (by its ``kgs:states`` hashes),
        except those whose hash is in ``exclude``."""
        g, doc = iri_ref(self.graph_iri(doc_id)), iri_ref(self.doc_iri(doc_id))
        records = f"SELECT ?h WHERE {{ GRAPH {g} {{ {doc} <{STATES.value}> ?h }} }}"
        states = {h for row in self._run_query(records).rows for h in str(row["h"]).split()} - exclude
        if not states:
            return []
        subjects = f"GRAPH {g} {{ {doc} <{DESCRIBES.value}> ?s }}"
        shared = f"GRAPH {iri_ref(self.shared_iri)} {{ ?s ?p ?o }}"
        rows = self._run_query(f"SELECT ?s ?p ?o WHERE {{ {subjects} {shared} }}").rows
        found: Drop = []
        for row in rows:
            triple = (to_ox(row["s"]), to_ox(row["p"]), to_ox(row["o"]))
            digest = statement_hash(triple)
            if digest in states:
                found.append((triple, digest))
        return found

    def document_triples(self, doc_id: str) -> Graph:
        """Everything the stored document asserts: its own graph without the bookkeeping,
        plus the shared triples it states (what ``put_document`` was given, contentHash set)."""
        g = iri_ref(self.graph_iri(doc_id))
        graph = Graph()
        own = self._run_query(f"SELECT ?s ?p ?o WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}").rows
        for row in own:
            if to_ox(row["p"]) not in BOOKKEEPING:
                graph.add((row["s"], row["p"], row["o"]))
        for triple, _ in self._statements(doc_id):
            graph.add(tuple(to_rdflib(t) for t in triple))
        return graph

    def has_document(self, doc_id: str, content_hash: str | None = None) -> bool:
        """Is the document stored (with this content hash, when given)?"""
        g, doc = iri_ref(self.graph_iri(doc_id)), iri_ref(self.doc_iri(doc_id))
        if content_hash is None:
            return self._ask(f"ASK {{ GRAPH {g} {{ ?s ?p ?o }} }}")
        check = f"FILTER(STR(?h) = {string_literal(content_hash)})"
        return self._ask(f"ASK {{ GRAPH {g} {{ {doc} <{CONTENT_HASH}> ?h {check} }} }}")

    def remove_document(self, doc_id: str) -> bool:
        """Drop the document's graph and the shared triples no other document states, in one
        transaction; False when it was absent."""
        if not self.has_document(doc_id):
            return False
        self._write_document(self.graph_iri(doc_id), [], self._statements(doc_id), replace=True)
        return True

    def has_content(self) -> bool:
        """Does the store hold anything besides the vocabulary (documents or imported RDF)?"""
        vocab = iri_ref(self.vocabulary_iri)
        return self._ask(f"ASK {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != {vocab}) }}")

    def documents(self) -> list[dict]:
        """One dict per stored document: doc_id, title, outlet, published, url, facts."""
        sparql = sparql_prologue(self.base) + internal_query("documents")
        seen: dict[str, dict] = {}
        for row in self._run_query(sparql).rows:
            doc_id = self._doc_id_of(str(row["g"]))
            if doc_id in seen:
                continue
            seen[doc_id] = {
                "doc_id": doc_id,
                "title": _text(row["title"]),
                "outlet": _text(row["outlet"]),
                "published": _text(row["published"]),
                "url": _text(row["url"]),
                "facts": int(row["facts"].toPython()) if row["facts"] is not None else 0,
            }
        return list(seen.values())

    # -- vocabulary ------------------------------------------------------------------------
    def ensure_vocabulary(self, graph: Graph) -> bool:
        """Load ontology + concepts into ``<base>graph/vocabulary``; True when (re)written."""
        digest = graph_digest(graph)
        vocab = URIRef(self.vocabulary_iri)
        check = f"FILTER(STR(?h) = {string_literal(digest)})"
        if self._ask(f"ASK {{ GRAPH <{vocab}> {{ <{vocab}> <{CONTENT_HASH}> ?h {check} }} }}"):
            return False
        triples = [*graph, (vocab, CONTENT_HASH, Literal(digest))]
        check_terms(triples)
        self._replace_graph(str(vocab), triples)
        return True

    # -- SPARQL ----------------------------------------------------------------------------
    def query(
        self,
        sparql: str,
        *,
        allow_update: bool = False,
        default_graphs: Iterable[str] | None = None,
        named_graphs: Iterable[str] | None = None,
        max_rows: int | None = None,
        allow_federation: Sequence[str] = (),
    ) -> QueryResult:
        """Run SPARQL over the union of all named graphs, or over the dataset the query
        names with FROM / FROM NAMED, or over exactly ``default_graphs`` and ``named_graphs``
        when either is given (they override FROM, as the SPARQL protocol's parameters do).
        Updates are refused unless ``allow_update``; then they run and an empty result of
        kind "update" is returned. ``max_rows``: read at most ``max_rows + 1`` rows, so a
        caller with a row limit learns a result is over it without holding all of it.
        A query that would fetch a URL not under ``allow_federation`` is refused
        (``refuse_fetches``): a script handed SPARQL from elsewhere fetches nothing unasked."""
        if is_update(sparql):
            if not allow_update:
                refuse_update(sparql)
            self.update(sparql, allow_federation=allow_federation)
            return QueryResult("update", [], [])
        self.refuse_fetches(sparql, allow_federation)
        dataset = QueryDataset.of(
            None if default_graphs is None else tuple(default_graphs),
            None if named_graphs is None else tuple(named_graphs),
        )
        return self._run_query(sparql, dataset, max_rows)

    def update(
        self,
        sparql: str,
        *,
        using_graphs: Iterable[str] = (),
        using_named_graphs: Iterable[str] = (),
        base_iri: str | None = None,
        allow_federation: Sequence[str] = (),
    ) -> None:
        """Run a SPARQL Update (one transaction). ``using_graphs`` / ``using_named_graphs``
        are the protocol's ``using-graph-uri`` / ``using-named-graph-uri`` (QueryError when
        the update has its own USING or WITH); relative IRIs resolve against ``base_iri``.
        A LOAD or SERVICE of a URL not under ``allow_federation`` is refused."""
        self.refuse_fetches(sparql, allow_federation)
        self._run_update(with_using(sparql, tuple(using_graphs), tuple(using_named_graphs)), base_iri)

    def _ask(self, sparql: str) -> bool:
        return bool(self._run_query(sparql).boolean)

    # -- whole-store views -----------------------------------------------------------------
    def union_graph(self) -> Graph:
        """Every triple of every graph in one rdflib Graph (for analysis and the view), the
        store's bookkeeping (``kgs:``) left out."""
        graph = Graph()
        for prefix, ns in formats.export_prefixes(self.base).items():
            graph.bind(prefix, ns, override=True, replace=True)
        for quad in self._quads():
            if quad.predicate not in BOOKKEEPING:
                graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
        return graph

    def stats(self) -> dict:
        """Counts: documents, triples, entities by class, events by category, tenures, mentions."""
        prologue = sparql_prologue(self.base)
        classes = "VALUES ?class { " + " ".join(f"dip:{c}" for c in ENTITY_CLASSES) + " }"
        by_class = internal_query("entities-by-class").replace("#ENTITY-CLASSES", classes)
        entities = {
            str(row["class"])[len(DIP) :]: int(row["n"].toPython())
            for row in self._run_query(prologue + by_class).rows
        }
        by_category = {
            str(row["category"]).rsplit("/", 1)[-1]: int(row["n"].toPython())
            for row in self._run_query(prologue + internal_query("events-by-category")).rows
        }
        rows = self._run_query(prologue + internal_query("counts")).rows
        totals = {name: _number(rows[0][name] if rows else None) for name in TOTALS}
        return {
            "documents": totals["documents"],
            "triples": totals["triples"],
            "entities": dict(sorted(entities.items())),
            "events": totals["events"],
            "events_by_category": dict(sorted(by_category.items())),
            "tenures": totals["tenures"],
            "mentions": totals["mentions"],
        }

    # -- formats ---------------------------------------------------------------------------
    def export(self, fmt: str, out: BinaryIO) -> None:
        """Write the store as turtle, ntriples, jsonld (union, without the store's
        bookkeeping) or trig, nquads (graphs kept, all of it: ``kg load`` restores the store).

        Output is in the store's index order, graph by graph (fixed by the content, not by
        the order of writing), blank nodes canonically named and written last: same data, same
        bytes, whichever the backend (the embedded one streams it from its indexes, see
        ``kg.store.formats.stream``)."""
        name = formats.format_name(fmt, formats.EXPORT_FORMATS)
        leave_out = frozenset() if name in formats.DATASET_FORMATS else BOOKKEEPING
        if self._stream_export(name, out, leave_out):
            return
        quads = self._quads()
        if leave_out:
            quads = (q for q in quads if q.predicate not in leave_out)
        formats.write(quads, name, out, self.base)

    def _stream_export(self, fmt: str, out: BinaryIO, leave_out: frozenset) -> bool:
        """Write the export without a copy of the store, as ``formats.stream`` does, when the
        backend can; False (nothing written) sends ``export`` to sorting a copy instead."""
        return False

    def import_rdf(self, data: bytes, fmt: str, graph_iri: str | None = None) -> int:
        """Add RDF to the store, all or nothing; triples go to ``graph_iri`` (default
        ``<base>graph/imported``), quads keep their graph. Returns the number of quads."""
        target = graph_iri or f"{self.base}graph/imported"
        quads = formats.parse(data, fmt, target)
        self._add_quads(quads)
        return len(quads)


def graph_digest(graph: Graph) -> str:
    """SHA-256 of a graph's canonical N-Triples (blank nodes relabelled canonically)."""
    dataset = ox.Dataset(
        ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.DefaultGraph()) for s, p, o in graph
    )
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    lines = sorted(str(q) for q in dataset)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def statement_hash(triple: OxTriple) -> str:
    """16 hex digits naming a shared triple in a document's ``kgs:states`` record: a 64-bit
    BLAKE2b digest of the triple's N-Triples form. A collision (odds about 3e-6 among 10 M
    triples) could only keep a triple that should have gone, never delete one that another
    document states."""
    s, p, o = triple
    return hashlib.blake2b(f"{s} {p} {o}".encode(), digest_size=8).hexdigest()


def _ox_triples(data: Graph | Iterable[OxTriple]) -> list[OxTriple]:
    """The triples as pyoxigraph terms, each term converted once; StoreError naming the
    first term that is not valid RDF (bad IRI, language tag)."""
    if not isinstance(data, Graph):
        return [tuple(t) for t in data]
    converted: dict[Node, object] = {}

    def term(node: Node):
        value = converted.get(node)
        if value is None:
            try:
                value = converted[node] = to_ox(node)
            except (ValueError, TypeError) as error:
                reason = one_line(error)
                raise StoreError(f"cannot store {node!r}: {reason}; the store was not changed") from None
        return value

    return [(term(s), term(p), term(o)) for s, p, o in data]


def canonical_triples(triples: list[OxTriple]) -> list[OxTriple]:
    """Typed literals in the canonical form Oxigraph stores ("0.90" → "0.9", "01" → "1"),
    through a scratch in-memory store; strings and IRIs are left as they are."""
    typed = {
        o
        for _, _, o in triples
        if isinstance(o, ox.Literal) and not o.language and o.datatype.value != _XSD_STRING
    }
    if not typed:
        return triples
    scratch = ox.Store()
    literals = list(typed)
    scratch.extend(ox.Quad(ox.NamedNode(f"urn:kg:{i}"), STATES, lit) for i, lit in enumerate(literals))
    canonical = {literals[int(q.subject.value[len("urn:kg:") :])]: q.object for q in scratch}
    if all(canonical[lit] == lit for lit in literals):
        return triples
    return [(s, p, canonical.get(o, o)) for s, p, o in triples]


def check_terms(triples: list[Triple]) -> None:
    """StoreError naming the first term that is not valid RDF (bad IRI, language tag)."""
    for triple in triples:
        for term in triple:
            try:
                to_ox(term)
            except (ValueError, TypeError) as error:
                raise StoreError(
                    f"cannot store {term!r}: {one_line(error)}; the store was not changed"
                ) from None


def _encode(doc_id: str) -> str:
    return quote(doc_id, safe=_IRI_SAFE)


TOTALS = ("documents", "triples", "events", "tenures", "mentions")


@functools.cache
def internal_query(name: str) -> str:
    """The store's own SPARQL, ``kg/store/internal/<name>.rq`` (not a bundled user query)."""
    return (resources.files("kg.store") / "internal" / f"{name}.rq").read_text("utf-8")


def _number(term: Node | None) -> int:
    return int(term.toPython()) if term is not None else 0


def _text(term: Node | None) -> str | None:
    return None if term is None else str(term)


def raise_query_error(error: BaseException) -> QueryError:
    """The one-line QueryError for a parser or evaluation failure."""
    return QueryError(f"SPARQL error: {one_line(error)}")
