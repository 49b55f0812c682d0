"""Hand-built document graphs in the shape of ontologies/README.md, for the store tests.

Two articles report the same Ankara meeting (one event IRI, two mentions); the second
also reports a phone call (month precision), a negated negotiation and a sanction.
"""

from __future__ import annotations

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

B = Namespace("https://w3id.org/kg-diplomacy/id/")
DIP = Namespace("https://w3id.org/kg-diplomacy/ontology#")
DIPT = Namespace("https://w3id.org/kg-diplomacy/event-type/")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")

MEETING = "meetingthirdlocation-2022-11-14-1a2b3c4d5e"
CALL = "phonecall-2022-03-aa11bb22cc"
TALKS = "negotiation-2022-11-14-0f0e0d0c0b"
SANCTION = "sanction-2022-02-28-9988776655"

ENTITIES = {
    # key: (path, class, label, country)
    "william-burns": ("person", "Person", "William Burns", "united-states"),
    "sergei-naryshkin": ("person", "Person", "Sergei Naryshkin", "russia"),
    "sergei-lavrov": ("person", "Person", "Sergei Lavrov", "russia"),
    "antony-blinken": ("person", "Person", "Antony Blinken", "united-states"),
    "cia": ("org", "IntelligenceAgency", "Central Intelligence Agency", "united-states"),
    "reuters": ("org", "MediaOutlet", "Reuters", None),
    "russia": ("country", "Country", "Russia", None),
    "united-states": ("country", "Country", "United States", None),
    "turkey": ("country", "Country", "Turkey", None),
    "ankara": ("place", "City", "Ankara", "turkey"),
}


def iri(key: str) -> URIRef:
    return B[f"{ENTITIES[key][0]}/{key}"]


def _entity(g: Graph, key: str) -> None:
    _, cls, label, country = ENTITIES[key]
    g.add((iri(key), RDF.type, DIP[cls]))
    g.add((iri(key), RDFS.label, Literal(label)))
    if country:
        g.add((iri(key), DIP.country, iri(country)))


def _document(g: Graph, doc_id: str, title: str, outlet: str, published: str) -> URIRef:
    doc = B[f"doc/{doc_id}"]
    g.add((doc, RDF.type, DIP.SourceDocument))
    g.add((doc, DCTERMS.title, Literal(title)))
    g.add((doc, DIP.outletName, Literal(outlet)))
    g.add((doc, SCHEMA.datePublished, Literal(published, datatype=XSD.date)))
    g.add((doc, SCHEMA.url, Literal(f"https://news.example/{doc_id}", datatype=XSD.anyURI)))
    g.add((doc, PROV.wasGeneratedBy, B[f"run/{doc_id}"]))
    g.add((B[f"run/{doc_id}"], RDF.type, DIP.ExtractionRun))
    g.add((B[f"run/{doc_id}"], PROV.used, doc))
    return doc


def _event(g, key, etype, category, cameo, participants, date, place=None, modality="Asserted"):
    e = B[f"event/{key}"]
    g.add((e, RDF.type, DIP.Event))
    g.add((e, DIP.eventType, DIPT[etype]))
    g.add((e, DIP.category, DIPT[category]))
    g.add((e, DIP.cameoCode, Literal(cameo)))
    g.add((e, DIP.modality, DIP[modality]))
    g.add((e, DIP.date, date))
    if place:
        g.add((e, DIP.place, iri(place)))
    names = ", ".join(ENTITIES[p][2] for p in participants)
    g.add((e, RDFS.label, Literal(f"{etype}: {names}")))
    for p in participants:
        g.add((e, DIP.hasParticipant, iri(p)))
        part = B[f"participation/{key}--{p}"]
        g.add((e, DIP.participation, part))
        g.add((part, RDF.type, DIP.Participation))
        g.add((part, DIP.agent, iri(p)))
        g.add((part, DIP.roleType, Literal("participant")))
    return e


def _mention(g, doc_id, h, about, sentence, start, confidence, reported_by=None):
    m = B[f"mention/{doc_id}/{h}"]
    span = B[f"span/{doc_id}/{start}-{start + len(sentence)}"]
    g.add((m, RDF.type, DIP.Mention))
    g.add((m, DIP.about, about))
    g.add((m, PROV.wasDerivedFrom, B[f"doc/{doc_id}"]))
    g.add((m, DIP.evidenceSpan, span))
    g.add((m, DIP.sentence, Literal(sentence)))
    g.add((m, DIP.confidence, Literal(confidence, datatype=XSD.decimal)))
    g.add((m, DIP.rule, Literal("event.trigger.verb")))
    if reported_by:
        g.add((m, DIP.reportedBy, iri(reported_by)))
        g.add((m, DIP.attribution, Literal("reported")))
    g.add((span, RDF.type, DIP.TextSpan))
    g.add((span, NIF.beginIndex, Literal(start)))
    g.add((span, NIF.endIndex, Literal(start + len(sentence))))
    g.add((span, NIF.referenceContext, B[f"doc/{doc_id}"]))


def _tenure(g, doc_id, observed):
    post, tenure = B["post/cia--director"], B["tenure/william-burns--cia--director"]
    g.add((iri("william-burns"), ORG.holds, post))
    g.add((post, RDF.type, DIP.Post))
    g.add((post, RDFS.label, Literal("director of the Central Intelligence Agency")))
    g.add((post, DIP.roleName, Literal("director")))
    g.add((post, ORG.postIn, iri("cia")))
    g.add((tenure, RDF.type, DIP.Tenure))
    g.add((tenure, ORG.member, iri("william-burns")))
    g.add((tenure, DIP.post, post))
    g.add((tenure, ORG.organization, iri("cia")))
    g.add((tenure, DIP.roleName, Literal("director")))
    g.add((tenure, DIP.country, iri("united-states")))
    g.add((tenure, DIP.observedAt, Literal(observed, datatype=XSD.date)))
    _mention(g, doc_id, "t1", tenure, "CIA director William Burns travelled.", 0, "0.9")


def doc_one() -> Graph:
    """'ankara-talks': the meeting, Burns's post."""
    g = Graph()
    _document(g, "ankara-talks", "Spy chiefs meet in Ankara", "The Daily Example", "2022-11-14")
    for key in ("william-burns", "sergei-naryshkin", "cia", "russia", "united-states",
                "turkey", "ankara"):  # fmt: skip
        _entity(g, key)
    meeting = _event(
        g, MEETING, "MeetingThirdLocation", "Meeting", "044",
        ("william-burns", "sergei-naryshkin"), Literal("2022-11-14", datatype=XSD.date), "ankara",
    )  # fmt: skip
    sentence = "Burns met Naryshkin in Ankara on Monday."
    _mention(g, "ankara-talks", "m1", meeting, sentence, 40, "0.85")
    _tenure(g, "ankara-talks", "2022-11-14")
    return g


def doc_two() -> Graph:
    """'wire-report': the same meeting via Reuters, a call, a negated negotiation, a sanction."""
    g = Graph()
    _document(g, "wire-report", "Moscow and Washington keep channels open", "Wire", "2022-11-15")
    for key in ("william-burns", "sergei-naryshkin", "sergei-lavrov", "antony-blinken",
                "reuters", "russia", "united-states", "turkey", "ankara"):  # fmt: skip
        _entity(g, key)
    meeting = _event(
        g, MEETING, "MeetingThirdLocation", "Meeting", "044",
        ("william-burns", "sergei-naryshkin"), Literal("2022-11-14", datatype=XSD.date), "ankara",
    )  # fmt: skip
    _mention(g, "wire-report", "m1", meeting, "The two spy chiefs met in Ankara, Reuters said.",
             0, "0.8", reported_by="reuters")  # fmt: skip
    call = _event(
        g, CALL, "PhoneCall", "PhoneCall", "041", ("sergei-lavrov", "antony-blinken"),
        Literal("2022-03", datatype=XSD.gYearMonth),
    )  # fmt: skip
    _mention(g, "wire-report", "m2", call, "Lavrov and Blinken spoke by phone in March.", 60, "0.7")
    talks = _event(
        g, TALKS, "Negotiation", "Talks", "046", ("russia", "united-states"),
        Literal("2022-11-14", datatype=XSD.date), modality="Negated",
    )  # fmt: skip
    _mention(g, "wire-report", "m3", talks, "Officials said they were not negotiating.", 120, "0.6")
    sanction = _event(
        g, SANCTION, "Sanction", "Sanction", "163", ("united-states", "russia"),
        Literal("2022-02-28", datatype=XSD.date),
    )  # fmt: skip
    sentence = "Washington imposed sanctions on Moscow."
    _mention(g, "wire-report", "m4", sanction, sentence, 200, "0.75")
    return g


def vocabulary() -> Graph:
    """A small stand-in for ontology + concepts: labels the queries look up, one blank node."""
    g = Graph()
    labels = {
        "Meeting": "Meeting", "MeetingThirdLocation": "Meeting at a third location",
        "PhoneCall": "Phone call", "Talks": "Talks", "Negotiation": "Negotiation",
        "Sanction": "Sanction",
    }  # fmt: skip
    for name, label in labels.items():
        g.add((DIPT[name], RDF.type, SKOS.Concept))
        g.add((DIPT[name], SKOS.prefLabel, Literal(label, lang="en")))
    g.add((DIPT.MeetingThirdLocation, SKOS.broader, DIPT.Meeting))
    g.add((DIP.Person, RDF.type, OWL.Class))
    from rdflib import BNode

    restriction = BNode()
    g.add((DIP.Event, RDFS.subClassOf, restriction))
    g.add((restriction, RDF.type, OWL.Restriction))
    g.add((restriction, OWL.onProperty, DIP.modality))
    return g


def fill(store) -> None:
    """Vocabulary plus both documents."""
    store.ensure_vocabulary(vocabulary())
    store.put_document("ankara-talks", "hash-one", doc_one())
    store.put_document("wire-report", "hash-two", doc_two())
