"""Country-pair heat map: how many events each pair of countries shares."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from matplotlib.figure import Figure

from kg.errors import InputError

VALUES = ("events", "goldstein")


def dyad_heatmap(rows: Sequence[Mapping[str, Any]], *, value: str = "events", top: int = 20) -> Figure:
    """A symmetric matrix of the ``top`` most active countries (rows of ``kg.analysis.dyads``).

    ``value`` is "events" (counts, all categories summed) or "goldstein" (summed
    cooperation/conflict score: blue cooperative, red hostile).
    """
    if value not in VALUES:
        raise InputError(f"unknown value {value!r}: use one of {', '.join(VALUES)}")
    if top < 2:
        raise InputError(f"top must be 2 or more, got {top}")
    cells: dict[tuple[str, str], float] = defaultdict(float)
    activity: dict[str, float] = defaultdict(float)
    for r in rows:
        a, b = r["country_a"], r["country_b"]
        cells[(a, b)] += r[value] or 0
        cells[(b, a)] += r[value] or 0
        activity[a] += r["events"]
        activity[b] += r["events"]
    if not cells:
        raise InputError("no events between two countries to plot; ingest more articles")
    countries = sorted(activity, key=lambda c: (-activity[c], c))[:top]
    n = len(countries)
    matrix = [[cells.get((a, b), 0.0) for b in countries] for a in countries]

    figure = Figure(figsize=(2.5 + 0.55 * n, 2 + 0.5 * n))
    ax = figure.add_subplot()
    if value == "events":
        image = ax.imshow(matrix, cmap="Blues", vmin=0)
    else:
        bound = max(abs(v) for line in matrix for v in line) or 1.0
        image = ax.imshow(matrix, cmap="RdBu", vmin=-bound, vmax=bound)
    ax.set_xticks(range(n), countries, rotation=45, ha="right")
    ax.set_yticks(range(n), countries)
    peak = max(abs(v) for line in matrix for v in line) or 1.0
    for i in range(n):
        for j in range(n):
            v = matrix[i][j]
            if v:
                text = f"{v:g}" if value == "events" else f"{v:.1f}"
                ax.text(j, i, text, ha="center", va="center", fontsize=8,
                        color="white" if abs(v) > 0.6 * peak else "black")
    figure.colorbar(image, ax=ax, label="events" if value == "events" else "summed Goldstein score")
    ax.set_title("Events between countries" if value == "events" else "Cooperation (+) and conflict (−)",
                 loc="left")
    return figure
