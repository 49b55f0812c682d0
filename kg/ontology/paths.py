"""Where the ontology files live.

In order: the folder ``KG_ONTOLOGY_DIR`` names (users with their own vocabulary copy, tests);
the ``ontologies/`` folder inside the installed package (a wheel carries it as
``kg/ontologies/``, read through ``importlib.resources``); the repository's top-level
``ontologies/`` (a checkout, or an editable install of one).
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

ENV_VAR = "KG_ONTOLOGY_DIR"
ONTOLOGY_FILE = "diplomacy.ttl"


def packaged_dir() -> Path | None:
    """``kg/ontologies`` of the installed package, when the package carries it (a wheel does)."""
    folder = resources.files("kg") / "ontologies"
    if folder.is_dir() and folder.joinpath(ONTOLOGY_FILE).is_file():
        return Path(str(folder))
    return None


def checkout_dir() -> Path:
    """``ontologies/`` at the top of the repository this package was imported from."""
    return Path(str(resources.files("kg"))).resolve().parent / "ontologies"


def ontology_dir() -> Path:
    """The folder holding diplomacy.ttl, concepts.ttl, shapes.ttl and reference/."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    return packaged_dir() or checkout_dir()


def ontology_file(name: str) -> Path:
    """One file of the ontology folder; raises a KGError naming the folder if it is missing."""
    from kg.errors import KGError

    path = ontology_dir() / name
    if not path.is_file():
        raise KGError(
            f"ontology file {path} not found; set {ENV_VAR} to the folder holding the kg ontologies"
        )
    return path
