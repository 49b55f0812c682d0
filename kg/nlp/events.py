"""Events from trigger words and their dependency arguments.

A trigger is a verb ("met", "warned", "detained") or an event noun ("a meeting between", "talks
with", "the invasion of"), often under a light verb ("held talks", "launched its invasion").
Participants come from the parse: subject, object, passive agent, "with", "between A and B",
conjunctions and appositions; the place from "in/at X"; the date from date expressions attached
to the same clause. Generic actors ("Russian officials", "the heads of U.S. intelligence")
contribute their country, marked so document-level merging can tie them to a named event.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from kg.model import EntityKind
from kg.nlp.drafts import Arg, EventDraft
from kg.nlp.gazetteer import Gazetteer
from kg.nlp.lexicon import Lexicon, VerbTrigger, lexicon, word_list
from kg.nlp.mentions import Mention, MentionIndex
from kg.nlp.modality import modality_of
from kg.nlp.parse import (
    OBJECT_DEPS,
    PASSIVE_SUBJ,
    PLACE_NOUNS,
    SOURCE_DEPS,
    WITH_PREPS,
    appeal,
    continues_paragraph,
    crosses_clause,
    in_headline,
    nested_with_preps,
    place_tokens,
    pobjs,
    sentence_number,
    sentence_of,
    sentences,
    with_conjuncts,
)
from kg.nlp.roles import title_words, titles
from kg.nlp.setting import SettingFinder

_OWNER_LOOKBACK = 200  # tokens back to the organ's last mention with its owner ("the Egyptian authorities")
_TARGET_PREPS = frozenset({"on", "against", "of", "to", "into"})
_HAPPEN_VERBS = word_list("happen_verbs")
_TRAVEL_VERBS = word_list("travel_verbs")
_DETAINEES = word_list("detainee_nouns")


class EventFinder:
    """The event rules: the lexicon, the gazetteer and the place/date finder, shared by every
    document; what one document needs while it is read lives on a reading of its own."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gaz = gazetteer
        self.lex: Lexicon = lexicon()
        self.setting = SettingFinder(gazetteer)

    def find(
        self,
        doc: Doc,
        index: MentionIndex,
        role_people: dict[int, Mention] | None = None,
        office_holders: dict[str, Mention] | None = None,
    ) -> list[EventDraft]:
        """``role_people`` maps tokens of a title phrase to the person it introduces, so
        "the head of Russia's SVR Sergei Naryshkin" as a subject is Naryshkin; ``office_holders``
        maps a post to the one person this document gives it, so a later "the Secretary-General"
        is that person."""
        return _DocumentReading(self, role_people or {}, office_holders or {}).find(doc, index)


class _DocumentReading:
    """One document being read for events: the rules of its finder, and the document's own
    state (title phrases, office-holders, the person the story is about, pronouns used)."""

    def __init__(
        self, finder: EventFinder, role_people: dict[int, Mention], office_holders: dict[str, Mention]
    ) -> None:
        self.gaz, self.lex, self.setting = finder.gaz, finder.lex, finder.setting
        self._role_people = role_people
        self._office_holders = office_holders
        self._antecedent_person: Mention | None = None
        self._pronoun_used = False

    def find(self, doc: Doc, index: MentionIndex) -> list[EventDraft]:
        drafts: list[EventDraft] = []
        for sent in sentences(doc):
            self._pronoun_used = False
            for tok in sent:
                draft = self._verb(tok, index) or self._noun(tok, index)
                if draft is not None:
                    draft.place = draft.place or self.setting.place(draft, index)
                    if draft.type in ("Visit", "HostVisit") and draft.place:
                        self._add_host(draft, draft.place)
                    if draft.type == "Detention" and draft.place:
                        self._add_detainer(draft, draft.place)
                    draft.date_span = self.setting.date(draft, index)
                    draft.modality = modality_of(draft, self.lex)
                    drafts.append(draft)
            self._representation(sent, drafts, index)
            self._antecedent_person = self._subject_person(sent, index) or (
                self._antecedent_person if continues_paragraph(sent) else None
            )
        return drafts

    def _reporter(self, pronoun: Token, index: MentionIndex) -> Mention | None:
        """ "Poland said it was expelling …": the pronoun is the speaker of the reporting verb."""
        clause = pronoun.head
        if clause.dep_ != "ccomp":
            return None
        verb = clause.head
        if verb.lemma_.lower() not in ("say", "announce", "state", "declare", "tell", "confirm"):
            return None
        for c in verb.children:
            if c.dep_ == "nsubj":
                m = self._role_people.get(c.i) or index.at(c)
                if (
                    m is not None
                    and m.via != "demonym"
                    and (pronoun.lower_ in ("he", "she")) == (m.kind is EntityKind.PERSON)
                ):
                    return m
        return None

    def _clause_subject(self, pronoun: Token, index: MentionIndex) -> Mention | None:
        """The person subject of the clause a subordinate "he"/"she" clause hangs from, when
        that clause has exactly one person subject."""
        clause = pronoun.head
        if clause.dep_ not in ("relcl", "advcl", "conj", "ccomp"):
            return None
        cur = clause.head
        for _ in range(4):
            subjects = [c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass")]
            found = [m for c in subjects if (m := self._role_people.get(c.i) or index.at(c))]
            if found:
                people = {m.key for m in found if m.kind is EntityKind.PERSON}
                return found[0] if len(people) == 1 and found[0].kind is EntityKind.PERSON else None
            if cur.head.i == cur.i:
                return None
            cur = cur.head
        return None

    def _subject_person(self, sent: Span, index: MentionIndex) -> Mention | None:
        """The person a following "he"/"she" most likely means: this sentence's subject."""
        for tok in sent:
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.pos_ in ("VERB", "AUX"):
                m = self._role_people.get(tok.i) or index.at(tok) or _appos_mention(tok, index)
                if m is not None and m.kind is EntityKind.PERSON:
                    return m
        return None

    # -- verb triggers -----------------------------------------------------------------
    def _verb(self, tok: Token, index: MentionIndex) -> EventDraft | None:
        if _presence(tok):  # "When he was in Tokyo earlier this week": a trip, if abroad
            return self._travel(
                EventDraft("Visit", tok, tok, rule="event.verb.presence"), tok, self._subjects(tok), index
            )
        if tok.pos_ != "VERB":
            return None
        spec = self.lex.verbs.get(tok.lemma_.lower())
        if tok.lemma_.lower() in self.lex.designation_verbs and self._designates(tok):
            # "declared Meduza an undesirable organization", "added X to its register of foreign agents"
            return self._designation(tok, index)
        if spec is not None and spec.lemma == "call" and appeal(tok):
            draft = EventDraft("Appeal", tok, tok, rule="event.verb.appeal")  # "called for", "called on X to"
            return self._statement(tok, self._subjects(tok), draft, index, content=False)
        if spec is None and tok.lemma_.lower() not in self.lex.designation_verbs:
            return self._imprisonment(tok, index)
        if spec is None or not self._verb_applies(tok, spec, index):
            return None
        draft = EventDraft(spec.type, tok, tok, rule=f"event.verb.{spec.frame}")
        if tok.dep_ in ("advcl", "xcomp") and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
            draft.context = (tok.head,)  # "arrived in Ankara on Monday to meet …"
        subjects = self._subjects(tok)
        passive = any(c.dep_ in PASSIVE_SUBJ for c in tok.children)
        objects = [c for c in tok.children if c.dep_ in OBJECT_DEPS]
        preps = [c for c in tok.children if c.dep_ in ("prep", "agent")]
        if spec.frame == "statement":
            if not any(c.dep_ in spec.content for c in tok.children) and not (
                "parataxis" in spec.content and tok.dep_ == "parataxis"
            ):
                return None
            return self._statement(tok, subjects, draft, index, content=False)
        if spec.frame == "travel":  # "flew to Ankara", "arrived in Kyiv": a visit, if abroad (see extractor)
            return self._travel(draft, tok, subjects, index)
        if spec.frame == "symmetric":
            for t in subjects:
                self._add(draft, t, "participant", index)
            draft.initiators = {a.key for a in draft.args}
            for t in objects:
                self._add(draft, t, "participant", index)
            for p in nested_with_preps(tok):  # "spoke by telephone with …", "met on Monday with …"
                self._add_all(draft, p, "participant", index)
            for p in preps:
                if p.dep_ == "agent":
                    for t in pobjs(p):
                        self._add(draft, t, "participant", index)
                if p.lower_ in spec.needs_prep and p.lower_ not in WITH_PREPS:  # "spoke to Bush, and to X"
                    for q in [p, *p.conjuncts]:
                        for t in pobjs(q):
                            self._add(draft, t, "participant", index)
        else:
            src_role, tgt_role = {"visit": ("visitor", "host"), "host": ("host", "visitor")}.get(
                spec.frame, ("source", "target")
            )
            passive_subjects = [c for c in tok.children if c.dep_ in PASSIVE_SUBJ]
            if tok.dep_ == "acl" and tok.tag_ == "VBN":  # "the peninsula, captured by Iran": its patient
                passive, passive_subjects = True, [tok.head]
            sources = [t for p in preps if p.dep_ == "agent" for t in pobjs(p)] if passive else subjects
            targets = passive_subjects if passive else objects
            force = spec.military or spec.type == "Detention"
            for t in sources:
                self._add(draft, t, src_role, index)
            if spec.military and sources and not any(a.role == "source" for a in draft.args):
                self._reporters_forces(draft, tok, sources, index)
            if spec.type == "Detention" and passive and not sources:
                self._reporters_forces(draft, tok, [], index)  # "438 Libyans were taken prisoner", said Chad
            for t in targets:
                self._add(draft, t, tgt_role, index)
                if force:
                    self._add_owner(draft, t, tgt_role, index)
            for p in preps:
                if p.lower_ in _TARGET_PREPS and p.dep_ != "agent":
                    for t in pobjs(p):
                        if self._is_place_only(t, index) and spec.frame != "directed":
                            continue
                        self._add(draft, t, tgt_role, index)
                if p.lower_ in WITH_PREPS:
                    for t in pobjs(p):
                        self._add(draft, t, "participant", index)
            if spec.frame == "visit":
                self._visit_place(draft, objects, index)
        agents = [t for p in preps if p.dep_ == "agent" for t in pobjs(p)]
        instrument = any(t.lemma_.lower() in self.lex.military_nouns for t in agents)  # "by an airstrike"
        if spec.military and not instrument and not self._military_actor(draft, index):
            return None
        actor = any(a.role == "source" and not a.generic for a in draft.args)
        if spec.needs_source and not (actor or instrument):
            return None
        if spec.lemma in ("speak", "talk") and self._audience(draft, index):
            return None  # "was in Philadelphia to speak to the World Affairs Council": a speech
        if spec.lemma == "speak" and not self._phone_context(tok) and self._together(draft, tok, index):
            draft.type = "Meeting"  # "spoke with Macron on the sidelines": they met
        if draft.unresolved_subject:
            return None  # "he spoke with Macron and Scholz": not a call between Macron and Scholz
        return draft if draft.args else None

    def _verb_applies(self, tok: Token, spec: VerbTrigger, index: MentionIndex) -> bool:
        children = list(tok.children)
        if spec.no_particles and any(
            c.lower_ in spec.no_particles and c.dep_ in ("prt", "prep") for c in children
        ):
            return False
        if spec.needs_particle and not any(
            c.lower_ in spec.needs_particle and c.dep_ in ("prt", "advmod") for c in children
        ):
            return False
        dated = ("DATE", "TIME")
        topical = [
            c for c in children if c.dep_ == "prep" and not all(o.ent_type_ in dated for o in pobjs(c))
        ]
        if spec.needs_prep and not any(c.lower_ in spec.needs_prep for c in topical):
            return False  # "agreed on Thursday to …": a date is not what was agreed on
        if spec.needs_words and not any(w in sentence_of(tok).text.lower() for w in spec.needs_words):
            return False
        objects = [c for c in children if c.dep_ in OBJECT_DEPS]
        patients = objects + [c for c in children if c.dep_ in PASSIVE_SUBJ]
        if tok.dep_ == "acl" and tok.tag_ == "VBN":
            patients.append(tok.head)  # "the peninsula, captured by Iran"
        if spec.object_words and not any(o.lemma_.lower() in spec.object_words for o in patients):
            return False
        if spec.no_object_words and any(o.lemma_.lower() in spec.no_object_words for o in objects):
            return False
        if spec.needs_any_dep and not any(c.dep_ in spec.needs_any_dep for c in children):
            return False
        if spec.object:  # "received Xi", "Xi was received": the person either way
            kinds = {
                m.kind.coarse
                for o in patients
                for m in [self._role_people.get(o.i) or index.at(o) or _appos_mention(o, index)]
                if m is not None
            }
            wanted = "Person" if spec.object == "person" else "Organization"
            if wanted not in kinds and not _unnamed_detainees(spec.type, patients):
                return False
        # "called it a provocation", "called for talks"
        return not (spec.lemma == "call" and any(c.dep_ in ("oprd", "xcomp", "ccomp") for c in children))

    def _phone_context(self, tok: Token) -> bool:
        """A call is said in the sentence, the next one, or the headline ("… spoke today with Xi.
        The call lasted two hours")."""
        doc = tok.doc
        sents = sentences(doc)
        here = sentence_number(tok)
        texts = [sents[here].text, sents[0].text] + ([sents[here + 1].text] if here + 1 < len(sents) else [])
        return any(w in t.lower() for t in texts for w in self.lex.phone_words)

    def _imprisonment(self, verb: Token, index: MentionIndex) -> EventDraft | None:
        """Someone put into, returned to or held in a prison ("returned Namazi to Evin Prison",
        "served 20 years in Israeli jails"): a detention, whatever the verb."""
        prisons = [
            o
            for p in verb.children
            if p.dep_ == "prep" and p.lower_ in ("to", "in", "into", "behind")
            for o in pobjs(p)
            if o.lemma_.lower() in self.lex.prison_words
            or ((m := index.at(o)) is not None and o.doc[m.end - 1].lemma_.lower() in self.lex.prison_words)
        ]
        if not prisons:
            return None
        draft = EventDraft("Detention", verb, verb, rule="event.verb.imprisonment")
        served = verb.lemma_.lower() in ("serve", "spend", "remain", "languish", "be")
        objects = [c for c in verb.children if c.dep_ in OBJECT_DEPS or c.dep_ in PASSIVE_SUBJ]
        detainees = self._subjects(verb) if served else objects
        for t in detainees:
            self._add(draft, t, "target", index)
        if not any(index.at(t) is not None and index.at(t).kind is EntityKind.PERSON for t in detainees):
            return None
        if not served:
            for t in self._subjects(verb):
                self._add(draft, t, "source", index)
        for prison in prisons:  # "Israeli jails": the state that holds them; "Evin Prison": where
            self._add_owner(draft, prison, "source", index)
            m = index.at(prison)
            if m is not None and m.kind.is_place:
                draft.place = m.key
        return draft

    def _travel(
        self, draft: EventDraft, verb: Token, subjects: list[Token], index: MentionIndex
    ) -> EventDraft | None:
        for t in subjects:
            self._add(draft, t, "visitor", index)
        people = [a for a in draft.args if (e := index.entities.get(a.key)) and e.kind is EntityKind.PERSON]
        if not people or draft.unresolved_subject:
            return None
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ in ("to", "in"):
                self._visit_place(draft, place_tokens(prep), index)
                if draft.place:
                    draft.travel = True
                    return draft
        return None

    def _together(self, draft: EventDraft, verb: Token, index: MentionIndex) -> bool:
        """Speakers in one place: a place for the talk, or a meeting, summit or visit said in the
        sentence. Otherwise "spoke with" is a call, as diplomatic readouts use it."""
        if self.setting.place(draft, index) is not None:
            return True
        words = {t.lemma_.lower() for t in sentence_of(verb)}
        return bool(words & self.lex.co_location_words)

    def _designates(self, verb: Token) -> bool:
        """The verb's complement says what the target is declared to be."""
        tail = " ".join(
            t.lower_
            for c in verb.children
            if c.dep_ in ("oprd", "xcomp", "attr", "prep", "dobj", "ccomp")
            for t in c.subtree
        )
        return any(w in tail for w in self.lex.designation_words) and any(
            c.dep_ in ("oprd", "xcomp", "prep", "ccomp") or c.dep_ == "dobj" for c in verb.children
        )

    def _designation(self, verb: Token, index: MentionIndex) -> EventDraft | None:
        draft = EventDraft("Designation", verb, verb, rule="event.verb.designation")
        passive = any(c.dep_ in PASSIVE_SUBJ for c in verb.children)
        sources = (
            [t for c in verb.children if c.dep_ == "agent" for t in pobjs(c)]
            if passive
            else self._subjects(verb)
        )
        targets = [c for c in verb.children if c.dep_ in (PASSIVE_SUBJ if passive else OBJECT_DEPS)]
        for t in sources:
            self._add(draft, t, "source", index)
        for t in targets:
            self._add(draft, t, "target", index)
        for c in (
            verb.children
        ):  # "declared Meduza an undesirable organization": Meduza may hang on the complement
            if c.dep_ == "ccomp":
                for t in c.children:
                    if t.dep_ in ("nsubj", "nsubjpass"):
                        self._add(draft, t, "target", index)
        return draft if any(a.role == "target" for a in draft.args) or draft.args else None

    def _statement(
        self, tok: Token, subjects: list[Token], draft: EventDraft, index: MentionIndex, content: bool = True
    ) -> EventDraft | None:
        """Public statements by officials, governments and organisations, with something said."""
        if (
            content
            and not any(c.dep_ in ("ccomp", "parataxis") for c in tok.children)
            and tok.dep_ != "parataxis"
        ):
            return None
        for t in subjects:
            m = self._role_people.get(t.i) or index.at(t)
            if m is None and self._generic_actor(t):
                # "an Indian spokesman said", "Chad's military high command said": the state speaks;
                # "French officers said", "U.S. defense officials said": unnamed people do
                if t.lemma_.lower() in self.lex.unnamed_speakers:
                    continue
                for owner in _modifier_mentions(t, index):
                    self._add_mention(draft, owner, "source", False)
                continue
            if m is None or m.via == "demonym":
                continue
            not_official = m.kind is EntityKind.MEDIA_OUTLET or m.kind in (EntityKind.CITY, EntityKind.PLACE)
            if not_official and self.gaz.metonym_target(m.key) is None:
                continue
            self._add(draft, t, "source", index)
        if not draft.args:
            return None
        self._threat(draft, tok, index)
        return draft

    def _threat(self, draft: EventDraft, verb: Token, index: MentionIndex) -> None:
        """A statement whose words threaten ("there may be retaliation if India refuses") is a
        warning, against the states its content names."""
        said = [c for c in verb.children if c.dep_ in ("ccomp", "parataxis", "dobj")]
        said = [c for c in said if _ahead(c)]  # "came in retaliation for last Friday's attack" is past
        words = " ".join(t.lower_ for c in said for t in c.subtree)
        if draft.type != "PublicStatement" or not any(w in words for w in self.lex.threat_words):
            return
        draft.type = "Threat"
        draft.rule += "+threat"
        speakers = {a.key for a in draft.args}
        for c in said:
            for t in c.subtree:
                m = index.at(t)
                if m is not None and m.kind is EntityKind.COUNTRY and m.key not in speakers:
                    self._add_mention(draft, m, "target", m.via == "demonym")

    def _audience(self, draft: EventDraft, index: MentionIndex) -> bool:
        """Speaking to a society, a company or a university addresses an audience; talks and
        calls are between states, their bodies and officials."""
        others = [a for a in draft.args if a.key not in draft.initiators]
        kinds = {self._kind_of(a.key, index) for a in others}
        return bool(others) and kinds <= {EntityKind.ORGANIZATION, EntityKind.MEDIA_OUTLET}

    def _reporters_forces(
        self, draft: EventDraft, verb: Token, sources: list[Token], index: MentionIndex
    ) -> None:
        """ "Chad's military high command said troops killed 1,269 Libyan soldiers": troops whose
        owner is not said, in what a state or its organ reports, are that state's own."""
        if verb.dep_ != "ccomp" or not all(
            self._generic_actor(t) and t.n_lefts + t.n_rights == 0 for t in sources
        ):
            return
        said = verb.head
        spec = self.lex.verbs.get(said.lemma_.lower())
        if said.lemma_.lower() not in self.lex.reporting_verbs and (
            spec is None or spec.frame != "statement"
        ):
            return
        speaker = EventDraft("PublicStatement", said, said)
        for t in self._subjects(said):
            self._add(speaker, t, "source", index)
        states = [a for a in speaker.args if self._kind_of(a.key, index) is EntityKind.COUNTRY]
        if len(states) == 1:
            draft.args.append(Arg(states[0].key, "source", False))

    def _kind_of(self, key: str, index: MentionIndex) -> EntityKind | None:
        entity = index.entities.get(key)
        return entity.kind if entity is not None else None

    def _generic_actor(self, tok: Token) -> bool:
        nouns = self.lex.generic_actor_nouns
        return tok.lower_ in nouns or tok.lemma_.lower() in nouns

    def _military_actor(self, draft: EventDraft, index: MentionIndex) -> bool:
        """ "attacked the plan" is criticism: a military action needs a state, place or armed group.
        A person doing it ("Mbeki attacked British imperialists") speaks; armed forces act."""
        people = {k for k, e in index.entities.items() if e.kind is EntityKind.PERSON}
        verbal = draft.trigger.lemma_.lower() in self.lex.verbal_with_person
        if verbal and any(a.role == "source" and a.key in people for a in draft.args):
            return False
        for a in draft.args:
            entity = index.entities.get(a.key)
            if entity is not None and entity.kind in (EntityKind.COUNTRY, EntityKind.CITY, EntityKind.PLACE):
                return True
        return (draft.place or self.setting.place(draft, index)) is not None

    # -- noun triggers -----------------------------------------------------------------
    def _noun(self, tok: Token, index: MentionIndex) -> EventDraft | None:
        if tok.pos_ not in ("NOUN", "PROPN") or index.at(tok) is not None:
            return None
        text = tok.lower_
        etype = self.lex.nouns.get(text) or self.lex.nouns.get(tok.lemma_.lower())
        if etype is None:
            return None
        retyped = self.lex.noun_compound_types.get(text, {})
        modifier = next((c.lower_ for c in tok.children if c.lower_ in retyped), None)
        needs = self.lex.noun_needs.get(text)
        if text == "call" and any(c.dep_ == "prep" and c.lower_ == "for" for c in tok.children):
            etype, needs = "Appeal", None  # "a North Korean call for talks" asks for them
        if modifier is not None:
            etype = retyped[modifier]  # "a courtesy call on President Reagan" is a meeting
        elif needs and not any(c.lower_ in needs for c in tok.children):
            return None
        anchor = self._anchor(tok)
        anchor_needs = self.lex.noun_anchor_needs.get(text)
        said_by = _spoken(etype) and any(c.dep_ in ("poss", "amod") for c in tok.children)
        if anchor_needs and not said_by and (anchor is tok or anchor.lemma_.lower() not in anchor_needs):
            return None  # "a deal" is an event only when signed or reached; "Trump's announcement" is one
        draft = EventDraft(etype, tok, anchor, rule="event.noun")
        draft.definite = any(c.lower_ in ("the", "this", "that") and c.dep_ == "det" for c in tok.children)
        # arguments on the noun itself
        for c in tok.children:
            if c.dep_ == "poss":  # "Russia's invasion"; but "Lonetree's arrest" is of Lonetree
                before = {a.key for a in draft.args}
                self._add(draft, c, "source" if etype != "Detention" else "target", index)
                draft.initiators |= {a.key for a in draft.args} - before  # "X's calls with A and B"
            elif c.dep_ == "amod" and _spoken(etype) and (m := index.at(c)) is not None:
                self._add_mention(draft, m, "source", False)  # "a North Korean call for talks": the state
            elif c.dep_ in ("compound", "amod", "nmod"):
                # "the Iran-Iraq war": both countries hang on the compound
                for part in [c, *(g for g in c.children if g.dep_ in ("compound", "amod"))]:
                    m = index.at(part)
                    if m is not None and m.kind in (EntityKind.CITY, EntityKind.PLACE) and m.via != "metonym":
                        draft.place = draft.place or m.key  # "a Brussels summit": where it is held
                    if (m is not None and not m.kind.is_place) or (
                        m is not None and m.kind is EntityKind.COUNTRY
                    ):
                        self._add(draft, part, "participant", index, generic=m.via == "demonym")
            elif c.dep_ == "prep" and c.lower_ in ("by",):
                for t in pobjs(c):
                    self._add(draft, t, "source", index)
            elif c.dep_ == "prep" and c.lower_ == "of" and etype in ("Meeting", "Summit"):
                for t in pobjs(c):  # "a meeting of the UN Security Council": the body meets
                    m = index.at(t)
                    if m is not None and m.kind.coarse == "Organization":
                        self._add(draft, t, "participant", index)
            elif (
                c.dep_ == "prep"
                and _directed(etype)
                and c.lower_ in ("on", "against", "of", "to")
                and not self._is_place_only_prep(c, index, etype)
            ):
                for t in pobjs(c):
                    self._add(draft, t, "target", index)
                    if _forceful(etype):  # "an attack on a Kuwaiti tanker", "destruction of X's air force"
                        self._add_owner(draft, t, "target", index)
        if etype in ("Sanction", "Designation"):
            for acl in (c for c in tok.children if c.dep_ == "acl"):  # "embargoes applied to China"
                for c in acl.children:
                    if c.dep_ == "agent":
                        for t in pobjs(c):
                            self._add(draft, t, "source", index)
                    elif c.dep_ == "prep" and c.lower_ in ("to", "on", "against"):
                        for t in pobjs(c):
                            self._add(draft, t, "target", index)
        for p in nested_with_preps(tok):  # "negotiations in the Chinese capital between A and B"
            self._add_all(draft, p, "participant", index)
        if modifier is not None:  # "paid a courtesy call on President Reagan"
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "on":
                    self._add_all(draft, c, "participant", index)
        gathering = etype in ("Summit", "Meeting") and not draft.args
        if gathering or modifier is not None:
            # "leaders of BRICS … agreed at the end of a summit", "speaking at a joint news conference"
            for t in self._attendees(tok):
                self._add(draft, t, "participant", index)
        # arguments on the light verb that governs it ("held talks with", "launched its invasion")
        if anchor is not tok:
            passive = any(c.dep_ in PASSIVE_SUBJ for c in anchor.children)
            if passive and tok.dep_ == "pobj" and tok.head.lower_ == "in":  # "Brown has been locked in talks"
                for t in (c for c in anchor.children if c.dep_ in PASSIVE_SUBJ):
                    self._add(draft, t, "participant", index)
            if not passive and _spoken(etype):  # "the ministry issued a statement"
                self._statement(anchor, self._subjects(anchor), draft, index, content=False)
            elif not passive:
                before = {a.key for a in draft.args}
                for t in self._subjects(anchor):
                    self._add(draft, t, "source" if _directed(etype) else "participant", index)
                draft.initiators |= {a.key for a in draft.args} - before  # "X made calls to A and B"
            for c in anchor.children:
                if c.dep_ == "prep" and c.lower_ in WITH_PREPS:
                    self._add_all(draft, c, "participant", index)
                elif c.dep_ == "prep" and c.lower_ == "to" and etype == "PhoneCall":
                    self._add_all(draft, c, "participant", index)  # "made calls to A and B"
                elif c.lower_ == "including":  # "made calls today, including with A and B"
                    for p in (g for g in c.children if g.dep_ == "prep" and g.lower_ in WITH_PREPS):
                        self._add_all(draft, p, "participant", index)
                elif c.dep_ in ("prep", "agent") and c.lower_ == "by":
                    for t in pobjs(c):
                        self._add(draft, t, "source", index)
                elif c.dep_ == "prep" and c.lower_ in ("on", "against") and _directed(etype):
                    for t in pobjs(c):
                        self._add(draft, t, "target", index)
        if tok.lower_ in self.lex.military_nouns and draft.args and not self._military_actor(draft, index):
            return None
        if etype == "Visit":
            self._visit_noun(draft, tok, index)
        if not draft.args and not draft.definite:
            return None
        return draft

    def _attendees(self, noun: Token) -> list[Token]:
        """Subjects of the clause a gathering is the setting of ("at the end of a summit", "during").
        Not "on the sidelines of": those who meet there need not be the summit's members."""
        cur = noun
        for _ in range(4):
            if cur.dep_ != "pobj" or (cur.head.dep_ not in ("prep", "pobj") and cur.head.pos_ != "ADP"):
                break
            prep = cur.head
            host = prep.head
            if host.pos_ == "VERB":
                return self._subjects(host) if prep.lower_ in ("at", "during", "after", "ahead") else []
            cur = host
        return []

    def _anchor(self, noun: Token) -> Token:
        """The verb that governs an event noun, when it is a light verb or the noun's clause head."""
        if (
            noun.dep_ == "pobj"
            and noun.head.lower_ == "of"
            and noun.head.head.lower_ in self.lex.quantity_nouns
        ):
            noun = noun.head.head  # "launched a wave of missile strikes"
        head = noun.head
        governed = noun.dep_ in ("dobj", "nsubjpass", "obj", "attr") and head.pos_ in ("VERB", "AUX")
        if governed and (head.lemma_.lower() in self.lex.light_verbs or noun.dep_ == "nsubjpass"):
            return head
        if noun.dep_ == "nsubj" and head.lemma_.lower() in _HAPPEN_VERBS:
            return head
        if (
            noun.dep_ == "pobj"
            and head.head.pos_ == "VERB"
            and head.lower_ in ("for", "in", "on")
            and head.head.lemma_.lower() in _TRAVEL_VERBS
        ):
            return head.head
        trip = self.lex.nouns.get(noun.lower_) == "Visit"
        if trip and noun.dep_ == "pobj" and head.lower_ == "on" and head.head.pos_ in ("VERB", "AUX"):
            return head.head  # "who is here on an official visit", "arrived on a state visit"
        consult = self.lex.nouns.get(noun.lower_) in ("Negotiation", "Meeting")
        if consult and noun.dep_ == "pobj" and head.lower_ == "in" and head.head.pos_ in ("VERB", "AUX"):
            return head.head  # "has been locked in talks with …", "was in a meeting with …"
        return noun

    # -- argument helpers ----------------------------------------------------------------
    def _subjects(self, verb: Token) -> list[Token]:
        """Subjects, inherited from the governing verb for "arrived … to meet" and conjoined verbs."""
        subs = [c for c in verb.children if c.dep_ in SOURCE_DEPS]
        relative = ("who", "which", "that")  # "Alfonsin, who is beginning a visit": Alfonsin
        subs = [s.head.head if s.lower_ in relative and s.head.dep_ == "relcl" else s for s in subs]
        if not subs and verb.dep_ == "acl" and verb.tag_ == "VBG":
            subs = [verb.head]  # "Mr Straw, visiting Beijing, said"
        if not subs and verb.dep_ == "pcomp" and verb.head.dep_ == "prep":  # "was quoted as saying"
            clause = verb.head.head
            subs = [c for c in clause.children if c.dep_ in SOURCE_DEPS or c.dep_ in PASSIVE_SUBJ]
        seen = {verb.i}
        cur = verb
        while (
            not subs and cur.dep_ in ("xcomp", "advcl", "conj", "ccomp", "acomp") and cur.head.i not in seen
        ):
            participle = cur.dep_ == "advcl" and cur.tag_ == "VBG"  # "broke the truce, bombing rebels"
            if (
                cur.dep_ in ("advcl", "ccomp")
                and not any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children)
                and not participle
            ):
                break
            cur = cur.head
            seen.add(cur.i)
            subs = [c for c in cur.children if c.dep_ in SOURCE_DEPS] or [
                c
                for c in cur.children
                if c.dep_ in PASSIVE_SUBJ  # "X was summoned to confer with Y"
            ]
        return subs

    def _add(
        self, draft: EventDraft, tok: Token, role: str, index: MentionIndex, generic: bool = False
    ) -> None:
        for t in with_conjuncts(tok):
            m = self._role_people.get(t.i) or index.at(t) or _appos_mention(t, index)
            if m is None and t.lower_ in ("he", "she", "it", "they") and t.dep_ in ("nsubj", "nsubjpass"):
                m = self._reporter(t, index)
            if m is None and t.lower_ in ("he", "she") and t.dep_ in ("nsubj", "nsubjpass"):
                m = self._clause_subject(t, index)  # "Lavrov flew to Ankara, where he met Erdogan"
            if m is None and t.lower_ in ("he", "she") and t.dep_ in ("nsubj", "nsubjpass"):
                m = self._antecedent_person
                if m is not None:
                    draft.rule += "+pronoun"
                    draft.pronoun = True
            if m is None and t.pos_ == "PRON" and t.dep_ in ("nsubj", "nsubjpass"):
                draft.unresolved_subject = True
            if m is None and t.dep_ in OBJECT_DEPS and _title_word(t):
                m = _person_in_apposition(t, index)  # "met the Assistant to the President, John Bolton"
            if m is None and t.lower_ == "whose" and t.dep_ == "poss":
                m = _relative_antecedent(t, index)  # "Lonetree, whose arrest triggered": Lonetree
            if m is None and t.lemma_.lower() == "country" and any(c.lower_ == "the" for c in t.children):
                m = _the_country(t, index, {a.key for a in draft.args})  # "invaded the country"
            office = _office(t) if m is None else None
            if office is not None:
                m = self._office_holders.get(office)
                if m is not None and m.start > t.i and not in_headline(t):
                    m = None  # "The Secretary-General called … Arab League Secretary-General X": not X
                    # (a headline names the post of whom the story names below)
                if m is None:
                    draft.unnamed_parties += 1
                    continue
            if m is not None:
                self._add_mention(draft, m, role, generic or m.via == "demonym")
                for other in self._coordinated_people(t, index):  # "A and President B": A parsed as nmod
                    self._add_mention(draft, other, role, False)
            elif self._generic_actor(t):
                # "Russian officials" may be the people named elsewhere (generic, to be resolved);
                # "Polish authorities", "Russian forces" are the state acting; "leaders of NATO" name NATO
                organ = t.lower_ in self.lex.state_organ_nouns
                owners = _modifier_mentions(t, index) or _earlier_owners(t, index)
                for m2 in owners:
                    self._add_mention(draft, m2, role, m2.kind is EntityKind.COUNTRY and not organ)
                bodies = [m2 for m2 in owners if m2.kind is EntityKind.INTERNATIONAL_ORGANIZATION]
                if t.tag_ == "NNS" and len(bodies) == 1:
                    draft.collective = t.lemma_.lower()  # "NATO ambassadors met": the members meet

    def _coordinated_people(self, head: Token, index: MentionIndex) -> list[Mention]:
        """People the parser hung under another person's name through nmod/conj instead of
        coordinating them; never those inside a prepositional phrase or a clause."""
        out = []
        for t in head.subtree:
            if t.i == head.i or t.dep_ not in ("nmod", "conj"):
                continue
            path, ok = t, True
            while path.i != head.i:
                if path.dep_ in ("prep", "pobj", "relcl", "acl", "appos", "advcl", "ccomp"):
                    ok = False
                    break
                path = path.head
            m = self._role_people.get(t.i) or index.at(t)
            if ok and m is not None and m.kind is EntityKind.PERSON:
                out.append(m)
        return out

    def _add_all(self, draft: EventDraft, prep: Token, role: str, index: MentionIndex) -> None:
        """Every named actor under "with"/"between": robust to the parser's misattached conjuncts."""
        for t in prep.subtree:
            if t.i == prep.i or crosses_clause(t, prep):
                continue
            m = self._role_people.get(t.i) or index.at(t)
            if m is None and t.lower_ in ("him", "her"):
                m = self._person_before(t, index, {a.key for a in draft.args})  # "between him and Xi"
                if m is not None:
                    draft.rule += "+pronoun"
            if (m is not None and not m.kind.is_place) or (m is not None and m.kind is EntityKind.COUNTRY):
                self._add_mention(draft, m, role, m.via == "demonym")
            elif m is not None and self.gaz.metonym_target(m.key):
                self._add_mention(draft, m, role, False)

    def _person_before(self, pronoun: Token, index: MentionIndex, taken: set[str]) -> Mention | None:
        """The one person a sentence names before an object pronoun ("Modi's visit to Wuhan,
        which hosted a summit between him and Xi"), else the person the story is about."""
        sent = sentence_of(pronoun)
        people = {
            m.key: m
            for m in index.mentions
            if m.kind is EntityKind.PERSON and sent.start <= m.start < pronoun.i and m.key not in taken
        }
        if len(people) == 1:
            return next(iter(people.values()))
        if not people and self._antecedent_person is not None:
            return None if self._antecedent_person.key in taken else self._antecedent_person
        return None

    def _add_mention(self, draft: EventDraft, m: Mention, role: str, generic: bool) -> None:
        key, kind = m.key, m.kind
        if kind in (EntityKind.CITY, EntityKind.PLACE):
            target = self.gaz.metonym_target(key)
            if target is None:
                return  # a place is where things happen, not who acts
            key = target
        elif kind.coarse == "Organization":
            target = self.gaz.entries.get(key).seat_of if key in self.gaz.entries else None
            if target and self.gaz.entries.get(key).kind is EntityKind.PLACE:
                key = target
        if kind is EntityKind.MEDIA_OUTLET:
            return
        if not any(a.key == key for a in draft.args):
            draft.args.append(Arg(key, role, generic))

    def _is_place_only(self, tok: Token, index: MentionIndex) -> bool:
        m = index.at(tok)
        return m is not None and m.kind in (EntityKind.CITY, EntityKind.PLACE)

    def _is_place_only_prep(self, prep: Token, index: MentionIndex, etype: str) -> bool:
        if prep.lower_ == "on" and not _directed(etype):
            return True
        return all(self._is_place_only(t, index) for t in pobjs(prep))

    def _add_detainer(self, draft: EventDraft, place: str) -> None:
        """ "was arrested in China": with no one named as detaining, the state where it happened."""
        if any(a.role == "source" for a in draft.args):
            return
        state = self.gaz.country_of(place) or (
            place if (e := self.gaz.entries.get(place)) is not None and e.kind is EntityKind.COUNTRY else None
        )
        if state and not any(a.key == state for a in draft.args):
            draft.args.append(Arg(state, "source"))

    def _add_owner(self, draft: EventDraft, thing: Token, role: str, index: MentionIndex) -> None:
        """ "destroyed an Iranian oil platform", "seized Kuwaiti boats": the country the target
        belongs to is the target (the thing itself names no actor)."""
        if index.at(thing) is not None or thing.lower_ in self.lex.generic_actor_nouns:
            return
        for c in thing.children:
            m = index.at(c) if c.dep_ in ("amod", "compound", "nmod", "poss") else None
            if m is not None and m.kind is EntityKind.COUNTRY:
                self._add_mention(draft, m, role, False)

    def _add_host(self, draft: EventDraft, place: str) -> None:
        host = self.gaz.country_of(place)
        if host and not any(a.key == host for a in draft.args):
            draft.args.append(Arg(host, "host", True))

    def _visit_noun(self, draft: EventDraft, noun: Token, index: MentionIndex) -> None:
        """ "a state visit to Russia", "arrived in Kyiv on a visit": the place and its country as host."""
        for c in noun.children:
            if c.dep_ == "prep" and c.lower_ == "to":
                self._visit_place(draft, place_tokens(c), index)
        draft.args = [
            a for a in draft.args if not (a.role == "target" and self._is_place_only_key(a.key, index))
        ]

    def _is_place_only_key(self, key: str, index: MentionIndex) -> bool:
        entity = index.entities.get(key)
        return entity is not None and entity.kind in (EntityKind.CITY, EntityKind.PLACE)

    def _visit_place(self, draft: EventDraft, objects: list[Token], index: MentionIndex) -> None:
        for o in objects:
            if o.lemma_.lower() in PLACE_NOUNS and not any(a.role == "host" for a in draft.args):
                for c in o.children:  # "the Chinese city of Wuhan": the country of an unknown city
                    m = index.at(c)
                    if c.dep_ == "amod" and m is not None and m.kind is EntityKind.COUNTRY:
                        draft.args.append(Arg(m.key, "host", True))
            m = index.at(o)
            if m is not None and m.via == "metonym":  # "visiting Beijing": the city, not its government
                city = self.gaz.lookup(o.doc[m.start : m.end].text)
                m = Mention(m.start, m.end, city.key, city.kind) if city is not None else m
            if m is not None and m.kind.is_place:
                draft.place = m.key
                draft.args = [a for a in draft.args if not (a.role == "host" and a.key == m.key)]
                host = self.gaz.country_of(m.key) or (m.key if m.kind is EntityKind.COUNTRY else None)
                if host and not any(a.key == host for a in draft.args):
                    draft.args.append(Arg(host, "host", True))

    # -- place, date, modality -------------------------------------------------------------

    # -- "where Putin is represented by Lavrov" ---------------------------------------------
    def _representation(self, sent: Span, drafts: list[EventDraft], index: MentionIndex) -> None:
        in_sentence = []
        for d in reversed(drafts):  # drafts come in text order: this sentence's are the last ones
            if d.trigger.i < sent.start:
                break
            if d.type in ("Summit", "Meeting", "Negotiation"):
                in_sentence.append(d)
        if not in_sentence:
            return
        for tok in sent:
            if tok.lemma_.lower() != "represent" or tok.pos_ != "VERB":
                continue
            passive = any(c.dep_ in PASSIVE_SUBJ for c in tok.children)
            principals = [c for c in tok.children if c.dep_ in (PASSIVE_SUBJ if passive else OBJECT_DEPS)]
            agents = (
                [t for c in tok.children if c.dep_ == "agent" for t in pobjs(c)]
                if passive
                else [c for c in tok.children if c.dep_ in SOURCE_DEPS]
            )
            target = min(in_sentence, key=lambda d: abs(d.trigger.i - tok.i))
            for a in agents:
                am = index.at(a)
                for p in principals:
                    pm = index.at(p)
                    if am is not None and pm is not None:
                        target.represented.append((am.key, pm.key))
                        if not any(x.key == am.key for x in target.args):
                            target.args.append(Arg(am.key, "participant"))


# -- small parse helpers -----------------------------------------------------------------


def _relative_antecedent(tok: Token, index: MentionIndex) -> Mention | None:
    for clause in tok.ancestors:
        if clause.dep_ == "relcl":
            return index.at(clause.head)
    return None


def _the_country(tok: Token, index: MentionIndex, taken: set[str]) -> Mention | None:
    """The country "the country" points back to: the nearest one named before it in this
    sentence or the one before, not one already in the event."""
    start = sentences(tok.doc)[max(sentence_number(tok) - 1, 0)].start
    for t in reversed(tok.doc[start : tok.i]):
        m = index.at(t)
        if m is not None and m.kind is EntityKind.COUNTRY and m.key not in taken:
            return m
    return None


def _title_word(tok: Token) -> bool:
    return tok.lower_ in title_words()


def _person_in_apposition(tok: Token, index: MentionIndex) -> Mention | None:
    """The person a long title phrase introduces by apposition, within the same clause."""
    for t in tok.doc[tok.i + 1 : tok.head.right_edge.i + 1]:
        if t.dep_ in ("ccomp", "advcl", "relcl", "acl", "parataxis"):
            return None
        m = index.at(t)
        # the parser hangs such a name as an apposition, or on the verb as a loose modifier
        if t.dep_ in ("appos", "npadvmod") and m is not None and m.kind is EntityKind.PERSON:
            return m
    return None


def _office(tok: Token) -> str | None:
    """The post a bare definite title names: "the Prime Minister", "The Secretary-General";
    a headline drops the article and may name the body: "NATO Secretary General visits …"."""
    headline = in_headline(tok)
    if not headline and not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
        return None
    phrase = tok.doc[tok.left_edge.i : tok.i + 1]
    words = [t for t in phrase if t.dep_ not in ("det", "punct") or t.text == "-"]
    while headline and len(words) > 1 and not _title_word(words[0]):
        words = words[1:]
    if any(t.dep_ not in ("compound", "punct") for t in words[:-1]):
        return None  # "the Russian foreign minister", "the minister's aide": not a bare title
    text = " ".join(t.lower_ for t in words).replace(" - ", "-")
    return titles().get(text)


def _appos_mention(tok: Token, index: MentionIndex) -> Mention | None:
    """ "the foreign minister, Sergei Lavrov" / "CIA director William Burns": the person inside."""
    for c in tok.children:
        if c.dep_ in ("appos", "compound") and (m := index.at(c)) is not None and m.kind is EntityKind.PERSON:
            return m
    return None


def _earlier_owners(tok: Token, index: MentionIndex) -> list[Mention]:
    """ "the interim authorities" after "the interim Egyptian authorities": a definite organ
    with no owner of its own is the one the text last named with its owner, in the paragraphs
    just before (the same noun, a country or body on it)."""
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
        return []
    doc = tok.doc
    for i in range(tok.i - 1, max(tok.i - _OWNER_LOOKBACK, 0) - 1, -1):
        earlier = doc[i]
        if earlier.lemma_.lower() == tok.lemma_.lower() and earlier.pos_ == tok.pos_:
            owners = _modifier_mentions(earlier, index)
            if owners:
                return owners
    return []


def _unnamed_detainees(event_type: str, patients: list[Token]) -> bool:
    """ "freed two hostages", "released American prisoners": people held, though unnamed."""
    return event_type == "Detention" and any(o.lemma_.lower() in _DETAINEES for o in patients)


def _modifier_mentions(tok: Token, index: MentionIndex) -> list[Mention]:
    """Countries and organisations qualifying a generic actor ("Russian officials")."""
    out = []
    for t in tok.subtree:
        if t.i == tok.i or crosses_clause(t, tok):
            continue
        m = index.at(t)
        affiliation = m is not None and (m.kind is EntityKind.COUNTRY or m.kind.coarse == "Organization")
        if affiliation and all(x.key != m.key for x in out):
            out.append(m)
    return out


def _presence(tok: Token) -> bool:
    """ "was in Tokyo", "is in Panama": being somewhere, said of a person, with nothing else
    predicated ("was in talks" has no place and "was in charge" none either)."""
    if tok.lemma_ != "be" or tok.dep_ not in ("ROOT", "advcl", "conj", "relcl", "ccomp"):
        return False
    children = list(tok.children)
    if any(c.dep_ in ("acomp", "attr", "xcomp", "oprd") for c in children):
        return False
    return any(c.dep_ == "prep" and c.lower_ == "in" for c in children)


def _ahead(clause: Token) -> bool:
    """What a clause says lies ahead or is supposed: a threat speaks of what will or may be
    done ("there may be retaliation", "will pay a price", "if India refuses")."""
    if clause.dep_ == "dobj":
        return True  # "threatened retaliation"
    for t in clause.subtree:
        if t.dep_ == "aux" and t.lower_ in ("will", "would", "may", "might", "could", "shall", "'ll"):
            return True
        if t.dep_ == "mark" and t.lower_ in ("if", "unless"):
            return True
        if t.tag_ == "MD":
            return True
        if t.lemma_.lower() in ("prepared", "prepare", "ready", "willing") and any(
            c.dep_ == "xcomp" for c in t.children
        ):
            return True  # "was prepared to veto any bid"
    return clause.tag_ in ("VB", "VBP") and clause.lemma_.lower() != "be"


def _forceful(etype: str) -> bool:
    """Types whose target is often a thing of a country (a tanker, a platform, an air force)."""
    return etype in ("Invasion", "MilitaryAction", "Airstrike", "Detention")


def _spoken(etype: str) -> bool:
    """Event types whose one actor is a speaker (the Statement category of concepts.ttl)."""
    return etype in ("PublicStatement", "Accusation", "Criticism", "Demand", "Appeal", "Rejection")


def _directed(etype: str) -> bool:
    return etype in (
        "Invasion",
        "MilitaryAction",
        "Airstrike",
        "Coup",
        "Sanction",
        "Designation",
        "Expulsion",
        "Detention",
        "Warning",
        "Threat",
    )
