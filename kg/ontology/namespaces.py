"""Every namespace the project writes, and the one place prefixes are bound.

``DIP`` and ``DIPT`` are closed (generated from the Turtle files), so a misspelt term raises
instead of silently minting a new IRI.
"""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

from kg.ontology.prefixes import DEFAULT_BASE, WELL_KNOWN
from kg.ontology.terms import DIP, DIPT

ORG = Namespace(WELL_KNOWN["org"])
SCHEMA = Namespace(WELL_KNOWN["schema"])
SEM = Namespace(WELL_KNOWN["sem"])
NIF = Namespace(WELL_KNOWN["nif"])
WIKIDATA = Namespace(WELL_KNOWN["wd"])

PREFIXES: dict[str, str] = dict(WELL_KNOWN)  # the one table (kg.ontology.prefixes)

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
