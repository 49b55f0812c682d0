"""Who a sentence says its facts come from: "according to Reuters", "Kommersant reported",
"a spokesperson for the NSC confirmed". Reported speech is provenance, not an event."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg.model import EntityKind
from kg.nlp.lexicon import lexicon
from kg.nlp.mentions import MentionIndex


@dataclass(frozen=True)
class Attribution:
    sources: tuple[str, ...]
    kind: str | None  # reported | confirmed | denied | said


def _source_keys(tok: Token, index: MentionIndex) -> list[str]:
    """Named sources in a noun phrase: the outlet itself, or the body a spokesperson speaks for."""
    keys = []
    for t in tok.subtree:
        m = index.at(t)
        if m is None or (m.kind is EntityKind.PERSON and t.i != tok.i and m.via == "demonym"):
            continue
        if m is not None and m.via != "demonym" and m.key not in keys:
            keys.append(m.key)
    return keys


def attribution_of(sent: Span, index: MentionIndex) -> Attribution:
    """The attribution shared by every fact of the sentence (empty when the text is first-hand)."""
    verbs = lexicon().reporting_verbs
    sources: list[str] = []
    kind: str | None = None
    for tok in sent:
        if tok.lower_ == "according" and tok.dep_ in ("prep", "advmod"):
            for to in tok.children:
                for obj in to.children:
                    if obj.dep_ == "pobj":
                        sources.extend(k for k in _source_keys(obj, index) if k not in sources)
                        kind = kind or "reported"
        elif tok.pos_ == "VERB" and tok.lemma_.lower() in verbs:
            is_media = False
            for subj in (c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")):
                keys = _source_keys(subj, index)
                is_media = any(
                    index.entities[k].kind is EntityKind.MEDIA_OUTLET for k in keys if k in index.entities
                )
                verb_kind = verbs[tok.lemma_.lower()]
                if verb_kind != "said" or is_media:
                    sources.extend(k for k in keys if k not in sources)
                    kind = verb_kind if kind in (None, "reported", "said") else kind
    return Attribution(tuple(sources), kind)
