"""Names: a name a user typed → one entity node; a node → the words a reader sees."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Any

import networkx as nx

from kg.analysis.build import ENTITY, EVENT
from kg.errors import InputError


def label(G: nx.MultiGraph, node: str) -> str:
    """The display label of a node."""
    return G.nodes[node].get("label") or node


# event types whose SKOS names are CAMEO jargon, shown by their category's plain name
_PLAIN_CATEGORY = {"MeetingThirdLocation": "Meeting", "HostVisit": "Visit"}


def plain_type(data: dict[str, Any]) -> str:
    """An event's kind in plain words: "Meeting" for a meeting at a third location, "Phone
    call", "Public statement" (a type without a SKOS label is split at its capitals)."""
    kind = data.get("type")
    if kind in _PLAIN_CATEGORY:
        return _PLAIN_CATEGORY[kind]
    name = data.get("type_label") or kind or data.get("category") or "Event"
    if " " in name:
        return name
    words = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", name)  # PhoneCall → Phone call
    return " ".join([words[0], *(w.lower() for w in words[1:])]) if words else name


def participants(G: nx.MultiGraph, event: str) -> list[str]:
    """Participant nodes of an event: people first, then organizations, then countries (a
    reader looks for who was there before the bloc or state they stand for), by label."""
    found = {
        v for _, v, d in G.edges(event, data=True) if d["kind"] == "participant"
    }
    rank = {"Person": 0, "Country": 2}
    return sorted(found, key=lambda v: (rank.get(G.nodes[v].get("cls"), 1), G.nodes[v]["label"]))


def event_name(G: nx.MultiGraph, node: str) -> str:
    """An event in plain words, people first, then where and when:
    "Meeting: William Burns, Sergei Naryshkin (Ankara, 2022-11-14)" (the stored label
    names the CAMEO type: "Meeting at a third location: …"). Any other node: its label."""
    data = G.nodes[node]
    if data.get("kind") != EVENT:
        return label(G, node)
    who = ", ".join(label(G, v) for v in participants(G, node))
    where = ", ".join(x for x in (data.get("place"), data.get("date")) if x)
    return plain_type(data) + (f": {who}" if who else "") + (f" ({where})" if where else "")


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
