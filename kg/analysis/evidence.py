"""Evidence for the events a view draws, read after the limit instead of for the whole store.

A 2,000-node view of a million-triple store draws a few hundred of its thousands of events,
and the sentences of the rest are most of what ``to_networkx`` would read. So the view builds
the graph without evidence, keeps what it draws, and asks for the mentions of those events
only; each then carries what ``to_networkx(evidence=True)`` gives it, merged reports included.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from kg.analysis.build import EVENT
from kg.analysis.reader import Reader, strongest_first


def add_evidence(reader: Reader, G: nx.MultiGraph, nodes: Iterable[str] | None = None) -> None:
    """Give the event nodes of G (or of ``nodes``) their evidence and confidence."""
    events = [n for n in (G if nodes is None else nodes) if G.nodes[n]["kind"] == EVENT]
    reader.load_evidence({m for n in events for m in [n, *(G.nodes[n].get("same_as") or ())]})
    for node in events:
        data = G.nodes[node]
        evidence = reader.evidence(node)
        for merged in data.get("same_as") or ():  # as merge_same_occasion combines them
            evidence = evidence + [e for e in reader.evidence(merged) if e not in evidence]
            evidence.sort(key=strongest_first)
        confidences = [e["confidence"] for e in evidence if e["confidence"] is not None]
        data["evidence"] = evidence
        data["confidence"] = max(confidences) if confidences else None
