"""Embedded on-disk Oxigraph store (the default: no server needed)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import pyoxigraph as ox

from kg.errors import StoreError
from kg.store import formats
from kg.store.base import CONTENT_HASH, DESCRIBES, STATES, Drop, Store, Triple, raise_query_error
from kg.store.prefixes import DEFAULT_BASE
from kg.store.results import QueryResult
from kg.store.sparql import QueryDataset, dataset_options, iri_ref
from kg.store.terms import to_ox, to_rdflib

if TYPE_CHECKING:
    from kg.store.rebuild import Rebuilt

_CONTENT_HASH = ox.NamedNode(str(CONTENT_HASH))
# pyoxigraph's bulk loader turns up to a million quads into one set of sorted tables, which
# RocksDB ingests in one call across all indexes: all or nothing. More would be split.
BULK_CHUNK = 1_000_000
PENDING_MAX = 200_000  # quads a batch holds before it is written, whatever the caller flushes
_BULK_LEFTOVER = re.compile(r"bulk-\d+\.sst")  # tables a killed bulk load wrote, never ingested


class OxigraphStore(Store):
    """pyoxigraph ``Store`` in a folder; each write is one Oxigraph transaction, or, within
    ``batched()``, new documents wait in memory and go in together through the bulk loader.

    ``read_only=True`` opens an existing store folder without its write lock and creates
    nothing (what reading commands use); writes are then a StoreError."""

    name = "oxigraph"

    def __init__(
        self, path: str | Path | None = None, base: str = DEFAULT_BASE, *, read_only: bool = False
    ) -> None:
        super().__init__(base)
        self.path = None if path is None else Path(path)
        self.read_only = read_only and self.path is not None
        self._store: ox.Store | None = _open_read_only(self.path) if self.read_only else _open(self.path)
        self._batching = False
        self._pending: list[ox.Quad] = []  # new documents' quads, not yet written
        self._pending_hashes: dict[str, str] = {}  # their graph IRIs → content hashes

    @property
    def raw(self) -> ox.Store:
        """The underlying pyoxigraph store (for bulk loads and benchmarks), with every
        document put so far written."""
        self._write_pending()
        return self._open_store()

    def _open_store(self) -> ox.Store:
        if self._store is None:
            raise StoreError("the store is closed: open it again with kg.store.open_store()")
        return self._store

    def waiting(self) -> int:
        return len(self._pending)

    @contextmanager
    def batched(self) -> Iterator[None]:
        """Within it, each new document's quads wait in memory and are written with the
        others by pyoxigraph's bulk loader (sorted tables RocksDB ingests whole: several
        times the rate of a transaction per document) at ``flush()``, at the end, before
        anything reads or replaces, or once ``PENDING_MAX`` quads wait. A batch goes in all
        or nothing, so each document is still whole or absent after a crash; a killed
        process loses the documents that were waiting. Only for a store on disk."""
        if self.path is None or self.read_only or self._batching:
            yield
            return
        self._batching = True
        try:
            yield
        finally:
            self._batching = False
            self._write_pending()

    def close(self) -> None:
        wrote = self._store is not None and self.path is not None and not self.read_only
        try:
            self.flush()
        finally:
            self._store = None
            self._pending, self._pending_hashes = [], {}
        if wrote:
            _drop_write_ahead_log(self.path)

    def flush(self) -> None:
        """Write the documents waiting in a batch, and move RocksDB's in-memory write buffers
        to disk (transactions grow them ~0.5 MB per document)."""
        if self._store is not None and self.path is not None and not self.read_only:
            self._write_pending()
            try:
                self._store.flush()
            except (OSError, RuntimeError) as error:  # e.g. the disk is full
                raise StoreError(f"could not write the store: {error}") from None

    def compact_into(self, target: Path) -> Rebuilt:
        """Write a copy of the store into the new folder ``target`` through the bulk loader,
        whose tables are compressed (about 0.55 of the size writes leave); this store, open
        with its write lock, is read and left as it is (``kg.store.rebuild``)."""
        from kg.store.rebuild import compact_copy

        if self.path is None:
            raise StoreError("an in-memory Oxigraph store has no folder to compact")
        return compact_copy(self.raw, self.path, Path(target))

    def _write_pending(self) -> None:
        """One bulk load of the waiting documents (one transaction should they pass a bulk
        chunk); on failure none of them is stored, and the error says so."""
        if not self._pending:
            return
        quads, count = self._pending, len(self._pending_hashes)
        self._pending, self._pending_hashes = [], {}
        store = self._open_store()
        try:
            if len(quads) < BULK_CHUNK:
                store.bulk_extend(quads)
            else:
                store.extend(quads)
        except (OSError, RuntimeError) as error:  # e.g. the disk is full
            _remove_bulk_leftovers(self.path)
            raise StoreError(f"could not write the store: {error} ({count} documents not stored)") from None

    def _run_query(
        self, sparql: str, dataset: QueryDataset | None = None, max_rows: int | None = None
    ) -> QueryResult:
        try:
            result = self.raw.query(sparql, **dataset_options(sparql, dataset))
            return result_from_ox(result, max_rows)  # rows are computed as they are read
        except SyntaxError as error:
            raise raise_query_error(error) from None
        except (OSError, ValueError, RuntimeError) as error:
            raise raise_query_error(error) from None

    def has_document(self, doc_id: str, content_hash: str | None = None) -> bool:
        """As ``Store.has_document``, by index look-ups instead of a parsed ASK query (ingest
        asks this of every document), a waiting document included."""
        graph_iri = self.graph_iri(doc_id)
        waiting = self._pending_hashes.get(graph_iri)
        if waiting is not None:
            return content_hash is None or content_hash == waiting
        graph = ox.NamedNode(graph_iri)
        if content_hash is None:
            found = self._open_store().quads_for_pattern(None, None, None, graph)
        else:
            doc = ox.NamedNode(self.doc_iri(doc_id))
            found = self._open_store().quads_for_pattern(doc, _CONTENT_HASH, ox.Literal(content_hash), graph)
        return next(iter(found), None) is not None

    def _refuse_if_read_only(self) -> None:
        if self.read_only:
            raise StoreError(f"store {self.path} is open read-only: open it without read_only to change it")

    def _run_update(self, sparql: str, base_iri: str | None = None) -> None:
        self._refuse_if_read_only()
        try:
            self.raw.update(sparql, base_iri=base_iri)
        except (SyntaxError, ValueError) as error:
            raise raise_query_error(error) from None
        except (OSError, RuntimeError) as error:
            raise StoreError(f"could not write the store: {error}") from None

    def _replace_graph(self, graph_iri: str, triples: list[Triple]) -> None:
        # One SPARQL Update is one Oxigraph transaction: readers see the old graph or the new.
        body = "\n".join(f"{to_ox(s)} {to_ox(p)} {to_ox(o)} ." for s, p, o in triples)
        g = iri_ref(graph_iri)
        self._run_update(f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{body}\n}} }}")

    def _write_document(self, graph_iri: str, quads: list[ox.Quad], drop: Drop, replace: bool) -> None:
        # A new document only adds quads: one Store.extend, one transaction, no SPARQL text.
        # Replacing or removing one deletes too, which only an update does in one transaction.
        if not replace:
            self._refuse_if_read_only()
            if not self._batching:
                # A quad already stored (a description another article stated) costs a
                # transaction a write as dear as a new one, so look each shared one up first
                # (a read; this process holds the store's write lock, so nothing changes in
                # between; the new document's own graph is empty).
                store, shared = self._open_store(), ox.NamedNode(self.shared_iri)
                self._add_quads([q for q in quads if q.graph_name != shared or q not in store])
                return
            # The bulk loader writes a quad already stored as cheaply as the look-up would
            # cost, and compaction keeps one copy.
            self._pending += quads
            self._pending_hashes[graph_iri] = next(
                q.object.value
                for q in quads
                if q.predicate == _CONTENT_HASH and q.graph_name.value == graph_iri
            )
            if len(self._pending) >= PENDING_MAX:
                self._write_pending()
            return
        self._run_update(document_update(graph_iri, quads, drop, self.shared_iri))

    def _add_quads(self, quads: list[ox.Quad]) -> None:
        self._refuse_if_read_only()
        try:
            self.raw.extend(quads)  # transactional
        except (OSError, RuntimeError) as error:
            raise StoreError(f"could not write the store: {error}") from None

    def _quads(self) -> Iterable[ox.Quad]:
        return self.raw.quads_for_pattern(None, None, None, None)

    def _stream_export(self, fmt: str, out: BinaryIO, leave_out: frozenset) -> bool:
        # One pass over the on-disk indexes (index order, fixed by the content): no copy, no sort.
        return formats.stream(self.raw, fmt, out, self.base, leave_out, on_disk=self.path is not None)


def document_update(graph_iri: str, quads: list[ox.Quad], drop: Drop, shared_iri: str) -> str:
    """One SPARQL Update that replaces a document: delete each ``drop`` triple from the shared
    graph unless another graph records its hash, empty the document's graph, insert
    ``quads`` (``INSERT {…} WHERE {}`` when they hold blank nodes, as Virtuoso requires)."""
    g = iri_ref(graph_iri)
    parts = []
    if drop:
        rows = "\n".join(f'({s} {p} {o} "{digest}")' for (s, p, o), digest in drop)
        parts.append(
            f"DELETE {{ GRAPH {iri_ref(shared_iri)} {{ ?s ?p ?o }} }} WHERE {{\n"
            f"VALUES (?s ?p ?o ?h) {{\n{rows}\n}}\n"
            f"FILTER NOT EXISTS {{ GRAPH ?g {{ ?d <{DESCRIBES.value}> ?s ; <{STATES.value}> ?l }}\n"
            f"FILTER(?g != {g} && CONTAINS(?l, ?h)) }} }}"
        )
    parts.append(f"DROP SILENT GRAPH {g}")
    if quads:
        by_graph: dict[str, list[str]] = {}
        for q in quads:
            by_graph.setdefault(str(q.graph_name), []).append(f"{q.subject} {q.predicate} {q.object} .")
        blocks = "\n".join(f"GRAPH {name} {{\n" + "\n".join(body) + "\n}" for name, body in by_graph.items())
        bnodes = any(isinstance(t, ox.BlankNode) for q in quads for t in (q.subject, q.object))
        parts.append(f"INSERT {{\n{blocks}\n}} WHERE {{}}" if bnodes else f"INSERT DATA {{\n{blocks}\n}}")
    return " ;\n".join(parts)


def _remove_bulk_leftovers(path: Path | None) -> None:
    """Delete the tables a bulk load killed or failed midway left in the folder: RocksDB
    never ingested them, so no index points at them (called only with the write lock)."""
    if path is None:
        return
    for leftover in path.glob("bulk-*.sst"):
        if _BULK_LEFTOVER.fullmatch(leftover.name):
            leftover.unlink(missing_ok=True)


def _drop_write_ahead_log(path: Path) -> None:
    """RocksDB keeps the write-ahead log of everything written (as large as the data, which
    flush already wrote to its tables) until the store is next opened: opening the folder
    once more, now, frees that space (it is about half of the folder after an ingest). A
    store another process took meanwhile is left as it is."""
    try:
        ox.Store(str(path))
    except (OSError, RuntimeError):
        return


def _open(path: Path | None) -> ox.Store:
    if path is None:
        return ox.Store()
    if path.exists() and not path.is_dir():
        raise StoreError(f"store path {path} is a file: give a folder (it is created if missing)")
    try:
        store = ox.Store(str(path))
    except (OSError, RuntimeError) as error:
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        if "lock" in message.lower():
            raise StoreError(
                f"store {path} is in use by another process: close it or use another --store"
            ) from None
        raise StoreError(
            f"cannot open store {path} ({message}): check the folder is writable and is a kg store"
        ) from None
    _remove_bulk_leftovers(path)  # this process holds the lock now
    return store


def _open_read_only(path: Path) -> ox.Store:
    if not (path / "CURRENT").is_file():
        what = "is a file" if path.is_file() else "does not exist" if not path.exists() else "holds no store"
        raise StoreError(
            f"store path {path} {what}: ingest articles into it first (kg ingest FILE --store {path})"
        )
    try:
        return ox.Store.read_only(str(path))
    except (OSError, RuntimeError) as error:
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise StoreError(
            f"cannot read store {path} ({message}): check it is a kg store you may read"
        ) from None


def result_from_ox(
    result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, max_rows: int | None = None
) -> QueryResult:
    """A pyoxigraph query result as a QueryResult of rdflib terms; with ``max_rows``, at most
    ``max_rows + 1`` rows of it (pyoxigraph computes them lazily, so the rest never are)."""
    if isinstance(result, ox.QueryBoolean):
        return QueryResult.ask(bool(result))
    limited = result if max_rows is None else islice(result, max_rows + 1)
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        rows = [{name: to_rdflib(solution[name]) for name in names} for solution in limited]
        return QueryResult.select(names, rows)
    return QueryResult.from_triples(
        (to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)) for t in limited
    )
