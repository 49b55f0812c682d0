"""``kg query``, ``kg export``, ``kg stats``, ``kg docs`` and ``kg validate``: commands that read
the store (opened read-only) and print or write what it holds."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import click

from kg.cli.options import STORE_OPTION, fail, open_for_reading, output_options, write_bytes
from kg.errors import KGError, QueryError

EXPORT_FORMATS = ("turtle", "trig", "nquads", "ntriples", "jsonld", "graphml", "gexf")
EXPORT_ALIASES = {"ttl": "turtle", "nt": "ntriples", "nq": "nquads", "json-ld": "jsonld"}
EXTENSIONS = {
    ".ttl": "turtle", ".turtle": "turtle", ".trig": "trig", ".nq": "nquads", ".nquads": "nquads",
    ".nt": "ntriples", ".ntriples": "ntriples", ".jsonld": "jsonld", ".json": "jsonld",
    ".graphml": "graphml", ".gexf": "gexf",
}  # fmt: skip


def export_format(fmt: str | None, output: str) -> str:
    """The export format from ``-f`` (aliases resolved) and the output file's extension;
    a usage error when they disagree or the extension is unknown without ``-f``."""
    named = EXPORT_ALIASES.get(fmt, fmt) if fmt else None
    suffix = Path(output).suffix.lower() if output != "-" else ""
    implied = EXTENSIONS.get(suffix)
    if named and implied and named != implied:
        raise click.UsageError(
            f"-f {fmt} contradicts the extension of {output} ({implied}): drop -f or rename the file"
        )
    if named or implied:
        return named or implied
    if suffix:
        known = " ".join(sorted(set(EXTENSIONS) - {".turtle", ".nquads", ".ntriples", ".json"}))
        raise click.UsageError(f"cannot tell the format of {output}: use one of {known}, or give -f")
    return "turtle"


@click.command()
@click.argument("sparql", required=False)
@click.option("--name", "-n", "query_name", metavar="NAME", help="Run a bundled query (see --list).")
@click.option("--list", "list_queries", is_flag=True, help="List the bundled queries.")
@click.option(
    "--allow-federation",
    "allow_federation",
    multiple=True,
    metavar="URL",
    help="Let SERVICE fetch from endpoints under this URL (repeatable; '*' for any); off by default.",
)
@click.option(
    "--wide",
    is_flag=True,
    help="Table: every column (IRIs, codes: a query's '# wide:' line) at full width.",
)
@output_options
@STORE_OPTION
def query(sparql, query_name, list_queries, allow_federation, wide, fmt, store) -> None:
    """Run a SPARQL query (text, a .rq file, - for stdin, or --name) over all documents.

    The table fits the terminal (100 columns when output is not a terminal; $COLUMNS
    overrides), cutting long cells with "…"; csv, tsv and json keep every value whole.

    \b
    Example:
      kg query --name meetings
      kg query --name meetings --wide
      kg query 'SELECT DISTINCT ?p ?name WHERE { ?p a dip:Person ; rdfs:label ?name }' -f csv
      kg query examples/queries/who-met-whom-in-a-city.rq -f json
    """
    from kg.output import render_result, render_rows, wide_columns
    from kg.store import named_queries, named_query

    if list_queries:
        render_rows(
            ["name", "description"],
            [{"name": k, "description": v} for k, v in named_queries().items()],
            fmt,
            sys.stdout,
        )
        return
    if query_name:
        text = named_query(query_name)
    elif sparql is None:
        raise click.UsageError("give a SPARQL query, a .rq file, - for stdin, or --name NAME")
    else:
        text = _query_text(sparql)
    if not text.strip():
        raise KGError("the query is empty; give a SPARQL query, a .rq file, - for stdin, or --name NAME")
    from kg.store.prefixes import sparql_prologue
    from kg.store.sparql import is_update, operation_form

    if is_update(text):
        raise QueryError(
            f"kg query is read-only and {operation_form(text)} is a SPARQL Update; "
            "change the store with kg ingest or kg remove"
        )
    with open_for_reading(store) as st:
        # SERVICE fetches URLs: checked on the text as the user wrote it, so a refusal names
        # the IRI as they wrote it (st.query checks again, with the prologue's prefixes)
        st.refuse_fetches(text, allow_federation)
        # the project prefixes (dip:, dipt:, org:, schema:, …) are predeclared; a query's own win
        prologue = sparql_prologue(st.base)
        try:
            result = st.query(prologue + text, allow_federation=allow_federation)
        except QueryError as exc:
            raise QueryError(_positions_in_user_text(str(exc), prologue)) from exc
        if wide:  # every column, as wide as its cells (up to 80 characters each)
            render_result(result, fmt, sys.stdout, width=sys.maxsize)
        else:
            render_result(result, fmt, sys.stdout, hide=wide_columns(text))


def _query_text(sparql: str) -> str:
    """The query an argument names: stdin (``-``), a .rq file, or the text itself."""
    if sparql == "-":
        return sys.stdin.read()
    if sparql.endswith(".rq") or (len(sparql) < 4096 and os.path.isfile(sparql)):
        path = Path(sparql)
        if not path.is_file():
            raise KGError(f"{sparql}: no such query file")
        try:
            return path.read_text("utf-8")
        except UnicodeDecodeError:
            raise KGError(f"{sparql} is not UTF-8 text; save the query as UTF-8") from None
    return sparql


def _positions_in_user_text(message: str, prologue: str) -> str:
    """Parser positions counted in the user's query, not in the predeclared PREFIX lines."""
    lines = prologue.count("\n")

    def line(n: str) -> int:
        return int(n) - lines if int(n) > lines else int(n)

    message = re.sub(r"\bat (\d+):(\d+)", lambda m: f"at {line(m[1])}:{m[2]}", message)
    message = re.sub(r"\(line:(\d+), col:(\d+)\)", lambda m: f"(line:{line(m[1])}, col:{m[2]})", message)
    return re.sub(r"\(at char (\d+)\)", lambda m: f"(at char {max(int(m[1]) - len(prologue), 0)})", message)


@click.command()
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice([*EXPORT_FORMATS, *EXPORT_ALIASES]),
    default=None,
    help="turtle (default), trig, nquads, ntriples, jsonld, graphml or gexf; ttl, nt, nq and "
    "json-ld are aliases. Without it, -o FILE's extension decides.",
)
@click.option("--output", "-o", default="-", metavar="FILE|-", help="Where to write (default: stdout).")
@STORE_OPTION
def export(fmt, output, store) -> None:
    """Export the graph: Turtle (deterministic), TriG/N-Quads (named graphs kept), N-Triples,
    JSON-LD, or GraphML/GEXF for Gephi and Cytoscape. The format comes from -f, else from the
    extension of -o FILE (.ttl .trig .nq .nt .jsonld .graphml .gexf); a -f that contradicts
    the extension is a usage error. An empty store is an error (exit 1, nothing written).

    \b
    Example:
      kg export -o graph.ttl
      kg export -o graph.trig
      kg export -f nt > graph.nt
    """
    fmt = export_format(fmt, output)
    if fmt not in ("graphml", "gexf") and _export_folder(store, fmt, output):
        return
    with open_for_reading(store, require_documents=True) as st:
        if fmt in ("graphml", "gexf"):
            from kg.analysis.export import write_network

            write_bytes(output, write_network(st, fmt))
            return
        _write_export(output, lambda fh: st.export(fmt, fh) or True)


def _export_folder(spec: str | None, fmt: str, output: str) -> bool:
    """``kg export`` of an on-disk store straight from its indexes (``formats.export_folder``:
    the same bytes as ``Store.export``) without loading the Store layer and rdflib; False,
    having written nothing, to go the usual way (another backend, or a folder Oxigraph
    cannot open, which the usual way explains)."""
    from kg.cli.options import check_store_folder, empty_store_message, store_spec
    from kg.store import backend_for, formats
    from kg.store.prefixes import DEFAULT_BASE

    spec = store_spec(spec)
    if backend_for(spec) != "oxigraph":
        return False
    check_store_folder(spec)
    content = formats.holds_more_than_vocabulary(spec, DEFAULT_BASE)
    if content is None:
        return False
    if not content:
        raise KGError(empty_store_message(spec))
    return _write_export(output, lambda fh: formats.export_folder(spec, fmt, fh, DEFAULT_BASE))


def _write_export(output: str, write) -> bool:
    """Run ``write(binary file)`` into stdout (``-``) or into FILE by way of FILE.part, which
    replaces FILE only once complete; False (and no FILE.part left) when ``write`` wrote
    nothing and said so by returning False."""
    if output == "-":
        done = write(sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return done
    target = Path(output)
    tmp = target.with_name(target.name + ".part")
    with open(tmp, "wb") as fh:
        done = write(fh)
    if not done:
        tmp.unlink()
        return False
    tmp.replace(target)
    click.echo(f"Wrote {output}", err=True)
    return True


@click.command()
@output_options
@STORE_OPTION
def stats(fmt, store) -> None:
    """Counts: documents, triples, entities by class, events by category, posts, mentions.

    Each row says what it counts: events are distinct (one per event, however many
    sentences and articles report it), as kg ingest's summary counts them.

    \b
    Example:
      kg stats -f json
    """
    from kg.output import render_rows

    with open_for_reading(store) as st:
        data = st.stats()
    rows = []
    for key, value in data.items():
        if isinstance(value, dict):
            if key == "entities":
                rows.append({"what": key, "count": sum(value.values()), "counted": COUNTED[key]})
            part = COUNTED[f"{key}:"]
            rows.extend(
                {"what": f"{key}: {k}", "count": n, "counted": part} for k, n in sorted(value.items())
            )
        else:
            rows.append({"what": key, "count": value, "counted": COUNTED[key]})
    render_rows(["what", "count", "counted"], rows, fmt, sys.stdout)


# what each row of `kg stats` counts (kg ingest's summary counts the same way: kg.tally)
COUNTED = {
    "documents": "articles stored",
    "triples": "distinct triples, the store's bookkeeping left out",
    "entities": "distinct entities (IRI and class): the rows below",
    "entities:": "distinct entities of the class",
    "events": "distinct events, mentions merged; unasserted too",
    "events_by_category:": "distinct events of the category",
    "tenures": "distinct posts held (person and post)",
    "mentions": "evidence records (entity, post, event mentions)",
}


@click.command()
@output_options
@STORE_OPTION
def docs(fmt, store) -> None:
    """List stored documents: id, title, outlet, date, number of facts.

    \b
    Example:
      kg docs -f json
    """
    from kg.output import render_rows

    with open_for_reading(store) as st:
        rows = st.documents()
    render_rows(["doc_id", "title", "outlet", "published", "url", "facts"], rows, fmt, sys.stdout)


@click.command()
@STORE_OPTION
def validate(store) -> None:
    """Check the graph against the SHACL shapes; exit 1 with a report on violations.

    \b
    Example:
      kg validate && echo conforms
    """
    from kg.ontology import validate as shacl_validate

    with open_for_reading(store) as st:
        conforms, report = shacl_validate(st.union_graph())
    if conforms:
        click.echo("Conforms.")
        return
    click.echo(report)
    fail()
