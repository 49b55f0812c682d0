"""One source's bytes → one :class:`kg.model.Document` (decode, metadata, clean, assemble).

Metadata precedence, highest first: the caller's overrides (CLI options), the sidecar
``NAME.meta.json``, what the file itself declares (front matter, or the HTML page's own
metadata), and for the title alone the headline line of the cleaned text.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from pathlib import Path

from kg.documents import article, cleaners, text, webpage
from kg.documents.metadata import Meta, require_date
from kg.errors import InputError
from kg.model import Document, short_hash

DEFAULT_MAX_BYTES = 5_000_000
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
ARTICLE_SUFFIXES = HTML_SUFFIXES | TEXT_SUFFIXES
STDIN = "-"


def overrides(
    published: str | None = None, url: str | None = None, outlet: str | None = None
) -> Meta:
    """The caller's metadata (CLI options); a bad date is an InputError naming the option."""
    return Meta(
        outlet=(outlet or "").strip() or None,
        published=require_date(published, "--published"),
        url=(url or "").strip() or None,
    )


def read_path(
    path: str | Path,
    *,
    published: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Document:
    """Read one article file (HTML by suffix, or sniffed when the suffix is not known)."""
    resolved = Path(path).expanduser().resolve()
    if not resolved.exists():
        raise InputError(f"{path}: no such file or folder; check the path")
    if not resolved.is_file():
        raise InputError(f"{path} is not a regular file; give an article file or a folder")
    try:
        size = resolved.stat().st_size
        if size > max_bytes:
            raise InputError(_too_large(str(path), max_bytes))
        data = resolved.read_bytes()
    except PermissionError:
        raise InputError(f"{path}: permission denied; make the file readable") from None
    except OSError as exc:
        raise InputError(f"{path} could not be read ({exc.strerror}); check the file") from None
    suffix = resolved.suffix.lower()
    kind = "html" if suffix in HTML_SUFFIXES else "text" if suffix in TEXT_SUFFIXES else None
    return read_bytes(
        data,
        str(resolved),
        kind=kind,
        published=published,
        url=url,
        outlet=outlet,
        encoding=encoding,
        max_bytes=max_bytes,
        sidecar=text.read_sidecar(resolved),
        markdown=suffix == ".md",
    )


def _too_large(source: str, max_bytes: int) -> str:
    return (
        f"{source} is larger than {max_bytes:,} bytes, the most kg reads from one article: "
        "split it into smaller files (Python callers can pass max_bytes= to read_path)"
    )


def _decode(data: bytes, label: str, encoding: str | None) -> str:
    """``text.decode`` with UTF-16 recognised without its BOM, and a NUL anywhere refused
    (not only in the first 8 KB)."""
    if encoding is None:
        encoding = utf16_without_bom(data)
    decoded = text.decode(data, label, encoding)
    nul = decoded.find("\x00")
    if nul >= 0:
        raise InputError(
            f"{label} is a binary file (it contains a NUL character at position {nul:,}), not an article"
        )
    return decoded


def utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when the bytes look like UTF-16 text without a BOM
    (mostly Latin text: every other byte is NUL), else None.

    >>> utf16_without_bom("Lavrov met Blinken.".encode("utf-16-le"))
    'utf-16-le'
    >>> utf16_without_bom(b"plain text") is None
    True
    """
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    sample = data[:8192]
    if len(data) % 2 or len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    for zeros, letters, name in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) >= 0.6 * len(zeros) and letters.count(0) <= 0.02 * len(letters):
            return name
    return None


def read_bytes(
    data: bytes,
    source: str = STDIN,
    *,
    kind: str | None = None,
    published: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    sidecar: Meta | None = None,
    markdown: bool = False,
) -> Document:
    """Build a Document from raw bytes. ``kind`` is "html", "text" or None (sniff).

    ``source`` is the resolved path of a file or "-" for stdin; it names the document in
    error messages and, when no URL is known, gives it its ``doc_id`` (stdin: the content).
    """
    label = "standard input" if source == STDIN else source
    if len(data) > max_bytes:
        raise InputError(_too_large(label, max_bytes))
    if not data.strip():
        raise InputError(f"{label} is empty; give a file with article text")
    decoded = text.normalize(_decode(data, label, encoding))
    if not decoded.strip():
        raise InputError(f"{label} is empty; give a file with article text")
    if kind is None or (kind == "html" and "<" not in decoded[:4096]):
        kind = "html" if text.looks_like_html(decoded) else "text"
    if kind == "html":
        lines, declared = webpage.extract_html(decoded, url)
        split = _html_paragraphs
    else:
        declared, body = text.split_front_matter(decoded, label)
        lines = article.unglue(body.split("\n"))
        if markdown:
            lines = [text.strip_markdown(line) for line in lines]
        split = _text_paragraphs
    meta = overrides(published, url, outlet).over((sidecar or Meta()).over(declared))
    lines, chrome = split(lines)
    kept, removed = cleaners.clean(lines)
    paragraphs = [paragraph for paragraph in kept if paragraph]
    removed = [*chrome, *removed]
    if not paragraphs:
        raise InputError(
            f"{label} has no article text left after removing page noise; "
            "check that it is a news article"
        )
    return assemble(paragraphs, meta, source, removed)


def _html_paragraphs(lines: list[str]) -> tuple[list[str], list[str]]:
    """trafilatura already found the article: one paragraph a line, nothing more dropped."""
    return lines, []


def _text_paragraphs(lines: list[str]) -> tuple[list[str], list[str]]:
    """A text's paragraphs in their blank-line blocks (for the cleaners), and the page chrome
    around its article (a whole web page saved as text).

    The article is found before the line cleaners run, because the chrome they drop (a
    "Related stories" label, a teaser's date) is what marks where the article ends.
    """
    blocks = text.paragraph_blocks([" ".join(line.split()) for line in lines])
    found = iter(article.find_article([paragraph for block in blocks for paragraph in block]))
    kept: list[str] = []
    chrome: list[str] = []
    for block in blocks:
        for paragraph in block:
            choice = next(found)
            if choice is None:
                chrome.append(paragraph)
            else:
                kept.append(choice)
        kept.append("")
    return kept, chrome


_TERMINAL = re.compile(r"[.!?,;:]$")


def headline(paragraph: str) -> str | None:
    """The paragraph if it reads as a headline: short, has letters, no closing punctuation."""
    words = paragraph.split()
    if not 2 <= len(words) <= 25 or len(paragraph) > 200 or _TERMINAL.search(paragraph):
        return None
    if not re.search(r"[A-Za-z]{2}", paragraph):
        return None
    return paragraph


def _same(a: str, b: str) -> bool:
    return " ".join(a.lower().split()) == " ".join(b.lower().split())


def assemble(paragraphs: list[str], meta: Meta, source: str, removed: list[str]) -> Document:
    """Title, headline-first text, content hash and doc_id from cleaned paragraphs."""
    first = paragraphs[0]
    title = meta.title or headline(first)
    if title and not _same(first, title) and headline(first) is None:
        paragraphs = [title, *paragraphs]
    body = "\n\n".join(paragraphs)
    fields = [body, title or "", meta.outlet or "", meta.published or "", meta.url or ""]
    content_hash = hashlib.sha256("\x1f".join(fields).encode("utf-8")).hexdigest()
    if meta.url:
        doc_id = short_hash(meta.url)
    elif source != STDIN:
        doc_id = short_hash(source)
    else:
        doc_id = short_hash(content_hash)
    return Document(
        doc_id=doc_id,
        text=body,
        content_hash=content_hash,
        source=source,
        title=title,
        outlet=meta.outlet,
        published=meta.published,
        url=meta.url,
        removed=tuple(removed),
    )
