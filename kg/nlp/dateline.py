"""Wire-copy datelines: "ANKARA, Nov 14 (Reuters) -", "BAKU/YEREVAN, Sept 19 (Meridian Wire) -",
"NUSA DUA, Indonesia —". They name where the story was filed and who filed it."""

from __future__ import annotations

import re
from dataclasses import dataclass

_DATELINE = re.compile(
    r"""^(?P<places>[A-Z][A-Z.'’\- ]{1,40}(?:/[A-Z][A-Z.'’\- ]{1,40})*)   # MOSCOW, BAKU/YEREVAN
        (?:,\s*(?P<region>[A-Z][A-Za-z.'’\- ]{1,30}?))?                   # , Indonesia
        (?:,?\s*(?P<date>[A-Z][a-z]{2,9}\.?\s+\d{1,2}))?                   # , Nov 14
        \s*(?:\((?P<outlet>[^)\n]{2,40})\))?                               # (Reuters)
        \s*[-—–]{1,2}\s""",
    re.M | re.X,
)


@dataclass(frozen=True)
class Dateline:
    places: list[tuple[int, int]]  # character spans of each place name
    outlet: tuple[int, int] | None  # character span of the outlet in parentheses
    end: int  # where the story's first sentence starts
    separator: int  # where the dash run before the story starts


def find_datelines(text: str) -> list[Dateline]:
    """Datelines opening a paragraph (a story may quote several, e.g. in a roundup)."""
    found = []
    for m in _DATELINE.finditer(text):
        if m.start() > 0 and text[m.start() - 1] != "\n":
            continue
        places = []
        start = m.start("places")
        for part in m.group("places").split("/"):
            stripped = part.strip()
            offset = text.index(stripped, start)
            places.append((offset, offset + len(stripped)))
            start = offset + len(stripped)
        outlet = (m.start("outlet"), m.end("outlet")) if m.group("outlet") else None
        last = max(e for e in (m.end("places"), m.end("region"), m.end("date"), m.end("outlet") + 1) if e > 0)
        found.append(Dateline(places, outlet, m.end(), last))
    return found


def separate_datelines(text: str) -> str:
    """The dateline as a sentence of its own, for the parser ("GENEVA — Biden met Putin" would
    make Geneva the subject). Same length: the dash run becomes a period and a line break."""
    chars = list(text)
    for line in find_datelines(text):
        width = line.end - line.separator
        if width >= 2:
            chars[line.separator : line.end] = list("." + "\n" + " " * (width - 2))
    return "".join(chars)
