"""``kg ingest``, ``kg extract`` and ``kg remove``: articles into the store (or onto stdout as
facts) and documents out of it."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import click

from kg.cli.options import STORE_OPTION, fail, open_for_writing
from kg.errors import KGError


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


@click.command()
@click.argument("sources", nargs=-1, required=True)
@source_options
@STORE_OPTION
@click.option("--quiet", "-q", is_flag=True, help="No progress or summary on stderr.")
@click.option(
    "--jobs",
    "-j",
    default=None,
    type=click.IntRange(min=1),
    metavar="N",
    help="Extract in N processes (each loads spaCy once), at most one per core; the store is "
    "written in order. Default: one per core, for folders of at least 8 articles per process.",
)
@click.option(
    "--cluster",
    metavar="tcp://HOST:8786|local:N",
    help="Extract on the workers of a Dask scheduler (or a LocalCluster of N workers); they write "
    "to --store, a SPARQL endpoint URL. Needs pip install 'kg-diplomacy[dask]'.",
)
@click.option(
    "--batch",
    default=None,
    type=click.IntRange(min=1),
    metavar="N",
    help="With --cluster: articles per task (default 32).",
)
@click.option(
    "--output",
    "-o",
    "output",
    type=click.Path(file_okay=False, path_type=Path),
    help="With --cluster: write N-Quads parts (part-<sha256>.nq, one per task) into this folder "
    "instead of a store; load them with kg load DIR.",
)
def ingest(
    sources, published, url, outlet, encoding, model, reference_files, store, quiet, jobs, cluster, batch,
    output,
) -> None:  # fmt: skip
    """Read articles (files, folders, or - for stdin) and add their facts to the store.

    Re-ingesting an unchanged article changes nothing; a changed one replaces its graph.

    \b
    Example:
      kg ingest examples/articles/
      kg ingest big-folder/ --jobs 2
      kg ingest article.html --published 2022-11-14 --outlet Reuters
      cat story.txt | kg ingest - --url https://example.org/story
      kg ingest big-folder/ --cluster tcp://10.0.0.5:8786 --store http://10.0.0.6:7878
    """
    from kg.documents import count_sources
    from kg.pipeline import ingest as run_ingest

    if (batch or output) and not cluster:
        raise click.UsageError("--batch and --output go with --cluster")
    if cluster and jobs is not None:
        raise click.UsageError("--jobs is for one machine; with --cluster the workers extract")
    jobs = _capped_jobs(jobs, quiet)
    show = not quiet and sys.stderr.isatty()
    total = count_sources(list(sources)) if show else 0
    done = [0]

    def progress(doc, status: str) -> None:
        done[0] += 1
        if show:
            click.echo(
                f"\r[{done[0]}/{total}] {status}: {(doc.title or doc.source)[:60]:<60}", err=True, nl=False
            )

    if cluster:
        report, totals = _ingest_on_cluster(
            sources, cluster, store, output, batch, show, total, quiet, published=published, url=url,
            outlet=outlet, encoding=encoding, model=model, reference_files=reference_files,
        )  # fmt: skip
        _summary(report, show, quiet, totals)
        return
    with open_for_writing(store) as st:
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
        totals = None if quiet else st.stats()
    _summary(report, show, quiet, totals)


def _capped_jobs(jobs: int | None, quiet: bool) -> int | None:
    """More processes than cores only compete for them: cap ``--jobs`` there, with a note."""
    from kg.pipeline import available_cores

    cores = available_cores()
    if jobs is not None and jobs > cores:
        if not quiet:
            click.echo(f"Note: --jobs {jobs} is more than the {cores} cores here; using {cores}", err=True)
        return cores
    return jobs


def _summary(report, show: bool, quiet: bool, totals: dict | None = None) -> None:
    """The per-article failures and the one summary line of every ingest; exit 1 when
    nothing was stored and something failed."""
    if show:
        click.echo("", err=True)
    for source, reason in report.failed:
        click.echo(f"Skipped {source}: {reason}", err=True)
    if not quiet:
        click.echo(summary_line(report, totals), err=True)
    if report.failed and not report.documents:
        fail()


def summary_line(report, totals: dict | None = None) -> str:
    """What was done, then what the documents written hold and what the store now holds,
    counted as ``kg stats`` counts (one per IRI, mentions merged)."""
    from kg.tally import describe_store

    parts = []
    written = report.written
    if written.events or written.entities or written.tenures:
        parts.append(f"written: {written.describe()}")
    elif report.events or report.entities or report.tenures:  # the cluster path counts per document only
        parts.append(
            f"written: {report.events} event mentions, {report.entities} entities, {report.tenures} tenures "
            "(summed over documents, before merging)"
        )
    if totals is not None:
        parts.append(f"the store now holds {describe_store(totals)}")
    if not parts:
        parts.append("nothing written")
    done = (
        f"{len(report.added)} added, {len(report.replaced)} replaced, {len(report.unchanged)} unchanged, "
        f"{len(report.failed)} failed"
    )
    return "; ".join([done, *parts])


def _ingest_on_cluster(sources, cluster, store, output, batch, show, total, quiet, **options):
    """``kg ingest --cluster``: the Dask path of kg.cluster, with its progress line; returns
    the report and the store's totals after it (None with -o DIR)."""
    from kg.cluster import BATCH, connect, ingest_cluster

    def tick(status) -> None:
        if show:
            click.echo(f"\r[{status.done + status.failed}/{total}] {status.line():<70}", err=True, nl=False)

    def run(st, spec):
        with connect(cluster) as client:
            return ingest_cluster(
                list(sources), st, client, store_spec=spec, output=output, stdin=sys.stdin.buffer,
                progress=None, tick=tick, batch=batch or BATCH, **options,
            )  # fmt: skip

    if output is not None:
        report = run(None, None)
        click.echo(f"Wrote N-Quads parts to {output}; load them with kg load {output} --store URL", err=True)
        return report, None
    from kg.cli.options import store_spec
    from kg.store import backend_for

    spec = store_spec(store)
    if backend_for(spec) != "sparql":
        raise KGError(
            f"--cluster writes from the workers, which cannot open {spec}: give a SPARQL endpoint URL "
            "as --store (e.g. http://HOST:7878 for oxigraph serve), or -o DIR for N-Quads parts"
        )
    with open_for_writing(spec) as st:
        report = run(st, spec)
        return report, None if quiet else st.stats()


@click.command()
@click.argument("source")
@source_options
@click.option(
    "--format", "-f", "fmt", type=click.Choice(["json", "jsonl", "table"]), default="json", show_default=True
)
def extract(source, published, url, outlet, encoding, model, reference_files, fmt) -> None:
    """Print the facts of one article as JSON without touching any store.

    Events are listed once each (their mentions under "mentions"), asserted ones under
    "events", denied, planned or hypothetical ones under "unasserted_events"; stderr sums
    them up as kg ingest and kg stats count them.

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
    from kg.tally import Tally

    docs = read_documents(
        [source], published=published, url=url, outlet=outlet, encoding=encoding, stdin=sys.stdin.buffer
    )
    codes = {name: (info.cameo, info.plover) for name, info in event_types().items()}
    tally = Tally()
    for extraction in run_extract(docs, model=model, reference_files=reference_files):
        tally.add(extraction)
        facts = add_codes(extraction_to_facts(extraction), codes)
        if fmt == "json":
            click.echo(json.dumps(facts, ensure_ascii=False, indent=1))
        elif fmt == "jsonl":
            click.echo(json.dumps(facts, ensure_ascii=False))
        else:
            render_rows(
                ["kind", "category", "type", "participants", "location", "date", "confidence"],
                _fact_rows(facts),
                "table",
                sys.stdout,
            )
    click.echo(f"extracted: {tally.describe()}", err=True)


def _fact_rows(facts: dict) -> list[dict]:
    """Events (asserted and not) and roles of one article as the rows of ``extract -f table``."""
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
    return rows


@click.command()
@click.argument("doc_ids", nargs=-1, required=True)
@STORE_OPTION
def remove(doc_ids, store) -> None:
    """Delete documents (by id, see `kg docs`) and everything only they asserted.

    \b
    Example:
      kg remove 3f2a9c01be
    """
    with open_for_writing(store, create=False) as st:
        missing = [d for d in doc_ids if not st.remove_document(d)]
    if missing:
        raise KGError(f"no such document: {', '.join(missing)} (see `kg docs`)")
    click.echo(f"Removed {len(doc_ids)} document(s)", err=True)


@click.command()
@click.argument("target", type=click.Path(path_type=Path))
@STORE_OPTION
def compact(target, store) -> None:
    """Write a compact copy of the store (about 0.55 of its size) into the new folder TARGET.

    Writes leave an embedded store's tables uncompressed; the copy is bulk-loaded, which
    compresses them. The store is read with its write lock (nothing changes it meanwhile) and
    left as it is; TARGET is whole or absent. Later writes into the copy undo the saving, so
    compact a store that is done, to archive or hand it on.

    \b
    Example:
      kg compact archive/kg-2026-12 --store kg-store
    """
    with open_for_writing(store, create=False) as st:
        done = st.compact_into(target)
    mb = 1e6
    click.echo(
        f"Compacted {done.quads:,} quads into {target}: {done.after / mb:,.1f} MB "
        f"({done.after / done.before:.2f} of {done.before / mb:,.1f} MB)",
        err=True,
    )


@click.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@STORE_OPTION
@click.option("--quiet", "-q", is_flag=True, help="No progress or summary on stderr.")
def load(folder, store, quiet) -> None:
    """Load the N-Quads parts that kg ingest --cluster … -o DIR wrote into the store.

    Each document's graph is written as kg ingest writes it: unchanged when the store already
    holds its content hash, replaced when it holds another version.

    \b
    Example:
      kg ingest big-folder/ --cluster tcp://10.0.0.5:8786 -o parts/
      kg load parts/ --store http://10.0.0.6:7878
    """
    from kg.cluster import load_parts

    show = not quiet and sys.stderr.isatty()
    done = [0]

    def progress(part: Path) -> None:
        done[0] += 1
        if show:
            click.echo(f"\r[{done[0]} parts] {part.name}", err=True, nl=False)

    with open_for_writing(store) as st:
        report = load_parts(folder, st, progress=progress)
        totals = None if quiet else st.stats()
    _summary(report, show, quiet, totals)
