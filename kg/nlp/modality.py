"""Whether the text asserts an event, denies it, plans it or only supposes it."""

from __future__ import annotations

from kg.nlp.drafts import EventDraft
from kg.nlp.lexicon import Lexicon


def modality_of(draft: EventDraft, lex: Lexicon) -> str:
    anchor, trigger = draft.anchor, draft.trigger
    for tok in {anchor, trigger}:
        for c in tok.children:
            if c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no"):
                return "negated"
    for c in trigger.children:
        if c.dep_ == "amod" and c.lower_ in lex.future_modifiers:
            return "future"
    if trigger is not anchor or trigger.pos_ != "VERB":
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
