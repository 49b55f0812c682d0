"""Where the ontology files live: the repository's ``ontologies/`` unless ``KG_ONTOLOGY_DIR`` says
otherwise (tests and users with their own vocabulary copy point it elsewhere)."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "KG_ONTOLOGY_DIR"
_REPO_DIR = Path(__file__).resolve().parents[2] / "ontologies"


def ontology_dir() -> Path:
    """The folder holding diplomacy.ttl, concepts.ttl, shapes.ttl and reference/."""
    override = os.environ.get(ENV_VAR)
    return Path(override).expanduser() if override else _REPO_DIR


def ontology_file(name: str) -> Path:
    """One file of the ontology folder; raises a KGError naming the folder if it is missing."""
    from kg.errors import KGError

    path = ontology_dir() / name
    if not path.is_file():
        raise KGError(
            f"ontology file {path} not found; set {ENV_VAR} to the folder holding the kg ontologies"
        )
    return path
