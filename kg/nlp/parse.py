"""Small questions asked of spaCy's dependency tree, shared by the event rules."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

SOURCE_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJ = frozenset({"nsubjpass", "csubjpass"})
OBJECT_DEPS = frozenset({"dobj", "obj", "iobj", "dative", "attr", "oprd"})
WITH_PREPS = frozenset({"with", "between", "among", "alongside"})
CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "acl", "parataxis", "csubj", "conj"})
PLACE_NOUNS = frozenset(
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
        "sideline",  # "on the sidelines of the summit in Rome": where the summit is
        "sidelines",
        "margin",
        "margins",
    }
)


def appeal(verb: Token) -> bool:
    """ "called for a ceasefire", "called on Russia to withdraw"."""
    return any(c.dep_ in ("prep", "prt") and c.lower_ in ("for", "on", "upon") for c in verb.children)


def nested_with_preps(verb: Token) -> list[Token]:
    """ "with"/"between" phrases of a verb, also where the parser hung them on an adjunct."""
    out = []
    for t in verb.subtree:
        if t.dep_ == "prep" and t.lower_ in WITH_PREPS and not crosses_clause(t, verb):
            head = t.head
            if (
                head.i == verb.i
                or head.dep_ in ("pobj", "npadvmod", "advmod")
                or head.lower_ in ("phone", "telephone")
            ):
                out.append(t)
    return out


def continues_paragraph(sent: Span) -> bool:
    """Whether a sentence follows another in the same paragraph (no blank line between)."""
    doc = sent.doc
    return sent.start > 0 and "\n" not in doc[sent.start - 1].text_with_ws


def place_tokens(prep: Token, depth: int = 0) -> list[Token]:
    """Objects of a place preposition, their appositions and compounds, and "of X" under a
    place noun; never possessives ("on Sberbank, Russia's largest bank" is not in Russia)."""
    out: list[Token] = []
    for obj in pobjs(prep):
        for t in with_conjuncts(obj):
            out.append(t)
            for c in t.children:
                if c.dep_ in ("appos", "compound"):
                    out.append(c)
                elif c.dep_ == "prep" and c.lower_ == "of" and t.lemma_.lower() in PLACE_NOUNS:
                    out.extend(place_tokens(c))
                elif c.dep_ == "prep" and c.lower_ in ("in", "near", "outside") and depth < 2:
                    out.extend(place_tokens(c, depth + 1))
                elif c.dep_ == "prep" and c.lower_ == "on" and depth < 2 and on_a_place(c):
                    out.extend(place_tokens(c, depth + 1))  # "at a hotel on the island of Bali"
    return out


def on_a_place(prep: Token) -> bool:
    """ "on the island of Bali" is a place; "a conference on Syria" is a topic."""
    return any(t.lemma_.lower() in PLACE_NOUNS for t in pobjs(prep))


def pobjs(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ in ("pobj", "pcomp", "obj")]


def with_conjuncts(tok: Token) -> list[Token]:
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj":
            out.extend(with_conjuncts(c))
    return out


def crosses_clause(tok: Token, top: Token) -> bool:
    cur = tok
    while cur.i != top.i and cur.head.i != cur.i:
        if cur.dep_ in CLAUSE_DEPS - {"conj"} and cur.pos_ in ("VERB", "AUX"):
            return True
        cur = cur.head
    return False


def attached_to(tok: Token, anchors: set[int]) -> bool:
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


# -- per-document indexes, kept on the Doc (spaCy's Span.sent and Span.ents rescan the Doc on
# every call: used once per event draft they made extraction quadratic in the text's length)


def sentences(doc: Doc) -> list[Span]:
    """The Doc's sentences, computed once."""
    if "kg_sentences" not in doc.user_data:
        doc.user_data["kg_sentences"] = list(doc.sents)
    return doc.user_data["kg_sentences"]


def sentence_number(tok: Token) -> int:
    """The index of the token's sentence in its Doc."""
    doc = tok.doc
    if "kg_sentence_of" not in doc.user_data:
        numbers = [0] * len(doc)
        for n, sent in enumerate(sentences(doc)):
            numbers[sent.start : sent.end] = [n] * (sent.end - sent.start)
        doc.user_data["kg_sentence_of"] = numbers
    return doc.user_data["kg_sentence_of"][tok.i]


def sentence_of(tok: Token) -> Span:
    return sentences(tok.doc)[sentence_number(tok)]


def sentence_ents(tok: Token) -> list[Span]:
    """The named entities of the token's sentence."""
    doc = tok.doc
    if "kg_sentence_ents" not in doc.user_data:
        buckets: list[list[Span]] = [[] for _ in sentences(doc)]
        for ent in doc.ents:
            buckets[sentence_number(doc[ent.start])].append(ent)
        doc.user_data["kg_sentence_ents"] = buckets
    return doc.user_data["kg_sentence_ents"][sentence_number(tok)]


def mark_headline(doc: Doc, is_title: bool) -> None:
    """Record whether the Doc's first sentence is a title line (decided on the original text)."""
    doc.user_data["kg_headline"] = is_title


def in_headline(tok: Token) -> bool:
    """Is the token in the article's title line? Titles drop articles and name the post of
    whom the story names below ("NATO Secretary General visits Washington")."""
    return sentence_number(tok) == 0 and bool(tok.doc.user_data.get("kg_headline"))
