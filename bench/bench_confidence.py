"""Precision of each event rule on the development set: the figures behind nlp/data/confidence.json.

For every asserted event `kg extract` finds in tests/devset, it checks whether a gold event of
the same category shares at least half of its participants (the `kg eval` rule, without the
one-to-one pairing), and prints precision per rule and number of parties, and per confidence.

    python bench/bench_confidence.py
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from kg.evaluation.matching import jaccard, norm_name
from kg.facts import extraction_to_facts
from kg.pipeline import extract, read_documents

DEVSET = Path(__file__).resolve().parent.parent / "tests" / "devset"


def main() -> None:
    by_rule: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    by_confidence: dict[float, list[int]] = defaultdict(lambda: [0, 0])
    for gold_path in sorted(DEVSET.glob("*.gold.json")):
        stem = gold_path.name.split(".")[0]
        article = next(p for p in DEVSET.glob(f"{stem}.*") if p.suffix in (".txt", ".html"))
        meta = json.loads((DEVSET / f"{stem}.meta.json").read_text("utf-8"))
        docs = read_documents([str(article)], published=meta.get("publication_date"))
        facts = extraction_to_facts(next(extract(docs)))
        gold = json.loads(gold_path.read_text("utf-8"))
        for event in facts["events"]:
            names = {norm_name(p) for p in event["participants"]}
            hit = any(
                g["type"] == event["category"]
                and jaccard(names, {norm_name(p) for p in g["participants"]}) >= 0.5
                for g in gold["events"]
            )
            parties = "2+" if len(names) >= 2 else "1"
            for table, key in ((by_rule, (event["rule"], parties)), (by_confidence, event["confidence"])):
                table[key][0] += hit
                table[key][1] += 1
    print(f"{'rule':<42} {'parties':>7} {'events':>6} {'precision':>9}")
    for (rule, parties), (hits, total) in sorted(by_rule.items(), key=lambda kv: -kv[1][1]):
        print(f"{rule:<42} {parties:>7} {total:>6} {hits / total:>9.2f}")
    print(f"\n{'confidence':>10} {'events':>6} {'precision':>9}")
    for conf, (hits, total) in sorted(by_confidence.items()):
        print(f"{conf:>10.2f} {total:>6} {hits / total:>9.2f}")


if __name__ == "__main__":
    main()
