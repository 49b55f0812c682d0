"""The analysis graph as GraphML or GEXF, for Gephi and Cytoscape.

Both formats hold only scalar attributes, so lists are joined with "; ", evidence is cut down
to its best sentence and a source count, and unset values are left out rather than written
as "None" (GraphML declares a default per key, so readers do not fill them with NaN). Nodes
and edges are written in sorted order so two exports of one store are equal; GEXF is 1.3,
valid against its schema, with no build date.
"""

from __future__ import annotations

import io
from typing import Any

import networkx as nx
from rdflib import Graph

from kg.errors import InputError

NETWORK_FORMATS = ("graphml", "gexf")


def write_network(graph: Graph | Any, fmt: str, *, min_confidence: float = 0.0) -> bytes:
    """Serialize the entities and asserted events of a store (or an rdflib graph) as
    ``graphml`` or ``gexf``."""
    from kg.analysis.build import to_networkx

    if fmt not in NETWORK_FORMATS:
        raise InputError(f"unknown network format {fmt!r}: use one of {', '.join(NETWORK_FORMATS)}")
    return network_bytes(to_networkx(graph, min_confidence=min_confidence), fmt)


def network_bytes(G: nx.MultiGraph, fmt: str) -> bytes:
    """Serialize an analysis graph (from ``to_networkx``) with scalar attributes only."""
    H = flat_copy(G)
    out = io.BytesIO()
    if fmt == "graphml":
        # declared defaults: a reader fills an unset value with them instead of NaN
        H.graph["node_default"] = _defaults(d for _, d in H.nodes(data=True))
        H.graph["edge_default"] = _defaults(d for *_, d in H.edges(keys=True, data=True))
        nx.write_graphml(H, out, encoding="utf-8", prettyprint=True, named_key_ids=False)
    elif fmt == "gexf":
        return gexf_bytes(H)
    else:
        raise InputError(f"unknown network format {fmt!r}: use one of {', '.join(NETWORK_FORMATS)}")
    return out.getvalue()


GEXF_NS = "http://gexf.net/1.3"
_GEXF_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
_EMPTY = {bool: False, int: 0, float: 0.0, str: ""}


def _column_types(rows) -> dict[str, type]:
    """Each attribute's Python type over all rows (int and float together: float; any other
    mix: str)."""
    types: dict[str, type] = {}
    for data in rows:
        for name, value in data.items():
            kind = type(value) if type(value) in _GEXF_TYPES else str
            seen = types.get(name, kind)
            if seen is not kind:
                kind = float if {seen, kind} == {int, float} else str
            types[name] = kind
    return dict(sorted(types.items()))


def _defaults(rows) -> dict[str, str | int | float | bool]:
    return {name: _EMPTY[kind] for name, kind in _column_types(rows).items()}


def _gexf_value(value: str | int | float | bool, kind: type) -> str:
    if kind is bool:
        return "true" if value else "false"
    if kind is float:
        return repr(float(value))
    return str(value)


def gexf_bytes(H: nx.MultiGraph) -> bytes:
    """GEXF 1.3 that validates against the schema: no build date (same bytes every day), no
    internal columns (networkx's edge keys), attribute types declared once per column."""
    from xml.etree import ElementTree as ET

    root = ET.Element("gexf", {"xmlns": GEXF_NS, "version": "1.3"})
    ET.SubElement(ET.SubElement(root, "meta"), "creator").text = "kg"
    graph = ET.SubElement(root, "graph", {"defaultedgetype": "undirected", "mode": "static"})
    nodes = [(n, d) for n, d in H.nodes(data=True)]
    edges = [(u, v, d) for u, v, _, d in H.edges(keys=True, data=True)]
    node_types = {k: t for k, t in _column_types(d for _, d in nodes).items() if k != "label"}
    edge_types = _column_types(d for *_, d in edges)
    ids: dict[str, dict[str, str]] = {}
    for cls, types in (("node", node_types), ("edge", edge_types)):
        block = ET.SubElement(graph, "attributes", {"class": cls, "mode": "static"})
        ids[cls] = {}
        for index, (name, kind) in enumerate(types.items()):
            ids[cls][name] = f"{cls[0]}{index}"
            ET.SubElement(
                block, "attribute", {"id": ids[cls][name], "title": name, "type": _GEXF_TYPES[kind]}
            )

    def values(parent, cls: str, types: dict[str, type], data: dict) -> None:
        present = [(name, data[name]) for name in types if name in data and name != "label"]
        if present:
            block = ET.SubElement(parent, "attvalues")
            for name, value in present:
                ET.SubElement(
                    block, "attvalue", {"for": ids[cls][name], "value": _gexf_value(value, types[name])}
                )

    node_block = ET.SubElement(graph, "nodes", {"count": str(len(nodes))})
    for node, data in nodes:
        element = ET.SubElement(node_block, "node", {"id": str(node), "label": str(data.get("label", node))})
        values(element, "node", node_types, data)
    edge_block = ET.SubElement(graph, "edges", {"count": str(len(edges))})
    for index, (u, v, data) in enumerate(edges):
        element = ET.SubElement(edge_block, "edge", {"id": str(index), "source": str(u), "target": str(v)})
        values(element, "edge", edge_types, data)
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


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
