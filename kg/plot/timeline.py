"""Events by category over time: one row per category, one marker per day with events."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from matplotlib.figure import Figure

from kg.errors import InputError


def timeline_chart(rows: Sequence[Mapping[str, Any]], title: str = "Events by category") -> Figure:
    """A strip chart of dated events (rows of ``kg.analysis.timeline``); marker area ∝ count.

    Events known only to the month are drawn mid-month; undated ones and those known only to
    the year cannot be placed on a time axis and are counted in the title.
    """
    dated = [(r, day) for r in rows if (day := _day(r.get("date")))]
    if not dated:
        raise InputError("no dated events to plot; widen the filters or ingest more articles")
    counts = Counter((r.get("category") or "Other", day) for r, day in dated)
    totals = Counter(r.get("category") or "Other" for r, _ in dated)
    categories = sorted(totals, key=lambda c: (-totals[c], c))
    row_of = {c: i for i, c in enumerate(reversed(categories))}

    figure = Figure(figsize=(10, 1.2 + 0.45 * len(categories)))
    ax = figure.add_subplot()
    for i, category in enumerate(categories):
        days = sorted(d for c, d in counts if c == category)
        sizes = [30 + 40 * (counts[(category, d)] - 1) for d in days]
        ax.scatter(days, [row_of[category]] * len(days), s=sizes, color=f"C{i % 10}", alpha=0.8,
                   edgecolors="black", linewidths=0.4, zorder=3)
    ax.set_yticks(range(len(categories)), list(reversed(categories)))
    ax.set_ylim(-0.7, len(categories) - 0.3)
    ax.grid(axis="x", linestyle=":", linewidth=0.6, zorder=0)
    ax.set_xlabel("date")
    undated = len(rows) - len(dated)
    note = f" ({undated} without a day or month not shown)" if undated else ""
    ax.set_title(f"{title}: {len(dated)} events{note}", loc="left")
    figure.autofmt_xdate()
    return figure


def _day(text: str | None) -> date | None:
    """The day of an ISO date ("2022-11-14"), mid-month for "2022-02", None otherwise."""
    if not text:
        return None
    try:
        if len(text) >= 10:
            return date.fromisoformat(text[:10])
        if len(text) == 7:
            return date.fromisoformat(text + "-15")
    except ValueError:
        return None
    return None
