"""One result type for every backend: rows of rdflib terms plus exact SPARQL JSON."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

GRAPH_VARIABLES = ("subject", "predicate", "object")


@dataclass
class QueryResult:
    """What ``Store.query`` returns.

    ``kind`` is "select", "ask", "graph" (CONSTRUCT/DESCRIBE) or "update". ``rows`` maps
    each variable to an rdflib term, or None when unbound. An ASK result has the variable
    ``ask`` and one row; a graph result has subject/predicate/object rows and ``graph``.
    """

    kind: str
    variables: list[str]
    rows: list[dict[str, Node | None]]
    boolean: bool | None = None
    graph: Graph | None = field(default=None, repr=False)

    @classmethod
    def select(cls, variables: list[str], rows: list[dict[str, Node | None]]) -> QueryResult:
        return cls("select", list(variables), rows)

    @classmethod
    def ask(cls, answer: bool) -> QueryResult:
        return cls("ask", ["ask"], [{"ask": Literal(answer)}], boolean=answer)

    @classmethod
    def from_triples(cls, triples: Iterable[tuple[Node, Node, Node]]) -> QueryResult:
        graph = Graph()
        for triple in triples:
            graph.add(triple)
        rows = [dict(zip(GRAPH_VARIABLES, t, strict=True)) for t in sorted(graph)]
        return cls("graph", list(GRAPH_VARIABLES), rows, graph=graph)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def to_sparql_json(self) -> dict[str, Any]:
        """The SPARQL 1.1 Query Results JSON document (select and ask only)."""
        if self.kind == "ask":
            return {"head": {}, "boolean": bool(self.boolean)}
        if self.kind != "select":
            raise ValueError("only SELECT and ASK results have a SPARQL JSON form")
        bindings = [
            {var: term_json(value) for var, value in row.items() if value is not None}
            for row in self.rows
        ]
        return {"head": {"vars": self.variables}, "results": {"bindings": bindings}}

    def dumps_json(self) -> str:
        return json.dumps(self.to_sparql_json(), ensure_ascii=False, indent=1)

    def serialize_graph(self, fmt: str = "turtle") -> bytes:
        """A CONSTRUCT/DESCRIBE result as RDF text (any rdflib format name)."""
        if self.graph is None:
            raise ValueError("not a graph result")
        return self.graph.serialize(format=fmt, encoding="utf-8")


def term_json(term: Node) -> dict[str, str]:
    """One RDF term in SPARQL 1.1 JSON results form."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None:
            out["datatype"] = str(term.datatype)
        return out
    raise TypeError(f"unsupported RDF term {term!r}")
