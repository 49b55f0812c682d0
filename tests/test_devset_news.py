"""devset-news (``../shared/devset-news``): the figures never fall below the recorded floor.

The extraction runs once for the module (one process, the pipeline loaded once), the way the
set's README runs it: each text alone, its meta's publication date as ``--published``. The
floor in ``tests/data/devset_news_floor.json`` is a ratchet, not a target: raise it when the
figures go up, never lower it to let a change through.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.evaluation import predict_folder, score_documents, score_predictions, write_predictions
from kg.evaluation.scorer import Resolver, fold, read_gold_folder

NEWS = Path(__file__).resolve().parents[1].parent / "shared" / "devset-news"
FLOOR = Path(__file__).parent / "data" / "devset_news_floor.json"

pytestmark = pytest.mark.skipif(
    not (NEWS / "score.py").is_file(),
    reason=f"devset-news not found at {NEWS} (it lives in ../shared beside the checkout)",
)


@pytest.fixture(scope="module")
def predictions() -> dict[str, dict]:
    return predict_folder(NEWS)


@pytest.fixture(scope="module")
def report(predictions) -> dict:
    return score_predictions(NEWS, predictions)


def figure(report: dict, key: str) -> float:
    """``"events_strict.f1"`` → report["events_strict"]["f1"]."""
    value = report
    for part in key.split("."):
        value = value[part]
    return value


def test_every_headline_figure_is_at_least_the_floor(report):
    floor = json.loads(FLOOR.read_text(encoding="utf-8"))["figures"]
    assert report["documents_scored"] == 46 and report["missing_predictions"] == []
    below = {key: (figure(report, key), minimum) for key, minimum in floor.items()
             if figure(report, key) < minimum}
    assert below == {}, f"figures below the floor (now, floor): {below}"


def _unambiguous(gold: dict[str, dict], predictions: dict[str, dict]) -> dict[str, dict]:
    """The predictions without entities whose surfaces name two gold entities: on those,
    score.py's choice follows its hash seed (it walks a set)."""
    out = {}
    for doc_id, pred in predictions.items():
        res = Resolver(gold[doc_id].get("entities") or [], [])
        kept = [e for e in pred["entities"]
                if len({res.surfaces[f] for f in map(fold, [e["name"], *e["aliases"]])
                        if f in res.surfaces}) < 2]
        out[doc_id] = {**pred, "entities": kept}
    return out


def _score_py(pred_dir: Path) -> dict:
    done = subprocess.run(
        [sys.executable, str(NEWS / "score.py"), str(NEWS), str(pred_dir), "--json"],
        capture_output=True, text=True, check=True, env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    return json.loads(done.stdout)


def test_kg_eval_gives_score_py_figures_on_the_same_predictions(predictions, report, tmp_path):
    write_predictions(predictions, tmp_path / "pred")
    theirs = _score_py(tmp_path / "pred")
    entity_keys = {"entities_typed", "entities_untyped"}
    assert {k: report[k] for k in theirs if k not in entity_keys} == {
        k: v for k, v in theirs.items() if k not in entity_keys}

    gold = read_gold_folder(NEWS)
    clear = _unambiguous(gold, predictions)
    write_predictions(clear, tmp_path / "clear")
    theirs = _score_py(tmp_path / "clear")
    ours = score_documents(gold, clear)
    assert {k: ours[k] for k in theirs} == theirs
