"""The vocabulary files, the closed namespaces, IRIs, Extraction → RDF and the SHACL shapes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.errors import ExtractionError
from kg.model import (
    DateValue,
    Document,
    Entity,
    EntityKind,
    Event,
    Evidence,
    Extraction,
    Modality,
    Participation,
    Tenure,
)
from kg.ontology import (
    DIP,
    DIPT,
    event_types,
    extraction_to_graph,
    graph_iri,
    mint_iri,
    ontology_dir,
    validate,
    vocabulary_graph,
)
from kg.ontology import namespaces as ns
from kg.ontology.generate import TERMS_FILE, render_terms
from kg.ontology.namespaces import DCTERMS, NIF, ORG, OWL, PREFIXES, PROV, RDF, RDFS, SKOS

B = "https://w3id.org/kg-diplomacy/id/"
DOC_ID = "https://example.org/news/ankara-talks"
SENTENCE = "CIA director William Burns met Sergei Naryshkin in Ankara."

# ------------------------------------------------------------------ a hand-built extraction


def evidence(start: int, end: int, rule: str, confidence: float = 0.9, **kw) -> Evidence:
    return Evidence(DOC_ID, SENTENCE, 0, len(SENTENCE), start, end, confidence, rule, **kw)


def sample_event(**changes) -> Event:
    fields = dict(
        type="MeetingThirdLocation",
        category="Meeting",
        participants=(Participation("william-burns"), Participation("sergei-naryshkin")),
        modality=Modality.ASSERTED,
        evidence=evidence(
            27, 30, "event.trigger.verb", 0.849, reported_by=("reuters",), attribution="reported"
        ),
        location="ankara",
        date=DateValue("2022-11-14", "on Monday"),
        topic="nuclear weapons",
    )
    fields.update(changes)
    return Event(**fields)


def sample_extraction(events: tuple[Event, ...] | None = None, **changes) -> Extraction:
    document = Document(
        doc_id=DOC_ID,
        text=SENTENCE,
        content_hash="ab" * 32,
        source=DOC_ID,
        title="Spy chiefs meet in Ankara",
        outlet="Reuters",
        published="2022-11-16",
        url=DOC_ID,
    )
    entities = (
        Entity("william-burns", "William Burns", EntityKind.PERSON, aliases=("Burns",),
               country="united-states", mentions=(evidence(13, 26, "entity.gazetteer"),)),
        Entity("sergei-naryshkin", "Sergei Naryshkin", EntityKind.PERSON,
               mentions=(evidence(31, 47, "entity.gazetteer"),)),
        Entity("cia", "Central Intelligence Agency", EntityKind.INTELLIGENCE_AGENCY,
               aliases=("CIA",), country="united-states", wikidata="Q37230"),
        Entity("united-states", "United States", EntityKind.COUNTRY),
        Entity("ankara", "Ankara", EntityKind.CITY, country="turkey"),
        Entity("turkey", "Turkey", EntityKind.COUNTRY),
        Entity("reuters", "Reuters", EntityKind.MEDIA_OUTLET),
    )
    tenure = Tenure("william-burns", "director", "cia", "united-states", "2022-11-16",
                    evidence(0, 26, "role.title", 0.95))
    fields = dict(
        document=document,
        entities=entities,
        tenures=(tenure,),
        events=events if events is not None else (sample_event(),),
        extractor="kg test",
    )
    fields.update(changes)
    return Extraction(**fields)


GOLDEN = """
@base <https://w3id.org/kg-diplomacy/id/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix dip: <https://w3id.org/kg-diplomacy/ontology#> .
@prefix dipt: <https://w3id.org/kg-diplomacy/event-type/> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<mention/https://example.org/news/ankara-talks/0387069560> a dip:Mention ;
    prov:wasDerivedFrom <doc/https://example.org/news/ankara-talks> ;
    prov:wasGeneratedBy <run/https://example.org/news/ankara-talks> ;
    dip:about <event/meetingthirdlocation-2022-11-14-4ee0d55016> ;
    dip:attribution "reported" ;
    dip:confidence 0.85 ;
    dip:evidenceSpan <span/https://example.org/news/ankara-talks/0-58> ;
    dip:reportedBy <org/reuters> ;
    dip:rule "event.trigger.verb" ;
    dip:sentence "CIA director William Burns met Sergei Naryshkin in Ankara." ;
    dip:triggerBegin 27 ;
    dip:triggerEnd 30 .

<mention/https://example.org/news/ankara-talks/5d50c690af> a dip:Mention ;
    prov:wasDerivedFrom <doc/https://example.org/news/ankara-talks> ;
    prov:wasGeneratedBy <run/https://example.org/news/ankara-talks> ;
    dip:about <tenure/william-burns--cia--director> ;
    dip:confidence 0.95 ;
    dip:evidenceSpan <span/https://example.org/news/ankara-talks/0-58> ;
    dip:rule "role.title" ;
    dip:sentence "CIA director William Burns met Sergei Naryshkin in Ankara." ;
    dip:triggerBegin 0 ;
    dip:triggerEnd 26 .

<mention/https://example.org/news/ankara-talks/60eb567cfb> a dip:Mention ;
    prov:wasDerivedFrom <doc/https://example.org/news/ankara-talks> ;
    prov:wasGeneratedBy <run/https://example.org/news/ankara-talks> ;
    dip:about <person/sergei-naryshkin> ;
    dip:confidence 0.90 ;
    dip:evidenceSpan <span/https://example.org/news/ankara-talks/0-58> ;
    dip:rule "entity.gazetteer" ;
    dip:sentence "CIA director William Burns met Sergei Naryshkin in Ankara." ;
    dip:triggerBegin 31 ;
    dip:triggerEnd 47 .

<mention/https://example.org/news/ankara-talks/c28c2e198a> a dip:Mention ;
    prov:wasDerivedFrom <doc/https://example.org/news/ankara-talks> ;
    prov:wasGeneratedBy <run/https://example.org/news/ankara-talks> ;
    dip:about <person/william-burns> ;
    dip:confidence 0.90 ;
    dip:evidenceSpan <span/https://example.org/news/ankara-talks/0-58> ;
    dip:rule "entity.gazetteer" ;
    dip:sentence "CIA director William Burns met Sergei Naryshkin in Ankara." ;
    dip:triggerBegin 13 ;
    dip:triggerEnd 26 .

<country/turkey> a dip:Country ;
    rdfs:label "Turkey" .

<event/meetingthirdlocation-2022-11-14-4ee0d55016> a dip:Event ;
    rdfs:label "Meeting at a third location: William Burns, Sergei Naryshkin (Ankara, 2022-11-14)" ;
    dip:cameoCode "044" ;
    dip:category dipt:Meeting ;
    dip:date "2022-11-14"^^xsd:date ;
    dip:dateText "on Monday" ;
    dip:eventType dipt:MeetingThirdLocation ;
    dip:hasParticipant <person/sergei-naryshkin>,
        <person/william-burns> ;
    dip:modality dip:Asserted ;
    dip:participation <participation/meetingthirdlocation-2022-11-14-4ee0d55016--sergei-naryshkin>,
        <participation/meetingthirdlocation-2022-11-14-4ee0d55016--william-burns> ;
    dip:place <place/ankara> ;
    dip:ploverCategory "CONSULT" ;
    dip:topic "nuclear weapons" .

<participation/meetingthirdlocation-2022-11-14-4ee0d55016--sergei-naryshkin> a dip:Participation ;
    dip:agent <person/sergei-naryshkin> ;
    dip:roleType "participant" .

<participation/meetingthirdlocation-2022-11-14-4ee0d55016--william-burns> a dip:Participation ;
    dip:agent <person/william-burns> ;
    dip:roleType "participant" .

<place/ankara> a dip:City ;
    rdfs:label "Ankara" ;
    dip:country <country/turkey> .

<run/https://example.org/news/ankara-talks> a dip:ExtractionRun ;
    prov:used <doc/https://example.org/news/ankara-talks> ;
    dip:extractor "kg test" .

<tenure/william-burns--cia--director> a dip:Tenure ;
    org:member <person/william-burns> ;
    org:organization <org/cia> ;
    dip:country <country/united-states> ;
    dip:observedAt "2022-11-16"^^xsd:date ;
    dip:post <post/cia--director> ;
    dip:roleName "director" .

<org/cia> a dip:IntelligenceAgency ;
    rdfs:label "Central Intelligence Agency" ;
    skos:altLabel "CIA" ;
    schema:sameAs wd:Q37230 ;
    dip:country <country/united-states> .

<org/reuters> a dip:MediaOutlet ;
    rdfs:label "Reuters" .

<post/cia--director> a dip:Post ;
    rdfs:label "director of Central Intelligence Agency" ;
    org:postIn <org/cia> ;
    dip:country <country/united-states> ;
    dip:roleName "director" .

<person/sergei-naryshkin> a dip:Person ;
    rdfs:label "Sergei Naryshkin" .

<country/united-states> a dip:Country ;
    rdfs:label "United States" .

<person/william-burns> a dip:Person ;
    rdfs:label "William Burns" ;
    skos:altLabel "Burns" ;
    org:holds <post/cia--director> ;
    dip:country <country/united-states> .

<span/https://example.org/news/ankara-talks/0-58> a dip:TextSpan ;
    nif:beginIndex 0 ;
    nif:endIndex 58 ;
    nif:referenceContext <doc/https://example.org/news/ankara-talks> .

<doc/https://example.org/news/ankara-talks> a dip:SourceDocument ;
    dcterms:source <https://example.org/news/ankara-talks> ;
    dcterms:title "Spy chiefs meet in Ankara" ;
    schema:datePublished "2022-11-16"^^xsd:date ;
    schema:publisher <org/reuters> ;
    schema:url "https://example.org/news/ankara-talks"^^xsd:anyURI ;
    dip:contentHash "abababababababababababababababababababababababababababababababab" ;
    dip:outletName "Reuters" .


"""


def show_diff(expected: Graph, actual: Graph) -> str:
    _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    lines = ["missing:", *sorted(f"  {t}" for t in only_expected)]
    lines += ["unexpected:", *sorted(f"  {t}" for t in only_actual)]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def doc_graph() -> Graph:
    return extraction_to_graph(sample_extraction())


# ------------------------------------------------------------------ the Turtle files


@pytest.mark.parametrize("name", ["diplomacy.ttl", "concepts.ttl", "shapes.ttl"])
def test_vocabulary_files_parse(name: str) -> None:
    graph = Graph().parse(ontology_dir() / name, format="turtle")
    assert len(graph) > 50


def test_ontology_header_and_every_term_documented() -> None:
    g = Graph().parse(ontology_dir() / "diplomacy.ttl", format="turtle")
    assert (URIRef("https://w3id.org/kg-diplomacy/ontology"), RDF.type, OWL.Ontology) in g
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    terms = {s for k in kinds for s in g.subjects(RDF.type, k) if str(s).startswith(str(DIP))}
    assert len(terms) > 50
    for term in terms:
        assert g.value(term, RDFS.label) is not None, term
        assert g.value(term, RDFS.comment) is not None, term
    for prop in g.subjects(RDF.type, OWL.ObjectProperty):
        if str(prop).startswith(str(DIP)) and prop not in (DIP.country, DIP.metonymFor):
            assert g.value(prop, RDFS.domain) is not None, prop


SCHEMA_ = "https://schema.org/"
SEM_ = "http://semanticweb.cs.vu.nl/2009/11/sem/"
NIF_ = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
FOAF_ = "http://xmlns.com/foaf/0.1/"
ALIGNMENT = [
    ("Person", RDFS.subClassOf, FOAF_ + "Person"),
    ("Person", RDFS.subClassOf, SCHEMA_ + "Person"),
    ("Agent", RDFS.subClassOf, str(PROV) + "Agent"),
    ("Agent", RDFS.subClassOf, SEM_ + "Actor"),
    ("Organization", RDFS.subClassOf, str(ORG) + "Organization"),
    ("Tenure", RDFS.subClassOf, str(ORG) + "Membership"),
    ("Post", RDFS.subClassOf, str(ORG) + "Post"),
    ("Event", RDFS.subClassOf, SEM_ + "Event"),
    ("Event", RDFS.subClassOf, SCHEMA_ + "Event"),
    ("SourceDocument", RDFS.subClassOf, str(PROV) + "Entity"),
    ("SourceDocument", RDFS.subClassOf, SCHEMA_ + "NewsArticle"),
    ("ExtractionRun", RDFS.subClassOf, str(PROV) + "Activity"),
    ("SourceDocument", RDFS.subClassOf, NIF_ + "Context"),  # NIF offsets count in it
    ("hasParticipant", RDFS.subPropertyOf, SEM_ + "hasActor"),
    ("place", RDFS.subPropertyOf, SEM_ + "hasPlace"),
]


@pytest.mark.parametrize(("term", "relation", "target"), ALIGNMENT)
def test_alignment_to_standard_vocabularies(term: str, relation: URIRef, target: str) -> None:
    g = vocabulary_graph()
    assert (DIP[term], relation, URIRef(target)) in g


def test_one_prefix_table() -> None:
    """The rdflib namespaces, the generated closed ones and the store's prefixes are the
    ontology layer's one table (kg.ontology.prefixes)."""
    from kg.ontology.prefixes import ENTITY_CLASSES, WELL_KNOWN
    from kg.store import base, prefixes

    assert PREFIXES == WELL_KNOWN and prefixes.WELL_KNOWN is WELL_KNOWN
    for name, namespace in (("dip", DIP), ("dipt", DIPT), ("org", ORG), ("prov", PROV), ("nif", NIF),
                            ("skos", SKOS), ("dcterms", DCTERMS), ("owl", OWL), ("rdf", RDF)):  # fmt: skip
        assert WELL_KNOWN[name] == str(namespace), name
    assert base.ENTITY_CLASSES is ENTITY_CLASSES
    assert tuple(kind.value for kind in EntityKind) == ENTITY_CLASSES
    vocabulary = vocabulary_graph()
    assert all((DIP[c], RDF.type, OWL.Class) in vocabulary for c in ENTITY_CLASSES)


def test_w3c_vocabularies_as_defined() -> None:
    """A post is an org:Post and never an org:Role; participations claim no SEM role shape
    they do not have; the run used the article and generated the mentions, not the article."""
    import owlrl

    g = vocabulary_graph()
    assert (DIP.post, RDFS.subPropertyOf, ORG.role) not in g
    assert (DIP.Participation, RDFS.subClassOf, URIRef(SEM_ + "Role")) not in g
    data = extraction_to_graph(sample_extraction())
    doc, run = URIRef(B + "doc/" + DOC_ID), URIRef(B + "run/" + DOC_ID)
    assert (doc, PROV.wasGeneratedBy, None) not in data
    assert (run, PROV.used, doc) in data
    mentions = set(data.subjects(RDF.type, DIP.Mention))
    assert mentions and all((m, PROV.wasGeneratedBy, run) in data for m in mentions)
    closure = vocabulary_graph()
    closure += data
    owlrl.DeductiveClosure(owlrl.RDFS_Semantics).expand(closure)
    post = URIRef(B + "post/cia--director")
    assert (post, RDF.type, ORG.Post) in closure and (post, RDF.type, ORG.Role) not in closure
    assert (doc, RDF.type, URIRef(NIF_ + "Context")) in closure
    assert all(isinstance(o, URIRef) for o in data.objects(doc, DCTERMS.source))


def test_modality_individuals() -> None:
    g = vocabulary_graph()
    for name in ("Asserted", "Negated", "Future", "Hypothetical"):
        assert (DIP[name], RDF.type, DIP.Modality) in g


def test_generated_terms_match_the_turtle() -> None:
    assert TERMS_FILE.read_text(encoding="utf-8") == render_terms(), (
        "kg/ontology/terms.py is stale: run `python -m kg.ontology.generate`"
    )


def test_closed_namespaces_reject_typos() -> None:
    assert str(DIP.hasParticipant).endswith("#hasParticipant")
    with pytest.raises(AttributeError):
        _ = DIP.hasParticipants
    with pytest.raises(AttributeError):
        _ = DIPT.Meting


def test_prefixes_keep_org_for_w3c_org() -> None:
    assert PREFIXES["org"] == "http://www.w3.org/ns/org#"
    g = extraction_to_graph(sample_extraction())
    assert dict(g.namespaces())["org"] == URIRef("http://www.w3.org/ns/org#")
    assert dict(g.namespaces())["kgid"] == URIRef(B)


# ------------------------------------------------------------------ event types

TABLE = {
    "Meeting": ["Meeting", "MeetingThirdLocation"],
    "Visit": ["Visit", "HostVisit"],
    "Talks": ["Negotiation", "Mediation"],
    "Agreement": ["Agreement"],
    "Summit": ["Summit"],
    "PhoneCall": ["PhoneCall"],
    "Statement": ["PublicStatement", "Accusation", "Criticism", "Demand", "Appeal", "Rejection"],
    "Warning": ["Warning", "Threat"],
    "MilitaryAction": ["MilitaryAction", "Invasion", "Airstrike", "Coup"],
    "Sanction": ["Sanction", "Designation", "Expulsion"],
    "Detention": ["Detention"],
}


def test_concepts_are_exactly_the_table() -> None:
    types = event_types()
    expected = {name: cat for cat, names in TABLE.items() for name in [cat, *names]}
    assert {name: info.category for name, info in types.items()} == expected


def test_every_concept_has_codes_and_broader() -> None:
    g = vocabulary_graph()
    scheme = DIPT.EventTypes
    concepts = set(g.subjects(SKOS.inScheme, scheme))
    assert len(concepts) == 27
    tops = set(g.subjects(SKOS.topConceptOf, scheme))
    assert {str(t).rsplit("/", 1)[1] for t in tops} == set(TABLE)
    for concept in concepts:
        assert g.value(concept, SKOS.prefLabel) is not None
        assert g.value(concept, SKOS.definition) is not None
        cameo = str(g.value(concept, DIP.cameoCode))
        assert cameo.isdigit() and 2 <= len(cameo) <= 4, concept
        goldstein = g.value(concept, DIP.goldstein)
        assert goldstein.datatype == ns.XSD.decimal and -10 <= goldstein.toPython() <= 10
        if concept not in tops:
            assert g.value(concept, SKOS.broader) in tops, concept
        if concept not in (DIPT.Statement, DIPT.PublicStatement):  # PLOVER has no bare statement
            assert g.value(concept, DIP.ploverCategory) is not None, concept


def test_event_type_info_values() -> None:
    types = event_types()
    third = types["MeetingThirdLocation"]
    assert (third.category, third.cameo, third.plover, third.mode, third.goldstein) == (
        "Meeting", "044", "CONSULT", "third-party", 2.5
    )
    assert third.label == "Meeting at a third location"
    assert types["PhoneCall"].mode == "phone" and types["PhoneCall"].is_category
    assert types["Expulsion"].cameo == "166" and types["Expulsion"].plover == "SANCTION"
    assert types["Detention"].cameo == "173" and types["Detention"].mode == "arrest"
    assert types["PublicStatement"].plover is None


# ------------------------------------------------------------------ IRIs


def test_mint_iri_follows_the_contract() -> None:
    assert mint_iri(EntityKind.PERSON, "william-burns") == URIRef(B + "person/william-burns")
    assert mint_iri(EntityKind.INTELLIGENCE_AGENCY, "cia") == URIRef(B + "org/cia")
    assert mint_iri(EntityKind.CITY, "ankara") == URIRef(B + "place/ankara")
    assert mint_iri(EntityKind.COUNTRY, "russia") == URIRef(B + "country/russia")
    assert mint_iri("Country", "russia") == URIRef(B + "country/russia")
    assert mint_iri("post", "cia--director") == URIRef(B + "post/cia--director")
    assert mint_iri("person", "x", base="http://ex.org/kg#") == URIRef("http://ex.org/kg#person/x")
    with pytest.raises(ValueError):
        mint_iri("widget", "x")


def test_graph_iri_encodes_what_an_iri_cannot_hold() -> None:
    assert graph_iri("abc123") == URIRef(B + "graph/abc123")
    assert graph_iri("/data/my file.txt") == URIRef(B + "graph//data/my%20file.txt")
    assert graph_iri("https://ex.org/a?b=1#c") == URIRef(B + "graph/https://ex.org/a%3Fb%3D1%23c")


# ------------------------------------------------------------------ Extraction → RDF


def test_extraction_matches_golden_graph(doc_graph: Graph) -> None:
    expected = Graph().parse(data=GOLDEN, format="turtle")
    assert isomorphic(expected, doc_graph), show_diff(expected, doc_graph)


def test_extraction_graph_conforms_to_shapes(doc_graph: Graph) -> None:
    conforms, report = validate(doc_graph)
    assert conforms, report


def test_extraction_is_deterministic_and_has_no_blank_nodes(doc_graph: Graph) -> None:
    again = extraction_to_graph(sample_extraction())
    assert set(again) == set(doc_graph)
    assert not any(isinstance(term, BNode) for triple in doc_graph for term in triple)


def test_confidence_is_a_two_place_decimal(doc_graph: Graph) -> None:
    values = {o for o in doc_graph.objects(None, DIP.confidence)}
    assert {str(v) for v in values} == {"0.85", "0.90", "0.95"}
    assert all(v.datatype == ns.XSD.decimal for v in values)


@pytest.mark.parametrize(
    ("iso", "datatype"),
    [("2022-11-14", ns.XSD.date), ("2022-11", ns.XSD.gYearMonth), ("2022", ns.XSD.gYear)],
)
def test_dates_are_typed_by_precision(iso: str, datatype: URIRef) -> None:
    event = sample_event(date=DateValue(iso, "last year"))
    g = extraction_to_graph(sample_extraction(events=(event,)))
    (date,) = g.objects(None, DIP.date)
    assert (str(date), date.datatype) == (iso, datatype)
    assert validate(g)[0]


def test_event_without_date_or_place_still_conforms() -> None:
    event = sample_event(location=None, date=DateValue(None, "recently"), topic=None,
                         modality=Modality.NEGATED)
    g = extraction_to_graph(sample_extraction(events=(event,)))
    iri = mint_iri("event", f"{event.key}-negated")  # a denial is its own node
    assert g.value(iri, DIP.date) is None and g.value(iri, DIP.place) is None
    assert g.value(iri, DIP.dateText) == Literal("recently")
    assert g.value(iri, DIP.modality) == DIP.Negated
    assert g.value(iri, RDFS.label) == Literal(
        "Meeting at a third location: William Burns, Sergei Naryshkin (recently)"
    )
    assert validate(g)[0]


def test_reference_entities_keep_their_reference_iris() -> None:
    # "russia" given only as a generic place, and Moscow not among the document's entities
    entities = (
        Entity("sergei-lavrov", "Sergei Lavrov", EntityKind.PERSON),
        Entity("russia", "Russia", EntityKind.PLACE),
    )
    event = sample_event(type="Visit", category="Visit",
                         participants=(Participation("sergei-lavrov", "visitor"),),
                         location="singapore", evidence=evidence(0, 5, "event.trigger.noun"))
    g = extraction_to_graph(sample_extraction(entities=entities, tenures=(), events=(event,)))
    assert (URIRef(B + "country/russia"), RDF.type, DIP.Place) in g
    place = URIRef(B + "place/singapore")  # the city, not the country that shares its key
    assert g.value(mint_iri("event", event.key), DIP.place) == URIRef(B + "country/singapore")
    assert (place, RDF.type, DIP.City) not in g
    assert g.value(URIRef(B + "country/singapore"), RDFS.label) == Literal("Singapore")
    assert g.value(mint_iri("event", event.key), DIP.cameoCode) == Literal("042")


def test_publisher_resolves_through_reference_aliases() -> None:
    doc = sample_extraction().document
    doc = Document(doc.doc_id, doc.text, doc.content_hash, doc.source, outlet="NYT")
    g = extraction_to_graph(sample_extraction(document=doc, entities=(), tenures=(), events=()))
    publisher = URIRef(B + "org/new-york-times")
    assert g.value(URIRef(B + "doc/" + DOC_ID), DCTERMS.source) == URIRef(DOC_ID)
    assert (None, None, publisher) in g
    assert (publisher, RDF.type, DIP.MediaOutlet) in g
    assert validate(g)[0]


def test_unknown_event_type_is_an_extraction_error() -> None:
    with pytest.raises(ExtractionError, match="Meting"):
        extraction_to_graph(sample_extraction(events=(sample_event(type="Meting"),)))


def test_unknown_participant_is_an_extraction_error() -> None:
    event = sample_event(participants=(Participation("nobody-known"),))
    with pytest.raises(ExtractionError, match="nobody-known"):
        extraction_to_graph(sample_extraction(events=(event,)))


# ------------------------------------------------------------------ shapes reject violations

KG = {"burns": URIRef(B + "person/william-burns"), "doc": URIRef(B + "doc/" + DOC_ID)}


def _event(g: Graph) -> URIRef:
    return next(g.subjects(RDF.type, DIP.Event))


def _one(g: Graph, cls: URIRef) -> URIRef:
    return sorted(g.subjects(RDF.type, cls))[0]


def _drop(cls: URIRef, prop: URIRef) -> Callable[[Graph], None]:
    def mutate(g: Graph) -> None:
        g.remove((_one(g, cls), prop, None))

    return mutate


def _set(cls: URIRef, prop: URIRef, value) -> Callable[[Graph], None]:
    def mutate(g: Graph) -> None:
        node = _one(g, cls)
        g.remove((node, prop, None))
        g.add((node, prop, value))

    return mutate


def _add(cls: URIRef, prop: URIRef, value) -> Callable[[Graph], None]:
    return lambda g: g.add((_one(g, cls), prop, value))


VIOLATIONS = {
    "SourceDocumentShape": (_drop(DIP.SourceDocument, DIP.contentHash), "dip:contentHash"),
    "ExtractionRunShape": (_drop(DIP.ExtractionRun, PROV.used), "must use a dip:SourceDocument"),
    "MentionShape/about": (_drop(DIP.Mention, DIP.about), "exactly one fact or entity"),
    "MentionShape/derived": (_drop(DIP.Mention, PROV.wasDerivedFrom), "exactly one dip:Source"),
    "MentionShape/confidence": (
        _set(DIP.Mention, DIP.confidence, Literal("1.5", datatype=ns.XSD.decimal)),
        "between 0 and 1",
    ),
    "TextSpanShape": (
        _set(DIP.TextSpan, NIF.beginIndex, Literal(500)),
        "<= its nif:endIndex",
    ),
    "LabelShape": (_add(DIP.Person, RDFS.label, Literal("Bill Burns")), "exactly one rdfs:label"),
    "PersonShape": (_add(DIP.Person, ORG.holds, KG["doc"]), "Result Path: org:holds"),
    "CountryShape": (_add(DIP.Country, DIP.isoCode, Literal("us")), "Result Path: dip:isoCode"),
    "PostShape": (_drop(DIP.Post, DIP.roleName), "exactly one dip:roleName"),
    "TenureShape": (_drop(DIP.Tenure, ORG.member), "exactly one org:member"),
    "EventShape/participant": (_drop(DIP.Event, DIP.hasParticipant), "at least one dip:hasPart"),
    "EventShape/type": (_add(DIP.Event, DIP.eventType, DIPT.Visit), "exactly one dip:eventType"),
    "EventShape/type-scheme": (_set(DIP.Event, DIP.eventType, DIP.Person), "a concept of dipt:"),
    "EventShape/modality": (_add(DIP.Event, DIP.modality, DIP.Future), "exactly one dip:modality"),
    "EventShape/date": (_set(DIP.Event, DIP.date, Literal("Monday")), "xsd:gYearMonth"),
    "ParticipationShape": (
        _set(DIP.Participation, DIP.roleType, Literal("spectator")),
        "Result Path: dip:roleType",
    ),
}


@pytest.mark.parametrize("case", sorted(VIOLATIONS))
def test_shape_rejects_violation(doc_graph: Graph, case: str) -> None:
    mutate, expected = VIOLATIONS[case]
    g = Graph()
    for triple in doc_graph:
        g.add(triple)
    g.namespace_manager = doc_graph.namespace_manager
    mutate(g)
    conforms, report = validate(g)
    assert not conforms
    assert expected in report, report


def test_validate_accepts_a_dataset_union(doc_graph: Graph) -> None:
    from rdflib import Dataset

    ds = Dataset()
    named = ds.graph(graph_iri(DOC_ID))
    for triple in doc_graph:
        named.add(triple)
    assert validate(ds)[0]




def test_asserted_and_denied_reports_of_one_event_do_not_merge() -> None:
    """One article says the meeting took place, another denies it: two event nodes, each
    with one modality; SHACL conforms and OWL RL over data + ontology infers no sameAs."""
    import dataclasses

    import owlrl

    asserted = sample_extraction()
    base = asserted.document
    denied = sample_extraction(
        events=(sample_event(modality=Modality.NEGATED),),
        document=dataclasses.replace(base, doc_id="denial", source="denial", url="denial"),
    )
    union = Graph()
    for extraction in (asserted, denied):
        union += extraction_to_graph(extraction)
    events = sorted(union.subjects(RDF.type, DIP.Event))
    assert len(events) == 2
    assert sorted(str(union.value(e, DIP.modality)) for e in events) == [str(DIP.Asserted), str(DIP.Negated)]
    assert all(len(set(union.objects(e, DIP.modality))) == 1 for e in events)
    conforms, report = validate(union)
    assert conforms, report
    closure = vocabulary_graph()
    closure += union
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)
    modalities = {DIP.Asserted, DIP.Negated, DIP.Future, DIP.Hypothetical}
    same = {(s, o) for s, o in closure.subject_objects(OWL.sameAs) if s != o}
    assert not [pair for pair in same if set(pair) & modalities or set(pair) & set(events)]
    assert (None, RDF.type, OWL.Nothing) not in closure


def test_the_facts_of_kg_extract_need_no_rdflib():
    """``kg extract`` prints facts (IRIs as text, event codes, event keys) without importing
    rdflib, which costs a sixth of a bare spaCy load; the rdflib API is still there."""
    import subprocess
    import sys

    code = (
        "import sys; import kg.facts, kg.ontology.iris as iris, kg.ontology.concepts as c; "
        "from kg.model import EntityKind; "
        "print(iris.entity_iri_text(EntityKind.PERSON, 'jane-roe'), len(c.event_types()) > 10, "
        "'rdflib' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["https://w3id.org/kg-diplomacy/id/person/jane-roe", "True", "False"]
    from rdflib import URIRef

    from kg.ontology.iris import entity_iri, mint_iri

    iri = entity_iri(EntityKind.PERSON, "jane-roe")
    assert isinstance(iri, URIRef) and iri == mint_iri("person", "jane-roe")


def test_kg_extract_runs_without_importing_rdflib(tmp_path):
    """The whole ``kg extract`` command, counts included, leaves rdflib unimported."""
    import json
    import subprocess
    import sys

    article = tmp_path / "a.txt"
    article.write_text("Lavrov meets Wang in Beijing\n\nRussian Foreign Minister Sergei Lavrov met "
                       "Chinese Foreign Minister Wang Yi in Beijing on Monday.\n")  # fmt: skip
    code = (
        "import sys, runpy; sys.argv = ['kg', 'extract', sys.argv[1], '--published', '2023-04-03']\n"
        "try: runpy.run_module('kg', run_name='__main__')\n"
        "except SystemExit: pass\n"
        "print('rdflib' in sys.modules, file=sys.stderr)"
    )
    command = [sys.executable, "-c", code, str(article)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    assert done.stderr.split()[-1] == "False", done.stderr
    facts = json.loads(done.stdout)
    assert {e["name"] for e in facts["entities"]} >= {"Sergei Lavrov", "Wang Yi"}


def test_the_analysis_shows_the_most_specific_class_the_ontology_defines():
    """One list of entity classes (kg.ontology.prefixes), ordered for the analysis by the
    subclass axioms of diplomacy.ttl: every class comes before its superclasses."""
    from kg.analysis.terms import ENTITY_CLASSES as shown
    from kg.ontology.prefixes import ENTITY_CLASSES

    assert sorted(shown) == sorted(ENTITY_CLASSES)
    for sub, sup in [("IntelligenceAgency", "GovernmentBody"), ("GovernmentBody", "Organization"),
                     ("MediaOutlet", "Organization"), ("City", "Place"), ("Country", "Place")]:  # fmt: skip
        assert shown.index(sub) < shown.index(sup), (sub, sup)
