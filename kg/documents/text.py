"""Bytes → text, front matter, sidecar metadata, and lines → paragraphs for plain-text sources.

Decoding is strict on purpose: a wrong guess silently garbles names, which is worse for an
entity extractor than a clear error that asks for ``--encoding``.
"""

from __future__ import annotations

import codecs
import itertools
import json
import re
import unicodedata
from pathlib import Path

from kg.documents.metadata import Meta, meta_from_mapping
from kg.errors import InputError

# Signatures of common binary formats people drop into a folder of articles by mistake.
_MAGIC = {
    b"%PDF": "a PDF",
    b"PK\x03\x04": "a ZIP/Office document",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\x1f\x8b": "a gzip archive",
    b"{\\rtf": "an RTF document",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_INVISIBLE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]")


def decode(data: bytes, source: str, encoding: str | None = None) -> str:
    """Decode article bytes: BOMs first, then ``encoding`` if given, else strict UTF-8
    (or the charset an HTML page declares, when it is not UTF-8)."""
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise InputError(
                f"{source} is {what}, not text: convert it to .txt or .html first"
            )
    bom = _bom_encoding(data)
    if bom:
        return _decode_with(data, bom, source)
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(
                f"unknown encoding {encoding!r}: use a Python codec name such as utf-8 or cp1252"
            ) from None
        return _decode_with(data, encoding, source)
    if b"\x00" in data[:8192]:
        raise InputError(f"{source} is a binary file (it contains NUL bytes), not an article")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        declared = _declared_charset(data)
        if declared:
            return _decode_with(data, declared, source)
        if len(_CONTROL.findall(data[:8192].decode("latin-1"))) > 8:
            raise InputError(f"{source} is a binary file, not an article") from None
        raise InputError(
            f"{source} is not UTF-8 text: pass --encoding with its encoding "
            "(e.g. --encoding cp1252 or --encoding latin-1)"
        ) from None


_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)


def _declared_charset(data: bytes) -> str | None:
    """The charset of an HTML ``<meta charset>``, if Python knows it."""
    match = _CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _bom_encoding(data: bytes) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _decode_with(data: bytes, encoding: str, source: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{source} cannot be decoded as {encoding} (byte {exc.start}): "
            "pass the right --encoding"
        ) from None
    if "\x00" in text:
        raise InputError(f"{source} is a binary file (it contains NUL characters), not an article")
    return text


def normalize(text: str) -> str:
    """Unicode NFC, Unix newlines, no invisible characters, no-break spaces as spaces."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    return text.replace("\u00a0", " ").replace("\t", " ")


def looks_like_html(text: str) -> bool:
    """Sniff markup: a doctype or <html> at the top, or a few block tags near it."""
    head = text[:4096].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")):
        return True
    if head.startswith("<?xml") and "<html" in head:
        return True
    tags = re.findall(r"<(?:body|head|p|div|article|h1|section|meta|title)\b", head)
    return len(tags) >= 2


_FENCE = re.compile(r"^-{3,}\s*$")
_KEY_VALUE = re.compile(r"^([A-Za-z][\w -]{0,30}?)\s*:\s*(.*)$")


def split_front_matter(text: str, source: str) -> tuple[Meta, str]:
    """Split a leading ``---`` block of ``key: value`` lines from the body.

    A ``---`` block whose lines are not all ``key: value`` is left alone (it may be a rule).
    """
    lines = text.lstrip("\n").split("\n")
    if not lines or not _FENCE.match(lines[0]):
        return Meta(), text
    values: dict[str, object] = {}
    for index, line in enumerate(lines[1:40], start=1):
        if _FENCE.match(line):
            meta = meta_from_mapping(values, f"{source} (front matter)")
            return meta, "\n".join(lines[index + 1 :])
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _KEY_VALUE.match(line.strip())
        if not match:
            return Meta(), text
        key, value = match.groups()
        values[key.strip().lower().replace(" ", "_").replace("-", "_")] = _unquote(value)
    return Meta(), text


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def sidecar_path(path: Path) -> Path | None:
    """``NAME.meta.json`` beside ``NAME.txt`` (or ``NAME.txt.meta.json``), if present."""
    names = (path.stem + ".meta.json", path.name + ".meta.json")
    for candidate in (path.with_name(name) for name in names):
        if candidate.is_file():
            return candidate
    return None


def read_sidecar(path: Path) -> Meta:
    """Metadata from the sidecar JSON object next to ``path`` (empty if there is none)."""
    sidecar = sidecar_path(path)
    if sidecar is None:
        return Meta()
    try:
        values = json.loads(sidecar.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else type(exc).__name__
        raise InputError(f"{sidecar} is not valid JSON ({reason}): fix or remove it") from None
    if not isinstance(values, dict):
        raise InputError(f"{sidecar} must hold a JSON object with title, outlet, published, url")
    return meta_from_mapping(values, str(sidecar))


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")


def strip_markdown(line: str) -> str:
    """The words of a Markdown line: no heading marks, images, link targets or bold marks."""
    line = _MD_HEADING.sub("", line)
    line = _MD_IMAGE.sub("", line)
    line = _MD_LINK.sub(r"\1", line)
    return _MD_EMPHASIS.sub(r"\2", line)


def paragraphs(lines: list[str]) -> list[str]:
    """Blank-line-separated blocks → paragraphs (see :func:`paragraph_blocks`)."""
    return [paragraph for block in paragraph_blocks(lines) for paragraph in block]


def paragraph_blocks(lines: list[str]) -> list[list[str]]:
    """Blank-line-separated blocks → their paragraphs, re-joining hard-wrapped lines.

    A block whose lines fill a fixed width (≤ 100 characters) is hard-wrapped: a line shorter
    than the width ends a paragraph (headlines, last lines). In any other block each line is a
    paragraph of its own (banners and one-paragraph-per-line files), unless the next line
    starts in lower case.
    """
    result: list[list[str]] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line:
            block.append(line)
        elif block:
            result.append(_block_paragraphs(block))
            block = []
    return result


def _block_paragraphs(block: list[str]) -> list[str]:
    width = max(len(line) for line in block)
    full = [len(line) >= 0.7 * width for line in block[:-1]]
    wrapped = 40 <= width <= 100 and len(block) > 1 and sum(full) * 2 >= len(full)
    result = [block[0]]
    for previous, line in itertools.pairwise(block):
        joins = line[0].islower() or (wrapped and len(previous) >= 0.7 * width)
        if joins:
            result[-1] = f"{result[-1]} {line}"
        else:
            result.append(line)
    return result
