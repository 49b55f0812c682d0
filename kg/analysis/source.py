"""Where the analysis reads its rows: the store's SPARQL, never a copy of the whole store.

The analysis graph needs a few thousand rows out of a store of a million triples, so it
asks for exactly those with the SELECT queries in ``kg/analysis/queries/`` and gets plain
strings back. An embedded Oxigraph store is queried through pyoxigraph directly (no rdflib
term per value); a remote store through ``Store.query``; an rdflib graph (tests, scripts), and
the memory store, which is one, are first put into an in-memory Oxigraph store, one named
graph per graph, so they answer the same queries the same way (rdflib's own engine gives the
string "None" for the MIN of an unbound STR(), which the queries rely on being unbound).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from importlib import resources
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

from kg.store.terms import to_ox

Row = tuple[str | None, ...]
NODES = "#NODES"  # where a query takes the list of IRIs it is asked about
BATCH = 400  # IRIs per query to an endpoint: small enough for any request size
EMBEDDED_BATCH = 20_000  # in-process there is no request to fit, and each query costs a parse
_DEFAULT = "urn:kg:analysis:default-graph"


@functools.cache
def query_text(name: str) -> str:
    """The analysis query ``kg/analysis/queries/<name>.rq``."""
    return (resources.files("kg.analysis") / "queries" / f"{name}.rq").read_text("utf-8")


class Rows:
    """Runs the analysis queries over one store or graph; every value is a string (IRI or
    literal's lexical form) or None when unbound."""

    def __init__(self, source: Any) -> None:
        if isinstance(getattr(source, "dataset", None), Dataset):
            source = source.dataset  # the memory store: rdflib's SPARQL gets MIN(STR(unbound)) wrong
        if isinstance(source, Graph):
            self._ox: ox.Store | None = _oxigraph_copy(source)
            self._store = None
        elif isinstance(getattr(source, "raw", None), ox.Store):
            self._ox, self._store = source.raw, None
        elif hasattr(source, "query"):
            self._ox, self._store = None, source
        else:
            raise TypeError(f"expected a kg store or an rdflib.Graph, got {type(source).__name__}")

    def select(self, name: str) -> list[Row]:
        """Every row of a query that takes no IRIs."""
        return list(self._run(query_text(name)))

    def select_for(self, name: str, nodes: Iterable[str]) -> list[Row]:
        """The rows of a ``#NODES`` query for ``nodes``, asked in batches."""
        text, wanted, rows = query_text(name), sorted(set(nodes)), []
        batch = BATCH if self._ox is None else EMBEDDED_BATCH
        for i in range(0, len(wanted), batch):
            values = " ".join(f"<{n}>" for n in wanted[i : i + batch])
            rows.extend(self._run(text.replace(NODES, values)))
        return rows

    def _run(self, sparql: str) -> Iterator[Row]:
        if self._ox is not None:
            for solution in self._ox.query(sparql, use_default_graph_as_union=True):
                yield tuple(None if term is None else term.value for term in solution)
            return
        result = self._store.query(sparql)
        for row in result.rows:
            yield tuple(None if row[v] is None else str(row[v]) for v in result.variables)


def _oxigraph_copy(graph: Graph) -> ox.Store:
    """An in-memory Oxigraph store with the graph's triples, each named graph kept apart
    (so a fact restated in two documents is twice in the union, as in a real store)."""
    store = ox.Store()
    store.extend(_quads(graph))
    return store


def _quads(graph: Graph) -> Iterator[ox.Quad]:
    if isinstance(graph, Dataset):
        for s, p, o, g in graph.quads((None, None, None, None)):
            name = g.identifier if isinstance(g, Graph) else g
            yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), _graph_name(name))
        return
    default = ox.NamedNode(_DEFAULT)
    for s, p, o in graph:
        yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), default)


def _graph_name(name: Node | None) -> ox.NamedNode:
    return ox.NamedNode(str(name)) if isinstance(name, URIRef) else ox.NamedNode(_DEFAULT)
