"""Where articles come from: expand paths and folders in a stable order, read stdin.

Folders are walked recursively in sorted order, skipping hidden entries, and give only
article files (by suffix); a file named explicitly is taken whatever its suffix (it is
sniffed). Each file is yielded once even if named twice.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from kg.documents.reader import ARTICLE_SUFFIXES, STDIN
from kg.errors import InputError


def iter_source_paths(paths: Sequence[str | Path]) -> Iterator[Path | str]:
    """Each article file (resolved :class:`Path`) or ``"-"`` for stdin, in reading order."""
    seen: set[Path] = set()
    for given in paths:
        if str(given) == STDIN:
            yield STDIN
            continue
        path = Path(given).expanduser()
        if not path.exists():
            raise InputError(f"{given}: no such file or folder; check the path")
        if path.is_dir():
            found = False
            for file in _walk(path):
                found = True
                if file not in seen:
                    seen.add(file)
                    yield file
            if not found:
                suffixes = ", ".join(sorted(ARTICLE_SUFFIXES))
                raise InputError(f"folder {given} has no articles (looked for {suffixes} files)")
        else:
            resolved = path.resolve()
            if resolved not in seen:
                seen.add(resolved)
                yield resolved


def _walk(folder: Path, visited: set[Path] | None = None) -> Iterator[Path]:
    visited = set() if visited is None else visited
    real = folder.resolve()
    if real in visited:  # a symlink loop: each real folder is walked once
        return
    visited.add(real)
    try:
        entries = sorted(folder.iterdir(), key=lambda entry: entry.name)
    except PermissionError:
        raise InputError(f"folder {folder}: permission denied; make it readable") from None
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry, visited)
        elif entry.is_file() and entry.suffix.lower() in ARTICLE_SUFFIXES:
            yield entry.resolve()


def count_sources(paths: Sequence[str | Path]) -> int:
    """How many documents :func:`kg.documents.read_sources` will try to read (for progress bars)."""
    return sum(1 for _ in iter_source_paths(paths))


def read_stdin(stdin: BinaryIO | None, max_bytes: int) -> bytes:
    """All of stdin as bytes (at most ``max_bytes``: more is an InputError)."""
    stream = stdin if stdin is not None else sys.stdin.buffer
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(
            f"standard input is larger than {max_bytes:,} bytes; "
            "split it or raise the limit (max_bytes / --max-bytes)"
        )
    return data
