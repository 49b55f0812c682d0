"""``kg serve``: the store as a SPARQL 1.1 endpoint with a query page and the graph view."""

from __future__ import annotations

import click

from kg.cli.options import STORE_OPTION, open_for_writing
from kg.errors import KGError


@click.command()
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
    help="Time limit per query; past it the query is stopped and the answer is HTTP 503.",
)
@click.option(
    "--max-rows",
    default=100_000,
    show_default=True,
    type=click.IntRange(min=1),
    metavar="N",
    help="Most result rows per query; past it the answer is HTTP 413.",
)
@click.option(
    "--max-memory",
    default=512,
    show_default=True,
    type=click.IntRange(min=64),
    metavar="MB",
    help="Memory one query may use (on-disk store); past it the query is stopped, HTTP 503.",
)
@click.option(
    "--workers",
    default=4,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Query worker processes (on-disk store): queries that run at once.",
)
@click.option(
    "--allow-federation",
    "allow_federation",
    multiple=True,
    metavar="URL",
    help="Let SPARQL SERVICE and LOAD fetch URLs under this one (repeatable; '*' for any). "
    "Off by default: the server fetches nothing a client names.",
)
@click.option(
    "--allow-host",
    "allow_host",
    multiple=True,
    metavar="NAME",
    help="Accept this name in the Host header besides IP addresses and localhost (repeatable).",
)
@click.option("--quiet", "-q", is_flag=True, help="Do not log requests on stderr.")
@STORE_OPTION
def serve(
    host, port, allow_update, timeout, max_rows, max_memory, workers, allow_federation, allow_host, quiet,
    store,
) -> None:  # fmt: skip
    """Serve the store: SPARQL 1.1 endpoint at /sparql, query page at /, graph view at /graph.

    Results by Accept header: SPARQL JSON, CSV, TSV or XML; CONSTRUCT as Turtle or N-Triples.
    A query past --timeout or --max-memory is stopped (HTTP 503). SERVICE and LOAD of URLs,
    POSTs from other origins and Host names other than this server's are refused (403).
    Stop with Ctrl-C. While it serves an on-disk store, other processes reach the data
    through the endpoint (with --allow-update, `kg ingest --store URL` writes through it).

    \b
    Example:
      kg serve --port 8000
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5' \\
           http://127.0.0.1:8000/sparql
    """
    from kg.serve import LOOPBACK, make_server

    with open_for_writing(store, create=allow_update) as st:
        log = None if quiet else (lambda line: click.echo(line, err=True))
        try:
            server = make_server(
                st,
                host,
                port,
                allow_update=allow_update,
                timeout=timeout,
                max_rows=max_rows,
                log=log,
                allow_federation=allow_federation,
                allowed_hosts=allow_host,
                workers=workers,
                memory_mb=max_memory,
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
