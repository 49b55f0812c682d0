"""Score a sentence-level event predictor on the public event-coding benchmarks.

The benchmark files (``/work/shared/benchmarks``) code events in PLOVER categories or CAMEO
codes. Our categories are coarser and diplomacy-only, so each gold event is mapped to the set
of our categories that would be a fair reading of it (``plover_categories``,
``cameo_categories``); an empty set means "no category of ours" and the event is out of
scope. "Statement" is only accepted when the source is a state actor (government, military,
legislature, judiciary, police, intelligence, a bare country code) or an international
organisation, because our Statement is a remark by a state official, government body or
international organisation.

Per sentence: the gold is *positive* when it has at least one in-scope event; the prediction
is positive when ``predict_sentence`` returns at least one asserted event (``modality``
missing or "asserted"). Presence P/R/F1 count sentences. Category accuracy is over the
sentences both call positive: correct when some predicted category is acceptable for some
gold event. ``events`` gives UniversalPetrarch-style counts: each in-scope gold event is
*correct* if a distinct predicted event has an acceptable category, else *uncoded*; predicted
events left over are *extra*. The diplomacy subset is the sentences with a gold event in
PLOVER AGREE, CONSULT, SUPPORT, DEMAND/REQUEST, DISAPPROVE/ACCUSE, REJECT, THREATEN,
SANCTION, or CAMEO roots 01–05, 10–13, 16–17.

``score_petrarch2_benchmark`` reads any CAMEO-coded file, so it also scores
``petrarch_validation.jsonl`` (PETRARCH's unit-test records: fictional actors, mostly WEIS
codes; a functional test of mechanics, not of accuracy). ``score_wikievents_benchmark``
scores ``wikievents_contact_slice.jsonl`` (KAIROS ``Contact.*`` events, every record
positive, so only recall and category accuracy say anything): Meet → Meeting, Talks, Visit,
Summit; Correspondence → PhoneCall; Broadcast → Statement (its speaker is a text span, so
any speaker counts); Contact.Unspecified → any contact category or Statement;
RequestCommand → Statement; ThreatenCoerce → Warning. Its diplomacy subset is the records
with a Meet, Correspondence, RequestCommand or ThreatenCoerce event.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from kg.errors import InputError
from kg.evaluation.devset import prf

PredictSentence = Callable[[str], list[dict]]

STATE_SECTORS = frozenset({"", "GOV", "MIL", "SPY", "LEG", "JUD", "COP", "UAF"})
PLOVER_DIPLOMACY = frozenset({
    "AGREE", "CONSULT", "SUPPORT", "DEMAND", "REQUEST", "DISAPPROVE", "ACCUSE", "REJECT",
    "THREATEN", "SANCTION",
})
CAMEO_DIPLOMACY_ROOTS = frozenset(
    {"01", "02", "03", "04", "05", "10", "11", "12", "13", "16", "17"}
)
_CONSULT_MODES = {
    "visit": {"Visit"},
    "host": {"Visit"},
    "phone": {"PhoneCall"},
    "third-party": {"Meeting", "Talks"},
    "multilateral": {"Summit", "Talks"},
}
_ALL_CONSULT = {"Meeting", "Talks", "Visit", "Summit", "PhoneCall"}
_VERBAL_PLOVER = {"SUPPORT", "DEMAND", "REQUEST", "DISAPPROVE", "ACCUSE", "REJECT"}
_NOT_MILITARY_ASSAULT = {"sexual", "torture", "beat", "primitive"}


def plover_categories(code: str, mode: str | None, state_source: bool) -> set[str]:
    """Our categories that fairly cover one PLOVER event (empty: none of ours)."""
    if code == "CONSULT":
        return set(_CONSULT_MODES.get(mode or "", _ALL_CONSULT))
    if code == "AGREE":
        return {"Talks", "Statement"} if state_source else {"Talks"}
    if code in _VERBAL_PLOVER:
        return {"Statement"} if state_source else set()
    if code == "THREATEN":
        return {"Warning"}
    if code == "SANCTION":
        return {"Sanction"}
    if code == "ASSAULT":
        return set() if mode in _NOT_MILITARY_ASSAULT else {"MilitaryAction"}
    if code == "FIGHT":
        return {"MilitaryAction"}
    if code == "COERCE" and mode in {"arrest", "detain"}:
        return {"Detention"}
    return set()


_CAMEO_EXACT = {
    "040": set(_ALL_CONSULT) - {"PhoneCall"},
    "041": {"PhoneCall"}, "042": {"Visit"}, "043": {"Visit"}, "044": {"Meeting", "Talks"},
    "045": {"Talks"}, "046": {"Talks"}, "057": {"Talks"},
    "160": {"Sanction"}, "161": {"Sanction"}, "162": {"Sanction"}, "163": {"Sanction"},
    "166": {"Sanction"}, "173": {"Detention"},
    "181": set(), "182": set(),
}
_CAMEO_VERBAL = {"01", "02", "03", "10", "11", "12"}
_CAMEO_VERBAL_05 = {"051", "052", "055"}


def cameo_categories(code: str, state_source: bool) -> set[str]:
    """Our categories that fairly cover one CAMEO event code (empty: none of ours)."""
    code = code.strip()
    root = code[:2]
    if code[:3] in _CAMEO_EXACT:
        return set(_CAMEO_EXACT[code[:3]])
    if root in _CAMEO_VERBAL or code[:3] in _CAMEO_VERBAL_05:
        return {"Statement"} if state_source else set()
    if root == "13":
        return {"Warning"}
    if root in {"18", "19", "20"}:
        return {"MilitaryAction"}
    return set()


def _state_code(code: str) -> bool:
    """CAMEO/Phoenix actor code of a state or IGO ("USA", "RUSGOV", "IGOUNO"); not "---REB"."""
    code = (code or "").strip().upper()
    if code.startswith("IGO") or code.startswith("IMG"):
        return True
    if len(code) < 3 or not code[:3].isalpha() or code[:3] in {"NGO", "NGM", "MNC"}:
        return False
    return code[3:6] in STATE_SECTORS


def _plover_state(actors: list[dict]) -> bool:
    for actor in actors:
        code = (actor.get("code") or "").upper()
        sector = (actor.get("sector") or "").upper()
        if code == "IGO" or (len(code) == 3 and code not in {"NGO", "MNC"}
                             and sector[:3] in STATE_SECTORS):
            return True
    return False


def _read_jsonl(path: Path) -> list[dict]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read benchmark file {path}: {exc}") from exc


def _asserted(events: list[dict]) -> list[dict]:
    return [e for e in events or [] if (e.get("modality") or "asserted") == "asserted"]


def _score(path: Path, records: list[tuple[str, list[tuple[str, set[str]]], bool]],
           texts: list[str], predict_sentence: PredictSentence) -> dict:
    """records: (gold key for the table, [(gold code, acceptable categories)], diplomacy?)."""
    tallies = {s: {"records": 0, "in_scope": 0, "pred": 0, "tp": 0, "cat_ok": 0,
                   "correct": 0, "uncoded": 0, "extra": 0} for s in ("all", "diplomacy")}
    by_code: dict[str, dict[str, int]] = {}
    for (key, gold_events, diplomatic), text in zip(records, texts, strict=True):
        pred = _asserted(predict_sentence(text))
        pred_cats = [e.get("category") or e.get("type") or "" for e in pred]
        scoped = [acc for _, acc in gold_events if acc]
        positive, found = bool(scoped), bool(pred)
        cat_ok = positive and found and any(c in acc for acc in scoped for c in pred_cats)
        remaining = list(pred_cats)
        correct = 0
        for acc in scoped:
            hit = next((c for c in remaining if c in acc), None)
            if hit is not None:
                remaining.remove(hit)
                correct += 1
        for subset in ("all", "diplomacy") if diplomatic else ("all",):
            t = tallies[subset]
            t["records"] += 1
            t["in_scope"] += positive
            t["pred"] += found
            t["tp"] += positive and found
            t["cat_ok"] += cat_ok
            t["correct"] += correct
            t["uncoded"] += len(scoped) - correct
            t["extra"] += len(remaining)
        row = by_code.setdefault(key, {"records": 0, "in_scope": 0, "found": 0,
                                       "category_correct": 0})
        row["records"] += 1
        row["in_scope"] += positive
        row["found"] += positive and found
        row["category_correct"] += cat_ok
    out: dict = {"file": Path(path).name}
    for subset, t in tallies.items():
        out[subset] = {
            "records": t["records"],
            "in_scope": t["in_scope"],
            "presence": prf(t["tp"], t["pred"], t["in_scope"]),
            "category_accuracy": {"correct": t["cat_ok"], "total": t["tp"],
                                  "accuracy": round(t["cat_ok"] / t["tp"], 4) if t["tp"] else 0.0},
            "events": {"correct": t["correct"], "uncoded": t["uncoded"], "extra": t["extra"]},
        }
    out["by_gold_code"] = dict(sorted(by_code.items()))
    return out


def score_plover_benchmark(path: Path, predict_sentence: PredictSentence) -> dict:
    """Score ``predict_sentence`` (text → event dicts) on ``plover_gsr_cameo.jsonl``."""
    rows = _read_jsonl(path)
    records, texts = [], []
    for row in rows:
        gold, codes = [], []
        for ev in row.get("expected", []):
            code = ev.get("code", "")
            state = _plover_state(ev.get("source_actors") or [])
            gold.append((code, plover_categories(code, ev.get("mode"), state)))
            codes.append(code)
        key = "+".join(sorted(set(codes))) or "none"
        records.append((key, gold, any(c in PLOVER_DIPLOMACY for c in codes)))
        texts.append(row.get("text", ""))
    return _score(path, records, texts, predict_sentence)


def score_petrarch2_benchmark(path: Path, predict_sentence: PredictSentence) -> dict:
    """Score ``predict_sentence`` on ``petrarch2_gsr_validation.jsonl`` by CAMEO root."""
    rows = _read_jsonl(path)
    records, texts = [], []
    for row in rows:
        gold, roots = [], []
        for ev in row.get("expected", []):
            code = str(ev.get("code", ""))
            gold.append((code, cameo_categories(code, _state_code(ev.get("source", "")))))
            roots.append(code[:2])
        key = "+".join(sorted(set(roots))) or "none"
        records.append((key, gold, any(r in CAMEO_DIPLOMACY_ROOTS for r in roots)))
        texts.append(row.get("text", ""))
    return _score(path, records, texts, predict_sentence)


_KAIROS = {
    "Contact.Contact.Meet": {"Meeting", "Talks", "Visit", "Summit"},
    "Contact.Contact.Correspondence": {"PhoneCall"},
    "Contact.Contact.Broadcast": {"Statement"},
    "Contact.Contact.Unspecified": _ALL_CONSULT | {"Statement"},
    "Contact.RequestCommand": {"Statement"},
    "Contact.ThreatenCoerce": {"Warning"},
}
KAIROS_DIPLOMACY = frozenset({"Contact.Contact.Meet", "Contact.Contact.Correspondence",
                              "Contact.RequestCommand", "Contact.ThreatenCoerce"})


def _kairos_kind(code: str) -> str:
    """"Contact.RequestCommand.Unspecified" → "Contact.RequestCommand"; Contact.Contact.* kept."""
    parts = code.split(".")
    return ".".join(parts[:3] if parts[:2] == ["Contact", "Contact"] else parts[:2])


def kairos_categories(code: str) -> set[str]:
    """Our categories that fairly cover one KAIROS event type (empty: none of ours)."""
    return set(_KAIROS.get(_kairos_kind(code), ()))


def score_wikievents_benchmark(path: Path, predict_sentence: PredictSentence) -> dict:
    """Score ``predict_sentence`` on ``wikievents_contact_slice.jsonl`` (KAIROS Contact events)."""
    rows = _read_jsonl(path)
    records, texts = [], []
    for row in rows:
        kinds = [_kairos_kind(str(ev.get("code", ""))) for ev in row.get("expected", [])]
        gold = [(kind, kairos_categories(kind)) for kind in kinds]
        key = "+".join(sorted({k.removeprefix("Contact.") for k in kinds})) or "none"
        records.append((key, gold, any(k in KAIROS_DIPLOMACY for k in kinds)))
        texts.append(row.get("text", ""))
    return _score(path, records, texts, predict_sentence)
