"""Posts people hold, from the shapes news uses to introduce them.

- title before the name: "CIA director William Burns", "Russian Foreign Minister Sergei Lavrov",
  "the head of Russia's Foreign Intelligence Service (SVR) Sergei Naryshkin";
- apposition after the name: "Sergei Lavrov, Russia's foreign minister,", "Ms Bertrand, CNN's
  correspondent", "Naryshkin, head of the SVR".
The organization and country come from the words around the title; when the text names neither,
the reference data's post of that person with the same title fills them in.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span

from kg.model import EntityKind
from kg.nlp.gazetteer import Gazetteer
from kg.nlp.lexicon import role_data
from kg.nlp.mentions import Mention, MentionIndex
from kg.nlp.parse import sentence_of

_BRIDGE = frozenset({"of", "the", "'s", "’s", "(", ")", "for", "-"})
_MAX_TITLE_WORDS = 5


def titles() -> dict[str, str]:
    return role_data()["titles"]


@cache
def title_words() -> frozenset[str]:
    """Every word of a title or a rank prefix ("assistant", "minister"), for spotting title phrases."""
    return frozenset(w for title in titles() for w in title.split()) | frozenset(role_data()["rank_prefixes"])


@dataclass(frozen=True)
class RoleFinding:
    """A post found in the text, before mapping to model keys."""

    person: str
    role: str
    organization: str | None
    country: str | None
    start: int  # token span covering title and name
    end: int
    rule: str
    confidence: float


def _is_org(kind: EntityKind) -> bool:
    return kind.coarse == "Organization"


def _names_affiliation(m: Mention) -> bool:
    """Organisations and countries (or their demonyms) can say whose post a title is."""
    return m.kind is EntityKind.COUNTRY or _is_org(m.kind)


@dataclass(frozen=True)
class _TitleBefore:
    """What the title before a name says: the post, posts stacked before it ("Crown Prince and
    Prime Minister Sheikh Saad"), and whether it was plural ("foreign ministers A and B")."""

    finding: RoleFinding | None
    stacked: list[RoleFinding]
    plural: bool


class RoleFinder:
    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gaz = gazetteer  # the rules' only state: what one document yields is returned, not kept

    def find(self, doc: Doc, index: MentionIndex) -> list[RoleFinding]:
        found: list[RoleFinding] = []
        shared: RoleFinding | None = None  # "foreign ministers Sergei Lavrov and Frank-Walter Steinmeier"
        for mention in index.mentions:
            if mention.kind is not EntityKind.PERSON:
                continue
            before = self._before(doc, mention, index)
            beside = (  # "General Mark Milley, chairman of the Joint Chiefs of Staff": both posts
                self._after(doc, mention, index)
                or self._appositive(doc, mention, index)
                or self._title_of_comma(doc, mention, index)
            )
            finding = before.finding or beside
            if finding is before.finding and beside is not None and not _same_role(beside.role, finding.role):
                before.stacked.append(beside)
            joined = (
                shared is not None and mention.start == shared.end + 1 and doc[shared.end].lower_ == "and"
            )
            if finding is None and joined:
                finding = RoleFinding(
                    mention.key, shared.role, shared.organization, shared.country,
                    mention.start, mention.end, "role.shared-plural-title", shared.confidence,
                )  # fmt: skip
            shared = finding if finding is not None and (before.plural or joined) else None
            for f in ([finding] if finding is not None else []) + before.stacked:
                found.append(self._complete(f))
        for mention in index.mentions:
            if mention.kind is EntityKind.PERSON and not any(f.person == mention.key for f in found):
                counterpart = self._counterpart(doc, mention, index, found)
                if counterpart is not None:
                    found.append(self._complete(counterpart))
        return found

    # -- "his Chinese counterpart Wang Yi", "Qureshi's counterpart" -------------------
    def _counterpart(
        self, doc: Doc, person: Mention, index: MentionIndex, found: list[RoleFinding]
    ) -> RoleFinding | None:
        """A counterpart holds the same post as the person whose counterpart they are, in the
        country the title names ("his North Korean counterpart Li Gun-mo": prime minister of
        North Korea when "his" is South Korea's prime minister)."""
        sent_start = sentence_of(doc[person.start]).start
        i = person.start - 1
        if i <= sent_start or doc[i].lower_ != "counterpart":
            return None
        countries: list[str] = []
        i -= 1
        while i >= sent_start and (m := index.at(doc[i])) is not None and m.kind is EntityKind.COUNTRY:
            countries.append(m.key)
            i = m.start - 1
        if i < sent_start:
            return None
        if doc[i].lower_ in ("'s", "’s") and (owner := index.at(doc[i - 1])) is not None:
            whose = owner if owner.kind is EntityKind.PERSON else None
        elif doc[i].lower_ in ("his", "her"):
            earlier = [m for m in index.mentions if m.kind is EntityKind.PERSON and m.end <= i]
            whose = earlier[-1] if earlier else None  # the person last named
        else:
            return None
        if whose is None:
            return None
        posts = [f for f in found if f.person == whose.key and not f.role.startswith("former ")]
        if not posts:
            return None
        post = max(posts, key=lambda f: f.confidence)
        return RoleFinding(
            person.key, post.role, None, countries[0] if countries else None,
            i, person.end, "role.counterpart", 0.7,
        )  # fmt: skip

    # -- "CIA director William Burns" ------------------------------------------------
    def _before(self, doc: Doc, person: Mention, index: MentionIndex) -> _TitleBefore:
        """The title before a name, the titles stacked before it, and whether it was plural."""
        stacked: list[RoleFinding] = []
        sent_start = sentence_of(doc[person.start]).start
        i = person.start - 1
        orgs: list[Mention] = []
        countries: list[str] = []
        # walk left over organisation/country words and bridges to the title
        while i >= sent_start:
            tok = doc[i]
            m = index.at(tok)
            if m is not None and _names_affiliation(m):
                self._collect(m, orgs, countries)
                i = m.start - 1
                continue
            if tok.lower_ in ("for", "of") and not (orgs or countries):
                return _TitleBefore(None, stacked, False)  # "a spokesman for Mr Blair": not his post
            if tok.lower_ == "to" and (orgs or countries) and self._title_ending_at(doc, i, sent_start):
                countries.clear()  # "U.S. Ambassador to Thailand William Brown": posted there, not its
                i -= 1
                continue
            if tok.lower_ in _BRIDGE or tok.text in ("(", ")") or tok.lower_ in role_data()["honorifics"]:
                i -= 1  # "Secretary General Mr. Jens Stoltenberg"
                continue
            break
        title_end = i + 1
        match = self._title_ending_at(doc, title_end, sent_start)
        plural = False
        if match is None and title_end > sent_start and doc[title_end - 1].tag_ == "NNS":
            match = self._title_ending_at(doc, title_end, sent_start, plural=True)
            plural = match is not None  # "the two foreign ministers Lavrov and Steinmeier"
        if match is None:
            return _TitleBefore(None, stacked, plural)
        title_start, role = match
        # "Crown Prince and Prime Minister Sheikh Saad", "army chief Gen Qamar Javed Bajwa"
        k = title_start
        for _ in range(2):
            if k - 1 > sent_start and doc[k - 1].lower_ == "and":
                k -= 1
            more = self._title_ending_at(doc, k, sent_start)
            if more is None:
                break
            k, extra = more
            stacked.append(
                RoleFinding(person.key, extra, None, None, k, person.end, "role.stacked-title", 0.75)
            )
        # organisations and countries named right before the title ("CIA director", "Russian President")
        j = title_start - 1
        while j >= sent_start:
            m = index.at(doc[j])
            if m is not None and _names_affiliation(m):
                self._collect(m, orgs, countries)
                j = m.start - 1
                continue
            if doc[j].lower_ in ("'s", "’s"):
                j -= 1
                continue
            break
        if j >= sent_start and doc[j].lower_ in role_data()["not_in_post"]:
            return _TitleBefore(None, stacked, plural)  # "then-President", "the late President"
        former = j >= sent_start and doc[j].lower_ in role_data()["former_words"]
        if former and not role.startswith("former "):
            role = f"former {role}"  # "Former Russian President Dmitry Medvedev"
        between = doc[title_end : person.start]
        if any(t.is_punct and t.text not in "()-" for t in between):
            return _TitleBefore(None, stacked, plural)
        confidence = 0.85 if (orgs or countries) else 0.75
        found = _finding(
            person.key, role, orgs, countries, j + 1, person.end, "role.title-before-name", confidence
        )
        return _TitleBefore(found, stacked, plural)

    def _title_ending_at(
        self, doc: Doc, end: int, floor: int, plural: bool = False
    ) -> tuple[int, str] | None:
        """The longest title whose last word is token ``end - 1`` (its singular, if ``plural``)."""
        table = titles()
        for length in range(_MAX_TITLE_WORDS, 0, -1):
            start = end - length
            if start < floor:
                continue
            words = doc[start:end]
            if length > 1 and words[0].lower_ in ("of", "the"):
                continue
            text = " ".join(t.lower_ for t in words).replace(" - ", "-")
            if plural:
                text = text.removesuffix("s")
            if text in table:
                if length == 1 and words[0].pos_ not in ("NOUN", "PROPN"):
                    continue
                role = surface_role(words).removesuffix("s") if plural else surface_role(words)
                # "Deputy Foreign Minister", "acting foreign minister"
                while start > floor and doc[start - 1].lower_ in role_data()["rank_prefixes"]:
                    start -= 1
                    if doc[start].lower_ not in role:
                        role = f"{doc[start].lower_} {role}"
                if start > floor and doc[start - 1].lower_ in role_data()["not_in_post"]:
                    return None
                if start > floor and doc[start - 1].lower_ in role_data()["former_words"]:
                    start -= 1  # "Former Defense Secretary Robert Gates": a post of the past, said so
                    role = f"former {role}"
                return start, role
        return None

    def _collect(self, m: Mention, orgs: list[Mention], countries: list[str]) -> None:
        if m.kind is EntityKind.COUNTRY:
            if m.key not in countries:
                countries.append(m.key)
        elif _is_org(m.kind):
            orgs.append(m)

    # -- "Sergei Lavrov, Russia's foreign minister," ---------------------------------
    def _after(self, doc: Doc, person: Mention, index: MentionIndex) -> RoleFinding | None:
        i = person.end
        if i >= len(doc) or doc[i].text != ",":
            return None
        sent_end = sentence_of(doc[person.start]).end
        j = i + 1
        if j + 1 < sent_end and doc[j].lower_ == "who" and doc[j + 1].lemma_ == "be":
            j += 2  # "Prince Abdullah, who is deputy prime minister of Saudi Arabia,"
        orgs: list[Mention] = []
        countries: list[str] = []
        role = None
        end = j
        while j < min(sent_end, i + 14):
            tok = doc[j]
            if tok.text in (",", ".", ";", ":") or tok.pos_ in ("VERB", "AUX"):
                break
            m = index.at(tok)
            if m is not None:
                if m.kind is EntityKind.PERSON:
                    return None
                self._collect(m, orgs, countries)
                j = m.end
                end = j
                continue
            if role is None:
                for length in range(_MAX_TITLE_WORDS, 0, -1):
                    text = " ".join(t.lower_ for t in doc[j : j + length])
                    if j + length <= sent_end and text in titles():
                        role = surface_role(doc[j : j + length])
                        j += length
                        end = j
                        break
                else:
                    if tok.lower_ in _BRIDGE or tok.lower_ in ("a", "an") or tok.pos_ == "ADJ":
                        j += 1
                        continue
                    return None
                continue
            if tok.lower_ in _BRIDGE:
                j += 1
                continue
            break
        if role is None or _subject_of_next_clause(doc[i + 1 : end], doc[person.start : person.end]):
            return None
        return _finding(person.key, role, orgs, countries, person.start, end, "role.apposition", 0.8)

    # -- "the director of the CIA, William Burns," ------------------------------------
    def _appositive(self, doc: Doc, person: Mention, index: MentionIndex) -> RoleFinding | None:
        root = doc[person.start : person.end].root
        if root.dep_ != "appos":
            return None
        head = root.head
        affiliation = index.at(head)
        if (
            affiliation is not None
            and _names_affiliation(affiliation)
            and head.dep_ == "pobj"
            and head.head.lower_ == "of"
        ):
            title_tok = head.head.head  # director ← of ← CIA
        elif affiliation is None:
            title_tok = head  # "the foreign minister, Sergei Lavrov"
            if head.dep_ == "pobj" and head.head.lower_ in ("to", "of", "for"):
                return None  # "the Assistant to the President, John Bolton": not the president
        else:
            return None
        match = self._title_ending_at(doc, title_tok.i + 1, sentence_of(doc[person.start]).start)
        if match is None:
            return None
        title_start, role = match
        orgs: list[Mention] = []
        countries: list[str] = []
        for t in title_tok.subtree:
            if person.start <= t.i < person.end:
                continue
            m = index.at(t)
            if m is not None and _names_affiliation(m):
                self._collect(m, orgs, countries)
        start = min(title_start, title_tok.left_edge.i)
        return _finding(person.key, role, orgs, countries, start, person.end, "role.title-apposition", 0.8)

    # -- "the President of the Russian Federation, Vladimir Putin" (whatever the parse) --
    def _title_of_comma(self, doc: Doc, person: Mention, index: MentionIndex) -> RoleFinding | None:
        i = person.start - 1
        floor = sentence_of(doc[person.start]).start
        if i <= floor or doc[i].text != ",":
            return None
        affiliation = index.at(doc[i - 1])
        if affiliation is None or not _names_affiliation(affiliation):
            return None
        j = affiliation.start - 1
        if j > floor and doc[j].lower_ == "the":
            j -= 1
        if j <= floor or doc[j].lower_ != "of":
            return None
        match = self._title_ending_at(doc, j, floor)
        if match is None:
            return None
        start, role = match
        orgs: list[Mention] = []
        countries: list[str] = []
        self._collect(affiliation, orgs, countries)
        return _finding(person.key, role, orgs, countries, start, person.end, "role.title-of-comma", 0.8)

    # -- fill in from the organisation and the reference data -------------------------
    def _complete(self, f: RoleFinding) -> RoleFinding:
        org, country = f.organization, f.country
        if org and not country:
            country = self.gaz.country_of(org)
        entry = self.gaz.entries.get(f.person)
        if entry is not None and (org is None or country is None):
            for role, ref_org, ref_country, _start, _end in entry.posts:
                if _same_role(role, f.role) and (country is None or ref_country in (None, country)):
                    org = org or ref_org
                    country = country or ref_country or (self.gaz.country_of(ref_org) if ref_org else None)
                    break
        return RoleFinding(f.person, f.role, org, country, f.start, f.end, f.rule, f.confidence)


def _finding(
    person: str,
    role: str,
    orgs: list[Mention],
    countries: list[str],
    start: int,
    end: int,
    rule: str,
    conf: float,
) -> RoleFinding:
    """The first organisation and country named with the title are the post's."""
    org = orgs[0].key if orgs else None
    return RoleFinding(person, role, org, countries[0] if countries else None, start, end, rule, conf)


def _subject_of_next_clause(title: Span, name: Span) -> bool:
    """ "Before meeting with Bush, the Crown Prince paid …": the title after the comma is the
    subject of the main clause, and the name the object of another, so it names someone else."""
    head = title.root
    return (
        head.dep_ in ("nsubj", "nsubjpass")
        and name.root.dep_ in ("pobj", "dobj")
        and (name.root.head.i not in range(title.start, title.end))
    )


def title_abbreviations() -> list[str]:
    """Abbreviated titles ending in a period, as written before a name ("Sgt.", "Cmdr.")."""
    return [a.capitalize() for a in role_data()["abbreviations"] if a.endswith(".")]


def surface_role(words) -> str:
    """A title as the text words it, lower-cased, with abbreviations spelled out ("Sgt." → sergeant)."""
    abbreviations = role_data()["abbreviations"]
    return " ".join(abbreviations.get(t.lower_, t.lower_) for t in words).replace(" - ", "-")


def canonical_role(role: str) -> str:
    """The post a title names, for matching: the canonical form of its longest known ending
    ("deputy premier" → "deputy prime minister", "former defense secretary" → "defence secretary")."""
    table = titles()
    words = role.lower().removeprefix("former ").split()
    for i in range(len(words)):
        tail = " ".join(words[i:])
        if tail in table:
            return " ".join([*words[:i], table[tail]])
    return " ".join(words)


def _same_role(a: str, b: str) -> bool:
    a, b = canonical_role(a), canonical_role(b)
    return a == b or (a.split()[-1] == b.split()[-1] and (a in b or b in a))
