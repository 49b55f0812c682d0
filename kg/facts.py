"""An ``Extraction`` as the plain JSON facts ``kg extract`` prints and ``kg eval`` scores.

Names are the canonical names used in the graph; keys and IRIs are given so the JSON can be
joined with the store. Only asserted events go in ``events``; negated, future and
hypothetical ones go in ``unasserted_events``.
"""

from __future__ import annotations

from typing import Any

from kg.model import EntityKind, Event, Extraction, Modality
from kg.ontology.prefixes import DEFAULT_BASE


def entity_iri(base: str, key: str, kind: EntityKind, index=None) -> str:
    """The IRI the entity has in the graph (the ontology layer decides it: a reference
    entity's own IRI, else one minted from kind and key)."""
    from kg.ontology.iris import entity_iri_text

    return entity_iri_text(kind, key, base, index)


def extraction_to_facts(x: Extraction, base: str = DEFAULT_BASE) -> dict[str, Any]:
    from kg.ontology.reference import reference_index

    names = {e.key: e.name for e in x.entities}
    index = reference_index()
    doc = x.document

    def name(key: str | None) -> str | None:
        return names.get(key, key) if key else None

    def event(e: Event) -> dict[str, Any]:
        return {
            "category": e.category,
            "type": e.type,
            "cameo": None,
            "plover": None,
            "participants": [name(p.agent) for p in e.participants],
            "roles": [
                {"name": name(p.agent), "role": p.role, "representing": name(p.representing)}
                for p in e.participants
            ],
            "location": name(e.location),
            "date": e.date.iso if e.date else None,
            "date_text": e.date.text if e.date else None,
            "modality": e.modality.value,
            "confidence": e.evidence.confidence,
            "evidence": e.evidence.sentence,
            "reported_by": [name(k) for k in e.evidence.reported_by],
            "attribution": e.evidence.attribution,
            "rule": e.evidence.rule,
            "offsets": [e.evidence.start, e.evidence.end],
        }

    named_in_facts = {p.agent for e in x.events for p in e.participants} | {
        e.location for e in x.events if e.location
    }
    named_in_facts |= {k for t in x.tenures for k in (t.person, t.organization, t.country) if k}
    events, kinds = _grouped([(event(e), e) for e in x.events])
    return {
        "document": {
            "id": doc.doc_id,
            "title": doc.title,
            "outlet": doc.outlet,
            "published": doc.published,
            "url": doc.url,
            "source": doc.source,
        },
        "entities": [  # those the text names (countries only pointed to are in the graph, not here)
            {
                "name": e.name,
                "type": e.kind.coarse,
                "class": e.kind.value,
                "aliases": list(e.aliases),
                "iri": entity_iri(base, e.key, e.kind, index),
                "wikidata": e.wikidata,
                "country": name(e.country),
            }
            for e in x.entities
            if e.mentions or e.key in named_in_facts
        ],
        "roles": [
            {
                "person": name(t.person),
                "role": t.role,
                "organization": name(t.organization),
                "country": name(t.country),
                "confidence": t.evidence.confidence,
                "evidence": t.evidence.sentence,
            }
            for t in x.tenures
        ],
        "events": [ev for ev, m in zip(events, kinds, strict=True) if m is Modality.ASSERTED],
        "unasserted_events": [ev for ev, m in zip(events, kinds, strict=True) if m is not Modality.ASSERTED],
    }


def _grouped(pairs: list[tuple[dict[str, Any], Event]]) -> tuple[list[dict[str, Any]], list[Modality]]:
    """One entry per event: its mentions in several sentences become ``mentions`` evidence,
    the most confident mention gives ``confidence`` and ``evidence``."""
    order: list[tuple[str, Modality]] = []
    groups: dict[tuple[str, Modality], list[dict[str, Any]]] = {}
    for fact, e in pairs:
        key = (e.key, e.modality)
        if key not in groups:
            order.append(key)
            groups[key] = []
        groups[key].append(fact)
    out = []
    for key in order:
        facts = groups[key]
        best = max(facts, key=lambda f: f["confidence"])
        merged = dict(best)
        merged["mentions"] = [
            {
                "evidence": f["evidence"],
                "confidence": f["confidence"],
                "reported_by": f["reported_by"],
                "attribution": f["attribution"],
                "offsets": f["offsets"],
            }
            for f in facts
        ]
        merged["reported_by"] = sorted({s for f in facts for s in f["reported_by"]})
        out.append(merged)
    return out, [m for _, m in order]


def add_codes(facts: dict[str, Any], codes: dict[str, tuple[str | None, str | None]]) -> dict[str, Any]:
    """Fill in CAMEO and PLOVER codes from the concept scheme (type → (cameo, plover))."""
    for key in ("events", "unasserted_events"):
        for ev in facts[key]:
            ev["cameo"], ev["plover"] = codes.get(ev["type"], (None, None))
    return facts
