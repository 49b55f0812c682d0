"""The project's prefix table for the store, the server and the output: defined once in
``kg.ontology.prefixes`` (the ontology layer) and re-exported here."""

from __future__ import annotations

from kg.ontology.prefixes import DEFAULT_BASE, WELL_KNOWN, project_prefixes, shorten, sparql_prologue

__all__ = ["DEFAULT_BASE", "WELL_KNOWN", "project_prefixes", "shorten", "sparql_prologue"]
