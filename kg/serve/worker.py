"""Query worker processes: the server's way to stop a query that runs too long or too big.

Oxigraph cannot be interrupted inside one evaluation step (an ORDER BY or COUNT over a
cross product computes before its first row), so each read runs in a worker process that
opens the served store read-only through the Store interface (``kg.store.open_store`` with
the store's spec, so the configured backend answers exactly as ``kg query`` would). Past the
deadline the server kills the worker and starts another. An address-space limit
(``RLIMIT_AS``), set after the store is open to what the open store takes plus
``MEMORY_MB`` (RocksDB reserves ~0.5 GB of address space it does not use), bounds the memory
of each query; a worker that runs out dies alone. The server bumps a generation number
after each write and a worker reopens the store when its number is older (a read-only
store is a snapshot).

Frames on the pipes are a 4-byte big-endian length and a pickle.
``python -m kg.serve.worker SPEC BASE MEMORY_MB GENERATION`` is one worker; it opens the store
and says it is ready before the pool lends it (so no query waits for its start).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from typing import TYPE_CHECKING, BinaryIO

from kg.errors import KGError

if TYPE_CHECKING:
    from kg.store.base import Store
    from kg.store.results import QueryResult
    from kg.store.sparql import QueryDataset

_HEADER = struct.Struct(">I")
STARTUP_SECONDS = 60.0  # a worker that has not opened the store by then is dropped


class WorkerTimeout(Exception):
    """No answer before the deadline (the worker was killed)."""


class WorkerDied(Exception):
    """The worker ended without an answer; ``code`` is its exit status (negative: the
    signal; SIGABRT when Oxigraph could not allocate memory under the limit)."""

    def __init__(self, code: int | None = None) -> None:
        super().__init__(f"query worker ended (exit status {code})")
        self.code = code

    @property
    def out_of_memory(self) -> bool:
        return self.code == -signal.SIGABRT


# -- the worker side ----------------------------------------------------------------------------
def _write(stream: BinaryIO, message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _read(stream: BinaryIO) -> object | None:
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None
    (size,) = _HEADER.unpack(header)
    return pickle.loads(stream.read(size))


def _limit_memory(memory_mb: int | None) -> None:
    """Soft RLIMIT_AS: none (None), or the current address space plus ``memory_mb``."""
    import resource

    if memory_mb is None:
        resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
        return
    with open("/proc/self/status", encoding="ascii") as status:
        size_kb = next(int(line.split()[1]) for line in status if line.startswith("VmSize:"))
    limit = size_kb * 1024 + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, resource.RLIM_INFINITY))


def _open(spec: str, base: str, memory_mb: int) -> Store:
    from kg.store import open_store

    if memory_mb > 0:
        _limit_memory(None)
    store = open_store(spec, base=base, read_only=True)
    if memory_mb > 0:
        _limit_memory(memory_mb)
    return store


def _serve(spec: str, base: str, memory_mb: int, generation: int) -> None:
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write on the answer pipe
    store: Store | None = None
    try:  # the backend's modules load and the store opens now, not within a query's deadline
        store = _open(spec, base, memory_mb)
    except (KGError, OSError, RuntimeError, ValueError):
        generation = None  # the first task opens it (and says why, if it still cannot)
    _write(stdout, ("ready", os.getpid()))
    while True:
        task = _read(stdin)
        if task is None:
            return
        kind, wanted, args = task
        try:
            for attempt in (1, 2):
                try:
                    if store is None or generation != wanted:
                        store, generation = _close(store), None  # opening races the writer's MANIFEST roll
                        store, generation = _open(spec, base, memory_mb), wanted
                    payload = _query(store, *args) if kind == "query" else _graph(store, *args)
                    break
                except (KGError, OSError, RuntimeError, ValueError) as error:
                    if attempt == 2 or not _stale_snapshot(error):
                        raise
                    store = _close(store)  # a file of this snapshot was compacted away since: reopen once
                    time.sleep(0.1)  # after the writer's flush has finished rolling its files
            answer = ("ok", payload)
        except MemoryError:
            answer = ("memory", "")
        except KGError as error:
            answer = ("kg", error)
        except (SyntaxError, ValueError, OSError, RuntimeError) as error:
            answer = ("query", str(error))
        _write(stdout, answer)


def _close(store: Store | None) -> None:
    """Let go of a snapshot (errors closing a stale one do not matter); returns None."""
    if store is not None:
        with contextlib.suppress(KGError, OSError, RuntimeError):
            store.close()


def _stale_snapshot(error: BaseException) -> bool:
    """RocksDB deleted a file a read-only handle still points at (the writer flushed or
    compacted since it opened): "IO error: No such file", reported as corruption; the Store
    interface hands it on inside a StoreError or QueryError that quotes it."""
    text = str(error)
    return isinstance(error, OSError) or "No such file" in text or "Corruption" in text


def _query(
    store: Store,
    sparql: str,
    max_rows: int,
    dataset: QueryDataset | None = None,
    allow_federation: tuple[str, ...] = (),
) -> tuple:
    """Store.query over the protocol's dataset when given (else the query's FROM, else the
    union), as picklable tuples of rdflib terms; ("rows", n) past ``max_rows``."""
    result = store.query(
        sparql,
        default_graphs=None if dataset is None else dataset.default_graphs,
        named_graphs=None if dataset is None else dataset.named_graphs,
        max_rows=max_rows,  # a result over the limit is known without being held whole
        allow_federation=allow_federation,  # the operator's list, checked here too
    )
    return collect(result, max_rows)


def collect(result: QueryResult, max_rows: int) -> tuple:
    """A QueryResult as plain picklable tuples; ("rows", n) past ``max_rows``."""
    if result.kind == "ask":
        return ("ask", bool(result.boolean))
    if len(result.rows) > max_rows:
        return ("rows", max_rows)
    if result.kind == "graph":
        return ("graph", [(r["subject"], r["predicate"], r["object"]) for r in result.rows])
    names = list(result.variables)
    return ("select", names, [tuple(row.get(name) for name in names) for row in result.rows])


def _graph(store: Store, options: dict) -> str:
    from kg.viz import render_html

    return render_html(store, title="kg: diplomacy knowledge graph", **options)  # reads rows, no copy


def main(argv: list[str]) -> None:
    spec, base, memory_mb, generation = argv[0], argv[1], int(argv[2]), int(argv[3])
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops us
    parent = os.getppid()

    def exit_with_parent() -> None:  # a killed server leaves no worker running a query
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=exit_with_parent, name="kg-parent-watch", daemon=True).start()
    _serve(spec, base, memory_mb, generation)


# -- the server side ----------------------------------------------------------------------------
class Worker:
    """One worker process and its pipes."""

    def __init__(self, spec: str, base: str, memory_mb: int, generation: int) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kg.serve.worker", spec, base, str(memory_mb), str(generation)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # a terminal's Ctrl-C goes to the server only
        )

    def ready(self, deadline: float) -> None:
        """Wait for the worker's first frame (it has opened the store); WorkerDied/WorkerTimeout."""
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        (size,) = _HEADER.unpack(self._receive(fd, _HEADER.size, deadline))
        self._receive(fd, size, deadline)

    def ask(self, task: tuple, deadline: float) -> tuple:
        assert self.process.stdin is not None and self.process.stdout is not None
        try:
            _write(self.process.stdin, task)
        except (BrokenPipeError, OSError):
            raise WorkerDied() from None
        fd = self.process.stdout.fileno()
        header = self._receive(fd, _HEADER.size, deadline)
        (size,) = _HEADER.unpack(header)
        return pickle.loads(self._receive(fd, size, deadline))

    def _receive(self, fd: int, size: int, deadline: float) -> bytes:
        chunks, missing = [], size
        while missing:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise WorkerTimeout()
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                raise WorkerTimeout()
            chunk = os.read(fd, min(missing, 1 << 20))
            if not chunk:
                try:
                    code = self.process.wait(timeout=2)
                except subprocess.TimeoutExpired:
                    code = None
                raise WorkerDied(code)
            chunks.append(chunk)
            missing -= len(chunk)
        return b"".join(chunks)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()


class WorkerPool:
    """``size`` workers for one on-disk store (``spec``: what ``open_store`` opens it by);
    ``run`` lends one for a task."""

    def __init__(self, spec: str, base: str, *, size: int, memory_mb: int) -> None:
        self.spec, self.base, self.memory_mb = spec, base, memory_mb
        self.generation = 0
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._all: set[Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        started = [self._start() for _ in range(size)]  # they start side by side
        for worker in started:
            self._lend(worker)

    def _start(self) -> Worker:
        worker = Worker(self.spec, self.base, self.memory_mb, self.generation)
        with self._lock:
            self._all.add(worker)
        return worker

    def _lend(self, worker: Worker) -> None:
        """Into the idle queue once it is ready (a worker that dies starting is dropped)."""
        try:
            worker.ready(time.monotonic() + STARTUP_SECONDS)
        except (WorkerDied, WorkerTimeout):
            with self._lock:
                self._all.discard(worker)
            worker.kill()
            return
        with self._lock:
            if self._closed:
                worker.kill()
                return
        self._idle.put(worker)

    def _add(self) -> None:
        if not self._closed:
            self._lend(self._start())

    def _replace(self, worker: Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.kill()
        if not self._closed:
            self._add()

    def changed(self) -> None:
        """The store was written: the next task in each worker reopens it."""
        self.generation += 1

    def run(self, kind: str, args: tuple, deadline: float) -> tuple:
        """The worker's answer; WorkerTimeout past ``deadline``, WorkerDied if it died."""
        try:
            worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise WorkerTimeout() from None
        try:
            answer = worker.ask((kind, self.generation, args), deadline)
        except (WorkerTimeout, WorkerDied):
            # kill and replace off the request thread, so the answer goes out at once
            threading.Thread(target=self._replace, args=(worker,), daemon=True).start()
            raise
        except BaseException:
            threading.Thread(target=self._replace, args=(worker,), daemon=True).start()
            raise
        self._idle.put(worker)
        return answer

    def pids(self) -> list[int]:
        with self._lock:
            return [w.process.pid for w in self._all]

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()


if __name__ == "__main__":
    main(sys.argv[1:])
