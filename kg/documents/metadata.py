"""Article metadata: the four fields a source can declare, merged by precedence, dates as ISO.

Only what a source *declares* (front matter, sidecar, the page's own metadata, CLI options)
becomes metadata; dates that merely appear in the text never do.
"""

from __future__ import annotations

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


def require_date(value: str | None, where: str) -> str | None:
    """Like :func:`normalize_date`, but a value that is given and unreadable is an InputError."""
    if value is None or not str(value).strip():
        return None
    iso = normalize_date(value)
    if iso is None:
        raise InputError(
            f"{where}: cannot read the date {str(value).strip()!r}; write it as YYYY-MM-DD (e.g. 2022-11-14)"
        )
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
