"""A synthetic store shaped like real extractions, for the view and analysis benchmarks.

Each document is what ``kg ingest`` writes for one news article (counted on the seed
article): the document node; the description of every entity it mentions; 4–8 events with
participations and modality (one in five denied or planned); ~40 mentions with sentence,
confidence, rule, trigger offsets and a text span; tenures with their posts. Descriptions are
stored once in the shared graph (the store's layout since issue 10), or restated in each
document's graph with ``shared=False`` (the layout before it). Entities come from pools with a
few very busy actors (Zipf-like weights), and one event in four is one already reported by an
earlier document (same IRI).

    from synthetic_store import synthetic_nquads
    data, triples, docs = synthetic_nquads(1_000_000)
"""

from __future__ import annotations

import random
import zlib

B = "https://w3id.org/kg-diplomacy/id/"
DIP = "https://w3id.org/kg-diplomacy/ontology#"
DIPT = "https://w3id.org/kg-diplomacy/event-type/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "https://schema.org/"
DCT = "http://purl.org/dc/terms/"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
XSD = "http://www.w3.org/2001/XMLSchema#"
WD = "http://www.wikidata.org/entity/"
SHARED = f"<{B}graph/shared>"

# event type: (category, CAMEO, PLOVER, role pair or None for plain participants)
TYPES = {
    "MeetingThirdLocation": ("Meeting", "044", "CONSULT", None),
    "Meeting": ("Meeting", "040", "CONSULT", None),
    "Visit": ("Visit", "042", "CONSULT", ("visitor", "host")),
    "Negotiation": ("Talks", "046", "CONSULT", None),
    "Summit": ("Summit", "040", "CONSULT", None),
    "PhoneCall": ("PhoneCall", "041", "CONSULT", None),
    "PublicStatement": ("Statement", "010", "STATEMENT", ("source", "target")),
    "Warning": ("Warning", "130", "THREATEN", ("source", "target")),
    "Sanction": ("Sanction", "163", "SANCTION", ("source", "target")),
    "Invasion": ("MilitaryAction", "192", "COERCE", ("source", "target")),
}
MODALITIES = ["Asserted"] * 8 + ["Negated", "Future"]
RULES = ["entity.name", "entity.demonym", "event.noun", "event.verb", "role.title-before-name"]


class _Pools:
    """The entities articles talk about, each with its home country and a weight."""

    def __init__(self, docs: int, rng: random.Random) -> None:
        self.countries = [f"country/c{i}" for i in range(150)]
        people = [f"person/p{i}" for i in range(max(200, docs * 2))]
        orgs = [f"org/o{i}" for i in range(max(60, docs // 3))]
        self.cities = [f"place/l{i}" for i in range(max(40, docs // 6))]
        self.home = {e: rng.choice(self.countries) for e in people + orgs + self.cities}
        self.org_kind = {o: rng.choice(["GovernmentBody", "IntelligenceAgency", "MediaOutlet",
                                        "InternationalOrganization"]) for o in orgs}  # fmt: skip
        self.actors = people + orgs + self.countries
        self.weights = [1.0 / (1 + (i % 997)) ** 0.7 for i in range(len(self.actors))]
        self.people, self.orgs = people, orgs

    def kind(self, entity: str) -> str:
        prefix = entity.split("/")[0]
        if prefix == "org":
            return self.org_kind[entity]
        return {"person": "Person", "country": "Country", "place": "City"}[prefix]


def synthetic_nquads(target: int, seed: int = 7, *, shared: bool = True) -> tuple[bytes, int, int]:
    """N-Quads of about ``target`` triples; returns (data, triples, documents).

    ``shared``: descriptions (entities, events, participations, tenures, posts) are stored
    once in ``<base>graph/shared`` as the store writes them since issue 10; else restated in
    each document's graph, as before it (the union then holds a copy per document)."""
    rng = random.Random(seed)
    pools = _Pools(max(1, target // (600 if shared else 900)), rng)
    lines: list[str] = []
    stated: set[str] = set()
    reported: list[tuple[str, str, list[str], str | None, str | None]] = []
    doc_index = 0

    while len(lines) < target:
        d = f"d{doc_index}"
        doc_index += 1
        g, doc = f"<{B}graph/{d}>", f"<{B}doc/{d}>"

        def q(s: str, p: str, o: str, g: str = g) -> None:
            lines.append(f"{s} <{p}> {o} {g} .\n")

        def describe(s: str, p: str, o: str, g: str = g) -> None:
            line = f"{s} <{p}> {o} {SHARED if shared else g} .\n"
            if not shared or line not in stated:
                stated.add(line)
                lines.append(line)

        day = f"20{rng.randint(18, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        q(doc, RDF_TYPE, f"<{DIP}SourceDocument>")
        q(doc, f"{DCT}title", f'"Synthetic article {d} about talks"')
        q(doc, f"{DCT}source", f"<file:///news/{d}.txt>")
        q(doc, f"{DIP}outletName", f'"Outlet {doc_index % 40}"')
        q(doc, f"{SCHEMA}datePublished", f'"{day}"^^<{XSD}date>')
        q(doc, f"{DIP}contentHash", f'"h{d}"')
        mentioned: set[str] = set()
        abouts: list[str] = []
        for n in range(rng.randint(4, 8)):
            if reported and rng.random() < 0.25:  # another report of an earlier event
                key, etype, agents, place, date = rng.choice(reported)
            else:
                etype = rng.choice(list(TYPES))
                agents = list(dict.fromkeys(rng.choices(pools.actors, pools.weights, k=rng.randint(2, 4))))
                place = rng.choice(pools.cities) if rng.random() < 0.5 else None
                date = day if rng.random() < 0.7 else None
                key = f"{etype.lower()}-{d}-{n}"
                reported.append((key, etype, agents, place, date))
            category, cameo, plover, roles = TYPES[etype]
            e = f"<{B}event/{key}>"
            describe(e, RDF_TYPE, f"<{DIP}Event>")
            describe(e, LABEL, f'"{etype}: {", ".join(a.split("/")[1] for a in agents)}"')
            describe(e, f"{DIP}eventType", f"<{DIPT}{etype}>")
            describe(e, f"{DIP}category", f"<{DIPT}{category}>")
            describe(e, f"{DIP}cameoCode", f'"{cameo}"')
            describe(e, f"{DIP}ploverCategory", f'"{plover}"')
            describe(e, f"{DIP}modality", f"<{DIP}{rng.choice(MODALITIES)}>")
            describe(e, f"{DIP}dateText", '"Monday"')
            if date:
                describe(e, f"{DIP}date", f'"{date}"^^<{XSD}date>')
            if place:
                describe(e, f"{DIP}place", f"<{B}{place}>")
                mentioned.add(place)
            for i, a in enumerate(agents):
                part = f"<{B}participation/{key}--{a.replace('/', '-')}>"
                role = "participant" if roles is None else roles[min(i, 1)]
                describe(e, f"{DIP}hasParticipant", f"<{B}{a}>")
                describe(e, f"{DIP}participation", part)
                describe(part, RDF_TYPE, f"<{DIP}Participation>")
                describe(part, f"{DIP}agent", f"<{B}{a}>")
                describe(part, f"{DIP}roleType", f'"{role}"')
            mentioned.update(agents)
            abouts += [e] * rng.randint(1, 3)
        for person in rng.sample(pools.people, 4):
            org = rng.choice(pools.orgs)
            post = f"<{B}post/{org.split('/')[1]}--director>"
            t = f"<{B}tenure/{person.split('/')[1]}--{org.split('/')[1]}--director>"
            describe(t, RDF_TYPE, f"<{DIP}Tenure>")
            describe(t, f"{ORG}member", f"<{B}{person}>")
            describe(t, f"{ORG}organization", f"<{B}{org}>")
            describe(t, f"{DIP}country", f"<{B}{pools.home[org]}>")
            describe(t, f"{DIP}post", post)
            describe(t, f"{DIP}roleName", '"director"')
            describe(t, f"{DIP}observedAt", f'"{day}"^^<{XSD}date>')
            describe(post, RDF_TYPE, f"<{DIP}Post>")
            describe(post, LABEL, f'"director of {org.split("/")[1].upper()}"')
            describe(post, f"{ORG}postIn", f"<{B}{org}>")
            describe(post, f"{DIP}roleName", '"director"')
            describe(f"<{B}{person}>", f"{ORG}holds", post)
            mentioned.update([person, org])
            abouts.append(t)
        for ent in sorted(mentioned):
            s = f"<{B}{ent}>"
            describe(s, RDF_TYPE, f"<{DIP}{pools.kind(ent)}>")
            describe(s, LABEL, f'"{ent.split("/")[1].upper()}"')
            if ent.startswith("org/"):
                describe(s, RDF_TYPE, f"<{DIP}Organization>")
            code = zlib.crc32(ent.encode())
            if code % 2:
                describe(s, ALT, f'"{ent.split("/")[1]}"')
                describe(s, f"{SCHEMA}sameAs", f"<{WD}Q{code % 10**6}>")
            if ent in pools.home:
                describe(s, f"{DIP}country", f"<{B}{pools.home[ent]}>")
            abouts += [s] * rng.randint(1, 2)
        spans = [f"<{B}span/{d}/{i * 200}-{i * 200 + 180}>" for i in range(8)]
        for span in spans:
            begin, end = span.rsplit("/", 1)[1].rstrip(">").split("-")
            q(span, RDF_TYPE, f"<{DIP}TextSpan>")
            q(span, f"{NIF}beginIndex", f'"{begin}"^^<{XSD}integer>')
            q(span, f"{NIF}endIndex", f'"{end}"^^<{XSD}integer>')
            q(span, f"{NIF}referenceContext", doc)
        for n, about in enumerate(abouts):
            m, span = f"<{B}mention/{d}/{n:04x}>", rng.choice(spans)
            q(m, RDF_TYPE, f"<{DIP}Mention>")
            q(m, f"{PROV}wasDerivedFrom", doc)
            q(m, f"{PROV}wasGeneratedBy", f"<{B}run/{d}>")
            q(m, f"{DIP}about", about)
            q(m, f"{DIP}confidence", f'"0.{rng.randint(50, 95)}"^^<{XSD}decimal>')
            q(m, f"{DIP}evidenceSpan", span)
            q(m, f"{DIP}rule", f'"{rng.choice(RULES)}"')
            q(m, f"{DIP}sentence", f'"Sentence {n} of article {d}, which reports what happened."')
            q(m, f"{DIP}triggerBegin", f'"{n * 10}"^^<{XSD}integer>')
            q(m, f"{DIP}triggerEnd", f'"{n * 10 + 6}"^^<{XSD}integer>')
    return "".join(lines).encode("utf-8"), len(lines), doc_index


def load_store(target: int, folder: str, seed: int = 7, *, shared: bool = True):
    """An on-disk OxigraphStore in ``folder`` holding the vocabulary and ``target`` triples;
    returns (store, triples, documents)."""
    import pyoxigraph as ox

    from kg.ontology.vocabulary import vocabulary_graph
    from kg.store.embedded import OxigraphStore

    data, triples, docs = synthetic_nquads(target, seed, shared=shared)
    store = OxigraphStore(folder)
    store.ensure_vocabulary(vocabulary_graph())
    store.raw.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    return store, triples, docs
