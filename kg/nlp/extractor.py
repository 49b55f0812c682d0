"""One document in, one ``Extraction`` out: mentions, posts and events with evidence.

The spaCy pipeline is the statistical model plus an entity ruler generated from the reference
data, placed before the NER so that known names win. Everything after the parse is rules over
the dependency tree (``mentions``, ``roles``, ``events``), then document-level clean-up that
favours precision: anaphoric event mentions ("the meeting") join the named event they refer to,
events without a named participant are dropped, statements need an official speaker.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from copy import copy
from datetime import date
from functools import cache

from spacy.attrs import ORTH
from spacy.tokens import Doc, Span

from kg.model import (
    DateValue,
    Document,
    Entity,
    EntityKind,
    Event,
    Evidence,
    Extraction,
    Modality,
    Participation,
    ReferenceEntry,
    Tenure,
)
from kg.nlp.attribution import Attribution, attribution_of
from kg.nlp.components import STAGES, rule_inputs
from kg.nlp.dates import parse_iso, resolve
from kg.nlp.drafts import Arg, EventDraft
from kg.nlp.events import EventFinder
from kg.nlp.gazetteer import Gazetteer
from kg.nlp.headlines import prepare_for_parsing
from kg.nlp.lexicon import data_file, role_data, word_list
from kg.nlp.loader import load_spacy
from kg.nlp.mentions import MentionIndex, MentionResolver
from kg.nlp.parse import in_headline, sentence_number, sentence_of, sentences
from kg.nlp.roles import RoleFinder, RoleFinding, title_abbreviations
from kg.nlp.ruler_cache import add_reference_ruler
from kg.nlp.segment import paragraph_boundaries  # noqa: F401  (registers the component)

_CONSULT = frozenset({"Meeting", "Talks"})  # "spy chiefs hold talks" may name the meeting reported below
# Titles whose holders report or comment, and hold no office ("political correspondent", "senior fellow")
_NON_OFFICIAL_ROLES = word_list("non_official_roles")


def _non_official(role: str) -> bool:
    return bool(set(role.split()) & _NON_OFFICIAL_ROLES)


_OFFICIAL_KINDS = frozenset(
    {
        EntityKind.COUNTRY,
        EntityKind.GOVERNMENT_BODY,
        EntityKind.INTELLIGENCE_AGENCY,
        EntityKind.INTERNATIONAL_ORGANIZATION,
    }
)


_MAX_ANAPHORA_DISTANCE = 4
# A longer text is parsed in parts of at most this many characters, one part at a time:
# spaCy's peak memory grows with the text it parses at once (about 1 GB for 300 k characters
# parsed whole or batched, 0.25 GB in parts of 20 k), and the parts parse no slower. News
# articles are far shorter, so they are parsed whole as before.
PART_CHARS = 50_000
_BACK_REFERENCES = word_list("back_references")


def _iso(d: EventDraft, published: date | None) -> str | None:
    return resolve(d.date_span.text, published).iso if d.date_span is not None else None


_BILATERAL = frozenset(
    {"Meeting", "MeetingThirdLocation", "Negotiation", "Mediation", "PhoneCall", "HostVisit"}
)


def _enough_parties(d: EventDraft) -> bool:
    """A meeting or call takes two; a visit needs someone visited or somewhere to go.
    (Unasserted events keep one party: "Burns was not conducting negotiations".)"""
    if d.modality != "asserted":
        return True
    parties = len({a.key for a in d.args}) + d.unnamed_parties + (2 if d.collective else 0)
    if d.type in _BILATERAL:
        return parties >= 2
    if d.type == "Visit":
        return parties >= 2 or d.place is not None
    return True


def _confidence_table() -> dict:
    return data_file("confidence")


def split_for_parsing(text: str, limit: int) -> list[str]:
    """``text`` cut into parts of at most ``limit`` characters that join back to it exactly:
    between paragraphs where possible, else after a sentence, else at a space."""
    parts: list[str] = []
    while len(text) > limit:
        window = text[:limit]
        cut = limit
        for separator in ("\n\n", ". ", " "):
            at = window.rfind(separator)
            if at > limit // 2:
                cut = at + len(separator)
                break
        parts.append(text[:cut])
        text = text[cut:]
    return [*parts, text] if text else parts


@cache
def _non_state_markers() -> frozenset[str]:
    return frozenset(role_data()["non_state_markers"])


def _one_per_sentence(drafts: list[EventDraft], categories: dict[str, str]) -> list[EventDraft]:
    """Two triggers of one event in one sentence are one mention: "a meeting …, the first talks …"
    (same parties), "forces destroyed one platform and raided another" (the second names fewer).
    Each draft is compared with the kept drafts of its own sentence only (a long text has
    thousands of drafts)."""
    out: list[EventDraft] = []
    by_sentence: dict[int, list[EventDraft]] = {}
    dropped: set[int] = set()  # ids of kept drafts a later one of the sentence stands for
    for d in drafts:
        here = by_sentence.setdefault(sentence_number(d.trigger), [])
        parties = {a.key for a in d.args}
        same = [
            o
            for o in here
            if id(o) not in dropped
            and categories[o.type] == categories[d.type]
            and o.modality == d.modality
            and (o.type == d.type or categories[d.type] != "Statement")
        ]
        if any(parties <= {a.key for a in o.args} for o in same):
            continue
        dropped.update(id(o) for o in same if {a.key for a in o.args} < parties)
        out.append(d)
        here.append(d)
    return [d for d in out if id(d) not in dropped]


class Extractor:
    """Loads spaCy once and extracts facts from any number of documents."""

    def __init__(
        self,
        reference: Iterable[ReferenceEntry],
        categories: Mapping[str, str],
        model: str | None = None,
    ) -> None:
        """``categories`` maps each event type to its top category (concepts.ttl, read by the
        ontology layer), so the event vocabulary is stated once, in the ontology."""
        self.categories = dict(categories)
        self.gazetteer = Gazetteer.build(reference)
        self.nlp = load_spacy(model)
        for abbreviation in title_abbreviations():  # "Staff Sgt. Daniel Okafor" is one sentence
            self.nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
        if "paragraph_boundaries" not in self.nlp.pipe_names and "parser" in self.nlp.pipe_names:
            self.nlp.add_pipe("paragraph_boundaries", before="parser")
        if "entity_ruler" not in self.nlp.pipe_names:  # token table cached on disk (kg.nlp.ruler_cache)
            before = {"before": "ner"} if "ner" in self.nlp.pipe_names else {}
            add_reference_ruler(self.nlp, self.gazetteer.ruler_patterns(), **before)
        self.resolver = MentionResolver(self.gazetteer)
        self.roles = RoleFinder(self.gazetteer)
        self.events = EventFinder(self.gazetteer)
        for stage, rules in zip(STAGES, (self.resolver, self.roles, self.events), strict=True):
            if stage not in self.nlp.pipe_names:
                self.nlp.add_pipe(stage, last=True).bind(rules)
        meta = self.nlp.meta
        self.name = f"{meta.get('lang', 'xx')}_{meta.get('name', 'model')} {meta.get('version', '')}".strip()

    def extract(self, document: Document) -> Extraction:
        return next(self.extract_many([document]))

    def extract_many(self, documents: Iterable[Document], batch_size: int = 32) -> Iterator[Extraction]:
        """Stream extractions; spaCy batches the parsing (about 30 % faster than one by one).

        A text longer than ``PART_CHARS`` (or spaCy's ``max_length``) is parsed in parts cut
        between paragraphs and joined back into one Doc, so its offsets and its facts are those
        of the whole text.
        """
        pending: list[tuple[Doc, Document]] = []
        part_chars = min(PART_CHARS, self.nlp.max_length)
        for document in documents:
            text = prepare_for_parsing(document.text)
            if len(text) <= part_chars:
                doc = self.nlp.make_doc(text)
                doc.user_data.update(rule_inputs(document))
                pending.append((doc, document))
                if len(pending) < 4 * batch_size:
                    continue
            yield from self._pipe(pending, batch_size)
            pending = []
            if len(text) > part_chars:
                with self.nlp.select_pipes(disable=list(STAGES)):  # the rules read the whole text
                    pieces = split_for_parsing(text, part_chars)
                    parts = list(self.nlp.pipe(pieces, batch_size=1))  # one part's memory at a time
                doc = Doc.from_docs(parts, ensure_whitespace=False)
                doc.user_data.update(rule_inputs(document))
                for stage in STAGES:
                    doc = self.nlp.get_pipe(stage)(doc)
                yield self._build(doc, document)
        yield from self._pipe(pending, batch_size)

    def _pipe(self, pairs: list[tuple[Doc, Document]], batch_size: int) -> Iterator[Extraction]:
        for doc, document in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            yield self._build(doc, document)

    # -- assembling one document ---------------------------------------------------------
    def _build(self, doc: Doc, document: Document) -> Extraction:
        index: MentionIndex = doc._.kg_mentions  # the rule stages ran in the pipeline
        findings: list[RoleFinding] = doc._.kg_roles
        drafts: list[EventDraft] = doc._.kg_event_drafts
        for d in drafts:  # the first sentence of a wire story happens where it is datelined
            sent = sentence_of(d.trigger)
            filed_at = next(
                (k for c, k in index.dateline_places.items() if sent.start_char <= c < sent.end_char), None
            )
            consult = self.categories[d.type] in ("Meeting", "Talks", "Summit")
            if consult and d.place is None and filed_at and filed_at not in {a.key for a in d.args}:
                d.place = filed_at
        published = parse_iso(document.published)
        attributions = {s.start: attribution_of(s, index) for s in sentences(doc)}
        home = self._home_countries(findings, index, published)
        officials = {f.person for f in findings if self._official_post(f, doc)}
        drafts = self._clean_events(drafts, index, officials, home, published)
        events = [self._event(d, doc, document, published, attributions, home) for d in drafts]
        tenures = self._tenures(findings, doc, document, attributions)
        used = {p.agent for e in events for p in e.participants} | {e.location for e in events if e.location}
        used |= {p.representing for e in events for p in e.participants if p.representing}
        used |= {t.person for t in tenures} | {k for t in tenures for k in (t.organization, t.country) if k}
        used |= {k for e in events for k in e.evidence.reported_by}
        entities = self._entities(doc, document, index, used, home)
        return Extraction(
            document, tuple(entities), tuple(tenures), tuple(events), extractor=f"kg / {self.name}"
        )

    def _home_countries(
        self, findings: list[RoleFinding], index: MentionIndex, published: date | None
    ) -> dict[str, str]:
        """Each person of this document's country, from posts in the text, else the reference data."""
        home = {f.person: f.country for f in findings if f.country and not _non_official(f.role)}
        for key in index.entities:
            entry = self.gazetteer.entries.get(key)
            if entry is not None and entry.kind is EntityKind.PERSON and key not in home:
                country = self._acts_for(key, published)
                if country:
                    home[key] = country
        return home

    def _acts_for(self, person: str, published: date | None) -> str | None:
        """The country a known official acts for: that of their post at the time (none for the head
        of an international organisation, whatever their nationality), else their nationality."""
        entry = self.gazetteer.entries[person]
        when = published.isoformat() if published else None
        current = [
            p
            for p in entry.posts
            if when is None or ((p[3] or "") <= when and (p[4] is None or when <= p[4]))
        ]
        for _role, org, country, _start, _end in current:
            if country:
                return country
            org_entry = self.gazetteer.entries.get(org) if org else None
            if org_entry is not None and org_entry.kind is EntityKind.INTERNATIONAL_ORGANIZATION:
                return None
            if org_entry is not None and org_entry.country:
                return org_entry.country
        return entry.country

    def _country(self, key: str, home: dict[str, str]) -> str | None:
        return home.get(key) or self.gazetteer.country_of(key)

    def _clean_events(
        self,
        drafts: list[EventDraft],
        index: MentionIndex,
        officials: set[str],
        home: dict[str, str],
        published: date | None,
    ) -> list[EventDraft]:
        kept: list[EventDraft] = []
        for d in drafts:
            if self.categories[d.type] == "Statement" and not self._official_speaker(d, officials, published):
                continue
            if self._standing_position(d):
                continue
            if d.travel and not self._abroad(d, home):
                continue
            if self._visit_to_a_person(d):
                continue
            self._fold_countries(d, home)
            kept.append(d)
        strong = [
            d for d in kept if self._specific(d) and d.modality == "asserted" and not in_headline(d.trigger)
        ]
        strong_ids = {id(d) for d in strong}
        covers = {
            id(t): {self._country(a.key, home) for a in t.args} | {a.key for a in t.args} for t in strong
        }
        for d in kept:
            if id(d) in strong_ids or d.modality != "asserted":
                continue
            target = self._antecedent(d, strong, covers, published)
            if target is not None:
                target.place = target.place or d.place
                target.date_span = target.date_span or d.date_span
                d.antecedent = target
                d.rule += "+anaphora"
        for d in kept:
            self._refine_type(d, home)
        for d in kept:  # all mentions of one event share its participants, type, place and date
            if d.antecedent is not None:
                t = d.antecedent
                d.args = [Arg(a.key, a.role, False) for a in t.args]
                d.represented = list(t.represented)
                d.type, d.place, d.date_span = t.type, t.place, t.date_span
        # a headline only names events the story tells; alone it is too terse to trust
        kept = [
            d
            for d in kept
            if d.named
            and _enough_parties(d)
            and (
                d.antecedent is not None
                or not in_headline(d.trigger)
                or (self._specific(d) and self._told_below(d))
            )
        ]
        kept = _one_per_sentence(kept, self.categories)
        kept = [call for d in kept for call in self._calls_one_by_one(d)]
        kept += [m for d in kept if (m := self._signing_meeting(d)) is not None]
        self._sanctioned_state(kept)
        self._one_event_per_document(kept, published)
        for d in kept:
            self._bilateral_summit(d, home)
        for d in kept:
            if d.antecedent is not None:
                d.type = d.antecedent.type
        self._place_of_the_visit(kept, index, published)
        kept = self._without_call_contents(kept)
        return self._one_statement_per_speaker(kept)

    def _calls_one_by_one(self, d: EventDraft) -> list[EventDraft]:
        """ "spoke by telephone to Bush and the presidents of Sri Lanka and Indonesia" is three
        calls: a call has two ends, so one caller with several counterparts made one call each."""
        callers = [a for a in d.args if a.key in d.initiators]
        others = [a for a in d.args if a.key not in d.initiators and not a.generic]
        one_caller = len(callers) == 1 or (not callers and d.unnamed_parties == 1)
        if d.type != "PhoneCall" or not one_caller or len(others) < 2 or d.antecedent is not None:
            return [d]
        calls = []
        for other in others:
            call = copy(d)
            call.args = [*callers, other]
            calls.append(call)
        return calls

    def _signing_meeting(self, d: EventDraft) -> EventDraft | None:
        """Two leaders who sign together meet ("Obama signs the treaty with Medvedev at the
        Prague Castle"): the signing is also a meeting of its signatories."""
        people = [a for a in d.args if self._kind(a.key, d.trigger.doc) is EntityKind.PERSON]
        # agreeing may be done apart; signing together is not
        signed = "sign" in (d.trigger.lemma_.lower(), d.anchor.lemma_.lower())
        if d.type != "Agreement" or not signed or d.modality != "asserted" or len(people) < 2:
            return None
        meeting = EventDraft("Meeting", d.trigger, d.anchor, [Arg(a.key, "participant") for a in people])
        meeting.place, meeting.date_span, meeting.rule = d.place, d.date_span, d.rule + "+signing"
        return meeting

    def _one_event_per_document(self, drafts: list[EventDraft], published: date | None) -> None:
        """Mentions of one event across the document ("… meeting with Kerry" in the headline,
        "met today with Kerry in Kuwait City" below) are one event: same category, one's
        parties among the other's, no conflicting place or date. The fuller mention leads;
        the others take its participants and lend it their place and date."""
        events = [d for d in drafts if self.categories[d.type] != "Statement" and d.antecedent is None]
        for i, later in enumerate(events):
            for lead in events[:i]:
                if lead.antecedent is not None or not self._same_event(lead, later, published):
                    continue
                base, other = (lead, later) if len(lead.args) >= len(later.args) else (later, lead)
                base.place = base.place or other.place
                base.date_span = base.date_span or other.date_span
                if "Summit" in (base.type, other.type):
                    base.type = "Summit"  # a summit of two is still the summit
                elif "MeetingThirdLocation" in (base.type, other.type):
                    base.type = "MeetingThirdLocation"  # the more specific of the two
                for d in drafts:
                    if d is other or d.antecedent is other:
                        d.antecedent = base
                break
        for d in drafts:  # every mention takes the final form of the event it names
            if d.antecedent is not None:
                t = d.antecedent
                d.args = [Arg(a.key, a.role, a.generic) for a in t.args]
                d.represented = list(t.represented)
                d.type, d.place, d.date_span = t.type, t.place, t.date_span

    def _same_event(self, a: EventDraft, b: EventDraft, published: date | None) -> bool:
        keys_a, keys_b = {x.key for x in a.args}, {x.key for x in b.args}
        gathering = {self.categories[a.type], self.categories[b.type]} == {"Meeting", "Summit"}
        if gathering and keys_a == keys_b and a.modality == b.modality and a.place == b.place:
            return _iso(a, published) == _iso(b, published)  # "the Geneva summit", "met in Geneva"
        if self.categories[a.type] != self.categories[b.type] or a.modality != b.modality:
            return False
        if not (keys_a <= keys_b or keys_b <= keys_a):
            return False
        smaller = a if len(keys_a) <= len(keys_b) else b
        if a.type in _BILATERAL and len(smaller.args) < 2 and not smaller.unnamed_parties:
            return False  # "meeting with Bush" names one side: any meeting with Bush would fit
        if a.place and b.place and a.place != b.place:
            return False
        when_a, when_b = _iso(a, published), _iso(b, published)
        return not (when_a and when_b and when_a != when_b)

    def _place_of_the_visit(
        self, drafts: list[EventDraft], index: MentionIndex, published: date | None
    ) -> None:
        """A meeting with no place said, by someone the document has on one visit with a
        place, happens there ("During his visit, the Secretary General also met …"); the
        visit, undated, took place on the day its meetings did."""
        for d in drafts:
            if self.categories[d.type] == "Visit" and d.place:
                d.place = self._city_of_the_visit(d, index)
        visits: dict[str, set[str]] = {}
        for d in drafts:
            if self.categories[d.type] == "Visit" and d.place and d.modality == "asserted":
                for a in d.args:
                    if a.role in ("visitor", "source", "participant"):
                        visits.setdefault(a.key, set()).add(d.place)
        for d in drafts:
            if d.place or d.modality != "asserted":
                continue
            if self.categories[d.type] in ("Meeting", "Talks"):
                places = {p for a in d.args for p in visits.get(a.key, ())}
            elif self.categories[d.type] == "Statement" and d.date_span is None:
                places = {p for a in d.args if a.role == "source" for p in visits.get(a.key, ())}
            else:
                continue
            if len(places) == 1:  # "In his speech, Alfonsin said …": where he was on his visit
                d.place = places.pop()
        for visit in drafts:  # an undated visit happened on the one day its meetings there did
            if self.categories[visit.type] != "Visit" or visit.date_span is not None or not visit.place:
                continue
            visitors = {a.key for a in visit.args if a.role in ("visitor", "source", "participant")}
            held = [
                d
                for d in drafts
                if self.categories[d.type] in ("Meeting", "Talks")
                and d.modality == "asserted"
                and d.place == visit.place
                and visitors & {a.key for a in d.args}
                and d.date_span is not None
            ]
            if len({_iso(d, published) for d in held}) == 1 and _iso(held[0], published):
                visit.date_span = held[0].date_span

    def _city_of_the_visit(self, visit: EventDraft, index: MentionIndex) -> str:
        """ "a four-day visit to the U.S., … was in Philadelphia": the most specific place is
        the city of the visited country that the same sentence puts the visitor in."""
        place = visit.place
        if self._kind(place, visit.trigger.doc) is not EntityKind.COUNTRY:
            return place
        sent = sentence_of(visit.trigger)
        for tok in sent:
            if tok.dep_ != "pobj" or tok.head.lower_ != "in":
                continue
            m = index.at(tok)
            key = m.key if m is not None else None
            if not key or self._kind(key, visit.trigger.doc) is not EntityKind.CITY:
                continue
            there = tok.head.head.lemma_ in ("be", "arrive", "stay", "land", "spend")  # "was in Philadelphia"
            if self.gazetteer.country_of(key) == place or (there and self.gazetteer.country_of(key) is None):
                return key
        return place

    def _abroad(self, d: EventDraft, home: dict[str, str]) -> bool:
        """A trip is a visit when every traveller's country is known and is not the destination's."""
        destination = self.gazetteer.country_of(d.place) if d.place else None
        if d.place and self._kind(d.place, d.trigger.doc) is EntityKind.COUNTRY:
            destination = d.place
        travellers = [a.key for a in d.args if a.role == "visitor"]
        homes = {home.get(k) for k in travellers}
        return bool(destination and travellers) and None not in homes and destination not in homes

    def _standing_position(self, d: EventDraft) -> bool:
        """The simple present on no day describes how things stand, not what happened: "Turkey,
        which occupies northern Cyprus" (a relative clause on a name), "Russia argues that the
        project is essential", "a program Iran says is peaceful" (a state or body's position,
        not a statement made on an occasion). A headline's present tense reports news."""
        anchor = d.anchor
        if d.date_span is not None or anchor.tag_ not in ("VBZ", "VBP") or d.trigger is not anchor:
            return False
        if in_headline(d.trigger):
            return False
        if self.categories[d.type] != "Statement":
            return anchor.dep_ == "relcl"
        if anchor.dep_ != "relcl" and anchor.lemma_.lower() not in self.events.lex.position_verbs:
            return False  # "The Foreign Office says 41 Britons died": news told in the present
        speakers = [a for a in d.args if a.role == "source"] or d.args
        doc = d.trigger.doc
        return bool(speakers) and all(self._kind(a.key, doc) is not EntityKind.PERSON for a in speakers)

    def _visit_to_a_person(self, d: EventDraft) -> bool:
        """ "Embassy officials have visited Dr Yang": unnamed officials calling on a person where
        they are posted make no trip abroad, so it is no Visit."""
        if self.categories[d.type] != "Visit" or d.place is not None:
            return False
        hosts = [a for a in d.args if a.role == "host"]
        visitors = [a for a in d.args if a.role == "visitor"]
        return (
            bool(hosts)
            and all(self._kind(a.key, d.trigger.doc) is EntityKind.PERSON for a in hosts)
            and all(a.generic for a in visitors)
        )

    def _official_post(self, f: RoleFinding, doc: Doc) -> bool:
        """A post of the state or an international body: not a journalist's, not a party's or the
        opposition's ("Shadow Foreign Secretary", "Tory spokesman"), not one in a known company,
        movement or outlet (an organisation the reference data gives no official kind; an
        organisation only the statistical model found may be a government's)."""
        if _non_official(f.role):
            return False
        start = (
            f.start
        )  # back over the premodifiers: "Tory foreign affairs spokesman", "Shadow Europe minister"
        while (
            start > 0
            and doc[start - 1].dep_ in ("compound", "amod", "nmod")
            and doc[start - 1].head.i >= start
        ):
            start -= 1
        words = {t.lower_ for t in doc[max(start - 1, 0) : f.end]} | set(f.role.split())
        if words & _non_state_markers():
            return False
        org = self.gazetteer.entries.get(f.organization) if f.organization else None
        return org is None or org.kind not in (EntityKind.ORGANIZATION, EntityKind.MEDIA_OUTLET)

    def _official_speaker(self, d: EventDraft, officials: set[str], published: date | None) -> bool:
        """The speaker is a state, a government body, an international organisation or an official:
        whom a statement is about ("the paper blamed South Korea") speaks for no one."""
        for a in d.args:
            if a.role != "source" or a.generic:
                continue
            kind = self._kind(a.key, d.trigger.doc)
            if kind in _OFFICIAL_KINDS or a.key in officials:
                return True
            known = kind is EntityKind.PERSON and a.key in self.gazetteer.entries
            if known and self._in_office(a.key, published):
                return True
        return False

    def _in_office(self, person: str, published: date | None) -> bool:
        """A known official holds a post on the article's date (any post when it is undated)."""
        when = published.isoformat() if published else None
        return any(
            when is None or ((start or "") <= when and (end is None or when <= end))
            for _role, _org, _country, start, end in self.gazetteer.entries[person].posts
        )

    def _fold_countries(self, d: EventDraft, home: dict[str, str]) -> None:
        """ "talks between Moscow and Washington … between Lavrov and Blinken": the countries are
        whom the people represent, not extra participants."""
        people = [a for a in d.args if a.key in home and not a.generic]
        sides = {(home[a.key], a.role) for a in people}  # "Egypt released Morsi": the other side stays
        d.args = [a for a in d.args if not ((a.key, a.role) in sides and a.key not in home)]

    def _specific(self, d: EventDraft) -> bool:
        """Names at least one person or organisation, not only countries."""
        return any(self._kind(a.key, d.trigger.doc) not in (EntityKind.COUNTRY, None) for a in d.named)

    def _kind(self, key: str, doc: Doc) -> EntityKind | None:
        """The reference data's kind of an entity, else the kind this document gave it."""
        entry = self.gazetteer.entries.get(key)
        if entry is not None:
            return entry.kind
        entity = doc._.kg_mentions.entities.get(key)
        return entity.kind if entity is not None else None

    def _antecedent(
        self,
        d: EventDraft,
        strong: list[EventDraft],
        covers: dict[int, set[str]],
        published: date | None,
    ) -> EventDraft | None:
        """The one specific event an anaphoric or country-level mention can refer to: same
        family, compatible place and date, covering its countries; the nearest if several.
        ``covers``: the keys and countries of each ``strong`` event's participants (by
        ``id``), computed once per document rather than once per pair."""
        category = self.categories[d.type]
        family = _CONSULT if category in _CONSULT else {category}
        same = [t for t in strong if self.categories[t.type] in family]
        countries = {a.key for a in d.args}
        if not countries:  # "the meeting" names a meeting before it names talks
            same = [t for t in same if self.categories[t.type] == category] or same
        if not countries and not d.definite:
            return None
        same = [t for t in same if countries <= covers[id(t)]]
        if d.place:
            same = [t for t in same if t.place in (None, d.place)]
        when = _iso(d, published)
        if when:
            same = [t for t in same if _iso(t, published) in (None, when)]
        if len({tuple(sorted(a.key for a in t.named)) for t in same}) > 1:
            here = sentence_number(d.trigger)
            same = sorted(same, key=lambda t: abs(sentence_number(t.trigger) - here))
            if abs(sentence_number(same[0].trigger) - here) > _MAX_ANAPHORA_DISTANCE:
                return None
        return same[0] if same else None

    def _refine_type(self, d: EventDraft, home: dict[str, str]) -> None:
        kinds = {self._kind(a.key, d.trigger.doc) for a in d.named}
        if d.type in ("Meeting", "Negotiation") and d.collective in self.events.lex.summit_members:
            d.type = "Summit"  # "EU leaders met", "NATO ministers held talks": a summit or ministerial
            return
        by_verb = d.trigger.pos_ == "VERB"  # "ECOWAS leaders met"; "a meeting of the Council" stays one
        bodies_only = kinds == {EntityKind.INTERNATIONAL_ORGANIZATION}
        if d.type == "Meeting" and bodies_only and by_verb and not d.collective:
            d.type = "Summit"  # "leaders of ECOWAS met in Abuja"
            return
        if d.type != "Meeting" or d.place is None:
            return
        place_country = self.gazetteer.country_of(d.place)  # a country's own key for a country
        countries = {self._country(a.key, home) for a in d.named}
        if place_country and None not in countries and len(countries) >= 2 and place_country not in countries:
            d.type = "MeetingThirdLocation"

    def _without_call_contents(self, drafts: list[EventDraft]) -> list[EventDraft]:
        """ "Mr Putin also expressed concern over …" after the readout of his call with Merkel,
        and before the story tells of anything else, says what was said on the call: private
        words, no public statement. One pass: the events told so far, by sentence."""
        first_in: dict[int, EventDraft] = {}  # the first event told in each sentence
        for c in drafts:
            if self.categories[c.type] != "Statement":
                first_in.setdefault(sentence_number(c.trigger), c)
        told = sorted(first_in)
        kept = []
        for d in drafts:
            if self.categories[d.type] == "Statement" and d.date_span is None:
                at = bisect_right(told, sentence_number(d.trigger))
                last = first_in[told[at - 1]] if at else None  # the story is still on it
                speakers = {a.key for a in d.args if a.role == "source"}
                if (
                    last is not None
                    and self.categories[last.type] == "PhoneCall"
                    and last.modality == "asserted"
                    and speakers
                    and speakers <= {a.key for a in last.args}
                ):
                    continue
            kept.append(d)
        return kept

    def _told_below(self, headline: EventDraft) -> bool:
        """ "NATO Secretary General visits Washington DC" over "During his visit, the Secretary
        General also met …": the story refers back to the headline's event ("his visit", "the
        talks"), so the headline, which alone names its place, is the event's first mention."""
        category = self.categories[headline.type]
        nouns = self.events.lex.nouns
        for sent in sentences(headline.trigger.doc):
            if in_headline(sent[0]):
                continue
            for tok in sent:
                etype = nouns.get(tok.lower_) or nouns.get(tok.lemma_.lower())
                if etype is None or self.categories.get(etype) != category:
                    continue
                if any(c.dep_ in ("det", "poss") and c.lower_ in _BACK_REFERENCES for c in tok.children):
                    return True
        return False

    def _sanctioned_state(self, drafts: list[EventDraft]) -> None:
        """ "the first set of Security Council sanctions passed in 2006", in a story whose
        sanctions all fall on Iran, are sanctions on Iran: the one state the document names as
        the target of sanctions is the target of those it does not say the target of."""
        sanctions = [d for d in drafts if self.categories[d.type] == "Sanction"]
        targets = {a.key for d in sanctions for a in d.args if a.role == "target"}
        if len(targets) != 1:
            return
        if self._kind(next(iter(targets)), sanctions[0].trigger.doc) is not EntityKind.COUNTRY:
            return
        target = targets.pop()
        for d in sanctions:
            if not any(a.role == "target" for a in d.args) and any(a.key != target for a in d.args):
                d.args.append(Arg(target, "target", False))

    def _bilateral_summit(self, d: EventDraft, home: dict[str, str]) -> None:
        """ "an informal summit between him and Xi": a summit is a gathering of many; two
        leaders and no organisation meeting, whatever the press calls it, is a meeting."""
        if self.categories[d.type] != "Summit" or d.collective or d.antecedent is not None:
            return
        kinds = [self._kind(a.key, d.trigger.doc) for a in d.named]
        if len(kinds) == 2 and EntityKind.INTERNATIONAL_ORGANIZATION not in kinds and not d.unnamed_parties:
            d.type = "Meeting"
            self._refine_type(d, home)

    def _one_statement_per_speaker(self, drafts: list[EventDraft]) -> list[EventDraft]:
        """One statement per speaker and occasion: "condemned the decision and said …" is one act.
        The most specific type wins (a criticism over a bare statement); the first mention stays."""
        chosen: dict[tuple, EventDraft] = {}
        last_date: dict[tuple, str] = {}  # an undated quote after a dated one continues that occasion
        for d in sorted(drafts, key=lambda d: d.trigger.i):
            if self.categories[d.type] != "Statement":
                continue
            speaker = tuple(sorted(a.key for a in d.args if a.role == "source")) or tuple(
                a.key for a in d.args
            )
            when = d.date_span.text.lower() if d.date_span is not None else last_date.get(speaker)
            if when is not None:
                last_date[speaker] = when
            occasion = (speaker, d.modality, when)
            best = chosen.get(occasion)
            if best is None or (best.type == "PublicStatement" and d.type != "PublicStatement"):
                if best is not None:
                    d.date_span = d.date_span or best.date_span
                chosen[occasion] = d
        keep = {id(d) for d in chosen.values()}
        return [d for d in drafts if self.categories[d.type] != "Statement" or id(d) in keep]

    # -- model objects ---------------------------------------------------------------------
    def _evidence(
        self,
        doc: Doc,
        document: Document,
        span: Span,
        sent: Span,
        confidence: float,
        rule: str,
        attribution: Attribution | None,
    ) -> Evidence:
        return Evidence(
            doc_id=document.doc_id,
            sentence=document.text[sent.start_char : sent.end_char].strip(),
            sentence_start=sent.start_char,
            sentence_end=sent.start_char + len(document.text[sent.start_char : sent.end_char].rstrip()),
            start=span.start_char,
            end=span.end_char,
            confidence=round(confidence, 2),
            rule=rule,
            reported_by=attribution.sources if attribution else (),
            attribution=attribution.kind if attribution else None,
        )

    def _event(
        self,
        d: EventDraft,
        doc: Doc,
        document: Document,
        published: date | None,
        attributions: dict[int, Attribution],
        home: dict[str, str],
    ) -> Event:
        sent = sentence_of(d.trigger)
        attribution = attributions.get(sent.start)
        if attribution is not None:
            participants = {a.key for a in d.args}
            attribution = Attribution(
                tuple(k for k in attribution.sources if k not in participants), attribution.kind
            )
        trigger_span = doc[d.trigger.i : d.trigger.i + 1]
        modality = Modality(d.modality)
        date_value: DateValue | None = None
        if d.date_span is not None:
            date_value = resolve(d.date_span.text, published, future=modality is Modality.FUTURE)
        represented = dict(d.represented)
        participants = tuple(Participation(a.key, a.role, represented.get(a.key)) for a in d.args)
        return Event(
            type=d.type,
            category=self.categories[d.type],
            participants=participants,
            modality=modality,
            evidence=self._evidence(
                doc, document, trigger_span, sent, self._confidence(d), d.rule, attribution
            ),
            location=d.place,
            date=date_value,
        )

    def _confidence(self, d: EventDraft) -> float:
        """Calibrated on the development set: see data/confidence.json."""
        table = _confidence_table()
        base_rule, *modifiers = d.rule.split("+")
        if "anaphora" in modifiers:
            return table["anaphora"]
        parties = "2" if len({a.key for a in d.args}) >= 2 else "1"
        value = table["rules"].get(base_rule, {}).get(parties, table["default"])
        if d.pronoun:
            value -= table["pronoun_penalty"]
        if all(self._kind(a.key, d.trigger.doc) is EntityKind.COUNTRY for a in d.args):
            value -= table["country_only_penalty"]
        return round(max(value, 0.05), 2)

    def _tenures(
        self, findings: list[RoleFinding], doc: Doc, document: Document, attributions: dict[int, Attribution]
    ) -> list[Tenure]:
        out: dict[tuple, Tenure] = {}
        for f in findings:
            key = (f.person, f.role, f.organization, f.country)
            if key in out:
                continue
            span = doc[f.start : f.end]
            sent = sentence_of(doc[span.start])
            out[key] = Tenure(
                f.person,
                f.role,
                f.organization,
                f.country,
                document.published,
                self._evidence(doc, document, span, sent, f.confidence, f.rule, attributions.get(sent.start)),
            )
        return list(out.values())

    def _place_forms(self, doc: Doc, index: MentionIndex, entry: ReferenceEntry | None) -> tuple[str, ...]:
        """The words naming a place the text only names as its state's capital ("visits
        Washington DC", read as the U.S. visited) and that an event happened at."""
        if entry is None or not entry.kind.is_place:
            return ()
        names = {n.casefold() for n in (entry.name, *entry.aliases)}
        forms = {
            doc[m.start : m.end].text for m in index.mentions if m.via == "metonym" and m.key == entry.country
        }
        return tuple(sorted(f for f in forms if f.casefold() in names and f != entry.name))

    def _entities(
        self, doc: Doc, document: Document, index: MentionIndex, used: set[str], home: dict[str, str]
    ) -> list[Entity]:
        first: dict[str, Evidence] = {}
        for m in index.mentions:
            if m.key in first:
                continue
            span = doc[m.start : m.end]
            first[m.key] = self._evidence(
                doc,
                document,
                span,
                sentence_of(doc[span.start]),
                0.9 if m.via == "name" else 0.75,
                f"entity.{m.via}",
                None,
            )
        out: dict[str, Entity] = {}
        pending = sorted(set(index.entities) | used)
        while pending:
            key = pending.pop(0)
            ent = index.entities.get(key)
            entry = self.gazetteer.entries.get(key)
            if key in out or (ent is None and entry is None):
                continue
            name = ent.name if ent else entry.name
            kind = ent.kind if ent else entry.kind
            aliases = tuple(sorted(ent.aliases - {name})) if ent else self._place_forms(doc, index, entry)
            wikidata = ent.wikidata if ent else entry.wikidata
            if kind is EntityKind.PERSON:
                country = home.get(key)
            elif kind is EntityKind.COUNTRY:
                country = None
            else:
                country = (ent.country if ent else None) or self.gazetteer.country_of(key)
            mentions = (first[key],) if key in first else ()
            out[key] = Entity(key, name, kind, aliases, wikidata, country, mentions)
            if country and country not in out:
                pending.append(country)  # the country an entity points to is described too
        return sorted(out.values(), key=lambda e: e.key)
