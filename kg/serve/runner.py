"""Run a query under a time limit and a row limit.

Queries run on a small thread pool so the request thread can give up at the deadline.
Oxigraph yields solutions lazily and releases the GIL, so on the embedded store a query
past its limit is also stopped (checked between rows); one that blocks before its first
row (a big ORDER BY or aggregate) finishes in the background and its answer is dropped.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import AbstractContextManager, nullcontext

from kg.errors import KGError
from kg.store.base import Store, raise_query_error
from kg.store.results import QueryResult
from kg.store.terms import to_rdflib


class TimeLimitExceeded(KGError):
    """The query ran past the server's time limit."""


class TooManyRows(KGError):
    """The result is larger than the server's row limit."""


class Runner:
    """Runs read queries for the server: at most ``workers`` at once, each within limits."""

    def __init__(
        self, store: Store, *, timeout: float, max_rows: int, lock: threading.Lock, workers: int = 4
    ) -> None:
        self.store = store
        self._lock = lock
        self.timeout = timeout
        self.max_rows = max_rows
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kg-query")

    def query(self, sparql: str) -> QueryResult:
        """The whole result, or TimeLimitExceeded / TooManyRows / QueryError."""
        cancel = threading.Event()
        future = self._pool.submit(self._run, sparql, cancel, time.monotonic() + self.timeout)
        try:
            return future.result(timeout=self.timeout)
        except FutureTimeout:
            cancel.set()
            raise TimeLimitExceeded(self._time_message()) from None

    def store_access(self) -> AbstractContextManager:
        """Hold this while reading the store outside ``query``: Oxigraph needs no lock,
        the other backends share the server's lock with the writers."""
        return nullcontext() if hasattr(self.store, "raw") else self._lock

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _time_message(self) -> str:
        return (
            f"the query ran longer than the server's {self.timeout:g} s limit: narrow it, "
            "add a LIMIT, or start kg serve with a larger --timeout"
        )

    def _row_message(self) -> str:
        return (
            f"the result has more than {self.max_rows} rows, the server's limit: add a LIMIT, "
            "or start kg serve with a larger --max-rows"
        )

    def _run(self, sparql: str, cancel: threading.Event, deadline: float) -> QueryResult:
        raw = getattr(self.store, "raw", None)
        if raw is None:  # memory or remote: the backend runs the whole query
            with self._lock:
                result = self.store.query(sparql)
            if len(result.rows) > self.max_rows:
                raise TooManyRows(self._row_message())
            return result
        return self._run_oxigraph(raw, sparql, cancel, deadline)

    def _run_oxigraph(self, raw, sparql: str, cancel: threading.Event, deadline: float) -> QueryResult:
        import pyoxigraph as ox

        answer = None  # pyoxigraph results must be dropped on the thread that made them
        try:
            answer = raw.query(sparql, use_default_graph_as_union=True)
            if isinstance(answer, ox.QueryBoolean):
                return QueryResult.ask(bool(answer))
            if isinstance(answer, ox.QuerySolutions):
                names = [v.value for v in answer.variables]
                rows = []
                for solution in answer:
                    self._check(cancel, deadline, len(rows))
                    rows.append({name: to_rdflib(solution[name]) for name in names})
                return QueryResult.select(names, rows)
            triples = []
            for t in answer:
                self._check(cancel, deadline, len(triples))
                triples.append((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
            return QueryResult.from_triples(triples)
        except (SyntaxError, ValueError, OSError, RuntimeError) as error:
            raise raise_query_error(error) from None
        finally:
            answer = None

    def _check(self, cancel: threading.Event, deadline: float, count: int) -> None:
        if cancel.is_set() or time.monotonic() > deadline:
            raise TimeLimitExceeded(self._time_message())
        if count >= self.max_rows:
            raise TooManyRows(self._row_message())
