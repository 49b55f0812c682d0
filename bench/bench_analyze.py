"""Time ``analyze actors`` and ``analyze communities`` at 2.5 k and 10 k nodes, kg vs igraph.

    .venv/bin/python bench/bench_analyze.py [--nodes 2500 10000]

The graphs are bench_view's synthetic analysis graphs (30 % actors in 40 countries, 70 %
events with 2–4 participants, a few very busy actors). For each size: CPU seconds of kg's
``actors`` (PageRank, degree, betweenness) and ``communities`` (Louvain on the actors, fixed
seed; beside it networkx's Louvain on the whole graph, which kg used before), and the
same measures in python-igraph on the same simple graph when it is installed (it is not a kg
dependency: ``pip install igraph`` into the venv for this bench; without it the igraph rows
are skipped with a note). igraph's exact betweenness is the yardstick for kg's sampled one:
printed are the largest error on any node (as a share of the largest betweenness) and how many
of the 20 highest-betweenness actors kg finds; and the modularity of every partition, each
computed on the whole simple graph.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import networkx as nx
from bench_view import synthetic

from kg.analysis import actors, communities, to_networkx
from kg.analysis.louvain import louvain_groups
from kg.analysis.metrics import betweenness, sample_size, simple


def cpu(fn):
    """(CPU seconds of this process, result): the machine is shared, wall time is noise."""
    start = time.process_time()
    result = fn()
    return time.process_time() - start, result


def igraph_figures(S: nx.Graph) -> dict | None:
    try:
        import igraph as ig
    except ImportError:
        return None
    nodes = list(S)
    index = {v: i for i, v in enumerate(nodes)}
    g = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in S.edges()])
    n = len(nodes)
    pr_s, _ = cpu(g.pagerank)
    bt_s, raw = cpu(g.betweenness)
    scale = 2 / ((n - 1) * (n - 2)) if n > 2 else 1.0  # networkx's normalisation, undirected
    lv_s, parts = cpu(lambda: g.community_multilevel())
    return {
        "pagerank": pr_s,
        "betweenness": bt_s,
        "louvain": lv_s,
        "exact": {nodes[i]: b * scale for i, b in enumerate(raw)},
        "modularity": parts.modularity,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, nargs="+", default=[2500, 10000])
    args = parser.parse_args()
    for size in args.nodes:
        G = to_networkx(synthetic(size))
        S = simple(G)
        print(f"{G.number_of_nodes():,} nodes, {S.number_of_edges():,} edges (simple graph)")
        actors_s, _ = cpu(lambda G=G: actors(G, limit=20))
        communities_s, groups = cpu(lambda G=G: communities(G))
        pr_s, _ = cpu(lambda S=S: nx.pagerank(S))
        bt_s, sampled = cpu(lambda S=S: betweenness(S))
        lv_s, parts = cpu(lambda S=S: nx.community.louvain_communities(S, seed=42))
        kg_parts = louvain_groups(G, S)
        sources = min(len(S), sample_size(len(S), S.number_of_edges()))
        print(f"  kg analyze actors:      {actors_s:6.2f} s  (PageRank {pr_s:.2f} s, "
              f"betweenness {bt_s:.2f} s from {sources:,} sources)")  # fmt: skip
        print(f"  kg analyze communities: {communities_s:6.2f} s  ({len(groups)} communities, modularity "
              f"{nx.community.modularity(S, kg_parts):.3f}; networkx's Louvain on the whole graph "
              f"{lv_s:.2f} s, modularity {nx.community.modularity(S, parts):.3f})")  # fmt: skip
        yard = igraph_figures(S)
        if yard is None:
            print("  igraph: skipped (python-igraph is not installed: pip install igraph)")
            continue
        exact = yard["exact"]
        top = max(exact.values()) or 1.0
        error = max(abs(sampled[v] - exact[v]) for v in exact) / top
        entity = [v for v in exact if G.nodes[v]["kind"] == "entity"]
        best = set(sorted(entity, key=lambda v: -exact[v])[:20])
        found = set(sorted(entity, key=lambda v: -sampled[v])[:20])
        print(f"  igraph: PageRank {yard['pagerank']:.2f} s, exact betweenness {yard['betweenness']:.2f} s, "
              f"Louvain {yard['louvain']:.2f} s (modularity {yard['modularity']:.3f})")  # fmt: skip
        print(f"  ratio kg/igraph: actors {actors_s / (yard['pagerank'] + yard['betweenness']):.1f}x, "
              f"communities {communities_s / yard['louvain']:.1f}x")  # fmt: skip
        print(f"  kg's sampled betweenness vs exact: largest error {error:.1%} of the top value; "
              f"{len(best & found)} of the top 20 actors found")  # fmt: skip


if __name__ == "__main__":
    main()
