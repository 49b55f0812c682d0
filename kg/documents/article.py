"""Find the article inside a whole web page saved as text.

A page whose tags were stripped keeps its menus, section lists, teasers, bylines and footers,
often glued to each other without a space ("Sign InQuick LinksNews"). The line cleaners
catch noise of known shapes; this module finds the article by the shape of prose instead:
sentences run long, end in punctuation and are dense in function words, while page chrome
is short, title-cased and unpunctuated. The article is the stretch of paragraphs with the
most prose in it (a maximum-sum run, as in body-text extraction), plus the headline.
"""

from __future__ import annotations

import re

# Where two page elements ran together: "MenuParis", "attack.The", "(Reuters)Key".
# A lower-case pair before an upper-case letter that starts a word; "Mc"/"Mac"/"De" names
# and single-letter prefixes ("iPhone") are left alone.
_GLUE = re.compile(r"(?<=[a-z]{2})(?<!\bMac)(?<!\bMc)(?=[A-Z][a-z])|(?<=[a-z]{2}[.!?:)”\"])(?=[A-Z])")
# A line is split at glue points only when they are dense enough to be element boundaries;
# one "ExxonMobil" in a sentence is a name, not a seam.
_MIN_GLUE = 3

_FUNCTION_WORDS_TEXT = """a an the of to in on at for from by with about against between into through during
    before after over under and or but nor so as than that which who whom whose this these
    those it its he she they we you i his her their our my your him them us is are was were
    be been being has have had do does did will would shall should can could may might must
    not no said says say told also there here when where while if because what how"""
_FUNCTION_WORDS = frozenset(_FUNCTION_WORDS_TEXT.split())
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*$|[.!?][\"”’')\]]*\s")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")

# Scores of the maximum-sum run: a prose paragraph adds its words; anything else costs its
# words plus a fixed price, so a long menu or teaser list separates two runs of prose.
_NON_PROSE_COST = 4
# A page has this many non-prose paragraphs before its article is searched for at all:
# an ordinary article (headline, paragraphs, one credit line) passes through unchanged.
_PAGE_CHROME = 6


def unglue(lines: list[str]) -> list[str]:
    """Split lines at dense glue points, where stripped tags left elements touching."""
    result: list[str] = []
    for line in lines:
        seams = list(_GLUE.finditer(line))
        if len(seams) < _MIN_GLUE:
            result.append(line)
            continue
        start = 0
        for seam in seams:
            result.append(line[start : seam.start()].strip())
            start = seam.start()
        result.append(line[start:].strip())
    return result


def _shape(paragraph: str) -> tuple[int, float, float]:
    """(words, share of function words, share of lower-case words)."""
    words = _WORD.findall(paragraph)
    if not words:
        return 0, 0.0, 0.0
    function = sum(word.lower() in _FUNCTION_WORDS for word in words)
    lower = sum(word[0].islower() for word in words)
    return len(words), function / len(words), lower / len(words)


def is_prose(paragraph: str) -> bool:
    """A paragraph that reads as running text: a sentence of some length, dense in function words."""
    words, function, lower = _shape(paragraph)
    return words >= 6 and function >= 0.2 and lower >= 1 / 3 and bool(_SENTENCE_END.search(paragraph))


def is_sentence_like(paragraph: str) -> bool:
    """Unpunctuated text that still reads as a sentence: a bullet point, a caption, a subhead.

    Kept when it stands inside the article, but it neither extends nor breaks the article.
    """
    words, function, lower = _shape(paragraph)
    return words >= 8 and function >= 0.2 and lower >= 0.4


def find_article(paragraphs: list[str]) -> list[str | None]:
    """The article's paragraphs of a page saved as text, in place; None where a paragraph is chrome.

    Text with little chrome is returned whole. Otherwise the best-scoring run is kept whole
    (captions and subheads inside it included; the line cleaners drop known noise later),
    after the headline: the first paragraph, less a " | Site name" tail.
    """
    prose = [is_prose(paragraph) for paragraph in paragraphs]
    if len(paragraphs) - sum(prose) < _PAGE_CHROME or not any(prose):
        return list(paragraphs)
    weak = [not strong and is_sentence_like(text) for strong, text in zip(prose, paragraphs, strict=True)]
    start, end = _best_run(paragraphs, prose, weak)
    kept: list[str | None] = [
        paragraph if start <= index <= end else None for index, paragraph in enumerate(paragraphs)
    ]
    if start > 0 and not prose[0]:
        kept[0] = _headline(paragraphs[0])
    return kept


_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# A story's own stamp: a bare date or time ("2024-10-14", "Oct 9, 2019, 11:05 IST", "3 hours
# ago") or a byline ("By Jane Roe and John Doe"). Inside a page it starts another story.
_STAMP = re.compile(
    rf"^((updated|published|posted)\s*:?\s*)?(\d{{4}}-\d{{2}}-\d{{2}}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|"
    rf"\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|\d+\s+(minutes?|hours?|days?)\s+ago)\b[\d:,\s]*([ap]\.?m\.?)?"
    r"(\s*[A-Z]{2,4})?$|^by\s+(?-i:[A-Z])[\w'’.-]+(\s+(?-i:[A-Z])[\w'’.-]+){0,3}"
    r"(\s*(,|and)\s+(?-i:[A-Z])[\w'’.-]+(\s+(?-i:[A-Z])[\w'’.-]+){0,3})*$",
    re.IGNORECASE,
)


def _best_run(paragraphs: list[str], prose: list[bool], weak: list[bool]) -> tuple[int, int]:
    """The run of paragraphs with the highest prose-minus-chrome word score (Kadane).

    A run never crosses a date stamp or byline: on a page, that starts another story's teaser.
    """
    best, best_span = float("-inf"), (0, 0)
    total, start = 0.0, 0
    for index, paragraph in enumerate(paragraphs):
        words = len(paragraph.split())
        score = words if prose[index] else 0 if weak[index] else -(words + _NON_PROSE_COST)
        if _STAMP.match(paragraph):
            total, start = 0.0, index + 1
            continue
        if total <= 0:
            total, start = 0.0, index
        total += score
        if total > best:
            best, best_span = total, (start, index)
    return best_span


_SITE_TAIL = re.compile(r"\s+[|–—-]\s+[^|–—-]{2,60}$")


def _headline(paragraph: str) -> str | None:
    """A page title without its " | Section - Site" tails, if it is short enough to be one."""
    title = paragraph
    for _ in range(3):
        stripped = _SITE_TAIL.sub("", title)
        if stripped == title or len(stripped.split()) < 3:
            break
        title = stripped
    return title if 3 <= len(title.split()) <= 30 else None
