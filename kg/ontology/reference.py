"""Reference data (ontologies/reference/*.ttl plus user files) as plain ``ReferenceEntry`` values.

The NLP layer builds its gazetteer from these; the graph writer uses them so that every
entity of a reference file, bundled or the user's own (``--reference``), keeps the IRI its
file gives it (``ReferenceEntry.iri``; the rule is ``kg.ontology.iris.entity_iri``). The
writer sees the bundled files and every user file ``load_reference`` was given in this
process (``reference_index``). Parsing uses pyoxigraph and is
cached per set of files: in the process (keyed by path, size and modification time) and on
disk (``kg.cache``, keyed by the files' content), so a new process skips the Turtle parse.
Kept free of rdflib so ``kg extract`` does not pay for importing it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg import cache
from kg.errors import InputError
from kg.model import EntityKind, ReferenceEntry
from kg.ontology.paths import ontology_dir
from kg.ontology.prefixes import WELL_KNOWN

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
_SAME_AS = "https://schema.org/sameAs"
_WIKIDATA = "http://www.wikidata.org/entity/"
_MEMBER = "http://www.w3.org/ns/org#member"
_ORGANIZATION = "http://www.w3.org/ns/org#organization"
_DIP = WELL_KNOWN["dip"]
_KINDS = {_DIP + kind.value: kind for kind in EntityKind}
_TENURE = _DIP + "Tenure"
_ROLE_NAME, _COUNTRY, _START, _END = (_DIP + p for p in ("roleName", "country", "startDate", "endDate"))
_DEMONYM, _CAPITAL, _METONYM_FOR = (_DIP + p for p in ("demonym", "capital", "metonymFor"))
CACHE_NAME = "reference"
_CACHE_LAYOUT = 2  # bump when ReferenceEntry's cached fields change (2: iri)

Post = tuple[str, str | None, str | None, str | None, str | None]


def reference_files(extra_files: Sequence[Path] = ()) -> list[Path]:
    """The bundled reference files (sorted) followed by the user's own."""
    folder = ontology_dir() / "reference"
    bundled = sorted(folder.glob("*.ttl")) if folder.is_dir() else []
    extras = [Path(p).expanduser() for p in extra_files]
    for path in extras:
        if not path.is_file():
            raise InputError(f"reference file {path} not found; pass an existing Turtle file")
    return [*bundled, *extras]


def load_reference(extra_files: Sequence[Path] = ()) -> list[ReferenceEntry]:
    """Every entity of the reference data, in file order. A later file may add aliases,
    demonyms or posts to an entity an earlier one defined (same IRI)."""
    files = reference_files(extra_files)
    entries = list(_load(_signature(files)))
    _USER_FILES.clear()  # the latest load decides: a later run without --reference mints again
    for path in files[len(files) - len(extra_files) :]:  # only files that parsed
        _USER_FILES.setdefault(str(path.resolve()), None)
    return entries


_USER_FILES: dict[str, None] = {}  # the --reference files of the latest load in this process


@dataclass(frozen=True, eq=False)
class ReferenceIndex:
    """The reference entities by key, in file order (several kinds may share a key: the
    country and the city "singapore"; a user's file may give a bundled key its own IRI),
    and the media outlets by casefolded name or alias (the first in file order wins)."""

    by_key: dict[str, tuple[ReferenceEntry, ...]]
    outlets: dict[str, str]


def reference_index(extra_files: Sequence[Path] | None = None) -> ReferenceIndex:
    """The index of the bundled files and ``extra_files``; by default of the user files the
    latest ``load_reference`` was given in this process (those still on disk), so the graph
    writer and ``kg extract``'s facts agree with the extractor on the entities' IRIs."""
    if extra_files is None:
        extra_files = [Path(p) for p in _USER_FILES if Path(p).is_file()]
    return _index(_signature(reference_files(extra_files)))


def _signature(files: Sequence[Path]) -> tuple[tuple[str, int, int], ...]:
    return tuple((str(p.resolve()), p.stat().st_size, p.stat().st_mtime_ns) for p in files)


@lru_cache(maxsize=8)
def _index(signature: tuple[tuple[str, int, int], ...]) -> ReferenceIndex:
    by_key: dict[str, list[ReferenceEntry]] = {}
    outlets: dict[str, str] = {}
    for entry in _load(signature):
        by_key.setdefault(entry.key, []).append(entry)
        if entry.kind is EntityKind.MEDIA_OUTLET:
            for name in (entry.name, *entry.aliases):
                outlets.setdefault(name.casefold(), entry.key)
    return ReferenceIndex({k: tuple(v) for k, v in by_key.items()}, outlets)


def key_of(iri: str) -> str:
    """Entity key = the last path segment of its IRI."""
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


@lru_cache(maxsize=8)
def _load(signature: tuple[tuple[str, int, int], ...]) -> tuple[ReferenceEntry, ...]:
    paths = [path for path, _, _ in signature]
    key = _content_key(paths)
    stored = cache.read(CACHE_NAME, key) if key else None
    if stored is not None:
        try:
            return tuple(_from_json(item) for item in stored)
        except (KeyError, TypeError, ValueError):  # a damaged but well-formed file: parse again
            pass
    entries = _parse(paths)
    if key:
        cache.write(CACHE_NAME, key, [_to_json(e) for e in entries])
    return entries


def _content_key(paths: Sequence[str]) -> str | None:
    """A digest of the files' bytes (and the kg version), or None if one cannot be read."""
    from kg import __version__

    try:
        hashes = [hashlib.sha256(Path(p).read_bytes()).hexdigest() for p in paths]
    except OSError:
        return None
    return cache.digest(CACHE_NAME, __version__, _CACHE_LAYOUT, hashes)


def _to_json(entry: ReferenceEntry) -> dict[str, Any]:
    value = asdict(entry)
    value["kind"] = entry.kind.value
    return value


def _from_json(value: dict[str, Any]) -> ReferenceEntry:
    return ReferenceEntry(
        key=value["key"],
        name=value["name"],
        kind=EntityKind(value["kind"]),
        aliases=tuple(value["aliases"]),
        wikidata=value["wikidata"],
        country=value["country"],
        demonyms=tuple(value["demonyms"]),
        capital=value["capital"],
        seat_of=value["seat_of"],
        posts=tuple(tuple(p) for p in value["posts"]),
        extra=dict(value["extra"]),
        iri=value["iri"],
    )


def _parse(paths: Sequence[str]) -> tuple[ReferenceEntry, ...]:
    subjects: dict[str, dict[str, list[ox.Term]]] = {}
    for path in paths:
        try:
            triples: Iterable[ox.Triple] = list(ox.parse(path=path, format=ox.RdfFormat.TURTLE))
        except SyntaxError as exc:
            raise InputError(f"reference file {path} is not valid Turtle: {exc}") from None
        for t in triples:
            if isinstance(t.subject, ox.NamedNode):
                props = subjects.setdefault(t.subject.value, {})
                props.setdefault(t.predicate.value, []).append(t.object)
    posts: dict[str, list[Post]] = {}
    for props in subjects.values():
        if any(o.value == _TENURE for o in props.get(_RDF_TYPE, ())):
            for member in props.get(_MEMBER, ()):
                posts.setdefault(member.value, []).append(_post(props))
    entries = []
    for iri, props in subjects.items():
        kind = next((_KINDS[o.value] for o in props.get(_RDF_TYPE, ()) if o.value in _KINDS), None)
        if kind is None or _LABEL not in props:
            continue
        entries.append(_entry(iri, kind, props, posts.get(iri, [])))
    return tuple(entries)


def _values(props: dict[str, list[ox.Term]], predicate: str) -> list[str]:
    seen: dict[str, None] = {}
    for term in props.get(predicate, ()):
        seen.setdefault(term.value, None)
    return list(seen)


def _first(props: dict[str, list[ox.Term]], predicate: str) -> str | None:
    values = _values(props, predicate)
    return values[0] if values else None


def _key(props: dict[str, list[ox.Term]], predicate: str) -> str | None:
    iri = _first(props, predicate)
    return key_of(iri) if iri else None


def _post(props: dict[str, list[ox.Term]]) -> Post:
    return (
        _first(props, _ROLE_NAME) or "",
        _key(props, _ORGANIZATION),
        _key(props, _COUNTRY),
        _first(props, _START),
        _first(props, _END),
    )


def _entry(iri: str, kind: EntityKind, props: dict[str, list[ox.Term]], posts: list[Post]) -> ReferenceEntry:
    labels = _values(props, _LABEL)
    wikidata = next((v[len(_WIKIDATA) :] for v in _values(props, _SAME_AS) if v.startswith(_WIKIDATA)), None)
    known = {_RDF_TYPE, _LABEL, _ALT, _SAME_AS, _COUNTRY, _DEMONYM, _CAPITAL, _METONYM_FOR}
    extra = {"iri": iri}
    for predicate, terms in props.items():
        if predicate not in known and predicate.startswith(_DIP) and terms:
            extra[predicate[len(_DIP) :]] = terms[0].value
    return ReferenceEntry(
        key=key_of(iri),
        name=labels[0],
        kind=kind,
        aliases=tuple(a for a in [*labels[1:], *_values(props, _ALT)] if a != labels[0]),
        wikidata=wikidata,
        country=_key(props, _COUNTRY),
        demonyms=tuple(_values(props, _DEMONYM)),
        capital=_key(props, _CAPITAL),
        seat_of=_key(props, _METONYM_FOR),
        posts=tuple(sorted(posts, key=lambda p: (p[3] or "", p[0]))),
        extra=extra,
        iri=iri,
    )
