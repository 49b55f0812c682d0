"""The reference ruler's token table, built once and kept on disk for every later process.

Building it means tokenizing a few thousand names with the model's tokenizer; the table
depends only on those names and on the tokenizer, so it is cached (``kg.cache``) under a
digest of the patterns themselves (hence of the reference files and any ``--reference``
file), the model's name and version, its tokenizer's special cases, spaCy's version and
kg's. A missing, stale or damaged file is rebuilt; an unwritable cache folder only costs the
rebuild.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from spacy.language import Language

from kg import cache
from kg.nlp.ruler import FACTORY, ReferenceRuler, Row

CACHE_NAME = "ruler"


def table_key(nlp: Language, patterns: Sequence[dict[str, Any]]) -> str:
    """The digest a table for these patterns and this pipeline's tokenizer is stored under."""
    import spacy

    from kg import __version__

    meta = nlp.meta
    model = [meta.get("lang"), meta.get("name"), meta.get("version")]
    special_cases = sorted(nlp.tokenizer.rules or {})
    rows = [[p["label"], p.get("id"), p["pattern"]] for p in patterns]
    return cache.digest(CACHE_NAME, __version__, spacy.__version__, model, special_cases, rows)


def build_table(nlp: Language, patterns: Sequence[dict[str, Any]]) -> list[Row]:
    """(label, id, tokens) of each phrase pattern, tokenized as the text will be."""
    return [(p["label"], p.get("id"), [t.text for t in nlp.make_doc(p["pattern"])]) for p in patterns]


def load_table(nlp: Language, patterns: Sequence[dict[str, Any]]) -> list[Row]:
    """The cached table for these patterns, built (and stored) when there is no valid one."""
    key = table_key(nlp, patterns)
    stored = cache.read(CACHE_NAME, key)
    if _valid(stored, len(patterns)):
        return [(label, ent_id, tokens) for label, ent_id, tokens in stored]
    table = build_table(nlp, patterns)
    cache.write(CACHE_NAME, key, table)
    return table


def _valid(stored: Any, expected: int) -> bool:
    return (
        isinstance(stored, list)
        and len(stored) == expected
        and all(
            isinstance(row, list)
            and len(row) == 3
            and isinstance(row[0], str)
            and (row[1] is None or isinstance(row[1], str))
            and isinstance(row[2], list)
            and all(isinstance(t, str) for t in row[2])
            for row in stored
        )
    )


def add_reference_ruler(nlp: Language, patterns: Sequence[dict[str, Any]], **where: str) -> ReferenceRuler:
    """Add the reference ruler as the ``entity_ruler`` pipe (``where``: before=/after=)."""
    ruler = nlp.add_pipe(FACTORY, name="entity_ruler", **where)
    ruler.add_rows(load_table(nlp, patterns))
    return ruler
