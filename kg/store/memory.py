"""In-memory store on rdflib's ``Dataset`` (tests, scripts, small graphs).

Gives scripts the rdflib API (``store.dataset``) and answers exactly like the embedded
store: same result types, same export bytes, same errors.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from contextlib import contextmanager
from itertools import islice

import pyoxigraph as ox
from rdflib import Dataset, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.sparql import prepareUpdate
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery

from kg.errors import QueryError
from kg.store.base import STATES, Drop, Store, Triple, raise_query_error
from kg.store.prefixes import DEFAULT_BASE
from kg.store.results import QueryResult
from kg.store.sparql import QueryDataset, has_dataset_clause
from kg.store.terms import to_ox, to_rdflib


class MemoryStore(Store):
    """rdflib ``Dataset(default_union=True)``: queries see the union of named graphs."""

    name = "memory"

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        super().__init__(base)
        self.dataset = Dataset(default_union=True)

    def _run_query(
        self, sparql: str, dataset: QueryDataset | None = None, max_rows: int | None = None
    ) -> QueryResult:
        limit = None if max_rows is None else max_rows + 1
        try:
            if dataset is None and not has_dataset_clause(sparql):
                result = self.dataset.query(sparql)
            else:
                result = self._query_dataset(sparql, dataset)
            kind = result.type
            if kind == "ASK":
                return QueryResult.ask(bool(result.askAnswer))
            if kind == "SELECT":
                names = [str(v) for v in result.vars or []]
                rows = [{name: row[name] for name in names} for row in islice(result, limit)]
                return QueryResult.select(names, rows)
            return QueryResult.from_triples(islice(result.graph, limit))
        except QueryError:
            raise
        except Exception as error:  # rdflib raises pyparsing and assorted evaluation errors
            raise raise_query_error(error) from None

    def _query_dataset(self, sparql: str, dataset: QueryDataset | None):
        """Evaluate over the dataset the protocol or the query's FROM / FROM NAMED names,
        built here from the stored graphs: rdflib itself would fetch a FROM graph it does
        not hold from the web, and a graph named but absent is empty, as on Oxigraph."""
        query = translateQuery(parseQuery(sparql))
        if dataset is None:
            clauses = query.algebra.get("datasetClause") or []
            default = [str(c.default) for c in clauses if c.get("default") is not None]
            named = [str(c.named) for c in clauses if c.get("named") is not None]
        else:
            default, named = list(dataset.default_graphs), list(dataset.named_graphs)
        query.algebra["datasetClause"] = None
        view = Dataset(default_union=False)
        target = view.graph(DATASET_DEFAULT_GRAPH_ID)
        for name in default:
            target += self.dataset.graph(URIRef(name))
        for name in named:
            graph = view.graph(URIRef(name))
            graph += self.dataset.graph(URIRef(name))
        return view.query(query)

    def _run_update(self, sparql: str, base_iri: str | None = None) -> None:
        # Parse fully before applying, so malformed text changes nothing.
        try:
            prepared = prepareUpdate(sparql, base=base_iri)
        except Exception as error:  # pyparsing and assorted rdflib errors
            raise raise_query_error(error) from None
        try:
            with _no_web_loads():
                self.dataset.update(prepared)
        except Exception as error:  # rdflib evaluation errors
            raise raise_query_error(error) from None

    def _replace_graph(self, graph_iri: str, triples: list[Triple]) -> None:
        triples = canonical_literals(triples)
        name = URIRef(graph_iri)
        self.dataset.remove_graph(name)
        graph = self.dataset.graph(name)
        graph.addN((s, p, o, graph) for s, p, o in triples)

    def _write_document(self, graph_iri: str, quads: list[ox.Quad], drop: Drop, replace: bool) -> None:
        name = URIRef(graph_iri)
        shared = self.dataset.graph(URIRef(self.shared_iri))
        if drop:
            records = self.dataset.quads((None, to_rdflib(STATES), None, None))
            others = {h for _, _, o, g in records if _name(g) != name for h in str(o).split()}
            for triple, digest in drop:
                if digest not in others:
                    shared.remove(tuple(to_rdflib(t) for t in triple))
        if replace:
            self.dataset.remove_graph(name)
        by_graph: dict[URIRef, list[Triple]] = {}
        for q in quads:
            by_graph.setdefault(URIRef(q.graph_name.value), []).append(
                (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object))
            )
        for graph_name, triples in by_graph.items():
            graph = self.dataset.graph(graph_name)
            graph.addN((s, p, o, graph) for s, p, o in canonical_literals(triples))

    def _add_quads(self, quads: list[ox.Quad]) -> None:
        scratch = ox.Store()  # a pass through Oxigraph gives its canonical literal forms
        scratch.extend(quads)
        for q in scratch:
            g = q.graph_name
            name = DATASET_DEFAULT_GRAPH_ID if isinstance(g, ox.DefaultGraph) else to_rdflib(g)
            self.dataset.graph(name).add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))

    def _quads(self) -> Iterable[ox.Quad]:
        for s, p, o, g in self.dataset.quads((None, None, None, None)):
            name = g.identifier if hasattr(g, "identifier") else g
            graph = ox.DefaultGraph() if name is None or name == DATASET_DEFAULT_GRAPH_ID else to_ox(name)
            yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph)


def _name(graph) -> URIRef:
    return graph.identifier if hasattr(graph, "identifier") else graph


_LOADS = threading.Lock()


@contextmanager
def _no_web_loads():
    """rdflib fetches the graph of an update's ``USING <iri>`` from the web; with its
    SPARQL_LOAD_GRAPHS switch off it takes the stored graph of that name instead."""
    import rdflib.plugins.sparql as rdflib_sparql

    with _LOADS:
        before = rdflib_sparql.SPARQL_LOAD_GRAPHS
        rdflib_sparql.SPARQL_LOAD_GRAPHS = False
        try:
            yield
        finally:
            rdflib_sparql.SPARQL_LOAD_GRAPHS = before


def canonical_literals(triples: list[Triple]) -> list[Triple]:
    """Typed literals in the canonical form Oxigraph stores ("0.90" → "0.9", "01" → "1",
    "1"^^xsd:boolean → "true"), so both backends hold, answer and export the same data."""
    typed = list({o for _, _, o in triples if isinstance(o, Literal) and o.datatype is not None})
    if not typed:
        return triples
    scratch = ox.Store()
    scratch.extend(
        ox.Quad(ox.NamedNode(f"urn:kg:{i}"), _P, to_ox(lit), ox.DefaultGraph()) for i, lit in enumerate(typed)
    )
    canonical = {typed[int(q.subject.value[len("urn:kg:") :])]: to_rdflib(q.object) for q in scratch}
    return [(s, p, canonical.get(o, o) if isinstance(o, Literal) else o) for s, p, o in triples]


_P = ox.NamedNode("urn:kg:p")
