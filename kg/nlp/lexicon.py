"""The event-trigger lexicon (``data/triggers.json``) as typed, cached lookups."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class VerbTrigger:
    lemma: str
    type: str
    frame: str  # symmetric | directed | visit | host | statement | travel
    needs_prep: tuple[str, ...] = ()
    needs_words: tuple[str, ...] = ()
    object_words: tuple[str, ...] = ()
    no_object_words: tuple[str, ...] = ()  # "struck a deal" is no air strike
    needs_any_dep: tuple[str, ...] = ()  # "agreed to restore ties", "agreed on a ceasefire"
    object: str | None = None  # "person" | "organization": the object must be one
    no_particles: tuple[str, ...] = ()
    needs_particle: tuple[str, ...] = ()
    content: tuple[str, ...] = ("ccomp", "parataxis")  # statements: the dependents carrying what was said
    military: bool = False
    needs_source: bool = False  # a named actor must do it ("troops killed" alone is no attack)


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, VerbTrigger]
    nouns: dict[str, str]
    noun_needs: dict[str, tuple[str, ...]]
    noun_anchor_needs: dict[str, frozenset[str]]
    light_verbs: frozenset[str]
    generic_actor_nouns: frozenset[str]
    future_governors: frozenset[str]
    negating_governors: frozenset[str]
    future_modifiers: frozenset[str]
    reporting_verbs: dict[str, str]
    position_verbs: frozenset[str]  # said in the present, a standing position ('Russia argues')
    unnamed_speakers: frozenset[str]  # 'officials said': people, not the state speaking
    military_nouns: frozenset[str]
    state_organ_nouns: frozenset[str]
    designation_verbs: frozenset[str]
    phone_words: tuple[str, ...]
    designation_words: tuple[str, ...]
    noun_future_governors: dict[str, frozenset[str]]
    quantity_nouns: frozenset[str]
    co_location_words: frozenset[str]
    summit_members: frozenset[str]
    verbal_with_person: frozenset[str]
    threat_words: tuple[str, ...]
    prison_words: frozenset[str]
    noun_compound_types: dict[str, dict[str, str]]


@cache
def data_file(name: str) -> dict:
    """One of the rule data files in kg/nlp/data (triggers, roles, confidence), read once."""
    return json.loads(resources.files("kg.nlp").joinpath(f"data/{name}.json").read_text("utf-8"))


@cache
def word_list(name: str) -> frozenset[str]:
    """A named word list of the rules (data/words.json): words are data, not code."""
    return frozenset(data_file("words")[name])


def role_data() -> dict:
    return data_file("roles")


@cache
def lexicon() -> Lexicon:
    raw = data_file("triggers")
    verbs = {
        lemma: VerbTrigger(
            lemma=lemma,
            type=spec["type"],
            frame=spec["frame"],
            needs_prep=tuple(spec.get("needs_prep", ())),
            needs_words=tuple(spec.get("needs_words", ())),
            object_words=tuple(spec.get("object_words", ())),
            no_object_words=tuple(spec.get("no_object_words", ())),
            needs_any_dep=tuple(spec.get("needs_any_dep", ())),
            object=spec.get("object"),
            no_particles=tuple(spec.get("no_particles", ())),
            needs_particle=tuple(spec.get("needs_particle", ())),
            content=tuple(spec.get("content", ("ccomp", "parataxis"))),
            military=bool(spec.get("military", False)),
            needs_source=bool(spec.get("needs_source", False)),
        )
        for lemma, spec in raw["verbs"].items()
    }
    return Lexicon(
        verbs=verbs,
        nouns=dict(raw["nouns"]),
        noun_needs={k: tuple(v) for k, v in raw["noun_needs"].items()},
        noun_anchor_needs={k: frozenset(v) for k, v in raw["noun_anchor_needs"].items()},
        light_verbs=frozenset(raw["light_verbs"]),
        generic_actor_nouns=frozenset(raw["generic_actor_nouns"]),
        future_governors=frozenset(raw["future_governors"]),
        negating_governors=frozenset(raw["negating_governors"]),
        future_modifiers=frozenset(raw["future_modifiers"]),
        reporting_verbs=dict(raw["reporting_verbs"]),
        position_verbs=frozenset(raw["position_verbs"]),
        unnamed_speakers=frozenset(raw["unnamed_speakers"]),
        military_nouns=frozenset(raw["military_nouns"]),
        state_organ_nouns=frozenset(raw["state_organ_nouns"]),
        designation_verbs=frozenset(raw["designation_verbs"]),
        phone_words=tuple(raw["phone_words"]),
        designation_words=tuple(raw["designation_words"]),
        noun_future_governors={k: frozenset(v) for k, v in raw["noun_future_governors"].items()},
        quantity_nouns=frozenset(raw["quantity_nouns"]),
        co_location_words=frozenset(raw["co_location_words"]),
        summit_members=frozenset(raw["summit_members"]),
        verbal_with_person=frozenset(raw["verbal_with_person"]),
        threat_words=tuple(raw["threat_words"]),
        prison_words=frozenset(raw["prison_words"]),
        noun_compound_types={k: dict(v) for k, v in raw["noun_compound_types"].items()},
    )
