"""Analyses of the knowledge graph: store → networkx → rows (lists of dicts).

Example::

    G = to_networkx(store, min_confidence=0.5)  # a kg store, or an rdflib graph
    for row in actors(G, limit=10):
        print(row["actor"], row["pagerank"])
"""

from kg.analysis.build import ENTITY, EVENT, to_networkx
from kg.analysis.events import dyads, timeline
from kg.analysis.filters import filter_graph, select_events
from kg.analysis.metrics import actors, communities
from kg.analysis.names import resolve_name
from kg.analysis.paths import ego, neighbourhood, path

__all__ = [
    "ENTITY",
    "EVENT",
    "actors",
    "communities",
    "dyads",
    "ego",
    "filter_graph",
    "neighbourhood",
    "path",
    "resolve_name",
    "select_events",
    "timeline",
    "to_networkx",
]
