"""Events by category over time: one row per category; every event drawn at its precision.

An event known to the day is a dot on its day, one known to the month a bar over that month,
one known to the year a paler bar over the year; undated events are counted per category in
a strip beside the time axis. Nothing is left out.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from matplotlib.figure import Figure

from kg.errors import InputError

DAY, MONTH, YEAR = "day", "month", "year"


def timeline_chart(rows: Sequence[Mapping[str, Any]], title: str = "Events by category") -> Figure:
    """A strip chart of the events in ``rows`` (rows of ``kg.analysis.timeline``).

    Dots (area ∝ count) for events known to the day, bars for the month or year an event is
    known to, and a strip on the right that counts the undated events of each category. The
    title says how many events of each precision the chart holds.
    """
    import matplotlib.dates as mdates

    placed = [(r, span) for r in rows if (span := date_span(r.get("date")))]
    if not placed:
        raise InputError("no dated events to plot; widen the filters or ingest more articles")
    totals = Counter(r.get("category") or "Other" for r in rows)
    categories = sorted(totals, key=lambda c: (-totals[c], c))
    row_of = {c: i for i, c in enumerate(reversed(categories))}
    undated = Counter(r.get("category") or "Other" for r in rows if not date_span(r.get("date")))

    figure = Figure(figsize=(11, 1.4 + 0.45 * len(categories)))
    grid = figure.add_gridspec(1, 2, width_ratios=(9, 1), wspace=0.04)
    ax = figure.add_subplot(grid[0, 0])
    strip = figure.add_subplot(grid[0, 1], sharey=ax)
    for i, category in enumerate(categories):
        colour, y = f"C{i % 10}", row_of[category]
        spans = Counter(span for r, span in placed if (r.get("category") or "Other") == category)
        days = sorted(s for s in spans if s[2] == DAY)
        if days:
            ax.scatter([s[0] for s in days], [y] * len(days), s=[30 + 40 * (spans[s] - 1) for s in days],
                       color=colour, alpha=0.85, edgecolors="black", linewidths=0.4, zorder=3)  # fmt: skip
        for (start, end, precision), n in sorted(spans.items()):
            if precision == DAY:
                continue
            x0, x1 = mdates.date2num(start), mdates.date2num(end) + 1
            height = 0.34 if precision == MONTH else 0.2
            ax.broken_barh([(x0, x1 - x0)], (y - height / 2, height), facecolors=colour,
                           alpha=0.75 if precision == MONTH else 0.3, edgecolor="black",
                           linewidth=0.4, zorder=2)  # fmt: skip
            if n > 1:
                ax.annotate(f"×{n}", ((x0 + x1) / 2, y + height / 2), fontsize=7, ha="center",
                            va="bottom", zorder=4)  # fmt: skip
    ax.xaxis_date()
    ax.set_yticks(range(len(categories)), [_words(c) for c in reversed(categories)])
    ax.set_ylim(-0.7, len(categories) - 0.3)
    ax.grid(axis="x", linestyle=":", linewidth=0.6, zorder=0)
    ax.set_xlabel("date (dot: day · bar: month · pale bar: year)")

    for category, n in undated.items():
        strip.scatter([0], [row_of[category]], s=min(30 + 15 * (n - 1), 240), color="#bbbbbb",
                      edgecolors="black", linewidths=0.4, zorder=3)  # fmt: skip
        strip.annotate(str(n), (0, row_of[category]), xytext=(9, 0), textcoords="offset points",
                       va="center", fontsize=8)  # fmt: skip
    strip.set_xlim(-1, 1.5)
    strip.set_xticks([0], ["undated"])
    strip.tick_params(axis="y", left=False, labelleft=False)
    strip.grid(False)

    by = Counter(span[2] for _, span in placed)
    parts = [f"{by[p]} to the {p}" for p in (DAY, MONTH, YEAR) if by[p]]
    if undated:
        parts.append(f"{sum(undated.values())} undated")
    ax.set_title(f"{title}: {len(rows)} events ({', '.join(parts)})", loc="left")
    for label in ax.get_xticklabels():
        label.set_rotation(30)
        label.set_horizontalalignment("right")
    return figure


def _words(name: str) -> str:
    """A category name in plain words: "MilitaryAction" → "Military action"."""
    words = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", name)
    return " ".join([words[0], *(w.lower() for w in words[1:])]) if words else name


def date_span(text: str | None) -> tuple[date, date, str] | None:
    """(first day, last day, precision) of an ISO date, year-month or year; None if undated.

    >>> date_span("2022-02")
    (datetime.date(2022, 2, 1), datetime.date(2022, 2, 28), 'month')
    """
    if not text:
        return None
    try:
        if len(text) >= 10:
            day = date.fromisoformat(text[:10])
            return day, day, DAY
        if len(text) == 7:
            year, month = int(text[:4]), int(text[5:7])
            last = calendar.monthrange(year, month)[1]
            return date(year, month, 1), date(year, month, last), MONTH
        if len(text) == 4 and text.isdigit():
            return date(int(text), 1, 1), date(int(text), 12, 31), YEAR
    except ValueError:
        return None
    return None
