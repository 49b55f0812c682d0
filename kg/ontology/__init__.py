"""The only package that knows IRIs: namespaces, minting, model objects → RDF, SHACL checks.

>>> from kg.ontology import mint_iri
>>> str(mint_iri("person", "sergei-lavrov"))
'https://w3id.org/kg-diplomacy/id/person/sergei-lavrov'
"""

from __future__ import annotations

from kg.ontology.concepts import EventTypeInfo, event_types
from kg.ontology.convert import extraction_to_graph
from kg.ontology.iris import graph_iri, mint_iri, vocabulary_graph_iri
from kg.ontology.namespaces import DEFAULT_BASE, DIP, DIPT, PREFIXES, bind_prefixes, new_graph
from kg.ontology.paths import ontology_dir
from kg.ontology.reference import load_reference
from kg.ontology.vocabulary import shapes_graph, validate, vocabulary_graph

__all__ = [
    "DEFAULT_BASE",
    "DIP",
    "DIPT",
    "PREFIXES",
    "EventTypeInfo",
    "bind_prefixes",
    "event_types",
    "extraction_to_graph",
    "graph_iri",
    "load_reference",
    "mint_iri",
    "new_graph",
    "ontology_dir",
    "shapes_graph",
    "validate",
    "vocabulary_graph",
    "vocabulary_graph_iri",
]
