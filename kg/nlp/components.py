"""The rule stages as spaCy pipeline components, after the statistical ones.

Each stage is a registered factory that states what it needs and what it assigns, so
``nlp.analyze_pipes()`` shows the data flow, and what a document yields lives on its ``Doc``
(``doc._.kg_mentions`` …), never on the objects that hold the rules. The rules themselves
(gazetteer, lexicon) are bound once when the Extractor builds the pipeline. The text as
written and the document id ride on ``doc.user_data`` (``kg_text``, ``kg_doc_id``): the Doc
parses a prepared copy whose offsets are the same.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from kg.model import Document
from kg.nlp.events import EventFinder
from kg.nlp.headlines import is_headline
from kg.nlp.mentions import Mention, MentionIndex, MentionResolver
from kg.nlp.parse import mark_headline, sentences
from kg.nlp.roles import RoleFinder, RoleFinding, canonical_role

MENTIONS, ROLES, EVENTS = "kg_mentions", "kg_roles", "kg_events"
STAGES = (MENTIONS, ROLES, EVENTS)  # in pipeline order

for _extension in ("kg_mentions", "kg_roles", "kg_role_people", "kg_office_holders", "kg_event_drafts"):
    if not Doc.has_extension(_extension):
        Doc.set_extension(_extension, default=None)


def rule_inputs(document: Document) -> dict[str, str]:
    """What the stages read from ``doc.user_data``: the text as written and the document id
    (the Doc parses a prepared copy of the text)."""
    return {"kg_text": document.text, "kg_doc_id": document.doc_id}


def original_text(doc: Doc) -> str:
    return doc.user_data.get("kg_text") or doc.text


class _Stage:
    """A component whose rules are bound after it is added (factories take only config)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.rules = None

    def bind(self, rules) -> _Stage:
        self.rules = rules
        return self


class MentionStage(_Stage):
    """Entities the text names, resolved against the reference data; whether line one is a title."""

    def __call__(self, doc: Doc) -> Doc:
        text = original_text(doc)
        mark_headline(doc, bool(sentences(doc)) and is_headline(sentences(doc)[0], text))
        resolver: MentionResolver = self.rules
        doc._.kg_mentions = resolver.resolve(doc, doc.user_data.get("kg_doc_id", ""), text)
        return doc


class RoleStage(_Stage):
    """Posts people hold, the title phrases that introduce them, and each post's one holder."""

    def __call__(self, doc: Doc) -> Doc:
        finder: RoleFinder = self.rules
        index: MentionIndex = doc._.kg_mentions
        findings = finder.find(doc, index)
        doc._.kg_roles = findings
        doc._.kg_role_people = role_people(findings, index)
        doc._.kg_office_holders = office_holders(findings, index)
        return doc


class EventStage(_Stage):
    """Event drafts with their participants, place, date and modality, before the clean-up."""

    def __call__(self, doc: Doc) -> Doc:
        finder: EventFinder = self.rules
        doc._.kg_event_drafts = finder.find(
            doc, doc._.kg_mentions, doc._.kg_role_people, doc._.kg_office_holders
        )
        return doc


@Language.factory(MENTIONS, requires=["doc.ents", "doc.sents"], assigns=["doc._.kg_mentions"])
def make_mention_stage(nlp: Language, name: str) -> MentionStage:
    return MentionStage(name)


@Language.factory(
    ROLES,
    requires=["doc._.kg_mentions", "token.dep"],
    assigns=["doc._.kg_roles", "doc._.kg_role_people", "doc._.kg_office_holders"],
)
def make_role_stage(nlp: Language, name: str) -> RoleStage:
    return RoleStage(name)


@Language.factory(
    EVENTS,
    requires=["doc._.kg_mentions", "doc._.kg_role_people", "doc._.kg_office_holders", "token.dep"],
    assigns=["doc._.kg_event_drafts"],
)
def make_event_stage(nlp: Language, name: str) -> EventStage:
    return EventStage(name)


def role_people(findings: list[RoleFinding], index: MentionIndex) -> dict[int, Mention]:
    """Each token of a title phrase → the person it introduces ("the head of Russia's SVR
    Sergei Naryshkin" as a subject is Naryshkin)."""
    people: dict[int, Mention] = {}
    for f in findings:
        person = next((m for m in index.mentions if m.key == f.person and f.start <= m.start < f.end), None)
        if person is not None:
            for i in range(f.start, f.end):
                people.setdefault(i, person)
    return people


def office_holders(findings: list[RoleFinding], index: MentionIndex) -> dict[str, Mention]:
    """Each post this document gives to exactly one person, with that person's mention."""
    holders: dict[str, set[str]] = {}
    for f in findings:
        if not f.role.startswith("former "):
            holders.setdefault(canonical_role(f.role), set()).add(f.person)
    first = {m.key: m for m in reversed(index.mentions)}
    return {
        role: first[next(iter(people))]
        for role, people in holders.items()
        if len(people) == 1 and next(iter(people)) in first
    }
