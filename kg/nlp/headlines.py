"""Headlines: ALL-CAPS lines recased for the parser, and the headline sentence recognised.

spaCy's statistical model reads "RUSSIA DETAINS WALL STREET JOURNAL REPORTER" as one long
organisation name. Recasing each such line to title case keeps every character offset (the
evidence still points into the original text) and gives the tagger words it knows.
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Span

from kg.nlp.dateline import separate_datelines

_CAPS_LINE = re.compile(r"^(?=[^a-z\n]*[A-Z][^a-z\n]*[A-Z])[^a-z\n]{12,}$", re.M)
# US, NATO, U.S. stay as they are; short English words ("IN", "ON", "TO") do not
_KEEP_UPPER = re.compile(r"^(?:[A-Z]{2,4}|[A-Z](?:\.[A-Z])+\.?)$")


def recase_headlines(text: str) -> str:
    """Title-case lines written entirely in capitals; same length, so offsets still hold."""

    def recase(match: re.Match[str]) -> str:
        line = match.group(0)
        words = re.split(r"(\W+)", line)
        out = "".join(
            w if _KEEP_UPPER.match(w) and w.lower() not in STOP_WORDS else w.capitalize() for w in words
        )
        return out if len(out) == len(line) else line

    return _CAPS_LINE.sub(recase, text)


_UNCLOSED_LINE = re.compile(r"(?<=[^.!?:;\"”’'\s])\n(?=\n)")


def prepare_for_parsing(text: str) -> str:
    """The text the parser reads: headlines recased, lines that end without punctuation (titles,
    captions) closed with a period in place of their first line break so the next paragraph's
    opening words are not parsed as part of them, and datelines cut off from their story.
    Same length, same offsets."""
    return separate_datelines(_UNCLOSED_LINE.sub(".", recase_headlines(text)))


def is_headline(sent: Span, original: str) -> bool:
    """The first line of an article when it is a title (no closing punctuation in the original)."""
    if sent.start != 0:
        return False
    return not original[sent.start_char : sent.end_char].strip().endswith((".", "!", "?", '"', "”", "'", "’"))
