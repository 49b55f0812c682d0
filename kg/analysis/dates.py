"""Partial ISO dates ("2022", "2022-11", "2022-11-14") as ranges, for since/until filters."""

from __future__ import annotations

import re

from kg.errors import InputError

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def check_date(value: str | None, option: str) -> str | None:
    """Validate a user-given bound; None passes through."""
    if value is None:
        return None
    value = value.strip()
    if not _DATE.match(value):
        raise InputError(f"{option} must be a date like 2022, 2022-11 or 2022-11-14, got '{value}'")
    return value


def start(date: str) -> str:
    """First day a partial date covers."""
    return date + "-01-01"[len(date) - 4 :] if len(date) < 10 else date[:10]


def end(date: str) -> str:
    """Last day a partial date covers (day 31 for every month: only compared as text)."""
    return date + "-12-31"[len(date) - 4 :] if len(date) < 10 else date[:10]


def in_range(date: str | None, since: str | None, until: str | None) -> bool:
    """Whether the period of ``date`` overlaps [since, until]; undated only without bounds."""
    if since is None and until is None:
        return True
    if not date:
        return False
    if since is not None and end(date) < start(since):
        return False
    return not (until is not None and start(date) > end(until))
