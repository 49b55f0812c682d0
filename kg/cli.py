"""The `kg` command line: thin click commands over the Python API.

The only module that prints, exits or imports click. Exit status: 0 ok, 1 error (bad input,
store or query problem; for `kg validate`, violations), 2 usage error. Errors are one line on
stderr; `--traceback` shows the rest.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click

from kg.errors import KGError

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
FORMATS = ("table", "csv", "tsv", "json", "jsonl")
EXPORT_FORMATS = ("turtle", "trig", "nquads", "ntriples", "jsonld", "graphml", "gexf")

STORE_OPTION = click.option(
    "--store",
    "-s",
    envvar="KG_STORE",
    default=None,
    metavar="PATH|memory|URL",
    help="Store: a folder (embedded Oxigraph, default ./kg-store), 'memory', or a SPARQL endpoint "
    "URL. Env: KG_STORE.",
)


def output_options(fn: Callable) -> Callable:
    """The one shared set of output options (datasette habit)."""
    return click.option(
        "--format",
        "-f",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="Output format; json for SPARQL results is the SPARQL 1.1 Query Results JSON format.",
    )(fn)


def friendly_errors(fn: Callable) -> Callable:
    """Turn KGError (and a few OS errors) into one line on stderr and exit status 1."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        try:
            return fn(*args, **kwargs)
        except KGError as exc:
            if ctx.obj and ctx.obj.get("traceback"):
                raise
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            sys.stderr.close()
            ctx.exit(EXIT_OK)
        except OSError as exc:  # e.g. -o into a missing or read-only folder
            if ctx.obj and ctx.obj.get("traceback"):
                raise
            where = str(exc.filename).removesuffix(".part") if exc.filename else None
            click.echo(f"Error: {where + ': ' if where else ''}{exc.strerror or exc}", err=True)
            ctx.exit(EXIT_ERROR)
        except KeyboardInterrupt:
            click.echo("Interrupted; the store holds only whole documents.", err=True)
            ctx.exit(130)

    return wrapper


def _open_store(spec: str | None, *, create: bool = False):
    """Open the store; only commands that write may create a new on-disk store folder."""
    from kg.store import DEFAULT_STORE, backend_for, open_store

    spec = spec or os.environ.get("KG_STORE") or DEFAULT_STORE
    if not create and backend_for(spec) == "oxigraph" and not Path(spec).exists():
        raise KGError(f"no store at {spec}: ingest articles first (kg ingest FILE --store {spec})")
    return open_store(spec)


class KGGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


@click.group(cls=KGGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--traceback", is_flag=True, help="Show the full traceback on errors.")
@click.version_option(package_name="kg", prog_name="kg")
@click.pass_context
def main(ctx: click.Context, traceback: bool) -> None:
    """Turn diplomacy news into a knowledge graph you can query, view and export.

    \b
    Example:
      kg ingest examples/articles/ && kg query --name meetings && kg view -o graph.html
    """
    ctx.ensure_object(dict)
    ctx.obj["traceback"] = traceback


# -- ingest / extract ----------------------------------------------------------------------
def source_options(fn: Callable) -> Callable:
    for option in reversed(
        [
            click.option(
                "--published",
                metavar="DATE",
                help="Publication date (e.g. 2022-11-14) when the source lacks one.",
            ),
            click.option("--url", metavar="URL", help="The article's URL (identifies it across re-ingests)."),
            click.option("--outlet", metavar="NAME", help="The outlet that published it."),
            click.option(
                "--encoding",
                metavar="CODEC",
                help="Text encoding of the sources (default: detect UTF-8/UTF-16).",
            ),
            click.option(
                "--model",
                envvar="KG_SPACY_MODEL",
                metavar="NAME",
                help="spaCy pipeline to use. Env: KG_SPACY_MODEL.",
            ),
            click.option(
                "--reference",
                "reference_files",
                multiple=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path),
                help="Extra reference Turtle file (entities, aliases, posts); repeatable.",
            ),
        ]
    ):
        fn = option(fn)
    return fn


@main.command()
@click.argument("sources", nargs=-1, required=True)
@source_options
@STORE_OPTION
@click.option("--quiet", "-q", is_flag=True, help="No progress or summary on stderr.")
@click.option(
    "--jobs",
    "-j",
    default=1,
    show_default=True,
    type=click.IntRange(min=1),
    metavar="N",
    help="Extract in N processes (each loads spaCy once); the store is written in order.",
)
@friendly_errors
def ingest(sources, published, url, outlet, encoding, model, reference_files, store, quiet, jobs) -> None:
    """Read articles (files, folders, or - for stdin) and add their facts to the store.

    Re-ingesting an unchanged article changes nothing; a changed one replaces its graph.

    \b
    Example:
      kg ingest examples/articles/
      kg ingest big-folder/ --jobs 2
      kg ingest article.html --published 2022-11-14 --outlet Reuters
      cat story.txt | kg ingest - --url https://example.org/story
    """
    from kg.documents import count_sources
    from kg.pipeline import ingest as run_ingest

    show = not quiet and sys.stderr.isatty()
    total = count_sources(list(sources)) if show else 0
    done = [0]

    def progress(doc, status: str) -> None:
        done[0] += 1
        if show:
            click.echo(
                f"\r[{done[0]}/{total}] {status}: {(doc.title or doc.source)[:60]:<60}", err=True, nl=False
            )

    with _open_store(store, create=True) as st:
        report = run_ingest(
            list(sources),
            st,
            published=published,
            url=url,
            outlet=outlet,
            encoding=encoding,
            stdin=sys.stdin.buffer,
            model=model,
            reference_files=reference_files,
            progress=progress,
            jobs=jobs,
        )
    if show:
        click.echo("", err=True)
    for source, reason in report.failed:
        click.echo(f"Skipped {source}: {reason}", err=True)
    if not quiet:
        click.echo(
            f"{len(report.added)} added, {len(report.replaced)} replaced, {len(report.unchanged)} unchanged, "
            f"{len(report.failed)} failed; {report.events} events, {report.tenures} posts, "
            f"{report.entities} entities",
            err=True,
        )
    if report.failed and not report.documents:
        sys.exit(EXIT_ERROR)


@main.command()
@click.argument("source")
@source_options
@click.option(
    "--format", "-f", "fmt", type=click.Choice(["json", "jsonl", "table"]), default="json", show_default=True
)
@friendly_errors
def extract(source, published, url, outlet, encoding, model, reference_files, fmt) -> None:
    """Print the facts of one article as JSON without touching any store.

    \b
    Example:
      kg extract article.txt --published 2022-11-14
      kg extract - -f table < article.txt
    """
    from kg.facts import add_codes, extraction_to_facts
    from kg.ontology import event_types
    from kg.output import render_rows
    from kg.pipeline import extract as run_extract
    from kg.pipeline import read_documents

    docs = read_documents(
        [source], published=published, url=url, outlet=outlet, encoding=encoding, stdin=sys.stdin.buffer
    )
    codes = {name: (info.cameo, info.plover) for name, info in event_types().items()}
    for extraction in run_extract(docs, model=model, reference_files=reference_files):
        facts = add_codes(extraction_to_facts(extraction), codes)
        if fmt == "json":
            click.echo(json.dumps(facts, ensure_ascii=False, indent=1))
        elif fmt == "jsonl":
            click.echo(json.dumps(facts, ensure_ascii=False))
        else:
            rows = [
                {
                    "kind": "event" if k == "events" else "unasserted",
                    "category": e["category"],
                    "type": e["type"],
                    "participants": "; ".join(e["participants"]),
                    "location": e["location"],
                    "date": e["date"] or e["date_text"],
                    "confidence": e["confidence"],
                }
                for k in ("events", "unasserted_events")
                for e in facts[k]
            ]
            rows += [
                {
                    "kind": "role",
                    "category": r["role"],
                    "type": r["organization"] or r["country"],
                    "participants": r["person"],
                    "location": None,
                    "date": None,
                    "confidence": r["confidence"],
                }
                for r in facts["roles"]
            ]
            render_rows(
                ["kind", "category", "type", "participants", "location", "date", "confidence"],
                rows,
                "table",
                sys.stdout,
            )


# -- query / export / view / stats ---------------------------------------------------------
@main.command()
@click.argument("sparql", required=False)
@click.option("--name", "-n", "query_name", metavar="NAME", help="Run a bundled query (see --list).")
@click.option("--list", "list_queries", is_flag=True, help="List the bundled queries.")
@output_options
@STORE_OPTION
@friendly_errors
def query(sparql, query_name, list_queries, fmt, store) -> None:
    """Run a SPARQL query (text, a .rq file, - for stdin, or --name) over all documents.

    \b
    Example:
      kg query --name meetings
      kg query 'SELECT ?p ?name WHERE { ?p a dip:Person ; rdfs:label ?name }' -f csv
      kg query examples/queries/who-met-whom.rq -f json
    """
    from kg.output import render_result, render_rows
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
    elif sparql == "-":
        text = sys.stdin.read()
    elif sparql.endswith(".rq") or (len(sparql) < 4096 and os.path.isfile(sparql)):
        path = Path(sparql)
        if not path.is_file():
            raise KGError(f"{sparql}: no such query file")
        try:
            text = path.read_text("utf-8")
        except UnicodeDecodeError:
            raise KGError(f"{sparql} is not UTF-8 text; save the query as UTF-8") from None
    else:
        text = sparql
    if not text.strip():
        raise KGError("the query is empty; give a SPARQL query, a .rq file, - for stdin, or --name NAME")
    from kg.errors import QueryError
    from kg.store.prefixes import sparql_prologue
    from kg.store.sparql import is_update, operation_form

    if is_update(text):
        raise QueryError(
            f"kg query is read-only and {operation_form(text)} is a SPARQL Update; "
            "change the store with kg ingest or kg remove"
        )
    with _open_store(store) as st:
        # the project prefixes (dip:, dipt:, org:, schema:, …) are predeclared; a query's own win
        prologue = sparql_prologue(st.base)
        try:
            result = st.query(prologue + text)
        except QueryError as exc:
            raise QueryError(_positions_in_user_text(str(exc), prologue)) from exc
        render_result(result, fmt, sys.stdout)


def _positions_in_user_text(message: str, prologue: str) -> str:
    """Parser positions counted in the user's query, not in the predeclared PREFIX lines."""
    import re

    lines = prologue.count("\n")

    def line(n: str) -> int:
        return int(n) - lines if int(n) > lines else int(n)

    message = re.sub(r"\bat (\d+):(\d+)", lambda m: f"at {line(m[1])}:{m[2]}", message)
    message = re.sub(r"\(line:(\d+), col:(\d+)\)", lambda m: f"(line:{line(m[1])}, col:{m[2]})", message)
    return re.sub(r"\(at char (\d+)\)", lambda m: f"(at char {max(int(m[1]) - len(prologue), 0)})", message)


@main.command()
@click.option("--format", "-f", "fmt", type=click.Choice(EXPORT_FORMATS), default="turtle", show_default=True)
@click.option("--output", "-o", default="-", metavar="FILE|-", help="Where to write (default: stdout).")
@STORE_OPTION
@friendly_errors
def export(fmt, output, store) -> None:
    """Export the graph: Turtle (deterministic), TriG/N-Quads (named graphs kept), N-Triples,
    JSON-LD, or GraphML/GEXF for Gephi and Cytoscape.

    \b
    Example:
      kg export -o graph.ttl
      kg export -f trig -o graph.trig
    """
    with _open_store(store) as st:
        if fmt in ("graphml", "gexf"):
            from kg.analysis.export import write_network

            data = write_network(st.union_graph(), fmt)
            _write_bytes(output, data)
            return
        if output == "-":
            st.export(fmt, sys.stdout.buffer)
            sys.stdout.buffer.flush()
            return
        target = Path(output)
        tmp = target.with_name(target.name + ".part")
        with open(tmp, "wb") as fh:
            st.export(fmt, fh)
        tmp.replace(target)
    click.echo(f"Wrote {output}", err=True)


def _write_bytes(output: str, data: bytes) -> None:
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        Path(output).write_bytes(data)
        click.echo(f"Wrote {output}", err=True)


@main.command()
@click.option("--output", "-o", default="graph.html", show_default=True, metavar="FILE|-")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the default browser.")
@click.option("--actor", metavar="NAME", help="Only this actor's neighbourhood.")
@click.option("--depth", default=2, show_default=True, help="Hops around --actor.")
@click.option("--country", metavar="NAME", help="Only events involving this country.")
@click.option("--category", metavar="CATEGORY", help="Only events of this category (Meeting, Sanction, …).")
@click.option("--since", metavar="DATE", help="Only events on or after this date.")
@click.option("--until", metavar="DATE", help="Only events on or before this date.")
@click.option("--min-confidence", default=0.0, show_default=True, type=float)
@click.option("--limit", type=int, metavar="N", help="Keep the N most central nodes.")
@click.option("--title", default="kg: diplomacy knowledge graph", show_default=True)
@STORE_OPTION
@friendly_errors
def view(
    output, open_browser, actor, depth, country, category, since, until, min_confidence, limit, title, store
) -> None:
    """Write the interactive HTML graph view (one self-contained file that works offline).

    \b
    Example:
      kg view -o graph.html --open
      kg view --actor "William Burns" --depth 2 -o burns.html
    """
    from kg.viz import render_html

    with _open_store(store) as st:
        html = render_html(
            st.union_graph(),
            title=title,
            limit=limit,
            actor=actor,
            depth=depth,
            country=country,
            category=category,
            since=since,
            until=until,
            min_confidence=min_confidence,
        )
    if output == "-":
        click.echo(html)
        return
    Path(output).write_text(html, "utf-8")
    click.echo(f"Wrote {output}", err=True)
    if open_browser:
        import webbrowser

        webbrowser.open(Path(output).resolve().as_uri())


@main.command()
@output_options
@STORE_OPTION
@friendly_errors
def stats(fmt, store) -> None:
    """Counts: documents, triples, entities by class, events by category, posts, mentions.

    \b
    Example:
      kg stats -f json
    """
    from kg.output import render_rows

    with _open_store(store) as st:
        data = st.stats()
    rows = []
    for key, value in data.items():
        if isinstance(value, dict):
            rows.extend({"what": f"{key}: {k}", "count": v} for k, v in sorted(value.items()))
        else:
            rows.append({"what": key, "count": value})
    render_rows(["what", "count"], rows, fmt, sys.stdout)


# -- analysis and charts --------------------------------------------------------------------
MIN_CONFIDENCE_OPTION = click.option(
    "--min-confidence",
    default=0.0,
    show_default=True,
    type=click.FloatRange(0.0, 1.0),
    help="Leave out events whose evidence is all below this confidence.",
)
ANALYSIS_COLUMNS = {
    "actors": ["actor", "class", "country", "events", "degree", "betweenness", "pagerank", "iri"],
    "communities": ["community", "size", "events", "members"],
    "path": ["step", "from", "link", "to"],
    "ego": ["distance", "name", "kind", "class", "date", "country", "iri"],
    "timeline": [
        "date",
        "type",
        "category",
        "event",
        "participants",
        "place",
        "cameo",
        "goldstein",
        "sources",
        "sentence",
        "iri",
    ],
    "dyads": ["country_a", "country_b", "category", "events", "goldstein"],
}


def _analysis_graph(store: str | None, min_confidence: float):
    """The networkx graph of the store's entities and asserted events."""
    from kg.analysis import to_networkx

    with _open_store(store) as st:
        return to_networkx(st.union_graph(), min_confidence=min_confidence)


def _render_analysis(name: str, rows: list[dict], fmt: str) -> None:
    from kg.output import render_rows

    render_rows(list(rows[0]) if rows else ANALYSIS_COLUMNS[name], rows, fmt, sys.stdout)


@main.group(cls=KGGroup)
def analyze() -> None:
    """Network analyses of the graph: central actors, communities, paths, timelines, dyads.

    Names are matched like the extractor matches them: full name, alias or surname
    (case-insensitive); an unknown or ambiguous name is an error that lists candidates.

    \b
    Example:
      kg analyze actors --limit 10
      kg analyze path "William Burns" "Sergei Lavrov"
    """


def analysis_options(fn: Callable) -> Callable:
    return output_options(MIN_CONFIDENCE_OPTION(STORE_OPTION(fn)))


@analyze.command()
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1), help="How many actors.")
@analysis_options
@friendly_errors
def actors(limit, fmt, min_confidence, store) -> None:
    """The most central people, organizations and countries (PageRank, degree, betweenness).

    \b
    Example:
      kg analyze actors --limit 10 -f csv
    """
    from kg.analysis import actors as rank

    _render_analysis("actors", rank(_analysis_graph(store, min_confidence), limit=limit), fmt)


@analyze.command()
@analysis_options
@friendly_errors
def communities(fmt, min_confidence, store) -> None:
    """Groups of actors that meet or act together (Louvain, fixed seed), largest first.

    \b
    Example:
      kg analyze communities -f json
    """
    from kg.analysis import communities as louvain

    _render_analysis("communities", louvain(_analysis_graph(store, min_confidence)), fmt)


@analyze.command()
@click.argument("a")
@click.argument("b")
@analysis_options
@friendly_errors
def path(a, b, fmt, min_confidence, store) -> None:
    """How two actors are connected: the shortest chain of events and posts, step by step.

    \b
    Example:
      kg analyze path "William Burns" "Sergei Naryshkin"
    """
    from kg.analysis import path as shortest

    _render_analysis("path", shortest(_analysis_graph(store, min_confidence), a, b), fmt)


@analyze.command()
@click.argument("name")
@click.option("--depth", default=2, show_default=True, type=click.IntRange(min=0), help="Hops around NAME.")
@analysis_options
@friendly_errors
def ego(name, depth, fmt, min_confidence, store) -> None:
    """An actor's neighbourhood: every event, post and actor within --depth hops, nearest first.

    \b
    Example:
      kg analyze ego Burns --depth 1
    """
    from kg.analysis import ego as around

    _render_analysis("ego", around(_analysis_graph(store, min_confidence), name, depth), fmt)


def timeline_filters(fn: Callable) -> Callable:
    for option in reversed(
        [
            click.option("--actor", metavar="NAME", help="Only events this actor took part in."),
            click.option("--country", metavar="NAME", help="Only events involving this country."),
            click.option(
                "--since", metavar="DATE", help="Only events on or after this date (YYYY[-MM[-DD]])."
            ),
            click.option("--until", metavar="DATE", help="Only events on or before this date."),
        ]
    ):
        fn = option(fn)
    return fn


@analyze.command()
@timeline_filters
@analysis_options
@friendly_errors
def timeline(actor, country, since, until, fmt, min_confidence, store) -> None:
    """Asserted events in date order (undated last), with their best evidence sentence.

    \b
    Example:
      kg analyze timeline --country Russia --since 2022-01-01 -f csv
    """
    from kg.analysis import timeline as in_order

    G = _analysis_graph(store, min_confidence)
    _render_analysis("timeline", in_order(G, actor=actor, country=country, since=since, until=until), fmt)


@analyze.command()
@analysis_options
@friendly_errors
def dyads(fmt, min_confidence, store) -> None:
    """Country-to-country interaction: events per pair and category, summed Goldstein score.

    \b
    Example:
      kg analyze dyads -f csv
    """
    from kg.analysis import dyads as pairs

    _render_analysis("dyads", pairs(_analysis_graph(store, min_confidence)), fmt)


PLOT_OUTPUT = click.option(
    "--output",
    "-o",
    required=True,
    metavar="FILE.png|FILE.svg",
    help="Where to write the chart; the suffix picks the format.",
)


@main.group(cls=KGGroup)
def plot() -> None:
    """Charts for reports, as PNG or SVG: a timeline of events and a country-pair heat map.

    \b
    Example:
      kg plot timeline -o timeline.png
      kg plot dyads -o dyads.svg
    """


@plot.command(name="timeline")
@PLOT_OUTPUT
@timeline_filters
@MIN_CONFIDENCE_OPTION
@STORE_OPTION
@friendly_errors
def plot_timeline(output, actor, country, since, until, min_confidence, store) -> None:
    """Events by category over time (one row per category, marker size by count).

    \b
    Example:
      kg plot timeline --actor "Sergei Lavrov" -o lavrov.png
    """
    from kg.analysis import timeline as in_order
    from kg.plot import save, timeline_chart
    from kg.plot.figure import plot_format

    plot_format(output)
    G = _analysis_graph(store, min_confidence)
    save(timeline_chart(in_order(G, actor=actor, country=country, since=since, until=until)), output)
    click.echo(f"Wrote {output}", err=True)


@plot.command(name="dyads")
@PLOT_OUTPUT
@click.option(
    "--value",
    type=click.Choice(["events", "goldstein"]),
    default="events",
    show_default=True,
    help="Colour cells by number of events or by summed Goldstein score.",
)
@click.option(
    "--top",
    default=20,
    show_default=True,
    type=click.IntRange(min=2),
    help="How many of the most active countries to show.",
)
@MIN_CONFIDENCE_OPTION
@STORE_OPTION
@friendly_errors
def plot_dyads(output, value, top, min_confidence, store) -> None:
    """Heat map of events between pairs of countries.

    \b
    Example:
      kg plot dyads --value goldstein -o dyads.svg
    """
    from kg.analysis import dyads as pairs
    from kg.plot import dyad_heatmap, save
    from kg.plot.figure import plot_format

    plot_format(output)
    save(dyad_heatmap(pairs(_analysis_graph(store, min_confidence)), value=value, top=top), output)
    click.echo(f"Wrote {output}", err=True)


# -- document lifecycle, validation ---------------------------------------------------------
@main.command()
@output_options
@STORE_OPTION
@friendly_errors
def docs(fmt, store) -> None:
    """List stored documents: id, title, outlet, date, number of facts.

    \b
    Example:
      kg docs -f json
    """
    from kg.output import render_rows

    with _open_store(store) as st:
        rows = st.documents()
    render_rows(["doc_id", "title", "outlet", "published", "url", "facts"], rows, fmt, sys.stdout)


@main.command()
@click.argument("doc_ids", nargs=-1, required=True)
@STORE_OPTION
@friendly_errors
def remove(doc_ids, store) -> None:
    """Delete documents (by id, see `kg docs`) and everything only they asserted.

    \b
    Example:
      kg remove 3f2a9c01be
    """
    with _open_store(store) as st:
        missing = [d for d in doc_ids if not st.remove_document(d)]
    if missing:
        raise KGError(f"no such document: {', '.join(missing)} (see `kg docs`)")
    click.echo(f"Removed {len(doc_ids)} document(s)", err=True)


@main.command()
@STORE_OPTION
@friendly_errors
def validate(store) -> None:
    """Check the graph against the SHACL shapes; exit 1 with a report on violations.

    \b
    Example:
      kg validate && echo conforms
    """
    from kg.ontology import validate as shacl_validate

    with _open_store(store) as st:
        conforms, report = shacl_validate(st.union_graph())
    if conforms:
        click.echo("Conforms.")
        return
    click.echo(report)
    sys.exit(EXIT_ERROR)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback by default).")
@click.option(
    "--port",
    "-p",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on (0: any free port).",
)
@click.option("--allow-update", is_flag=True, help="Accept SPARQL Update at /sparql (read-only otherwise).")
@click.option(
    "--timeout",
    default=30.0,
    show_default=True,
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    help="Time limit per query; past it the answer is HTTP 503.",
)
@click.option(
    "--max-rows",
    default=100_000,
    show_default=True,
    type=click.IntRange(min=1),
    metavar="N",
    help="Most result rows per query; past it the answer is HTTP 413.",
)
@click.option("--quiet", "-q", is_flag=True, help="Do not log requests on stderr.")
@STORE_OPTION
@friendly_errors
def serve(host, port, allow_update, timeout, max_rows, quiet, store) -> None:
    """Serve the store: SPARQL 1.1 endpoint at /sparql, query page at /, graph view at /graph.

    Results by Accept header: SPARQL JSON, CSV, TSV or XML; CONSTRUCT as Turtle or N-Triples.
    Stop with Ctrl-C. While it serves an on-disk store, other processes reach the data
    through the endpoint (with --allow-update, `kg ingest --store URL` writes through it).

    \b
    Example:
      kg serve --port 8000
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5' \\
           http://127.0.0.1:8000/sparql
    """
    from kg.serve import LOOPBACK, make_server

    with _open_store(store, create=allow_update) as st:
        log = None if quiet else (lambda line: click.echo(line, err=True))
        try:
            server = make_server(
                st, host, port, allow_update=allow_update, timeout=timeout, max_rows=max_rows, log=log
            )
        except OSError as exc:
            reason = exc.strerror or exc
            raise KGError(f"cannot listen on {host}:{port} ({reason}): choose another --port") from None
        mode = "read-write" if allow_update else "read-only"
        click.echo(
            f"Serving {mode} at {server.url} (SPARQL endpoint {server.url}sparql); Ctrl-C stops", err=True
        )
        if host not in LOOPBACK:
            click.echo(
                f"Warning: listening on {host}, reachable from other machines; there is no authentication",
                err=True,
            )
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            click.echo("Stopped.", err=True)
        finally:
            server.server_close()


# -- evaluation -------------------------------------------------------------------------------
@main.command(name="eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--format", "-f", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.option("--details", is_flag=True, help="List every miss and false positive.")
@click.option("--model", envvar="KG_SPACY_MODEL", metavar="NAME")
@friendly_errors
def eval_(gold_dir, fmt, details, model) -> None:
    """Score extraction against a gold folder (NNN.txt|html + NNN.meta.json + NNN.gold.json).

    \b
    Example:
      kg eval tests/devset -f json

    Matching rules: entities match on type plus name or alias (case, accents, dots and a
    leading "the" ignored); roles on person plus title (same head word, agreeing rank
    words); events on category plus participant sets with Jaccard overlap >= 0.5, one to
    one, best overlap first. Place and date accuracy are over matched events. Scores are
    micro-averaged over documents.
    """
    from kg.evaluation import evaluate, render_report
    from kg.facts import extraction_to_facts
    from kg.pipeline import extract as run_extract
    from kg.pipeline import read_documents

    def predict(path: Path) -> dict:
        meta_path = path.with_name(path.stem + ".meta.json")
        published = None
        if meta_path.exists():
            published = json.loads(meta_path.read_text("utf-8")).get("publication_date")
        docs = read_documents([str(path)], published=published)
        return extraction_to_facts(next(run_extract(docs, model=model)))

    report = evaluate(gold_dir, predict)
    if fmt == "json":
        click.echo(json.dumps(report, indent=1, ensure_ascii=False))
    else:
        click.echo(render_report(report, details=details))


if __name__ == "__main__":  # pragma: no cover
    main()
