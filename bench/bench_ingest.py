"""`kg ingest` throughput with --jobs 1 and 2, and peak memory as the folder grows (prints figures).

Builds folders of synthetic articles in a temp dir: each is one of the example articles with
a shifted publication date, its own URL and title, and an added paragraph whose sentences,
names, countries, cities and weekdays vary with the article's number. Every run is a fresh
child process that ingests one folder into a fresh embedded store and reports its wall time
and peak RSS (``getrusage`` of itself and of its reaped worker processes).

    python bench/bench_ingest.py [--sizes 100,500] [--jobs 1,2,auto]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "articles"

FIRST = ["Anna", "Pavel", "Laura", "Tomas", "Mira", "Jonas", "Elena", "Rafael", "Ingrid", "Omar",
         "Sofia", "Daniel", "Amara", "Kenji", "Lucia", "Viktor"]  # fmt: skip
LAST = ["Kovacs", "Lindqvist", "Moreau", "Okafor", "Haddad", "Nakamura", "Silva", "Brennan",
        "Varga", "Castellano", "Novak", "Mensah", "Ferreira", "Holm", "Aziz", "Keller"]  # fmt: skip
COUNTRIES = ["France", "Germany", "Japan", "Brazil", "India", "Kenya", "Poland", "Egypt",
             "Canada", "Mexico", "Norway", "Indonesia", "Chile", "Vietnam"]  # fmt: skip
CITIES = ["Geneva", "Vienna", "Oslo", "Doha", "Nairobi", "Jakarta", "Lisbon", "Helsinki"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
SENTENCES = [
    "{a}, the foreign minister of {c1}, met {b}, the foreign minister of {c2}, in {city} on {day}.",
    "{c1} and {c2} held talks in {city} on {day}, officials from both governments said.",
    "{a} said on {day} that {c1} would not accept new sanctions against {c2}.",
    "{c1} summoned the ambassador of {c2} on {day} after the incident near the border.",
    "{a} spoke by phone with {b} on {day}, the ministry in {city} said in a statement.",
    "Delegations from {c1} and {c2} are expected to meet again in {city} next month.",
]


def synthetic_article(template: str, number: int) -> str:
    """One example article turned into a distinct one (date, URL, title, an extra paragraph)."""
    rng = random.Random(number)
    _, front, body = template.split("---\n", 2)
    meta = dict(line.split(": ", 1) for line in front.strip().splitlines())
    published = dt.date.fromisoformat(meta["published"]) + dt.timedelta(days=number % 900)
    meta["published"] = published.isoformat()
    meta["url"] = f"{meta['url']}-{number}"
    meta["title"] = f"{meta['title']} ({number})"
    c1, c2 = rng.sample(COUNTRIES, 2)
    words = {
        "a": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "b": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        "c1": c1, "c2": c2, "city": rng.choice(CITIES), "day": rng.choice(DAYS),
    }  # fmt: skip
    extra = " ".join(s.format(**words) for s in rng.sample(SENTENCES, 3))
    head = "".join(f"{k}: {v}\n" for k, v in meta.items())
    return f"---\n{head}---\n{body.rstrip()}\n\n{extra}\n"


def make_folder(folder: Path, count: int) -> int:
    """``count`` articles in ``folder``; returns the number of words."""
    templates = [p.read_text("utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    folder.mkdir(parents=True, exist_ok=True)
    words = 0
    for number in range(count):
        text = synthetic_article(templates[number % len(templates)], number)
        (folder / f"{number:05d}.txt").write_text(text, "utf-8")
        words += len(text.split())
    return words


def _du(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def child(folder: str, jobs: int | None, store_path: str) -> None:
    """Runs in a fresh process: ingest, then print figures as JSON."""
    import io

    import pyoxigraph as ox

    import kg.ontology.convert as convert
    from kg.pipeline import ingest
    from kg.store import open_store

    spent = [0.0]

    def timed(function):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - start

        return wrapper

    convert.extraction_to_triples = timed(convert.extraction_to_triples)
    started = time.perf_counter()
    with open_store(store_path) as store:
        store.put_document = timed(store.put_document)
        store.flush = timed(store.flush)  # where a batch of documents is written
        report = ingest([folder], store, jobs=jobs)
    seconds = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the largest reaped worker
    disk_mb = _du(Path(store_path))
    with open_store(store_path, read_only=True) as store:
        dump = io.BytesIO()
        store.raw.dump(dump, format=ox.RdfFormat.N_QUADS)
        quads = len(store.raw)
    bulk_path = Path(store_path + "-bulk")
    bulk = ox.Store(str(bulk_path))
    start = time.perf_counter()
    bulk.bulk_load(dump.getvalue(), format=ox.RdfFormat.N_QUADS)
    bulk.flush()
    bulk_s = time.perf_counter() - start
    del bulk
    print(json.dumps({"seconds": seconds, "documents": len(report.added), "failed": len(report.failed),
                      "self_kib": own, "worker_kib": workers, "write_s": spent[0], "quads": quads,
                      "bulk_s": bulk_s, "disk_mb": disk_mb, "bulk_mb": _du(bulk_path)}))  # fmt: skip


def measure(folder: Path, jobs: int | None, tmp: Path) -> dict:
    store = tmp / f"store-{folder.name}-{jobs}"
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(folder), str(jobs or "auto"), str(store)],
        capture_output=True, text=True,
    )  # fmt: skip
    if out.returncode != 0:
        sys.exit(f"ingest of {folder} with --jobs {jobs} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,500", help="folder sizes (articles), comma-separated")
    parser.add_argument("--jobs", default="1,2", help="--jobs values, comma-separated; auto: the default")
    parser.add_argument("--child", nargs=3, metavar=("FOLDER", "JOBS", "STORE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], None if args.child[1] == "auto" else int(args.child[1]), args.child[2])
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    jobs_list = [None if j == "auto" else int(j) for j in args.jobs.split(",")]
    with tempfile.TemporaryDirectory(prefix="kg-bench-ingest-") as name:
        tmp = Path(name)
        print(f"{'articles':>8} {'words':>7} {'jobs':>4} {'seconds':>8} {'articles/s':>10} "
              f"{'parent MiB':>10} {'worker MiB':>10} | {'quads':>7} {'write s':>7} {'share':>5} "
              f"{'kg q/s':>7} {'bulk q/s':>8} {'rate':>5} {'kg MB':>6} {'bulk MB':>7} "
              f"{'disk':>5}")  # fmt: skip
        for size in sizes:
            folder = tmp / f"articles-{size}"
            words = make_folder(folder, size)
            for jobs in jobs_list:
                r = measure(folder, jobs, tmp)
                assert r["documents"] == size and r["failed"] == 0, r
                worker = f"{r['worker_kib'] / 1024:10.0f}" if r["worker_kib"] else f"{'-':>10}"
                label = jobs or "auto"
                kg_rate, bulk_rate = r["quads"] / r["write_s"], r["quads"] / r["bulk_s"]
                print(f"{size:>8} {words:>7} {label:>4} {r['seconds']:>8.1f} {size / r['seconds']:>10.1f} "
                      f"{r['self_kib'] / 1024:>10.0f} {worker} | {r['quads']:>7} {r['write_s']:>7.2f} "
                      f"{r['write_s'] / r['seconds']:>5.0%} {kg_rate:>7,.0f} {bulk_rate:>8,.0f} "
                      f"{kg_rate / bulk_rate:>5.2f} {r['disk_mb']:>6.1f} {r['bulk_mb']:>7.1f} "
                      f"{r['disk_mb'] / r['bulk_mb']:>5.2f}", flush=True)  # fmt: skip
    print("seconds include process start-up and loading spaCy (once per process); peak RSS from "
          "getrusage: the parent, and the largest worker process")  # fmt: skip
    print("write s: extraction → quads → store (put_document, and the flushes that bulk-load the "
          "waiting documents), share: of the "
          "ingest's seconds; rate and disk: kg ÷ pyoxigraph bulk_load of the same stored quads")  # fmt: skip


if __name__ == "__main__":
    main()
