"""One call for ``kg eval``: predict every article of a gold folder, score it by a rule set.

Two rule sets: ``"score"`` (the default), devset-news's ``score.py`` (``kg.evaluation.scorer``),
so the figures compare with the private set's; ``"kg"``, the project's own stricter rules
(``kg.evaluation.devset``: Jaccard participant overlap, modality, confidence thresholds,
per-document misses), written for ``tests/devset``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from kg.errors import InputError
from kg.evaluation.devset import evaluate
from kg.evaluation.predict import Warn, article_paths, predict_folder, write_predictions
from kg.evaluation.report import render_report, render_scores
from kg.evaluation.scorer import read_gold_folder, score_documents

RULES = ("score", "kg")


def score_predictions(gold_dir: Path, predictions: Mapping[str, dict | None], *,
                      rules: str = "score") -> dict:
    """Score ``NNN`` → ``kg extract`` JSON predictions against the folder's gold files."""
    if rules == "score":
        report = score_documents(read_gold_folder(gold_dir), predictions)
    elif rules == "kg":
        names = {path.name: doc_id for doc_id, path in article_paths(gold_dir).items()}
        report = evaluate(gold_dir, lambda path: predictions.get(names[path.name]) or {})
    else:
        raise InputError(f"unknown rules {rules!r}; use one of {', '.join(RULES)}")
    return {"rules": rules, **report}


def evaluate_folder(gold_dir: Path, *, rules: str = "score", model: str | None = None,
                    reference_files: Sequence[Path] = (), predictions_dir: Path | None = None,
                    warn: Warn = lambda message: None) -> dict:
    """Extract every article of ``gold_dir`` (one pipeline) and score it by ``rules``.

    ``predictions_dir`` also receives each article's facts as ``NNN.json``, the files
    ``score.py GOLD_DIR PREDICTIONS_DIR`` reads.
    """
    if rules not in RULES:
        raise InputError(f"unknown rules {rules!r}; use one of {', '.join(RULES)}")
    read_gold_folder(gold_dir)  # a bad folder fails before spaCy loads
    predictions = predict_folder(gold_dir, model=model, reference_files=reference_files, warn=warn)
    if predictions_dir is not None:
        write_predictions(predictions, predictions_dir)
    return score_predictions(gold_dir, predictions, rules=rules)


def render_evaluation(report: dict, *, details: bool = False) -> str:
    """The table for either rule set (``details`` lists misses; ``kg`` rules only)."""
    if report.get("rules") == "kg":
        return render_report(report, details=details)
    return render_scores(report)
