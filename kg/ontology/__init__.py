"""The only package that knows IRIs: namespaces, minting, model objects → RDF, SHACL checks.

Names are imported on first use, so ``kg.ontology.prefixes`` (stdlib only) can be read by
the store and query workers without loading rdflib.

>>> from kg.ontology import mint_iri
>>> str(mint_iri("person", "sergei-lavrov"))
'https://w3id.org/kg-diplomacy/id/person/sergei-lavrov'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.ontology.concepts import EventTypeInfo, event_types
    from kg.ontology.convert import extraction_to_graph, extraction_to_triples
    from kg.ontology.iris import graph_iri, mint_iri, vocabulary_graph_iri
    from kg.ontology.namespaces import DEFAULT_BASE, DIP, DIPT, PREFIXES, bind_prefixes, new_graph
    from kg.ontology.paths import ontology_dir
    from kg.ontology.reference import load_reference
    from kg.ontology.vocabulary import shapes_graph, validate, vocabulary_graph

_WHERE = {
    "EventTypeInfo": "concepts", "event_types": "concepts",
    "extraction_to_graph": "convert", "extraction_to_triples": "convert",
    "graph_iri": "iris", "mint_iri": "iris", "vocabulary_graph_iri": "iris",
    "DEFAULT_BASE": "namespaces", "DIP": "namespaces", "DIPT": "namespaces", "PREFIXES": "namespaces",
    "bind_prefixes": "namespaces", "new_graph": "namespaces",
    "ontology_dir": "paths",
    "load_reference": "reference",
    "shapes_graph": "vocabulary", "validate": "vocabulary", "vocabulary_graph": "vocabulary",
}  # fmt: skip

__all__ = [
    "DEFAULT_BASE",
    "DIP",
    "DIPT",
    "PREFIXES",
    "EventTypeInfo",
    "bind_prefixes",
    "event_types",
    "extraction_to_graph",
    "extraction_to_triples",
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


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'kg.ontology' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"kg.ontology.{module}"), name)
    globals()[name] = value
    return value
