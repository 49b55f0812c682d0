"""Small store graphs built by hand in the shape of ontologies/README.md, for analysis tests.

``GraphBuilder`` writes each document's assertions into its own named graph and the event
type concepts into the vocabulary graph, as the store does; ``union()`` gives the rdflib
graph the analysis reads.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from kg.analysis.terms import DIP, DIPT, ORG, PROV, SCHEMA

B = "https://w3id.org/kg-diplomacy/id/"

# type: (category, CAMEO, PLOVER, Goldstein)
EVENT_TYPES = {
    "Meeting": ("Meeting", "040", "CONSULT", 1.0),
    "MeetingThirdLocation": ("Meeting", "044", "CONSULT", 2.5),
    "Visit": ("Visit", "042", "CONSULT", 1.9),
    "Negotiation": ("Talks", "046", "CONSULT", 7.0),
    "PhoneCall": ("PhoneCall", "041", "CONSULT", 1.0),
    "Summit": ("Summit", "040", "CONSULT", 1.0),
    "PublicStatement": ("Statement", "010", "STATEMENT", 0.0),
    "Warning": ("Warning", "130", "THREATEN", -4.4),
    "Sanction": ("Sanction", "163", "SANCTION", -8.0),
}
SEGMENT = {"Person": "person", "Country": "country", "City": "place", "Place": "place"}


def iri(kind: str, slug: str) -> URIRef:
    """The instance IRI of an entity of class ``kind``."""
    return URIRef(f"{B}{SEGMENT.get(kind, 'org')}/{slug}")


class GraphBuilder:
    """Writes documents, entities, tenures and events the way kg.ontology does."""

    def __init__(self) -> None:
        self.ds = Dataset(default_union=True)
        vocab = self.ds.graph(URIRef(B + "graph/vocabulary"))
        for name, (category, cameo, plover, goldstein) in EVENT_TYPES.items():
            concept = DIPT[name]
            vocab.add((concept, RDF.type, SKOS.Concept))
            vocab.add((concept, SKOS.prefLabel, Literal(name, lang="en")))
            vocab.add((concept, SKOS.broader, DIPT[category]))
            vocab.add((concept, DIP.cameoCode, Literal(cameo)))
            vocab.add((concept, DIP.ploverCategory, Literal(plover)))
            vocab.add((concept, DIP.goldstein, Literal(goldstein)))
        self.kinds: dict[str, str] = {}

    def _g(self, doc: str) -> Graph:
        return self.ds.graph(URIRef(f"{B}graph/{doc}"))

    def document(self, doc: str, title: str, outlet: str, published: str) -> GraphBuilder:
        g, d = self._g(doc), URIRef(f"{B}doc/{doc}")
        g.add((d, RDF.type, DIP.SourceDocument))
        g.add((d, DCTERMS.title, Literal(title)))
        g.add((d, DIP.outletName, Literal(outlet)))
        g.add((d, SCHEMA.datePublished, Literal(published, datatype=XSD.date)))
        g.add((d, PROV.wasGeneratedBy, URIRef(f"{B}run/{doc}")))
        return self

    def entity(
        self,
        doc: str,
        kind: str,
        slug: str,
        label: str,
        *,
        alt: Iterable[str] = (),
        country: str | None = None,
    ) -> GraphBuilder:
        g, e = self._g(doc), iri(kind, slug)
        self.kinds[slug] = kind
        g.add((e, RDF.type, DIP[kind]))
        if kind not in ("Person", "Country", "City", "Place", "Organization"):
            g.add((e, RDF.type, DIP.Organization))
        g.add((e, RDFS.label, Literal(label)))
        for a in alt:
            g.add((e, SKOS.altLabel, Literal(a)))
        if country:
            g.add((e, DIP.country, iri("Country", country)))
        return self

    def tenure(
        self, doc: str, person: str, org: str, role: str, post_label: str, date: str
    ) -> GraphBuilder:
        g, p, o = self._g(doc), iri("Person", person), iri(self.kinds[org], org)
        post = URIRef(f"{B}post/{org}--{role}")
        tenure = URIRef(f"{B}tenure/{person}--{org}--{role}")
        g.add((p, ORG.holds, post))
        g.add((post, RDF.type, DIP.Post))
        g.add((post, RDFS.label, Literal(post_label)))
        g.add((post, DIP.roleName, Literal(role)))
        g.add((post, ORG.postIn, o))
        g.add((tenure, RDF.type, DIP.Tenure))
        g.add((tenure, ORG.member, p))
        g.add((tenure, DIP.post, post))
        g.add((tenure, ORG.organization, o))
        g.add((tenure, DIP.roleName, Literal(role)))
        g.add((tenure, DIP.observedAt, Literal(date, datatype=XSD.date)))
        return self

    def country_tenure(
        self, doc: str, person: str, country: str, role: str, start: str
    ) -> GraphBuilder:
        """A post of a country (minister, head of state), as the reference data writes it."""
        g, p = self._g(doc), iri("Person", person)
        tenure = URIRef(f"{B}tenure/{person}--{country}--{role.replace(' ', '-')}")
        g.add((tenure, RDF.type, DIP.Tenure))
        g.add((tenure, ORG.member, p))
        g.add((tenure, DIP.roleName, Literal(role)))
        g.add((tenure, DIP.country, iri("Country", country)))
        g.add((tenure, DIP.startDate, Literal(start, datatype=XSD.date)))
        return self

    def event(
        self,
        doc: str,
        key: str,
        etype: str,
        participants: Sequence[str | tuple[str, str]],
        *,
        date: str | None,
        sentence: str,
        confidence: float,
        place: str | None = None,
        label: str | None = None,
        modality: str = "Asserted",
    ) -> GraphBuilder:
        g, e = self._g(doc), URIRef(f"{B}event/{key}")
        category, cameo, plover, _ = EVENT_TYPES[etype]
        g.add((e, RDF.type, DIP.Event))
        g.add((e, RDFS.label, Literal(label or f"{etype} ({date})")))
        g.add((e, DIP.eventType, DIPT[etype]))
        g.add((e, DIP.category, DIPT[category]))
        g.add((e, DIP.cameoCode, Literal(cameo)))
        g.add((e, DIP.ploverCategory, Literal(plover)))
        g.add((e, DIP.modality, DIP[modality]))
        if date:
            dtype = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(date), XSD.date)
            g.add((e, DIP.date, Literal(date, datatype=dtype)))
        if place:
            g.add((e, DIP.place, iri(self.kinds[place], place)))
        for item in participants:
            slug, role = (item, "participant") if isinstance(item, str) else item
            agent = iri(self.kinds[slug], slug)
            part = URIRef(f"{B}participation/{key}--{slug}")
            g.add((e, DIP.hasParticipant, agent))
            g.add((e, DIP.participation, part))
            g.add((part, RDF.type, DIP.Participation))
            g.add((part, DIP.agent, agent))
            g.add((part, DIP.roleType, Literal(role)))
        return self.mention(doc, e, sentence, confidence)

    def mention(self, doc: str, about: URIRef, sentence: str, confidence: float) -> GraphBuilder:
        g = self._g(doc)
        m = URIRef(f"{B}mention/{doc}/{abs(hash((about, sentence))):x}")
        g.add((m, RDF.type, DIP.Mention))
        g.add((m, DIP.about, about))
        g.add((m, PROV.wasDerivedFrom, URIRef(f"{B}doc/{doc}")))
        g.add((m, DIP.sentence, Literal(sentence)))
        g.add((m, DIP.confidence, Literal(str(confidence), datatype=XSD.decimal)))
        return self

    def union(self) -> Dataset:
        """The store's view: every named graph at once."""
        return self.ds

    def graph(self) -> Graph:
        """The same triples copied into one plain Graph."""
        g = Graph()
        for s, p, o, _ in self.ds.quads((None, None, None, None)):
            g.add((s, p, o))
        return g


def _entities(b: GraphBuilder, doc: str) -> None:
    b.entity(doc, "Country", "united-states", "United States", alt=["U.S.", "Washington"])
    b.entity(doc, "Country", "russia", "Russia", alt=["Russian Federation", "Moscow"])
    b.entity(doc, "Country", "turkey", "Turkey", alt=["Türkiye"])
    b.entity(doc, "Country", "china", "China")
    b.entity(doc, "City", "ankara", "Ankara", country="turkey")
    b.entity(doc, "IntelligenceAgency", "cia", "CIA", alt=["Central Intelligence Agency"],
             country="united-states")  # fmt: skip
    b.entity(doc, "IntelligenceAgency", "svr", "SVR", alt=["Foreign Intelligence Service"],
             country="russia")  # fmt: skip
    b.entity(doc, "Person", "william-burns", "William Burns", alt=["Bill Burns"],
             country="united-states")  # fmt: skip
    b.entity(doc, "Person", "nicholas-burns", "Nicholas Burns", country="united-states")
    b.entity(doc, "Person", "sergei-naryshkin", "Sergei Naryshkin", country="russia")
    b.entity(doc, "Person", "antony-blinken", "Antony Blinken", alt=["Anthony Blinken"],
             country="united-states")  # fmt: skip
    b.entity(doc, "Person", "sergei-lavrov", "Sergei Lavrov", country="russia")
    b.entity(doc, "Person", "recep-tayyip-erdogan", "Recep Tayyip Erdogan", country="turkey")
    b.entity(doc, "Person", "wang-yi", "Wang Yi", country="china")


# Written for these tests; any resemblance to real reporting is by design but not by copy.
S_ANKARA = "Burns and Naryshkin held talks in Ankara on Monday, officials said."
S_ANKARA_2 = "The two spy chiefs met in the Turkish capital, according to a source."
S_CALL = "Blinken spoke by phone with Lavrov in March."
S_WARN = "Moscow warned Washington against further steps."
S_TALKS = "Erdogan and Lavrov discussed a grain deal in Ankara."
S_SANCTION = "Washington imposed new sanctions on the SVR."
S_BEIJING = "Ambassador Nicholas Burns met Wang Yi in Beijing."
S_NEGATED = "Burns was not conducting negotiations, the CIA said."


def sample_builder() -> GraphBuilder:
    """Two articles about U.S.–Russia contacts, plus one about China."""
    b = GraphBuilder()
    b.document("d1", "U.S. and Russian Spy Chiefs Hold Talks in Ankara", "The Moscow Times",
               "2022-11-14")  # fmt: skip
    b.document("d2", "Diplomatic week in review", "Reuters", "2023-01-12")
    for doc in ("d1", "d2"):
        _entities(b, doc)
    b.tenure("d1", "william-burns", "cia", "director", "director of CIA", "2022-11-14")
    b.tenure("d1", "sergei-naryshkin", "svr", "director", "director of SVR", "2022-11-14")
    b.event("d1", "e1-ankara", "MeetingThirdLocation", ["william-burns", "sergei-naryshkin"],
            date="2022-11-14", place="ankara", sentence=S_ANKARA, confidence=0.9,
            label="Meeting at a third location: William Burns, Sergei Naryshkin "
                  "(Ankara, 2022-11-14)")  # fmt: skip
    b.mention("d2", URIRef(f"{B}event/e1-ankara"), S_ANKARA_2, 0.6)
    b.event("d1", "e5-negated", "Negotiation", ["william-burns", "sergei-naryshkin"],
            date="2022-11-14", sentence=S_NEGATED, confidence=0.8, modality="Negated")  # fmt: skip
    b.event("d2", "e2-call", "PhoneCall", ["antony-blinken", "sergei-lavrov"], date="2022-03",
            sentence=S_CALL, confidence=0.8)  # fmt: skip
    b.event("d2", "e3-warning", "Warning", [("russia", "source"), ("united-states", "target")],
            date="2022-02-20", sentence=S_WARN, confidence=0.4)  # fmt: skip
    b.event("d2", "e4-talks", "Negotiation", ["recep-tayyip-erdogan", "sergei-lavrov"],
            date="2022", place="ankara", sentence=S_TALKS, confidence=0.7)  # fmt: skip
    b.event("d2", "e6-sanction", "Sanction", [("united-states", "source"), ("svr", "target")],
            date="2023-01-10", sentence=S_SANCTION, confidence=0.85)  # fmt: skip
    b.event("d2", "e7-beijing", "Meeting", ["nicholas-burns", "wang-yi"], date=None,
            sentence=S_BEIJING, confidence=0.75)  # fmt: skip
    return b


XSS_LABEL = "<img src=x onerror=alert(1)>"
XSS_SENTENCE = "He said <script>alert('x')</script> & left."


def hostile_builder() -> GraphBuilder:
    """The sample plus an entity and a sentence that would run script if pasted as HTML."""
    b = sample_builder()
    b.document("d3", "<b>Bold</b> title", "<i>Outlet</i>", "2023-02-01")
    _entities(b, "d3")
    b.entity("d3", "Person", "xss", XSS_LABEL, country="russia")
    b.event("d3", "e8-xss", "Meeting", ["xss", "sergei-lavrov"], date="2023-02-01",
            sentence=XSS_SENTENCE, confidence=0.9,
            label="Meeting </script><script>alert(2)</script>")  # fmt: skip
    return b
