"""Cut the analysis graph down to what a user asked for (shared by analyses and the view)."""

from __future__ import annotations

import copy
import datetime
from collections.abc import Iterable

import networkx as nx

from kg.analysis.build import ENTITY, EVENT
from kg.analysis.dates import check_date, in_range
from kg.analysis.names import resolve_name
from kg.analysis.paths import neighbourhood
from kg.errors import InputError


def categories() -> tuple[str, ...]:
    """The event categories: the top concepts of concepts.ttl (see ontologies/README.md)."""
    from kg.ontology.concepts import event_types

    return tuple(name for name, info in event_types().items() if info.is_category)



def countries(G: nx.MultiGraph, event: str, *, place: bool = False) -> set[str]:
    """Country IRIs an event involves: its participants' countries (and its place's)."""
    found = set()
    for _, v, d in G.edges(event, data=True):
        if d["kind"] == "participant" or (place and d["kind"] == "place"):
            c = G.nodes[v].get("country_iri")
            if c:
                found.add(c)
    return found


def resolve_country(G: nx.MultiGraph, name: str) -> str:
    """A country node, or a country that is known only as the dip:country of some actor."""
    try:
        return resolve_name(G, name, classes=("Country",))
    except InputError:
        wanted = " ".join(name.split()).casefold()
        for _, data in G.nodes(data=True):
            if data.get("country_iri") and (data.get("country") or "").casefold() == wanted:
                return data["country_iri"]
        raise


def resolve_category(G: nx.MultiGraph, category: str) -> str:
    """The category (or event type) name as spelled in the graph, matched case-insensitively."""
    known = set(categories())
    for _, data in G.nodes(data=True):
        if data["kind"] == EVENT:
            known.update(x for x in (data.get("category"), data.get("type")) if x)
    for name in known:
        if name.casefold() == category.strip().casefold():
            return name
    raise InputError(f"Unknown category '{category}'; use one of: {', '.join(sorted(known))}.")


def check_bound(value: str | None, option: str) -> str | None:
    """``check_date`` plus the calendar: month 1-12, a day that month has (2022-13-45 and
    2023-02-29 are refused)."""
    value = check_date(value, option)
    if value is None:
        return None
    year, _, rest = value.partition("-")
    month, _, day = rest.partition("-")
    try:
        datetime.date(int(year), int(month or 1), int(day[:2] or 1))
    except ValueError:
        raise InputError(
            f"{option} is not a real date: '{value}' (use YYYY, YYYY-MM or YYYY-MM-DD)"
        ) from None
    return value


def select_events(
    G: nx.MultiGraph,
    *,
    actor: str | None = None,
    country: str | None = None,
    category: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[str]:
    """Event nodes that match every given condition, sorted by date then label."""
    since, until = check_bound(since, "since"), check_bound(until, "until")
    who = resolve_name(G, actor) if actor else None
    where = resolve_country(G, country) if country else None
    what = resolve_category(G, category) if category else None
    found = []
    for node, data in G.nodes(data=True):
        if data["kind"] != EVENT or not in_range(data.get("date"), since, until):
            continue
        if what and what not in (data.get("category"), data.get("type")):
            continue
        if who and who not in G[node]:
            continue
        if where and where not in G[node] and where not in countries(G, node, place=True):
            continue
        found.append(node)
    found.sort(key=lambda n: (G.nodes[n].get("date") or "9999", G.nodes[n]["label"]))
    return found


def induced(G: nx.MultiGraph, nodes: Iterable[str]) -> nx.MultiGraph:
    """An independent copy of G on ``nodes`` with G's order of nodes and edges (networkx's
    ``G.subgraph(small set).copy()`` follows the set's order, which changes from one process
    to the next, and so did the page drawn from it)."""
    keep = set(nodes)
    H = nx.MultiGraph()
    H.add_nodes_from((v, dict(d)) for v, d in G.nodes(data=True) if v in keep)
    seen: set[str] = set()
    for u, neighbours in G.adj.items():
        if u not in keep:
            continue
        H.add_edges_from(
            (u, v, key, dict(d))
            for v, edges in neighbours.items() if v in keep and v not in seen
            for key, d in edges.items()
        )  # fmt: skip
        seen.add(u)
    return H


def filter_graph(
    G: nx.MultiGraph,
    *,
    actor: str | None = None,
    depth: int = 2,
    country: str | None = None,
    category: str | None = None,
    since: str | None = None,
    until: str | None = None,
    min_confidence: float = 0.0,
) -> nx.MultiGraph:
    """A copy of G with only the matching events, the entities they touch, and their posts.

    With ``actor``, only what lies within ``depth`` hops of that actor is kept.
    """
    if not 0.0 <= min_confidence <= 1.0:
        raise InputError(f"min_confidence must be between 0 and 1, got {min_confidence}")
    keep: set[str] | None = None
    if country or category or since or until or min_confidence > 0:
        events = select_events(G, country=country, category=category, since=since, until=until)
        if min_confidence > 0:
            events = [e for e in events if (G.nodes[e].get("confidence") or 0) >= min_confidence]
        keep = set(events)
        for e in events:
            keep.update(G[e])
        for v in list(keep):
            if G.nodes[v]["kind"] == ENTITY:
                keep.update(u for u, _, d in G.edges(v, data=True) if d["kind"] == "tenure")
                keep.update(w for _, w, d in G.edges(v, data=True) if d["kind"] == "tenure")
    if actor:
        center = resolve_name(G, actor)
        if keep is not None and center not in keep:
            raise InputError(
                f"{G.nodes[center]['label']} has no events that match the other filters; "
                "drop or widen them."
            )
        keep = set(neighbourhood(G if keep is None else G.subgraph(keep), center, depth))
    H = induced(G, G if keep is None else keep)  # an independent copy whose attribute dicts we may change
    if min_confidence > 0:
        for node, data in H.nodes(data=True):
            if data["kind"] == EVENT:
                H.nodes[node]["evidence"] = [
                    copy.copy(e)
                    for e in data.get("evidence", [])
                    if (e["confidence"] or 0) >= min_confidence
                ]
    return H
