"""Benchmark: the write path, bulk load and the bundled queries, embedded Oxigraph vs rdflib.

Builds synthetic documents shaped like ours (the document node, the entities it mentions,
events with 2–4 participants, participations, tenures, mentions and text spans; some summits
also reported as a meeting of the same day, place and participants), writes them with
``put_document`` (the write path below: batched as ingest batches, and one transaction per
document; then ``kg compact`` of the batched store, alone and added to the batched writes)
and times each bundled query on that store through kg's API and through raw pyoxigraph (the
API's overhead), on rdflib holding the same quads, and optionally with the query text of an
earlier revision (``--before REV``, the rows compared) or on the former shape (each
document's graph restating what it mentions, bulk-loaded).
Every query runs in a forked child, so a slow one is cut off at ``--timeout`` seconds and
reported as "> Ns": the table is always complete. Prints figures; not a test.

    .venv/bin/python bench/bench_store.py --triples 1000000 --no-rdflib --before 8c7d309
"""

from __future__ import annotations

import argparse
import hashlib
import io
import multiprocessing
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pyoxigraph as ox

from kg.pipeline import COMMIT_QUADS
from kg.store import named_queries, named_query
from kg.store.embedded import OxigraphStore
from kg.store.memory import MemoryStore
from kg.store.prefixes import DEFAULT_BASE, WELL_KNOWN

B = DEFAULT_BASE
DIP, DIPT = WELL_KNOWN["dip"], WELL_KNOWN["dipt"]
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ORG, PROV = WELL_KNOWN["org"], WELL_KNOWN["prov"]
SCHEMA, DCT = WELL_KNOWN["schema"], WELL_KNOWN["dcterms"]
XSD = WELL_KNOWN["xsd"]
CATEGORIES = {
    "Meeting": ("MeetingThirdLocation", "044"), "Visit": ("Visit", "042"),
    "Talks": ("Negotiation", "046"), "Summit": ("Summit", "040"),
    "PhoneCall": ("PhoneCall", "041"), "Warning": ("Warning", "130"),
    "Sanction": ("Sanction", "163"), "Statement": ("Accusation", "112"),
}  # fmt: skip
MODALITIES = ["Asserted"] * 8 + ["Negated", "Future"]


def _event(
    q, g: str, suffix: str, day: str, category: str, modality: str, agents: list[str], place: str
) -> str:
    """The shared description of one event; returns its key."""
    etype, cameo = CATEGORIES[category]
    key = f"{etype.lower()}-{suffix}"
    e = f"<{B}event/{key}>"
    q(e, RDF_TYPE, f"<{DIP}Event>", g)
    q(e, LABEL, f'"{etype} {key}"', g)
    q(e, f"{DIP}eventType", f"<{DIPT}{etype}>", g)
    q(e, f"{DIP}category", f"<{DIPT}{category}>", g)
    q(e, f"{DIP}cameoCode", f'"{cameo}"', g)
    q(e, f"{DIP}modality", f"<{DIP}{modality}>", g)
    q(e, f"{DIP}date", f'"{day}"^^<{XSD}date>', g)
    q(e, f"{DIP}place", f"<{B}{place}>", g)
    for a in agents:
        part = f"<{B}participation/{key}--{a.split('/')[1]}>"
        q(e, f"{DIP}hasParticipant", f"<{B}{a}>", g)
        q(e, f"{DIP}participation", part, g)
        q(part, RDF_TYPE, f"<{DIP}Participation>", g)
        q(part, f"{DIP}agent", f"<{B}{a}>", g)
    return key


def synthetic_nquads(target: int, seed: int = 7) -> tuple[bytes, int, int]:
    """N-Quads text of about ``target`` triples; returns (data, triples, documents)."""
    rng = random.Random(seed)
    twins = random.Random(seed + 1)  # its own stream: the other events stay as they were
    countries = [f"country/c{i}" for i in range(200)]
    people = [f"person/p{i}" for i in range(max(100, target // 400))]
    orgs = [f"org/o{i}" for i in range(max(50, target // 2000))]
    places = [f"place/l{i}" for i in range(max(50, target // 4000))]
    home = {e: rng.choice(countries) for e in people + orgs + places}
    kinds = {"person": "Person", "org": "GovernmentBody", "place": "City", "country": "Country"}
    lines: list[str] = []
    count = doc_index = 0

    def q(s: str, p: str, o: str, g: str) -> None:
        nonlocal count
        lines.append(f"{s} <{p}> {o} {g} .\n")
        count += 1

    while count < target:
        d = f"d{doc_index}"
        doc_index += 1
        g, doc = f"<{B}graph/{d}>", f"<{B}doc/{d}>"
        day = f"2022-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        q(doc, RDF_TYPE, f"<{DIP}SourceDocument>", g)
        q(doc, f"{DCT}title", f'"Synthetic article {d}"', g)
        q(doc, f"{DIP}outletName", f'"Outlet {doc_index % 40}"', g)
        q(doc, f"{SCHEMA}datePublished", f'"{day}"^^<{XSD}date>', g)
        q(doc, f"{DIP}contentHash", f'"h{d}"', g)
        mentioned: set[str] = set()
        mentions: list[tuple[str, str, int]] = []
        for _ in range(rng.randint(2, 6)):
            category = rng.choice(list(CATEGORIES))
            agents = rng.sample(people + orgs + countries[:40], rng.randint(2, 4))
            place = rng.choice(places)
            reports = [(category, rng.choice(MODALITIES), agents)]
            if category == "Summit" and twins.random() < 0.3:  # the summit also reported as a meeting
                reports.append(("Meeting", "Asserted", agents if twins.random() < 0.8 else agents[1:]))
            for category, modality, who in reports:
                key = _event(q, g, f"{day}-{d}-{len(mentions)}", day, category, modality, who, place)
                mentions.append((key, CATEGORIES[category][0], rng.randint(50, 99)))
                mentioned.update([*who, place])
        for n, (key, etype, confidence) in enumerate(mentions):
            m, span = f"<{B}mention/{d}/{n}>", f"<{B}span/{d}/{n * 100}-{n * 100 + 90}>"
            q(m, RDF_TYPE, f"<{DIP}Mention>", g)
            q(m, f"{DIP}about", f"<{B}event/{key}>", g)
            q(m, f"{PROV}wasDerivedFrom", doc, g)
            q(m, f"{DIP}evidenceSpan", span, g)
            q(m, f"{DIP}sentence", f'"Sentence {n} of {d} reporting the {etype.lower()}."', g)
            q(m, f"{DIP}confidence", f'"0.{confidence}"^^<{XSD}decimal>', g)
            q(span, RDF_TYPE, f"<{DIP}TextSpan>", g)
        person = rng.choice(people)
        t = f"<{B}tenure/{person.split('/')[1]}--minister>"
        q(t, RDF_TYPE, f"<{DIP}Tenure>", g)
        q(t, f"{ORG}member", f"<{B}{person}>", g)
        q(t, f"{DIP}roleName", '"minister"', g)
        q(t, f"{DIP}country", f"<{B}{home[person]}>", g)
        q(t, f"{DIP}observedAt", f'"{day}"^^<{XSD}date>', g)
        mentioned.add(person)
        for ent in sorted(mentioned):
            kind = kinds[ent.split("/")[0]]
            q(f"<{B}{ent}>", RDF_TYPE, f"<{DIP}{kind}>", g)
            q(f"<{B}{ent}>", LABEL, f'"{ent.split("/")[1].upper()}"', g)
            if ent in home:
                q(f"<{B}{ent}>", f"{DIP}country", f"<{B}{home[ent]}>", g)
    return "".join(lines).encode("utf-8"), count, doc_index


def _du(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def documents_of(data: bytes) -> list[tuple[str, list]]:
    """(doc id, its triples as pyoxigraph terms) per document graph of the synthetic data."""
    prefix = f"{B}graph/"
    docs: dict[str, list] = {}
    for q in ox.parse(data, format=ox.RdfFormat.N_QUADS):
        docs.setdefault(q.graph_name.value[len(prefix) :], []).append((q.subject, q.predicate, q.object))
    return list(docs.items())


def _put_all(docs: list[tuple[str, list]], path: Path, per_commit: int) -> float:
    """Seconds to put every document and close; ``per_commit`` > 0 batches as ingest does
    (a flush once that many quads wait), 0 writes one transaction per document."""
    store = OxigraphStore(path)
    started = time.perf_counter()
    if per_commit:
        with store.batched():
            for doc_id, triples in docs:
                store.put_document(doc_id, f"h{doc_id}", triples)
                if store.waiting() >= per_commit:
                    store.flush()
    else:
        for doc_id, triples in docs:
            store.put_document(doc_id, f"h{doc_id}", triples)
    store.close()
    return time.perf_counter() - started


def write_path(data: bytes, folder: Path, per_commit: int) -> bytes:
    """kg's put_document, batched as ingest does and one transaction per document, vs
    pyoxigraph bulk_load of the same stored quads."""
    docs = documents_of(data)
    given = sum(len(t) for _, t in docs)
    batched_s = _put_all(docs, folder / "kg", per_commit)
    single_s = _put_all(docs, folder / "kg-single", 0)
    reopened = OxigraphStore(folder / "kg")  # RocksDB drops its write-ahead log on reopening
    dump = io.BytesIO()
    reopened.raw.dump(dump, format=ox.RdfFormat.N_QUADS)
    stored = len(reopened.raw)
    reopened.close()
    single = OxigraphStore(folder / "kg-single")
    single_dump = io.BytesIO()
    single.raw.dump(single_dump, format=ox.RdfFormat.N_QUADS)
    single.close()
    same = sorted(dump.getvalue().splitlines()) == sorted(single_dump.getvalue().splitlines())
    bulk = ox.Store(str(folder / "bulk"))
    started = time.perf_counter()
    bulk.bulk_load(dump.getvalue(), format=ox.RdfFormat.N_QUADS)
    bulk.flush()
    bulk_s = time.perf_counter() - started
    del bulk
    bulk_mb = _du(folder / "bulk")
    with OxigraphStore(folder / "kg") as batched:  # kg compact of the batched store
        started = time.perf_counter()
        batched.compact_into(folder / "kg-compact")
        compact_s = time.perf_counter() - started
    print(f"write path: {len(docs):,} documents, {given:,} triples given, {stored:,} quads stored "
          "(descriptions once, plus each document's kgs: record); "
          f"batched and single stores hold the same quads: {same}")  # fmt: skip
    print(f"{'':<40} {'quads/s':>10} {'÷ bulk':>7} {'disk MB':>9} {'÷ bulk':>7}")
    rows = [(f"kg put_document, batched ({per_commit:,} quads)", batched_s, _du(folder / "kg")),
            ("kg put_document, 1 transaction/doc", single_s, _du(folder / "kg-single")),
            ("pyoxigraph bulk_load", bulk_s, bulk_mb),
            ("kg compact of the batched store", compact_s, _du(folder / "kg-compact")),
            ("batched, then kg compact", batched_s + compact_s, _du(folder / "kg-compact"))]  # fmt: skip
    for name, seconds, mb in rows:
        rate, size = bulk_s / seconds, mb / bulk_mb
        print(f"{name:<40} {stored / seconds:>10,.0f} {rate:>7.2f} {mb:>9.1f} {size:>7.2f}")
    print()
    shutil.rmtree(folder / "kg-single", ignore_errors=True)
    shutil.rmtree(folder / "kg-compact", ignore_errors=True)
    return dump.getvalue()


def _time(fn) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


Timing = tuple[float, int, str] | str  # (seconds, rows, digest of the rows in order), or why not


def _digest(result) -> str:
    """The rows of a QueryResult in order, as one hash: equal digests, identical answers."""
    text = "\n".join(
        "\t".join("" if row.get(v) is None else row[v].n3() for v in result.variables) for row in result.rows
    )
    return hashlib.sha256(f"{result.variables}\n{text}".encode()).hexdigest()[:12]


def _kg_api(path: Path, text: str):
    """kg's Store.query on a read-only handle (what kg query and the serve workers use)."""
    store = OxigraphStore(path, read_only=True)
    return lambda: store.query(text)


def _raw(path: Path, text: str):
    """pyoxigraph alone, every value of every row taken: the floor kg's API adds to."""
    store = ox.Store.read_only(str(path))

    def run() -> int:
        solutions = store.query(text, use_default_graph_as_union=True)
        names = [v.value for v in solutions.variables]
        return len([tuple(s[n] for n in names) for s in solutions])

    return run


def _child(prepare, conn) -> None:
    try:
        work = prepare()
        start = time.perf_counter()
        answer = work()
        elapsed = time.perf_counter() - start
        if isinstance(answer, int):  # raw pyoxigraph: a row count
            conn.send((elapsed, answer, ""))
        else:
            conn.send((elapsed, len(answer.rows), _digest(answer)))
    except Exception as error:  # reported in the table
        conn.send(f"error: {str(error).splitlines()[0][:60]}")


def _in_child(prepare, timeout: float) -> Timing:
    """Run ``prepare()()`` in a forked child (it shares what the parent loaded) and time the
    second call; past ``timeout`` seconds the child is killed and the answer says so."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(prepare, child))
    process.start()
    answer: Timing = f"> {timeout:.0f}s"
    if parent.poll(timeout):
        try:
            answer = parent.recv()
        except EOFError:
            answer = "error: the child died"
    process.kill()
    process.join()
    return answer


def _texts_at(revision: str) -> dict[str, str | None]:
    """The bundled queries' text at a git revision (None where the query did not exist)."""
    root = Path(__file__).resolve().parent.parent
    texts: dict[str, str | None] = {}
    for name in named_queries():
        shown = subprocess.run(["git", "show", f"{revision}:kg/store/queries/{name}.rq"],
                               cwd=root, capture_output=True, text=True, check=False)  # fmt: skip
        texts[name] = shown.stdout if shown.returncode == 0 else None
    return texts


def _cell(timing: Timing | None) -> str:
    if timing is None:
        return "-"
    return timing if isinstance(timing, str) else f"{timing[0]:.3f}s"


def _ratio(top: Timing | None, bottom: Timing | None) -> str:
    if isinstance(top, tuple) and isinstance(bottom, tuple) and bottom[0] > 0:
        return f"{top[0] / bottom[0]:.2f}x"
    return "-"


def _same(a: Timing | None, b: Timing | None) -> str:
    if isinstance(a, tuple) and isinstance(b, tuple):
        return "yes" if a[1:] == b[1:] else f"NO ({a[1]:,})"
    return "-"


def query_table(path: Path, args, memory: MemoryStore | None, old_path: Path | None) -> None:
    """Each bundled query timed in a child: before (``--before``), after (kg API), raw
    pyoxigraph, rdflib, the former shape; rows compared by digest."""
    before = _texts_at(args.before) if args.before else {}
    head = (f"{'query':<20} {'rows':>8} {'before':>9} {'after':>9} {'raw ox':>9} {'api/raw':>8} "
            f"{'same':>5} {'rdflib':>9} {'same':>5} {'old shape':>9}")  # fmt: skip
    print(head)
    for name in named_queries():
        text = named_query(name)
        after = _in_child(lambda text=text: _kg_api(path, text), args.timeout)
        raw = _in_child(lambda text=text: _raw(path, text), args.timeout)
        old_text, limit = before.get(name), args.timeout
        then = None if old_text is None else _in_child(lambda t=old_text: _kg_api(path, t), limit)
        rdf = None if memory is None else _in_child(lambda text=text: lambda: memory.query(text), limit)
        shape = None if old_path is None else _in_child(lambda text=text: _kg_api(old_path, text), limit)
        rows = f"{after[1]:,}" if isinstance(after, tuple) else "-"
        print(f"{name:<20} {rows:>8} {_cell(then):>9} {_cell(after):>9} {_cell(raw):>9} "
              f"{_ratio(after, raw):>8} {_same(then, after):>5} {_cell(rdf):>9} {_same(rdf, after):>5} "
              f"{_cell(shape):>9}")  # fmt: skip
    print(
        f"before: the query text at {args.before or '(--before REV)'}; after: today's, through kg's "
        "Store.query; raw ox: pyoxigraph alone; same: identical rows in the same order as after; "
        f"old shape (--old-shape): each document restating its entities; cut off at {args.timeout:g}s"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--timeout", type=float, default=60.0, help="per query and backend, seconds")
    parser.add_argument("--no-rdflib", action="store_true", help="only the embedded store")
    parser.add_argument("--write-only", action="store_true", help="only the write path")
    parser.add_argument(
        "--per-commit",
        type=int,
        default=COMMIT_QUADS,
        help="quads waiting before a flush in the batched write path (default: ingest's)",
    )
    parser.add_argument(
        "--before",
        metavar="REV",
        help="also time the bundled queries' text at this git revision, rows compared",
    )
    parser.add_argument(
        "--old-shape",
        action="store_true",
        help="also time the queries on the former shape (slow: its copies multiply rows)",
    )
    args = parser.parse_args(argv)

    seconds, (data, triples, docs) = _time(lambda: synthetic_nquads(args.triples))
    print(f"synthetic data: {triples:,} triples in {docs:,} document graphs ({seconds:.1f}s)")

    folder = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        written = write_path(data, folder, args.per_commit)
        if args.write_only:
            return
        old_path = None
        if args.old_shape:
            old_path = folder / "old"
            old = OxigraphStore(old_path)
            seconds, _ = _time(lambda: old.raw.bulk_load(data, format=ox.RdfFormat.N_QUADS))
            old.close()
            print(f"old shape (each document restates what it mentions) bulk_load: {seconds:.2f}s "
                  f"({triples / seconds:,.0f} triples/s)")  # fmt: skip
        memory = None
        if not args.no_rdflib:
            memory = MemoryStore()
            seconds, _ = _time(lambda: memory.dataset.parse(data=written, format="nquads"))
            print(f"rdflib parse of the kg store: {seconds:.2f}s  ({triples / seconds:,.0f} triples/s)")
        print()
        query_table(folder / "kg", args, memory, old_path)  # the store the write path made: facts once
        print()
        embedded = OxigraphStore(folder / "kg", read_only=True)
        seconds, _ = _time(lambda: embedded.export("turtle", io.BytesIO()))
        print(f"embedded export turtle (index order, deterministic): {seconds:.2f}s")
        seconds, _ = _time(embedded.union_graph)
        print(f"embedded union_graph() → rdflib: {seconds:.2f}s")
        embedded.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
