"""Throughput of `kg extract` against bare spaCy on the same texts (prints figures; not a test).

The texts are the development set and the example articles, repeated until the corpus holds
at least --words words. "bare spaCy" is the same model's full pipeline over the same texts
with nlp.pipe; "kg" adds the reference entity ruler and all extraction rules.

    python bench/bench_extract.py [--words 60000] [--repeat 3]
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


def corpus(min_words: int) -> list[Document]:
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


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=60_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    docs = corpus(args.words)
    n_words = sum(len(d.text.split()) for d in docs)
    texts = [d.text for d in docs]
    bare = load_spacy()
    extractor = get_extractor()
    # warm up both pipelines once
    list(bare.pipe(texts[:5]))
    list(extractor.extract_many(docs[:5]))

    bare_times = [timed(lambda: list(bare.pipe(texts, batch_size=64))) for _ in range(args.repeat)]
    kg_times = [timed(lambda: list(extractor.extract_many(docs, batch_size=64))) for _ in range(args.repeat)]
    bare_s, kg_s = statistics.median(bare_times), statistics.median(kg_times)
    print(f"corpus: {len(docs)} documents, {n_words:,} words; median of {args.repeat} runs")
    print(
        f"bare spaCy ({bare.meta['name']} {bare.meta['version']}, nlp.pipe): {n_words / bare_s:8,.0f} words/s"
    )
    print(f"kg extract (ruler + rules):              {n_words / kg_s:8,.0f} words/s")
    print(f"kg / bare: {bare_s / kg_s:.2f} of bare spaCy's speed ({kg_s - bare_s:+.2f} s on this corpus)")


if __name__ == "__main__":
    main()
