"""The RDF terms the analysis reads, as listed in ``ontologies/README.md``.

Kept to the handful of IRIs this package needs so it does not depend on how
``kg.ontology`` generates its namespaces; if the contract changes, change it here.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

DIP = Namespace("https://w3id.org/kg-diplomacy/ontology#")
DIPT = Namespace("https://w3id.org/kg-diplomacy/event-type/")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")

__all__ = [
    "DCTERMS", "DIP", "DIPT", "ENTITY_CLASSES", "ORG", "PROV", "RDF", "RDFS", "SCHEMA", "SKOS",
]  # fmt: skip

# Most specific first: an entity typed both dip:Organization and dip:IntelligenceAgency
# is shown as the latter.
ENTITY_CLASSES: tuple[str, ...] = (
    "Person",
    "IntelligenceAgency",
    "GovernmentBody",
    "MediaOutlet",
    "InternationalOrganization",
    "Organization",
    "Country",
    "City",
    "Place",
)
