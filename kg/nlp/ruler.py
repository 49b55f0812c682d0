"""The reference entity ruler: known names become entities before the statistical NER runs.

It sets exactly the entities spaCy's ``entity_ruler`` with ``phrase_matcher_attr="ORTH"`` and
``overwrite_ents=True`` would set for the same phrase patterns (same matches, same longest-
first choice, same labels and ids), but it is filled from a plain table of token strings.
spaCy's ruler turns every pattern into a ``Doc`` when it is built (about 0.2–1 s at start-up
in every process); this table is built once and cached on disk (``kg.nlp.ruler_cache``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span

FACTORY = "kg_reference_ruler"
ID_SEPARATOR = "||"  # spaCy's ruler keys a pattern with an id as "LABEL||id"

# (label, id or None, the pattern's tokens)
Row = tuple[str, str | None, Sequence[str]]


class ReferenceRuler:
    """Exact token-sequence matches of the reference names, set as ``doc.ents``."""

    def __init__(self, nlp: Language, name: str = "entity_ruler") -> None:
        self.name = name
        self.strings = nlp.vocab.strings
        self.by_first: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        self.labels: dict[int, tuple[str, str | None]] = {}

    def __len__(self) -> int:
        return sum(len(v) for v in self.by_first.values())

    def add_rows(self, rows: Iterable[Row]) -> None:
        for label, ent_id, tokens in rows:
            if not tokens:
                continue
            key = self.strings.add(f"{label}{ID_SEPARATOR}{ent_id}" if ent_id else label)
            self.labels[key] = (label, ent_id)
            entry = (tuple(tokens), key)
            bucket = self.by_first.setdefault(tokens[0], [])
            if entry not in bucket:
                bucket.append(entry)

    def matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """(key, start, end) of every match, longest first, then leftmost (spaCy's order)."""
        words = [t.text for t in doc]
        found = set()
        for start, word in enumerate(words):
            for tokens, key in self.by_first.get(word, ()):
                end = start + len(tokens)
                if tuple(words[start:end]) == tokens:
                    found.add((key, start, end))
        return sorted(found, key=lambda m: (m[2] - m[1], -m[1]), reverse=True)

    def __call__(self, doc: Doc) -> Doc:
        entities = list(doc.ents)
        new_entities = []
        seen: set[int] = set()
        for key, start, end in self.matches(doc):
            if start in seen or end - 1 in seen:
                continue
            label, ent_id = self.labels[key]
            span = (
                Span(doc, start, end, label=label, span_id=ent_id)
                if ent_id
                else Span(doc, start, end, label=label)
            )
            new_entities.append(span)
            entities = [e for e in entities if not (e.start < end and e.end > start)]
            seen.update(range(start, end))
        doc.ents = entities + new_entities
        return doc


@Language.factory(FACTORY)
def make_reference_ruler(nlp: Language, name: str) -> ReferenceRuler:
    return ReferenceRuler(nlp, name)
