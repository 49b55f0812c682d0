"""The `kg` command line: thin click commands over the Python API, one module per family.

``ingest`` (ingest, extract, remove, load, compact), ``query`` (query, export, stats, docs, validate),
``view`` (view, analyze, plot), ``serve`` and ``evaluate`` (eval). This package is the only
code that prints, exits or imports click. Errors are turned into one line here, once, at the
group: a ``KGError`` (or an OS error such as writing into a missing folder) becomes
``Error: …`` on stderr and its exit status; ``--traceback`` shows the rest. Exit statuses are
``kg.errors.ExitStatus``: 0 ok, 1 error (``kg validate``: violations), 2 usage error.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from kg import __version__
from kg.cli.options import NOTES, KGGroup
from kg.errors import ExitStatus, KGError

__all__ = ["ExitStatus", "KGGroup", "main"]


class MainGroup(KGGroup):
    """The top-level group: where every command's errors become one line."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            result = super().invoke(ctx)
        except KGError as exc:
            if _traceback_wanted(ctx):
                raise
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:  # `kg export | head`: the reader left; not an error
            sys.stderr.close()
            ctx.exit(ExitStatus.OK)
        except OSError as exc:  # e.g. -o into a missing or read-only folder
            if _traceback_wanted(ctx):
                raise
            where = str(exc.filename).removesuffix(".part") if exc.filename else None
            click.echo(f"Error: {where + ': ' if where else ''}{exc.strerror or exc}", err=True)
            ctx.exit(ExitStatus.ERROR)
        except KeyboardInterrupt:
            click.echo("Interrupted; the store holds only whole documents.", err=True)
            ctx.exit(ExitStatus.INTERRUPTED)
        for note in ctx.meta.get(NOTES, ()):
            click.echo(note, err=True)
        return result


def _traceback_wanted(ctx: click.Context) -> bool:
    return bool(ctx.obj and ctx.obj.get("traceback"))


@click.group(cls=MainGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--traceback", is_flag=True, help="Show the full traceback on errors.")
@click.version_option(version=__version__, prog_name="kg")
@click.pass_context
def main(ctx: click.Context, traceback: bool) -> None:
    """Turn diplomacy news into a knowledge graph you can query, view and export.

    \b
    Example:
      kg ingest examples/articles/ && kg query --name meetings && kg view -o graph.html
    """
    ctx.ensure_object(dict)
    ctx.obj["traceback"] = traceback


def _add_commands() -> None:
    from kg.cli import evaluate, ingest, query, serve, view

    for command in (
        ingest.ingest,
        ingest.extract,
        query.query,
        query.export,
        view.view,
        query.stats,
        view.analyze,
        view.plot,
        query.docs,
        ingest.remove,
        ingest.load,
        ingest.compact,
        query.validate,
        serve.serve,
        evaluate.eval_,
    ):
        main.add_command(command)


_add_commands()
