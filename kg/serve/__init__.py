"""``kg serve``: the store as a SPARQL 1.1 Protocol endpoint, a query page and the graph view.

>>> from kg.store import open_store
>>> from kg.serve import make_server
>>> server = make_server(open_store("memory"), port=0)   # a free port
>>> server.url.startswith("http://127.0.0.1:")
True
>>> server.server_close()
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.serve.app import KGServer
    from kg.store.base import Store

__all__ = ["LOOPBACK", "make_server"]

LOOPBACK = ("127.0.0.1", "::1", "localhost")


def make_server(
    store: Store,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    allow_update: bool = False,
    timeout: float = 30.0,
    max_rows: int = 100_000,
    log: Callable[[str], None] | None = None,
    allow_federation: tuple[str, ...] = (),
    allowed_hosts: tuple[str, ...] = (),
    workers: int = 4,
    memory_mb: int = 512,
) -> KGServer:
    """A bound, not yet running server (call ``serve_forever()``; ``port=0`` picks a free one).

    Read-only unless ``allow_update``; queries past ``timeout`` seconds are stopped and
    answer 503, results over ``max_rows`` rows answer 413. On an on-disk store, reads run
    in ``workers`` processes of at most ``memory_mb`` MB each (killed past a limit).
    SPARQL ``SERVICE`` and ``LOAD`` may fetch only URLs under ``allow_federation``
    (none by default; "*" allows any). ``Host`` headers must name the bound address, an
    IP, localhost or one of ``allowed_hosts``. ``log`` receives one line per request.
    """
    from kg.serve.app import KGServer

    return KGServer(
        store,
        (host, port),
        allow_update=allow_update,
        timeout=timeout,
        max_rows=max_rows,
        log=log,
        allow_federation=tuple(allow_federation),
        allowed_hosts=tuple(allowed_hosts),
        workers=workers,
        memory_mb=memory_mb,
    )
