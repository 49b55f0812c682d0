"""Entities of a ``--reference`` file keep the IRIs the file gives them, in ``kg extract``'s
facts, in the graph ``kg ingest`` stores and for ``kg query``; bundled entities keep theirs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.model import EntityKind
from kg.ontology.iris import entity_iri, mint_iri, reference_entry
from kg.ontology.reference import load_reference, reference_index

JANE = "https://example.org/id/person/jane-roe"
RFO = "https://example.org/id/org/ruritanian-foreign-office"
LAVROV = "https://w3id.org/kg-diplomacy/id/person/sergei-lavrov"
RUSSIA = "https://w3id.org/kg-diplomacy/id/country/russia"
GENEVA = "https://w3id.org/kg-diplomacy/id/place/geneva"

PREFIXES = """@prefix dip:  <https://w3id.org/kg-diplomacy/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
"""
ENTITIES = (
    PREFIXES
    + """<{jane}> a dip:Person ;
    rdfs:label "Jane Roe" .
<{rfo}> a dip:GovernmentBody ;
    rdfs:label "Ruritanian Foreign Office" ;
    skos:altLabel "RFO" .
"""
)
ARTICLE = """Jane Roe meets Lavrov in Geneva

GENEVA, March 3, 2023 - Jane Roe met Russian Foreign Minister Sergei Lavrov in Geneva on \
Friday to discuss the grain deal, the Ruritanian Foreign Office said.
"""


def kg(*args: str):
    from kg.cli import main

    result = CliRunner().invoke(main, list(args), catch_exceptions=False, prog_name="kg")
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    reference = tmp_path / "my-entities.ttl"
    reference.write_text(ENTITIES.format(jane=JANE, rfo=RFO), encoding="utf-8")
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    return reference, article


def test_the_file_gives_the_entry_its_iri(files) -> None:
    reference, _ = files
    mine = {e.key: e for e in load_reference([reference]) if e.iri in {JANE, RFO}}
    assert {k: (e.kind, e.name, e.iri) for k, e in mine.items()} == {
        "jane-roe": (EntityKind.PERSON, "Jane Roe", JANE),
        "ruritanian-foreign-office": (EntityKind.GOVERNMENT_BODY, "Ruritanian Foreign Office", RFO),
    }
    index = reference_index([reference])
    assert str(entity_iri(EntityKind.PERSON, "jane-roe", index=index)) == JANE
    assert str(entity_iri(EntityKind.ORGANIZATION, "ruritanian-foreign-office", index=index)) == RFO
    # without the file the same keys are minted under kg's base, as any unknown entity
    bundled = reference_index([])
    assert str(entity_iri(EntityKind.PERSON, "jane-roe", index=bundled)) == (
        "https://w3id.org/kg-diplomacy/id/person/jane-roe"
    )


def test_bundled_entities_keep_their_iris() -> None:
    bundled = load_reference()
    assert all(e.iri == e.extra["iri"] for e in bundled)
    # the bundled files are written relative to kg's own base: their IRIs are the minted ones
    assert all(e.iri == str(mint_iri(e.kind, e.key)) for e in bundled)
    index = reference_index([])
    assert str(entity_iri(EntityKind.PERSON, "sergei-lavrov", index=index)) == LAVROV
    assert str(entity_iri(EntityKind.COUNTRY, "russia", index=index)) == RUSSIA
    # a country and its capital share the key "singapore": the kind decides, countries first
    assert reference_entry("singapore", EntityKind.CITY, index).iri.endswith("/place/singapore")
    assert reference_entry("singapore", None, index).iri.endswith("/country/singapore")


def test_a_users_iri_for_a_bundled_key_wins(tmp_path: Path) -> None:
    mine = tmp_path / "russia.ttl"
    mine.write_text(
        PREFIXES + '<https://example.org/id/country/russia> a dip:Country ; rdfs:label "Russia" .\n'
    )
    index = reference_index([mine])  # an explicit index: nothing is registered for the process
    assert (
        str(entity_iri(EntityKind.COUNTRY, "russia", index=index)) == "https://example.org/id/country/russia"
    )
    assert str(entity_iri(EntityKind.COUNTRY, "russia", index=reference_index([]))) == RUSSIA


def test_extract_facts_give_the_files_iris(files) -> None:
    reference, article = files
    facts = json.loads(kg("extract", str(article), "--reference", str(reference)).stdout)
    iris = {e["name"]: (e["class"], e["iri"]) for e in facts["entities"]}
    assert iris == {
        "Jane Roe": ("Person", JANE),
        "Ruritanian Foreign Office": ("GovernmentBody", RFO),
        "Sergei Lavrov": ("Person", LAVROV),
        "Russia": ("Country", RUSSIA),
        "Geneva": ("City", GENEVA),
    }


def test_ingest_stores_and_query_finds_the_files_iris(files, tmp_path: Path) -> None:
    reference, article = files
    store = str(tmp_path / "store")
    kg("ingest", str(article), "--reference", str(reference), "--store", store, "-q")

    def rows(sparql: str) -> list[dict]:
        return json.loads(kg("query", sparql, "--store", store, "-f", "json").stdout)["results"]["bindings"]

    found = rows(f"SELECT ?class ?name WHERE {{ <{JANE}> a ?class ; rdfs:label ?name }}")
    assert [(r["class"]["value"], r["name"]["value"]) for r in found] == [
        ("https://w3id.org/kg-diplomacy/ontology#Person", "Jane Roe")
    ]
    met = rows(f"SELECT ?who WHERE {{ ?e dip:hasParticipant <{JANE}>, ?who FILTER(?who != <{JANE}>) }}")
    assert [r["who"]["value"] for r in met] == [LAVROV]
    said = rows(f"SELECT ?name WHERE {{ <{RFO}> a dip:GovernmentBody ; rdfs:label ?name }}")
    assert [r["name"]["value"] for r in said] == ["Ruritanian Foreign Office"]
    # nothing under kg's minted IRIs for the file's entities
    minted = rows(
        "SELECT ?s WHERE { ?s ?p ?o FILTER(?s IN (<https://w3id.org/kg-diplomacy/id/person/jane-roe>, "
        "<https://w3id.org/kg-diplomacy/id/org/ruritanian-foreign-office>)) }"
    )
    assert minted == []
    import pyoxigraph as ox

    turtle = kg("export", "--store", store, "-f", "turtle").stdout_bytes
    labels = {
        t.subject.value: t.object.value
        for t in ox.parse(turtle, format=ox.RdfFormat.TURTLE)
        if t.predicate.value == "http://www.w3.org/2000/01/rdf-schema#label"
        and t.subject.value in {JANE, RFO, LAVROV, RUSSIA, GENEVA}
    }
    assert labels == {
        JANE: "Jane Roe",
        RFO: "Ruritanian Foreign Office",
        LAVROV: "Sergei Lavrov",
        RUSSIA: "Russia",
        GENEVA: "Geneva",
    }


def test_a_changed_iri_in_the_file_is_seen(files) -> None:
    """The parsed entries are cached by the files' content; the ruler's token table holds
    names and keys only, so a new IRI needs a new parse and no new table."""
    from kg.nlp.gazetteer import Gazetteer
    from kg.ontology.reference import _content_key

    reference, _ = files
    before = _content_key([str(reference)])
    patterns = Gazetteer.build(load_reference([reference])).ruler_patterns()
    other = "https://example.org/people/jane-roe"
    reference.write_text(ENTITIES.format(jane=other, rfo=RFO), encoding="utf-8")
    assert _content_key([str(reference)]) != before
    assert {e.iri for e in load_reference([reference]) if e.key == "jane-roe"} == {other}
    assert str(entity_iri(EntityKind.PERSON, "jane-roe", index=reference_index([reference]))) == other
    assert Gazetteer.build(load_reference([reference])).ruler_patterns() == patterns


def test_ingest_with_two_processes_keeps_the_files_iris(files, tmp_path: Path) -> None:
    """The writer in the parent process, not only the extracting workers, reads --reference
    files (a fresh process: nothing loaded before, as for a user)."""
    import subprocess
    import sys

    reference = files[0]
    folder = tmp_path / "articles"
    folder.mkdir()
    for n in range(9):  # two batches of at most 8: two worker processes
        (folder / f"a{n}.txt").write_text(ARTICLE.replace("Friday", f"Friday, item {n},"), "utf-8")
    store = tmp_path / "store"
    run = [sys.executable, "-m", "kg", "ingest", str(folder), "--reference", str(reference)]
    done = subprocess.run(
        [*run, "--store", str(store), "--jobs", "2", "-q"], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    rows = kg("query", f"SELECT ?l WHERE {{ <{JANE}> rdfs:label ?l }}", "--store", str(store), "-f", "csv")
    assert rows.output.split() == ["l", "Jane", "Roe"]
    minted = "ASK { <https://w3id.org/kg-diplomacy/id/person/jane-roe> ?p ?o }"
    assert kg("query", minted, "--store", str(store), "-f", "csv").output.split() == ["ask", "false"]


def test_ingest_counts_entities_under_the_files_iris(files) -> None:
    """``kg ingest``'s summary counts what ``kg stats`` counts: a user's entity under its own IRI."""
    from kg.model import Document, Entity, Extraction
    from kg.tally import Tally

    reference, _ = files
    load_reference([reference])
    try:
        doc = Document(doc_id="d", text="Jane Roe met Lavrov.", content_hash="h", source="d")
        people = (
            Entity("jane-roe", "Jane Roe", EntityKind.PERSON),
            Entity("sergei-lavrov", "Sergei Lavrov", EntityKind.PERSON),
        )
        tally = Tally()
        tally.add(Extraction(document=doc, entities=people))
        assert tally.entities == {(JANE, "Person"), (LAVROV, "Person")}
    finally:
        load_reference([])  # later tests mint again
