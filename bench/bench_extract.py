"""Throughput of `kg extract` against bare spaCy on the same texts (prints figures; not a test).

The texts are the development set and the example articles (with --news, the devset-news
texts in ../shared beside the checkout instead), repeated until the corpus holds at least
--words words. "bare spaCy" is the same model's full pipeline over the same texts with
nlp.pipe; "kg" adds the reference entity ruler and all extraction rules. The two are timed
in turns (bare, kg, bare, kg, ...) so that load from other processes on a shared machine
falls on both alike; the ratio is the median of the per-turn ratios.

    python bench/bench_extract.py [--words 60000] [--repeat 3] [--news]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from kg.documents import read_path
from kg.model import Document
from kg.nlp.loader import load_spacy
from kg.pipeline import get_extractor

ROOT = Path(__file__).resolve().parent.parent
NEWS = ROOT.parent / "shared" / "devset-news"


def corpus(min_words: int, news: bool = False) -> list[Document]:
    if news:
        paths = sorted(NEWS.glob("*.txt"))
        if not paths:
            raise SystemExit(f"--news: no texts in {NEWS} (../shared/devset-news beside the checkout)")
    else:
        paths = sorted((ROOT / "tests" / "devset").glob("*.txt")) + sorted(
            (ROOT / "examples" / "articles").glob("*.txt")
        )
    base = [read_path(p) for p in paths]
    docs: list[Document] = []
    words = 0
    while words < min_words:
        for d in base:
            docs.append(d)
            words += len(d.text.split())
    return docs


def timed(fn) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process): CPU time barely moves when other
    processes share the cores, so the ratio is taken on it."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=60_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--news", action="store_true", help="time the devset-news texts")
    args = parser.parse_args()

    docs = corpus(args.words, args.news)
    n_words = sum(len(d.text.split()) for d in docs)
    texts = [d.text for d in docs]
    bare = load_spacy()
    extractor = get_extractor()
    # warm up both pipelines once
    list(bare.pipe(texts[:5]))
    list(extractor.extract_many(docs[:5]))

    bare_runs, kg_runs = [], []
    for _ in range(args.repeat):
        bare_runs.append(timed(lambda: list(bare.pipe(texts, batch_size=64))))
        kg_runs.append(timed(lambda: list(extractor.extract_many(docs, batch_size=64))))
    print(f"corpus: {len(docs)} documents, {n_words:,} words; median of {args.repeat} runs in turns")
    for label, at in (("wall", 0), ("CPU", 1)):
        bare_s = statistics.median(r[at] for r in bare_runs)
        kg_s = statistics.median(r[at] for r in kg_runs)
        turns = [b[at] / k[at] for b, k in zip(bare_runs, kg_runs, strict=True)]
        print(f"{label:>4}: bare spaCy ({bare.meta['name']} {bare.meta['version']}, nlp.pipe) "
              f"{n_words / bare_s:7,.0f} words/s; kg extract {n_words / kg_s:7,.0f} words/s; "
              f"kg / bare {statistics.median(turns):.2f} (per turn {', '.join(f'{t:.2f}' for t in turns)})")

if __name__ == "__main__":
    main()
