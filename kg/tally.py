"""Counting what extractions hold the way the store counts it, so every command agrees.

The extractor yields one ``Event`` per sentence that reports an event (a *mention*); the
graph has one node per event IRI, so the mentions of one event, in one document or in
several, are one event. ``kg stats`` counts those nodes; ``kg ingest`` and ``kg extract``
count the same IRIs here. Entities are counted per (IRI, class), as ``kg stats`` sums its
per-class rows; tenures (posts held) per IRI.

>>> Tally().describe()
'0 events (distinct, after merging 0 event mentions; 0 asserted), 0 entities, 0 tenures (posts held)'
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.model import Extraction, Modality

EVENTS_COUNTED = "distinct, after merging {mentions} event mentions; {asserted} asserted"


@dataclass
class Tally:
    """Distinct events, entities and tenures of some extractions, and the event mentions."""

    mentions: int = 0
    events: set[str] = field(default_factory=set)
    asserted: set[str] = field(default_factory=set)
    entities: set[tuple[str, str]] = field(default_factory=set)
    tenures: set[str] = field(default_factory=set)

    def add(self, extraction: Extraction, base: str | None = None) -> None:
        """Count one document's facts under the IRIs its graph gives them."""
        from kg.ontology.iris import entity_iri_text, event_key, mint_text
        from kg.ontology.prefixes import DEFAULT_BASE
        from kg.ontology.reference import reference_index

        base = base or DEFAULT_BASE
        reference = reference_index()  # an entity a --reference file names keeps its IRI there
        self.mentions += len(extraction.events)
        for event in extraction.events:
            iri = mint_text("event", event_key(event), base)
            self.events.add(iri)
            if Modality(event.modality) is Modality.ASSERTED:
                self.asserted.add(iri)
        for entity in extraction.entities:
            iri = entity_iri_text(entity.kind, entity.key, base, reference)
            self.entities.add((iri, entity.kind.value))
        for tenure in extraction.tenures:
            self.tenures.add(mint_text("tenure", f"{tenure.person}--{tenure.post_key}", base))

    def describe(self) -> str:
        counted = EVENTS_COUNTED.format(mentions=self.mentions, asserted=len(self.asserted))
        return (
            f"{len(self.events)} events ({counted}), {len(self.entities)} entities, "
            f"{len(self.tenures)} tenures (posts held)"
        )


def describe_store(stats: dict) -> str:
    """The store's totals from ``Store.stats()``, in the words ``Tally.describe`` uses."""
    entities = sum(stats["entities"].values())
    return (
        f"{stats['documents']} documents, {stats['events']} events (distinct), {entities} entities, "
        f"{stats['tenures']} tenures"
    )
