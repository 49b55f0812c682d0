"""Wire ingest → nlp → ontology → store. No printing, no exits: the CLI renders the report.

The extractor (spaCy plus the reference gazetteer) is built once per process and reused;
documents stream through one at a time so memory stays flat on large folders, and each
document is written as one named graph in one transaction, so an interrupted run leaves
only whole documents behind. With ``jobs > 1`` extraction runs in worker processes (spawned,
each building its extractor once) on small batches, at most a few batches in flight; the
parent reads the sources, writes the store in source order and never loads spaCy.

A document whose extraction fails (too long for the parser, or any error in its own
text) fails alone: it is reported in ``failed`` and the rest of the folder is stored.
"""

from __future__ import annotations

import gc
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import BinaryIO

from kg.errors import ExtractionError, InputError
from kg.model import Document, Extraction
from kg.tally import Tally

ProgressCallback = Callable[[Document, str], None]  # (document, "added"|"replaced"|"unchanged"|"skipped")


@dataclass
class IngestReport:
    """What an ingest did, document by document, and what the documents it wrote hold."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (source, one-line reason)
    written: Tally = field(default_factory=Tally)  # distinct events/entities/tenures, as the store counts
    # per-document sums before merging (event mentions, entities, tenures): all the cluster path knows
    events: int = 0
    tenures: int = 0
    entities: int = 0

    @property
    def documents(self) -> int:
        return len(self.added) + len(self.replaced) + len(self.unchanged)


@dataclass(frozen=True)
class Failure:
    """A document whose extraction raised, with the one-line reason."""

    document: Document
    reason: str


_EXTRACTORS: dict[tuple, object] = {}
# When a batched store writes the documents it holds: once this many quads wait (a batch the
# bulk loader writes at several times a transaction's rate; each write costs ~20-40 ms and a
# compaction, so small ones would not pay), or once the oldest has waited this long. Progress
# reports only what is stored, so a kill loses at most one batch of work.
COMMIT_QUADS = 10_000
COMMIT_SECONDS = 3.0


def get_extractor(model: str | None = None, reference_files: Sequence[Path] = ()):
    """The process-wide extractor for this model and reference data (spaCy loads once)."""
    from kg.nlp.extractor import Extractor
    from kg.ontology import event_types, load_reference

    key = (model, tuple(str(p) for p in reference_files))
    if key not in _EXTRACTORS:
        with _collector_paused():
            categories = {name: info.category for name, info in event_types().items()}
            _EXTRACTORS[key] = Extractor(load_reference(tuple(reference_files)), categories, model=model)
    return _EXTRACTORS[key]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Build the extractor without garbage collection, then freeze what it holds.

    Loading spaCy and the gazetteer allocates hundreds of thousands of objects that live as
    long as the process; each allocation burst would otherwise set off full collections that
    walk all of them again (about 40 ms of a one-article ``kg extract``), and so would every
    full collection of a long ingest. Frozen, they are left out of every later collection.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def read_documents(
    sources: Sequence[str],
    *,
    published: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    encoding: str | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[Document]:
    from kg.documents import read_sources

    return read_sources(
        list(sources), published=published, url=url, outlet=outlet, encoding=encoding, stdin=stdin
    )


def extract(
    documents: Iterable[Document], *, model: str | None = None, reference_files: Sequence[Path] = ()
) -> Iterator[Extraction]:
    """Facts of each document, without touching any store (``kg extract``)."""
    extractor = get_extractor(model, reference_files)
    yield from extractor.extract_many(documents)


def ingest(
    sources: Sequence[str],
    store,
    *,
    published: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    encoding: str | None = None,
    stdin: BinaryIO | None = None,
    model: str | None = None,
    reference_files: Sequence[Path] = (),
    progress: ProgressCallback | None = None,
    keep_going: bool | None = None,
    jobs: int | None = 1,
) -> IngestReport:
    """Read, extract and store every source; unchanged documents are skipped by content hash.

    With one explicit file a bad input raises ``InputError``; in a folder or a list of
    sources (``keep_going``) a bad file is reported in ``failed`` and the rest go on.
    ``jobs`` > 1 spreads extraction over that many processes (at most one per core);
    ``None`` chooses (``plan_jobs``). Results are the same whatever the number.
    """
    if jobs is not None and jobs < 1:
        raise InputError(f"jobs must be 1 or more, not {jobs}")
    from kg.documents import read_path
    from kg.documents.sources import iter_source_paths
    from kg.ontology import extraction_to_triples, load_reference, vocabulary_graph

    report = IngestReport()
    store.ensure_vocabulary(vocabulary_graph())
    load_reference(reference_files)  # the writer here keeps the IRIs --reference files give, whoever extracts
    paths = list(iter_source_paths(list(sources)))
    if keep_going is None:
        keep_going = len(paths) > 1 or any(Path(s).is_dir() for s in sources if s != "-")
    if not paths:
        raise InputError(f"no articles found in {', '.join(sources)} (looked for .txt, .md and .html files)")
    jobs = plan_jobs(jobs, len(paths))

    def documents() -> Iterator[Document]:
        for path in paths:
            try:
                if str(path) == "-":
                    doc = next(
                        read_documents(
                            ["-"], published=published, url=url, outlet=outlet, encoding=encoding, stdin=stdin
                        )
                    )
                else:
                    doc = read_path(path, published=published, url=url, outlet=outlet, encoding=encoding)
            except InputError as exc:
                if not keep_going:
                    raise
                report.failed.append((str(path), str(exc)))
                continue
            if store.has_document(doc.doc_id, doc.content_hash):
                report.unchanged.append(doc.doc_id)
                if progress:
                    progress(doc, "unchanged")
                continue
            yield doc

    if jobs == 1:
        extractions = extract_each(get_extractor(model, reference_files), documents())
    else:
        extractions = extract_parallel(
            documents(), jobs, model=model, reference_files=reference_files, isolate=True
        )
    waiting: list[tuple[Document, str]] = []  # put, not yet reported: stored at the next flush
    first_waiting = time.monotonic()

    def commit() -> None:
        store.flush()
        for doc, state in waiting:
            if progress:
                progress(doc, state)
        waiting.clear()

    with store.batched():
        for extraction in extractions:
            doc = extraction.document
            if isinstance(extraction, Failure):
                if not keep_going:
                    commit()
                    raise ExtractionError(f"{doc.source}: {extraction.reason}")
                report.failed.append((doc.source, extraction.reason))
                waiting.append((doc, "failed"))
            else:
                existed = store.has_document(doc.doc_id)
                triples = extraction_to_triples(extraction, store.base)
                store.put_document(doc.doc_id, doc.content_hash, triples)
                (report.replaced if existed else report.added).append(doc.doc_id)
                report.written.add(extraction, store.base)
                report.events += len(extraction.events)
                report.tenures += len(extraction.tenures)
                report.entities += len(extraction.entities)
                waiting.append((doc, "replaced" if existed else "added"))
            if len(waiting) == 1:
                first_waiting = time.monotonic()
            held = store.waiting()
            if not held or held >= COMMIT_QUADS or time.monotonic() - first_waiting >= COMMIT_SECONDS:
                commit()
        commit()
    return report


BATCH = 8  # documents per task: enough for spaCy's batching, small enough to keep order cheap
CHUNK = 16  # documents parsed together in one process; a failing chunk is retried one by one


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the OS says, else all)."""
    import os

    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def plan_jobs(requested: int | None, documents: int) -> int:
    """Extraction processes for ``documents`` sources: never more than the cores (a third
    process on two cores only adds a spaCy load and contention: measured 1.8x slower) nor
    than batches of work; by default one per core, but only as many as have a whole batch
    each, since a worker costs a spaCy load, about as much as a batch of short articles."""
    cores = available_cores()
    if requested is not None:
        return max(1, min(requested, cores, -(-documents // BATCH)))
    return max(1, min(cores, documents // BATCH))


def extract_each(
    extractor, documents: Iterable[Document], chunk: int = CHUNK
) -> Iterator[Extraction | Failure]:
    """Extractions in order, with a ``Failure`` in place of each document that could not be
    extracted (its neighbours in the same spaCy batch are extracted again on their own)."""
    items = iter(documents)
    while batch := list(islice(items, chunk)):
        try:
            results: list[Extraction | Failure] = list(extractor.extract_many(batch))
        except Exception:  # which document failed is found next, one by one
            results = []
            for document in batch:
                try:
                    results.extend(extractor.extract_many([document]))
                except Exception as error:  # reported for this document alone
                    results.append(Failure(document, failure_reason(document, error)))
        yield from results


def failure_reason(document: Document, error: BaseException) -> str:
    """One line for a document's failed extraction."""
    from kg.errors import KGError

    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    text = lines[0] if lines else type(error).__name__
    if "[E088]" in text:  # spaCy's max_length
        return (
            f"the text has {len(document.text):,} characters, more than the parser takes at once: "
            "split the article into smaller files"
        )
    if not isinstance(error, KGError):
        text = f"{type(error).__name__}: {text}"
    return f"could not extract facts: {text[:300]}"


def extract_parallel(
    documents: Iterable[Document],
    jobs: int,
    *,
    model: str | None = None,
    reference_files: Sequence[Path] = (),
    batch: int = BATCH,
    isolate: bool = False,
) -> Iterator[Extraction | Failure]:
    """Extractions in input order, computed by ``jobs`` spawned worker processes.

    Documents are read lazily and at most ``2 * jobs`` batches are in flight, so memory does
    not grow with the number of documents. Errors in a worker (e.g. a missing spaCy model)
    are raised here; with ``isolate`` a document whose own extraction fails comes back as
    a ``Failure`` instead.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")  # no forked copies of the parent's state
    references = tuple(str(p) for p in reference_files)
    with ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_start_worker, initargs=(model, references)
    ) as pool:
        pending: deque = deque()
        try:
            items = iter(documents)
            while chunk := list(islice(items, batch)):
                pending.append(pool.submit(_extract_batch, chunk, model, references, isolate))
                if len(pending) >= 2 * jobs:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()


def _start_worker(model: str | None, references: tuple[str, ...]) -> None:
    """Worker set-up: ignore Ctrl-C (the parent handles it), exit when the parent dies (a
    SIGKILLed ingest leaves no workers behind), and load spaCy once."""
    import os
    import signal
    import threading
    from contextlib import suppress

    from kg.errors import KGError

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()

    def exit_with_parent() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=exit_with_parent, name="kg-parent-watch", daemon=True).start()
    with suppress(KGError):  # raised again, picklable, by the first task
        get_extractor(model, tuple(Path(p) for p in references))


def _extract_batch(
    documents: list[Document], model: str | None, references: tuple[str, ...], isolate: bool = False
) -> list[Extraction | Failure]:
    extractor = get_extractor(model, tuple(Path(p) for p in references))
    if isolate:
        return list(extract_each(extractor, documents, chunk=len(documents)))
    return list(extractor.extract_many(documents))
