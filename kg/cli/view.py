"""``kg view``, ``kg analyze …`` and ``kg plot …``: the store's graph drawn as an HTML page,
analysed with networkx, or charted (the store is opened read-only)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

from kg.cli.options import STORE_OPTION, KGGroup, open_for_reading, output_options


@click.command()
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

    with open_for_reading(store) as st:
        html = render_html(
            st,
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

        uri = Path(output).resolve().as_uri()
        try:
            opened = webbrowser.open(uri)
        except webbrowser.Error:
            opened = False
        if not opened:
            click.echo(f"No web browser found here; open {uri} in one.", err=True)


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
    "path": ["step", "from", "link", "to", "why"],
    "ego": ["distance", "name", "kind", "class", "date", "country", "iri"],
    "timeline": [
        "date",
        "what",
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


def _analysis_graph(store: str | None, min_confidence: float, evidence: bool = True):
    """The networkx graph of the store's entities and asserted events; ``evidence=False``
    (for analyses that never show a sentence) reads no mentions unless confidence filters."""
    from kg.analysis import to_networkx

    with open_for_reading(store) as st:
        return to_networkx(st, min_confidence=min_confidence, evidence=evidence or min_confidence > 0)


def _structure(store: str | None, min_confidence: float):
    """The analysis graph without evidence sentences (actors, communities, ego, dyads)."""
    return _analysis_graph(store, min_confidence, evidence=False)


# columns a table shows only with --wide: IRIs, codes, scores and whole sentences
WIDE_COLUMNS = {
    "actors": ["iri"],
    "ego": ["iri"],
    "timeline": ["type", "category", "event", "cameo", "goldstein", "sentence", "iri"],
}


def _render_analysis(name: str, rows: list[dict], fmt: str, wide: bool = False) -> None:
    from kg.output import render_rows

    columns = list(rows[0]) if rows else ANALYSIS_COLUMNS[name]
    if wide:
        render_rows(columns, rows, fmt, sys.stdout, width=sys.maxsize)
    else:
        render_rows(columns, rows, fmt, sys.stdout, hide=WIDE_COLUMNS.get(name, ()))


@click.group(cls=KGGroup)
def analyze() -> None:
    """Network analyses of the graph: central actors, communities, paths, timelines, dyads.

    Names are matched like the extractor matches them: full name, alias or surname
    (case-insensitive); an unknown or ambiguous name is an error that lists candidates.

    \b
    Example:
      kg analyze actors --limit 10
      kg analyze path "William Burns" "Sergei Lavrov"
    """


WIDE_OPTION = click.option(
    "--wide", is_flag=True, help="Table: every column (IRIs, CAMEO codes, sentences) at full width."
)


def analysis_options(fn: Callable) -> Callable:
    return WIDE_OPTION(output_options(MIN_CONFIDENCE_OPTION(STORE_OPTION(fn))))


@analyze.command()
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1), help="How many actors.")
@analysis_options
def actors(limit, wide, fmt, min_confidence, store) -> None:
    """The most central people, organizations and countries (PageRank, degree, betweenness).

    \b
    Example:
      kg analyze actors --limit 10 -f csv
    """
    from kg.analysis import actors as rank

    _render_analysis("actors", rank(_structure(store, min_confidence), limit=limit), fmt, wide)


@analyze.command()
@analysis_options
def communities(wide, fmt, min_confidence, store) -> None:
    """Groups of actors that meet or act together (Louvain, fixed seed), largest first.

    \b
    Example:
      kg analyze communities -f json
    """
    from kg.analysis import communities as louvain

    _render_analysis("communities", louvain(_structure(store, min_confidence)), fmt, wide)


@analyze.command()
@click.argument("a")
@click.argument("b")
@analysis_options
def path(a, b, wide, fmt, min_confidence, store) -> None:
    """How two actors are connected: the shortest chain of events and posts, step by step.

    \b
    Example:
      kg analyze path "William Burns" "Sergei Naryshkin"
    """
    from kg.analysis import path as shortest

    _render_analysis("path", shortest(_analysis_graph(store, min_confidence), a, b), fmt, wide)


@analyze.command()
@click.argument("name")
@click.option("--depth", default=2, show_default=True, type=click.IntRange(min=0), help="Hops around NAME.")
@analysis_options
def ego(name, depth, wide, fmt, min_confidence, store) -> None:
    """An actor's neighbourhood: every event, post and actor within --depth hops, nearest first.

    \b
    Example:
      kg analyze ego Burns --depth 1
    """
    from kg.analysis import ego as around

    _render_analysis("ego", around(_structure(store, min_confidence), name, depth), fmt, wide)


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
def timeline(actor, country, since, until, wide, fmt, min_confidence, store) -> None:
    """Asserted events in date order (undated last), with their best evidence sentence.

    \b
    Example:
      kg analyze timeline --country Russia --since 2022-01-01 -f csv
    """
    from kg.analysis import timeline as in_order

    G = _analysis_graph(store, min_confidence)
    rows = in_order(G, actor=actor, country=country, since=since, until=until)
    _render_analysis("timeline", rows, fmt, wide)


@analyze.command()
@analysis_options
def dyads(wide, fmt, min_confidence, store) -> None:
    """Country-to-country interaction: events per pair and category, summed Goldstein score.

    \b
    Example:
      kg analyze dyads -f csv
    """
    from kg.analysis import dyads as pairs

    _render_analysis("dyads", pairs(_structure(store, min_confidence)), fmt, wide)


PLOT_OUTPUT = click.option(
    "--output",
    "-o",
    required=True,
    metavar="FILE.png|FILE.svg",
    help="Where to write the chart; the suffix picks the format.",
)


@click.group(cls=KGGroup)
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
    save(dyad_heatmap(pairs(_structure(store, min_confidence)), value=value, top=top), output)
    click.echo(f"Wrote {output}", err=True)
