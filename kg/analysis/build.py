"""Store graph (rdflib) → networkx MultiGraph of entities and asserted events.

Read with plain triple look-ups rather than SPARQL: rdflib's SPARQL joins are slow on large
graphs, and every look-up here is by subject and predicate.
"""

from __future__ import annotations

import warnings
from typing import Any

import networkx as nx
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg.analysis.terms import DCTERMS, DIP, ENTITY_CLASSES, ORG, PROV, RDF, RDFS, SCHEMA, SKOS
from kg.errors import InputError

ENTITY = "entity"
EVENT = "event"

_CLASS_IRIS = {DIP[name]: name for name in ENTITY_CLASSES}


def to_networkx(graph: Graph, *, min_confidence: float = 0.0) -> nx.MultiGraph:
    """Build the analysis graph: one node per entity and per asserted event.

    Nodes are keyed by IRI string and carry ``kind`` ("entity" or "event"). Edges carry
    ``kind``: "participant" (with ``role``), "place", "tenure" (person–organization, with
    ``post``) or "affiliation" (agency or government body → its country, with ``relation``).
    Events whose evidence is all below ``min_confidence`` are left out.
    """
    if not 0.0 <= min_confidence <= 1.0:
        raise InputError(f"min_confidence must be between 0 and 1, got {min_confidence}")
    with warnings.catch_warnings():
        # rdflib's own Dataset.triples trips its deprecation of default_context.
        warnings.filterwarnings("ignore", "Dataset.default_context", DeprecationWarning)
        return _build(_union(graph), min_confidence)


def _build(g: Graph, min_confidence: float) -> nx.MultiGraph:
    reader = _Reader(g)
    G = nx.MultiGraph()
    for event in sorted(set(g.subjects(DIP.modality, DIP.Asserted))):
        if (event, RDF.type, DIP.Event) not in g:
            continue
        evidence = reader.evidence(event)
        if min_confidence > 0:
            evidence = [e for e in evidence if (e["confidence"] or 0.0) >= min_confidence]
            if not evidence:
                continue
        reader.add_event(G, event, evidence)
    merge_same_occasion(G)
    reader.add_tenures(G)
    add_affiliations(G)
    return G


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
        evidence.sort(key=lambda r: (-(r["confidence"] or 0.0), r["published"] or "", r["title"] or ""))
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
            G.add_node(
                country,
                kind=ENTITY,
                iri=country,
                label=data.get("country") or _local(URIRef(country)) or country,
                cls="Country",
                aliases=[],
                posts=[],
                country=data.get("country"),
                country_iri=country,
            )
        G.add_edge(node, country, key="affiliation", kind="affiliation", relation=relation)


def _union(graph: Graph) -> Graph:
    """A graph whose triples are the union of every named graph in ``graph``."""
    if not isinstance(graph, Graph):
        raise TypeError(f"expected an rdflib.Graph, got {type(graph).__name__}")
    if not isinstance(graph, Dataset) or graph.default_union:
        return graph
    union = Graph()
    for s, p, o, _ in graph.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def _local(iri: Node | None) -> str | None:
    """The last path or fragment segment of an IRI ("…/event-type/Meeting" → "Meeting")."""
    if iri is None:
        return None
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if isinstance(iri, URIRef) else text


def _text(value: Node | None) -> str | None:
    return None if value is None else str(value)


def _float(value: Node | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value.toPython() if isinstance(value, Literal) else value)
    except (TypeError, ValueError):
        return None


class _Reader:
    """Look-ups on one graph, with the small caches that make big graphs fast."""

    def __init__(self, g: Graph) -> None:
        self.g = g
        self._docs: dict[Node, dict[str, Any]] = {}

    # -- labels -------------------------------------------------------------------------
    def label(self, iri: Node) -> str:
        labels = sorted(str(o) for o in self.g.objects(iri, RDFS.label))
        if not labels:
            labels = sorted(str(o) for o in self.g.objects(iri, SKOS.prefLabel))
        return labels[0] if labels else (_local(iri) or str(iri))

    def entity_class(self, iri: Node) -> str:
        found = {_CLASS_IRIS[t] for t in self.g.objects(iri, RDF.type) if t in _CLASS_IRIS}
        for name in ENTITY_CLASSES:
            if name in found:
                return name
        return "Agent"

    # -- nodes --------------------------------------------------------------------------
    def add_entity(self, G: nx.MultiGraph, iri: Node) -> str:
        key = str(iri)
        if key in G:
            return key
        cls = self.entity_class(iri)
        country_iri = self.g.value(iri, DIP.country)
        if cls == "Country" and country_iri is None:
            country_iri = iri
        G.add_node(
            key,
            kind=ENTITY,
            iri=key,
            label=self.label(iri),
            cls=cls,
            aliases=sorted({str(o) for o in self.g.objects(iri, SKOS.altLabel)}),
            posts=[],
            country=self.label(country_iri) if country_iri is not None else None,
            country_iri=_text(country_iri),
        )
        return key

    def add_event(self, G: nx.MultiGraph, event: Node, evidence: list[dict[str, Any]]) -> None:
        g = self.g
        etype = g.value(event, DIP.eventType)
        category = g.value(event, DIP.category)
        if category is None and etype is not None:
            category = g.value(etype, SKOS.broader) or etype
        cameo = g.value(event, DIP.cameoCode)
        if cameo is None and etype is not None:
            cameo = g.value(etype, DIP.cameoCode)
        goldstein = _float(g.value(event, DIP.goldstein))
        if goldstein is None and etype is not None:
            goldstein = _float(g.value(etype, DIP.goldstein))
        place = g.value(event, DIP.place)
        date = g.value(event, DIP.date)
        confidences = [e["confidence"] for e in evidence if e["confidence"] is not None]
        key = str(event)
        attrs: dict[str, Any] = {
            "kind": EVENT,
            "iri": key,
            "label": self.label(event),
            "type": _local(etype),
            "type_label": self.label(etype) if etype is not None else None,
            "category": _local(category),
            "date": str(date)[:10] if date is not None else None,
            "cameo": _text(cameo),
            "place": self.label(place) if place is not None else None,
            "place_iri": _text(place),
            "topics": sorted(str(t) for t in g.objects(event, DIP.topic)),
            "evidence": evidence,
            "confidence": max(confidences) if confidences else None,
        }
        if goldstein is not None:
            attrs["goldstein"] = goldstein
        G.add_node(key, **attrs)
        for agent, role, representing in self.participants(event):
            node = self.add_entity(G, agent)
            G.add_edge(
                key,
                node,
                key=f"participant:{role}",
                kind="participant",
                role=role,
                representing=self.label(representing) if representing is not None else None,
            )
        if place is not None:
            G.add_edge(key, self.add_entity(G, place), key="place", kind="place")

    def participants(self, event: Node) -> list[tuple[Node, str, Node | None]]:
        """(agent, role, representing) for every participant, roles from dip:participation."""
        g = self.g
        roles: dict[Node, tuple[str, Node | None]] = {}
        for part in g.objects(event, DIP.participation):
            agent = g.value(part, DIP.agent)
            if agent is not None:
                role = _text(g.value(part, DIP.roleType)) or "participant"
                roles[agent] = (role, g.value(part, DIP.representing))
        agents = set(g.objects(event, DIP.hasParticipant)) | set(roles)
        return [(a, *roles.get(a, ("participant", None))) for a in sorted(agents)]

    def add_tenures(self, G: nx.MultiGraph) -> None:
        """Post edges for the people in the graph, and their post labels.

        A post belongs to an organization (``cia--director``) or, for heads of state and
        ministers, to a country; either is the other end of the edge. People who take part
        in no asserted event are left out, so reference data does not flood the graph.
        """
        g = self.g
        people = [n for n, d in G.nodes(data=True) if d["kind"] == ENTITY and d["cls"] == "Person"]
        for node in people:
            person = URIRef(node)
            posts = {self.post_label(p, None, None) for p in g.objects(person, ORG.holds)}
            for tenure in sorted(set(g.subjects(ORG.member, person))):
                post = g.value(tenure, DIP.post)
                role = _text(g.value(tenure, DIP.roleName))
                holder = g.value(tenure, ORG.organization)
                if holder is None and post is not None:
                    holder = g.value(post, ORG.postIn) or g.value(post, DIP.country)
                if holder is None:
                    holder = g.value(tenure, DIP.country)
                label = self.post_label(post, role, holder)
                posts.add(label)
                if holder is None:
                    continue
                date = g.value(tenure, DIP.observedAt) or g.value(tenure, DIP.startDate)
                G.add_edge(
                    node,
                    self.add_entity(G, holder),
                    key=f"tenure:{post if post is not None else tenure}",
                    kind="tenure",
                    post=label,
                    role=role,
                    date=str(date)[:10] if date is not None else None,
                )
            G.nodes[node]["posts"] = sorted(p for p in posts if p)

    def post_label(self, post: Node | None, role: str | None, organization: Node | None) -> str:
        if post is not None and (post, RDFS.label, None) in self.g:
            return self.label(post)
        role = role or (_text(self.g.value(post, DIP.roleName)) if post is not None else None)
        if organization is None and post is not None:
            organization = self.g.value(post, ORG.postIn)
        if role and organization is not None:
            return f"{role} of {self.label(organization)}"
        return role or (_local(post) or "")

    # -- evidence -----------------------------------------------------------------------
    def evidence(self, about: Node) -> list[dict[str, Any]]:
        """Evidence dicts for a fact, strongest first."""
        rows = []
        for mention in self.g.subjects(DIP.about, about):
            doc = self.document(self.g.value(mention, PROV.wasDerivedFrom))
            rows.append(
                {
                    "sentence": _text(self.g.value(mention, DIP.sentence)) or "",
                    **doc,
                    "confidence": _float(self.g.value(mention, DIP.confidence)),
                }
            )
        rows.sort(key=lambda r: (-(r["confidence"] or 0.0), r["published"] or "", r["title"] or ""))
        return rows

    def document(self, doc: Node | None) -> dict[str, Any]:
        if doc is None:
            return {"title": None, "outlet": None, "published": None}
        if doc not in self._docs:
            g = self.g
            outlet = _text(g.value(doc, DIP.outletName))
            publisher = g.value(doc, SCHEMA.publisher)
            if outlet is None and publisher is not None:
                outlet = self.label(publisher)
            published = g.value(doc, SCHEMA.datePublished)
            self._docs[doc] = {
                "title": _text(g.value(doc, DCTERMS.title)),
                "outlet": outlet,
                "published": str(published)[:10] if published is not None else None,
            }
        return self._docs[doc]
