"""Start-up of `kg extract` on one short article against a bare spaCy load (prints figures).

Three commands, each a fresh process, timed in turns (bare, cold, warm, bare, ...) so load
from other processes on a shared machine falls on all alike; medians and ratios to bare, of
wall time and of the child's CPU time:

- bare: ``python -c "import spacy; spacy.load(MODEL)"``, the yardstick;
- kg cold: ``kg extract ARTICLE`` with an empty cache folder (KG_CACHE_DIR), which builds
  the reference data and the entity ruler's table and writes them;
- kg warm: the same with the cache already filled, as every later run and worker finds it;
- ``--tree LABEL=DIR`` (repeatable): kg warm with the ``kg`` package of another tree first on
  PYTHONPATH (an older revision: ``git archive REV kg ontologies | tar -x -C DIR``), in the
  same turns, for before/after figures side by side.

    python bench/bench_startup.py [--runs 7] [--article examples/articles/003-biden-xi-phone-call.txt]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "examples" / "articles" / "003-biden-xi-phone-call.txt"
KG = Path(sys.executable).with_name("kg")


def model_name() -> str:
    """The model kg itself would load (KG_SPACY_MODEL, else the first default installed)."""
    from kg.nlp.loader import load_spacy

    meta = load_spacy().meta
    return f"{meta['lang']}_{meta['name']}"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child): CPU time barely moves when other processes
    share the cores, so it is the steadier figure on a busy machine."""
    start, cpu = time.perf_counter(), _children_cpu()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, _children_cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--article", type=Path, default=ARTICLE)
    parser.add_argument("--tree", action="append", default=[], metavar="LABEL=DIR",
                        help="also time kg extract (warm) from the kg package in DIR")  # fmt: skip
    args = parser.parse_args()
    trees = dict(tree.split("=", 1) for tree in args.tree)

    model = model_name()
    bare = [sys.executable, "-c", f"import spacy; spacy.load({model!r})"]
    kg = [str(KG), "extract", str(args.article)]
    words = len(args.article.read_text(encoding="utf-8").split())
    with tempfile.TemporaryDirectory() as tmp:
        warm_env = {**os.environ, "KG_CACHE_DIR": str(Path(tmp) / "warm")}
        timed(kg, warm_env)  # fills the warm cache (and the OS file cache for all three)
        tree_envs = {}
        for label, folder in trees.items():
            cache = str(Path(tmp) / f"warm-{label}")
            tree_envs[label] = {**warm_env, "KG_CACHE_DIR": cache, "PYTHONPATH": folder}
            timed(kg, tree_envs[label])  # its own warm cache (the cache key holds kg's version)
        times: dict[str, list[tuple[float, float]]] = {
            "bare spaCy load": [],
            "kg extract, cold cache": [],
            "kg extract, warm cache": [],
            **{f"warm, {label}": [] for label in trees},
        }
        for run in range(args.runs):
            cold_env = {**os.environ, "KG_CACHE_DIR": str(Path(tmp) / f"cold-{run}")}
            times["bare spaCy load"].append(timed(bare, dict(os.environ)))
            times["kg extract, cold cache"].append(timed(kg, cold_env))
            times["kg extract, warm cache"].append(timed(kg, warm_env))
            for label, env in tree_envs.items():
                times[f"warm, {label}"].append(timed(kg, env))
    print(f"model {model}; article {args.article.name} ({words} words); median of {args.runs} runs in turns")
    for at, what in ((0, "wall"), (1, "CPU")):
        base = statistics.median(r[at] for r in times["bare spaCy load"])
        for label, runs in times.items():
            values = [r[at] for r in runs]
            median = statistics.median(values)
            spread = f"min {min(values):.2f}, max {max(values):.2f}"
            print(f"{what:<4} {label:<24} {median:6.2f} s  ratio {median / base:4.2f}  ({spread})")


if __name__ == "__main__":
    main()
