"""The article the project started from: everything a careful reader notes comes out as facts.

Ingested through the CLI into a real embedded Oxigraph store, then asserted with SPARQL.
"""

from __future__ import annotations

import pytest

from tests.conftest import run, select


@pytest.fixture(scope="module")
def seed_store(seed_path, tmp_path_factory):
    from click.testing import CliRunner

    from kg.store import open_store

    folder = tmp_path_factory.mktemp("seed") / "store"
    result = run(CliRunner(), "ingest", str(seed_path), "--published", "2022-11-14", "--store", str(folder))
    assert result.exit_code == 0, result.output
    store = open_store(str(folder))
    yield store
    store.close()


def posts_of(store, person: str) -> set[tuple[str, str | None, str | None]]:
    rows = select(
        store,
        f"""
        SELECT ?role ?org ?country WHERE {{
          ?t a dip:Tenure ; org:member ?p ; dip:roleName ?role .
          ?p rdfs:label "{person}" .
          OPTIONAL {{ ?t org:organization/(rdfs:label|skos:altLabel) ?org }}
          OPTIONAL {{ ?t dip:country/rdfs:label ?country }}
        }}""",
    )
    return {(r["role"], r["org"], r["country"]) for r in rows}


def test_burns_is_director_of_the_cia(seed_store) -> None:
    assert ("director", "CIA", "United States") in posts_of(seed_store, "William Burns")


def test_naryshkin_heads_russias_foreign_intelligence_service(seed_store) -> None:
    posts = posts_of(seed_store, "Sergei Naryshkin")
    assert ("head", "SVR", "Russia") in posts
    assert ("head", "Foreign Intelligence Service of Russia", "Russia") in posts


def test_lavrov_and_putin_posts(seed_store) -> None:
    assert {
        r for r in posts_of(seed_store, "Sergei Lavrov") if r[0] == "foreign minister" and r[2] == "Russia"
    }
    assert {r for r in posts_of(seed_store, "Vladimir Putin") if r[0] == "president" and r[2] == "Russia"}


MEETING = """
    SELECT ?e ?cameo ?date ?place ?country WHERE {
      ?e a dip:Event ; dip:eventType dipt:MeetingThirdLocation ; dip:modality dip:Asserted ;
         dip:cameoCode ?cameo ; dip:hasParticipant ?b, ?n ; dip:place ?pl .
      ?b rdfs:label "William Burns" . ?n rdfs:label "Sergei Naryshkin" .
      ?pl rdfs:label ?place ; dip:country/rdfs:label ?country .
      OPTIONAL { ?e dip:date ?date }
    }"""


def test_burns_meets_naryshkin_in_ankara_on_the_publication_day(seed_store) -> None:
    rows = select(seed_store, MEETING)
    assert [(r["cameo"], r["date"], r["place"], r["country"]) for r in rows] == [
        ("044", "2022-11-14", "Ankara", "Turkey")
    ]


def test_meeting_evidence_names_kommersant_and_reuters(seed_store) -> None:
    rows = select(
        seed_store,
        """
        SELECT DISTINCT ?source WHERE {
          ?e dip:eventType dipt:MeetingThirdLocation ; dip:hasParticipant/rdfs:label "William Burns" .
          ?m dip:about ?e ; dip:reportedBy/rdfs:label ?source .
        }""",
    )
    sources = {r["source"] for r in rows}
    assert {"Kommersant", "Reuters"} <= sources


def test_russian_invasion_of_ukraine_in_february_2022(seed_store) -> None:
    rows = select(
        seed_store,
        """
        SELECT ?date WHERE {
          ?e dip:eventType dipt:Invasion ; dip:modality dip:Asserted ; dip:date ?date ;
             dip:hasParticipant/rdfs:label "Russia", "Ukraine" .
        }""",
    )
    assert [r["date"] for r in rows] == ["2022-02"]


def test_g20_summit_in_bali_where_lavrov_represented_putin(seed_store) -> None:
    rows = select(
        seed_store,
        """
        SELECT ?place WHERE {
          ?e dip:category dipt:Summit ; dip:place/rdfs:label ?place ; dip:participation ?pp .
          ?e dip:hasParticipant/(rdfs:label|skos:altLabel) "G20" .
          ?pp dip:agent/rdfs:label "Sergei Lavrov" ; dip:representing/rdfs:label "Vladimir Putin" .
        }""",
    )
    assert [r["place"] for r in rows] == ["Bali"]


def test_january_talks_between_lavrov_and_blinken(seed_store) -> None:
    rows = select(
        seed_store,
        """
        SELECT ?date WHERE {
          ?e dip:category dipt:Talks ; dip:modality dip:Asserted ; dip:date ?date ;
             dip:hasParticipant/rdfs:label "Sergei Lavrov", "Antony Blinken" .
        }""",
    )
    assert [r["date"] for r in rows] == ["2022-01"]


def test_negotiations_burns_was_not_conducting_are_not_asserted(seed_store) -> None:
    rows = select(
        seed_store,
        """
        SELECT ?modality WHERE {
          ?e dip:category dipt:Talks ; dip:modality ?modality ;
             dip:hasParticipant/rdfs:label "William Burns" .
        }""",
    )
    assert [r["modality"].rsplit("#", 1)[-1] for r in rows] == ["Negated"]


def test_nothing_from_the_page_noise(seed_store) -> None:
    rows = select(
        seed_store,
        """
        SELECT ?s WHERE { ?m dip:sentence ?s .
          FILTER(CONTAINS(?s, "undesirable") || CONTAINS(?s, "Fadeichev") || CONTAINS(?s, "Support us")) }""",
    )
    assert rows == []
    assert select(seed_store, 'SELECT ?p WHERE { ?p rdfs:label "Sergei Fadeichev" }') == []


def test_without_publication_date_the_meeting_has_no_date(seed_path, runner, tmp_path) -> None:
    from kg.store import open_store

    folder = tmp_path / "store"
    assert run(runner, "ingest", str(seed_path), "--store", str(folder)).exit_code == 0
    with open_store(str(folder)) as store:
        rows = select(store, MEETING)
    assert [(r["cameo"], r["date"], r["place"]) for r in rows] == [("044", None, "Ankara")]
