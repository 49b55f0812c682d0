"""Benchmark: ``kg export`` of a ~300 k-triple embedded store against pyoxigraph's own
serializer of the same quads, time and peak memory side by side (issue 13: ≤ 1.3× the time,
≤ 1.5× the memory, the same deterministic bytes).

Each run is a child process (``kg export`` itself, or ``python -c`` for the yardstick) started
from a fresh bench process: wall clock around it and ``getrusage(RUSAGE_CHILDREN).ru_maxrss``,
which is then that one child's peak RSS. Runs of kg and of the yardstick are
interleaved and the median of ``--repeat`` is printed. Yardsticks: for TriG and N-Quads
(everything, graphs kept) ``Store.dump`` of the store; for Turtle, N-Triples and JSON-LD
(the union without the store's bookkeeping) ``pyoxigraph.serialize`` of the store's quads as
triples with the bookkeeping filtered out, the project prefixes given. The yardsticks write
in index order and do not name blank nodes canonically; kg's output does (and writes each
triple once for the union formats). ``--before REV`` also times ``kg export`` of the checkout
at git revision REV (its ``kg`` package first on PYTHONPATH), side by side in the same run.
Prints figures; not a test.

    .venv/bin/python bench/bench_export.py --triples 300000 --repeat 3 [--before 8c7d309]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

FORMATS = ["turtle", "ntriples", "nquads", "trig", "jsonld"]
KG = str(ROOT / ".venv" / "bin" / "kg")

YARDSTICK = """
import sys
import pyoxigraph as ox
from kg.store.formats import EXPORT_FORMATS, DATASET_FORMATS, export_prefixes
from kg.store.prefixes import DEFAULT_BASE
folder, fmt, target = sys.argv[1:]
store = ox.Store.read_only(folder)
kgs = "https://w3id.org/kg-diplomacy/store#"
bookkeeping = {ox.NamedNode(kgs + "describes"), ox.NamedNode(kgs + "states")}
with open(target, "wb") as out:
    if fmt in DATASET_FORMATS:
        prefixes = None if fmt == "nquads" else export_prefixes(DEFAULT_BASE)
        store.dump(out, EXPORT_FORMATS[fmt], prefixes=prefixes)
    else:
        triples = (q.triple for q in store if q.predicate not in bookkeeping)
        prefixes = None if fmt == "ntriples" else export_prefixes(DEFAULT_BASE)
        ox.serialize(triples, out, EXPORT_FORMATS[fmt], prefixes=prefixes)
"""


def run(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """(wall seconds, peak RSS in MiB) of one child process."""
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env=env)
    seconds = time.perf_counter() - start
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def measure(kind: str, folder: str, fmt: str, target: str) -> tuple[float, float]:
    """One run, in a fresh bench process so RUSAGE_CHILDREN holds only that child."""
    out = subprocess.run(
        [sys.executable, __file__, "--only", kind, folder, fmt, target],
        check=True, capture_output=True, text=True, cwd=ROOT,
    ).stdout.split()  # fmt: skip
    return float(out[0]), float(out[1])


def only(kind: str, folder: str, fmt: str, target: str) -> None:
    env = None
    if kind == "pyoxigraph":
        argv = [sys.executable, "-c", YARDSTICK, folder, fmt, target]
    else:  # "kg", or "before:DIR" (a checkout whose kg package goes first on the path)
        argv = [KG, "export", "-f", fmt, "-o", target, "--store", folder]
        if kind.startswith("before:"):
            env = {**os.environ, "PYTHONPATH": kind.removeprefix("before:")}
    seconds, mib = run(argv, env)
    print(f"{seconds:.3f} {mib:.1f}")


def checkout(rev: str, folder: Path) -> str:
    """The kg package and data of git revision ``rev``, unpacked into ``folder``."""
    archive = subprocess.run(
        ["git", "archive", rev, "kg", "ontologies"], check=True, capture_output=True, cwd=ROOT
    )
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return str(folder)


def digest(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--before", metavar="REV", help="also time kg export of this git revision")
    parser.add_argument("--store", help="reuse this store folder (made by this bench) instead of a new one")
    parser.add_argument("--only", nargs=4, metavar=("KIND", "DIR", "FMT", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.only:
        only(*args.only)
        return
    with tempfile.TemporaryDirectory(prefix="kg-bench-export-") as tmp:
        folder = args.store or str(Path(tmp) / "store")
        if not args.store:
            from synthetic_store import load_store

            store, triples, docs = load_store(args.triples, folder)
            store.close()
            print(f"store: {triples:,} synthetic triples + the vocabulary, {docs} documents")
        kinds = ["kg", "pyoxigraph"]
        if args.before:
            (Path(tmp) / "before").mkdir()
            kinds.append("before:" + checkout(args.before, Path(tmp) / "before"))
        print(f"median of {args.repeat} interleaved runs, each a fresh process (wall s, peak RSS MiB)")
        header = f"{'format':9} {'kg s':>7} {'oxi s':>7} {'ratio':>6} {'kg MiB':>7} {'oxi MiB':>8} ratio "
        if args.before:
            header += f" {'before s':>9} {'ratio':>6} {'bef MiB':>8} {'ratio':>6}"
        print(header + "  same bytes across runs")
        for fmt in args.formats.split(","):
            runs: dict[str, list[tuple[float, float]]] = {k: [] for k in kinds}
            digests: set[str] = set()
            for _ in range(args.repeat):
                for kind in kinds:
                    target = str(Path(tmp) / f"{kind.split(':')[0]}.{fmt}")
                    runs[kind].append(measure(kind, folder, fmt, target))
                    if kind == "kg":
                        digests.add(digest(target))
            med = {k: tuple(statistics.median(x) for x in zip(*v, strict=True)) for k, v in runs.items()}
            (kt, km), (ot, om) = med["kg"], med["pyoxigraph"]
            line = f"{fmt:9} {kt:7.2f} {ot:7.2f} {kt / ot:6.2f} {km:7.1f} {om:8.1f} {km / om:6.2f}"
            if args.before:
                bt, bm = med[kinds[2]]
                line += f" {bt:9.2f} {bt / ot:6.2f} {bm:8.1f} {bm / om:6.2f}"
            print(line + "  " + ("yes" if len(digests) == 1 else "NO"), flush=True)


if __name__ == "__main__":
    main()
