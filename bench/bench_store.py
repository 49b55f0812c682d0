"""Benchmark: the write path, bulk load and the bundled queries, embedded Oxigraph vs rdflib.

Builds synthetic documents shaped like ours (the document node, the entities it mentions,
events with 2–4 participants, participations, tenures, mentions and text spans), writes them
with ``put_document`` (the write path below) and times each bundled query on that store, on
rdflib holding the same quads, and on the former shape (each document's graph restating
what it mentions, bulk-loaded) side by side. rdflib queries run in a forked child so a slow
one can be cut off at ``--timeout`` seconds and reported as "> Ns". Prints figures; not a test.

    .venv/bin/python bench/bench_store.py --triples 1000000 --timeout 60
"""

from __future__ import annotations

import argparse
import io
import multiprocessing
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pyoxigraph as ox

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


def synthetic_nquads(target: int, seed: int = 7) -> tuple[bytes, int, int]:
    """N-Quads text of about ``target`` triples; returns (data, triples, documents)."""
    rng = random.Random(seed)
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
        for n in range(rng.randint(2, 6)):
            category = rng.choice(list(CATEGORIES))
            etype, cameo = CATEGORIES[category]
            agents = rng.sample(people + orgs + countries[:40], rng.randint(2, 4))
            place = rng.choice(places)
            key = f"{etype.lower()}-{day}-{d}-{n}"
            e = f"<{B}event/{key}>"
            q(e, RDF_TYPE, f"<{DIP}Event>", g)
            q(e, LABEL, f'"{etype} {key}"', g)
            q(e, f"{DIP}eventType", f"<{DIPT}{etype}>", g)
            q(e, f"{DIP}category", f"<{DIPT}{category}>", g)
            q(e, f"{DIP}cameoCode", f'"{cameo}"', g)
            q(e, f"{DIP}modality", f"<{DIP}{rng.choice(MODALITIES)}>", g)
            q(e, f"{DIP}date", f'"{day}"^^<{XSD}date>', g)
            q(e, f"{DIP}place", f"<{B}{place}>", g)
            mentioned.update([*agents, place])
            for a in agents:
                part = f"<{B}participation/{key}--{a.split('/')[1]}>"
                q(e, f"{DIP}hasParticipant", f"<{B}{a}>", g)
                q(e, f"{DIP}participation", part, g)
                q(part, RDF_TYPE, f"<{DIP}Participation>", g)
                q(part, f"{DIP}agent", f"<{B}{a}>", g)
            m, span = f"<{B}mention/{d}/{n}>", f"<{B}span/{d}/{n * 100}-{n * 100 + 90}>"
            q(m, RDF_TYPE, f"<{DIP}Mention>", g)
            q(m, f"{DIP}about", e, g)
            q(m, f"{PROV}wasDerivedFrom", doc, g)
            q(m, f"{DIP}evidenceSpan", span, g)
            q(m, f"{DIP}sentence", f'"Sentence {n} of {d} reporting the {etype.lower()}."', g)
            q(m, f"{DIP}confidence", f'"0.{rng.randint(50, 99)}"^^<{XSD}decimal>', g)
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


def write_path(data: bytes, folder: Path) -> bytes:
    """kg's put_document per document vs pyoxigraph bulk_load of the same stored quads."""
    docs = documents_of(data)
    given = sum(len(t) for _, t in docs)
    store = OxigraphStore(folder / "kg")
    started = time.perf_counter()
    for doc_id, triples in docs:
        store.put_document(doc_id, f"h{doc_id}", triples)
    store.close()
    kg_s = time.perf_counter() - started
    reopened = OxigraphStore(folder / "kg")  # RocksDB drops its write-ahead log on reopening
    dump = io.BytesIO()
    reopened.raw.dump(dump, format=ox.RdfFormat.N_QUADS)
    stored = len(reopened.raw)
    reopened.close()
    kg_mb = _du(folder / "kg")
    bulk = ox.Store(str(folder / "bulk"))
    started = time.perf_counter()
    bulk.bulk_load(dump.getvalue(), format=ox.RdfFormat.N_QUADS)
    bulk.flush()
    bulk_s = time.perf_counter() - started
    del bulk
    bulk_mb = _du(folder / "bulk")
    print(f"write path: {len(docs):,} documents, {given:,} triples given, {stored:,} quads stored "
          "(descriptions once, plus each document's kgs: record)")  # fmt: skip
    print(f"{'':<28} {'quads/s':>10} {'disk MB':>9}")
    print(f"{'kg put_document (1 tx/doc)':<28} {stored / kg_s:>10,.0f} {kg_mb:>9.1f}")
    print(f"{'pyoxigraph bulk_load':<28} {stored / bulk_s:>10,.0f} {bulk_mb:>9.1f}")
    print(f"{'kg / bulk_load':<28} {(stored / kg_s) / (stored / bulk_s):>10.2f} {kg_mb / bulk_mb:>9.2f}")
    print()
    return dump.getvalue()


def _time(fn) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def _child(store: MemoryStore, text: str, conn) -> None:
    start = time.perf_counter()
    rows = len(store.query(text).rows)
    conn.send((time.perf_counter() - start, rows))


def _rdflib_query(store: MemoryStore, text: str, timeout: float) -> tuple[float | None, int | None]:
    """Run in a forked child (shares the loaded dataset) so it can be cut off."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(store, text, child))
    process.start()
    if parent.poll(timeout):
        elapsed, rows = parent.recv()
        process.join()
        return elapsed, rows
    process.kill()
    process.join()
    return None, None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--timeout", type=float, default=60.0, help="per rdflib query, seconds")
    parser.add_argument("--no-rdflib", action="store_true", help="only the embedded store")
    parser.add_argument("--write-only", action="store_true", help="only the write path")
    parser.add_argument("--old-shape", action="store_true",
                        help="also time the queries on the former shape (slow: its copies multiply rows)")
    args = parser.parse_args(argv)

    seconds, (data, triples, docs) = _time(lambda: synthetic_nquads(args.triples))
    print(f"synthetic data: {triples:,} triples in {docs:,} document graphs ({seconds:.1f}s)")

    folder = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        written = write_path(data, folder)
        if args.write_only:
            return
        old = None
        if args.old_shape:
            old = OxigraphStore(folder / "old")
            seconds, _ = _time(lambda: old.raw.bulk_load(data, format=ox.RdfFormat.N_QUADS))
            print(f"old shape (each document restates what it mentions) bulk_load: {seconds:.2f}s "
                  f"({triples / seconds:,.0f} triples/s)")  # fmt: skip
        embedded = OxigraphStore(folder / "kg")  # the store the write path made: facts once
        memory = None
        if not args.no_rdflib:
            memory = MemoryStore()
            seconds, _ = _time(lambda: memory.dataset.parse(data=written, format="nquads"))
            print(f"rdflib parse of the kg store: {seconds:.2f}s  ({triples / seconds:,.0f} triples/s)")

        print()
        print(f"{'query':<22} {'rows':>8} {'old shape':>10} {'oxigraph':>10} {'rdflib':>10} {'ratio':>8}")
        for name in named_queries():
            text = named_query(name)
            ox_s, result = _time(lambda text=text: embedded.query(text))
            rows = len(result.rows)
            before = f"{'-':>10}"
            if old is not None:
                old_s, _ = _time(lambda text=text: old.query(text))
                before = f"{old_s:>9.3f}s"
            if memory is None:
                print(f"{name:<22} {rows:>8,} {before} {ox_s:>9.3f}s {'-':>10} {'-':>8}")
                continue
            rd_s, rd_rows = _rdflib_query(memory, text, args.timeout)
            if rd_s is None:
                rd_text, ratio = f"> {args.timeout:.0f}s", f"> {args.timeout / ox_s:.0f}x"
            else:
                rd_text, ratio = f"{rd_s:.3f}s", f"{rd_s / ox_s:.1f}x"
                if rd_rows != rows:
                    ratio += f" (rows differ: {rd_rows:,})"
            print(f"{name:<22} {rows:>8,} {before} {ox_s:>9.3f}s {rd_text:>10} {ratio:>8}")
        print("old shape (--old-shape): today's query text on the same data with each document "
              "restating its entities (the former store, bulk-loaded): its copies multiply rows; "
              "oxigraph: the store the write path made")  # fmt: skip
        if old is not None:
            old.close()
        print()
        seconds, _ = _time(lambda: embedded.export("turtle", io.BytesIO()))
        print(f"embedded export turtle (sorted, deterministic): {seconds:.2f}s")
        seconds, _ = _time(embedded.union_graph)
        print(f"embedded union_graph() → rdflib: {seconds:.2f}s")
        embedded.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
