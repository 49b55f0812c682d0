"""Sentence boundaries at line breaks: headlines, captions and paragraphs never run together."""

from __future__ import annotations

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc


@Language.component("paragraph_boundaries", assigns=["token.is_sent_start"])
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every token that contains a newline; the parser keeps the rest.

    Written as one array: setting ``token.is_sent_start`` one by one rescans the Doc each
    time (quadratic on a long article)."""
    starts = [i + 1 for i, tok in enumerate(doc[:-1]) if "\n" in tok.text or "\n" in tok.whitespace_]
    if starts:
        values = doc.to_array([SENT_START])
        values[starts] = 1
        doc.from_array([SENT_START], values)
    return doc
