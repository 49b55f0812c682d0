"""Read news articles (text, Markdown, HTML; files, folders, stdin) into clean Documents.

>>> from kg.documents import read_bytes
>>> doc = read_bytes(b"Envoys Meet in Oslo\\n\\nThe envoys met on Monday.", "-")
>>> doc.title, doc.text.split("\\n\\n")[1]
('Envoys Meet in Oslo', 'The envoys met on Monday.')

Every problem with a source is a :class:`kg.errors.InputError` whose one-line message
says what to do.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from kg.documents.cleaners import CLEANERS, clean
from kg.documents.metadata import normalize_date
from kg.documents.reader import (
    ARTICLE_SUFFIXES,
    DEFAULT_MAX_BYTES,
    STDIN,
    overrides,
    read_bytes,
    read_path,
)
from kg.documents.sources import count_sources, iter_source_paths, read_stdin
from kg.model import Document

__all__ = [
    "ARTICLE_SUFFIXES",
    "CLEANERS",
    "DEFAULT_MAX_BYTES",
    "clean",
    "count_sources",
    "iter_source_paths",
    "normalize_date",
    "read_bytes",
    "read_path",
    "read_sources",
]


def read_sources(
    paths: Sequence[str | Path],
    *,
    published: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    encoding: str | None = None,
    stdin: BinaryIO | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Document]:
    """Yield one Document per article, one at a time, in a stable order.

    ``paths`` holds files, folders (walked recursively, sorted, hidden entries skipped,
    .txt/.text/.md/.html/.htm/.xhtml only) and ``"-"`` for ``stdin`` (default: the process's
    stdin). ``published``/``url``/``outlet`` override what the sources declare.
    """
    overrides(published, url, outlet)  # fail on a bad --published before reading anything
    options = {
        "published": published,
        "url": url,
        "outlet": outlet,
        "encoding": encoding,
        "max_bytes": max_bytes,
    }
    for source in iter_source_paths(paths):
        if source == STDIN:
            yield read_bytes(read_stdin(stdin, max_bytes), STDIN, **options)
        else:
            yield read_path(source, **options)
