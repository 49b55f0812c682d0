"""``Extraction`` → the triples of one document graph, exactly as ontologies/README.md shows.

Deterministic: IRIs come from keys and offsets, never from counters, clocks or blank nodes,
so the same extraction always yields the same graph and re-ingesting a document is idempotent.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from kg.errors import ExtractionError
from kg.model import (
    DateValue,
    Entity,
    EntityKind,
    Event,
    Evidence,
    Extraction,
    Modality,
    ReferenceEntry,
    Tenure,
    short_hash,
)
from kg.ontology import iris
from kg.ontology.concepts import event_types
from kg.ontology.namespaces import (
    DCTERMS,
    DEFAULT_BASE,
    DIP,
    DIPT,
    NIF,
    ORG,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    WIKIDATA,
    XSD,
    new_graph,
)
from kg.ontology.reference import load_reference

MODALITY = {
    Modality.ASSERTED: DIP.Asserted,
    Modality.NEGATED: DIP.Negated,
    Modality.FUTURE: DIP.Future,
    Modality.HYPOTHETICAL: DIP.Hypothetical,
}
_DATE_TYPES = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}
_NON_PERSON = frozenset(EntityKind) - {EntityKind.PERSON}
_CENT = Decimal("0.01")
_REF_ORDER = ("country", "org", "place")


def date_literal(iso: str) -> Literal:
    """An ISO date at day, month or year precision, typed accordingly."""
    datatype = _DATE_TYPES.get(len(iso))
    if datatype is None:
        raise ExtractionError(f"date {iso!r} is not YYYY-MM-DD, YYYY-MM or YYYY")
    return Literal(iso, datatype=datatype)


def confidence_literal(value: float) -> Literal:
    """Confidence as xsd:decimal with two places (0.849 → 0.85)."""
    rounded = Decimal(str(value)).quantize(_CENT, rounding=ROUND_HALF_UP)
    return Literal(rounded, datatype=XSD.decimal)


def source_iri(source: str) -> URIRef | None:
    """``dcterms:source`` as an IRI: a URL as it is, a file as its absolute ``file:`` IRI,
    nothing for standard input ("-")."""
    if not source or source == "-":
        return None
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", source):
        return URIRef(source)
    return URIRef(Path(source).resolve().as_uri())


def event_key(event: Event) -> str:
    """The event's key, with its modality appended unless asserted: one article's denial
    ("no talks took place") or plan is another node than another article's report that it
    happened, so no merged event carries two modalities (``dip:modality`` is functional)."""
    modality = Modality(event.modality)
    return event.key if modality is Modality.ASSERTED else f"{event.key}-{modality.value}"


def extraction_to_graph(extraction: Extraction, base: str = DEFAULT_BASE) -> Graph:
    """The triples of the named graph of ``extraction.document``."""
    return _Writer(extraction, base).write()


class _Writer:
    """Holds the lookups one conversion needs; one instance per extraction."""

    def __init__(self, extraction: Extraction, base: str) -> None:
        self.x = extraction
        self.base = base
        self.doc_id = extraction.document.doc_id
        self.g = new_graph(base)
        self.entities = {e.key: e for e in extraction.entities}
        self.reference: dict[str, list[ReferenceEntry]] = {}
        for ref in load_reference():
            if ref.kind in _NON_PERSON:
                self.reference.setdefault(ref.key, []).append(ref)
        self.types = event_types()

    # -- IRIs -------------------------------------------------------------------------------

    def ref(self, key: str, kind: EntityKind | None = None) -> ReferenceEntry | None:
        """The reference entity with this key; a country and its capital may share a key
        ("singapore"), so the kind's IRI segment decides, and countries come first."""
        refs = self.reference.get(key, [])
        if kind is not None:
            wanted = iris.segment(kind)
            same = [r for r in refs if iris.segment(r.kind) == wanted]
            refs = same or ([] if kind is not EntityKind.PLACE else refs)
        return min(refs, key=lambda r: _REF_ORDER.index(iris.segment(r.kind)), default=None)

    def name_of(self, key: str) -> str:
        entity = self.entities.get(key) or self.ref(key)
        return entity.name if entity else key

    def entity_iri(self, entity: Entity) -> URIRef:
        ref = self.ref(entity.key, entity.kind) if entity.kind in _NON_PERSON else None
        if ref is not None:
            return URIRef(ref.extra["iri"])
        return iris.mint_iri(entity.kind, entity.key, self.base)

    def key_iri(self, key: str, what: str) -> URIRef:
        """IRI of an entity key used by a fact; a key the document does not define must be
        a reference entity, whose type and label are then written too."""
        entity = self.entities.get(key)
        if entity is not None:
            return self.entity_iri(entity)
        ref = self.ref(key)
        if ref is None:
            raise ExtractionError(
                f"{what} {key!r} of document {self.doc_id!r} is neither among its entities "
                "nor in the reference data"
            )
        iri = URIRef(ref.extra["iri"])
        self.g.add((iri, RDF.type, DIP[ref.kind.value]))
        self.g.add((iri, RDFS.label, Literal(ref.name)))
        return iri

    def country_iri(self, key: str) -> URIRef:
        if key in self.entities:
            return self.key_iri(key, "country")
        ref = self.ref(key, EntityKind.COUNTRY)
        if ref is not None:
            return URIRef(ref.extra["iri"])
        return iris.mint_iri(EntityKind.COUNTRY, key, self.base)

    # -- parts --------------------------------------------------------------------------------

    def write(self) -> Graph:
        self.document()
        for entity in self.x.entities:
            self.entity(entity)
        for tenure in self.x.tenures:
            self.tenure(tenure)
        for event in self.x.events:
            self.event(event)
        return self.g

    def document(self) -> None:
        d, g = self.x.document, self.g
        doc, run = iris.doc_iri(self.doc_id, self.base), iris.run_iri(self.doc_id, self.base)
        g.add((doc, RDF.type, DIP.SourceDocument))
        if d.title:
            g.add((doc, DCTERMS.title, Literal(d.title)))
        if d.outlet:
            g.add((doc, DIP.outletName, Literal(d.outlet)))
            publisher = self.outlet_iri(d.outlet)
            if publisher is not None:
                g.add((doc, SCHEMA.publisher, publisher))
        if d.published:
            g.add((doc, SCHEMA.datePublished, date_literal(d.published)))
        if d.url:
            g.add((doc, SCHEMA.url, Literal(d.url, datatype=XSD.anyURI)))
        g.add((doc, DIP.contentHash, Literal(d.content_hash)))
        source = source_iri(d.source)
        if source is not None:
            g.add((doc, DCTERMS.source, source))
        g.add((run, RDF.type, DIP.ExtractionRun))
        g.add((run, PROV.used, doc))
        if self.x.extractor:
            g.add((run, DIP.extractor, Literal(self.x.extractor)))

    def outlet_iri(self, outlet: str) -> URIRef | None:
        """The media outlet the document's outlet name resolves to, if any."""
        wanted = outlet.casefold()
        for entity in self.x.entities:
            names = (entity.name, *entity.aliases)
            if entity.kind is EntityKind.MEDIA_OUTLET and wanted in {n.casefold() for n in names}:
                return self.entity_iri(entity)
        for refs in self.reference.values():
            for ref in refs:
                names = (ref.name, *ref.aliases)
                if ref.kind is EntityKind.MEDIA_OUTLET and wanted in {n.casefold() for n in names}:
                    return self.key_iri(ref.key, "outlet")
        return None

    def entity(self, entity: Entity) -> None:
        g, iri = self.g, self.entity_iri(entity)
        g.add((iri, RDF.type, DIP[entity.kind.value]))
        g.add((iri, RDFS.label, Literal(entity.name)))
        for alias in entity.aliases:
            if alias != entity.name:
                g.add((iri, SKOS.altLabel, Literal(alias)))
        if entity.wikidata:
            wd = entity.wikidata
            g.add((iri, SCHEMA.sameAs, URIRef(wd if "/" in wd else WIKIDATA[wd])))
        if entity.country and entity.kind is not EntityKind.COUNTRY:
            g.add((iri, DIP.country, self.country_iri(entity.country)))
        for evidence in entity.mentions:
            self.mention(iri, evidence)

    def post_label(self, tenure: Tenure) -> str:
        holder = tenure.organization or tenure.country
        if holder is None:
            return tenure.role
        return f"{tenure.role} of {self.name_of(holder)}"

    def tenure(self, t: Tenure) -> None:
        g = self.g
        person = self.key_iri(t.person, "tenure holder")
        post = iris.mint_iri("post", t.post_key, self.base)
        tenure = iris.mint_iri("tenure", f"{t.person}--{t.post_key}", self.base)
        organization = self.key_iri(t.organization, "organization") if t.organization else None
        country = self.country_iri(t.country) if t.country else None
        g.add((person, ORG.holds, post))
        g.add((post, RDF.type, DIP.Post))
        g.add((post, RDFS.label, Literal(self.post_label(t))))
        g.add((post, DIP.roleName, Literal(t.role)))
        g.add((tenure, RDF.type, DIP.Tenure))
        g.add((tenure, ORG.member, person))
        g.add((tenure, DIP.post, post))
        g.add((tenure, DIP.roleName, Literal(t.role)))
        if organization is not None:
            g.add((post, ORG.postIn, organization))
            g.add((tenure, ORG.organization, organization))
        if country is not None:
            g.add((post, DIP.country, country))
            g.add((tenure, DIP.country, country))
        if t.observed:
            g.add((tenure, DIP.observedAt, date_literal(t.observed)))
        self.mention(tenure, t.evidence)

    def event_label(self, event: Event, label: str) -> str:
        names = [self.name_of(key) for key in dict.fromkeys(event.participant_keys)]
        where = []
        if event.location:
            where.append(self.name_of(event.location))
        if event.date is not None and (event.date.iso or event.date.text):
            where.append(event.date.iso or event.date.text)
        text = f"{label}: {', '.join(names)}"
        return f"{text} ({', '.join(where)})" if where else text

    def event(self, event: Event) -> None:
        info = self.types.get(event.type)
        if info is None:
            raise ExtractionError(
                f"event type {event.type!r} is not a concept of concepts.ttl; use one of "
                + ", ".join(sorted(self.types))
            )
        g, key = self.g, event_key(event)
        iri = iris.mint_iri("event", key, self.base)
        g.add((iri, RDF.type, DIP.Event))
        g.add((iri, RDFS.label, Literal(self.event_label(event, info.label))))
        g.add((iri, DIP.eventType, DIPT[event.type]))
        g.add((iri, DIP.category, DIPT[event.category or info.category]))
        g.add((iri, DIP.cameoCode, Literal(info.cameo)))
        if info.plover:
            g.add((iri, DIP.ploverCategory, Literal(info.plover)))
        for part in event.participants:
            agent = self.key_iri(part.agent, "participant")
            participation = iris.mint_iri("participation", f"{key}--{part.agent}", self.base)
            g.add((iri, DIP.hasParticipant, agent))
            g.add((iri, DIP.participation, participation))
            g.add((participation, RDF.type, DIP.Participation))
            g.add((participation, DIP.agent, agent))
            g.add((participation, DIP.roleType, Literal(part.role)))
            if part.representing:
                represented = self.key_iri(part.representing, "represented agent")
                g.add((participation, DIP.representing, represented))
        if event.location:
            g.add((iri, DIP.place, self.key_iri(event.location, "event place")))
        self.event_date(iri, event.date)
        g.add((iri, DIP.modality, MODALITY[Modality(event.modality)]))
        if event.topic:
            g.add((iri, DIP.topic, Literal(event.topic)))
        self.mention(iri, event.evidence)

    def event_date(self, iri: URIRef, date: DateValue | None) -> None:
        if date is None:
            return
        if date.iso:
            self.g.add((iri, DIP.date, date_literal(date.iso)))
        if date.text:
            self.g.add((iri, DIP.dateText, Literal(date.text)))

    def mention(self, about: URIRef, ev: Evidence) -> None:
        g = self.g
        digest = short_hash(str(about), str(ev.sentence_start), str(ev.start), str(ev.end))
        mention = iris.mention_iri(self.doc_id, digest, self.base)
        span = iris.span_iri(self.doc_id, ev.sentence_start, ev.sentence_end, self.base)
        doc = iris.doc_iri(self.doc_id, self.base)
        g.add((mention, RDF.type, DIP.Mention))
        g.add((mention, DIP.about, about))
        g.add((mention, PROV.wasDerivedFrom, doc))
        g.add((mention, PROV.wasGeneratedBy, iris.run_iri(self.doc_id, self.base)))
        g.add((mention, DIP.evidenceSpan, span))
        g.add((mention, DIP.sentence, Literal(ev.sentence)))
        g.add((mention, DIP.confidence, confidence_literal(ev.confidence)))
        g.add((mention, DIP.rule, Literal(ev.rule)))
        g.add((mention, DIP.triggerBegin, Literal(ev.start)))
        g.add((mention, DIP.triggerEnd, Literal(ev.end)))
        for source in ev.reported_by:
            g.add((mention, DIP.reportedBy, self.key_iri(source, "reporting source")))
        if ev.attribution:
            g.add((mention, DIP.attribution, Literal(ev.attribution)))
        g.add((span, RDF.type, DIP.TextSpan))
        g.add((span, NIF.beginIndex, Literal(ev.sentence_start)))
        g.add((span, NIF.endIndex, Literal(ev.sentence_end)))
        g.add((span, NIF.referenceContext, doc))


