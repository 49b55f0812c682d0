"""Who matters: centrality of actors and communities of the whole graph."""

from __future__ import annotations

from typing import Any

import networkx as nx

from kg.analysis.build import ENTITY, EVENT
from kg.errors import InputError

# Exact betweenness costs O(n·m): ~8 s at 2,000 nodes. Beyond this many nodes it is
# estimated from min(BETWEENNESS_SAMPLE, n) source nodes picked with a fixed seed.
EXACT_BETWEENNESS_LIMIT = 1000
BETWEENNESS_SAMPLE = 500
SEED = 42


def simple(G: nx.MultiGraph) -> nx.Graph:
    """The same nodes with parallel edges merged, for measures that count neighbours."""
    return nx.Graph(G)


def actors(G: nx.MultiGraph, limit: int | None = 20) -> list[dict[str, Any]]:
    """Entities ranked by PageRank, with degree, betweenness and number of events."""
    if limit is not None and limit < 1:
        raise InputError(f"limit must be a positive number, got {limit}")
    S = simple(G)
    n = S.number_of_nodes()
    if n == 0:
        return []
    betweenness = _betweenness(S)
    pagerank = nx.pagerank(S) if S.number_of_edges() else {v: 1.0 / n for v in S}
    rows = []
    for node, data in G.nodes(data=True):
        if data["kind"] != ENTITY:
            continue
        rows.append(
            {
                "actor": data["label"],
                "class": data["cls"],
                "country": data.get("country"),
                "events": sum(1 for v in S[node] if G.nodes[v]["kind"] == EVENT),
                "degree": S.degree(node),
                "betweenness": round(betweenness[node], 6),
                "pagerank": round(pagerank[node], 6),
                "iri": node,
            }
        )
    rows.sort(key=lambda r: (-r["pagerank"], -r["events"], r["actor"]))
    return rows[:limit] if limit is not None else rows


def _betweenness(S: nx.Graph) -> dict[str, float]:
    """Exact up to EXACT_BETWEENNESS_LIMIT nodes, else sampled (same result on every run)."""
    n = S.number_of_nodes()
    if n <= EXACT_BETWEENNESS_LIMIT:
        return nx.betweenness_centrality(S)
    return nx.betweenness_centrality(S, k=min(BETWEENNESS_SAMPLE, n), seed=SEED)


def communities(G: nx.MultiGraph) -> list[dict[str, Any]]:
    """Louvain communities (fixed seed), largest first; members listed by degree."""
    S = simple(G)
    if S.number_of_edges() == 0:
        return []
    groups = nx.community.louvain_communities(S, seed=SEED)
    rows = []
    for group in groups:
        entities = [v for v in group if G.nodes[v]["kind"] == ENTITY]
        if not entities:
            continue
        entities.sort(key=lambda v: (-S.degree(v), G.nodes[v]["label"]))
        rows.append(
            {
                "size": len(entities),
                "events": len(group) - len(entities),
                "members": "; ".join(G.nodes[v]["label"] for v in entities),
            }
        )
    rows.sort(key=lambda r: (-r["size"], -r["events"], r["members"]))
    return [{"community": i, **row} for i, row in enumerate(rows, 1)]
