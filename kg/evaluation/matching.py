"""Name, role and event matching rules shared by the development-set scorer.

Kept apart from the scoring loop so that every rule is one small function with a test.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")
U = TypeVar("U")

# Words that change who holds a post; two roles differing in one of these never match.
RANK_WORDS = frozenset(
    {"deputy", "vice", "assistant", "under", "acting", "former", "first", "second", "junior",
     "interim", "ex", "associate", "undersecretary", "under-secretary"}
)
_LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def norm_name(name: str | None) -> str:
    """Compare names without case, accents, a leading article, dots or extra spaces."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name.translate(_QUOTES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace(".", "")
    text = re.sub(r"\s+", " ", text).strip()
    return _LEADING_ARTICLE.sub("", text)


def role_tokens(role: str) -> list[str]:
    """Lower-case words of a title, with "of"/"for"/"the"/"and" dropped."""
    words = re.findall(r"[a-z][a-z'-]*", norm_name(role))
    return [w for w in words if w not in {"of", "for", "the", "and", "on", "to"}]


def role_head(role: str) -> str:
    """The head noun of a title: the word before "of" ("secretary of state"), else the last."""
    words = re.findall(r"[a-z][a-z'-]*", norm_name(role))
    if "of" in words[1:]:
        return words[words.index("of", 1) - 1]
    return words[-1] if words else ""


def roles_match(gold: str, predicted: str) -> bool:
    """Same title, or same head word where one title's other words contain the other's
    and both agree on rank words: "minister" ~ "foreign minister", "director" ~
    "cia director", but "prime minister" ≁ "foreign minister" and
    "deputy foreign minister" ≁ "foreign minister"."""
    if norm_name(gold) == norm_name(predicted):
        return True
    g_head, p_head = role_head(gold), role_head(predicted)
    if not g_head or g_head != p_head:
        return False
    g_mods = set(role_tokens(gold)) - {g_head}
    p_mods = set(role_tokens(predicted)) - {p_head}
    if g_mods & RANK_WORDS != p_mods & RANK_WORDS:
        return False
    return g_mods <= p_mods or p_mods <= g_mods


def jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    """Overlap of two name sets; two empty sets count as identical."""
    sa, sb = set(a), set(b)
    if not sa and not sb:
        return 1.0
    return len(sa & sb) / len(sa | sb)


def greedy_pairs(
    gold: Sequence[T],
    predicted: Sequence[U],
    score: Callable[[T, U], float | None],
) -> list[tuple[int, int, float]]:
    """One-to-one pairs, best score first; ``score`` returns None for "cannot match".

    Ties keep document order (gold index, then predicted index) so results are stable.
    """
    candidates = []
    for i, g in enumerate(gold):
        for j, p in enumerate(predicted):
            s = score(g, p)
            if s is not None:
                candidates.append((-s, i, j))
    candidates.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for neg, i, j in candidates:
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        pairs.append((i, j, -neg))
    return pairs


class NameResolver:
    """Maps a predicted name onto a gold name using the predicted entity's aliases.

    A predicted name resolves to a gold name when the two are equal after ``norm_name``,
    or when the gold name (or one of the gold entity's optional aliases) equals one of
    the aliases of the predicted entity that carries the predicted name.
    """

    def __init__(self, gold_entities: Iterable[dict], predicted_entities: Iterable[dict]):
        self._gold: dict[str, str] = {}
        for ent in gold_entities:
            for form in (ent.get("name"), *ent.get("aliases", ())):
                if norm_name(form):
                    self._gold.setdefault(norm_name(form), norm_name(ent.get("name")))
        self._forms: dict[str, list[str]] = {}
        for ent in predicted_entities:
            name = norm_name(ent.get("name"))
            forms = [f for f in (name, *(norm_name(a) for a in ent.get("aliases", ()) or ())) if f]
            for form in forms:  # the entity's name first, so an exact name wins over an alias
                self._forms.setdefault(form, []).extend(forms)

    def forms(self, name: str | None) -> list[str]:
        """The normalised name, then every form of the predicted entity it names or aliases."""
        key = norm_name(name)
        return [key, *self._forms.get(key, [])] if key else []

    def resolve(self, name: str | None) -> str:
        """The normalised gold name this predicted name stands for, else its own form."""
        forms = self.forms(name)
        for form in forms:
            if form in self._gold:
                return self._gold[form]
        return forms[0] if forms else ""

    def gold(self, name: str | None) -> str:
        """The normalised canonical form of a gold name (aliases fold onto the name)."""
        key = norm_name(name)
        return self._gold.get(key, key)
