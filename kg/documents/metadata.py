"""Article metadata: the four fields a source can declare, merged by precedence, dates as ISO.

Only what a source *declares* (front matter, sidecar, the page's own metadata, CLI options)
becomes metadata; dates that merely appear in the text never do.

A declared date that is not a full calendar date ("2004-11 (approx.)", "early 2005") is
kept at the precision it can be read at, month or year, with a warning on the
``kg.documents.metadata`` logger, so an approximate date never stops an article from being
read. A date with nothing readable in it ("someday", "14/31/2022") is an InputError.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, fields, replace
from datetime import date

from kg.calendar_words import MONTHS as _MONTHS
from kg.errors import InputError

_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$")
_WEEKDAY = r"(?:[A-Za-z]+,?\s+)?"
_DAY_MONTH_YEAR = re.compile(rf"^{_WEEKDAY}(\d{{1,2}})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{{4}})$")
_MONTH_DAY_YEAR = re.compile(rf"^{_WEEKDAY}([A-Za-z]+)\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})$")


def normalize_date(value: str | None) -> str | None:
    """ "2022-11-14", "14 November 2022", "Nov 14, 2022" (and ISO timestamps) → "2022-11-14".

    Returns None for an empty value and for anything that is not a full, valid calendar date.
    """
    if value is None:
        return None
    text = " ".join(str(value).split())
    if not text:
        return None
    match = _ISO.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return _valid(year, month, day)
    match = _DAY_MONTH_YEAR.match(text)
    if match:
        day, month_name, year = match.groups()
        month = _MONTHS.get(month_name.lower())
        return _valid(int(year), month, int(day)) if month else None
    match = _MONTH_DAY_YEAR.match(text)
    if match:
        month_name, day, year = match.groups()
        month = _MONTHS.get(month_name.lower())
        return _valid(int(year), month, int(day)) if month else None
    return None


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


_MONTH_WORD = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAYS_IN_TEXT = (
    re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)"),
    re.compile(rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_WORD})\b\.?,?\s+(\d{{4}})(?!\d)", re.I),
    re.compile(rf"\b({_MONTH_WORD})\b\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?!\d)", re.I),
)
_MONTHS_IN_TEXT = (
    re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})(?![\d-])"),
    re.compile(rf"\b({_MONTH_WORD})\b\.?,?\s+(\d{{4}})(?!\d)", re.I),
)
_MONTH_NAME = re.compile(rf"\b(?:{_MONTH_WORD})\b", re.I)
_NUMERIC_DATE = re.compile(r"(?<!\d)\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?!\d)")
_YEAR = re.compile(r"(?<!\d)([12]\d{3})(?!\d)")
_PRECISION = {10: "day", 7: "month", 4: "year"}
log = logging.getLogger(__name__)


def _days(text: str) -> set[str]:
    found = set()
    for pattern in _DAYS_IN_TEXT:
        for groups in pattern.findall(text):
            if groups[0].isdigit() and len(groups[0]) == 4:  # year-month-day
                year, month, day = int(groups[0]), int(groups[1]), int(groups[2])
            elif groups[0].isdigit():  # day month year
                day, month, year = int(groups[0]), _MONTHS[groups[1].lower()], int(groups[2])
            else:  # month day year
                month, day, year = _MONTHS[groups[0].lower()], int(groups[1]), int(groups[2])
            iso = _valid(year, month, day)
            if iso:
                found.add(iso)
    return found


def _months(text: str) -> tuple[set[str], int]:
    """Year-months the text names, and how many month names it holds without a year."""
    found, named = set(), 0
    for groups in _MONTHS_IN_TEXT[0].findall(text):
        if 1 <= int(groups[1]) <= 12:
            found.add(f"{groups[0]}-{int(groups[1]):02d}")
    for groups in _MONTHS_IN_TEXT[1].findall(text):
        found.add(f"{groups[1]}-{_MONTHS[groups[0].lower()]:02d}")
        named += 1
    return found, len(_MONTH_NAME.findall(text)) - named


def partial_date(value: str | None) -> str | None:
    """The date a value states, at the finest precision all its dates agree on.

    "2022-11-14" → "2022-11-14"; "2004-11 (approx.)" → "2004-11"; "early 2005" → "2005";
    "November or December 2004" → "2004"; "late 2004 or early 2005", "unknown" and wrong
    dates ("14/31/2022") → None.
    """
    text = " ".join(str(value or "").split())
    if not text:
        return None
    full = normalize_date(text)
    if full:
        return full
    days = _days(text)
    if not days and _NUMERIC_DATE.search(text):
        return None  # "14/31/2022", "2022-02-30": a wrong date, not an approximate one
    months, loose_months = _months(text)
    months |= {d[:7] for d in days}
    years = {m[:4] for m in months} | set(_YEAR.findall(text))
    if len(days) == 1 and len(months) == 1 and len(years) == 1 and not loose_months:
        return days.pop()
    if len(months) == 1 and len(years) == 1 and not loose_months:
        return months.pop()
    return years.pop() if len(years) == 1 else None


def read_date(value: str | None, where: str) -> tuple[str | None, str | None]:
    """(ISO date, warning): the date at day, month or year precision, and what was not exact.

    The warning is None when the value is empty or an exact date ("2022-11-14", "2004-11").
    """
    text = " ".join(str(value or "").split())
    if not text:
        return None, None
    iso = partial_date(text)
    if iso is None:
        return None, f"{where}: cannot read the date {text!r}; going on without it"
    if iso == text or normalize_date(text):
        return iso, None
    return iso, f"{where}: the date {text!r} is approximate; using {iso} ({_PRECISION[len(iso)]} precision)"


def require_date(value: str | None, where: str) -> str | None:
    """Like :func:`read_date`, but a value that is given and unreadable is an InputError.

    An approximate value is read at month or year precision, with a logged warning.
    """
    iso, warning = read_date(value, where)
    if iso is None and warning:
        raise InputError(
            f"{where}: cannot read the date {str(value).strip()!r}; write it as YYYY-MM-DD (e.g. 2022-11-14)"
        )
    if warning:
        log.warning("warning: %s", warning)
    return iso




@dataclass(frozen=True)
class Meta:
    """Title, outlet, published date (ISO) and URL; None means "not declared"."""

    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None

    def over(self, base: Meta) -> Meta:
        """These values where declared, ``base`` elsewhere (higher precedence first)."""
        changes = {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}
        return replace(base, **changes)


# Keys a front-matter block or sidecar may use for each field (first one found wins).
FIELD_KEYS = {
    "title": ("title", "headline"),
    "outlet": ("outlet", "publisher", "source", "sitename", "site_name"),
    "published": ("published", "publication_date", "date_published", "date"),
    "url": ("url", "link", "canonical"),
}


def meta_from_mapping(values: dict[str, object], where: str) -> Meta:
    """Build a :class:`Meta` from loose key/value pairs (front matter, sidecar JSON)."""
    lowered = {str(k).strip().lower(): v for k, v in values.items()}
    found: dict[str, str | None] = {}
    for name, keys in FIELD_KEYS.items():
        value = next((lowered[k] for k in keys if lowered.get(k) not in (None, "")), None)
        found[name] = " ".join(str(value).split()) if value is not None else None
    found["published"] = require_date(found["published"], where)
    return Meta(**found)
