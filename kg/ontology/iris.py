"""Minting instance IRIs: readable slugs under a configurable base (see ontologies/README.md)."""

from __future__ import annotations

from urllib.parse import quote

from rdflib import URIRef

from kg.model import EntityKind
from kg.ontology.namespaces import DEFAULT_BASE

# path segment of each kind of instance; every Organization subclass shares org/
_ENTITY_SEGMENT = {
    EntityKind.PERSON: "person",
    EntityKind.ORGANIZATION: "org",
    EntityKind.GOVERNMENT_BODY: "org",
    EntityKind.INTELLIGENCE_AGENCY: "org",
    EntityKind.MEDIA_OUTLET: "org",
    EntityKind.INTERNATIONAL_ORGANIZATION: "org",
    EntityKind.COUNTRY: "country",
    EntityKind.CITY: "place",
    EntityKind.PLACE: "place",
}
SEGMENTS = frozenset(
    {*_ENTITY_SEGMENT.values(), "post", "tenure", "event", "participation", "doc", "mention",
     "span", "run", "graph"}
)
_SAFE = "/:-._~"


def _check_base(base: str) -> str:
    if not base.endswith(("/", "#")):
        from kg.errors import InputError

        raise InputError(f"IRI base {base!r} must end with '/' or '#'")
    return base


def segment(kind_or_thing: EntityKind | str) -> str:
    """The IRI path segment for an entity kind or a thing name ("post", "event", ...)."""
    if isinstance(kind_or_thing, EntityKind):
        return _ENTITY_SEGMENT[kind_or_thing]
    if kind_or_thing in SEGMENTS:
        return kind_or_thing
    try:
        return _ENTITY_SEGMENT[EntityKind(kind_or_thing)]
    except ValueError:
        raise ValueError(f"no IRI scheme for {kind_or_thing!r}") from None


def encode(part: str) -> str:
    """Percent-encode what may not stand in an IRI path; slashes and colons stay readable."""
    return quote(part, safe=_SAFE)


def mint_iri(kind_or_thing: EntityKind | str, key: str, base: str = DEFAULT_BASE) -> URIRef:
    """``B <segment>/<key>``: ``mint_iri(EntityKind.PERSON, "william-burns")``."""
    return URIRef(f"{_check_base(base)}{segment(kind_or_thing)}/{encode(key)}")


def graph_iri(doc_id: str, base: str = DEFAULT_BASE) -> URIRef:
    """The named graph holding everything document ``doc_id`` asserts."""
    return mint_iri("graph", doc_id, base)


def vocabulary_graph_iri(base: str = DEFAULT_BASE) -> URIRef:
    """The named graph for diplomacy.ttl + concepts.ttl."""
    return URIRef(f"{_check_base(base)}graph/vocabulary")


def doc_iri(doc_id: str, base: str = DEFAULT_BASE) -> URIRef:
    return mint_iri("doc", doc_id, base)


def run_iri(doc_id: str, base: str = DEFAULT_BASE) -> URIRef:
    return mint_iri("run", doc_id, base)


def span_iri(doc_id: str, start: int, end: int, base: str = DEFAULT_BASE) -> URIRef:
    return mint_iri("span", f"{doc_id}/{start}-{end}", base)


def mention_iri(doc_id: str, digest: str, base: str = DEFAULT_BASE) -> URIRef:
    return mint_iri("mention", f"{doc_id}/{digest}", base)
