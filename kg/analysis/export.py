"""The analysis graph as GraphML or GEXF, for Gephi and Cytoscape.

Both formats hold only scalar attributes, so lists are joined with "; ", evidence is cut down
to its best sentence and a source count, and unset values are left out rather than written
as "None". Nodes and edges are written in sorted order so two exports of one store are equal.
"""

from __future__ import annotations

import io
from typing import Any

import networkx as nx
from rdflib import Graph

from kg.errors import InputError

NETWORK_FORMATS = ("graphml", "gexf")


def write_network(graph: Graph, fmt: str, *, min_confidence: float = 0.0) -> bytes:
    """Serialize the store graph's entities and asserted events as ``graphml`` or ``gexf``."""
    from kg.analysis.build import to_networkx

    if fmt not in NETWORK_FORMATS:
        raise InputError(f"unknown network format {fmt!r}: use one of {', '.join(NETWORK_FORMATS)}")
    return network_bytes(to_networkx(graph, min_confidence=min_confidence), fmt)


def network_bytes(G: nx.MultiGraph, fmt: str) -> bytes:
    """Serialize an analysis graph (from ``to_networkx``) with scalar attributes only."""
    H = flat_copy(G)
    out = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(H, out, encoding="utf-8", prettyprint=True)
    elif fmt == "gexf":
        nx.write_gexf(H, out, encoding="utf-8", prettyprint=True)
    else:
        raise InputError(f"unknown network format {fmt!r}: use one of {', '.join(NETWORK_FORMATS)}")
    return out.getvalue()


def flat_copy(G: nx.MultiGraph) -> nx.MultiGraph:
    """A copy of G, sorted, whose attributes are strings, numbers or booleans."""
    H = nx.MultiGraph()
    for node in sorted(G.nodes):
        H.add_node(node, **flat_attributes(G.nodes[node]))
    edges = sorted(G.edges(keys=True, data=True), key=lambda e: (*sorted((e[0], e[1])), str(e[2])))
    for u, v, key, data in edges:
        a, b = sorted((u, v))
        H.add_edge(a, b, key=str(key), **flat_attributes(data))
    return H


def flat_attributes(data: dict[str, Any]) -> dict[str, str | int | float | bool]:
    flat: dict[str, str | int | float | bool] = {}
    for name, value in data.items():
        if name == "evidence":
            evidence = value or []
            flat["sources"] = len({(e.get("title"), e.get("outlet")) for e in evidence})
            if evidence and evidence[0].get("sentence"):
                flat["evidence"] = evidence[0]["sentence"]
            continue
        if value is None:
            continue
        if isinstance(value, list | tuple | set):
            items = [str(v) for v in value if v is not None]
            if items:
                flat[name] = "; ".join(items)
        elif isinstance(value, bool | int | float | str):
            flat[name] = value
        else:
            flat[name] = str(value)
    return flat
