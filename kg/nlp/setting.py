"""Where and when an event happened: place phrases ("in Ankara", "in the Turkish capital",
"on the island of Bali") and date expressions attached to the event's clause."""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.model import EntityKind
from kg.nlp.drafts import EventDraft
from kg.nlp.gazetteer import Gazetteer
from kg.nlp.lexicon import word_list
from kg.nlp.mentions import Mention, MentionIndex
from kg.nlp.parse import (
    OBJECT_DEPS,
    WITH_PREPS,
    attached_to,
    on_a_place,
    place_tokens,
    pobjs,
    sentence_ents,
    sentence_of,
)

_PLACE_PREPS = frozenset({"in", "at", "on", "inside", "near"})
_TIME_WORDS = word_list("time_words")


class SettingFinder:
    """Place and date of event drafts."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gaz = gazetteer

    def place(self, draft: EventDraft, index: MentionIndex) -> str | None:
        """ "in Ankara", "in the Turkish capital Ankara", "on the island of Bali" — the most specific."""
        best: tuple[int, str] | None = None
        taken = {a.key for a in draft.args}
        heads = {draft.trigger, draft.anchor, *draft.context}
        for head in list(heads):  # "…, taking place in Kuwait City", "a summit held in Rome"
            for c in head.children:
                if c.dep_ in ("advcl", "acl") and (
                    (c.lemma_.lower() == "take" and any(o.lower_ == "place" for o in c.children))
                    or (c.lower_ == "held" and c.tag_ == "VBN")
                ):
                    heads.add(c)
        for head in heads:
            for prep in head.children:
                if prep.dep_ != "prep" or prep.lower_ not in _PLACE_PREPS:
                    continue
                if prep.lower_ == "on" and not on_a_place(prep):
                    continue  # "talks on Kashmir" is a topic; "on the island of Bali" a place
                for t in place_tokens(prep):
                    m = index.at(t) or self._capital_of_demonym(t, index)
                    if m is None or not m.kind.is_place or m.key in taken or m.via == "demonym":
                        continue
                    rank = {EntityKind.CITY: 0, EntityKind.PLACE: 1, EntityKind.COUNTRY: 2}[m.kind]
                    if best is None or rank < best[0]:
                        best = (rank, m.key)
        anchor = draft.anchor
        if (
            best is None
            and index.dateline_places
            and any(c.lower_ == "here" and c.dep_ == "advmod" for h in heads for c in h.children)
        ):  # "who is here on an official visit": where the story is filed
            return next(iter(index.dateline_places.values()))
        if best is None and anchor.dep_ == "relcl" and any(c.lower_ == "where" for c in anchor.children):
            # "flew to Ankara (on Monday), where he met Erdogan": the nearest place before "where"
            where = min(c.i for c in anchor.subtree)
            for tok in reversed(anchor.doc[max(sentence_of(anchor).start, where - 6) : where]):
                m = index.at(tok)
                if m is not None and m.kind.is_place and m.key not in taken and m.via != "demonym":
                    return m.key
        if best is None:  # "met Blinken in Munich", "talks with Qin Gang in Beijing": "in" hung on the name
            for head in {draft.trigger, draft.anchor}:
                for prep in head.children:
                    objects = [prep] if prep.dep_ in OBJECT_DEPS else []
                    if (prep.dep_ == "prep" and prep.lower_ in WITH_PREPS) or prep.dep_ == "agent":
                        objects = pobjs(prep)
                    for obj in objects:
                        for inner in obj.children:
                            if inner.dep_ == "prep" and inner.lower_ in ("in", "at"):
                                for t in place_tokens(inner):
                                    m = index.at(t)
                                    if (
                                        m is not None
                                        and m.kind.is_place
                                        and m.key not in taken
                                        and m.via != "demonym"
                                    ):
                                        return m.key
        return best[1] if best else None

    def _capital_of_demonym(self, tok: Token, index: MentionIndex) -> Mention | None:
        """ "the Lithuanian capital" is Vilnius, when the reference data knows the capital."""
        if tok.lemma_.lower() != "capital":
            return None
        for c in tok.children:
            m = index.at(c)
            if m is not None and m.kind is EntityKind.COUNTRY:
                capital = self.gaz.entries[m.key].capital if m.key in self.gaz.entries else None
                if capital and capital in self.gaz.entries:
                    return Mention(tok.i, tok.i + 1, capital, self.gaz.entries[capital].kind)
        return None

    def date(self, draft: EventDraft, index: MentionIndex) -> Span | None:
        found = self._date(draft, index, set())
        anchor = draft.anchor
        if found is None and anchor.dep_ == "conj" and anchor.head.pos_ in ("VERB", "AUX"):
            found = self._date(draft, index, {anchor.head.i})  # "on Sunday declined …, but said …"
        return found

    def _date(self, draft: EventDraft, index: MentionIndex, shared: set[int]) -> Span | None:
        doc = draft.trigger.doc
        for ent in sentence_ents(draft.trigger):  # TIME too: "this evening", "last night"
            if ent.label_ not in ("DATE", "TIME") or not _is_point_in_time(ent):
                continue
            if any(a <= ent.start_char < b for a, b in index.dateline_spans):
                continue  # "MOSCOW, March 30 (Reuters) -" dates the story, not the event
            root = ent.root
            participles = {t.i for t in draft.trigger.children if t.dep_ == "acl" and t.tag_ == "VBN"}
            anchors = {draft.anchor.i, draft.trigger.i} | {t.i for t in draft.context} | participles | shared
            if attached_to(root, anchors):  # participles: "sanctions passed in 2006"
                return doc[ent.start : ent.end]
            if draft.anchor.dep_ == "relcl" and ent.start <= draft.anchor.head.i < ent.end:
                return doc[ent.start : ent.end]  # "on Monday, when/where he met": that Monday
        return None


def _is_point_in_time(ent: Span) -> bool:
    words = {t.lower_.rstrip(".") for t in ent}
    if words & {"annual", "decades", "years", "months", "weeks", "days", "ago"}:
        return False
    return bool(words & _TIME_WORDS) or any(t.text.isdigit() and len(t.text) == 4 for t in ent)
