"""The vocabulary's facts every layer needs: the prefix table, the instance base and the
entity classes. The one source for them: ``kg.ontology.namespaces`` builds its rdflib
namespaces from this table, the store (``kg.store.prefixes``) re-exports it.

Kept free of rdflib/pyoxigraph imports so ``kg.output`` can shorten IRIs cheaply and query
workers start fast.
"""

from __future__ import annotations

DEFAULT_BASE = "https://w3id.org/kg-diplomacy/id/"

WELL_KNOWN: dict[str, str] = {
    "dip": "https://w3id.org/kg-diplomacy/ontology#",
    "dipt": "https://w3id.org/kg-diplomacy/event-type/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "sh": "http://www.w3.org/ns/shacl#",
    "wd": "http://www.wikidata.org/entity/",
}


# the ontology classes an entity can have (dip:<name>); kg.model.EntityKind's values are
# these names (a test checks both agree and that each is an owl:Class of diplomacy.ttl)
ENTITY_CLASSES: tuple[str, ...] = (
    "Person", "Organization", "GovernmentBody", "IntelligenceAgency", "MediaOutlet",
    "InternationalOrganization", "Country", "City", "Place",
)  # fmt: skip


def project_prefixes(base: str = DEFAULT_BASE) -> dict[str, str]:
    """All prefixes to bind, ``kgid:`` pointing at the instance base."""
    return {**WELL_KNOWN, "kgid": base}


def sparql_prologue(base: str = DEFAULT_BASE) -> str:
    """PREFIX lines for queries built in code."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in project_prefixes(base).items())


def shorten(iri: str, prefixes: dict[str, str] | None = None) -> str:
    """``https://schema.org/url`` → ``schema:url``; the longest matching namespace wins.

    Falls back to ``<iri>`` when no prefix applies or the local part would not be a
    readable name (contains spaces or '#').
    """
    table = prefixes if prefixes is not None else project_prefixes()
    best = ""
    best_prefix = ""
    for prefix, ns in table.items():
        if iri.startswith(ns) and len(ns) > len(best):
            best, best_prefix = ns, prefix
    local = iri[len(best) :]
    if best and local and not any(c in local for c in ' #<>"{}|^`\\'):
        return f"{best_prefix}:{local}"
    return f"<{iri}>"
