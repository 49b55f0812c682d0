"""Resolve date expressions in news against the publication date.

News speaks relative to its dateline: "on Monday" in a story published on a Wednesday means the
Monday before (or, for future events, the one after); "in January" means the latest January
not after publication. Without a publication date only absolute dates resolve; the words are
kept either way, so a wrong date is never invented.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from kg.calendar_words import MONTHS, WEEKDAYS
from kg.model import DateValue

_MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.I)
_DAY_MONTH_YEAR = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+(\d{{4}}))?\b", re.I
)
_MONTH_YEAR = re.compile(rf"\b{_MONTH}(?:\s+of)?\s+(\d{{4}})\b", re.I)
_MONTH_ONLY = re.compile(
    rf"\b(?:early|late|mid|mid-|the end of|the beginning of|the start of)?\s*-?{_MONTH}\b", re.I
)
_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")
_WEEKDAY = re.compile(
    r"\b(last|this|next|on)?\s*(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I
)


def parse_iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def resolve(text: str, published: date | None, *, future: bool = False) -> DateValue:
    """Resolve one date expression; ``future`` picks the next occurrence of relative dates."""
    iso = _resolve(text.strip(), published, future)
    return DateValue(iso, text.strip())


def _resolve(text: str, pub: date | None, future: bool) -> str | None:
    low = text.lower()
    if m := _ISO.search(low):
        return _valid(int(m[1]), int(m[2]), int(m[3]))
    if m := _MONTH_DAY_YEAR.search(low):
        return _with_year(MONTHS[_month_key(m[1])], int(m[2]), m[3], pub, future)
    if m := _DAY_MONTH_YEAR.search(low):
        return _with_year(MONTHS[_month_key(m[2])], int(m[1]), m[3], pub, future)
    if m := _MONTH_YEAR.search(low):
        return f"{int(m[2]):04d}-{MONTHS[_month_key(m[1])]:02d}"
    if pub is not None:
        relative = _relative(low, pub, future)
        if relative:
            return relative
    if m := _MONTH_ONLY.search(low):
        if pub is None or (
            m[1].lower() == "may" and not re.search(r"\bin\s+(early|late|mid)?\s*-?may\b", low)
        ):
            return None
        month = MONTHS[_month_key(m[1])]
        year = pub.year
        if not future and month > pub.month:
            year -= 1
        if future and month < pub.month:
            year += 1
        return f"{year:04d}-{month:02d}"
    if m := _YEAR.search(low):
        return m[1]
    return None


def _relative(low: str, pub: date, future: bool) -> str | None:
    if re.search(r"\b(today|tonight|this morning|this afternoon|this evening)\b", low):
        return pub.isoformat()
    if "yesterday" in low or re.search(r"\blast night\b", low):
        return (pub - timedelta(days=1)).isoformat()
    if "tomorrow" in low:
        return (pub + timedelta(days=1)).isoformat()
    if re.search(r"\blast month\b", low):
        first = pub.replace(day=1) - timedelta(days=1)
        return f"{first.year:04d}-{first.month:02d}"
    if re.search(r"\b(this month|earlier this month|later this month)\b", low):
        return f"{pub.year:04d}-{pub.month:02d}"
    if re.search(r"\blast year\b", low):
        return f"{pub.year - 1:04d}"
    if re.search(r"\b(this year|earlier this year)\b", low):
        return f"{pub.year:04d}"
    if m := _WEEKDAY.search(low):
        target = WEEKDAYS[m[2].lower()]
        qualifier = (m[1] or "").lower()
        if qualifier == "next" or (future and qualifier != "last"):
            delta = (target - pub.weekday()) % 7
            return (pub + timedelta(days=delta or (7 if qualifier == "next" else 0))).isoformat()
        delta = (pub.weekday() - target) % 7
        if qualifier == "last" and delta == 0:
            delta = 7
        return (pub - timedelta(days=delta)).isoformat()
    return None


def _month_key(token: str) -> str:
    token = token.lower().rstrip(".")
    if token in MONTHS:
        return token
    return token[:3] if token[:3] in MONTHS else token[:4]


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _with_year(month: int, day: int, year: str | None, pub: date | None, future: bool) -> str | None:
    if year:
        return _valid(int(year), month, day)
    if pub is None:
        return None
    candidate_year = pub.year
    try:
        candidate = date(candidate_year, month, day)
    except ValueError:
        return None
    if not future and candidate > pub + timedelta(days=1):
        candidate_year -= 1
    if future and candidate < pub:
        candidate_year += 1
    return _valid(candidate_year, month, day)
