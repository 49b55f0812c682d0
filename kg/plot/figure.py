"""Write a figure to a file whose suffix names the format, with reproducible bytes."""

from __future__ import annotations

from pathlib import Path

from matplotlib.figure import Figure

from kg.errors import InputError

PLOT_FORMATS = ("png", "svg")


def plot_format(path: str | Path) -> str:
    """"png" or "svg" from the file name; anything else is an InputError."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in PLOT_FORMATS:
        raise InputError(f"{path}: write the chart to a .png or .svg file")
    return suffix


def save(figure: Figure, path: str | Path) -> None:
    """Save ``figure``; no timestamps or random ids, so equal data gives equal files."""
    import matplotlib

    fmt = plot_format(path)
    target = Path(path)
    tmp = target.with_name(target.name + ".part")
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    with matplotlib.rc_context({"svg.hashsalt": "kg", "svg.fonttype": "none"}):
        figure.savefig(tmp, format=fmt, metadata=metadata, dpi=150, bbox_inches="tight")
    tmp.replace(target)
