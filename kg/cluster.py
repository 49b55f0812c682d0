"""``kg ingest --cluster``: extraction on the workers of a Dask cluster (``dask.distributed``).

The client reads the sources, skips documents the store already holds with the same
content hash, and submits batches of ``Document`` objects, at most a bounded number of
batches in flight, so a source of any size streams. Each worker loads spaCy once (the
process-wide extractor of ``kg.pipeline``) and writes each document it extracted straight to
the store, a SPARQL endpoint, with the store's own ``put_document``: one SPARQL Update that
replaces the document's graph and its part of the shared graph, and nothing at all when the
stored copy already has the document's content hash. A batch that the scheduler runs again
after its worker died therefore writes nothing twice, and a rerun after the client was killed
skips what is stored.

With ``output`` the workers write no store: each batch comes back as one N-Quads part (the
exact quads the store would hold), saved by the client as ``part-<sha256>.nq``, to be
bulk-loaded afterwards (``load_parts``, ``kg load DIR``, or the server's own loader).

Dask is an optional extra (``pip install 'kg-diplomacy[dask]'``): nothing here imports it
until a cluster is asked for. Workers need kg itself (the same version) and its model.
"""

from __future__ import annotations

import hashlib
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import BinaryIO

from kg.errors import ExtractionError, InputError, StoreError
from kg.model import Document
from kg.pipeline import IngestReport, ProgressCallback

BATCH = 32  # documents per task (bench/bench_cluster.py: 8 pays the per-task cost too often)
TASK_PREFIX = "kg-batch"  # the scheduler counts worker deaths per key prefix
INSTALL_HINT = "--cluster needs Dask: pip install 'kg-diplomacy[dask]' (dask and distributed)"


@dataclass
class ClusterStatus:
    """What the client has seen so far, for a progress line."""

    total: int = 0  # documents read so far
    done: int = 0  # documents stored, unchanged or written to a part
    failed: int = 0
    retried: int = 0  # batches the scheduler ran again after their worker died
    in_flight: int = 0  # batches submitted and not yet back
    first: tuple[float, int] | None = None  # (time, done) when the first batch came back

    def batch_back(self) -> None:
        """Note a batch counted in ``done``: the first one starts the clock of ``rate``."""
        if self.first is None:
            self.first = (time.monotonic(), self.done)

    @property
    def rate(self) -> float:
        """Articles/s since the first batch came back (workers' start-up and spaCy left out)."""
        if self.first is None:
            return 0.0
        elapsed = time.monotonic() - self.first[0]
        return (self.done - self.first[1]) / elapsed if elapsed > 0 else 0.0

    def line(self) -> str:
        return (
            f"{self.done} done, {self.failed} failed, {self.retried} retried, "
            f"{self.in_flight} batches running, {self.rate:.1f} articles/s"
        )


@contextmanager
def connect(address: str):
    """A Dask client for ``tcp://HOST:PORT`` (a running scheduler) or ``local:N`` (a
    ``LocalCluster`` of N one-thread worker processes on this machine, loopback only)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise InputError(INSTALL_HINT) from None
    if address.startswith("local:"):
        try:
            workers = int(address[len("local:") :])
        except ValueError:
            workers = 0
        if workers < 1:
            raise InputError(f"--cluster {address}: use local:N with N ≥ 1 workers, e.g. local:2")
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",  # loopback, any free port (the scheduler serves HTTP anyway)
        )
        try:
            with Client(cluster) as client:
                yield client
        finally:
            import logging

            # a worker that takes more than 4 s to exit is killed, and said so: not the user's concern
            logging.getLogger("distributed.nanny").setLevel(logging.ERROR)
            cluster.close()
        return
    if "://" not in address:
        address = f"tcp://{address}"
    try:
        client = Client(address, timeout=30)
    except OSError as error:
        raise InputError(
            f"cannot reach the Dask scheduler at {address} ({error}): start `dask scheduler` there, "
            "or use --cluster local:N"
        ) from None
    with client:
        yield client


def ingest_cluster(
    sources: Sequence[str],
    store,
    client,
    *,
    store_spec: str | None = None,
    output: Path | None = None,
    published: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    encoding: str | None = None,
    stdin: BinaryIO | None = None,
    model: str | None = None,
    reference_files: Sequence[Path] = (),
    progress: ProgressCallback | None = None,
    tick: Callable[[ClusterStatus], None] | None = None,
    keep_going: bool | None = None,
    batch: int = BATCH,
    in_flight: int | None = None,
) -> IngestReport:
    """Read ``sources``, extract them on ``client``'s workers and store them, the same
    report as ``kg.pipeline.ingest``.

    ``store`` is the client's view of the store (content-hash checks, the vocabulary) and
    ``store_spec`` the URL the workers open; with ``output`` (a folder) the workers return
    N-Quads parts instead and ``store`` may be None. At most ``in_flight`` batches (default:
    twice the cluster's worker threads) are submitted at once."""
    from distributed import as_completed
    from distributed.client import FutureCancelledError

    if batch < 1:
        raise InputError(f"batch must be 1 or more, not {batch}")
    if output is None and (store is None or not store_spec or "://" not in store_spec):
        raise InputError(
            "--cluster writes from the workers: give a SPARQL endpoint URL as --store "
            "(e.g. http://HOST:7878 for oxigraph serve), or -o DIR for N-Quads parts"
        )
    from kg.documents import read_path
    from kg.documents.sources import iter_source_paths
    from kg.ontology import vocabulary_graph

    report = IngestReport()
    status = ClusterStatus()
    base = store.base if store is not None else _default_base()
    if store is not None:
        store.ensure_vocabulary(vocabulary_graph())
    if output is not None:
        output.mkdir(parents=True, exist_ok=True)
        _write_vocabulary(output, base)
    paths = list(iter_source_paths(list(sources)))
    if not paths:
        raise InputError(f"no articles found in {', '.join(sources)} (looked for .txt, .md and .html files)")
    if keep_going is None:
        keep_going = len(paths) > 1 or any(Path(s).is_dir() for s in sources if s != "-")
    references = tuple((p.name, Path(p).read_bytes()) for p in reference_files)

    def documents() -> Iterator[tuple[Document, bool]]:
        for path in paths:
            try:
                if str(path) == "-":
                    from kg.pipeline import read_documents

                    doc = next(read_documents(["-"], published=published, url=url, outlet=outlet,
                                              encoding=encoding, stdin=stdin))  # fmt: skip
                else:
                    doc = read_path(path, published=published, url=url, outlet=outlet, encoding=encoding)
            except InputError as exc:
                if not keep_going:
                    raise
                report.failed.append((str(path), str(exc)))
                status.failed += 1
                continue
            status.total += 1
            if store is not None and output is None and store.has_document(doc.doc_id, doc.content_hash):
                report.unchanged.append(doc.doc_id)
                status.done += 1
                if progress:
                    progress(doc, "unchanged")
                continue
            existed = store is not None and output is None and store.has_document(doc.doc_id)
            yield doc, existed

    limit = in_flight or max(2, 2 * sum(client.nthreads().values()))
    deaths_before = _worker_deaths(client)
    chunks = _batched(documents(), batch)
    pending: dict = {}
    completed = as_completed()
    count = 0

    def submit() -> bool:
        nonlocal count
        chunk = next(chunks, None)
        if chunk is None:
            return False
        docs = [doc for doc, _ in chunk]
        digest = hashlib.sha256("".join(d.content_hash for d in docs).encode()).hexdigest()[:16]
        count += 1
        future = client.submit(
            run_batch, docs, None if output else store_spec, base, model, references, output is not None,
            key=f"{TASK_PREFIX}-{digest}-{count}", pure=False,
        )  # fmt: skip
        pending[future] = chunk
        completed.add(future)
        status.in_flight = len(pending)
        return True

    try:
        while len(pending) < limit and submit():
            pass
        for future in completed:
            chunk = pending.pop(future)
            part = None
            try:
                outcome = future.result()
                results, part = outcome["documents"], outcome["part"]
            except FutureCancelledError:
                raise StoreError("the Dask scheduler cancelled the run (was it restarted?)") from None
            except Exception as error:
                if type(error).__name__ != "KilledWorker":
                    raise
                results = [
                    {"reason": f"its worker died each time it ran it ({_one_line(error)})"} for _ in chunk
                ]
            for (doc, existed), result in zip(chunk, results, strict=True):
                if "reason" in result:
                    if not keep_going:
                        raise ExtractionError(f"{doc.source}: {result['reason']}")
                    report.failed.append((doc.source, result["reason"]))
                    status.failed += 1
                    if progress:
                        progress(doc, "failed")
                    continue
                if output is not None:
                    existed = False
                (report.replaced if existed else report.added).append(doc.doc_id)
                report.events += result["events"]
                report.tenures += result["tenures"]
                report.entities += result["entities"]
                status.done += 1
                if progress:
                    progress(doc, "replaced" if existed else "added")
            status.batch_back()
            if output is not None and part:
                _write_part(output, part)
            status.retried = _worker_deaths(client) - deaths_before
            while len(pending) < limit and submit():
                pass
            status.in_flight = len(pending)
            if tick:
                tick(status)
    finally:
        if pending:
            client.cancel(list(pending))
    return report


def _batched(items, size: int):
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _worker_deaths(client) -> int:
    """How many times the scheduler has seen a ``kg-batch`` task's worker die (it then runs
    the task again elsewhere)."""

    def count(dask_scheduler=None) -> int:
        prefix = dask_scheduler.task_prefixes.get(TASK_PREFIX)
        return prefix.suspicious if prefix is not None else 0

    try:
        return int(client.run_on_scheduler(count))
    except Exception:  # an older scheduler without the counter: report none
        return 0


def _write_part(folder: Path, data: bytes) -> Path:
    """``part-<sha256>.nq``, written whole (a temporary name, then renamed)."""
    path = folder / f"part-{hashlib.sha256(data).hexdigest()[:32]}.nq"
    if not path.exists():
        tmp = path.with_suffix(".nq.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
    return path


def _write_vocabulary(folder: Path, base: str) -> None:
    """``vocabulary.nq``: the ontology graph as the store holds it, so that the server's own
    loader, given every ``*.nq`` of the folder, makes the store a kg ingest makes."""
    import io

    from kg.ontology import vocabulary_graph

    target = _memory_store(base)
    target.ensure_vocabulary(vocabulary_graph())
    out = io.BytesIO()
    target.export("nquads", out)
    tmp = folder / "vocabulary.nq.tmp"
    tmp.write_bytes(out.getvalue())
    tmp.replace(folder / "vocabulary.nq")


def _default_base() -> str:
    from kg.store.prefixes import DEFAULT_BASE

    return DEFAULT_BASE


def _one_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0][:200] if text else type(error).__name__


# -- on the workers --------------------------------------------------------------------------
_LOCAL = threading.local()


def run_batch(
    documents: list[Document],
    store_spec: str | None,
    base: str,
    model: str | None,
    references: tuple[tuple[str, bytes], ...],
    as_part: bool,
) -> dict:
    """Extract ``documents`` and write each to the store at ``store_spec`` (one idempotent
    SPARQL Update per document), or, with ``as_part``, return them as one N-Quads part in the
    ``part``. ``documents`` holds one dict per document: its counts, or ``reason`` when it
    failed alone."""
    from kg.ontology import extraction_to_triples
    from kg.pipeline import Failure, extract_each, get_extractor

    extractor = get_extractor(model, _reference_paths(references))
    target = _memory_store(base) if as_part else _worker_store(store_spec, base)
    results: list[dict] = []
    for item in extract_each(extractor, documents, chunk=len(documents)):
        if isinstance(item, Failure):
            results.append({"reason": item.reason})
            continue
        doc = item.document
        target.put_document(doc.doc_id, doc.content_hash, extraction_to_triples(item, base))
        results.append(
            {"events": len(item.events), "tenures": len(item.tenures), "entities": len(item.entities)}
        )
    part = None
    if as_part:
        import io

        out = io.BytesIO()
        if target.has_content():
            target.export("nquads", out)
            part = out.getvalue()
        target.close()
    return {"documents": results, "part": part}


def _worker_store(spec: str | None, base: str):
    """This worker thread's connection to the store (opened once)."""
    from kg.store import open_store

    stores = getattr(_LOCAL, "stores", None)
    if stores is None:
        stores = _LOCAL.stores = {}
    key = (spec, base)
    if key not in stores:
        stores[key] = open_store(spec, base=base)
    return stores[key]


def _memory_store(base: str):
    from kg.store import open_store

    return open_store("memory", base=base)


def _reference_paths(references: tuple[tuple[str, bytes], ...]) -> tuple[Path, ...]:
    """The client's extra reference files, saved once on this worker (workers on other
    machines do not share the client's folders)."""
    if not references:
        return ()
    digest = hashlib.sha256(b"".join(name.encode() + b"\0" + data for name, data in references)).hexdigest()
    folder = Path(tempfile.gettempdir()) / f"kg-reference-{digest[:16]}"
    paths = []
    for index, (name, data) in enumerate(references):
        path = folder / f"{index:03d}-{name}"
        if not path.exists():
            folder.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(data)
            tmp.replace(path)
        paths.append(path)
    return tuple(paths)


# -- loading parts ----------------------------------------------------------------------------
def load_parts(folder: Path, store, progress: Callable[[Path], None] | None = None) -> IngestReport:
    """Load the N-Quads parts of ``kg ingest --cluster … -o DIR`` into ``store``: each
    document as ``put_document`` writes it (unchanged when the store already has its
    content hash, replaced when it has another). A part holds its documents' graphs and the
    shared triples they state (``<base>graph/shared``); each document gets back its own
    triples plus the shared ones its ``kgs:states`` record names."""
    from urllib.parse import unquote

    import pyoxigraph as ox

    from kg.ontology import vocabulary_graph
    from kg.store.base import BOOKKEEPING, CONTENT_HASH, STATES, statement_hash

    parts = sorted(Path(folder).glob("part-*.nq"))
    if not parts:
        raise InputError(
            f"no N-Quads parts (part-*.nq) in {folder}: write them with kg ingest --cluster … -o DIR"
        )
    report = IngestReport()
    store.ensure_vocabulary(vocabulary_graph())
    prefix = f"{store.base}graph/"
    for part in parts:
        graphs: dict[str, list] = {}
        try:
            for quad in ox.parse(path=str(part), format=ox.RdfFormat.N_QUADS):
                graphs.setdefault(quad.graph_name.value, []).append(quad)
        except (SyntaxError, ValueError, OSError) as error:
            raise InputError(f"{part}: not an N-Quads part ({_one_line(error)})") from None
        shared = {
            statement_hash((q.subject, q.predicate, q.object)): (q.subject, q.predicate, q.object)
            for q in graphs.pop(store.shared_iri, [])
        }
        for iri, quads in graphs.items():
            if not iri.startswith(prefix):
                raise InputError(f"{part}: graph <{iri}> is not under the store's base {store.base}")
            doc_id = unquote(iri[len(prefix) :])
            hashes = [q.object.value for q in quads if q.predicate.value == str(CONTENT_HASH)]
            if len(hashes) != 1:
                raise InputError(f"{part}: graph <{iri}> has no single dip:contentHash")
            triples = [(q.subject, q.predicate, q.object) for q in quads if q.predicate not in BOOKKEEPING]
            for digest in (h for q in quads if q.predicate == STATES for h in q.object.value.split()):
                if digest not in shared:
                    raise InputError(f"{part}: graph <{iri}> states a shared triple the part lacks")
                triples.append(shared[digest])
            existed = store.has_document(doc_id)
            if not store.put_document(doc_id, hashes[0], triples):
                report.unchanged.append(doc_id)
            else:
                (report.replaced if existed else report.added).append(doc_id)
        if progress:
            progress(part)
    store.flush()
    return report
