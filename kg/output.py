"""Rows → table, csv, tsv, json or jsonl: the one renderer every command uses.

Values may be rdflib terms (SPARQL results), None (unbound) or plain Python values
(analysis rows). Only the table shortens IRIs with the project prefixes; csv/tsv/json keep
them whole so the output can be fed to other tools. csv and tsv cells that a spreadsheet
would run as a formula (text starting with ``=``, ``+``, ``-``, ``@``, tab or carriage
return, OWASP's rule) get a leading ``'``; numbers such as ``-3`` stay as they are, and
json/jsonl keep every value exact.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, TextIO

from kg.errors import KGError
from kg.store.prefixes import shorten

FORMATS = ("table", "csv", "tsv", "json", "jsonl")
MAX_CELL = 80  # table cells longer than this are cut with "…"
TABLE_WIDTH = 100  # a table fits this many columns unless COLUMNS or the terminal says otherwise
MIN_COLUMN = 6  # columns are never cut narrower than this (or their header)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")

Row = Mapping[str, Any]


def render_rows(
    variables: Sequence[str],
    rows: Sequence[Row],
    fmt: str,
    out: TextIO,
    *,
    sparql: bool | None = None,
    hide: Sequence[str] = (),
    width: int | None = None,
) -> None:
    """Write ``rows`` (dicts keyed by ``variables``) to ``out`` in ``fmt``.

    ``json`` gives SPARQL 1.1 Query Results JSON for SPARQL rows (``sparql=True``, or
    auto-detected from rdflib terms among the values) and a plain JSON list otherwise. An
    empty result writes nothing for table and jsonl, only the header for csv/tsv.
    The table leaves out the columns in ``hide`` (IRIs and codes a reader asks for with
    ``--wide``) and cuts its widest cells with "…" so each line fits ``width`` characters
    (default: ``table_width(out)``); the other formats keep every column whole.
    """
    if fmt not in FORMATS:
        raise KGError(f"unknown output format {fmt!r}: use one of {', '.join(FORMATS)}")
    variables = list(variables)
    if fmt == "table":
        shown = [v for v in variables if v not in set(hide)] or variables
        _table(shown, rows, out, table_width(out) if width is None else width)
    elif fmt in ("csv", "tsv"):
        _delimited(variables, rows, out, "," if fmt == "csv" else "\t")
    elif fmt == "json":
        if sparql if sparql is not None else _has_terms(rows):
            json.dump(_sparql_json(variables, rows), out, ensure_ascii=False, indent=1)
        else:
            json.dump([_plain_row(variables, r) for r in rows], out, ensure_ascii=False, indent=1)
        out.write("\n")
    else:
        for row in rows:
            out.write(json.dumps(_plain_row(variables, row), ensure_ascii=False) + "\n")


def render_result(
    result: Any, fmt: str, out: TextIO, *, hide: Sequence[str] = (), width: int | None = None
) -> None:
    """Render a ``kg.store.QueryResult``; an ASK in json is ``{"head": {}, "boolean": …}``."""
    if result.kind == "ask" and fmt == "json":
        json.dump(result.to_sparql_json(), out, indent=1)
        out.write("\n")
        return
    sparql = result.kind != "graph"
    render_rows(result.variables, result.rows, fmt, out, sparql=sparql, hide=hide, width=width)


def table_width(out: TextIO) -> int:
    """How wide a table may be: ``$COLUMNS``, else the terminal ``out`` is, else 100."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
        if columns > 0:
            return columns
    except ValueError:
        pass
    try:
        if out.isatty():
            return shutil.get_terminal_size((TABLE_WIDTH, 24)).columns
    except (AttributeError, ValueError, OSError):
        pass
    return TABLE_WIDTH


def wide_columns(query_text: str) -> list[str]:
    """Columns a query's ``# wide: a b`` comment keeps out of the default table.

    >>> wide_columns("# wide: cameo event\nSELECT ?date ?cameo ?event WHERE {}")
    ['cameo', 'event']
    """
    names: list[str] = []
    for line in query_text.splitlines():
        match = re.match(r"\s*#\s*wide:\s*(.*)", line)
        if match:
            names.extend(name.lstrip("?") for name in match[1].split())
    return names


# -- cells -------------------------------------------------------------------------------------
def cell_text(value: Any, *, short: bool = False) -> str:
    """Text of one value: IRIs (shortened if ``short``), literal lexical forms, '' for None."""
    from rdflib import BNode, URIRef

    if value is None:
        return ""
    if isinstance(value, URIRef):
        return shorten(str(value)) if short else str(value)
    if isinstance(value, BNode):
        return f"_:{value}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def spreadsheet_safe(text: str) -> str:
    """``text`` with a leading ``'`` when a spreadsheet would read it as a formula.

    >>> spreadsheet_safe("=SUM(A1)"), spreadsheet_safe("-3.5"), spreadsheet_safe("Kyiv")
    ("'=SUM(A1)", '-3.5', 'Kyiv')
    """
    if text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def plain_value(value: Any) -> Any:
    """A JSON-ready value: numbers and booleans from typed literals, strings otherwise."""
    from rdflib import Literal, URIRef

    if isinstance(value, URIRef):
        return str(value)
    if isinstance(value, Literal):
        python = value.toPython()
        if isinstance(python, bool | int | float):
            return python
        if isinstance(python, Decimal):
            return float(python)
        return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return float(value)
    return str(value)


def _is_number(value: Any) -> bool:
    from rdflib import Literal

    if isinstance(value, Literal):
        value = value.toPython()
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _has_terms(rows: Sequence[Row]) -> bool:
    from rdflib.term import Node

    return any(isinstance(v, Node) for row in rows for v in row.values())


# -- formats -----------------------------------------------------------------------------------
def _table(variables: list[str], rows: Sequence[Row], out: TextIO, width: int) -> None:
    if not rows:
        return
    cells = [[_fit(cell_text(row.get(v), short=True)) for v in variables] for row in rows]
    widths = [max([len(v), *(len(c[i]) for c in cells)]) for i, v in enumerate(variables)]
    widths = _narrow(widths, [max(len(v), MIN_COLUMN) for v in variables], width)
    cells = [[_cut(c, w) for c, w in zip(row_cells, widths, strict=True)] for row_cells in cells]
    numeric = [
        all(_is_number(row.get(v)) for row in rows if row.get(v) is not None) for v in variables
    ]

    def line(values: list[str]) -> str:
        parts = [
            val.rjust(w) if num else val.ljust(w)
            for val, w, num in zip(values, widths, numeric, strict=True)
        ]
        return "  ".join(parts).rstrip()

    out.write(line(variables) + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row_cells in cells:
        out.write(line(row_cells) + "\n")


def _narrow(widths: list[int], floors: list[int], width: int) -> list[int]:
    """Column widths whose lines (two spaces apart) fit ``width``: the widest cut first."""
    widths = list(widths)
    excess = sum(widths) + 2 * (len(widths) - 1) - width
    while excess > 0:
        cuttable = [i for i, w in enumerate(widths) if w > floors[i]]
        if not cuttable:
            break
        widest = max(cuttable, key=lambda i: (widths[i], -i))
        widths[widest] -= 1
        excess -= 1
    return widths


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _fit(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def _delimited(variables: list[str], rows: Sequence[Row], out: TextIO, sep: str) -> None:
    if sep == "\t":
        out.write("\t".join(variables) + "\n")
        for row in rows:
            cells = (_tsv_escape(spreadsheet_safe(cell_text(row.get(v)))) for v in variables)
            out.write("\t".join(cells) + "\n")
        return
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([spreadsheet_safe(v) for v in variables])
    for row in rows:
        writer.writerow([spreadsheet_safe(cell_text(row.get(v))) for v in variables])


def _tsv_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _plain_row(variables: list[str], row: Row) -> dict[str, Any]:
    return {v: plain_value(row.get(v)) for v in variables}


def _sparql_json(variables: list[str], rows: Sequence[Row]) -> dict[str, Any]:
    from rdflib import Literal
    from rdflib.term import Node

    from kg.store.results import term_json

    def binding(value: Any) -> dict[str, str]:
        if isinstance(value, Node):
            return term_json(value)
        return term_json(Literal(value))

    bindings = [{v: binding(row[v]) for v in variables if row.get(v) is not None} for row in rows]
    return {"head": {"vars": variables}, "results": {"bindings": bindings}}
