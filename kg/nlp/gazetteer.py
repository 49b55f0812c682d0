"""The reference data as lookup tables and entity-ruler patterns.

Built from ``kg.model.ReferenceEntry`` values (parsed from ``ontologies/reference/*.ttl`` by
the ontology layer), so the diplomacy vocabulary is data a user can extend, not code.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.model import EntityKind, ReferenceEntry

SPACY_LABELS = {
    EntityKind.PERSON: "PERSON",
    EntityKind.COUNTRY: "GPE",
    EntityKind.CITY: "GPE",
    EntityKind.PLACE: "LOC",
}
DEMONYM_LABEL = "NORP"

# Aliases that are also everyday words; matching them case-sensitively is still too risky.
_UNSAFE_ALIASES = frozenset({"IT", "AND", "OR", "NO", "May", "Will", "Mark", "Bill"})


def spacy_label(kind: EntityKind) -> str:
    return SPACY_LABELS.get(kind, "ORG")


def _surname(name: str) -> str:
    return name.split()[-1] if " " in name else ""


@dataclass
class Gazetteer:
    """Name → reference entries, plus the indexes resolution needs (surnames, demonyms, seats)."""

    entries: dict[str, ReferenceEntry] = field(default_factory=dict)
    by_alias: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    by_alias_lower: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    demonyms: dict[str, str] = field(default_factory=dict)  # "Russian" → "russia"
    surnames: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    capital_of: dict[str, str] = field(default_factory=dict)  # city key → country key

    @classmethod
    def build(cls, reference: Iterable[ReferenceEntry]) -> Gazetteer:
        gaz = cls()
        for entry in reference:
            gaz.add(entry)
        return gaz

    def add(self, entry: ReferenceEntry) -> None:
        self.entries[entry.key] = entry
        for name in {entry.name, *entry.aliases}:
            if entry.key not in self.by_alias[name]:
                self.by_alias[name].append(entry.key)
                self.by_alias_lower[name.lower()].append(entry.key)
        for demonym in entry.demonyms:
            self.demonyms.setdefault(demonym, entry.key)
        if entry.kind is EntityKind.PERSON:
            for name in {entry.name, *entry.aliases}:
                surname = _surname(name)
                if surname and entry.key not in self.surnames[surname]:
                    self.surnames[surname].append(entry.key)
        if entry.kind is EntityKind.COUNTRY and entry.capital:
            self.capital_of.setdefault(entry.capital, entry.key)

    def lookup(self, text: str) -> ReferenceEntry | None:
        """The entry a name denotes, if exactly one entry claims it (exact case first)."""
        keys = self.by_alias.get(text) or self.by_alias_lower.get(text.lower()) or []
        if len(keys) == 1:
            return self.entries[keys[0]]
        if len(keys) > 1:  # prefer a country or organization over a city of the same name
            ranked = sorted(keys, key=lambda k: _KIND_RANK.get(self.entries[k].kind, 9))
            return self.entries[ranked[0]]
        return None

    def by_surname(self, surname: str) -> ReferenceEntry | None:
        keys = self.surnames.get(surname, [])
        return self.entries[keys[0]] if len(keys) == 1 else None

    def metonym_target(self, key: str) -> str | None:
        """The country (or body) a capital or seat stands for when used as an actor."""
        entry = self.entries.get(key)
        if entry is None:
            return None
        if entry.seat_of:
            return entry.seat_of
        return self.capital_of.get(key)

    def country_of(self, key: str) -> str | None:
        entry = self.entries.get(key)
        if entry is None:
            return None
        if entry.kind is EntityKind.COUNTRY:
            return entry.key
        return entry.country

    def ruler_patterns(self) -> list[dict]:
        """Phrase patterns for spaCy's entity ruler: every name, alias and demonym (case-sensitive)."""
        patterns = []
        for entry in self.entries.values():
            label = spacy_label(entry.kind)
            for name in sorted({entry.name, *entry.aliases}):
                if name in _UNSAFE_ALIASES or len(name) < 2:
                    continue
                patterns.append({"label": label, "pattern": name, "id": entry.key})
        for demonym, country in sorted(self.demonyms.items()):
            patterns.append({"label": DEMONYM_LABEL, "pattern": demonym, "id": country})
        return patterns


_KIND_RANK = {
    EntityKind.COUNTRY: 0,
    EntityKind.INTERNATIONAL_ORGANIZATION: 1,
    EntityKind.INTELLIGENCE_AGENCY: 1,
    EntityKind.GOVERNMENT_BODY: 2,
    EntityKind.MEDIA_OUTLET: 2,
    EntityKind.ORGANIZATION: 3,
    EntityKind.PERSON: 4,
    EntityKind.CITY: 5,
    EntityKind.PLACE: 6,
}
