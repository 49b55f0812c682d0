"""Plain-text rendering of an evaluation report (the dict ``evaluate`` returns)."""

from __future__ import annotations


def _row(label: str, m: dict, width: int = 16) -> str:
    return (f"{label:<{width}} {m['gold']:>5} {m['predicted']:>5} {m['tp']:>5} "
            f"{m['precision']:>6.3f} {m['recall']:>6.3f} {m['f1']:>6.3f}")


def _header(title: str, width: int = 16) -> list[str]:
    return [title, f"{'':<{width}} {'gold':>5} {'pred':>5} {'tp':>5} {'P':>6} {'R':>6} {'F1':>6}"]


def render_report(report: dict, *, details: bool = False) -> str:
    """A readable table of the scores; ``details`` adds per-document misses and extras."""
    lines = [f"Documents scored: {report['documents_scored']}", ""]
    lines += _header("Entities (name + type)")
    for kind, m in report["entities"].items():
        lines.append(_row(kind, m))
    lines += ["", *_header("Roles (person + title)"), _row("all", report["roles"])]
    aff = report["role_affiliation_accuracy"]
    lines.append(f"affiliation accuracy over matched roles: {aff['accuracy']:.3f} "
                 f"({aff['correct']}/{aff['total']})")
    lines += ["", *_header("Events (asserted; category + participants)")]
    lines.append(_row("all", report["events"]))
    for cat, m in report["events_by_category"].items():
        lines.append(_row(cat, m))
    for key, label in (("event_place_accuracy", "place"), ("event_date_accuracy", "date")):
        a = report[key]
        lines.append(f"{label} accuracy over matched events: {a['accuracy']:.3f} "
                     f"({a['correct']}/{a['total']})")
    lines += ["", "Event precision at confidence ≥ t",
              f"{'t':<6} {'pred':>5} {'tp':>5} {'P':>6} {'R':>6}"]
    for t, m in report["event_precision_at_confidence"].items():
        lines.append(f"{t:<6} {m['predicted']:>5} {m['tp']:>5} "
                     f"{m['precision']:>6.3f} {m['recall']:>6.3f}")
    lines += ["", *_header("Unasserted events (negated, future, hypothetical)")]
    lines.append(_row("all", report["unasserted_events"]))
    mod = report["unasserted_modality_accuracy"]
    lines.append(f"modality accuracy over matched: {mod['accuracy']:.3f} "
                 f"({mod['correct']}/{mod['total']})")
    lines.append("unasserted gold events predicted as asserted: "
                 f"{report['unasserted_predicted_as_asserted']}")
    if details:
        for doc in report["documents"]:
            lines += ["", f"== {doc['document']}"]
            for part in ("entities", "roles", "events"):
                for kind in ("missed", "spurious"):
                    for item in doc[part][kind]:
                        lines.append(f"  {part} {kind}: {item}")
    return "\n".join(lines)


def render_benchmark(report: dict) -> str:
    """A readable summary of ``score_plover_benchmark`` / ``score_petrarch2_benchmark``."""
    lines = [f"Benchmark: {report['file']}"]
    for subset in ("all", "diplomacy"):
        s = report[subset]
        pres, cat = s["presence"], s["category_accuracy"]
        lines += [
            f"  {subset:<9} records {s['records']:>4}  in scope {s['in_scope']:>4}  "
            f"presence P {pres['precision']:.3f} R {pres['recall']:.3f} F1 {pres['f1']:.3f}  "
            f"category accuracy {cat['accuracy']:.3f} ({cat['correct']}/{cat['total']})",
            f"  {'':<9} events: correct {s['events']['correct']}  uncoded "
            f"{s['events']['uncoded']}  extra {s['events']['extra']}",
        ]
    width = max([14, *(len(code) for code in report["by_gold_code"])])
    lines.append(f"  {'gold code':<{width}} {'records':>7} {'in scope':>8} {'found':>6} {'cat ok':>6}")
    for code, m in report["by_gold_code"].items():
        lines.append(f"  {code:<{width}} {m['records']:>7} {m['in_scope']:>8} "
                     f"{m['found']:>6} {m['category_correct']:>6}")
    return "\n".join(lines)


_SCORE_ROWS = (
    ("entities_typed", "entities typed"),
    ("entities_untyped", "entities untyped"),
    ("roles", "roles"),
    ("events_strict", "events strict"),
    ("events_loose", "events loose"),
)


def _score_row(label: str, m: dict, width: int = 18) -> str:
    return (f"{label:<{width}} {m['gold']:>5} {m['pred']:>5} {m['tp']:>5} "
            f"{m['p']:>6.3f} {m['r']:>6.3f} {m['f1']:>6.3f}")


def _score_header(title: str, width: int = 18) -> list[str]:
    return [title, f"{'':<{width}} {'gold':>5} {'pred':>5} {'tp':>5} {'P':>6} {'R':>6} {'F1':>6}"]


def _accuracies(figures: dict) -> str:
    return (f"event place accuracy {figures['event_location_acc']:.3f}, "
            f"event date accuracy {figures['event_date_acc']:.3f} (over strict pairs)")


def render_scores(report: dict) -> str:
    """A readable table of ``score_documents`` figures (devset-news score.py rules)."""
    lines = [f"Documents scored: {report['documents_scored']} (score.py rules)", ""]
    lines += _score_header("Overall")
    lines += [_score_row(label, report[key]) for key, label in _SCORE_ROWS]
    lines.append(_accuracies(report))
    lines += ["", *_score_header("Events by category (strict)")]
    lines += [_score_row(cat, m) for cat, m in report["events_by_category"].items()]
    rest = report["without_statement"]
    lines += ["", *_score_header("Events without Statement")]
    lines += [_score_row(label, rest[key]) for key, label in _SCORE_ROWS if key in rest]
    lines.append(_accuracies(rest))
    if report["missing_predictions"]:
        lines += ["", "missing predictions: " + ", ".join(report["missing_predictions"])]
    return "\n".join(lines)
