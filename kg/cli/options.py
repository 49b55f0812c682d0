"""What several command families share: the store option, the output options, opening a store
for reading or writing, and writing a result to a file or stdout."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import click

from kg.errors import ExitStatus, KGError


class KGGroup(click.Group):
    """Commands listed in the order they were added (the order of the README)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


FORMATS = ("table", "csv", "tsv", "json", "jsonl")

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


def store_spec(spec: str | None) -> str:
    from kg.store import DEFAULT_STORE

    return spec or os.environ.get("KG_STORE") or DEFAULT_STORE


def open_for_writing(spec: str | None, *, create: bool = True):
    """Open the store to change it; an on-disk store is created when missing and ``create``
    (without it, the folder must already hold a store)."""
    from kg.store import backend_for, open_store

    spec = store_spec(spec)
    if not create and backend_for(spec) == "oxigraph":
        check_store_folder(spec)
    return open_store(spec)


def check_store_folder(spec: str) -> None:
    """A KGError unless the folder ``spec`` exists and holds an on-disk store."""
    folder = Path(spec)
    if not folder.exists():
        raise KGError(f"no store at {spec}: ingest articles first (kg ingest FILE --store {spec})")
    if folder.is_dir() and not (folder / "CURRENT").is_file():
        raise KGError(
            f"{spec} is not a kg store (no store files in it): give the folder kg ingest wrote, "
            f"or ingest into this one (kg ingest FILE --store {spec})"
        )


def open_for_reading(spec: str | None, *, require_documents: bool = False):
    """Open the store to read it: an on-disk store read-only (so a folder the user may read but
    not write works, and a folder that is not a store is never turned into one).

    An empty store is said on stderr once the command has succeeded (an error stays the only
    line); with ``require_documents`` an empty store is the error."""
    from kg.store import backend_for, open_store

    spec = store_spec(spec)
    if backend_for(spec) == "oxigraph":
        check_store_folder(spec)
    store = open_store(spec, read_only=True)
    try:
        if not store.has_content():
            message = empty_store_message(spec)
            if require_documents:
                raise KGError(message)
            note_on_success(message)
    except BaseException:
        store.close()
        raise
    return store


def empty_store_message(spec: str) -> str:
    return f"store {spec} holds no documents; kg ingest FILE first"


def note_on_success(message: str) -> None:
    """A line for stderr after the command's output, when the command succeeds."""
    ctx = click.get_current_context(silent=True)
    notes = ctx.find_root().meta.setdefault(NOTES, []) if ctx else None
    if notes is None:
        click.echo(message, err=True)
    elif message not in notes:
        notes.append(message)


NOTES = "kg.notes"


def write_bytes(output: str, data: bytes) -> None:
    """Write ``data`` to stdout (``-``) or to a file, saying so on stderr."""
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        Path(output).write_bytes(data)
        click.echo(f"Wrote {output}", err=True)


def fail(status: ExitStatus = ExitStatus.ERROR) -> None:
    """End the command with ``status`` (its message, if any, is already on stderr)."""
    click.get_current_context().exit(status)
