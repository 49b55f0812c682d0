"""Plain, frozen values passed between stages (ingest → nlp → ontology → store).

Stdlib only: this module is the seam that lets the NLP code ignore rdflib and the store
ignore spaCy. Every cross-reference between objects is by ``key`` (a readable slug), never
by object identity, so values can be pickled across processes and compared in tests.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum


class EntityKind(StrEnum):
    """Classes of the diplomacy ontology an entity can have (``dip:<value>``)."""

    PERSON = "Person"
    ORGANIZATION = "Organization"
    GOVERNMENT_BODY = "GovernmentBody"
    INTELLIGENCE_AGENCY = "IntelligenceAgency"
    MEDIA_OUTLET = "MediaOutlet"
    INTERNATIONAL_ORGANIZATION = "InternationalOrganization"
    COUNTRY = "Country"
    CITY = "City"
    PLACE = "Place"

    @property
    def coarse(self) -> str:
        """The five-way type used by ``kg extract`` and the evaluation."""
        if self in _ORGANIZATION_KINDS:
            return "Organization"
        return self.value

    @property
    def is_place(self) -> bool:
        return self in (EntityKind.COUNTRY, EntityKind.CITY, EntityKind.PLACE)


_ORGANIZATION_KINDS = {
    EntityKind.ORGANIZATION,
    EntityKind.GOVERNMENT_BODY,
    EntityKind.INTELLIGENCE_AGENCY,
    EntityKind.MEDIA_OUTLET,
    EntityKind.INTERNATIONAL_ORGANIZATION,
}


class Modality(StrEnum):
    """Whether the text says an event happened (only ``asserted`` events are facts)."""

    ASSERTED = "asserted"
    NEGATED = "negated"
    FUTURE = "future"
    HYPOTHETICAL = "hypothetical"


def slugify(text: str) -> str:
    """ASCII, lower-case, hyphenated slug used in IRIs and keys ("Sergei Lavrov" → "sergei-lavrov")."""
    normalized = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", normalized.lower()).strip("-")
    return slug or "x" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def short_hash(*parts: str, length: int = 10) -> str:
    """Stable hex digest of the parts, for keys that must merge across documents."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


@dataclass(frozen=True)
class Document:
    """One source article after ingest: clean text plus what we know about where it came from.

    ``doc_id`` identifies the *source* (URL, else resolved path, else content hash for stdin)
    so a changed article replaces its earlier version; ``content_hash`` identifies the text so
    an unchanged one is skipped.
    """

    doc_id: str
    text: str
    content_hash: str
    source: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO date "YYYY-MM-DD"
    url: str | None = None
    removed: tuple[str, ...] = ()  # page-noise passages dropped by the cleaners, for audit


@dataclass(frozen=True)
class Evidence:
    """Where a fact comes from: document, sentence, character offsets, rule and confidence.

    Offsets index ``Document.text``; ``start``/``end`` cover the words that triggered the fact
    and ``sentence_start``/``sentence_end`` the whole sentence.
    """

    doc_id: str
    sentence: str
    sentence_start: int
    sentence_end: int
    start: int
    end: int
    confidence: float
    rule: str
    reported_by: tuple[str, ...] = ()  # entity keys: "according to Reuters", "Kommersant reported"
    attribution: str | None = None  # "reported" | "confirmed" | "denied" | "said"


@dataclass(frozen=True)
class Entity:
    """A resolved person, organization or place; ``key`` is stable across documents."""

    key: str
    name: str
    kind: EntityKind
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    country: str | None = None  # key of the country an organization or city belongs to
    mentions: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class DateValue:
    """A resolved date at day, month or year precision, with the words it came from.

    ``iso`` is "YYYY-MM-DD", "YYYY-MM" or "YYYY", or None when the text could not be
    resolved (then only ``text`` is kept).
    """

    iso: str | None
    text: str

    @property
    def precision(self) -> str | None:
        if self.iso is None:
            return None
        return {10: "day", 7: "month", 4: "year"}[len(self.iso)]


@dataclass(frozen=True)
class Tenure:
    """A person observed holding a post ("CIA director William Burns")."""

    person: str  # entity key
    role: str  # lower-case title: "director", "foreign minister"
    organization: str | None  # entity key
    country: str | None  # entity key
    observed: str | None  # ISO date the text shows the person in post (publication date)
    evidence: Evidence

    @property
    def post_key(self) -> str:
        """Posts are shared by every holder: keyed by role and organization (or country)."""
        holder = self.organization or self.country or "unaffiliated"
        return f"{holder}--{slugify(self.role)}"


@dataclass(frozen=True)
class Participation:
    """An agent's part in an event: role is "participant", "source", "target", "host",
    "visitor" or "represented"; ``representing`` is the agent they stand in for."""

    agent: str  # entity key
    role: str = "participant"
    representing: str | None = None


@dataclass(frozen=True)
class Event:
    """One event with all its participants (PLOVER style, not CAMEO dyads).

    ``type`` is the local name of a SKOS concept in ``ontologies/concepts.ttl``
    ("MeetingThirdLocation"); ``category`` its top-level category ("Meeting").
    """

    type: str
    category: str
    participants: tuple[Participation, ...]
    modality: Modality
    evidence: Evidence
    location: str | None = None  # entity key of a place
    date: DateValue | None = None
    topic: str | None = None

    @property
    def participant_keys(self) -> tuple[str, ...]:
        return tuple(p.agent for p in self.participants)

    @property
    def key(self) -> str:
        """Same type, date, place and participants → same key, whichever article reports it."""
        agents = sorted(set(self.participant_keys))
        date = self.date.iso if self.date and self.date.iso else ""
        digest = short_hash(self.type, date, self.location or "", *agents)
        stem = slugify(self.type)
        return f"{stem}-{date}-{digest}" if date else f"{stem}-{digest}"


@dataclass(frozen=True)
class Extraction:
    """Everything one document asserts; the unit that becomes one named graph."""

    document: Document
    entities: tuple[Entity, ...] = ()
    tenures: tuple[Tenure, ...] = ()
    events: tuple[Event, ...] = ()
    extractor: str = ""  # e.g. "kg 0.1.0 / en_core_web_sm 3.8.0"

    def entity(self, key: str) -> Entity | None:
        return next((e for e in self.entities if e.key == key), None)


@dataclass(frozen=True)
class ReferenceEntry:
    """One entity of the reference data (``ontologies/reference/*.ttl``) as plain values.

    The ontology layer parses the Turtle; the NLP layer builds its gazetteer from these.
    ``posts`` lists (role, organization key, country key, start ISO, end ISO) a person held.
    ``iri`` is the IRI the entity's file gives it, which it keeps in the graph
    (``kg.ontology.iris.entity_iri``); None only for entries built by hand.
    """

    key: str
    name: str
    kind: EntityKind
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    country: str | None = None
    demonyms: tuple[str, ...] = ()
    capital: str | None = None  # key of the capital city (countries)
    seat_of: str | None = None  # key of the country/body a metonym stands for ("Kremlin")
    posts: tuple[tuple[str, str | None, str | None, str | None, str | None], ...] = ()
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    iri: str | None = None
