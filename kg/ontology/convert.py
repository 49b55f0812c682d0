"""``Extraction`` → the triples one document asserts, exactly as ontologies/README.md shows.

Deterministic: IRIs come from keys and offsets, never from counters, clocks or blank nodes,
so the same extraction always yields the same graph and re-ingesting a document is idempotent.

One writer builds pyoxigraph terms directly (``extraction_to_triples``: what the store
writes, each term built once, no rdflib on the ingest path); ``extraction_to_graph`` is the
same triples as an rdflib ``Graph`` for callers that want rdflib's API.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

import pyoxigraph as ox
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
from kg.ontology.iris import event_key  # re-exported: kept here for callers
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
from kg.ontology.reference import reference_index

MODALITY = {
    Modality.ASSERTED: DIP.Asserted,
    Modality.NEGATED: DIP.Negated,
    Modality.FUTURE: DIP.Future,
    Modality.HYPOTHETICAL: DIP.Hypothetical,
}
_DATE_TYPES = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}
_CENT = Decimal("0.01")


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


def extraction_to_graph(extraction: Extraction, base: str = DEFAULT_BASE) -> Graph:
    """The triples ``extraction.document`` asserts, as an rdflib graph with our prefixes."""
    graph = new_graph(base)
    triples = extraction_to_triples(extraction, base)
    graph.addN((_rdflib(s), _rdflib(p), _rdflib(o), graph) for s, p, o in triples)
    return graph


OxTerm = ox.NamedNode | ox.Literal
OxTriple = tuple[ox.NamedNode, ox.NamedNode, OxTerm]


def extraction_to_triples(extraction: Extraction, base: str = DEFAULT_BASE) -> list[OxTriple]:
    """The triples ``extraction.document`` asserts as pyoxigraph terms (what the store
    writes), in a deterministic order, each distinct triple once."""
    return list(_Writer(extraction, base).write())


@cache
def _n(iri: str) -> ox.NamedNode:
    """A pyoxigraph IRI for a vocabulary term (cached: the same few dozen recur)."""
    return ox.NamedNode(iri)


def _iri(term: URIRef) -> ox.NamedNode:
    return ox.NamedNode(term)


def _lit(value: str) -> ox.Literal:
    return ox.Literal(value)


@cache
def _date(iso: str) -> ox.Literal:
    """``date_literal`` as a pyoxigraph literal (the same few dates recur)."""
    literal = date_literal(iso)
    return ox.Literal(iso, datatype=_n(literal.datatype))


@cache
def _confidence(value: float) -> ox.Literal:
    """``confidence_literal`` as a pyoxigraph literal (a few dozen values recur)."""
    return ox.Literal(str(confidence_literal(value)), datatype=_n(XSD.decimal))


_INTEGER = ox.NamedNode(XSD.integer)


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_INTEGER)


_XSD_STRING = str(XSD.string)


def _rdflib(term: OxTerm) -> URIRef | Literal:
    """The rdflib term the former rdflib writer built (same lexical forms, same equality)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    datatype = term.datatype.value
    if datatype == _XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(datatype))


class V:
    """The vocabulary terms the writer uses, as pyoxigraph IRIs built once (attribute
    look-ups on rdflib's closed namespaces cost more than the rest of a triple)."""

    DCTERMS_source = ox.NamedNode(DCTERMS.source)
    DCTERMS_title = ox.NamedNode(DCTERMS.title)
    DIP_Event = ox.NamedNode(DIP.Event)
    DIP_ExtractionRun = ox.NamedNode(DIP.ExtractionRun)
    DIP_Mention = ox.NamedNode(DIP.Mention)
    DIP_Participation = ox.NamedNode(DIP.Participation)
    DIP_Post = ox.NamedNode(DIP.Post)
    DIP_SourceDocument = ox.NamedNode(DIP.SourceDocument)
    DIP_Tenure = ox.NamedNode(DIP.Tenure)
    DIP_TextSpan = ox.NamedNode(DIP.TextSpan)
    DIP_about = ox.NamedNode(DIP.about)
    DIP_agent = ox.NamedNode(DIP.agent)
    DIP_attribution = ox.NamedNode(DIP.attribution)
    DIP_cameoCode = ox.NamedNode(DIP.cameoCode)
    DIP_category = ox.NamedNode(DIP.category)
    DIP_confidence = ox.NamedNode(DIP.confidence)
    DIP_contentHash = ox.NamedNode(DIP.contentHash)
    DIP_country = ox.NamedNode(DIP.country)
    DIP_date = ox.NamedNode(DIP.date)
    DIP_dateText = ox.NamedNode(DIP.dateText)
    DIP_eventType = ox.NamedNode(DIP.eventType)
    DIP_evidenceSpan = ox.NamedNode(DIP.evidenceSpan)
    DIP_extractor = ox.NamedNode(DIP.extractor)
    DIP_hasParticipant = ox.NamedNode(DIP.hasParticipant)
    DIP_modality = ox.NamedNode(DIP.modality)
    DIP_observedAt = ox.NamedNode(DIP.observedAt)
    DIP_outletName = ox.NamedNode(DIP.outletName)
    DIP_participation = ox.NamedNode(DIP.participation)
    DIP_place = ox.NamedNode(DIP.place)
    DIP_ploverCategory = ox.NamedNode(DIP.ploverCategory)
    DIP_post = ox.NamedNode(DIP.post)
    DIP_reportedBy = ox.NamedNode(DIP.reportedBy)
    DIP_representing = ox.NamedNode(DIP.representing)
    DIP_roleName = ox.NamedNode(DIP.roleName)
    DIP_roleType = ox.NamedNode(DIP.roleType)
    DIP_rule = ox.NamedNode(DIP.rule)
    DIP_sentence = ox.NamedNode(DIP.sentence)
    DIP_topic = ox.NamedNode(DIP.topic)
    DIP_triggerBegin = ox.NamedNode(DIP.triggerBegin)
    DIP_triggerEnd = ox.NamedNode(DIP.triggerEnd)
    NIF_beginIndex = ox.NamedNode(NIF.beginIndex)
    NIF_endIndex = ox.NamedNode(NIF.endIndex)
    NIF_referenceContext = ox.NamedNode(NIF.referenceContext)
    ORG_holds = ox.NamedNode(ORG.holds)
    ORG_member = ox.NamedNode(ORG.member)
    ORG_organization = ox.NamedNode(ORG.organization)
    ORG_postIn = ox.NamedNode(ORG.postIn)
    PROV_used = ox.NamedNode(PROV.used)
    PROV_wasDerivedFrom = ox.NamedNode(PROV.wasDerivedFrom)
    PROV_wasGeneratedBy = ox.NamedNode(PROV.wasGeneratedBy)
    RDF_type = ox.NamedNode(RDF.type)
    RDFS_label = ox.NamedNode(RDFS.label)
    SCHEMA_datePublished = ox.NamedNode(SCHEMA.datePublished)
    SCHEMA_publisher = ox.NamedNode(SCHEMA.publisher)
    SCHEMA_sameAs = ox.NamedNode(SCHEMA.sameAs)
    SCHEMA_url = ox.NamedNode(SCHEMA.url)
    SKOS_altLabel = ox.NamedNode(SKOS.altLabel)
    XSD_anyURI = ox.NamedNode(XSD.anyURI)


class _Writer:
    """Holds the lookups one conversion needs; one instance per extraction."""

    def __init__(self, extraction: Extraction, base: str) -> None:
        self.x = extraction
        self.base = base
        self.doc_id = extraction.document.doc_id
        self.triples: dict[OxTriple, None] = {}  # ordered, each triple once
        self.entities = {e.key: e for e in extraction.entities}
        self.reference = reference_index()  # bundled + this process's --reference files
        self.types = event_types()
        self.doc = _iri(iris.doc_iri(self.doc_id, base))
        self.run = _iri(iris.run_iri(self.doc_id, base))

    def add(self, s: ox.NamedNode, p: ox.NamedNode, o: OxTerm) -> None:
        self.triples[(s, p, o)] = None

    # -- IRIs -------------------------------------------------------------------------------

    def ref(self, key: str, kind: EntityKind | None = None) -> ReferenceEntry | None:
        """The reference entity with this key (``iris.reference_entry``)."""
        return iris.reference_entry(key, kind, self.reference)

    def name_of(self, key: str) -> str:
        entity = self.entities.get(key) or self.ref(key)
        return entity.name if entity else key

    def entity_iri(self, entity: Entity) -> ox.NamedNode:
        """A reference entity's own IRI (a user's file may give one of its own), else minted."""
        return _iri(iris.entity_iri(entity.kind, entity.key, self.base, self.reference))

    def key_iri(self, key: str, what: str) -> ox.NamedNode:
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
        iri = _iri(iris.reference_iri(ref, self.base))
        self.add(iri, V.RDF_type, _n(DIP[ref.kind.value]))
        self.add(iri, V.RDFS_label, _lit(ref.name))
        return iri

    def country_iri(self, key: str) -> ox.NamedNode:
        if key in self.entities:
            return self.key_iri(key, "country")
        return _iri(iris.entity_iri(EntityKind.COUNTRY, key, self.base, self.reference))

    # -- parts --------------------------------------------------------------------------------

    def write(self) -> dict[OxTriple, None]:
        self.document()
        for entity in self.x.entities:
            self.entity(entity)
        for tenure in self.x.tenures:
            self.tenure(tenure)
        for event in self.x.events:
            self.event(event)
        return self.triples

    def document(self) -> None:
        d, doc, run = self.x.document, self.doc, self.run
        self.add(doc, V.RDF_type, V.DIP_SourceDocument)
        if d.title:
            self.add(doc, V.DCTERMS_title, _lit(d.title))
        if d.outlet:
            self.add(doc, V.DIP_outletName, _lit(d.outlet))
            publisher = self.outlet_iri(d.outlet)
            if publisher is not None:
                self.add(doc, V.SCHEMA_publisher, publisher)
        if d.published:
            self.add(doc, V.SCHEMA_datePublished, _date(d.published))
        if d.url:
            self.add(doc, V.SCHEMA_url, ox.Literal(d.url, datatype=V.XSD_anyURI))
        self.add(doc, V.DIP_contentHash, _lit(d.content_hash))
        source = source_iri(d.source)
        if source is not None:
            self.add(doc, V.DCTERMS_source, _iri(source))
        self.add(run, V.RDF_type, V.DIP_ExtractionRun)
        self.add(run, V.PROV_used, doc)
        if self.x.extractor:
            self.add(run, V.DIP_extractor, _lit(self.x.extractor))

    def outlet_iri(self, outlet: str) -> ox.NamedNode | None:
        """The media outlet the document's outlet name resolves to, if any."""
        wanted = outlet.casefold()
        for entity in self.x.entities:
            names = (entity.name, *entity.aliases)
            if entity.kind is EntityKind.MEDIA_OUTLET and wanted in {n.casefold() for n in names}:
                return self.entity_iri(entity)
        key = self.reference.outlets.get(wanted)
        return None if key is None else self.key_iri(key, "outlet")

    def entity(self, entity: Entity) -> None:
        iri = self.entity_iri(entity)
        self.add(iri, V.RDF_type, _n(DIP[entity.kind.value]))
        self.add(iri, V.RDFS_label, _lit(entity.name))
        for alias in entity.aliases:
            if alias != entity.name:
                self.add(iri, V.SKOS_altLabel, _lit(alias))
        if entity.wikidata:
            wd = entity.wikidata
            self.add(iri, V.SCHEMA_sameAs, ox.NamedNode(wd if "/" in wd else WIKIDATA[wd]))
        if entity.country and entity.kind is not EntityKind.COUNTRY:
            self.add(iri, V.DIP_country, self.country_iri(entity.country))
        for evidence in entity.mentions:
            self.mention(iri, evidence)

    def post_label(self, tenure: Tenure) -> str:
        holder = tenure.organization or tenure.country
        if holder is None:
            return tenure.role
        return f"{tenure.role} of {self.name_of(holder)}"

    def tenure(self, t: Tenure) -> None:
        add = self.add
        person = self.key_iri(t.person, "tenure holder")
        post = _iri(iris.mint_iri("post", t.post_key, self.base))
        tenure = _iri(iris.mint_iri("tenure", f"{t.person}--{t.post_key}", self.base))
        organization = self.key_iri(t.organization, "organization") if t.organization else None
        country = self.country_iri(t.country) if t.country else None
        role = _lit(t.role)
        add(person, V.ORG_holds, post)
        add(post, V.RDF_type, V.DIP_Post)
        add(post, V.RDFS_label, _lit(self.post_label(t)))
        add(post, V.DIP_roleName, role)
        add(tenure, V.RDF_type, V.DIP_Tenure)
        add(tenure, V.ORG_member, person)
        add(tenure, V.DIP_post, post)
        add(tenure, V.DIP_roleName, role)
        if organization is not None:
            add(post, V.ORG_postIn, organization)
            add(tenure, V.ORG_organization, organization)
        if country is not None:
            add(post, V.DIP_country, country)
            add(tenure, V.DIP_country, country)
        if t.observed:
            add(tenure, V.DIP_observedAt, _date(t.observed))
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
        add, key = self.add, event_key(event)
        iri = _iri(iris.mint_iri("event", key, self.base))
        add(iri, V.RDF_type, V.DIP_Event)
        add(iri, V.RDFS_label, _lit(self.event_label(event, info.label)))
        add(iri, V.DIP_eventType, _n(DIPT[event.type]))
        add(iri, V.DIP_category, _n(DIPT[event.category or info.category]))
        add(iri, V.DIP_cameoCode, _lit(info.cameo))
        if info.plover:
            add(iri, V.DIP_ploverCategory, _lit(info.plover))
        for part in event.participants:
            agent = self.key_iri(part.agent, "participant")
            participation = _iri(iris.mint_iri("participation", f"{key}--{part.agent}", self.base))
            add(iri, V.DIP_hasParticipant, agent)
            add(iri, V.DIP_participation, participation)
            add(participation, V.RDF_type, V.DIP_Participation)
            add(participation, V.DIP_agent, agent)
            add(participation, V.DIP_roleType, _lit(part.role))
            if part.representing:
                represented = self.key_iri(part.representing, "represented agent")
                add(participation, V.DIP_representing, represented)
        if event.location:
            add(iri, V.DIP_place, self.key_iri(event.location, "event place"))
        self.event_date(iri, event.date)
        add(iri, V.DIP_modality, _n(MODALITY[Modality(event.modality)]))
        if event.topic:
            add(iri, V.DIP_topic, _lit(event.topic))
        self.mention(iri, event.evidence)

    def event_date(self, iri: ox.NamedNode, date: DateValue | None) -> None:
        if date is None:
            return
        if date.iso:
            self.add(iri, V.DIP_date, _date(date.iso))
        if date.text:
            self.add(iri, V.DIP_dateText, _lit(date.text))

    def mention(self, about: ox.NamedNode, ev: Evidence) -> None:
        add, doc = self.add, self.doc
        digest = short_hash(about.value, str(ev.sentence_start), str(ev.start), str(ev.end))
        mention = _iri(iris.mention_iri(self.doc_id, digest, self.base))
        span = _iri(iris.span_iri(self.doc_id, ev.sentence_start, ev.sentence_end, self.base))
        add(mention, V.RDF_type, V.DIP_Mention)
        add(mention, V.DIP_about, about)
        add(mention, V.PROV_wasDerivedFrom, doc)
        add(mention, V.PROV_wasGeneratedBy, self.run)
        add(mention, V.DIP_evidenceSpan, span)
        add(mention, V.DIP_sentence, _lit(ev.sentence))
        add(mention, V.DIP_confidence, _confidence(ev.confidence))
        add(mention, V.DIP_rule, _lit(ev.rule))
        add(mention, V.DIP_triggerBegin, _int(ev.start))
        add(mention, V.DIP_triggerEnd, _int(ev.end))
        for source in ev.reported_by:
            add(mention, V.DIP_reportedBy, self.key_iri(source, "reporting source"))
        if ev.attribution:
            add(mention, V.DIP_attribution, _lit(ev.attribution))
        add(span, V.RDF_type, V.DIP_TextSpan)
        add(span, V.NIF_beginIndex, _int(ev.sentence_start))
        add(span, V.NIF_endIndex, _int(ev.sentence_end))
        add(span, V.NIF_referenceContext, doc)
