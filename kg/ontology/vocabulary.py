"""The vocabulary graph (ontology + event types) and SHACL validation against shapes.ttl."""

from __future__ import annotations

from rdflib import ConjunctiveGraph, Graph

from kg.ontology.namespaces import new_graph
from kg.ontology.paths import ontology_file


def vocabulary_graph() -> Graph:
    """diplomacy.ttl + concepts.ttl in one fresh graph (load it once into graph/vocabulary)."""
    graph = new_graph()
    for name in ("diplomacy.ttl", "concepts.ttl"):
        graph.parse(ontology_file(name), format="turtle")
    return graph


def shapes_graph() -> Graph:
    """The SHACL shapes of the data contract."""
    return new_graph().parse(ontology_file("shapes.ttl"), format="turtle")


def validate(data: Graph) -> tuple[bool, str]:
    """Check ``data`` against shapes.ttl; returns (conforms, pySHACL's report text).

    The vocabulary is added to a copy of the data (pySHACL's own ontology mixing copies only
    OWL/RDFS axioms, not the SKOS concepts), so ``sh:class dip:Agent`` accepts a
    ``dip:Person`` and event types are checked against the concepts of concepts.ttl.
    """
    from pyshacl import validate as shacl_validate

    combined = vocabulary_graph()
    if isinstance(data, ConjunctiveGraph):  # a Dataset: validate the union of its graphs
        for s, p, o, _ in data.quads((None, None, None, None)):
            combined.add((s, p, o))
    else:
        for triple in data.triples((None, None, None)):
            combined.add(triple)
    conforms, _, text = shacl_validate(
        combined,
        shacl_graph=shapes_graph(),
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
    )
    return bool(conforms), str(text)
