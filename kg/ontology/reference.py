"""Reference data (ontologies/reference/*.ttl plus user files) as plain ``ReferenceEntry`` values.

The NLP layer builds its gazetteer from these; the graph writer uses them so that known
countries, cities and organizations keep their reference IRIs. Parsing uses pyoxigraph and is
cached per set of files (keyed by path, size and modification time).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError
from kg.model import EntityKind, ReferenceEntry
from kg.ontology.paths import ontology_dir
from kg.ontology.terms import DIP

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
_SAME_AS = "https://schema.org/sameAs"
_WIKIDATA = "http://www.wikidata.org/entity/"
_MEMBER = "http://www.w3.org/ns/org#member"
_ORGANIZATION = "http://www.w3.org/ns/org#organization"
_DIP = str(DIP)
_KINDS = {str(DIP[kind.value]): kind for kind in EntityKind}
_TENURE = str(DIP.Tenure)

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
    signature = tuple((str(p.resolve()), p.stat().st_size, p.stat().st_mtime_ns) for p in files)
    return list(_load(signature))


def key_of(iri: str) -> str:
    """Entity key = the last path segment of its IRI."""
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


@lru_cache(maxsize=8)
def _load(signature: tuple[tuple[str, int, int], ...]) -> tuple[ReferenceEntry, ...]:
    subjects: dict[str, dict[str, list[ox.Term]]] = {}
    for path, _, _ in signature:
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
        _first(props, str(DIP.roleName)) or "",
        _key(props, _ORGANIZATION),
        _key(props, str(DIP.country)),
        _first(props, str(DIP.startDate)),
        _first(props, str(DIP.endDate)),
    )


def _entry(
    iri: str, kind: EntityKind, props: dict[str, list[ox.Term]], posts: list[Post]
) -> ReferenceEntry:
    labels = _values(props, _LABEL)
    wikidata = next(
        (v[len(_WIKIDATA) :] for v in _values(props, _SAME_AS) if v.startswith(_WIKIDATA)), None
    )
    known = {_RDF_TYPE, _LABEL, _ALT, _SAME_AS, str(DIP.country), str(DIP.demonym),
             str(DIP.capital), str(DIP.metonymFor)}
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
        country=_key(props, str(DIP.country)),
        demonyms=tuple(_values(props, str(DIP.demonym))),
        capital=_key(props, str(DIP.capital)),
        seat_of=_key(props, str(DIP.metonymFor)),
        posts=tuple(sorted(posts, key=lambda p: (p[3] or "", p[0]))),
        extra=extra,
    )
