"""Store → networkx MultiGraph of entities and asserted events.

The rows come from SPARQL SELECTs over the store (``kg.analysis.reader``): only what the
graph shows is read, never a copy of the whole store, so a view of a million-triple store
costs what its picture costs.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from kg.analysis.reader import (
    ALT,
    BROADER,
    CAMEO,
    COUNTRY,
    GOLDSTEIN,
    HOLDS,
    Reader,
    Rows,
    local,
    number,
    strongest_first,
)
from kg.errors import InputError

ENTITY = "entity"
EVENT = "event"


def to_networkx(source: Any, *, min_confidence: float = 0.0, evidence: bool = True) -> nx.MultiGraph:
    """Build the analysis graph: one node per entity and per asserted event.

    ``source`` is a kg store (``kg.store.open_store``) or an rdflib graph or dataset.
    Nodes are keyed by IRI string and carry ``kind`` ("entity" or "event"). Edges carry
    ``kind``: "participant" (with ``role``), "place", "tenure" (person–organization, with
    ``post``) or "affiliation" (agency or government body → its country, with ``relation``).
    Events whose evidence is all below ``min_confidence`` are left out. ``evidence=False``
    skips reading the mentions (events then carry no evidence and no confidence): what the
    analyses that count only who met whom need, in a fraction of the time on a big store.
    """
    if not 0.0 <= min_confidence <= 1.0:
        raise InputError(f"min_confidence must be between 0 and 1, got {min_confidence}")
    if min_confidence > 0 and not evidence:
        raise InputError("min_confidence needs the evidence: leave evidence=True")
    return build_graph(Reader(source, evidence=evidence), min_confidence=min_confidence)


def build_graph(reader: Reader, *, min_confidence: float = 0.0) -> nx.MultiGraph:
    """The analysis graph of the rows a Reader holds (``to_networkx`` without the checks):
    the view keeps the Reader to fetch the evidence of the events it draws afterwards."""
    G = nx.MultiGraph()
    for event in sorted(reader.events):
        evidence = reader.evidence(event)
        if min_confidence > 0:
            evidence = [e for e in evidence if (e["confidence"] or 0.0) >= min_confidence]
            if not evidence:
                continue
        _add_event(reader, G, event, evidence)
    merge_same_occasion(G)
    _add_tenures(reader, G)
    before = set(G)
    add_affiliations(G)
    reader.countries_named_only = set(G) - before  # kg.analysis.detail describes them so
    return G


def unasserted_events(source: Any) -> int:
    """Events in the store that no source reports as having happened (negated, planned, …);
    ``source`` is a store, an rdflib graph or the ``Rows`` of one."""
    rows = (source if isinstance(source, Rows) else Rows(source)).select("unasserted-events")
    return int(rows[0][0] or 0) if rows else 0


def merge_same_occasion(G: nx.MultiGraph) -> None:
    """One node for a summit also stored as a meeting or talks of the same day and place
    with the same participants (one occasion reported as both): the summit keeps the
    evidence of both, so it is counted and drawn once."""
    summits: dict[tuple[str, str, frozenset[str]], str] = {}
    for node, data in G.nodes(data=True):
        if data["kind"] == EVENT and data.get("category") == "Summit" and data.get("date"):
            summits.setdefault((data["date"], data.get("place_iri") or "", _who(G, node)), node)
    for node, data in list(G.nodes(data=True)):
        if data["kind"] != EVENT or data.get("category") not in ("Meeting", "Talks"):
            continue
        if not data.get("date") or not data.get("place_iri"):
            continue
        summit = summits.get((data["date"], data["place_iri"], _who(G, node)))
        if summit is None:
            continue
        kept = G.nodes[summit]
        evidence = kept["evidence"] + [e for e in data["evidence"] if e not in kept["evidence"]]
        evidence.sort(key=strongest_first)
        kept["evidence"] = evidence
        confidences = [c for c in (kept.get("confidence"), data.get("confidence")) if c is not None]
        kept["confidence"] = max(confidences) if confidences else None
        kept.setdefault("same_as", []).append(node)
        G.remove_node(node)


def _who(G: nx.MultiGraph, event: str) -> frozenset[str]:
    return frozenset(v for _, v, d in G.edges(event, data=True) if d["kind"] == "participant")


# organization class → how it belongs to its country, said in plain words
AFFILIATION = {
    "IntelligenceAgency": "agency of",
    "GovernmentBody": "part of the government of",
    "Organization": "organization of",
}


def add_affiliations(G: nx.MultiGraph) -> None:
    """An edge from each agency, government body or national organization to its country.

    So "CIA" and "United States" are one step apart and a path from an agency head to a
    foreign minister can run through the two countries. Media outlets and international
    organizations get none: an outlet's home country is no tie between the actors it reports.
    """
    for node, data in list(G.nodes(data=True)):
        relation = AFFILIATION.get(data.get("cls") or "") if data["kind"] == ENTITY else None
        country = data.get("country_iri") if relation else None
        if not country or country == node:
            continue
        if country not in G:
            G.add_node(country, **country_attrs(country, data.get("country")))
        G.add_edge(node, country, key="affiliation", kind="affiliation", relation=relation)


def country_attrs(country: str, label: str | None) -> dict[str, Any]:
    """A country node that only an agency's, body's or organization's dip:country names."""
    return {
        "kind": ENTITY,
        "iri": country,
        "label": label or local(country) or country,
        "cls": "Country",
        "aliases": [],
        "posts": [],
        "country": label,
        "country_iri": country,
    }


def _add_entity(reader: Reader, G: nx.MultiGraph, iri: str) -> str:
    if iri not in G:
        G.add_node(iri, **entity_attrs(reader, iri))
    return iri


def entity_attrs(reader: Reader, iri: str) -> dict[str, Any]:
    """What an entity node carries (its ``posts`` are set with its tenures)."""
    f = reader.facts
    cls = f.entity_class(iri)
    country_iri = f.value(iri, COUNTRY)
    if cls == "Country" and country_iri is None:
        country_iri = iri
    return {
        "kind": ENTITY,
        "iri": iri,
        "label": f.label(iri),
        "cls": cls,
        "aliases": f.values(iri, ALT),
        "posts": [],
        "country": f.label(country_iri) if country_iri is not None else None,
        "country_iri": country_iri,
    }


def _add_event(reader: Reader, G: nx.MultiGraph, event: str, evidence: list[dict[str, Any]]) -> None:
    G.add_node(event, **event_attrs(reader, event, evidence))
    for agent, role, representing in reader.participants.get(event, ()):
        node = _add_entity(reader, G, agent)
        G.add_edge(event, node, key=f"participant:{role}", **participant_attrs(reader, role, representing))
    place = reader.events[event]["place"]
    if place is not None:
        G.add_edge(event, _add_entity(reader, G, place), key="place", kind="place")


def participant_attrs(reader: Reader, role: str, representing: str | None) -> dict[str, Any]:
    label = reader.facts.label(representing) if representing is not None else None
    return {"kind": "participant", "role": role, "representing": label}


def event_attrs(reader: Reader, event: str, evidence: list[dict[str, Any]]) -> dict[str, Any]:
    """What an event node carries, but for ``same_as`` (set when two reports merge)."""
    f, row = reader.facts, reader.events[event]
    etype = row["type"]
    category = row["category"]
    if category is None and etype is not None:
        category = f.value(etype, BROADER) or etype
    cameo = row["cameo"]
    if cameo is None and etype is not None:
        cameo = f.value(etype, CAMEO)
    goldstein = number(row["goldstein"])
    if goldstein is None and etype is not None:
        goldstein = number(f.value(etype, GOLDSTEIN))
    place, date = row["place"], row["date"]
    confidences = [e["confidence"] for e in evidence if e["confidence"] is not None]
    attrs: dict[str, Any] = {
        "kind": EVENT,
        "iri": event,
        "label": row["label"] or row["pref"] or local(event) or event,
        "type": local(etype),
        "type_label": f.label(etype) if etype is not None else None,
        "category": local(category),
        "date": date[:10] if date is not None else None,
        "cameo": cameo,
        "place": f.label(place) if place is not None else None,
        "place_iri": place,
        "topics": reader.topics[event],
        "evidence": evidence,
        "confidence": max(confidences) if confidences else None,
    }
    if goldstein is not None:
        attrs["goldstein"] = goldstein
    return attrs


def _add_tenures(reader: Reader, G: nx.MultiGraph) -> None:
    """Post edges for the people in the graph, and their post labels.

    A post belongs to an organization (``cia--director``) or, for heads of state and
    ministers, to a country; either is the other end of the edge. People who take part
    in no asserted event are left out, so reference data does not flood the graph.
    """
    people = [n for n, d in G.nodes(data=True) if d["kind"] == ENTITY and d["cls"] == "Person"]
    tenures = reader.tenures(people)
    for node in people:
        posts, edges = person_tenures(reader, node, tenures.get(node, {}))
        for holder, key, attrs in edges:
            G.add_edge(node, _add_entity(reader, G, holder), key=key, **attrs)
        G.nodes[node]["posts"] = posts


def person_tenures(
    reader: Reader, person: str, tenures: dict[str, dict[str, str | None]]
) -> tuple[list[str], list[tuple[str, str, dict[str, Any]]]]:
    """A person's post labels, and (holder, key, attributes) of each tenure edge in the order
    they are added (two tenures of one post give one edge: the last one's attributes)."""
    posts = {reader.post_label(p, None, None) for p in reader.facts.values(person, HOLDS)}
    edges = []
    for tenure, t in sorted(tenures.items()):
        label = reader.post_label(t["post"], t["role"], t["holder"])
        posts.add(label)
        if t["holder"] is None:
            continue
        date = t["date"]
        key = f"tenure:{t['post'] if t['post'] is not None else tenure}"
        day = date[:10] if date is not None else None
        attrs = {"kind": "tenure", "post": label, "role": t["role"], "date": day}
        edges.append((t["holder"], key, attrs))
    return sorted(p for p in posts if p), edges
