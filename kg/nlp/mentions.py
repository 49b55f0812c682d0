"""Find entity mentions in a parsed document and resolve them to one entity each.

Resolution inside a document: reference names and aliases (entity ruler ids), surnames and
titles to the full name mentioned earlier ("Burns" → William Burns), acronym ↔ expansion
("Foreign Intelligence Service (SVR)"), spelling variants of known officials (Anthony →
Antony Blinken), demonyms to their country. Unnamed actors never become entities.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from kg.model import EntityKind, slugify
from kg.nlp.dateline import find_datelines
from kg.nlp.gazetteer import Gazetteer
from kg.nlp.lexicon import role_data, word_list

TITLE_WORDS = frozenset(
    [
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "dr",
        "dr.",
        "sir",
        "madam",
        "dame",
        "lord",
        "president",
        "minister",
        "secretary",
        "prime",
        "chancellor",
        "general",
        "gen.",
        "senator",
        "sen.",
        "rep.",
        "ambassador",
        "king",
        "queen",
        "prince",
        "sheikh",
        "emir",
        "director",
        "chief",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "crown",
        "vice",
        "deputy",
        "premier",
        "governor",
        "commander",
        "admiral",
        "colonel",
        "col.",
        "lt.",
        "lieutenant",
        "captain",
        "capt.",
        "sgt.",
        "sergeant",
        "mayor",
        "judge",
        "pope",
        "ayatollah",
        "marshal",
        "brigadier",
        "chairman",
        "chairwoman",
        "envoy",
        "excellency",
        "h.e.",
        "gen",
        "honorable",
        "honourable",
        "rabbi",
    ]
)
# Verbs and particles of wire headlines that the NER swallows into a title-cased name.
_HEADLINE_VERBS = word_list("headline_verbs")
_BAD_ORG_WORDS = word_list("bad_org_words")
# names every country's government uses: they identify a body only together with the country
GENERIC_BODIES = frozenset(
    {
        "foreign ministry",
        "ministry of foreign affairs",
        "foreign office",
        "defence ministry",
        "defense ministry",
        "ministry of defence",
        "ministry of defense",
        "interior ministry",
        "ministry of interior",
        "justice ministry",
        "ministry of justice",
        "finance ministry",
        "ministry of finance",
        "economy ministry",
        "trade ministry",
        "security council",
        "national security council",
        "parliament",
        "senate",
        "prosecutor general's office",
        "supreme court",
        "constitutional court",
        "presidential office",
        "presidency",
        "cabinet",
        "embassy",
        "central bank",
        "armed forces",
        "army",
        "navy",
        "air force",
        "coast guard",
        "border guard",
        "security service",
        "intelligence service",
        "foreign intelligence service",
        "general staff",
        "defence forces",
        "defense forces",
        "national guard",
        "investigative committee",
    }
)
_NAME_CHARS = re.compile(r"^[A-Z][\w.'’\-]*$")


@dataclass
class Mention:
    """A span of the document that names (or, via a demonym, points to) an entity."""

    start: int  # token index
    end: int  # token index, exclusive
    key: str
    kind: EntityKind
    via: str = "name"  # name | demonym | surname | acronym | variant

    def tokens(self, doc: Doc) -> Span:
        return doc[self.start : self.end]


@dataclass
class DocEntity:
    key: str
    name: str
    kind: EntityKind
    aliases: set[str] = field(default_factory=set)
    wikidata: str | None = None
    country: str | None = None
    reference: bool = False


@dataclass
class MentionIndex:
    """All mentions of a document, addressable by token."""

    mentions: list[Mention]
    entities: dict[str, DocEntity]
    by_token: dict[int, Mention]
    dateline_places: dict[int, str] = field(default_factory=dict)  # char where a story starts → place key
    dateline_spans: list[tuple[int, int]] = field(default_factory=list)  # character ranges of datelines

    def at(self, token: Token) -> Mention | None:
        return self.by_token.get(token.i)


# A photo credit in parentheses: "(Adel Hana/Associated Press)", "(Mohamed El Saife/CBC)".
_CREDIT = re.compile(
    r"\((?:[A-Z][\w'’.-]*\s){0,3}[A-Z][\w'’.-]*\s?/\s?"  # the photographer, a slash,
    r"(?:The\s)?[A-Z][\w.&'’-]*(?:\s[A-Z][\w.&'’-]*){0,3}\)"  # the agency
)


def _clean_person_name(span: Span) -> tuple[int, int]:
    """Drop leading titles and trailing possessives/punctuation from a PERSON span."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].lower_ in TITLE_WORDS:
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in ("'s", "’s")):
        end -= 1
    return start, end


# Lower-case words inside names: "Bank of England", "Abdullah bin Abdul Aziz", "Ursula von der Leyen".
_NAME_PARTICLES = word_list("name_particles")


def _common_word(tok: Token) -> bool:
    """A capitalised word the document also writes in lower case: a common noun, not a name."""
    doc = tok.doc
    if "kg_lower_words" not in doc.user_data:
        doc.user_data["kg_lower_words"] = {t.text for t in doc if t.is_lower}
    return tok.text[:1].isupper() and tok.text.lower() in doc.user_data["kg_lower_words"]


def _looks_like_name(tokens: Span) -> bool:
    if any(t.text in ("/", "|", "@", "#", "©", "\n") or t.is_space for t in tokens):
        return False
    words = [w for w in _written_words(tokens) if any(c.isalnum() for c in w)]
    return bool(words) and all(_name_word(w) for w in words) and bool(_NAME_CHARS.match(words[0]))


def _name_word(word: str) -> bool:
    """Capitalised ("Dae-ho"), a particle ("bin", "von"), or a particle joined to a
    capitalised part ("al-Assad", "el-Sisi")."""
    particle, hyphen, rest = word.partition("-")
    return bool(
        _NAME_CHARS.match(word)
        or word.lower() in _NAME_PARTICLES
        or (hyphen and particle.lower() in _NAME_PARTICLES and _NAME_CHARS.match(rest))
    )


def _written_words(tokens: Span) -> list[str]:
    """The tokens, with those a hyphen joins without a space as one word: "Dae-ho" in
    "Kim Dae-ho", which spaCy splits into "Dae", "-", "ho", is one capitalised word (a
    possessive stays apart: "University's Center" is two names)."""
    words: list[str] = []
    glued = False
    for t in tokens:
        hyphen = t.text == "-"
        if words and (glued or hyphen) and not t.nbor(-1).whitespace_:
            words[-1] += t.text
        else:
            words.append(t.text)
        glued = hyphen
    return words


_ACTOR_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "poss", "iobj", "dative"})
_ACTOR_PREPS = frozenset({"between", "with", "against", "by", "from", "toward", "towards", "on"})


def _acts(tok: Token) -> bool:
    """Whether a place name stands where an actor stands in the parse."""
    while tok.dep_ == "conj":
        tok = tok.head
    if tok.dep_ in _ACTOR_DEPS:
        return True
    return (tok.dep_ == "pobj" and tok.head.lower_ in _ACTOR_PREPS and tok.head.head.pos_ != "VERB") or (
        tok.dep_ == "pobj" and tok.head.lower_ in ("between", "with", "against", "by")
    )


def _name_in_mixed_case(entity: DocEntity, text: str) -> None:
    """A place or person found only in capitals (a dateline, a headline: "PHILADELPHIA") is
    named as the text writes it elsewhere, else in title case; the capitals stay an alias.
    Organizations keep theirs: in capitals they are mostly acronyms."""
    letters = [c for c in entity.name if c.isalpha()]
    if entity.reference or len(letters) < 4 or not all(c.isupper() for c in letters):
        return
    if not (entity.kind is EntityKind.PERSON or entity.kind.is_place):
        return
    forms = {m.group(0) for m in re.finditer(rf"\b{re.escape(entity.name)}\b", text, flags=re.IGNORECASE)}
    mixed = sorted(f for f in forms if not f.isupper())
    entity.aliases.add(entity.name)
    entity.name = mixed[0] if mixed else entity.name.title()
    entity.aliases.discard(entity.name)


class MentionResolver:
    """Turns spaCy entities into resolved mentions for one document."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gaz = gazetteer

    def resolve(self, doc: Doc, doc_id: str, text: str | None = None) -> MentionIndex:
        """``text`` is the document as written when ``doc`` parsed a prepared copy of it."""
        text = doc.text if text is None else text
        entities: dict[str, DocEntity] = {}
        mentions: list[Mention] = []
        pending_persons: list[tuple[int, int]] = []
        credits = [m.span() for m in _CREDIT.finditer(doc.text)]
        for ent in doc.ents:
            if any(a <= ent.start_char < b for a, b in credits):
                continue  # "(Adel Hana/Associated Press)": who took the photo, not who is in the news
            mention = self._from_ent(ent, entities, pending_persons)
            if mention:
                mentions.append(mention)
        datelines = find_datelines(text)
        dateline_places = self._datelines(doc, text, datelines, mentions, entities)
        self._acronyms(doc, mentions, entities)
        self._taken = {i for m in mentions for i in range(m.start, m.end)}
        self._known_people = {  # people the entity ruler found by full name
            doc[m.end - 1].text: m.key
            for m in mentions
            if m.kind is EntityKind.PERSON and m.end - m.start > 1
        }
        self._known_first = {
            doc[m.start].text: m.key
            for m in mentions
            if m.kind is EntityKind.PERSON and 2 <= m.end - m.start <= 3
        }
        mentions.extend(self._persons(doc, doc_id, pending_persons, entities))
        self._surname_mislabels(doc, mentions, entities)
        self._metonyms(doc, mentions, entities)
        mentions.sort(key=lambda m: m.start)
        for entity in entities.values():
            _name_in_mixed_case(entity, text)
        by_token = {i: m for m in mentions for i in range(m.start, m.end)}
        spans = [(line.places[0][0], line.end) for line in datelines]
        return MentionIndex(mentions, entities, by_token, dateline_places, spans)

    def _datelines(
        self, doc: Doc, text: str, datelines: list, mentions: list[Mention], entities: dict[str, DocEntity]
    ) -> dict[int, str]:
        """ "ANKARA, Nov 14 (Meridian Wire) -": the city (in capitals the ruler cannot match) and the
        outlet are mentions; the city is where the story was filed."""
        places: dict[int, str] = {}
        for line in datelines:
            spans = [(a, b, "place") for a, b in line.places]
            if line.outlet:
                spans.append((*line.outlet, "outlet"))
            for a, b, what in spans:
                span = doc.char_span(a, b, alignment_mode="expand")
                if span is None:
                    continue
                name = text[a:b]
                entry = self.gaz.lookup(name) or self.gaz.lookup(name.title())
                if what == "place":
                    if entry is None or not entry.kind.is_place:
                        continue
                    key, kind = entry.key, entry.kind
                    self._register_reference(key, entities)
                    places.setdefault(line.end, key)
                elif entry is not None:
                    key, kind = entry.key, entry.kind
                    self._register_reference(key, entities)
                else:
                    key, kind = slugify(name), EntityKind.MEDIA_OUTLET
                    entities.setdefault(key, DocEntity(key, name, kind))
                mentions[:] = [m for m in mentions if m.end <= span.start or m.start >= span.end]
                mentions.append(Mention(span.start, span.end, key, kind, "dateline"))
        return places

    # -- one spaCy entity ------------------------------------------------------------
    def _from_ent(self, ent: Span, entities: dict[str, DocEntity], pending: list) -> Mention | None:
        if ent.ent_id_ and ent.ent_id_ in self.gaz.entries:
            entry = self.gaz.entries[ent.ent_id_]
            self._register_reference(entry.key, entities)
            via = "demonym" if ent.label_ == "NORP" else "name"
            if via == "name" and ent.text != entry.name:
                entities[entry.key].aliases.add(ent.text)
            return Mention(ent.start, ent.end, entry.key, entry.kind, via)
        label = ent.label_
        if label == "PERSON":
            pending.append(_clean_person_name(ent))
            return None
        if label in ("GPE", "LOC"):
            return self._place(ent, entities, pending)
        if label == "ORG":
            return self._organization(ent, entities, pending)
        return None

    def _register_reference(self, key: str, entities: dict[str, DocEntity]) -> DocEntity:
        if key not in entities:
            entry = self.gaz.entries[key]
            entities[key] = DocEntity(
                key,
                entry.name,
                entry.kind,
                wikidata=entry.wikidata,
                country=self.gaz.country_of(key) if entry.kind is not EntityKind.COUNTRY else None,
                reference=True,
            )
        return entities[key]

    def _place(self, ent: Span, entities: dict[str, DocEntity], pending: list) -> Mention | None:
        text = ent.text.removeprefix("the ").strip()
        entry = self.gaz.lookup(text)
        if entry is not None:
            self._register_reference(entry.key, entities)
            return Mention(ent.start, ent.end, entry.key, entry.kind)
        if not _looks_like_name(ent):
            return None
        if len(ent) == 1 and _common_word(ent[0]):
            return None  # "Tsunami", "Battle": a common noun capitalised in a headline
        before = ent.doc[ent.start - 1] if ent.start > 0 else None
        if before is not None and before.lower_ in TITLE_WORDS and len(ent) >= 2:
            pending.append((ent.start, ent.end))  # "president Thabo Mbeki" mislabelled as a place
            return None
        # countries are all in the reference data, so an unknown geopolitical name is a town or city
        kind = EntityKind.CITY if ent.label_ == "GPE" else EntityKind.PLACE
        key = slugify(text)
        entities.setdefault(key, DocEntity(key, text, kind))
        return Mention(ent.start, ent.end, key, entities[key].kind)

    def _organization(self, ent: Span, entities: dict[str, DocEntity], pending: list) -> Mention | None:
        start = ent.start + (1 if ent[0].lower_ == "the" else 0)
        span = ent.doc[start : ent.end]
        cut = next((t.i for t in span[1:] if t.lower_ in _HEADLINE_VERBS), None)
        if cut is not None:  # a title-cased wire headline: "Alfonsin Meets IMF Chief"
            span = ent.doc[start:cut]
        while len(span) and (span[-1].is_punct or span[-1].lower_ in ("'s", "’s", "of", "the", "and", "for")):
            span = span[:-1]  # "Government of" cut off by the NER
        text = span.text
        if not text:
            return None
        entry = self.gaz.lookup(text)
        if entry is not None:
            self._register_reference(entry.key, entities)
            return Mention(span.start, span.end, entry.key, entry.kind)
        if len(span) == 1 and self.gaz.by_surname(text) is not None:
            pending.append((span.start, span.end))  # "Lavrov" mislabelled as ORG
            return None
        if len(span) >= 3 and span[0].lower_ in TITLE_WORDS and _looks_like_name(span[1:]):
            pending.append((span.start + 1, span.end))  # "Spokesperson Ned Price" mislabelled as ORG
            return None
        if text.lower() in GENERIC_BODIES:
            return self._national_body(span, entities)
        if text.lower() in role_data()["titles"]:
            return None  # "National Security Advisor", "Supreme Allied Commander": a post, not a body
        if len(text) < 2 or text.lower() in _BAD_ORG_WORDS or not _looks_like_name(span):
            return None
        if len(span) == 1 and _common_word(span[0]):
            return None  # "Hydroxychloroquine" in a headline, "hydroxychloroquine" in the story
        if any(t.like_num for t in span):
            return None
        key = slugify(text)
        entities.setdefault(key, DocEntity(key, text, EntityKind.ORGANIZATION))
        return Mention(span.start, span.end, key, EntityKind.ORGANIZATION)

    def _national_body(self, span: Span, entities: dict[str, DocEntity]) -> Mention | None:
        """ "the Russian Foreign Ministry", "Poland's foreign ministry": a body of that country.
        Without a country the name is ambiguous and names no entity."""
        doc = span.doc
        i = span.start - 1
        if i >= 0 and doc[i].lower_ in ("'s", "’s"):
            i -= 1
        country = self.gaz.entries.get(doc[i].ent_id_) if i >= 0 and doc[i].ent_id_ else None
        if country is None or country.kind is not EntityKind.COUNTRY:
            return None
        wanted = span.text.lower()
        for entry in self.gaz.entries.values():
            if (
                entry.country == country.key
                and entry.kind.coarse == "Organization"
                and any(wanted in name.lower() for name in (entry.name, *entry.aliases))
            ):
                self._register_reference(entry.key, entities)
                return Mention(span.start, span.end, entry.key, entry.kind)
        name = f"{span.text} of {country.name}"
        key = slugify(name)
        entities.setdefault(key, DocEntity(key, name, EntityKind.GOVERNMENT_BODY, country=country.key))
        entities[key].aliases.add(span.text)
        return Mention(span.start, span.end, key, EntityKind.GOVERNMENT_BODY)

    # -- metonymy ---------------------------------------------------------------------
    def _metonyms(self, doc: Doc, mentions: list[Mention], entities: dict[str, DocEntity]) -> None:
        """A capital or seat that acts ("Moscow said", "talks between Washington and Moscow",
        "Washington's sanctions") names its country; "in Moscow" stays a city."""
        for m in mentions:
            if m.kind not in (EntityKind.CITY, EntityKind.PLACE):
                continue
            target = self.gaz.metonym_target(m.key)
            if target is None or target not in self.gaz.entries:
                continue
            if _acts(doc[m.start : m.end].root):
                m.key, m.kind, m.via = target, self.gaz.entries[target].kind, "metonym"
                self._register_reference(target, entities)
        used = {m.key for m in mentions}
        for key in [k for k in entities if k not in used]:
            del entities[key]

    # -- acronyms --------------------------------------------------------------------
    def _acronyms(self, doc: Doc, mentions: list[Mention], entities: dict[str, DocEntity]) -> None:
        """ "Long Name (ACR)": both name one entity; later bare "ACR" resolves to it."""
        by_start = {m.start: m for m in mentions}
        by_end = {m.end: m for m in mentions}
        for tok in doc:
            if tok.text != "(" or tok.i + 2 >= len(doc) or doc[tok.i + 2].text != ")":
                continue
            acr = doc[tok.i + 1]
            if not (acr.text.isupper() and 2 <= len(acr.text) <= 8):
                continue
            long_m = by_end.get(tok.i)
            short_m = by_start.get(acr.i)
            if long_m is None:
                continue
            if short_m is not None and short_m.key != long_m.key:
                # the reference knows the acronym: keep the reference entity for both
                keep, drop = (short_m, long_m) if entities[short_m.key].reference else (long_m, short_m)
                if entities[drop.key].reference:
                    continue
                dropped = drop.key  # drop is itself one of the mentions rewritten below
                entities[keep.key].aliases.add(entities[dropped].name)
                for m in mentions:
                    if m.key == dropped:
                        m.key, m.kind = keep.key, keep.kind
                entities.pop(dropped, None)
            elif short_m is None:
                entities[long_m.key].aliases.add(acr.text)
                mentions.append(Mention(acr.i, acr.i + 1, long_m.key, long_m.kind, "acronym"))
                for other in doc:
                    if other.text == acr.text and other.i != acr.i and other.i not in by_start:
                        mentions.append(Mention(other.i, other.i + 1, long_m.key, long_m.kind, "acronym"))

    # -- persons ---------------------------------------------------------------------
    def _persons(
        self, doc: Doc, doc_id: str, spans: list[tuple[int, int]], entities: dict[str, DocEntity]
    ) -> list[Mention]:
        """Full names first, then surnames resolved to them (or to a unique known official)."""
        out: list[Mention] = []
        full: dict[str, str] = dict(self._known_people)  # surname → key of a full name in this doc
        # family name first ("Xi Jinping" → "Xi", "Wang Yi" → "Wang"): used only when no surname matches
        given_first: dict[str, str] = dict(self._known_first)
        ordered = sorted(set(spans), key=lambda s: (-(s[1] - s[0]), s[0]))
        for start, end in ordered:
            span = doc[start:end]
            if not len(span) or not _looks_like_name(span):
                continue
            text = span.text
            if len(span) >= 2:
                key = self._person_key(text, entities)
                full.setdefault(span[-1].text, key)
                given_first.setdefault(span[0].text, key)
                out.append(Mention(start, end, key, EntityKind.PERSON))
        # surnames the NER missed ("… ," Widodo said) but a full name in this document explains
        taken = {i for s, e in spans for i in range(s, e)} | self._taken
        for tok in doc:
            if tok.pos_ == "PROPN" and (tok.text in full or tok.text in given_first) and tok.i not in taken:
                ordered.append((tok.i, tok.i + 1))
        for start, end in ordered:
            span = doc[start:end]
            if len(span) != 1 or not _looks_like_name(span):
                continue
            surname = span.text
            key = full.get(surname) or (
                given_first.get(surname) if surname not in self.gaz.surnames else None
            )
            via = "surname"
            if key is None:
                entry = self.gaz.by_surname(surname)
                if entry is not None:
                    key = entry.key
                    self._register_reference(key, entities)
                else:  # a lone word the article never introduces by full name: too weak to be a person
                    continue
            entities[key].aliases.add(surname)
            out.append(Mention(start, end, key, EntityKind.PERSON, via))
        self._surnames = {**given_first, **full}
        return out

    def _surname_mislabels(self, doc: Doc, mentions: list[Mention], entities: dict[str, DocEntity]) -> None:
        """ "Whelan", "Bazoum", "Gershkovich" tagged as an organisation or place: when the article
        names that person in full, the word is the person."""
        for m in mentions:
            if m.end - m.start != 1 or m.kind is EntityKind.PERSON or m.key in self.gaz.entries:
                continue
            person = self._surnames.get(doc[m.start].text)
            if person is not None:
                old = m.key
                m.key, m.kind, m.via = person, EntityKind.PERSON, "surname"
                entities[person].aliases.add(doc[m.start].text)
                if not any(x.key == old for x in mentions):
                    entities.pop(old, None)

    def _person_key(self, text: str, entities: dict[str, DocEntity]) -> str:
        entry = self.gaz.lookup(text)
        if entry is None or entry.kind is not EntityKind.PERSON:
            entry = self._spelling_variant(text)
        if entry is not None and entry.kind is EntityKind.PERSON:
            ent = self._register_reference(entry.key, entities)
            if text != entry.name:
                ent.aliases.add(text)
            return entry.key
        key = slugify(text)
        entities.setdefault(key, DocEntity(key, text, EntityKind.PERSON))
        return key

    def _spelling_variant(self, text: str):
        """A known official with the same surname and a similar first name (Anthony/Antony)."""
        parts = text.split()
        entry = self.gaz.by_surname(parts[-1])
        if entry is None:
            return None
        for name in (entry.name, *entry.aliases):
            first = name.split()[0] if " " in name else ""
            if first and difflib.SequenceMatcher(None, first.lower(), parts[0].lower()).ratio() >= 0.75:
                return entry
        return None
