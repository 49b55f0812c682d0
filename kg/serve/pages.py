"""The small HTML query page. Every piece of text from the query or the store is escaped."""

from __future__ import annotations

from html import escape

from kg.store.prefixes import shorten
from kg.store.results import QueryResult

EXAMPLE = """SELECT ?name WHERE {
  ?person a dip:Person ; rdfs:label ?name .
} ORDER BY ?name LIMIT 20"""

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #222; }
textarea { width: 100%; font-family: ui-monospace, monospace; font-size: 0.9rem; }
table { border-collapse: collapse; margin-top: 1rem; font-size: 0.9rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
.error { color: #a00; white-space: pre-wrap; }
.note { color: #666; font-size: 0.85rem; }
"""


def query_page(
    sparql: str | None,
    result: QueryResult | None = None,
    error: str | None = None,
    *,
    prefixes: dict[str, str],
    read_only: bool,
) -> str:
    """The page: a textarea with a run button, then the results table or the error."""
    text = EXAMPLE if sparql is None else sparql
    mode = "read-only" if read_only else "updates allowed"
    parts = [
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        "<title>kg: SPARQL query</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>kg: SPARQL query</h1>",
        '<p class="note">Prefixes ',
        escape(", ".join(f"{p}:" for p in prefixes)),
        f" are predeclared here. Endpoint for tools: <code>/sparql</code> ({mode}). ",
        '<a href="/graph">Graph view</a></p>',
        '<form method="get" action="/">',
        f'<textarea name="query" rows="12" spellcheck="false">{escape(text)}</textarea>',
        '<p><button type="submit">Run</button></p></form>',
    ]
    if error is not None:
        parts.append(f'<p class="error">{escape(error)}</p>')
    elif result is not None:
        parts.append(_table(result, prefixes))
    parts.append("</body></html>\n")
    return "".join(parts)


def _table(result: QueryResult, prefixes: dict[str, str]) -> str:
    if result.kind == "ask":
        return f"<p>Answer: <strong>{'yes' if result.boolean else 'no'}</strong></p>"
    head = "".join(f"<th>{escape(v)}</th>" for v in result.variables)
    body = []
    for row in result.rows:
        cells = []
        for var in result.variables:
            term = row.get(var)
            cells.append(f"<td>{escape(_show(term, prefixes))}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    count = f'<p class="note">{len(result.rows)} row{"s" if len(result.rows) != 1 else ""}</p>'
    return f"{count}<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _show(term, prefixes: dict[str, str]) -> str:
    from rdflib import URIRef

    if term is None:
        return ""
    if isinstance(term, URIRef):
        return shorten(str(term), prefixes)
    return str(term)
