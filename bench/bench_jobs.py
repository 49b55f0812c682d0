"""`kg ingest` of a folder with `-j 1`, with the default `--jobs` and with `-j 4` (prints figures).

The folder holds --articles synthetic articles (bench_ingest's generator). Each run is a
fresh `kg ingest` process into a fresh store, timed in turns (-j 1, default, -j 4, -j 1, ...)
so that load from other processes falls on all alike; medians over --runs turns and the
speed-up over -j 1. On this machine's cores the default and -j 4 (capped, with a note)
should match.

    python bench/bench_jobs.py [--articles 48] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_ingest import make_folder

from kg.pipeline import available_cores, plan_jobs

KG = Path(sys.executable).with_name("kg")
VARIANTS = {"-j 1": ["-j", "1"], "default": [], "-j 4": ["-j", "4"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=48)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-bench-jobs-") as name:
        tmp = Path(name)
        words = make_folder(tmp / "articles", args.articles)
        times: dict[str, list[float]] = {v: [] for v in VARIANTS}
        for run in range(args.runs):
            for label, options in VARIANTS.items():
                store = tmp / f"store-{run}-{len(times[label])}-{label.replace(' ', '')}"
                cmd = [str(KG), "ingest", str(tmp / "articles"), "--store", str(store), "-q", *options]
                start = time.perf_counter()
                subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
                times[label].append(time.perf_counter() - start)
                print(f"run {run + 1} {label:<8} {times[label][-1]:6.1f} s", flush=True)
    cores = available_cores()
    print(f"{args.articles} articles, {words:,} words; {cores} cores; default --jobs here: "
          f"{plan_jobs(None, args.articles)}; median of {args.runs} runs in turns")  # fmt: skip
    base = statistics.median(times["-j 1"])
    for label, values in times.items():
        median = statistics.median(values)
        print(f"{label:<8} {median:6.1f} s  speed-up {base / median:4.2f}  "
              f"(min {min(values):.1f}, max {max(values):.1f})")  # fmt: skip


if __name__ == "__main__":
    main()
