"""Turn a name a user typed into one entity node of the analysis graph."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

import networkx as nx

from kg.analysis.build import ENTITY
from kg.errors import InputError


def label(G: nx.MultiGraph, node: str) -> str:
    """The display label of a node."""
    return G.nodes[node].get("label") or node


def resolve_name(G: nx.MultiGraph, name: str, *, classes: Iterable[str] | None = None) -> str:
    """The node whose label, alias or surname is ``name`` (case-insensitive), or its IRI.

    Exact labels win over aliases, aliases over surnames; more than one match at the best
    level is ambiguous. Raises InputError listing candidates.
    """
    wanted = set(classes) if classes is not None else None
    query = " ".join(name.split()).casefold()
    if not query:
        raise InputError("Empty name: give an entity label, alias or surname.")
    if name in G and G.nodes[name].get("kind") == ENTITY:
        return name
    levels: list[list[str]] = [[], [], []]
    entities = []
    for node, data in G.nodes(data=True):
        if data.get("kind") != ENTITY or (wanted is not None and data.get("cls") not in wanted):
            continue
        entities.append(node)
        if data["label"].casefold() == query:
            levels[0].append(node)
        elif any(a.casefold() == query for a in data.get("aliases", ())):
            levels[1].append(node)
        elif data.get("cls") == "Person" and data["label"].split()[-1].casefold() == query:
            levels[2].append(node)
    what = "/".join(sorted(wanted)) if wanted else "entity"
    for found in levels:
        if len(found) == 1:
            return found[0]
        if found:
            names = "; ".join(sorted(f"{label(G, n)} <{n}>" for n in found))
            raise InputError(f"'{name}' is ambiguous: it matches {names}. Use a full name or IRI.")
    labels = {G.nodes[n]["label"].casefold(): G.nodes[n]["label"] for n in entities}
    close = difflib.get_close_matches(query, list(labels), n=5, cutoff=0.6)
    hint = f" Did you mean: {', '.join(labels[c] for c in close)}?" if close else ""
    raise InputError(f"No {what} named '{name}' in the graph.{hint}")
