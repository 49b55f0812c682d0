"""What happened: timelines of events and country-to-country interaction counts."""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from typing import Any

import networkx as nx

from kg.analysis.filters import countries, select_events
from kg.analysis.names import participants, plain_type

__all__ = ["dyads", "plain_type", "timeline"]

def timeline(
    G: nx.MultiGraph,
    actor: str | None = None,
    country: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[dict[str, Any]]:
    """Asserted events in date order (undated last), with their best evidence sentence."""
    rows = []
    for node in select_events(G, actor=actor, country=country, since=since, until=until):
        data = G.nodes[node]
        evidence = data.get("evidence") or []
        rows.append(
            {
                "date": data.get("date"),
                "what": plain_type(data),
                "type": data.get("type"),
                "category": data.get("category"),
                "event": data["label"],
                "participants": "; ".join(G.nodes[v]["label"] for v in participants(G, node)),
                "place": data.get("place"),
                "cameo": data.get("cameo"),
                "goldstein": data.get("goldstein"),
                "sources": len({(e["title"], e["outlet"]) for e in evidence}),
                "sentence": evidence[0]["sentence"] if evidence else None,
                "iri": node,
            }
        )
    return rows


def dyads(G: nx.MultiGraph) -> list[dict[str, Any]]:
    """Pairs of countries whose actors share events: counts per category, summed Goldstein.

    A person or organization counts for its dip:country; a pair is unordered and listed
    with its names in alphabetical order.
    """
    counts: dict[tuple[str, str, str], list[float]] = defaultdict(lambda: [0, 0.0])
    names: dict[str, str] = {}
    for node, data in G.nodes(data=True):
        if data["kind"] != "event":
            continue
        involved = countries(G, node)
        for v in participants(G, node):
            if G.nodes[v].get("country_iri"):
                names[G.nodes[v]["country_iri"]] = G.nodes[v]["country"]
        for a, b in combinations(sorted(involved, key=lambda c: names[c]), 2):
            cell = counts[(a, b, data.get("category") or "")]
            cell[0] += 1
            cell[1] += data.get("goldstein") or 0.0
    rows = [
        {
            "country_a": names[a],
            "country_b": names[b],
            "category": category or None,
            "events": int(n),
            "goldstein": round(score, 2),
        }
        for (a, b, category), (n, score) in counts.items()
    ]
    rows.sort(key=lambda r: (-r["events"], r["country_a"], r["country_b"], r["category"] or ""))
    return rows
