"""Score the extractor on the public event-coding benchmarks and print the figures.

Not a test: it loads spaCy and runs every sentence of the benchmark files in
``../shared/benchmarks`` (beside the checkout) through the extractor, then prints event
presence P/R/F1 and category accuracy (whole file and diplomacy subset; rules in
``kg.evaluation.benchmarks``): the PLOVER gold-standard records, the PETRARCH-2 GSR
validation records, the WikiEvents Contact slice, and PETRARCH's unit-test records
(fictional actors: a test of mechanics, not of accuracy).

    .venv/bin/python bench/bench_benchmarks.py                 # every file
    .venv/bin/python bench/bench_benchmarks.py --which plover --json out.json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from kg.evaluation import (
    render_benchmark,
    score_petrarch2_benchmark,
    score_plover_benchmark,
    score_wikievents_benchmark,
)
from kg.facts import extraction_to_facts
from kg.model import Document, short_hash
from kg.pipeline import get_extractor

BENCHMARKS = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks"
FILES = {
    "plover": ("plover_gsr_cameo.jsonl", score_plover_benchmark),
    "petrarch2": ("petrarch2_gsr_validation.jsonl", score_petrarch2_benchmark),
    "wikievents": ("wikievents_contact_slice.jsonl", score_wikievents_benchmark),
    "petrarch-unit": ("petrarch_validation.jsonl", score_petrarch2_benchmark),
}


def sentence_predictor(dates: dict[str, str | None]) -> Callable[[str], list[dict]]:
    """Text → asserted and unasserted event dicts, as ``kg extract`` would give them."""
    extractor = get_extractor()

    def predict(text: str) -> list[dict]:
        digest = short_hash(text, length=16)
        doc = Document(doc_id=f"bench-{digest}", text=text, content_hash=digest,
                       source="benchmark", published=dates.get(text))
        facts = extraction_to_facts(extractor.extract(doc))
        return facts["events"] + facts["unasserted_events"]

    return predict


def _dates(path: Path) -> dict[str, str | None]:
    """Sentence → its record date (a usable ISO date only), for resolving "on Monday"."""
    out: dict[str, str | None] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            date = row.get("date")
            out[row.get("text", "")] = date if date and len(date) == 10 and date[4] == "-" else None
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--which", choices=[*FILES, "all"], default="all")
    parser.add_argument("--dir", type=Path, default=BENCHMARKS, help="folder of the .jsonl files")
    parser.add_argument("--json", type=Path, help="also write the full reports as JSON here")
    args = parser.parse_args(argv)
    if not args.dir.is_dir():
        print(f"no benchmarks: {args.dir} not found (../shared/benchmarks beside the checkout, "
              "or pass --dir)", file=sys.stderr)
        return 1

    reports = {}
    for name in FILES if args.which == "all" else [args.which]:
        filename, scorer = FILES[name]
        path = args.dir / filename
        if not path.exists():
            print(f"skipped {name}: {path} not found", file=sys.stderr)
            continue
        predict = sentence_predictor(_dates(path))
        started = time.perf_counter()
        report = scorer(path, predict)
        elapsed = time.perf_counter() - started
        reports[name] = report
        print(render_benchmark(report))
        print(f"  ({report['all']['records']} sentences in {elapsed:.1f} s)\n")
    if args.json:
        args.json.write_text(json.dumps(reports, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
