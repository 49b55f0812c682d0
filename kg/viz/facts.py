"""What the side panel and the menus know about each node, as plain JSON-ready data.

The tooltip is a short summary; the panel shows everything: every evidence sentence of an
event, every event of an actor. The page turns this data into DOM text, never markup.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from kg.analysis import EVENT
from kg.analysis.names import event_name, plain_type
from kg.analysis.terms import role_words
from kg.viz.style import CATEGORY_NAMES, OFF_AT_FIRST, OTHER_CATEGORY

_RANK = {"Person": 0, "Country": 2}


def category(data: dict[str, Any]) -> str:
    """The filter group of an event node: its category, or "Other" when it has none."""
    return data.get("category") or OTHER_CATEGORY


def categories(G: nx.MultiGraph) -> list[dict[str, Any]]:
    """The event categories present, in the ontology's order, with their event counts.

    ``off`` marks the categories the page hides until their box is ticked: statements, when
    there are other events, since a story quotes many people and their remarks crowd out
    who met whom (``hidden_categories``).
    """
    counts: dict[str, int] = {}
    for _, data in G.nodes(data=True):
        if data["kind"] == EVENT:
            counts[category(data)] = counts.get(category(data), 0) + 1
    order = list(CATEGORY_NAMES)
    known = [c for c in order if c in counts]
    rest = sorted(c for c in counts if c not in CATEGORY_NAMES)
    off = hidden_categories(counts)
    return [
        {"key": c, "label": CATEGORY_NAMES.get(c, c), "count": counts[c], "off": c in off}
        for c in known + rest
    ]


def hidden_categories(counts: dict[str, int]) -> set[str]:
    """Categories off when the page opens: those of ``OFF_AT_FIRST`` present beside others."""
    off = {c for c in OFF_AT_FIRST if c in counts}
    return off if any(c not in off for c in counts) else set()


def panel_facts(G: nx.MultiGraph) -> dict[str, dict[str, Any]]:
    """Node id → the facts the panel lists for it (events and entities differ in shape)."""
    return {
        node: _event(G, node, data) if data["kind"] == EVENT else _entity(G, node, data)
        for node, data in G.nodes(data=True)
    }


def _event(G: nx.MultiGraph, node: str, data: dict[str, Any]) -> dict[str, Any]:
    who, place = [], None
    for _, v, d in G.edges(node, data=True):
        if d["kind"] == "participant":
            who.append([v, G.nodes[v]["label"], role_words(d.get("role"), data.get("category"))])
        elif d["kind"] == "place":
            place = [v, G.nodes[v]["label"]]
    if place is None and data.get("place"):
        place = [None, data["place"]]
    return {
        "kind": "event",
        "name": event_name(G, node),  # plain words, not the stored CAMEO-type label
        "type": plain_type(data),
        "category": category(data),
        "date": data.get("date"),
        "place": place,
        # people first, then organizations, then countries: who was there before whom they stand for
        "who": sorted(who, key=lambda w: (_RANK.get(G.nodes[w[0]].get("cls"), 1), w[1], w[2], w[0])),
        "cameo": data.get("cameo"),
        "goldstein": data.get("goldstein"),
        "confidence": data.get("confidence"),
        "evidence": [
            [e.get(k) for k in ("sentence", "outlet", "title", "published", "confidence")]
            for e in data.get("evidence") or []
        ],
    }


def _entity(G: nx.MultiGraph, node: str, data: dict[str, Any]) -> dict[str, Any]:
    events = {v for v in G[node] if G.nodes[v]["kind"] == EVENT}
    ordered = sorted(events, key=lambda v: (G.nodes[v].get("date") or "9999", G.nodes[v]["label"]))
    return {
        "kind": "entity",
        "name": data["label"],
        "cls": data.get("cls") or "Agent",
        "country": data.get("country"),
        "aliases": data.get("aliases") or [],
        "posts": data.get("posts") or [],
        "events": ordered,
    }
