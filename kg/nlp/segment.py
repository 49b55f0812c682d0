"""Sentence boundaries at line breaks: headlines, captions and paragraphs never run together."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("paragraph_boundaries", assigns=["token.is_sent_start"])
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every token that contains a newline; the parser keeps the rest."""
    for tok in doc[:-1]:
        if "\n" in tok.text or "\n" in tok.whitespace_:
            doc[tok.i + 1].is_sent_start = True
    return doc
