"""How extraction time grows with the length of ONE article (prints figures; not a test).

The article is the example articles glued into one text, repeated up to each size. The
audit of issue 11 saw a 0.9 MB article take 481 s to ingest; this shows how the time per
character grows with size and, with --profile, which functions take it.

    python bench/bench_long_article.py [--sizes 25000,50000,100000,200000] [--profile]

Each size runs in a child forked after the model is loaded, so "peak MB" is the resident
memory of a process that extracted just that one document (the model's pages included).

Measured (2026-12-01, 2 shared cores, en_core_web_md, examples glued and repeated):

        chars  seconds  µs/char
       20,000      3.7    184
       40,000     11.5    288
       80,000     51.9    649

Time grew with the square of the length (2× the text, 3-4.5× the time), so the audit's
0.9 MB article at 481 s was this curve, not spaCy: the rules scanned the whole Doc once per
event draft (``Span.ents`` and ``Span.sent`` rebuild from the Doc on each call) and the
paragraph-boundary component set sentence starts one by one (each set rescans the Doc).
Sentences, their entities and sentence numbers are now indexed once per Doc
(``kg/nlp/parse.py``) and sentence starts are written as one array. After (same machine):

        chars  seconds  µs/char
       20,000      2.4    118
      160,000     15.8     99
      320,000     38.0    119

2026-12-02: texts over 50 k characters are parsed in parts, one at a time (spaCy had batched
every part at once: 3.6 GB at 1.2 M characters), and two rules that compared every event
draft with every other became per sentence / per category. CPU time (wall time doubled by
other work on the 2 cores):

        chars    words  CPU µs/char  peak MB
        6,000      954        113       146
       60,000    9,395         88       290
      300,000   46,894         81       327
    1,200,000  187,551         93       548
"""

from __future__ import annotations

import argparse
import cProfile
import multiprocessing
import pstats
import resource
import time
from dataclasses import replace
from pathlib import Path

from kg.documents import read_path
from kg.pipeline import get_extractor

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="25000,50000,100000,200000")
    parser.add_argument("--profile", action="store_true", help="profile the largest size")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    docs = [read_path(p) for p in sorted((ROOT / "examples" / "articles").glob("*.txt"))]
    glued = "\n\n".join(d.text for d in docs)
    extractor = get_extractor()
    list(extractor.extract_many([docs[0]]))  # warm up
    print(f"{'chars':>9} {'words':>8} {'seconds':>8} {'CPU s':>7} {'CPU µs/char':>11} "
          f"{'CPU ms/1k words':>15} {'peak MB':>8}")  # fmt: skip
    context = multiprocessing.get_context("fork")
    for size in sizes:
        text = (glued * (size // len(glued) + 1))[:size]
        doc = replace(docs[0], text=text, doc_id=f"long-{size}")
        profile = args.profile and size == max(sizes)
        parent, child = context.Pipe(duplex=False)
        process = context.Process(target=_extract_one, args=(extractor, doc, profile, child))
        process.start()
        seconds, cpu, events, peak_kb = parent.recv()
        process.join()
        words = len(text.split())
        per_char, per_words = cpu / size * 1e6, cpu / words * 1e6
        print(f"{size:>9,} {words:>8,} {seconds:>8.1f} {cpu:>7.1f} {per_char:>11.1f} {per_words:>15.1f} "
              f"{peak_kb / 1024:>8.0f}   ({events:,} events)", flush=True)  # fmt: skip


def _extract_one(extractor, doc, profile: bool, conn) -> None:
    """Extract one document; send (seconds, CPU seconds, events, peak resident KB) to the
    parent (CPU time: the machine may be shared, which stretches wall time, not CPU time)."""
    profiler = cProfile.Profile() if profile else None
    started, cpu = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    extraction = next(iter(extractor.extract_many([doc])))
    if profiler:
        profiler.disable()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    conn.send((seconds, cpu, len(extraction.events), peak_kb))

if __name__ == "__main__":
    main()
