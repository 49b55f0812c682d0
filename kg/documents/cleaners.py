"""Page-noise cleaners: small functions, one kind of noise each, over a list of lines.

Every cleaner takes the article as lines ("" marks a blank line) and returns the lines it
keeps, in order; :func:`clean` runs them all and reports what was dropped. They must work on
pages never seen before, so they match the *shape* of noise (an appeal's vocabulary, a
credit's "Name / AGENCY" tail, a menu's short segments), never one outlet's sentences.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

Cleaner = Callable[[list[str]], list[str]]

# Short lines are the only ones a line cleaner may drop: article sentences run long.
_SHORT = 300


def _line_cleaner(is_noise: Callable[[str], bool]) -> Cleaner:
    """A cleaner that drops every non-blank line ``is_noise`` accepts."""

    def cleaner(lines: list[str]) -> list[str]:
        return [line for line in lines if not (line and is_noise(line))]

    cleaner.__name__ = is_noise.__name__
    cleaner.__doc__ = is_noise.__doc__
    return cleaner


def _words(line: str) -> int:
    return len(line.split())


# --- donation and subscription appeals -------------------------------------------------

_APPEAL_START = re.compile(
    r"^(support us\b|support (our|independent|quality) journalism|donate\b|make a (donation|"
    r"contribution)|become a (member|supporter|patron|subscriber)|your support\b|enjoying "
    r"(ad-free|our|this)\b|subscribe (now|today|to (our|the))|not ready to (support|donate|"
    r"subscribe)|we need your (help|support)|please (support|consider (supporting|donating)|"
    r"donate)|remind me later|support (the|our) (?-i:[A-Z]))",
    re.IGNORECASE,
)
_APPEAL_WORDS = re.compile(
    r"\b(support(ing)? us|your support|donat\w*|contribution\w*|ad-free|(all|no|of) ads|"
    r"subscri\w+|become a (member|supporter|patron)|dear readers?|(need|ask for) your (help|"
    r"support)|independent journalism|our (journalism|newsroom|reporting|work)|reader-"
    r"(funded|supported)|(a|per) month|monthly|one-time|remind me later|supporting (?-i:[A-Z])|"
    r"thank you for (reading|standing|your)|paywall|membership|keep (providing|reporting)|"
    r"readers? (pay|fund|support)|free (for everyone|to read)|(love|value|enjoy|like) our "
    r"(work|journalism|coverage|reporting))",
    re.IGNORECASE,
)
_APPEAL_HEADER = re.compile(
    r"^((an? |our )?(message|note|letter|appeal) (from|to) .{2,60}|dear (readers?|friends?|"
    r"subscribers?|supporters?)\b.{0,30})[:,.!]?$",
    re.IGNORECASE,
)
def _is_ui(line: str) -> bool:
    """A lone interface word or a line of symbols: "×", "Once", "Continue", "###"."""
    bare = line.strip().strip(".:!…").strip().lower()
    return bare in _UI_PHRASES or not re.search(r"\w", line)


_UI_PHRASES = frozenset(
    {
        "×", "✕", "✖", "once", "monthly", "annual", "annually", "yearly", "one-time",
        "continue", "close", "menu", "search", "skip to content", "skip to main content",
        "log in", "login", "sign in", "sign up", "register", "subscribe", "share",
        "share this", "share this article", "tweet", "email", "e-mail", "print", "copy link",
        "link copied", "next", "previous", "back to top", "loading", "show more", "load more",
        "listen", "listen to this article", "save", "home", "advertisement", "sponsored",
        "remind me later", "not now", "maybe later", "accept", "reject", "ok", "got it",
        "donate", "toggle navigation", "comments", "read more", "more", "related", "ad",
        "social sharing", "related stories", "about the author", "watch", "video",
    }
)


def _is_appeal(line: str) -> bool:
    return bool(_APPEAL_START.match(line) or _APPEAL_WORDS.search(line))


def appeal_sections(lines: list[str]) -> list[str]:
    """A "A Message from <Outlet>:" / "Dear readers," header through the appeal's last line.

    The section runs while appeal lines keep coming (at most three other lines between
    them), then swallows trailing interface words such as "Once / Monthly / Continue".
    """
    keep = [True] * len(lines)
    index = 0
    while index < len(lines):
        if not (lines[index] and _APPEAL_HEADER.match(lines[index])):
            index += 1
            continue
        end, gap = None, 0
        for probe in range(index + 1, len(lines)):
            line = lines[probe]
            if not line:
                continue
            if _is_appeal(line) or _is_ui(line):
                end, gap = probe, 0
            else:
                gap += 1
                if gap > 3:
                    break
        if end is None:  # a header with no appeal after it is just a heading
            index += 1
            continue
        for drop in range(index, end + 1):
            keep[drop] = False
        index = end + 1
    return [line for line, kept in zip(lines, keep, strict=True) if kept]


def appeal_blocks(lines: list[str]) -> list[str]:
    """A block (between blank lines) made mostly of appeal or UI lines, like a donate banner."""
    result: list[str] = []
    for block in _blocks(lines):
        text = [line for line in block if line]
        appeal = sum(_is_appeal(line) for line in text)
        noise = sum(_is_appeal(line) or _is_ui(line) for line in text)
        strong = any(_APPEAL_START.match(line) for line in text)
        mostly = noise * 3 >= len(text) * 2 or (strong and noise * 2 >= len(text))
        if len(text) >= 2 and appeal >= 1 and mostly:
            result.extend(line for line in block if not line)
        else:
            result.extend(block)
    return result


def _blocks(lines: list[str]) -> list[list[str]]:
    """Split into runs of non-blank lines, each run followed by the blank lines after it."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line and blocks[-1] and not blocks[-1][-1]:
            blocks.append([])
        blocks[-1].append(line)
    return [block for block in blocks if block]


def _appeal_line(line: str) -> bool:
    """A short line that asks for money or a subscription: "Support us", "Your support …"."""
    return len(line) < _SHORT and bool(_APPEAL_START.match(line))


appeal_lines = _line_cleaner(_appeal_line)


# --- photo and image credits ----------------------------------------------------------

_CREDIT_START = re.compile(
    r"^\(?(photo(graph)?s?|image|picture|pictured|illustration|video|credit|caption|"
    r"source)\s*(by|credit)?\s*[:|–—-]\s*\S|^(photo|image) by\b|^(photo|image) credit",
    re.IGNORECASE,
)
_CREDIT_MARK = re.compile(
    r"getty images|\bap photo\b|\bafp via\b|shutterstock|\balamy\b|\(reuters/|reuters/[A-Z]|"
    r"\bepa-efe\b|\bfile photo\b|\bpool photo\b|/handout\b|\bhandout( photo)?( via \w+)?\)?$|"
    r"via reuters$|"
    r"/ ?(ap|afp|tass|reuters|epa|ria novosti|sputnik|xinhua|anadolu|kremlin\.ru)\)?$",
    re.IGNORECASE,
)
# "... caption text. Sergei Fadeichev / TASS": one to four capitalised words, a slash,
# one to four capitalised words (an agency or "Kremlin.ru") at the end of a line.
_NAME_SLASH_AGENCY = re.compile(
    r"(?:^|[.!?»”\"]\s+|\s)(?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’.-]*\s*/\s*"
    r"[A-Z][\w.&'’-]*(?:[ -][A-Z][\w.&'’-]*){0,3}\)?$"
)


def photo_credit(line: str) -> bool:
    """A caption or credit line: "Photo: …", "(Reuters/…)", "Getty Images", "Name / AGENCY"."""
    if len(line) >= _SHORT:
        return False
    return bool(
        _CREDIT_START.match(line) or _CREDIT_MARK.search(line) or _NAME_SLASH_AGENCY.search(line)
    )


# --- cookie banners, newsletters, sharing, menus --------------------------------------

_COOKIE = re.compile(
    r"\bcookies?\b.*\b(use|uses|using|accept|consent|policy|settings|preferences|improve|"
    r"experience|agree|personalis|personaliz)|^(accept|reject|allow|decline) (all|cookies|"
    r"necessary)|manage (preferences|consent|cookies|settings)|\bconsent preferences\b",
    re.IGNORECASE,
)


def cookie_banner(line: str) -> bool:
    """A cookie-consent sentence or button ("We use cookies…", "Accept all")."""
    return len(line) < 500 and bool(_COOKIE.search(line))


_NEWSLETTER = re.compile(
    r"\bnewsletters?\b.*\b(sign up|sign-up|subscribe|get|receive|inbox|delivered|email|"
    r"daily|weekly)|\b(sign up|subscribe)\b.*\b(newsletters?|updates|briefing|inbox)\b|"
    r"\benter your e-?mail\b|\bin your inbox\b|\bemail address\b",
    re.IGNORECASE,
)


def newsletter_signup(line: str) -> bool:
    """A newsletter sign-up prompt ("Sign up for our daily briefing", "Enter your email")."""
    return len(line) < _SHORT and bool(_NEWSLETTER.search(line))


_PLATFORMS = re.compile(
    r"\b(facebook|twitter|whatsapp|telegram|linkedin|reddit|pinterest|instagram|youtube|"
    r"tiktok|vk|x\.com|threads|bluesky|flipboard|email|copy link|print)\b",
    re.IGNORECASE,
)
_SHARE_FOLLOW = re.compile(
    r"^(share|follow|like|join)\b( us| this| the| on| our| [A-Z][\w.]*){0,4}\b.{0,60}$",
    re.IGNORECASE,
)


_FOLLOW_ON = re.compile(
    r"^follow (us|him|her|them|me|(?-i:[A-Z])[\w.]*( (?-i:[A-Z])[\w.]*){0,3}) on (twitter|x|"
    r"facebook|telegram|instagram|linkedin|youtube|tiktok|threads|bluesky|mastodon)\b",
    re.IGNORECASE,
)


def share_follow(line: str) -> bool:
    """A share or follow line: "Share on Facebook", "Follow us on Telegram"."""
    if len(line) <= 160 and _FOLLOW_ON.match(line):
        return True
    if len(line) > 120 or re.search(r"[.!?]$", line):
        return False
    platforms = len(_PLATFORMS.findall(line))
    if _SHARE_FOLLOW.match(line) and (platforms or _words(line) <= 5):
        return True
    return platforms >= 2 and platforms * 2 >= _words(line) - 2


_MENU_SEPARATORS = re.compile(r"\s*(?:\||•|·|›|»|>|/)\s*")


def menu_line(line: str) -> bool:
    """A navigation or breadcrumb line: three or more short segments between separators."""
    if len(line) > 200 or not _MENU_SEPARATORS.search(line):
        return False
    segments = [part for part in _MENU_SEPARATORS.split(line) if part.strip()]
    return len(segments) >= 3 and all(
        _words(part) <= 3 and not re.search(r"[.!?,;]$", part) for part in segments
    )


# --- "Read more", related links, advertisements ---------------------------------------

# A promo label, then a separator and a linked headline, or nothing.
_PROMO = re.compile(
    r"^(?:read (?:more|also|next|the full (?:story|article))|see also|related(?: articles?|"
    r" stories| news| coverage| content| topics)?|more (?:on|from|stories|news|in)\b[^:.!?]{0,40}|"
    r"recommended(?: for you| stories)?|you (?:may|might) (?:also )?like|most (?:read|popular|"
    r"viewed)|trending(?: now)?|top stories|editor'?s picks|advertisement|sponsored(?: content)?|"
    r"promoted|continue reading|watch|listen)(?:\s*(?:[:»›|–]|…|\.\.\.|--?)\s*|\s*$)",
    re.IGNORECASE,
)


def promo_lines(lines: list[str]) -> list[str]:
    """"Read more: …", "Related", "Advertisement" and the link titles listed under them.

    A promo label alone on its line ("Related stories") also takes the short, unpunctuated
    lines right under it (the linked headlines), up to a sentence or a blank line.
    """
    result: list[str] = []
    listing = False
    for line in lines:
        if not line:
            listing = False
            result.append(line)
            continue
        match = _PROMO.match(line)
        rest = line[match.end() :] if match else ""
        if match and not rest:
            listing = True
            continue
        if (match and len(rest) < 160) or (listing and _headline_like(line)):
            continue
        listing = False
        result.append(line)
    return result


def _headline_like(line: str) -> bool:
    return len(line) <= 160 and _words(line) <= 20 and not re.search(r"[.!,;:]$", line)


# --- footers and wire-service credits ---------------------------------------------------

_COPYRIGHT = re.compile(
    r"^(©|\(c\)\s)|^copyright\b.*\d{4}|\ball rights reserved\b", re.IGNORECASE
)
_FOOTER_LINK = re.compile(
    r"^(terms (of (use|service)|and conditions)|privacy( policy| notice)?|contact( us)?|"
    r"about( us)?|accessibility|site ?map|imprint|careers|advertise( with us)?)$",
    re.IGNORECASE,
)


def copyright_footer(line: str) -> bool:
    """A copyright line, or a footer link alone on its line ("Privacy policy")."""
    return len(line) < _SHORT and bool(_COPYRIGHT.search(line) or _FOOTER_LINK.match(line))


_WIRE_CREDIT = re.compile(
    r"^\(?((additional )?reporting|writing|editing|edited|compiled|translated) by\b|"
    r"^our standards:|\bcan be reached at\b|^(some )?(material|information) for this "
    r"(report|story|article) (came|was provided|comes) from\b|^\[?this (is a|story is "
    r"a) (developing|breaking)( news)? story\b|^\[?(first published|last updated|updated)\b"
    r"\s*(:|on\b|at\b)",
    re.IGNORECASE,
)


def wire_credit(line: str) -> bool:
    """Staff credits, author contacts and story-status notes: "(Reporting by …)",
    "Jane Roe can be reached at …", "This is a developing story", "Updated: …"."""
    return len(line) < _SHORT and bool(_WIRE_CREDIT.search(line))


ui_words = _line_cleaner(_is_ui)

# Order matters: sections and blocks first (they need their appeal lines to find their
# extent), then single lines, and lone UI words last (menus and appeals contain them).
CLEANERS: tuple[Cleaner, ...] = (
    appeal_sections,
    appeal_blocks,
    appeal_lines,
    _line_cleaner(photo_credit),
    _line_cleaner(cookie_banner),
    _line_cleaner(newsletter_signup),
    _line_cleaner(share_follow),
    _line_cleaner(menu_line),
    promo_lines,
    _line_cleaner(copyright_footer),
    _line_cleaner(wire_credit),
    ui_words,
)


def clean(
    lines: Sequence[str], cleaners: Sequence[Cleaner] = CLEANERS
) -> tuple[list[str], list[str]]:
    """Run the cleaners over stripped lines; return (kept lines, dropped non-blank lines)."""
    kept = [" ".join(line.split()) for line in lines]
    original = list(kept)
    for cleaner in cleaners:
        kept = cleaner(kept)
    return kept, _dropped(original, kept)


def _dropped(original: list[str], kept: list[str]) -> list[str]:
    """The non-blank lines of ``original`` missing from its subsequence ``kept``."""
    removed: list[str] = []
    position = 0
    for line in original:
        if position < len(kept) and kept[position] == line:
            position += 1
        elif line:
            removed.append(line)
    return removed
