"""Small facts about SPARQL text that every backend needs before running it."""

from __future__ import annotations

import re

from kg.errors import QueryError

_QUERY_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
_UPDATE_FORMS = {
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "DROP",
    "CREATE",
    "ADD",
    "MOVE",
    "COPY",
    "WITH",
}
_PROLOGUE = re.compile(
    r"""\s+                                  # whitespace
      | \#[^\n]*                             # comment
      | PREFIX\s+[^\s:]*:\s*<[^>]*>          # PREFIX p: <iri>
      | BASE\s+<[^>]*>                       # BASE <iri>
    """,
    re.IGNORECASE | re.VERBOSE,
)


def operation_form(sparql: str) -> str:
    """The first keyword after the prologue, upper-cased ("SELECT", "INSERT", …), or ""."""
    pos = 0
    while True:
        match = _PROLOGUE.match(sparql, pos)
        if not match or match.end() == pos:
            break
        pos = match.end()
    word = re.match(r"[A-Za-z]+", sparql[pos:])
    return word.group(0).upper() if word else ""


def is_update(sparql: str) -> bool:
    """True for SPARQL Update text (INSERT/DELETE/LOAD/CLEAR/DROP/CREATE/ADD/MOVE/COPY/WITH)."""
    return operation_form(sparql) in _UPDATE_FORMS


def refuse_update(sparql: str) -> None:
    """Raise QueryError when read-only ``query`` is handed an update."""
    form = operation_form(sparql)
    if form in _UPDATE_FORMS:
        raise QueryError(
            f"{form} is a SPARQL Update; query() is read-only: use update() "
            "(or allow_update=True) to change the store"
        )


def one_line(error: BaseException) -> str:
    """The first non-empty line of a parser's message."""
    for line in str(error).splitlines():
        if line.strip():
            return line.strip()
    return type(error).__name__


def iri_ref(iri: str) -> str:
    """``<iri>`` for SPARQL text, refusing characters that would break out of the IRI."""
    if any(c in iri for c in '<>"{}|^`\\ \n\t'):
        raise QueryError(f"not a valid IRI: {iri!r}")
    return f"<{iri}>"


def string_literal(value: str) -> str:
    """A SPARQL string literal with the needed escapes."""
    escaped = (
        value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )
    return f'"{escaped}"'
