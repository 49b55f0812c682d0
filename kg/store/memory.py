"""In-memory store on rdflib's ``Dataset`` (tests, scripts, small graphs).

Gives scripts the rdflib API (``store.dataset``) and answers exactly like the embedded
store: same result types, same export bytes, same errors.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Dataset, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.sparql import prepareUpdate

from kg.errors import QueryError
from kg.store.base import Store, Triple, raise_query_error
from kg.store.prefixes import DEFAULT_BASE
from kg.store.results import QueryResult
from kg.store.terms import to_ox, to_rdflib


class MemoryStore(Store):
    """rdflib ``Dataset(default_union=True)``: queries see the union of named graphs."""

    name = "memory"

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        super().__init__(base)
        self.dataset = Dataset(default_union=True)

    def _run_query(self, sparql: str) -> QueryResult:
        try:
            result = self.dataset.query(sparql)
            kind = result.type
            if kind == "ASK":
                return QueryResult.ask(bool(result.askAnswer))
            if kind == "SELECT":
                names = [str(v) for v in result.vars or []]
                rows = [{name: row[name] for name in names} for row in result]
                return QueryResult.select(names, rows)
            return QueryResult.from_triples(iter(result.graph))
        except QueryError:
            raise
        except Exception as error:  # rdflib raises pyparsing and assorted evaluation errors
            raise raise_query_error(error) from None

    def _run_update(self, sparql: str) -> None:
        # Parse fully before applying, so malformed text changes nothing.
        try:
            prepared = prepareUpdate(sparql)
        except Exception as error:  # pyparsing and assorted rdflib errors
            raise raise_query_error(error) from None
        try:
            self.dataset.update(prepared)
        except Exception as error:  # rdflib evaluation errors
            raise raise_query_error(error) from None

    def _replace_graph(self, graph_iri: str, triples: list[Triple]) -> None:
        triples = canonical_literals(triples)
        name = URIRef(graph_iri)
        self.dataset.remove_graph(name)
        graph = self.dataset.graph(name)
        graph.addN((s, p, o, graph) for s, p, o in triples)

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
