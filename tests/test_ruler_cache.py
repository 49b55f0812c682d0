"""The start-up cache (kg.cache): the parsed reference data and the entity ruler's token table
are written once, reused by the next process unchanged, and rebuilt when stale or damaged.

The ruler built from the cached table must set exactly the entities spaCy's own
``entity_ruler`` sets from the same patterns, checked on a blank pipeline and on the
example articles with the real model.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from kg import cache
from kg.model import Document, short_hash
from kg.nlp.ruler_cache import add_reference_ruler, load_table, table_key

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = sorted((ROOT / "examples" / "articles").glob("*.txt"))

PATTERNS = [
    {"label": "GPE", "pattern": "U.S.", "id": "united-states"},
    {"label": "NORP", "pattern": "U.S.", "id": "united-states"},
    {"label": "ORG", "pattern": "Central Intelligence Agency", "id": "cia"},
    {"label": "ORG", "pattern": "Intelligence Agency", "id": "other-agency"},
    {"label": "PERSON", "pattern": "William Burns", "id": "william-burns"},
    {"label": "PERSON", "pattern": "Burns", "id": "burns"},
    {"label": "GPE", "pattern": "New York", "id": "new-york"},
    {"label": "GPE", "pattern": "York City", "id": "york-city"},
    {"label": "ORG", "pattern": "E.U.-China", "id": "eu-china"},
]
TEXT = (
    "William Burns of the Central Intelligence Agency met U.S. officials in New York City. "
    "Burns said the E.U.-China talks and the Intelligence Agency would wait."
)


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV_VAR, str(folder))
    return folder


def _ents(doc) -> list[tuple[int, int, str, str]]:
    return [(e.start, e.end, e.label_, e.ent_id_) for e in doc.ents]


def _spacy_ruler_ents(nlp, patterns, texts):
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True})
    ruler.add_patterns(patterns)
    return [_ents(d) for d in nlp.pipe(texts)]


def test_same_entities_as_spacys_ruler_on_a_blank_pipeline(cache_dir) -> None:
    expected = _spacy_ruler_ents(spacy.blank("en"), PATTERNS, [TEXT])
    nlp = spacy.blank("en")
    add_reference_ruler(nlp, PATTERNS)
    assert nlp.pipe_names == ["entity_ruler"]
    got = [_ents(nlp(TEXT))]
    assert got == expected
    assert got[0] == [  # longest first, then leftmost; a name inside a longer one is not matched
        (0, 2, "PERSON", "william-burns"), (4, 7, "ORG", "cia"), (8, 9, "NORP", "united-states"),
        (11, 13, "GPE", "new-york"), (15, 16, "PERSON", "burns"), (18, 19, "ORG", "eu-china"),
        (22, 24, "ORG", "other-agency"),
    ]  # fmt: skip


def test_table_written_once_then_read(cache_dir) -> None:
    nlp = spacy.blank("en")
    table = load_table(nlp, PATTERNS)
    files = sorted(cache_dir.glob("ruler-*.json"))
    assert len(files) == 1
    assert files[0] == cache.path_for("ruler", table_key(nlp, PATTERNS))
    assert table[0] == ("GPE", "united-states", ["U.S."])
    stamp = files[0].stat().st_mtime_ns
    assert load_table(spacy.blank("en"), PATTERNS) == table
    assert files[0].stat().st_mtime_ns == stamp


def test_key_changes_with_patterns_and_tokenizer(cache_dir) -> None:
    nlp = spacy.blank("en")
    key = table_key(nlp, PATTERNS)
    assert table_key(nlp, PATTERNS[:-1]) != key
    nlp.tokenizer.add_special_case("E.U.-China", [{"ORTH": "E.U.-China"}])
    assert table_key(nlp, PATTERNS) != key


@pytest.mark.parametrize(
    "damage",
    [
        b"",  # empty
        b'{"key": "x", "sha256": "y"}\n[]',  # another key
        b"not json at all\n\x00\x01",
        None,  # right header, payload of the wrong shape
    ],
)
def test_damaged_table_rebuilt(cache_dir, damage) -> None:
    nlp = spacy.blank("en")
    table = load_table(nlp, PATTERNS)
    path = cache.path_for("ruler", table_key(nlp, PATTERNS))
    if damage is None:
        cache.write("ruler", table_key(nlp, PATTERNS), [["GPE", None, "not a list"]])
    else:
        path.write_bytes(damage)
    assert load_table(spacy.blank("en"), PATTERNS) == table
    assert cache.read("ruler", table_key(nlp, PATTERNS)) == [list(row) for row in table]


def test_payload_flip_is_detected(cache_dir) -> None:
    path = cache.write("thing", "k1", {"a": [1, 2, 3]})
    assert cache.read("thing", "k1") == {"a": [1, 2, 3]}
    raw = path.read_bytes()
    path.write_bytes(raw.replace(b"[1,2,3]", b"[1,2,4]"))
    assert cache.read("thing", "k1") is None


def test_unwritable_cache_folder_still_builds(tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(cache.ENV_VAR, str(blocker / "cache"))
    assert cache.write("thing", "k1", [1]) is None
    nlp = spacy.blank("en")
    assert load_table(nlp, PATTERNS)[0] == ("GPE", "united-states", ["U.S."])


def test_cache_folder_from_the_environment(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv(cache.ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "kg"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "kg"
    monkeypatch.setenv(cache.ENV_VAR, str(tmp_path / "mine"))
    assert cache.cache_dir() == tmp_path / "mine"


def _fresh_extractor():
    """A new Extractor, as a new process builds it (no in-process caches)."""
    from kg.nlp.extractor import Extractor
    from kg.ontology import event_types, load_reference
    from kg.ontology.reference import _load

    _load.cache_clear()
    categories = {name: info.category for name, info in event_types().items()}
    return Extractor(load_reference(), categories)


def _facts(extractor) -> list[dict]:
    from kg.facts import extraction_to_facts

    docs = []
    for path in ARTICLES[:3]:
        text = path.read_text(encoding="utf-8")
        docs.append(
            Document(short_hash(text), text, short_hash(text, "h"), str(path), published="2023-06-01")
        )
    return [extraction_to_facts(x) for x in extractor.extract_many(docs)]


def test_extractor_writes_reuses_and_rebuilds_the_cache(cache_dir) -> None:
    first = _facts(_fresh_extractor())
    files = {p.name.split("-")[0]: p for p in cache_dir.glob("*.json")}
    assert sorted(files) == ["reference", "ruler"]
    stamps = {name: p.stat().st_mtime_ns for name, p in files.items()}

    assert _facts(_fresh_extractor()) == first  # reused: same output, files untouched
    assert {name: p.stat().st_mtime_ns for name, p in files.items()} == stamps

    files["ruler"].write_bytes(files["ruler"].read_bytes()[:1000])  # truncated
    files["reference"].write_text('{"key": "stale"}\n[]')
    assert _facts(_fresh_extractor()) == first  # rebuilt: same output, files valid again
    for name, path in files.items():
        header = json.loads(path.read_bytes().split(b"\n", 1)[0])
        assert cache.read(name, header["key"]) is not None
    assert sorted(p.name for p in cache_dir.iterdir()) == sorted(p.name for p in files.values())


def test_same_entities_as_spacys_ruler_on_the_examples(cache_dir) -> None:
    from kg.nlp.gazetteer import Gazetteer
    from kg.nlp.loader import load_spacy
    from kg.ontology import load_reference

    patterns = Gazetteer.build(load_reference()).ruler_patterns()
    texts = [p.read_text(encoding="utf-8") for p in ARTICLES]
    expected = _spacy_ruler_ents(load_spacy(), patterns, texts)
    nlp = load_spacy()
    add_reference_ruler(nlp, patterns)
    got = [_ents(d) for d in nlp.pipe(texts)]
    assert got == expected
    assert sum(map(len, got)) > 300


def test_reference_predicates_are_terms_of_the_vocabulary() -> None:
    """reference.py names dip: terms as plain strings (to stay free of rdflib); each must exist."""
    from kg.ontology import reference
    from kg.ontology.terms import DIP

    for iri in (reference._TENURE, reference._ROLE_NAME, reference._COUNTRY, reference._START,
                reference._END, reference._DEMONYM, reference._CAPITAL, reference._METONYM_FOR,
                *reference._KINDS):  # fmt: skip
        assert str(DIP[iri[len(reference._DIP) :]]) == iri
