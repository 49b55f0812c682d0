"""The second half of a limited view: every attribute of the nodes it draws, read for them.

A view of 2,000 of a big store's nodes ranks all of them by PageRank, which needs only how
they are linked: ``Reader(structure=True)`` reads that (classes, countries, event types,
places, dates, participations, tenures) and no labels, aliases, posts or evidence. Once the
drawn nodes are chosen, ``describe`` reads those for them and gives each node and link the
attributes ``to_networkx`` would have given it, by the same functions (``kg.analysis.build``).
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from kg.analysis.build import (
    EVENT,
    country_attrs,
    entity_attrs,
    event_attrs,
    participant_attrs,
    person_tenures,
)
from kg.analysis.reader import COUNTRY, HOLDS, POST_IN, Reader


def describe(reader: Reader, G: nx.MultiGraph, nodes: Iterable[str] | None = None) -> None:
    """Give ``nodes`` of G (all by default) and the links among them their full attributes."""
    wanted = list(G if nodes is None else nodes)
    events = [n for n in wanted if G.nodes[n]["kind"] == EVENT]
    reader.describe(events)
    _load_named(reader, G, wanted)
    people = [n for n in wanted if G.nodes[n]["kind"] != EVENT and G.nodes[n]["cls"] == "Person"]
    tenures = reader.tenures(people)
    for node in wanted:
        data = G.nodes[node]
        if data["kind"] == EVENT:
            fresh = event_attrs(reader, node, data["evidence"])
            if "same_as" in data:
                fresh["same_as"] = data["same_as"]
        elif node in reader.countries_named_only:
            fresh = country_attrs(node, reader.facts.label(node))
        else:
            fresh = entity_attrs(reader, node)
        data.clear()
        data.update(fresh)
    inside = set(wanted)
    for event in events:
        for agent, role, representing in reader.participants.get(event, ()):
            if agent in inside and G.has_edge(event, agent, f"participant:{role}"):
                link = G.edges[event, agent, f"participant:{role}"]
                link.update(participant_attrs(reader, role, representing))
    for person in people:
        posts, edges = person_tenures(reader, person, tenures.get(person, {}))
        G.nodes[person]["posts"] = posts
        for holder, key, attrs in edges:
            if holder in inside and G.has_edge(person, holder, key):
                G.edges[person, holder, key].update(attrs)


def _load_named(reader: Reader, G: nx.MultiGraph, nodes: list[str]) -> None:
    """Fetch in a few queries the nodes and what their labels name: countries, event types
    and places, whom participants stood for, posts."""
    f, named = reader.facts, set(nodes)
    for node in nodes:
        if G.nodes[node]["kind"] == EVENT:
            row = reader.events[node]
            named.update(v for v in (row["type"], row["place"]) if v)
            named.update(r for _, _, r in reader.participants.get(node, ()) if r)
    f.load(named)
    f.load(v for n in named for p in (COUNTRY, POST_IN, HOLDS) for v in f.values(n, p))
