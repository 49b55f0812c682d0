"""Exception types shared by every stage; stdlib only so any layer may raise them.

The CLI turns a ``KGError`` into one line on stderr and a non-zero exit; anything else
is a bug and keeps its traceback.
"""

from __future__ import annotations


class KGError(Exception):
    """Base class for errors a user can act on; the message says what to do."""

    exit_code: int = 1


class InputError(KGError):
    """A source could not be read: missing, empty, binary, undecodable, too large."""


class ExtractionError(KGError):
    """The NLP stage could not run (e.g. the spaCy model is not installed)."""


class StoreError(KGError):
    """The store could not be opened, read or written; its contents are unchanged."""


class QueryError(KGError):
    """A SPARQL query or an RDF payload is malformed or failed to run."""


class ValidationFailed(KGError):
    """The graph does not conform to the SHACL shapes (exit status 1 for ``kg validate``)."""
