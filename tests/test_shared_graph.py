"""Each fact once: two articles that share a person, through the real pipeline, on every
backend (embedded, memory, a remote ``oxigraph serve`` with and without a union default
graph). The README's people query gives the same exact rows everywhere; removing an article
leaves exactly the store the other article alone makes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from servers import oxigraph_server

from kg.pipeline import ingest
from kg.store import open_store

B = "https://w3id.org/kg-diplomacy/id/"
PEOPLE = """PREFIX dip: <https://w3id.org/kg-diplomacy/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?name WHERE { ?p a dip:Person ; rdfs:label ?name } ORDER BY ?name"""
ALL_ROWS = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
DISTINCT_ROWS = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
GENEVA = """---
title: Lavrov and Blinken meet in Geneva
published: 2023-03-06
url: https://news.example/lavrov-blinken-geneva
outlet: Example Wire
---
Russian Foreign Minister Sergei Lavrov met U.S. Secretary of State Antony Blinken in Geneva on Monday.
"""
CALL = """---
title: Lavrov calls Wang Yi
published: 2023-03-08
url: https://news.example/lavrov-wang-yi-call
outlet: Example Wire
---
Russian Foreign Minister Sergei Lavrov spoke by phone with Chinese Foreign Minister Wang Yi on Wednesday.
"""
BACKENDS = ["embedded", "memory", "remote-union", "remote-plain"]


@pytest.fixture(scope="module")
def articles(tmp_path_factory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("articles")
    (folder / "geneva.txt").write_text(GENEVA, "utf-8")
    (folder / "call.txt").write_text(CALL, "utf-8")
    return {"geneva": str(folder / "geneva.txt"), "call": str(folder / "call.txt")}


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """Two ``oxigraph serve`` processes: {"union": url, "plain": url} (plain: the default
    graph is its own, as on a server started without --union-default-graph)."""
    with (
        oxigraph_server(tmp_path_factory.mktemp("union"), union=True) as union,
        oxigraph_server(tmp_path_factory.mktemp("plain"), union=False) as plain,
    ):
        yield {"union": union, "plain": plain}


@pytest.fixture(params=BACKENDS)
def store_spec(request, tmp_path):
    """A function giving a fresh, empty store of the backend (remote ones emptied)."""
    made = []

    def fresh():
        if request.param == "embedded":
            spec = str(tmp_path / f"store-{len(made)}")
        elif request.param == "memory":
            spec = "memory"
        else:
            spec = request.getfixturevalue("servers")[request.param.split("-")[1]]
        store = open_store(spec)
        if request.param.startswith("remote"):
            store.update("DROP ALL")
        made.append(store)
        return store

    yield fresh
    for store in made:
        store.close()


def nquads(store) -> bytes:
    out = io.BytesIO()
    store.export("nquads", out)
    return out.getvalue()


def doc_id(store, title: str) -> str:
    return next(d["doc_id"] for d in store.documents() if d["title"] == title)


def count(store, sparql: str) -> int:
    return int(store.query(sparql).rows[0]["n"])


def test_each_fact_once_and_removal_keeps_what_another_article_says(store_spec, articles):
    store = store_spec()
    report = ingest([articles["geneva"], articles["call"]], store)
    assert len(report.added) == 2
    call = doc_id(store, "Lavrov calls Wang Yi")

    names = [str(r["name"]) for r in store.query(PEOPLE).rows]
    assert names == ["Antony Blinken", "Sergei Lavrov", "Wang Yi"]  # Lavrov once, not once per article
    assert count(store, ALL_ROWS) == count(store, DISTINCT_ROWS)  # the union holds no copies
    stats = store.stats()
    assert (stats["documents"], stats["entities"]["Person"], stats["events"]) == (2, 3, 2)

    again = ingest([articles["geneva"], articles["call"]], store)
    assert sorted(again.unchanged) == sorted(report.added) and not again.added and not again.replaced

    assert store.remove_document(call) is True
    names = [str(r["name"]) for r in store.query(PEOPLE).rows]
    assert names == ["Antony Blinken", "Sergei Lavrov"]  # Lavrov stays: the Geneva article says so
    wang = f"<{B}person/wang-yi>"
    assert not store.query(f"ASK {{ {{ {wang} ?p ?o }} UNION {{ ?s ?p {wang} }} }}").boolean
    alone = store_spec()
    ingest([articles["geneva"]], alone)
    assert nquads(store) == nquads(alone)  # exactly what the Geneva article alone makes


def test_a_changed_article_replaces_its_contribution(store_spec, articles, tmp_path):
    store = store_spec()
    ingest([articles["geneva"], articles["call"]], store)
    call = doc_id(store, "Lavrov calls Wang Yi")
    changed = Path(articles["call"]).read_text("utf-8").replace("Wang Yi", "Qin Gang")
    edited = tmp_path / "call.txt"
    edited.write_text(changed, "utf-8")  # same URL, so the same document, with another text
    report = ingest([str(edited)], store)
    assert report.replaced == [call]
    names = [str(r["name"]) for r in store.query(PEOPLE).rows]
    assert names == ["Antony Blinken", "Qin Gang", "Sergei Lavrov"]
    fresh = store_spec()
    ingest([articles["geneva"], str(edited)], fresh)
    assert nquads(store) == nquads(fresh)


def test_every_backend_gives_the_same_rows_stats_and_export(store_spec, articles):
    """Run per backend; each compares itself with the memory store."""
    store = store_spec()
    ingest([articles["geneva"], articles["call"]], store)
    with open_store("memory") as memory:
        ingest([articles["geneva"], articles["call"]], memory)
        assert store.query(PEOPLE).rows == memory.query(PEOPLE).rows
        assert count(store, ALL_ROWS) == count(memory, ALL_ROWS)
        assert store.stats() == memory.stats()
        assert nquads(store) == nquads(memory)
