"""How two actors are connected: shortest paths and neighbourhoods."""

from __future__ import annotations

import itertools
from typing import Any

import networkx as nx

from kg.analysis.build import EVENT
from kg.analysis.names import event_name, label, resolve_name
from kg.analysis.terms import role_words
from kg.errors import InputError


def _without_places(G: nx.MultiGraph) -> nx.Graph:
    """Links through events and posts only: a shared venue is not a connection."""
    return nx.subgraph_view(G, filter_edge=lambda u, v, k: G.edges[u, v, k]["kind"] != "place")


def path(G: nx.MultiGraph, a: str, b: str) -> list[dict[str, Any]]:
    """The shortest chain of events and posts from ``a`` to ``b``, one row per step: who
    or what is linked to what (events in plain words), how, and why we know it."""
    source, target = resolve_name(G, a), resolve_name(G, b)
    if source == target:
        raise InputError(f"'{a}' and '{b}' are the same entity; give two different names.")
    nodes = None
    for view in (_without_places(G), G):
        try:
            nodes = nx.shortest_path(view, source, target)
            break
        except nx.NetworkXNoPath:
            continue
    if nodes is None:
        raise InputError(
            f"No connection between {label(G, source)} and {label(G, target)} in the graph."
        )
    return [
        {
            "step": i,
            "from": event_name(G, u),
            "link": describe(G, u, v),
            "to": event_name(G, v),
            "why": explain(G, u, v),
        }
        for i, (u, v) in enumerate(itertools.pairwise(nodes), 1)
    ]


def _edge(G: nx.MultiGraph, u: str, v: str) -> dict[str, Any]:
    """The edge a step follows: a participation or post before a shared place."""
    return sorted(G[u][v].values(), key=lambda e: (e["kind"] == "place", e.get("role") or ""))[0]


def describe(G: nx.MultiGraph, u: str, v: str) -> str:
    """One phrase for the edge u → v: "took part in", "director of", "agency of", …"""
    edge = _edge(G, u, v)
    from_event = G.nodes[u]["kind"] == EVENT
    if edge["kind"] == "participant":
        event = u if from_event else v
        role = role_words(edge.get("role"), G.nodes[event].get("category"))
        suffix = "" if role == "participant" else f" as {role}"
        return f"involved{suffix}" if from_event else f"took part{suffix} in"
    if edge["kind"] == "place":
        return "took place in" if from_event else "was the place of"
    if edge["kind"] == "affiliation":
        relation = edge.get("relation") or "part of"
        return relation if G.nodes[u].get("cls") != "Country" else f"has ({relation})"
    role = edge.get("role") or edge.get("post") or "holder of a post"
    return f"{role} of" if G.nodes[u].get("cls") == "Person" else f"has as {role}"


def explain(G: nx.MultiGraph, u: str, v: str) -> str:
    """Why the step u → v holds, in a sentence: the report of an event (its best evidence
    sentence and source), the post a person holds, the country an organization belongs to."""
    edge = _edge(G, u, v)
    if edge["kind"] in ("participant", "place"):
        event, other = (u, v) if G.nodes[u]["kind"] == EVENT else (v, u)
        evidence = G.nodes[event].get("evidence") or []
        if evidence:
            best = evidence[0]
            source = ", ".join(x for x in (best.get("outlet"), best.get("published")) if x)
            return f"“{best['sentence']}”" + (f" ({source})" if source else "")
        if edge["kind"] == "place":
            return f"{event_name(G, event)} took place in {label(G, other)}."
        role = role_words(edge.get("role"), G.nodes[event].get("category"))
        return f"{label(G, other)} took part in {event_name(G, event)} as {role}."
    if edge["kind"] == "affiliation":
        org, country = (u, v) if G.nodes[v].get("cls") == "Country" else (v, u)
        relation = edge.get("relation") or "part of"
        article = "an " if relation.startswith(("agency", "organization")) else ""
        return f"{label(G, org)} is {article}{relation} {label(G, country)}."
    person, holder = (u, v) if G.nodes[u].get("cls") == "Person" else (v, u)
    post = edge.get("post") or f"{edge.get('role') or 'holder of a post'} of {label(G, holder)}"
    seen = f" (seen {edge['date']})" if edge.get("date") else ""
    return f"{label(G, person)} is {post}{seen}."


def neighbourhood(G: nx.MultiGraph, node: str, depth: int) -> dict[str, int]:
    """Distance of every node within ``depth`` hops of ``node``."""
    if depth < 0:
        raise InputError(f"depth must be 0 or more, got {depth}")
    return dict(nx.single_source_shortest_path_length(G, node, cutoff=depth))


def ego(G: nx.MultiGraph, name: str, depth: int = 2) -> list[dict[str, Any]]:
    """Everything within ``depth`` hops of an actor, nearest first."""
    center = resolve_name(G, name)
    rows = []
    for node, distance in neighbourhood(G, center, depth).items():
        data = G.nodes[node]
        is_event = data["kind"] == EVENT
        rows.append(
            {
                "distance": distance,
                "name": data["label"],
                "kind": data["kind"],
                "class": data.get("type") if is_event else data.get("cls"),
                "date": data.get("date") if is_event else None,
                "country": None if is_event else data.get("country"),
                "iri": node,
            }
        )
    rows.sort(key=lambda r: (r["distance"], r["kind"], r["date"] or "", r["name"]))
    return rows
