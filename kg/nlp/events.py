"""Events from trigger words and their dependency arguments.

A trigger is a verb ("met", "warned", "detained") or an event noun ("a meeting between", "talks
with", "the invasion of"), often under a light verb ("held talks", "launched its invasion").
Participants come from the parse: subject, object, passive agent, "with", "between A and B",
conjunctions and appositions; the place from "in/at X"; the date from date expressions attached
to the same clause. Generic actors ("Russian officials", "the heads of U.S. intelligence")
contribute their country, marked so document-level merging can tie them to a named event.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from kg.model import EntityKind
from kg.nlp.gazetteer import Gazetteer
from kg.nlp.lexicon import Lexicon, VerbTrigger, lexicon
from kg.nlp.mentions import Mention, MentionIndex

_PLACE_PREPS = frozenset({"in", "at", "on", "inside", "near"})
_SOURCE_DEPS = frozenset({"nsubj", "csubj"})
_PASSIVE_SUBJ = frozenset({"nsubjpass", "csubjpass"})
_OBJECT_DEPS = frozenset({"dobj", "obj", "iobj", "dative", "attr", "oprd"})
_TARGET_PREPS = frozenset({"on", "against", "of", "to", "into"})
_WITH_PREPS = frozenset({"with", "between", "among", "alongside"})
_HAPPEN_VERBS = frozenset(
    {
        "get",
        "take",
        "begin",
        "open",
        "start",
        "end",
        "close",
        "convene",
        "conclude",
        "continue",
        "wrap",
        "occur",
        "happen",
        "resume",
        "kick",
    }
)
_TRAVEL_VERBS = frozenset(
    {"arrive", "travel", "fly", "gather", "meet", "come", "go", "head", "land", "return"}
)
_PLACE_NOUNS = frozenset(
    {
        "island",
        "capital",
        "city",
        "town",
        "region",
        "province",
        "outskirts",
        "village",
        "resort",
        "port",
        "state",
        "republic",
        "enclave",
        "area",
        "border",
        "centre",
        "center",
    }
)
_CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "acl", "parataxis", "csubj", "conj"})


@dataclass
class Arg:
    key: str
    role: str  # participant | source | target | host | visitor
    generic: bool = False  # came from a demonym on an unnamed actor ("Russian officials")


@dataclass
class EventDraft:
    """A mutable event while the document is being read; frozen into model.Event later."""

    type: str
    trigger: Token
    anchor: Token  # the verb that carries tense, negation, date and place
    args: list[Arg] = field(default_factory=list)
    place: str | None = None
    date_span: Span | None = None
    modality: str = "asserted"
    rule: str = ""
    confidence: float = 0.7
    definite: bool = False  # "the meeting": may refer to an event named elsewhere
    represented: list[tuple[str, str]] = field(default_factory=list)  # (representative, principal)
    context: tuple[Token, ...] = ()
    antecedent: EventDraft | None = None  # the named event an anaphoric mention refers to
    pronoun: bool = False  # a participant came from "he"/"she"
    unresolved_subject: bool = False  # the subject is a pronoun we could not resolve

    @property
    def named(self) -> list[Arg]:
        return [a for a in self.args if not a.generic]


class EventFinder:
    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gaz = gazetteer
        self.lex: Lexicon = lexicon()

    def find(
        self, doc: Doc, index: MentionIndex, role_people: dict[int, Mention] | None = None
    ) -> list[EventDraft]:
        """``role_people`` maps tokens of a title phrase to the person it introduces, so
        "the head of Russia's SVR Sergei Naryshkin" as a subject is Naryshkin."""
        self._role_people = role_people or {}
        self._antecedent_person: Mention | None = None
        drafts: list[EventDraft] = []
        for sent in doc.sents:
            self._pronoun_used = False
            for tok in sent:
                draft = self._verb(tok, index) or self._noun(tok, index)
                if draft is not None:
                    draft.place = draft.place or self._place(draft, index)
                    if draft.type in ("Visit", "HostVisit") and draft.place:
                        self._add_host(draft, draft.place)
                    draft.date_span = self._date(draft, index)
                    draft.modality = self._modality(draft)
                    drafts.append(draft)
            self._representation(sent, drafts, index)
            self._antecedent_person = self._subject_person(sent, index) or (
                self._antecedent_person if _continues_paragraph(sent) else None
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
        if tok.pos_ != "VERB":
            return None
        spec = self.lex.verbs.get(tok.lemma_.lower())
        if tok.lemma_.lower() in self.lex.designation_verbs and self._designates(tok):
            # "declared Meduza an undesirable organization", "added X to its register of foreign agents"
            return self._designation(tok, index)
        if spec is not None and spec.lemma == "call" and _appeal(tok):
            draft = EventDraft("Appeal", tok, tok, rule="event.verb.appeal")  # "called for", "called on X to"
            return self._statement(tok, self._subjects(tok), draft, index, content=False)
        if spec is None or not self._verb_applies(tok, spec, index):
            return None
        draft = EventDraft(spec.type, tok, tok, rule=f"event.verb.{spec.frame}")
        if tok.dep_ in ("advcl", "xcomp") and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
            draft.context = (tok.head,)  # "arrived in Ankara on Monday to meet …"
        subjects = self._subjects(tok)
        passive = any(c.dep_ in _PASSIVE_SUBJ for c in tok.children)
        objects = [c for c in tok.children if c.dep_ in _OBJECT_DEPS]
        preps = [c for c in tok.children if c.dep_ in ("prep", "agent")]
        if spec.frame == "statement":
            if not any(c.dep_ in spec.content for c in tok.children) and not (
                "parataxis" in spec.content and tok.dep_ == "parataxis"
            ):
                return None
            return self._statement(tok, subjects, draft, index, content=False)
        if spec.frame == "symmetric":
            for t in subjects + objects:
                self._add(draft, t, "participant", index)
            for p in _nested_with_preps(tok):  # "spoke by telephone with …", "met on Monday with …"
                self._add_all(draft, p, "participant", index)
            for p in preps:
                if p.dep_ == "agent":
                    for t in _pobjs(p):
                        self._add(draft, t, "participant", index)
        else:
            src_role, tgt_role = {"visit": ("visitor", "host"), "host": ("host", "visitor")}.get(
                spec.frame, ("source", "target")
            )
            passive_subjects = [c for c in tok.children if c.dep_ in _PASSIVE_SUBJ]
            sources = [t for p in preps if p.dep_ == "agent" for t in _pobjs(p)] if passive else subjects
            targets = passive_subjects if passive else objects
            for t in sources:
                self._add(draft, t, src_role, index)
            for t in targets:
                self._add(draft, t, tgt_role, index)
            for p in preps:
                if p.lower_ in _TARGET_PREPS and p.dep_ != "agent":
                    for t in _pobjs(p):
                        if self._is_place_only(t, index) and spec.frame != "directed":
                            continue
                        self._add(draft, t, tgt_role, index)
                if p.lower_ in _WITH_PREPS:
                    for t in _pobjs(p):
                        self._add(draft, t, "participant", index)
            if spec.frame == "visit":
                self._visit_place(draft, objects, index)
        if spec.military and not self._military_actor(draft, index):
            return None
        if spec.lemma == "speak" and not self._phone_context(tok):
            draft.type = "Meeting"  # "spoke with Macron on the sidelines": they met
        if draft.unresolved_subject:
            return None  # "he spoke with Macron and Scholz": not a call between Macron and Scholz
        n_named = len({a.key for a in draft.named})
        draft.confidence = 0.85 if n_named >= 2 else 0.65 if n_named == 1 else 0.5
        if draft.pronoun:
            draft.confidence -= 0.1
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
        if spec.needs_prep and not any(c.lower_ in spec.needs_prep for c in children if c.dep_ == "prep"):
            return False
        if spec.needs_words and not any(w in tok.sent.text.lower() for w in spec.needs_words):
            return False
        objects = [c for c in children if c.dep_ in _OBJECT_DEPS]
        if spec.object_words and not any(o.lemma_.lower() in spec.object_words for o in objects):
            return False
        if spec.no_object_words and any(o.lemma_.lower() in spec.no_object_words for o in objects):
            return False
        if spec.needs_any_dep and not any(c.dep_ in spec.needs_any_dep for c in children):
            return False
        if spec.object:
            kinds = {m.kind.coarse for o in objects for m in [index.at(o)] if m is not None}
            wanted = "Person" if spec.object == "person" else "Organization"
            if wanted not in kinds:
                return False
        # "called it a provocation", "called for talks"
        return not (spec.lemma == "call" and any(c.dep_ in ("oprd", "xcomp", "ccomp") for c in children))

    def _phone_context(self, tok: Token) -> bool:
        """A call is said in the sentence, the next one, or the headline ("… spoke today with Xi.
        The call lasted two hours")."""
        doc = tok.doc
        sents = list(doc.sents)
        here = next(i for i, s in enumerate(sents) if s.start <= tok.i < s.end)
        texts = [sents[here].text, sents[0].text] + ([sents[here + 1].text] if here + 1 < len(sents) else [])
        return any(w in t.lower() for t in texts for w in self.lex.phone_words)

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
        passive = any(c.dep_ in _PASSIVE_SUBJ for c in verb.children)
        sources = (
            [t for c in verb.children if c.dep_ == "agent" for t in _pobjs(c)]
            if passive
            else self._subjects(verb)
        )
        targets = [c for c in verb.children if c.dep_ in (_PASSIVE_SUBJ if passive else _OBJECT_DEPS)]
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
            if m is None or m.via == "demonym":
                continue
            not_official = m.kind is EntityKind.MEDIA_OUTLET or m.kind in (EntityKind.CITY, EntityKind.PLACE)
            if not_official and self.gaz.metonym_target(m.key) is None:
                continue
            self._add(draft, t, "source", index)
        if not draft.args:
            return None
        draft.confidence = 0.6
        return draft

    def _military_actor(self, draft: EventDraft, index: MentionIndex) -> bool:
        """ "attacked the plan" is criticism: a military action needs a state, place or armed group."""
        for a in draft.args:
            entity = index.entities.get(a.key)
            if entity is not None and entity.kind in (EntityKind.COUNTRY, EntityKind.CITY, EntityKind.PLACE):
                return True
        return draft.place is not None

    # -- noun triggers -----------------------------------------------------------------
    def _noun(self, tok: Token, index: MentionIndex) -> EventDraft | None:
        if tok.pos_ not in ("NOUN", "PROPN") or index.at(tok) is not None:
            return None
        text = tok.lower_
        etype = self.lex.nouns.get(text) or self.lex.nouns.get(tok.lemma_.lower())
        if etype is None:
            return None
        needs = self.lex.noun_needs.get(text)
        if needs and not any(c.lower_ in needs for c in tok.children):
            return None
        anchor = self._anchor(tok)
        anchor_needs = self.lex.noun_anchor_needs.get(text)
        if anchor_needs and (anchor is tok or anchor.lemma_.lower() not in anchor_needs):
            return None  # "a deal" is an event only when signed or reached
        draft = EventDraft(etype, tok, anchor, rule="event.noun")
        draft.definite = any(c.lower_ in ("the", "this", "that") and c.dep_ == "det" for c in tok.children)
        # arguments on the noun itself
        for c in tok.children:
            if c.dep_ == "poss":
                self._add(draft, c, "source", index)
            elif c.dep_ in ("compound", "amod", "nmod"):
                m = index.at(c)
                if (m is not None and not m.kind.is_place) or (
                    m is not None and m.kind is EntityKind.COUNTRY
                ):
                    self._add(draft, c, "participant", index, generic=m.via == "demonym")
            elif c.dep_ == "prep" and c.lower_ in ("by",):
                for t in _pobjs(c):
                    self._add(draft, t, "source", index)
            elif (
                c.dep_ == "prep"
                and _directed(etype)
                and c.lower_ in ("on", "against", "of", "to")
                and not self._is_place_only_prep(c, index, etype)
            ):
                for t in _pobjs(c):
                    self._add(draft, t, "target", index)
        for p in _nested_with_preps(tok):  # "negotiations in the Chinese capital between A and B"
            self._add_all(draft, p, "participant", index)
        if etype == "Summit" and not draft.args:
            for t in self._attendees(tok):  # "leaders of BRICS … agreed at the end of a summit"
                self._add(draft, t, "participant", index)
        # arguments on the light verb that governs it ("held talks with", "launched its invasion")
        if anchor is not tok:
            passive = any(c.dep_ in _PASSIVE_SUBJ for c in anchor.children)
            if not passive:
                for t in self._subjects(anchor):
                    self._add(draft, t, "source" if _directed(etype) else "participant", index)
            for c in anchor.children:
                if c.dep_ == "prep" and c.lower_ in _WITH_PREPS:
                    self._add_all(draft, c, "participant", index)
                elif c.dep_ in ("prep", "agent") and c.lower_ == "by":
                    for t in _pobjs(c):
                        self._add(draft, t, "source", index)
                elif c.dep_ == "prep" and c.lower_ in ("on", "against") and _directed(etype):
                    for t in _pobjs(c):
                        self._add(draft, t, "target", index)
        if tok.lower_ in self.lex.military_nouns and draft.args and not self._military_actor(draft, index):
            return None
        if etype == "Visit":
            self._visit_noun(draft, tok, index)
        n_named = len({a.key for a in draft.named})
        draft.confidence = 0.8 if n_named >= 2 else 0.6 if n_named == 1 else 0.45
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
        return noun

    # -- argument helpers ----------------------------------------------------------------
    def _subjects(self, verb: Token) -> list[Token]:
        """Subjects, inherited from the governing verb for "arrived … to meet" and conjoined verbs."""
        subs = [c for c in verb.children if c.dep_ in _SOURCE_DEPS]
        seen = {verb.i}
        cur = verb
        while (
            not subs and cur.dep_ in ("xcomp", "advcl", "conj", "ccomp", "acomp") and cur.head.i not in seen
        ):
            if (
                cur.dep_ in ("advcl", "ccomp")
                and not any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children)
                and cur.dep_ != "conj"
            ):
                break
            cur = cur.head
            seen.add(cur.i)
            subs = [c for c in cur.children if c.dep_ in _SOURCE_DEPS]
        return subs

    def _add(
        self, draft: EventDraft, tok: Token, role: str, index: MentionIndex, generic: bool = False
    ) -> None:
        for t in _with_conjuncts(tok):
            m = self._role_people.get(t.i) or index.at(t) or _appos_mention(t, index)
            if m is None and t.lower_ in ("he", "she", "it", "they") and t.dep_ in ("nsubj", "nsubjpass"):
                m = self._reporter(t, index)
            if m is None and t.lower_ in ("he", "she") and t.dep_ in ("nsubj", "nsubjpass"):
                m = self._antecedent_person
                if m is not None:
                    draft.rule += "+pronoun"
                    draft.pronoun = True
            if m is None and t.pos_ == "PRON" and t.dep_ in ("nsubj", "nsubjpass"):
                draft.unresolved_subject = True
            if m is not None:
                self._add_mention(draft, m, role, generic or m.via == "demonym")
                for other in self._coordinated_people(t, index):  # "A and President B": A parsed as nmod
                    self._add_mention(draft, other, role, False)
            elif t.lower_ in self.lex.generic_actor_nouns or t.lemma_.lower() in self.lex.generic_actor_nouns:
                # "Russian officials" may be the people named elsewhere (generic, to be resolved);
                # "Polish authorities", "Russian forces" are the state acting; "leaders of NATO" name NATO
                organ = t.lower_ in self.lex.state_organ_nouns
                for m2 in _modifier_mentions(t, index):
                    self._add_mention(draft, m2, role, m2.kind is EntityKind.COUNTRY and not organ)

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
            if t.i == prep.i or _crosses_clause(t, prep):
                continue
            m = self._role_people.get(t.i) or index.at(t)
            if (m is not None and not m.kind.is_place) or (m is not None and m.kind is EntityKind.COUNTRY):
                self._add_mention(draft, m, role, m.via == "demonym")
            elif m is not None and self.gaz.metonym_target(m.key):
                self._add_mention(draft, m, role, False)

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
        return all(self._is_place_only(t, index) for t in _pobjs(prep))

    def _add_host(self, draft: EventDraft, place: str) -> None:
        host = self.gaz.country_of(place)
        if host and not any(a.key == host for a in draft.args):
            draft.args.append(Arg(host, "host", True))

    def _visit_noun(self, draft: EventDraft, noun: Token, index: MentionIndex) -> None:
        """ "a state visit to Russia", "arrived in Kyiv on a visit": the place and its country as host."""
        for c in noun.children:
            if c.dep_ == "prep" and c.lower_ == "to":
                self._visit_place(draft, _pobjs(c), index)
        draft.args = [
            a for a in draft.args if not (a.role == "target" and self._is_place_only_key(a.key, index))
        ]

    def _is_place_only_key(self, key: str, index: MentionIndex) -> bool:
        entity = index.entities.get(key)
        return entity is not None and entity.kind in (EntityKind.CITY, EntityKind.PLACE)

    def _visit_place(self, draft: EventDraft, objects: list[Token], index: MentionIndex) -> None:
        for o in objects:
            m = index.at(o)
            if m is not None and m.kind.is_place:
                draft.place = m.key
                draft.args = [a for a in draft.args if not (a.role == "host" and a.key == m.key)]
                host = self.gaz.country_of(m.key) or (m.key if m.kind is EntityKind.COUNTRY else None)
                if host and not any(a.key == host for a in draft.args):
                    draft.args.append(Arg(host, "host", True))

    # -- place, date, modality -------------------------------------------------------------
    def _place(self, draft: EventDraft, index: MentionIndex) -> str | None:
        """ "in Ankara", "in the Turkish capital Ankara", "on the island of Bali" — the most specific."""
        best: tuple[int, str] | None = None
        taken = {a.key for a in draft.args}
        for head in {draft.trigger, draft.anchor, *draft.context}:
            for prep in head.children:
                if prep.dep_ != "prep" or prep.lower_ not in _PLACE_PREPS:
                    continue
                for t in _place_tokens(prep):
                    m = index.at(t) or self._capital_of_demonym(t, index)
                    if m is None or not m.kind.is_place or m.key in taken or m.via == "demonym":
                        continue
                    rank = {EntityKind.CITY: 0, EntityKind.PLACE: 1, EntityKind.COUNTRY: 2}[m.kind]
                    if best is None or rank < best[0]:
                        best = (rank, m.key)
        if best is None:  # "met Blinken in Munich", "talks with Qin Gang in Beijing": "in" hung on the name
            for head in {draft.trigger, draft.anchor}:
                for prep in head.children:
                    objects = [prep] if prep.dep_ in _OBJECT_DEPS else []
                    if (prep.dep_ == "prep" and prep.lower_ in _WITH_PREPS) or prep.dep_ == "agent":
                        objects = _pobjs(prep)
                    for obj in objects:
                        for inner in obj.children:
                            if inner.dep_ == "prep" and inner.lower_ in ("in", "at"):
                                for t in _place_tokens(inner):
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

    def _date(self, draft: EventDraft, index: MentionIndex) -> Span | None:
        doc = draft.trigger.doc
        for ent in draft.trigger.sent.ents:
            if ent.label_ != "DATE" or not _is_point_in_time(ent):
                continue
            if any(a <= ent.start_char < b for a, b in index.dateline_spans):
                continue  # "MOSCOW, March 30 (Reuters) -" dates the story, not the event
            root = ent.root
            if _attached_to(root, {draft.anchor.i, draft.trigger.i} | {t.i for t in draft.context}):
                return doc[ent.start : ent.end]
        return None

    def _modality(self, draft: EventDraft) -> str:
        anchor, trigger = draft.anchor, draft.trigger
        for tok in {anchor, trigger}:
            for c in tok.children:
                if c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no"):
                    return "negated"
        for c in trigger.children:
            if c.dep_ == "amod" and c.lower_ in self.lex.future_modifiers:
                return "future"
        if trigger is not anchor or trigger.pos_ != "VERB":
            governors = self.lex.noun_future_governors
            head = trigger.head
            if (
                trigger.dep_ == "pobj"
                and head.lower_ == "for"
                and head.head.lemma_.lower() in governors["for"]
            ):
                return "future"  # "called for new sanctions"
            if trigger.dep_ == "dobj" and head.lemma_.lower() in governors["dobj"]:
                return "future"  # "demanded talks", "threatened sanctions"
        aux = {c.lower_ for c in anchor.children if c.dep_ in ("aux", "auxpass")}
        conditional = any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in anchor.children)
        reported = anchor.dep_ == "ccomp" and (
            anchor.head.lemma_.lower() in self.lex.reporting_verbs
            or (
                self.lex.verbs.get(anchor.head.lemma_.lower(), None) is not None
                and self.lex.verbs[anchor.head.lemma_.lower()].frame == "statement"
            )
        )
        if "would" in aux and reported and not conditional:
            return "future"  # "announced that Britain would expel": the future seen from then
        if aux & {"could", "might", "may", "would", "should"}:
            return "hypothetical"
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in anchor.children):
            return "hypothetical"
        if aux & {"will", "shall", "'ll"}:
            return "future"
        cur = anchor
        for _ in range(3):
            if cur.dep_ not in ("xcomp", "ccomp", "advcl") or cur.head is cur:
                break
            gov = cur.head
            lemma = gov.lemma_.lower()
            if any(c.dep_ == "neg" for c in gov.children) and cur.dep_ == "xcomp":
                return "negated"
            if lemma in self.lex.negating_governors and cur.dep_ == "xcomp":
                return "negated"
            if lemma in self.lex.future_governors and cur.dep_ == "xcomp":
                return "future"
            gov_aux = {c.lower_ for c in gov.children if c.dep_ == "aux"}
            if cur.dep_ == "xcomp" and gov_aux & {"will", "shall"}:
                return "future"
            cur = gov
        if (
            anchor.tag_ == "VB"
            and any(c.lower_ == "to" and c.dep_ == "aux" for c in anchor.children)
            and anchor.dep_ == "xcomp"
        ):
            return "future"
        return "asserted"

    # -- "where Putin is represented by Lavrov" ---------------------------------------------
    def _representation(self, sent: Span, drafts: list[EventDraft], index: MentionIndex) -> None:
        in_sentence = [
            d for d in drafts if d.trigger.sent == sent and d.type in ("Summit", "Meeting", "Negotiation")
        ]
        if not in_sentence:
            return
        for tok in sent:
            if tok.lemma_.lower() != "represent" or tok.pos_ != "VERB":
                continue
            passive = any(c.dep_ in _PASSIVE_SUBJ for c in tok.children)
            principals = [c for c in tok.children if c.dep_ in (_PASSIVE_SUBJ if passive else _OBJECT_DEPS)]
            agents = (
                [t for c in tok.children if c.dep_ == "agent" for t in _pobjs(c)]
                if passive
                else [c for c in tok.children if c.dep_ in _SOURCE_DEPS]
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
def _appeal(verb: Token) -> bool:
    """ "called for a ceasefire", "called on Russia to withdraw"."""
    return any(c.dep_ in ("prep", "prt") and c.lower_ in ("for", "on", "upon") for c in verb.children)


def _nested_with_preps(verb: Token) -> list[Token]:
    """ "with"/"between" phrases of a verb, also where the parser hung them on an adjunct."""
    out = []
    for t in verb.subtree:
        if t.dep_ == "prep" and t.lower_ in _WITH_PREPS and not _crosses_clause(t, verb):
            head = t.head
            if (
                head.i == verb.i
                or head.dep_ in ("pobj", "npadvmod", "advmod")
                or head.lower_ in ("phone", "telephone")
            ):
                out.append(t)
    return out


def _continues_paragraph(sent: Span) -> bool:
    """Whether a sentence follows another in the same paragraph (no blank line between)."""
    doc = sent.doc
    return sent.start > 0 and "\n" not in doc[sent.start - 1].text_with_ws


def _place_tokens(prep: Token, depth: int = 0) -> list[Token]:
    """Objects of a place preposition, their appositions and compounds, and "of X" under a
    place noun; never possessives ("on Sberbank, Russia's largest bank" is not in Russia)."""
    out: list[Token] = []
    for obj in _pobjs(prep):
        for t in _with_conjuncts(obj):
            out.append(t)
            for c in t.children:
                if c.dep_ in ("appos", "compound"):
                    out.append(c)
                elif c.dep_ == "prep" and c.lower_ == "of" and t.lemma_.lower() in _PLACE_NOUNS:
                    out.extend(_place_tokens(c))
                elif c.dep_ == "prep" and c.lower_ in ("in", "on", "near", "outside") and depth < 2:
                    out.extend(_place_tokens(c, depth + 1))  # "at a hotel on the island of Bali"
    return out


def _pobjs(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ in ("pobj", "pcomp", "obj")]


def _with_conjuncts(tok: Token) -> list[Token]:
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj":
            out.extend(_with_conjuncts(c))
    return out


def _appos_mention(tok: Token, index: MentionIndex) -> Mention | None:
    """ "the foreign minister, Sergei Lavrov" / "CIA director William Burns": the person inside."""
    for c in tok.children:
        if c.dep_ in ("appos", "compound") and (m := index.at(c)) is not None and m.kind is EntityKind.PERSON:
            return m
    return None


def _modifier_mentions(tok: Token, index: MentionIndex) -> list[Mention]:
    """Countries and organisations qualifying a generic actor ("Russian officials")."""
    out = []
    for t in tok.subtree:
        if t.i == tok.i or _crosses_clause(t, tok):
            continue
        m = index.at(t)
        affiliation = m is not None and (m.kind is EntityKind.COUNTRY or m.kind.coarse == "Organization")
        if affiliation and all(x.key != m.key for x in out):
            out.append(m)
    return out


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


def _crosses_clause(tok: Token, top: Token) -> bool:
    cur = tok
    while cur.i != top.i and cur.head.i != cur.i:
        if cur.dep_ in _CLAUSE_DEPS - {"conj"} and cur.pos_ in ("VERB", "AUX"):
            return True
        cur = cur.head
    return False


def _attached_to(tok: Token, anchors: set[int]) -> bool:
    """Whether a date's head chain reaches an anchor before entering another clause."""
    cur = tok
    for _ in range(12):
        if cur.i in anchors:
            return True
        if cur.head.i == cur.i:
            return False
        if cur.pos_ in ("VERB", "AUX") and cur.i not in anchors:
            return False
        cur = cur.head
    return False


_TIME_WORDS = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "today",
        "yesterday",
        "tomorrow",
        "tonight",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "week",
        "month",
        "year",
        "weekend",
        "morning",
    ]
)


def _is_point_in_time(ent: Span) -> bool:
    words = {t.lower_.rstrip(".") for t in ent}
    if words & {"annual", "decades", "years", "months", "weeks", "days", "ago"}:
        return False
    return bool(words & _TIME_WORDS) or any(t.like_num and len(t.text) == 4 for t in ent)
