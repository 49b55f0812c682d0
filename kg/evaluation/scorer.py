"""The devset-news scorer's rules (``../shared/devset-news/score.py``), for ``kg eval``.

A gold folder holds ``NNN.gold.json`` files; predictions are ``kg extract --format json``
outputs keyed by ``NNN``. The figures are the ones ``score.py GOLD PRED --json`` prints,
with the same keys and rounding, plus per-category strict scores and the event figures
without Statement.

Rules (score.py's docstring and code; summed over documents, then P/R/F1 rounded to 3 places):

- Names are *folded*: accents dropped (NFKD), soft hyphens and dots removed, ’ read as ',
  lower case, runs of spaces made one, a leading "the " dropped.
- Gold surfaces: each gold entity's name and aliases, folded; the first entity that lists a
  surface owns it.
- A predicted name *resolves* to a gold entity through its own surface, then through the
  names and aliases of the predicted entity listing that surface (the last such entity);
  failing that, when its last word is longer than 3 letters and exactly one gold surface
  ends in that word, to the entity of that surface ("Burns" → "William Burns").
- Entities, one to one in prediction order: a predicted entity matches the first unused gold
  entity that owns one of its folded surfaces (name first, then aliases). Typed also needs
  the same coarse type: Person, Organization, Country, and one Place group for City, Place,
  Location and GPE; any other type never matches.
- Roles: for each predicted role in order, the first unused gold role whose person's folded
  name is a surface of the entity the predicted person resolves to, and whose title's content
  words (letters only; of, the, for, and, a, an, to, 's, s, u, us dropped) contain or are
  contained in the predicted title's (both non-empty).
- Events (the ``events`` list only): for each predicted event in order, among the unused gold
  events of the same category (``category``, else ``type``), the first with the largest
  overlap between the resolved participants and the gold participants (resolved by surface
  only), when that overlap is at least min(2, number of resolved gold participants) and at
  least 1. Loose also lets any two of Meeting, Visit, Talks, Summit, PhoneCall match.
- Place and date accuracy over strict pairs: place is judged when the gold event has a
  location, correct when the predicted location resolves to the entity owning the gold one;
  date is judged when the gold date is YYYY, YYYY-MM or YYYY-MM-DD, correct when the
  predicted date starts with it. An empty denominator gives 0.0.
- Per category: strict pairs of that category, predictions and gold events of it (strict
  matching never pairs two categories, so the rows add up to the overall strict figures);
  the ten gold categories first, then any other category predicted ("" when none is given).
  "Without Statement" drops Statement events from both sides before matching.

score.py walks a Python set when a predicted entity's surfaces name two unused gold
entities, so its choice there depends on the hash seed; here the entity's name comes
first, then its aliases in their order.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError

CATEGORIES = (
    "Meeting", "Visit", "Talks", "Summit", "PhoneCall",
    "Statement", "Warning", "MilitaryAction", "Sanction", "Detention",
)
CONTACT = frozenset({"Meeting", "Visit", "Talks", "Summit", "PhoneCall"})
STOP_WORDS = frozenset({"of", "the", "for", "and", "a", "an", "to", "'s", "s", "u", "us"})
TYPE_GROUPS = {
    "Person": "Person", "Organization": "Organization", "Country": "Country",
    "City": "Place", "Place": "Place", "Location": "Place", "GPE": "Place",
}
PRF_KEYS = ("entities_typed", "entities_untyped", "roles", "events_strict", "events_loose")
_GOLD_DATE = re.compile(r"\d{4}(-\d{2}){0,2}")


def fold(name: str | None) -> str:
    """A name as the scorer compares it: "The U.S. Départment" → "us department"."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("\u00ad", "").replace("’", "'").lower()
    text = re.sub(r"[.\u2019]", "", text)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"^the ", "", text)


def content_words(title: str | None) -> set[str]:
    """The words of a role title that count: "Minister of Foreign Affairs" → {minister, foreign, affairs}."""
    return {w for w in re.findall(r"[a-z]+", fold(title)) if w not in STOP_WORDS}


def _forms(entity: dict) -> list[str]:
    return [entity.get("name") or "", *(entity.get("aliases") or ())]


class Resolver:
    """Gold surfaces of one document and the predicted entities' aliases."""

    def __init__(self, gold_entities: Iterable[dict], predicted_entities: Iterable[dict]):
        self.surfaces: dict[str, int] = {}
        for index, entity in enumerate(gold_entities):
            for form in _forms(entity):
                self.surfaces.setdefault(fold(form), index)
        self._aliases: dict[str, list[str]] = {}
        for entity in predicted_entities:
            forms = _forms(entity)
            for form in forms:
                self._aliases[fold(form)] = forms

    def gold(self, name: str | None) -> int | None:
        """The gold entity owning this surface (gold names are looked up as written)."""
        return self.surfaces.get(fold(name))

    def resolve(self, name: str | None) -> int | None:
        """The gold entity a predicted name stands for, or None."""
        if not name:
            return None
        for form in (name, *self._aliases.get(fold(name), ())):
            index = self.surfaces.get(fold(form))
            if index is not None:
                return index
        last = fold(name).split(" ")[-1]
        if len(last) <= 3:
            return None
        owners = {i for s, i in self.surfaces.items() if s.split(" ")[-1] == last}
        return owners.pop() if len(owners) == 1 else None


@dataclass
class Tally:
    """Counts summed over documents; ``prf`` entries are [tp, predicted, gold]."""

    prf: dict[str, list[int]] = field(default_factory=lambda: {k: [0, 0, 0] for k in PRF_KEYS})
    location: list[int] = field(default_factory=lambda: [0, 0])  # correct, judged
    date: list[int] = field(default_factory=lambda: [0, 0])

    def add(self, key: str, *values: int) -> None:
        self.prf[key] = [a + b for a, b in zip(self.prf[key], values, strict=True)]


def _category(event: dict) -> str | None:
    return event.get("category") or event.get("type")


def score_entities(gold: dict, pred: dict, res: Resolver, tally: Tally) -> None:
    g_ents, p_ents = gold.get("entities") or [], pred.get("entities") or []
    used: set[int] = set()
    typed = untyped = 0
    for entity in p_ents:
        owners = (res.surfaces.get(fold(form)) for form in _forms(entity))
        hit = next((i for i in owners if i is not None and i not in used), None)
        if hit is None:
            continue
        used.add(hit)
        untyped += 1
        typed += TYPE_GROUPS.get(entity.get("type") or "", "?") == TYPE_GROUPS.get(
            g_ents[hit].get("type") or "", "!"
        )
    tally.add("entities_typed", typed, len(p_ents), len(g_ents))
    tally.add("entities_untyped", untyped, len(p_ents), len(g_ents))


def score_roles(gold: dict, pred: dict, res: Resolver, tally: Tally) -> None:
    g_roles, p_roles = gold.get("roles") or [], pred.get("roles") or []
    used: set[int] = set()
    for role in p_roles:
        person = res.resolve(role.get("person"))
        if person is None:
            continue
        words = content_words(role.get("role"))
        for j, g in enumerate(g_roles):
            if j in used or res.gold(g.get("person")) != person:
                continue
            g_words = content_words(g.get("role"))
            if g_words and words and (g_words <= words or words <= g_words):
                used.add(j)
                break
    tally.add("roles", len(used), len(p_roles), len(g_roles))


def _same_kind(predicted: str | None, gold: str | None, loose: bool) -> bool:
    return predicted == gold or (loose and predicted in CONTACT and gold in CONTACT)


def match_events(
    g_events: list[dict], p_events: list[dict], res: Resolver, *, loose: bool
) -> list[tuple[int, int]]:
    """(gold index, predicted index) pairs, predictions taken in order."""
    g_parts = [{res.gold(p) for p in g.get("participants") or ()} - {None} for g in g_events]
    used: set[int] = set()
    pairs = []
    for k, event in enumerate(p_events):
        category = _category(event)
        parts = {res.resolve(p) for p in event.get("participants") or ()} - {None}
        best, best_overlap = None, 0
        for j, g in enumerate(g_events):
            if j in used or not _same_kind(category, g.get("type"), loose):
                continue
            overlap = len(parts & g_parts[j])
            if overlap >= min(2, len(g_parts[j])) and overlap > best_overlap:
                best, best_overlap = j, overlap
        if best is not None:
            used.add(best)
            pairs.append((best, k))
    return pairs


def score_events(
    gold: dict, pred: dict, res: Resolver, tally: Tally, *, keep=lambda category: True
) -> dict[str, list[int]]:
    """Strict and loose event counts into ``tally``; returns per-category strict counts."""
    g_events = [g for g in gold.get("events") or [] if keep(g.get("type"))]
    p_events = [e for e in pred.get("events") or [] if keep(_category(e))]
    strict = match_events(g_events, p_events, res, loose=False)
    loose = match_events(g_events, p_events, res, loose=True)
    tally.add("events_strict", len(strict), len(p_events), len(g_events))
    tally.add("events_loose", len(loose), len(p_events), len(g_events))
    by_category = {c: [0, 0, 0] for c in CATEGORIES}
    for category in {_category(e) for e in p_events} | {g.get("type") for g in g_events}:
        by_category.setdefault(category or "", [0, 0, 0])
    for j, k in strict:
        g, e = g_events[j], p_events[k]
        if g.get("location"):
            tally.location[1] += 1
            owner = res.gold(g["location"])
            tally.location[0] += owner is not None and res.resolve(e.get("location")) == owner
        gold_date = g.get("date") or ""
        if _GOLD_DATE.fullmatch(gold_date):
            tally.date[1] += 1
            tally.date[0] += str(e.get("date") or "").startswith(gold_date)
        by_category[g.get("type") or ""][0] += 1
    for e in p_events:
        by_category[_category(e) or ""][1] += 1
    for g in g_events:
        by_category[g.get("type") or ""][2] += 1
    return by_category


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float | int]:
    """score.py's figures: counts, and P/R/F1 rounded to 3 places (0.0 when undefined)."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "pred": n_pred, "gold": n_gold, "p": round(p, 3), "r": round(r, 3), "f1": round(f, 3)}


def _accuracy(pair: list[int]) -> float:
    return round(pair[0] / max(1, pair[1]), 3)


def _figures(tally: Tally) -> dict:
    out: dict = {k: prf(*tally.prf[k]) for k in PRF_KEYS}
    out["event_location_acc"] = _accuracy(tally.location)
    out["event_date_acc"] = _accuracy(tally.date)
    return out


def read_gold_folder(gold_dir: Path) -> dict[str, dict]:
    """``NNN`` → gold annotation for every ``NNN.gold.json`` in the folder, in name order."""
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise InputError(f"{gold_dir} is not a folder; pass the folder holding NNN.gold.json files")
    gold = {}
    for path in sorted(gold_dir.glob("*.gold.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise InputError(f"cannot read gold file {path}: {exc}; fix its JSON") from exc
        if not isinstance(data, dict):
            raise InputError(f"gold file {path} must hold a JSON object")
        gold[path.name.split(".")[0]] = data
    if not gold:
        raise InputError(f"no *.gold.json files in {gold_dir}; is this a gold folder?")
    return gold


def score_documents(gold: Mapping[str, dict], predictions: Mapping[str, dict | None]) -> dict:
    """Score predictions (``NNN`` → ``kg extract`` JSON, None when missing) against gold.

    The keys score.py prints (``entities_typed`` … ``event_date_acc``, ``missing_predictions``),
    then ``events_by_category`` (strict, every category) and ``without_statement``.
    """
    overall, rest = Tally(), Tally()
    by_category = {c: [0, 0, 0] for c in CATEGORIES}
    missing = []
    for doc_id, g in gold.items():
        pred = predictions.get(doc_id)
        if pred is None:
            missing.append(doc_id)
            pred = {}
        res = Resolver(g.get("entities") or [], pred.get("entities") or [])
        score_entities(g, pred, res, overall)
        score_roles(g, pred, res, overall)
        for category, counts in score_events(g, pred, res, overall).items():
            total = by_category.setdefault(category, [0, 0, 0])
            by_category[category] = [a + b for a, b in zip(total, counts, strict=True)]
        score_events(g, pred, res, rest, keep=lambda category: category != "Statement")
    report = {"documents_scored": len(gold), **_figures(overall), "missing_predictions": missing}
    extra = sorted(c for c in by_category if c not in CATEGORIES)
    report["events_by_category"] = {c: prf(*by_category[c]) for c in (*CATEGORIES, *extra)}
    without = _figures(rest)
    report["without_statement"] = {k: v for k, v in without.items() if k.startswith("event")}
    return report


def read_predictions(pred_dir: Path, ids: Iterable[str]) -> dict[str, dict | None]:
    """``NNN`` → the JSON in ``pred_dir/NNN.json`` (None when absent or not JSON, as score.py)."""
    out: dict[str, dict | None] = {}
    for doc_id in ids:
        path = Path(pred_dir) / f"{doc_id}.json"
        try:
            out[doc_id] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            out[doc_id] = None
    return out
