"""Every namespace the project writes, and the one place prefixes are bound.

``DIP`` and ``DIPT`` are closed (generated from the Turtle files), so a misspelt term raises
instead of silently minting a new IRI.
"""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

from kg.ontology.terms import DIP, DIPT

DEFAULT_BASE = "https://w3id.org/kg-diplomacy/id/"

ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
WIKIDATA = Namespace("http://www.wikidata.org/entity/")

PREFIXES: dict[str, str] = {
    "dip": str(DIP),
    "dipt": str(DIPT),
    "org": str(ORG),
    "prov": str(PROV),
    "schema": str(SCHEMA),
    "sem": str(SEM),
    "skos": str(SKOS),
    "nif": str(NIF),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "sh": str(SH),
    "wd": str(WIKIDATA),
}

__all__ = [
    "DCTERMS",
    "DEFAULT_BASE",
    "DIP",
    "DIPT",
    "FOAF",
    "NIF",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SEM",
    "SH",
    "SKOS",
    "WIKIDATA",
    "XSD",
    "bind_prefixes",
    "new_graph",
]


def bind_prefixes(graph: Graph, base: str = DEFAULT_BASE) -> Graph:
    """Bind the project's prefixes (plus ``kgid:`` for instances under ``base``) on ``graph``."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    graph.bind("kgid", base, override=True, replace=True)
    return graph


def new_graph(base: str = DEFAULT_BASE) -> Graph:
    """An empty graph with only our prefixes bound (rdflib's defaults dropped, so ``org:``
    can never mean anything but W3C ORG)."""
    return bind_prefixes(Graph(bind_namespaces="none"), base)
