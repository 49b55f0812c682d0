"""Instance IRIs: readable slugs under a configurable base (see ontologies/README.md).

An entity of the reference data keeps the IRI its file gives it (a user's ``--reference``
file may use its own, e.g. ``https://example.org/id/person/jane-roe``); every other entity's
IRI is minted from its kind and key. ``entity_iri`` is that rule, for the graph writer and
the facts ``kg extract`` prints alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from kg.model import EntityKind, Event, Modality, ReferenceEntry
from kg.ontology.prefixes import DEFAULT_BASE

if TYPE_CHECKING:
    from rdflib import URIRef

    from kg.ontology.reference import ReferenceIndex

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
_REF_ORDER = ("country", "org", "place", "person")  # a key's kinds without a kind given


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


def _uri(text: str) -> URIRef:
    """rdflib's term for an IRI, rdflib imported on first use: ``kg extract`` only needs the
    text (``entity_iri_text``) and starts without it."""
    from rdflib import URIRef

    return URIRef(text)


def mint_text(kind_or_thing: EntityKind | str, key: str, base: str = DEFAULT_BASE) -> str:
    """``mint_iri`` as a plain string."""
    return f"{_check_base(base)}{segment(kind_or_thing)}/{encode(key)}"


def mint_iri(kind_or_thing: EntityKind | str, key: str, base: str = DEFAULT_BASE) -> URIRef:
    """``B <segment>/<key>``: ``mint_iri(EntityKind.PERSON, "william-burns")``."""
    return _uri(mint_text(kind_or_thing, key, base))


def reference_entry(
    key: str, kind: EntityKind | None = None, index: ReferenceIndex | None = None
) -> ReferenceEntry | None:
    """The reference entity an entity key (of ``kind``) stands for, if any.

    A country and its capital may share a key ("singapore"), so the kind's IRI segment
    decides (a place may also be a country), and without a kind countries come first; of
    two entries of one segment (a user's file giving a bundled key an IRI of its own) the
    later file's wins, as in the extractor's gazetteer. ``index``: the reference data
    (default: ``kg.ontology.reference.reference_index()``)."""
    if index is None:
        from kg.ontology.reference import reference_index

        index = reference_index()
    refs = index.by_key.get(key, ())
    if kind is not None:
        wanted = segment(kind)
        same = [r for r in refs if segment(r.kind) == wanted]
        refs = same or (() if kind is not EntityKind.PLACE else refs)
    if not refs:
        return None
    first = min(_REF_ORDER.index(segment(r.kind)) for r in refs)
    return [r for r in refs if _REF_ORDER.index(segment(r.kind)) == first][-1]


def entity_iri(
    kind: EntityKind, key: str, base: str = DEFAULT_BASE, index: ReferenceIndex | None = None
) -> URIRef:
    """The IRI entity ``key`` of ``kind`` has in the graph: its reference entry's own IRI
    when the reference data defines it, else ``mint_iri(kind, key, base)``."""
    return _uri(entity_iri_text(kind, key, base, index))


def entity_iri_text(
    kind: EntityKind, key: str, base: str = DEFAULT_BASE, index: ReferenceIndex | None = None
) -> str:
    """``entity_iri`` as a plain string (what the facts of ``kg extract`` carry)."""
    ref = reference_entry(key, kind, index)
    if ref is None:
        return mint_text(kind, key, base)
    return ref.iri or mint_text(ref.kind, ref.key, base)


def reference_iri(ref: ReferenceEntry, base: str = DEFAULT_BASE) -> URIRef:
    """A reference entity's IRI: the one its file gives it (minted for a hand-built entry)."""
    return _uri(ref.iri) if ref.iri else mint_iri(ref.kind, ref.key, base)


def graph_iri(doc_id: str, base: str = DEFAULT_BASE) -> URIRef:
    """The named graph holding everything document ``doc_id`` asserts."""
    return mint_iri("graph", doc_id, base)


def vocabulary_graph_iri(base: str = DEFAULT_BASE) -> URIRef:
    """The named graph for diplomacy.ttl + concepts.ttl."""
    return _uri(f"{_check_base(base)}graph/vocabulary")


def doc_iri(doc_id: str, base: str = DEFAULT_BASE) -> URIRef:
    return mint_iri("doc", doc_id, base)


def run_iri(doc_id: str, base: str = DEFAULT_BASE) -> URIRef:
    return mint_iri("run", doc_id, base)


def span_iri(doc_id: str, start: int, end: int, base: str = DEFAULT_BASE) -> URIRef:
    return mint_iri("span", f"{doc_id}/{start}-{end}", base)


def mention_iri(doc_id: str, digest: str, base: str = DEFAULT_BASE) -> URIRef:
    return mint_iri("mention", f"{doc_id}/{digest}", base)


def event_key(event: Event) -> str:
    """The event's key, with its modality appended unless asserted: one article's denial
    ("no talks took place") or plan is another node than another article's report that it
    happened, so no merged event carries two modalities (``dip:modality`` is functional).
    Here, not in ``convert``, so counting events (``kg.tally``) needs no rdflib."""
    modality = Modality(event.modality)
    return event.key if modality is Modality.ASSERTED else f"{event.key}-{modality.value}"
