"""The evaluation scorer, checked with hand-made predictions and exact numbers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.evaluation import (
    MATCHING_RULES,
    cameo_categories,
    evaluate,
    kairos_categories,
    norm_name,
    plover_categories,
    read_gold_folder,
    read_predictions,
    render_benchmark,
    render_evaluation,
    render_report,
    roles_match,
    score_documents,
    score_petrarch2_benchmark,
    score_plover_benchmark,
    score_predictions,
    score_wikievents_benchmark,
    write_predictions,
)
from kg.evaluation.predict import article_paths, meta_published, read_article
from kg.evaluation.scorer import CATEGORIES as CATEGORY_ORDER
from kg.evaluation.scorer import Resolver, content_words, fold

DEVSET = Path(__file__).parent / "devset"
CATEGORIES = {"Meeting", "Visit", "Talks", "Summit", "PhoneCall", "Statement", "Warning",
              "MilitaryAction", "Sanction", "Detention"}


# ---------------------------------------------------------------- matching rules

@pytest.mark.parametrize(("gold", "pred", "expected"), [
    ("foreign minister", "minister", True),
    ("foreign minister", "Foreign Minister", True),
    ("director", "CIA director", True),
    ("secretary of state", "secretary", True),
    ("federal chancellor", "chancellor", True),
    ("prime minister", "foreign minister", False),
    ("deputy foreign minister", "foreign minister", False),
    ("spokesman", "spokeswoman", False),
    ("head", "director", False),
])
def test_roles_match(gold, pred, expected):
    assert roles_match(gold, pred) is expected


def test_norm_name_ignores_case_accents_dots_and_article():
    assert norm_name("The Kremlin") == "kremlin"
    assert norm_name("U.S.") == "us"
    assert norm_name("Élysée  Palace") == "elysee palace"
    assert norm_name(None) == ""


def test_rules_are_documented():
    for phrase in ("Jaccard", "aliases", "confidence", "head word", "one-to-one"):
        assert phrase in MATCHING_RULES


# ---------------------------------------------------------------- dev-set scorer

GOLD_A = {
    "entities": [
        {"name": "William Burns", "type": "Person"},
        {"name": "Sergei Naryshkin", "type": "Person"},
        {"name": "Ankara", "type": "City"},
        {"name": "Central Intelligence Agency", "type": "Organization"},
        {"name": "Russia", "type": "Country"},
    ],
    "roles": [
        {"person": "William Burns", "role": "director",
         "organization": "Central Intelligence Agency", "country": "United States"},
        {"person": "Sergei Naryshkin", "role": "head", "organization": None, "country": "Russia"},
    ],
    "events": [
        {"type": "Meeting", "participants": ["William Burns", "Sergei Naryshkin"],
         "location": "Ankara", "date": "2022-11-14", "modality": "asserted"},
        {"type": "Statement", "participants": ["Dmitry Peskov"], "location": None,
         "date": None, "modality": "asserted"},
    ],
    "unasserted_events": [
        {"type": "Talks", "participants": ["William Burns"], "location": None, "date": None,
         "modality": "negated"},
    ],
}
PRED_A = {
    "entities": [
        {"name": "William Burns", "type": "Person", "aliases": ["Burns"]},
        {"name": "Naryshkin", "type": "Person", "aliases": ["Sergei Naryshkin"]},
        {"name": "Ankara", "type": "Place", "aliases": []},
        {"name": "CIA", "type": "IntelligenceAgency", "aliases": ["Central Intelligence Agency"]},
        {"name": "Turkey", "type": "Country", "aliases": []},
    ],
    "roles": [
        {"person": "Burns", "role": "CIA director", "organization": "CIA",
         "country": "United States"},
        {"person": "Naryshkin", "role": "director", "organization": None, "country": "Russia"},
    ],
    "events": [
        {"category": "Meeting", "type": "MeetingThirdLocation",
         "participants": ["William Burns", "Naryshkin"], "location": "Ankara",
         "date": "2022-11-14", "modality": "asserted", "confidence": 0.9},
        {"category": "Statement", "type": "PublicStatement", "participants": ["Sergei Lavrov"],
         "location": None, "date": None, "modality": "asserted", "confidence": 0.6},
        {"category": "Talks", "type": "Negotiation", "participants": ["William Burns"],
         "location": None, "date": None, "modality": "negated", "confidence": 0.8},
    ],
}
GOLD_B = {
    "entities": [
        {"name": "Emmanuel Macron", "type": "Person"},
        {"name": "Vladimir Putin", "type": "Person"},
        {"name": "France", "type": "Country"},
    ],
    "roles": [],
    "events": [
        {"type": "PhoneCall", "participants": ["Emmanuel Macron", "Vladimir Putin"],
         "location": None, "date": "2022-09-11", "modality": "asserted"},
        {"type": "Warning", "participants": ["Vladimir Putin", "France"], "location": None,
         "date": None, "modality": "asserted"},
    ],
    "unasserted_events": [
        {"type": "Meeting", "participants": ["Emmanuel Macron", "Vladimir Putin"],
         "location": None, "date": None, "modality": "negated"},
    ],
}
PRED_B = {
    "entities": [
        {"name": "Emmanuel Macron", "type": "Person", "aliases": ["Macron"]},
        {"name": "Putin", "type": "Person", "aliases": ["Vladimir Putin"]},
        {"name": "Paris", "type": "City", "aliases": []},
    ],
    "roles": [],
    "events": [
        {"category": "PhoneCall", "participants": ["Emmanuel Macron", "Putin", "France"],
         "location": None, "date": "2022-09-10", "modality": "asserted", "confidence": 0.7},
        {"category": "Meeting", "participants": ["Emmanuel Macron", "Putin"],
         "location": None, "date": None, "modality": "asserted"},
    ],
    "unasserted_events": [],
}


@pytest.fixture
def gold_dir(tmp_path: Path) -> Path:
    (tmp_path / "001.txt").write_text("Burns met Naryshkin in Ankara.", encoding="utf-8")
    (tmp_path / "001.gold.json").write_text(json.dumps(GOLD_A), encoding="utf-8")
    (tmp_path / "002.html").write_text("<p>Macron called Putin.</p>", encoding="utf-8")
    (tmp_path / "002.gold.json").write_text(json.dumps(GOLD_B), encoding="utf-8")
    return tmp_path


def _predict(seen: list[str]):
    def predict(path: Path) -> dict:
        seen.append(path.name)
        return {"001.txt": PRED_A, "002.html": PRED_B}[path.name]
    return predict


def test_evaluate_exact_scores(gold_dir: Path):
    seen: list[str] = []
    report = evaluate(gold_dir, _predict(seen))
    assert seen == ["001.txt", "002.html"]
    assert report["documents_scored"] == 2

    ents = report["entities"]
    assert (ents["all"]["tp"], ents["all"]["predicted"], ents["all"]["gold"]) == (5, 8, 8)
    assert ents["all"]["precision"] == ents["all"]["recall"] == ents["all"]["f1"] == 0.625
    assert (ents["Person"]["tp"], ents["Person"]["gold"]) == (4, 4)
    assert (ents["Organization"]["tp"], ents["Organization"]["gold"]) == (1, 1)
    assert (ents["City"]["tp"], ents["City"]["predicted"], ents["City"]["gold"]) == (0, 1, 1)
    assert (ents["Place"]["predicted"], ents["Country"]["predicted"], ents["Country"]["gold"]) == (
        1, 1, 2)

    assert report["roles"] == {"tp": 1, "predicted": 2, "gold": 2,
                               "precision": 0.5, "recall": 0.5, "f1": 0.5}
    assert report["role_affiliation_accuracy"] == {"correct": 2, "total": 2, "accuracy": 1.0}

    assert report["events"] == {"tp": 2, "predicted": 4, "gold": 4,
                                "precision": 0.5, "recall": 0.5, "f1": 0.5}
    by_cat = report["events_by_category"]
    assert set(by_cat) == CATEGORIES
    assert (by_cat["Meeting"]["tp"], by_cat["Meeting"]["predicted"]) == (1, 2)
    assert (by_cat["PhoneCall"]["tp"], by_cat["PhoneCall"]["gold"]) == (1, 1)
    assert (by_cat["Warning"]["gold"], by_cat["Warning"]["predicted"]) == (1, 0)
    assert (by_cat["Statement"]["tp"], by_cat["Statement"]["predicted"]) == (0, 1)
    assert report["event_place_accuracy"] == {"correct": 2, "total": 2, "accuracy": 1.0}
    assert report["event_date_accuracy"] == {"correct": 1, "total": 2, "accuracy": 0.5}

    at = report["event_precision_at_confidence"]
    assert [(at[t]["predicted"], at[t]["tp"]) for t in ("0.5", "0.6", "0.7", "0.8", "0.9")] == [
        (4, 2), (4, 2), (3, 2), (2, 1), (2, 1)]
    assert at["0.7"]["precision"] == 0.6667
    assert at["0.9"]["recall"] == 0.25

    assert report["unasserted_events"] == {"tp": 1, "predicted": 1, "gold": 2,
                                           "precision": 1.0, "recall": 0.5, "f1": 0.6667}
    assert report["unasserted_modality_accuracy"]["accuracy"] == 1.0
    assert report["unasserted_predicted_as_asserted"] == 1

    doc_a = report["documents"][0]
    assert doc_a["entities"]["missed"] == ["Ankara (City)", "Russia (Country)"]
    assert doc_a["events"]["spurious"] == ["Statement(Sergei Lavrov)"]
    json.dumps(report)  # serialisable as is


def test_render_report_is_a_table(gold_dir: Path):
    report = evaluate(gold_dir, _predict([]))
    text = render_report(report)
    assert "Documents scored: 2" in text
    assert "0.625" in text
    assert "PhoneCall" in text and "confidence" in text
    assert "spurious" not in text
    assert "events spurious: Statement(Sergei Lavrov)" in render_report(report, details=True)


def test_perfect_prediction_scores_one(gold_dir: Path):
    def as_prediction(gold: dict) -> dict:
        events = [{**e, "category": e["type"]} for e in gold["events"]]
        unasserted = [{**e, "category": e["type"]} for e in gold["unasserted_events"]]
        return {"entities": gold["entities"], "roles": gold["roles"], "events": events,
                "unasserted_events": unasserted}

    golds = {"001.txt": GOLD_A, "002.html": GOLD_B}
    report = evaluate(gold_dir, lambda p: as_prediction(golds[p.name]))
    for key in ("roles", "events", "unasserted_events"):
        assert report[key]["f1"] == 1.0
    assert report["entities"]["all"]["f1"] == 1.0
    assert report["event_date_accuracy"]["accuracy"] == 1.0


def test_empty_prediction_scores_zero(gold_dir: Path):
    report = evaluate(gold_dir, lambda p: {})
    assert report["events"]["recall"] == 0.0
    assert report["events"]["precision"] == 0.0
    assert report["event_place_accuracy"] == {"correct": 0, "total": 0, "accuracy": 0.0}


def test_bad_gold_folders_raise_input_error(tmp_path: Path):
    with pytest.raises(InputError, match=r"no \*\.gold\.json"):
        evaluate(tmp_path, lambda p: {})
    with pytest.raises(InputError, match="not a folder"):
        evaluate(tmp_path / "missing", lambda p: {})
    (tmp_path / "009.gold.json").write_text("{}", encoding="utf-8")
    with pytest.raises(InputError, match=r"add 009.txt"):
        evaluate(tmp_path, lambda p: {})
    (tmp_path / "009.txt").write_text("text", encoding="utf-8")
    (tmp_path / "009.gold.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="fix its JSON"):
        evaluate(tmp_path, lambda p: {})


# ---------------------------------------------------------------- the development set itself

def _devset_golds():
    return sorted(DEVSET.glob("*.gold.json"))


def test_devset_is_complete_and_consistent():
    golds = _devset_golds()
    assert len(golds) >= 25
    seen_categories: set[str] = set()
    modalities: set[str] = set()
    for gold_path in golds:
        stem = gold_path.name[: -len(".gold.json")]
        assert (DEVSET / f"{stem}.txt").exists() or (DEVSET / f"{stem}.html").exists()
        meta = json.loads((DEVSET / f"{stem}.meta.json").read_text(encoding="utf-8"))
        assert set(meta) == {"title", "outlet", "publication_date"}
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        names = {e["name"] for e in gold["entities"]}
        assert len(names) == len(gold["entities"]), stem
        for ent in gold["entities"]:
            assert ent["type"] in {"Person", "Organization", "Country", "City", "Place"}
        for role in gold["roles"]:
            assert role["person"] in names and role["role"] == role["role"].lower(), stem
            for key in ("organization", "country"):
                assert role[key] is None or role[key] in names, (stem, role)
        for key, allowed in (("events", {"asserted"}),
                             ("unasserted_events", {"negated", "future", "hypothetical"})):
            for event in gold[key]:
                assert event["type"] in CATEGORIES, (stem, event)
                assert event["modality"] in allowed, (stem, event)
                assert set(event["participants"]) <= names, (stem, event)
                assert event["location"] is None or event["location"] in names, (stem, event)
                if key == "events":
                    seen_categories.add(event["type"])
                else:
                    modalities.add(event["modality"])
    assert seen_categories == CATEGORIES
    assert {"negated", "future"} <= modalities


def test_devset_scores_itself_perfectly():
    def predict(path: Path) -> dict:
        gold = json.loads(path.with_name(path.stem + ".gold.json").read_text(encoding="utf-8"))
        return {"entities": gold["entities"], "roles": gold["roles"],
                "events": gold["events"], "unasserted_events": gold["unasserted_events"]}

    report = evaluate(DEVSET, predict)
    assert report["entities"]["all"]["f1"] == 1.0
    assert report["roles"]["f1"] == 1.0
    assert report["events"]["f1"] == 1.0


# ---------------------------------------------------------------- public benchmarks

def test_category_crosswalks():
    assert plover_categories("CONSULT", "phone", True) == {"PhoneCall"}
    assert plover_categories("CONSULT", "host", False) == {"Visit"}
    assert plover_categories("THREATEN", None, False) == {"Warning"}
    assert plover_categories("DEMAND", None, True) == {"Statement"}
    assert plover_categories("DEMAND", None, False) == set()
    assert plover_categories("COERCE", "arrest", False) == {"Detention"}
    assert plover_categories("COERCE", "censor", True) == set()
    assert plover_categories("ASSAULT", "torture", True) == set()
    assert plover_categories("PROTEST", "riot", True) == set()
    assert cameo_categories("042", True) == {"Visit"}
    assert cameo_categories("044", True) == {"Meeting", "Talks"}
    assert cameo_categories("0352", True) == {"Statement"}
    assert cameo_categories("112", False) == set()
    assert cameo_categories("163", True) == {"Sanction"}
    assert cameo_categories("164", True) == set()
    assert cameo_categories("173", True) == {"Detention"}
    assert cameo_categories("195", True) == {"MilitaryAction"}
    assert cameo_categories("084", True) == set()


def _plover(rid: str, text: str, code: str, mode, actor: dict) -> dict:
    return {"id": rid, "text": text, "date": "2000-01-01",
            "expected": [{"source": actor["code"], "target": "", "code": code, "mode": mode,
                          "source_actors": [actor], "target_actors": []}]}


def _write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_score_plover_benchmark_exact(tmp_path: Path):
    rows = [
        _plover("r1", "s1", "CONSULT", "phone", {"code": "USA", "sector": "GOV"}),
        _plover("r2", "s2", "THREATEN", None, {"code": "RUS", "sector": None}),
        _plover("r3", "s3", "PROTEST", "riot", {"code": "FRA", "sector": "CVL"}),
        _plover("r4", "s4", "DEMAND", None, {"code": "AFG", "sector": "REB"}),
        _plover("r5", "s5", "DEMAND", None, {"code": "USA", "sector": "GOV"}),
    ]
    predictions = {
        "s1": [{"category": "PhoneCall"}],
        "s2": [{"category": "Statement"}],
        "s3": [{"category": "Statement", "modality": "asserted"}],
        "s4": [],
        "s5": [{"category": "Statement", "modality": "future"}],
    }
    report = score_plover_benchmark(_write_jsonl(tmp_path / "p.jsonl", rows), predictions.get)
    whole = report["all"]
    assert (whole["records"], whole["in_scope"]) == (5, 3)
    assert whole["presence"] == {"tp": 2, "predicted": 3, "gold": 3,
                                 "precision": 0.6667, "recall": 0.6667, "f1": 0.6667}
    assert whole["category_accuracy"] == {"correct": 1, "total": 2, "accuracy": 0.5}
    assert whole["events"] == {"correct": 1, "uncoded": 2, "extra": 2}
    dip = report["diplomacy"]
    assert (dip["records"], dip["in_scope"]) == (4, 3)
    assert dip["presence"] == {"tp": 2, "predicted": 2, "gold": 3,
                               "precision": 1.0, "recall": 0.6667, "f1": 0.8}
    assert report["by_gold_code"]["DEMAND"] == {"records": 2, "in_scope": 1, "found": 0,
                                                "category_correct": 0}
    assert report["by_gold_code"]["THREATEN"]["category_correct"] == 0
    assert "plover" in render_benchmark(report).lower() or "p.jsonl" in render_benchmark(report)
    json.dumps(report)


def test_score_petrarch2_benchmark_exact(tmp_path: Path):
    rows = [
        {"id": "p1", "text": "t1", "date": "2008-08-04", "expected": []},
        {"id": "p2", "text": "t2", "date": "2008-08-04",
         "expected": [{"source": "USA", "target": "CHN", "code": "042"}]},
        {"id": "p3", "text": "t3", "date": "2008-08-04",
         "expected": [{"source": "---REB", "target": "SYR", "code": "190"}]},
        {"id": "p4", "text": "t4", "date": "2008-08-04",
         "expected": [{"source": "SYROPPHRI", "target": "---MIL", "code": "112"}]},
    ]
    predictions = {"t1": [{"category": "Meeting"}], "t2": [{"category": "Visit"}], "t3": [],
                   "t4": [{"category": "Statement"}]}
    report = score_petrarch2_benchmark(_write_jsonl(tmp_path / "q.jsonl", rows), predictions.get)
    assert report["all"]["presence"] == {"tp": 1, "predicted": 3, "gold": 2,
                                         "precision": 0.3333, "recall": 0.5, "f1": 0.4}
    assert report["all"]["category_accuracy"]["accuracy"] == 1.0
    assert report["diplomacy"]["presence"] == {"tp": 1, "predicted": 2, "gold": 1,
                                               "precision": 0.5, "recall": 1.0, "f1": 0.6667}
    assert report["by_gold_code"]["none"]["records"] == 1


BENCHMARKS = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks"


@pytest.mark.skipif(not (BENCHMARKS / "plover_gsr_cameo.jsonl").exists(),
                    reason=f"public benchmark files not found in {BENCHMARKS} (../shared)")
def test_real_benchmark_files_load():
    plover = score_plover_benchmark(BENCHMARKS / "plover_gsr_cameo.jsonl", lambda s: [])
    assert plover["all"]["records"] == 322
    assert plover["all"]["presence"]["recall"] == 0.0
    petr = score_petrarch2_benchmark(BENCHMARKS / "petrarch2_gsr_validation.jsonl", lambda s: [])
    assert petr["all"]["records"] == 78
    assert petr["by_gold_code"]["none"]["records"] == 12
    unit = score_petrarch2_benchmark(BENCHMARKS / "petrarch_validation.jsonl", lambda s: [])
    assert unit["all"]["records"] == 284
    wiki = score_wikievents_benchmark(BENCHMARKS / "wikievents_contact_slice.jsonl", lambda s: [])
    assert (wiki["all"]["records"], wiki["all"]["in_scope"]) == (58, 58)


def test_score_wikievents_benchmark_exact(tmp_path: Path):
    rows = [
        {"id": "a", "text": "They met in Qatar.", "expected": [{"code": "Contact.Contact.Meet"}]},
        {"id": "b", "text": "He said so.", "expected": [{"code": "Contact.Contact.Broadcast"}]},
        {"id": "c", "text": "She called him.",
         "expected": [{"code": "Contact.Contact.Correspondence"}]},
        {"id": "d", "text": "They demanded it.",
         "expected": [{"code": "Contact.RequestCommand.Unspecified"}]},
    ]
    path = tmp_path / "we.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    answers = {"They met in Qatar.": [{"category": "Meeting"}], "He said so.": [],
               "She called him.": [{"category": "Meeting"}],
               "They demanded it.": [{"category": "Statement"}, {"category": "Warning"}]}
    report = score_wikievents_benchmark(path, lambda text: answers[text])
    assert kairos_categories("Contact.ThreatenCoerce.Unspecified") == {"Warning"}
    assert kairos_categories("Life.Die") == set()
    assert report["all"]["presence"]["recall"] == 0.75
    assert report["all"]["category_accuracy"] == {"correct": 2, "total": 3, "accuracy": 0.6667}
    assert report["all"]["events"] == {"correct": 2, "uncoded": 2, "extra": 2}
    assert report["diplomacy"]["records"] == 3  # Broadcast is not in the diplomacy subset
    assert set(report["by_gold_code"]) == {"Contact.Meet", "Contact.Broadcast",
                                           "Contact.Correspondence", "RequestCommand"}


def test_unreadable_benchmark_raises_input_error(tmp_path: Path):
    with pytest.raises(InputError):
        score_plover_benchmark(tmp_path / "missing.jsonl", lambda s: [])


# ---------------------------------------------------------------- score.py rules (kg eval's default)

SCORE_PY = Path(__file__).resolve().parents[1].parent / "shared" / "devset-news" / "score.py"

NEWS_GOLD = {
    "001": {
        "entities": [
            {"name": "William Burns", "type": "Person", "aliases": ["Bill Burns"]},
            {"name": "Sergei Naryshkin", "type": "Person"},
            {"name": "Ankara", "type": "City"},
            {"name": "Central Intelligence Agency", "type": "Organization", "aliases": ["CIA"]},
            {"name": "Turkey", "type": "Country"},
            {"name": "United States", "type": "Country", "aliases": ["U.S."]},
            {"name": "Recep Tayyip Erdogan", "type": "Person"},
        ],
        "roles": [
            {"person": "William Burns", "role": "director"},
            {"person": "Sergei Naryshkin", "role": "director of the foreign intelligence service"},
        ],
        "events": [
            {"type": "Meeting", "participants": ["William Burns", "Sergei Naryshkin"],
             "location": "Ankara", "date": "2022-11-14"},
            {"type": "Visit", "participants": ["William Burns", "Turkey"], "location": "Ankara",
             "date": "2022-11"},
            {"type": "Statement", "participants": ["Recep Tayyip Erdogan"], "location": "Ankara",
             "date": "around November"},
            {"type": "Statement", "participants": ["Sergei Naryshkin"], "location": None,
             "date": "2022-11"},
        ],
    },
    "002": {
        "entities": [{"name": "Emmanuel Macron", "type": "Person"}],
        "roles": [],
        "events": [{"type": "PhoneCall", "participants": ["Emmanuel Macron"], "location": None,
                    "date": None}],
    },
}

NEWS_PRED = {
    "entities": [
        {"name": "Burns", "type": "Person", "aliases": ["William J. Burns"]},  # resolves, no match
        {"name": "Sergei Naryshkin", "type": "Person", "aliases": []},
        {"name": "Ankara", "type": "Place", "aliases": []},  # City and Place are one group
        {"name": "CIA", "type": "GovernmentBody", "aliases": []},  # untyped only
        {"name": "Türkiye", "type": "Country", "aliases": ["Turkey"]},
        {"name": "Turkey", "type": "Country", "aliases": []},  # its gold entity is taken
        {"name": "Erdogan", "type": "Person", "aliases": []},
    ],
    "roles": [
        {"person": "Burns", "role": "CIA director"},
        {"person": "Sergei Naryshkin", "role": "head"},
        {"person": "Nobody Smith", "role": "minister"},
    ],
    "events": [
        {"category": "Meeting", "participants": ["Burns", "Sergei Naryshkin"],
         "location": "Ankara", "date": "2022-11-13"},
        {"category": "Talks", "participants": ["Burns", "Türkiye"], "location": "Istanbul",
         "date": "2022-11-15"},
        {"category": "Statement", "participants": ["Erdogan"], "location": "Istanbul",
         "date": None},
        {"category": "Statement", "participants": ["Sergei Naryshkin", "Erdogan"],
         "location": None, "date": "2022-11-14"},
        {"category": "Warning", "participants": ["Nobody"], "location": None, "date": None},
        {"category": "Agreement", "participants": ["Burns"], "location": None, "date": None},
    ],
}


def _counts(m: dict) -> tuple:
    return m["tp"], m["pred"], m["gold"], m["p"], m["r"], m["f1"]


def test_score_rules_exact_figures():
    report = score_documents(NEWS_GOLD, {"001": NEWS_PRED, "002": None})
    assert report["documents_scored"] == 2
    assert report["missing_predictions"] == ["002"]
    assert _counts(report["entities_typed"]) == (3, 7, 8, 0.429, 0.375, 0.4)
    assert _counts(report["entities_untyped"]) == (4, 7, 8, 0.571, 0.5, 0.533)
    assert _counts(report["roles"]) == (1, 3, 2, 0.333, 0.5, 0.4)
    assert _counts(report["events_strict"]) == (3, 6, 5, 0.5, 0.6, 0.545)
    assert _counts(report["events_loose"]) == (4, 6, 5, 0.667, 0.8, 0.727)
    assert report["event_location_acc"] == 0.5  # Ankara right, Istanbul wrong; no gold place: not judged
    assert report["event_date_acc"] == 0.5  # 2022-11-13 wrong; 2022-11-14 starts with 2022-11
    by_cat = report["events_by_category"]
    assert list(by_cat) == [*CATEGORY_ORDER, "Agreement"]  # a category gold never uses comes last
    assert _counts(by_cat["Meeting"])[:3] == (1, 1, 1)
    assert _counts(by_cat["Visit"])[:3] == (0, 0, 1)
    assert _counts(by_cat["Talks"])[:3] == (0, 1, 0)
    assert _counts(by_cat["Statement"]) == (2, 2, 2, 1.0, 1.0, 1.0)
    assert _counts(by_cat["PhoneCall"])[:3] == (0, 0, 1)
    assert _counts(by_cat["Agreement"])[:3] == (0, 1, 0)
    assert sum(m["tp"] for m in by_cat.values()) == report["events_strict"]["tp"]
    assert sum(m["pred"] for m in by_cat.values()) == report["events_strict"]["pred"]
    rest = report["without_statement"]
    assert _counts(rest["events_strict"]) == (1, 4, 3, 0.25, 0.333, 0.286)
    assert _counts(rest["events_loose"]) == (2, 4, 3, 0.5, 0.667, 0.571)
    assert (rest["event_location_acc"], rest["event_date_acc"]) == (1.0, 0.0)
    json.dumps(report)


def test_score_rules_names_and_titles():
    assert fold("The U.S. Dépar\u00adtment’s") == "us department's"
    assert content_words("Minister of Foreign Affairs") == {"minister", "foreign", "affairs"}
    res = Resolver(NEWS_GOLD["001"]["entities"] + [{"name": "Joe Burns", "type": "Person"}],
                   NEWS_PRED["entities"])
    assert res.resolve("Burns") is None  # two gold names end in Burns
    assert res.resolve("Türkiye") == 4 and res.resolve("turkey") == 4
    assert res.resolve("Erdogan") == 6 and res.resolve("Erdo") is None


def test_score_rules_tie_takes_the_entity_name_first():
    gold = {"x": {"entities": [{"name": "Palestinian Authority", "type": "Organization"},
                               {"name": "Palestine", "type": "Country"}]}}
    pred = {"entities": [{"name": "Palestine", "type": "Country",
                          "aliases": ["Palestinian Authority"]}]}
    report = score_documents(gold, {"x": pred})
    assert _counts(report["entities_typed"])[:3] == (1, 1, 2)


def test_render_scores_and_rule_choice(tmp_path: Path):
    for doc_id, gold in NEWS_GOLD.items():
        (tmp_path / f"{doc_id}.txt").write_text("Text.", encoding="utf-8")
        (tmp_path / f"{doc_id}.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    report = score_predictions(tmp_path, {"001": NEWS_PRED})
    assert report["rules"] == "score" and report["missing_predictions"] == ["002"]
    text = render_evaluation(report)
    assert "entities typed         8     7     3  0.429  0.375  0.400" in text
    assert "Events without Statement" in text and "missing predictions: 002" in text
    assert all(c in text for c in CATEGORY_ORDER)
    kg_rules = score_predictions(tmp_path, {"001": NEWS_PRED}, rules="kg")
    assert kg_rules["rules"] == "kg" and "Unasserted events" in render_evaluation(kg_rules)
    with pytest.raises(InputError, match="unknown rules"):
        score_predictions(tmp_path, {}, rules="jaccard")
    with pytest.raises(InputError, match="is not a folder"):
        score_predictions(tmp_path / "001.txt", {})
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match=r"no \*\.gold\.json"):
        score_predictions(tmp_path / "empty", {})


@pytest.mark.skipif(not SCORE_PY.is_file(), reason=f"{SCORE_PY} not found (../shared beside the checkout)")
def test_score_rules_agree_with_score_py_on_hand_made_files(tmp_path: Path):
    gold_dir, pred_dir = tmp_path / "gold", tmp_path / "pred"
    gold_dir.mkdir()
    for doc_id, gold in NEWS_GOLD.items():
        (gold_dir / f"{doc_id}.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    write_predictions({"001": NEWS_PRED}, pred_dir)
    ours = score_documents(read_gold_folder(gold_dir), read_predictions(pred_dir, NEWS_GOLD))
    theirs = json.loads(subprocess.run([sys.executable, str(SCORE_PY), str(gold_dir), str(pred_dir),
                                        "--json"], capture_output=True, check=True, text=True).stdout)
    assert {k: ours[k] for k in theirs} == theirs


# ---------------------------------------------------------------- meta dates for kg eval

@pytest.mark.parametrize(("value", "iso", "warned"), [
    ("2022-11-14", "2022-11-14", False),
    ("2004-11", "2004-11", False),
    ("2004-11 (approx.)", "2004-11", True),
    ("Nov. 2004 (approx.)", "2004-11", True),
    ("early 2005", "2005", True),
    ("November or December 2004", "2004", True),
    ("late 2004 or early 2005", None, True),
    ("unknown", None, True),
    (None, None, False),
])
def test_meta_publication_date_is_read_at_the_precision_it_has(tmp_path: Path, value, iso, warned):
    (tmp_path / "007.txt").write_text("Envoys met.", encoding="utf-8")
    (tmp_path / "007.meta.json").write_text(json.dumps({"publication_date": value}), encoding="utf-8")
    published, warning = meta_published(tmp_path / "007.txt")
    assert published == iso
    assert (warning is not None) == warned
    if warned:
        assert str(tmp_path / "007.meta.json") in warning


def test_articles_are_read_from_their_text_alone(tmp_path: Path):
    (tmp_path / "007.txt").write_text("Envoys Meet\n\nThe envoys met in Oslo.", encoding="utf-8")
    (tmp_path / "007.html").write_text("<p>Other</p>", encoding="utf-8")
    (tmp_path / "007.gold.json").write_text("{}", encoding="utf-8")
    (tmp_path / "007.meta.json").write_text(json.dumps(
        {"title": "Sidecar title", "outlet": "Wire", "publication_date": "2004-11 (approx.)"}))
    assert article_paths(tmp_path) == {"007": tmp_path / "007.txt"}
    doc = read_article(tmp_path / "007.txt", "2004-11")
    assert (doc.title, doc.outlet, doc.published) == ("Envoys Meet", None, "2004-11")
    with pytest.raises(InputError, match="has no article"):
        (tmp_path / "008.gold.json").write_text("{}", encoding="utf-8")
        article_paths(tmp_path)


# ---------------------------------------------------------------- kg eval

def test_kg_eval_command_scores_warns_and_writes_predictions(tmp_path: Path):
    from click.testing import CliRunner

    from kg.cli import main

    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (gold_dir / "001.txt").write_text(
        "Envoys Meet in Oslo\n\nNorwegian Foreign Minister Espen Barth Eide met Sergei Lavrov "
        "in Oslo on Monday.\n", encoding="utf-8")
    (gold_dir / "001.meta.json").write_text(json.dumps(
        {"title": "A sidecar title", "publication_date": "2004-11 (approx.)"}), encoding="utf-8")
    (gold_dir / "001.gold.json").write_text(json.dumps(
        {"entities": [{"name": "Sergei Lavrov", "type": "Person"}], "roles": [], "events": []}),
        encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(gold_dir), "-f", "json", "--predictions",
                                       str(tmp_path / "pred")])
    assert result.exit_code == 0, result.output
    assert "'2004-11 (approx.)' is approximate; using 2004-11 (month precision)" in result.stderr
    report = json.loads(result.stdout)
    assert report["rules"] == "score" and report["documents_scored"] == 1
    assert report["entities_untyped"]["gold"] == 1 and report["missing_predictions"] == []
    facts = json.loads((tmp_path / "pred" / "001.json").read_text(encoding="utf-8"))
    assert facts["document"]["published"] == "2004-11"
    assert facts["document"]["title"] == "Envoys Meet in Oslo"  # the sidecar is not read
    kg_rules = CliRunner().invoke(main, ["eval", str(gold_dir), "--rules", "kg", "--details"])
    assert kg_rules.exit_code == 0 and "Unasserted events" in kg_rules.stdout
    refused = CliRunner().invoke(main, ["eval", str(gold_dir), "--details"])
    assert refused.exit_code == 2 and "--rules kg" in refused.stderr
