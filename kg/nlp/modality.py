"""Whether the text asserts an event, denies it, plans it or only supposes it."""

from __future__ import annotations

from spacy.tokens import Token

from kg.nlp.drafts import EventDraft
from kg.nlp.lexicon import Lexicon


def modality_of(draft: EventDraft, lex: Lexicon) -> str:
    anchor, trigger = draft.anchor, draft.trigger
    for tok in {anchor, trigger}:
        for c in tok.children:
            if c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no"):
                return "negated"
            if c.dep_ in ("nsubj", "nsubjpass") and (
                c.lower_ in ("neither", "nobody", "none")
                or any(d.dep_ == "det" and d.lower_ in ("neither", "no") for d in c.children)
            ):
                return "negated"  # "Neither leader signed the document", "no one met"
    for c in trigger.children:
        if c.dep_ == "amod" and c.lower_ in lex.future_modifiers:
            return "future"
    if trigger is not anchor or trigger.pos_ != "VERB":
        upcoming = _upcoming_noun(trigger, lex)
        if upcoming:
            return upcoming
        governors = lex.noun_future_governors
        head = trigger.head
        if trigger.dep_ == "pobj" and head.lower_ == "for" and head.head.lemma_.lower() in governors["for"]:
            return "future"  # "called for new sanctions"
        if trigger.dep_ == "dobj" and head.lemma_.lower() in governors["dobj"]:
            return "future"  # "demanded talks", "threatened sanctions"
    aux = {c.lower_ for c in anchor.children if c.dep_ in ("aux", "auxpass")}
    conditional = any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in anchor.children)
    reported = anchor.dep_ == "ccomp" and (
        anchor.head.lemma_.lower() in lex.reporting_verbs
        or (
            lex.verbs.get(anchor.head.lemma_.lower(), None) is not None
            and lex.verbs[anchor.head.lemma_.lower()].frame == "statement"
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
    temporal = ("when", "once", "after", "before")
    marked = any(c.dep_ in ("mark", "advmod") and c.lower_ in temporal for c in anchor.children)
    if anchor.dep_ == "advcl" and marked:
        for main in list(anchor.ancestors)[:3]:
            if {c.lower_ for c in main.children if c.dep_ in ("aux", "auxpass")} & {"will", "shall", "'ll"}:
                return "future"  # "will address the Union when he travels to Ethiopia"
    cur = anchor
    for _ in range(3):
        if cur.dep_ not in ("xcomp", "ccomp", "advcl") or cur.head is cur:
            break
        gov = cur.head
        lemma = gov.lemma_.lower()
        if any(c.dep_ == "neg" for c in gov.children) and cur.dep_ == "xcomp":
            return "negated"
        if lemma in lex.negating_governors and cur.dep_ == "xcomp":
            return "negated"
        if lemma in lex.future_governors and cur.dep_ == "xcomp":
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


def _upcoming_noun(noun: Token, lex: Lexicon) -> str | None:
    """An event named by a noun that the text places ahead: "ahead of Xi's visit", "a visit
    which is expected to take place", "this will be his first visit"."""
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in ("ahead", "eve"):
        return "future"
    if noun.dep_ == "pobj" and head.lower_ in ("before", "ahead"):
        return "future"
    near = [noun, *(o for p in noun.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj")]
    for c in (c for t in near for c in t.children):  # the clause may hang on "to India"
        if c.dep_ in ("relcl", "acl"):
            words = {t.lemma_.lower() for t in c.subtree}
            if c.lemma_.lower() in lex.future_governors or words & {"expect", "schedule", "due", "plan"}:
                return "future"
            if {t.lower_ for t in c.children if t.dep_ in ("aux", "auxpass")} & {"will", "shall"}:
                return "future"
    verbs = [a for a in noun.ancestors if a.pos_ in ("VERB", "AUX")][:3]
    for governing in verbs:  # "will then travel … to discuss … and participate in the summit"
        auxes = {t.lower_ for t in governing.children if t.dep_ == "aux"}
        if auxes & {"will", "shall"}:
            return "future"
        if auxes & {"would", "could", "might", "may"}:
            return "hypothetical"  # "would help the U.S. secure tough sanctions on Iran"
        purpose = "to" in auxes and governing.dep_ in ("advcl", "xcomp")  # "where he will meet … to discuss"
        if governing.dep_ in ("ccomp", "parataxis", "relcl", "advcl") and not purpose:
            break  # a clause of its own: what governs it is said, not planned
    will = {t.lower_ for t in head.children if t.dep_ == "aux"} & {"will", "shall", "'ll"}
    if noun.dep_ in ("attr", "nsubj") and head.lemma_ == "be" and will:
        return "future"  # "This will be Mr Trump's first visit to Japan"
    return None
