"""Score ``kg extract`` predictions against the hand-annotated development set.

A gold folder holds, per article, ``NNN.txt`` (or ``NNN.html``), ``NNN.meta.json`` and
``NNN.gold.json``. ``evaluate`` calls ``predict`` on each article path and compares.
The rules are in the package docstring (``kg.evaluation.MATCHING_RULES``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.evaluation.matching import NameResolver, greedy_pairs, jaccard, norm_name, roles_match

CATEGORIES = (
    "Meeting", "Visit", "Talks", "Summit", "PhoneCall",
    "Statement", "Warning", "MilitaryAction", "Sanction", "Detention",
)
ENTITY_TYPES = ("Person", "Organization", "Country", "City", "Place")
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)
ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
_COARSE = {
    "GovernmentBody": "Organization",
    "IntelligenceAgency": "Organization",
    "MediaOutlet": "Organization",
    "InternationalOrganization": "Organization",
}

Predict = Callable[[Path], dict]


def coarse_type(kind: str | None) -> str:
    """The five-way entity type (ontology subclasses of Organization fold into it)."""
    return _COARSE.get(kind or "", kind or "")


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float | int]:
    """Precision, recall, F1 with counts; empty denominators give 0.0 (never NaN)."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "predicted": n_pred, "gold": n_gold,
            "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def gold_files(gold_dir: Path) -> list[tuple[Path, Path]]:
    """(article, gold) pairs in name order; a gold file without an article is an error."""
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise InputError(f"{gold_dir} is not a folder; pass the folder holding NNN.gold.json files")
    pairs = []
    for gold in sorted(gold_dir.glob("*.gold.json")):
        stem = gold.name[: -len(".gold.json")]
        article = next(
            (gold_dir / (stem + s) for s in ARTICLE_SUFFIXES if (gold_dir / (stem + s)).exists()),
            None,
        )
        if article is None:
            raise InputError(f"{gold} has no article next to it; add {stem}.txt or {stem}.html")
        pairs.append((article, gold))
    if not pairs:
        raise InputError(f"no *.gold.json files in {gold_dir}; is this the development set folder?")
    return pairs


def load_gold(path: Path) -> dict:
    """Read one gold file, failing with a message that names the file."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read gold file {path}: {exc}; fix its JSON") from exc
    if not isinstance(data, dict):
        raise InputError(f"gold file {path} must hold a JSON object")
    return data


def _category(event: dict) -> str:
    return event.get("category") or event.get("type") or ""


def _is_asserted(event: dict) -> bool:
    return (event.get("modality") or "asserted") == "asserted"


def _confidence(event: dict) -> float:
    value = event.get("confidence")
    return 1.0 if value is None else float(value)


class _Counts:
    """Running tallies over all documents (micro-averaged)."""

    def __init__(self) -> None:
        self.entities = {t: [0, 0, 0] for t in ("all", *ENTITY_TYPES)}  # tp, pred, gold
        self.roles = [0, 0, 0]
        self.affiliation = [0, 0]  # correct, judged
        self.events = {c: [0, 0, 0] for c in ("all", *CATEGORIES)}
        self.place = [0, 0]
        self.date = [0, 0]
        self.unasserted = [0, 0, 0]
        self.modality = [0, 0]
        self.asserted_as_unasserted = 0
        self.thresholds = {t: [0, 0] for t in THRESHOLDS}  # tp, pred


def _score_entities(gold: dict, pred: dict, res: NameResolver, c: _Counts) -> dict:
    g_ents = [e for e in gold.get("entities", []) if e.get("name")]
    p_ents = [e for e in pred.get("entities", []) if e.get("name")]

    def score(g: dict, p: dict) -> float | None:
        if coarse_type(p.get("type")) != g.get("type"):
            return None
        target = res.gold(g["name"])
        forms = [res.gold(f) for f in res.forms(p["name"])]
        if forms and forms[0] == target:
            return 1.0
        return 0.5 if target in forms[1:] else None

    pairs = greedy_pairs(g_ents, p_ents, score)
    for t in ("all", *ENTITY_TYPES):
        c.entities[t][0] += sum(1 for i, _, _ in pairs if t in ("all", g_ents[i]["type"]))
        c.entities[t][1] += sum(1 for e in p_ents if t in ("all", coarse_type(e.get("type"))))
        c.entities[t][2] += sum(1 for e in g_ents if t in ("all", e["type"]))
    hit_g = {i for i, _, _ in pairs}
    hit_p = {j for _, j, _ in pairs}
    return {
        "missed": [f"{e['name']} ({e['type']})" for i, e in enumerate(g_ents) if i not in hit_g],
        "spurious": [f"{e['name']} ({e.get('type')})" for j, e in enumerate(p_ents)
                     if j not in hit_p],
    }


def _score_roles(gold: dict, pred: dict, res: NameResolver, c: _Counts) -> dict:
    g_roles = [r for r in gold.get("roles", []) if r.get("person") and r.get("role")]
    p_roles = [r for r in pred.get("roles", []) if r.get("person") and r.get("role")]

    def score(g: dict, p: dict) -> float | None:
        if res.resolve(p["person"]) != res.gold(g["person"]):
            return None
        if not roles_match(g["role"], p["role"]):
            return None
        return 1.0 if norm_name(g["role"]) == norm_name(p["role"]) else 0.5

    pairs = greedy_pairs(g_roles, p_roles, score)
    c.roles[0] += len(pairs)
    c.roles[1] += len(p_roles)
    c.roles[2] += len(g_roles)
    for i, j, _ in pairs:
        g, p = g_roles[i], p_roles[j]
        for key in ("organization", "country"):
            if g.get(key):
                c.affiliation[1] += 1
                c.affiliation[0] += res.resolve(p.get(key)) == res.gold(g[key])
    hit_g = {i for i, _, _ in pairs}
    hit_p = {j for _, j, _ in pairs}
    return {
        "missed": [f"{r['person']}: {r['role']}" for i, r in enumerate(g_roles) if i not in hit_g],
        "spurious": [f"{r['person']}: {r['role']}" for j, r in enumerate(p_roles)
                     if j not in hit_p],
    }


def _event_scorer(res: NameResolver) -> Callable[[dict, dict], Any]:
    """Same category and participant sets with Jaccard ≥ 0.5 (score = the Jaccard)."""

    def score(g: dict, p: dict) -> float | None:
        if _category(g) != _category(p):
            return None
        g_set = {res.gold(n) for n in g.get("participants", [])}
        p_set = {res.resolve(n) for n in p.get("participants", [])}
        j = jaccard(g_set, p_set)
        return j if j >= 0.5 else None

    return score


def _describe(event: dict) -> str:
    names = ", ".join(event.get("participants", []))
    extra = " ".join(x for x in (event.get("location"), event.get("date")) if x)
    return f"{_category(event)}({names}){' ' + extra if extra else ''}"


def _score_events(gold: dict, pred: dict, res: NameResolver, c: _Counts) -> dict:
    g_events = list(gold.get("events", []))
    p_all = list(pred.get("events", []))
    p_events = [e for e in p_all if _is_asserted(e)]
    p_unasserted = [e for e in p_all if not _is_asserted(e)] + list(
        pred.get("unasserted_events", [])
    )
    scorer = _event_scorer(res)
    pairs = greedy_pairs(g_events, p_events, scorer)
    for cat in ("all", *CATEGORIES):
        c.events[cat][0] += sum(1 for i, _, _ in pairs if cat in ("all", _category(g_events[i])))
        c.events[cat][1] += sum(1 for e in p_events if cat in ("all", _category(e)))
        c.events[cat][2] += sum(1 for e in g_events if cat in ("all", _category(e)))
    for i, j, _ in pairs:
        g, p = g_events[i], p_events[j]
        c.place[1] += 1
        c.place[0] += res.resolve(p.get("location")) == res.gold(g.get("location"))
        c.date[1] += 1
        c.date[0] += (p.get("date") or None) == (g.get("date") or None)
    for t in THRESHOLDS:
        kept = [e for e in p_events if _confidence(e) >= t]
        c.thresholds[t][0] += len(greedy_pairs(g_events, kept, scorer))
        c.thresholds[t][1] += len(kept)

    g_unasserted = list(gold.get("unasserted_events", []))
    u_pairs = greedy_pairs(g_unasserted, p_unasserted, scorer)
    c.unasserted[0] += len(u_pairs)
    c.unasserted[1] += len(p_unasserted)
    c.unasserted[2] += len(g_unasserted)
    for i, j, _ in u_pairs:
        c.modality[1] += 1
        c.modality[0] += (p_unasserted[j].get("modality") == g_unasserted[i].get("modality"))
    hit_p = {j for _, j, _ in pairs}
    false_pos = [e for j, e in enumerate(p_events) if j not in hit_p]
    c.asserted_as_unasserted += len(greedy_pairs(g_unasserted, false_pos, scorer))
    hit_g = {i for i, _, _ in pairs}
    return {
        "missed": [_describe(e) for i, e in enumerate(g_events) if i not in hit_g],
        "spurious": [_describe(e) for e in false_pos],
    }


def evaluate(gold_dir: Path, predict: Predict) -> dict:
    """Run ``predict`` on every article of ``gold_dir`` and score it (micro-averaged).

    Returns a JSON-serialisable dict; ``render_report`` turns it into text.
    """
    c = _Counts()
    documents = []
    for article, gold_path in gold_files(Path(gold_dir)):
        gold = load_gold(gold_path)
        pred = predict(article) or {}
        res = NameResolver(gold.get("entities", []), pred.get("entities", []))
        documents.append({
            "document": article.name,
            "entities": _score_entities(gold, pred, res, c),
            "roles": _score_roles(gold, pred, res, c),
            "events": _score_events(gold, pred, res, c),
        })
    return {
        "documents_scored": len(documents),
        "entities": {t: prf(*v) for t, v in c.entities.items()},
        "roles": prf(*c.roles),
        "role_affiliation_accuracy": _acc(c.affiliation),
        "events": prf(*c.events["all"]),
        "events_by_category": {k: prf(*v) for k, v in c.events.items() if k != "all"},
        "event_place_accuracy": _acc(c.place),
        "event_date_accuracy": _acc(c.date),
        "event_precision_at_confidence": {
            f"{t:.1f}": {"predicted": v[1], "tp": v[0],
                         "precision": round(v[0] / v[1], 4) if v[1] else 0.0,
                         "recall": prf(v[0], v[1], c.events["all"][2])["recall"]}
            for t, v in c.thresholds.items()
        },
        "unasserted_events": prf(*c.unasserted),
        "unasserted_modality_accuracy": _acc(c.modality),
        "unasserted_predicted_as_asserted": c.asserted_as_unasserted,
        "documents": documents,
    }


def _acc(pair: list[int]) -> dict[str, float | int]:
    correct, total = pair
    return {"correct": correct, "total": total,
            "accuracy": round(correct / total, 4) if total else 0.0}
