"""The event-type concepts of concepts.ttl as plain values, for the NLP and analysis layers."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox

from kg.ontology.paths import ontology_file
from kg.ontology.prefixes import WELL_KNOWN

_SKOS = WELL_KNOWN["skos"]
_DIPT = WELL_KNOWN["dipt"]
_DIP = WELL_KNOWN["dip"]  # plain strings, not kg.ontology.terms: that imports rdflib
_RDFS_SUBCLASS = WELL_KNOWN["rdfs"] + "subClassOf"


@dataclass(frozen=True)
class EventTypeInfo:
    """One SKOS event type: its top-level category and its CAMEO/PLOVER/Goldstein codes."""

    name: str  # local name, e.g. "MeetingThirdLocation"
    label: str
    category: str  # local name of the top concept ("Meeting"); a category is its own category
    cameo: str
    plover: str | None
    mode: str | None
    goldstein: float
    definition: str = ""

    @property
    def is_category(self) -> bool:
        return self.category == self.name


def event_types() -> dict[str, EventTypeInfo]:
    """Local name → info for every concept of ``dipt:EventTypes`` (categories included)."""
    return dict(_event_types(ontology_file("concepts.ttl")))


@lru_cache(maxsize=4)
def _event_types(path) -> tuple[tuple[str, EventTypeInfo], ...]:
    props: dict[str, dict[str, str]] = {}
    for t in ox.parse(path=path, format=ox.RdfFormat.TURTLE):
        if not (isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(_DIPT)):
            continue
        name = t.subject.value[len(_DIPT) :]
        value = t.object.value
        if isinstance(t.object, ox.NamedNode) and value.startswith(_DIPT):
            value = value[len(_DIPT) :]
        props.setdefault(name, {})[t.predicate.value] = value
    infos = []
    for name, p in sorted(props.items()):
        if p.get(_SKOS + "prefLabel") is None or _DIP + "cameoCode" not in p:
            continue  # the scheme itself
        top = _SKOS + "topConceptOf" in p
        infos.append(
            (
                name,
                EventTypeInfo(
                    name=name,
                    label=p[_SKOS + "prefLabel"],
                    category=name if top else p[_SKOS + "broader"],
                    cameo=p[_DIP + "cameoCode"],
                    plover=p.get(_DIP + "ploverCategory"),
                    mode=p.get(_DIP + "ploverMode"),
                    goldstein=float(p[_DIP + "goldstein"]),
                    definition=p.get(_SKOS + "definition", ""),
                ),
            )
        )
    return tuple(infos)


def entity_classes_most_specific_first() -> tuple[str, ...]:
    """``prefixes.ENTITY_CLASSES`` with each class before its superclasses (``rdfs:subClassOf``
    in diplomacy.ttl), so an entity typed both dip:Organization and dip:IntelligenceAgency is
    shown as the latter; otherwise in the list's order."""
    return _most_specific_first(ontology_file("diplomacy.ttl"))


@lru_cache(maxsize=4)
def _most_specific_first(path) -> tuple[str, ...]:
    from kg.ontology.prefixes import ENTITY_CLASSES

    parents: dict[str, set[str]] = {}
    for t in ox.parse(path=path, format=ox.RdfFormat.TURTLE):
        if t.predicate.value == _RDFS_SUBCLASS and isinstance(t.object, ox.NamedNode):
            child, parent = t.subject.value, t.object.value
            if child.startswith(_DIP) and parent.startswith(_DIP):
                parents.setdefault(child[len(_DIP) :], set()).add(parent[len(_DIP) :])

    def depth(name: str, seen: frozenset = frozenset()) -> int:
        up = parents.get(name, set()) - seen
        return 1 + max((depth(p, seen | {name}) for p in up), default=0)

    return tuple(sorted(ENTITY_CLASSES, key=lambda c: -depth(c)))
