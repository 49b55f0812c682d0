"""The mutable event record the rules fill while reading a document (frozen into model.Event)."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token


@dataclass
class Arg:
    key: str
    role: str  # participant | source | target | host | visitor
    generic: bool = False  # came from a demonym on an unnamed actor ("Russian officials")


@dataclass
class EventDraft:
    """A mutable event while the document is being read; frozen into model.Event later."""

    type: str
    trigger: Token
    anchor: Token  # the verb that carries tense, negation, date and place
    args: list[Arg] = field(default_factory=list)
    place: str | None = None
    date_span: Span | None = None
    modality: str = "asserted"
    rule: str = ""
    definite: bool = False  # "the meeting": may refer to an event named elsewhere
    represented: list[tuple[str, str]] = field(default_factory=list)  # (representative, principal)
    context: tuple[Token, ...] = ()
    antecedent: EventDraft | None = None  # the named event an anaphoric mention refers to
    pronoun: bool = False  # a participant came from "he"/"she"
    unresolved_subject: bool = False  # the subject is a pronoun we could not resolve
    travel: bool = False  # a trip to a place ("flew to Ankara"): a visit only if abroad
    unnamed_parties: int = 0  # office-holders the text does not name ("the Prime Minister spoke with …")
    collective: str | None = None  # "NATO ambassadors met": an organisation's members, plural
    initiators: set[str] = field(default_factory=set)  # who calls or meets (the subject side)

    @property
    def named(self) -> list[Arg]:
        return [a for a in self.args if not a.generic]
