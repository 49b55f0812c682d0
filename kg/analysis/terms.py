"""The RDF terms the analysis reads (``ontologies/README.md``), from the ontology layer.

``DIP`` and ``DIPT`` are the closed namespaces generated from the Turtle files, so a term
the vocabulary does not define fails at import instead of matching nothing.
"""

from __future__ import annotations

from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from kg.ontology.concepts import entity_classes_most_specific_first
from kg.ontology.namespaces import DIP, DIPT, ORG, SCHEMA

__all__ = [
    "DCTERMS", "DIP", "DIPT", "ENTITY_CLASSES", "ORG", "PROV", "RDF", "RDFS", "SCHEMA", "SKOS",
]  # fmt: skip

# Most specific first (from the ontology's subclass axioms): an entity typed both
# dip:Organization and dip:IntelligenceAgency is shown as the latter.
ENTITY_CLASSES: tuple[str, ...] = entity_classes_most_specific_first()

# CAMEO/PLOVER participant roles in plain words ("source" reads as a news source otherwise):
# the source of a statement or warning speaks; of a sanction, strike or arrest, it acts
ROLE_WORDS: dict[str, str] = {
    "source": "initiator",
    "target": "target",
    "host": "host",
    "visitor": "visitor",
    "participant": "participant",
}
SPOKEN = ("Statement", "Warning")


def role_words(role: str | None, category: str | None = None) -> str:
    """The plain word for a participant role in an event of ``category``.

    >>> role_words("source", "Statement"), role_words("source", "Sanction"), role_words(None)
    ('speaker', 'initiator', 'participant')
    """
    role = role or "participant"
    if role == "source" and category in SPOKEN:
        return "speaker"
    return ROLE_WORDS.get(role, role)
