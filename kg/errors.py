"""Exception types shared by every stage; stdlib only so any layer may raise them.

The CLI turns a ``KGError`` into one line on stderr and a non-zero exit; anything else
is a bug and keeps its traceback.
"""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """The exit status of every ``kg`` command (documented in the README)."""

    OK = 0
    ERROR = 1  # bad input, a store or query problem; for ``kg validate``, violations
    USAGE = 2  # click's usage errors: unknown option, missing argument, bad value
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)


class KGError(Exception):
    """Base class for errors a user can act on; the message says what to do."""

    exit_code: ExitStatus = ExitStatus.ERROR


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
