"""Run reads for the server under a time limit, a row limit and a memory limit.

On an on-disk store every query and every ``/graph`` page runs in a worker process
(``kg.serve.worker``, which opens the same store read-only with ``kg.store.open_store``)
that is killed at the deadline or when it outgrows its memory, so a runaway query stops and
other clients keep their answers. On rdflib's memory store the evaluation is Python: the
query thread is interrupted at the deadline, or when the process grows by more than the
memory limit while it runs. A remote store runs the query at the remote endpoint, under the
HTTP client's own timeout.

Before anything runs, SPARQL that would make this process fetch a URL (``SERVICE``,
``LOAD``) is refused unless the URL is on the operator's allow-list (``Store.refuse_fetches``;
workers check again); a FROM graph is always read from the store. Every read goes through
``Store.query``, on every backend, so the server answers as ``kg query`` does.
"""

from __future__ import annotations

import ctypes
import os
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

from kg.errors import KGError, QueryError
from kg.serve.worker import WorkerDied, WorkerPool, WorkerTimeout
from kg.store.base import Store, raise_query_error
from kg.store.results import QueryResult
from kg.store.sparql import QueryDataset


class TimeLimitExceeded(KGError):
    """The query ran past the server's time limit."""


class TooManyRows(KGError):
    """The result is larger than the server's row limit."""


class MemoryLimitExceeded(KGError):
    """The query needed more memory than a query may have."""


class _Cancelled(BaseException):
    """Raised inside a memory-store query thread at its deadline (not an Exception, so
    rdflib's own ``except Exception`` blocks cannot swallow it)."""


class Runner:
    """Runs read queries for the server: at most ``workers`` at once, each within limits."""

    def __init__(
        self,
        store: Store,
        *,
        timeout: float,
        max_rows: int,
        lock: threading.Lock,
        workers: int = 4,
        memory_mb: int = 512,
        allow_federation: tuple[str, ...] = (),
    ) -> None:
        self.store = store
        self._lock = lock
        self.timeout = timeout
        self.max_rows = max_rows
        self.memory_mb = memory_mb
        self.allow_federation = tuple(allow_federation)
        self._slots = threading.BoundedSemaphore(workers)
        spec = worker_spec(store)
        self.pool: WorkerPool | None = None
        if spec is not None:
            self.pool = WorkerPool(spec, store.base, size=workers, memory_mb=memory_mb)

    # -- the guard --------------------------------------------------------------------------
    def check(self, sparql: str) -> None:
        """FederationRefused when ``sparql`` would fetch a URL that is not allowed."""
        self.store.refuse_fetches(sparql, self.allow_federation)

    def changed(self) -> None:
        """Call after each write so workers see it."""
        if self.pool is not None:
            self.pool.changed()

    # -- reads ------------------------------------------------------------------------------
    def query(self, sparql: str, dataset: QueryDataset | None = None) -> QueryResult:
        """The whole result over ``dataset`` (the protocol's default-graph-uri and
        named-graph-uri) when given, else as ``Store.query`` answers; TimeLimitExceeded /
        TooManyRows / MemoryLimitExceeded / QueryError (FederationRefused included)."""
        self.check(sparql)
        deadline = time.monotonic() + self.timeout
        if self.pool is not None:
            request = (sparql, self.max_rows, dataset, self.allow_federation)
            return _result(self._in_worker("query", request, deadline), self)
        return self._in_thread(lambda: self._run_here(sparql, dataset), deadline)

    def graph_html(self, options: dict) -> str:
        """The ``/graph`` page under the same limits."""
        deadline = time.monotonic() + self.timeout
        if self.pool is not None:
            return self._in_worker("graph", (options,), deadline)

        def render() -> str:
            from kg.viz import render_html

            with self.store_access():  # the view reads the rows it draws, never a copy of the store
                return render_html(self.store, title="kg: diplomacy knowledge graph", **options)

        return self._in_thread(render, deadline)

    def store_access(self) -> AbstractContextManager:
        """Hold this while reading the store outside ``query``: Oxigraph needs no lock,
        the other backends share the server's lock with the writers."""
        return nullcontext() if _concurrent_reads(self.store) else self._lock

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()

    # -- worker processes -------------------------------------------------------------------
    def _in_worker(self, kind: str, args: tuple, deadline: float):
        assert self.pool is not None
        try:
            status, payload = self.pool.run(kind, args, deadline)
        except WorkerTimeout:
            raise TimeLimitExceeded(self._time_message()) from None
        except WorkerDied as died:
            if died.out_of_memory:
                raise MemoryLimitExceeded(self._memory_message()) from None
            raise KGError(
                f"the query stopped: its worker process ended ({died}); try again, "
                "and if it repeats, check the server's memory and store"
            ) from None
        if status == "ok":
            return payload
        if status == "memory":
            raise MemoryLimitExceeded(self._memory_message())
        if status == "kg":
            raise payload
        raise raise_query_error(RuntimeError(payload))

    # -- threads (memory, remote and in-memory Oxigraph stores) -----------------------------
    def _in_thread(self, work: Callable, deadline: float):
        if not self._slots.acquire(timeout=max(0.0, deadline - time.monotonic())):
            raise TimeLimitExceeded(self._time_message())
        outcome: dict = {}
        state = threading.Lock()  # guards "done" against a late interruption

        def target() -> None:
            try:
                outcome["value"] = work()
            except _Cancelled:
                pass
            except BaseException as error:  # handed to the request thread
                outcome["error"] = error
            finally:
                with state:
                    outcome["done"] = True
                self._slots.release()

        # the query runs in this process: its growth is this process's (remote stores excepted)
        watch = self.memory_mb > 0 and getattr(self.store, "name", "") != "sparql"
        baseline = _rss_bytes() if watch else 0
        thread = threading.Thread(target=target, name="kg-query", daemon=True)
        thread.start()
        too_big = False
        while thread.is_alive() and (remaining := deadline - time.monotonic()) > 0:
            thread.join(min(0.05, remaining))
            if watch and _rss_bytes() - baseline > self.memory_mb * 1024 * 1024:
                too_big = True
                break
        if thread.is_alive():
            with state:
                if not outcome.get("done") and thread.ident is not None:
                    _interrupt(thread.ident)
            if too_big:
                raise MemoryLimitExceeded(self._memory_message())
            raise TimeLimitExceeded(self._time_message())
        if "error" in outcome:
            raise outcome["error"]
        return outcome["value"]

    def _run_here(self, sparql: str, dataset: QueryDataset | None) -> QueryResult:
        with self.store_access():  # the backend runs the whole query
            result = self.store.query(
                sparql,
                default_graphs=dataset.default_graphs if dataset else None,
                named_graphs=dataset.named_graphs if dataset else None,
                max_rows=self.max_rows,
                allow_federation=self.allow_federation,
            )
        if len(result.rows) > self.max_rows:
            raise TooManyRows(self._row_message())
        return result

    # -- messages ---------------------------------------------------------------------------
    def _time_message(self) -> str:
        return (
            f"the query ran longer than the server's {self.timeout:g} s limit and was stopped: "
            "narrow it, add a LIMIT, or start kg serve with a larger --timeout"
        )

    def _row_message(self) -> str:
        return (
            f"the result has more than {self.max_rows} rows, the server's limit: add a LIMIT, "
            "or start kg serve with a larger --max-rows"
        )

    def _memory_message(self) -> str:
        return (
            f"the query needed more than the server's {self.memory_mb} MB memory limit and was "
            "stopped: narrow it or add a LIMIT"
        )


def worker_spec(store: Store) -> str | None:
    """What a worker process opens the served store by (``open_store(spec, read_only=True)``):
    an on-disk store's absolute folder; None for stores only this process can reach (memory,
    in-memory Oxigraph) or that run queries elsewhere (a remote endpoint)."""
    path = getattr(store, "path", None)
    if path is None or store.name in ("memory", "sparql"):
        return None
    return str(Path(path).resolve())


def _concurrent_reads(store: Store) -> bool:
    """Oxigraph reads need no lock (its snapshots are consistent); rdflib's store is not
    thread-safe and the remote client shares one session, so they take the server's lock."""
    return store.name == "oxigraph"


def _result(payload: tuple, runner: Runner) -> QueryResult:
    kind = payload[0]
    if kind == "rows":
        raise TooManyRows(runner._row_message())
    if kind == "ask":
        return QueryResult.ask(payload[1])
    if kind == "select":
        names, rows = payload[1], payload[2]
        return QueryResult.select(names, [dict(zip(names, row, strict=True)) for row in rows])
    if kind == "graph":
        return QueryResult.from_triples(tuple(t) for t in payload[1])
    raise QueryError(f"unexpected answer from a query worker: {kind}")


def _rss_bytes() -> int:
    """This process's resident memory (0 where /proc is missing)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _interrupt(thread_id: int) -> None:
    """Raise _Cancelled in another thread at its next Python instruction."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(_Cancelled))
