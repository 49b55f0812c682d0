"""The remote SPARQL backend against a real ``oxigraph serve`` on loopback."""

from __future__ import annotations

import io

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from servers import free_port, oxigraph_server
from store_data import DIP, B, doc_one, fill

from kg.errors import QueryError, StoreError
from kg.store import named_queries, named_query, open_store
from kg.store.remote import auth_headers, endpoints

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph-server"), union=True) as url:
        yield url


@pytest.fixture
def remote(server):
    with open_store(server) as store:
        store.update("DROP ALL")
        yield store
        store.update("DROP ALL")


def export(store, fmt: str) -> bytes:
    out = io.BytesIO()
    store.export(fmt, out)
    return out.getvalue()


def test_put_query_remove(remote):
    assert remote.name == "sparql"
    fill(remote)
    assert [d["doc_id"] for d in remote.documents()] == ["ankara-talks", "wire-report"]
    assert remote.put_document("ankara-talks", "hash-one", doc_one()) is False
    assert remote.has_document("ankara-talks", "hash-one")
    assert remote.remove_document("ankara-talks") is True
    assert remote.remove_document("ankara-talks") is False
    assert [d["doc_id"] for d in remote.documents()] == ["wire-report"]


def test_same_answers_as_the_memory_store(remote):
    fill(remote)
    with open_store("memory") as memory:
        fill(memory)
        for name in named_queries():
            a, b = remote.query(named_query(name)), memory.query(named_query(name))
            assert (a.variables, a.rows) == (b.variables, b.rows), name
        assert remote.documents() == memory.documents()
        assert remote.stats() == memory.stats()
        for fmt in ("turtle", "nquads", "trig", "ntriples"):
            assert export(remote, fmt) == export(memory, fmt), fmt


def test_export_parses_back(remote):
    fill(remote)
    union = remote.union_graph()
    assert isomorphic(Graph().parse(data=export(remote, "turtle"), format="turtle"), union)
    ds = Dataset()
    ds.parse(data=export(remote, "nquads"), format="nquads")
    assert {str(g.identifier) for g in ds.graphs() if len(g)} == {
        f"{B}graph/ankara-talks", f"{B}graph/wire-report", f"{B}graph/vocabulary", f"{B}graph/shared",
    }  # fmt: skip


def test_new_hash_replaces(remote):
    fill(remote)
    g = Graph()
    g.add((URIRef(f"{B}doc/ankara-talks"), DIP.outletName, Literal("Corrected")))
    assert remote.put_document("ankara-talks", "hash-new", g) is True
    rows = remote.query(f"SELECT ?o WHERE {{ GRAPH <{B}graph/ankara-talks> {{ ?s ?p ?o }} }}")
    assert sorted(str(r["o"]) for r in rows.rows) == ["Corrected", "hash-new"]


def test_bad_sparql_and_bad_turtle_change_nothing(remote):
    fill(remote)
    before = export(remote, "nquads")
    with pytest.raises(QueryError) as info:
        remote.query("SELEKT * WHERE { ?s ?p ?o }")
    assert "\n" not in str(info.value)
    with pytest.raises(QueryError, match="read-only"):
        remote.query("DROP ALL")
    with pytest.raises(QueryError, match="malformed turtle"):
        remote.import_rdf(b"<http://a> <http://b> .", "turtle")
    assert export(remote, "nquads") == before


def test_import_rdf(remote):
    assert remote.import_rdf(b"<http://a> <http://b> 'c' .", "turtle", "http://example.org/g") == 1
    assert remote.query(
        "ASK { GRAPH <http://example.org/g> { <http://a> <http://b> 'c' } }"
    ).boolean


def test_unreachable_endpoint_is_a_store_error():
    with (
        open_store(f"http://127.0.0.1:{free_port()}") as store,
        pytest.raises(StoreError, match="is the server running"),
    ):
        store.query("ASK { ?s ?p ?o }")


def test_endpoint_layouts():
    assert endpoints("http://h:7878") == ("http://h:7878/query", "http://h:7878/update")
    assert endpoints("http://h/ds/query") == ("http://h/ds/query", "http://h/ds/update")
    assert endpoints("https://h/sparql") == ("https://h/sparql", "https://h/sparql")


def test_credentials_come_from_the_environment(monkeypatch):
    for name in ("KG_STORE_TOKEN", "KG_STORE_USER", "KG_STORE_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    assert auth_headers() == {}
    monkeypatch.setenv("KG_STORE_USER", "ann")
    monkeypatch.setenv("KG_STORE_PASSWORD", "pw")
    assert auth_headers() == {"Authorization": "Basic YW5uOnB3"}
    monkeypatch.setenv("KG_STORE_TOKEN", "t0k")
    assert auth_headers() == {"Authorization": "Bearer t0k"}


@pytest.fixture(scope="module")
def plain_server(tmp_path_factory):
    """``oxigraph serve`` without --union-default-graph: its default graph is its own."""
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph-plain"), union=False) as url:
        yield url



def test_plain_oxigraph_serve_answers_like_a_local_store(plain_server, tmp_path):
    with open_store(plain_server) as remote, open_store(str(tmp_path / "local")) as local:
        remote.update("DROP ALL")
        fill(remote)
        fill(local)
        label = "<http://www.w3.org/2000/01/rdf-schema#label>"
        plain = f"SELECT ?name WHERE {{ ?p a <{DIP}Person> ; {label} ?name }}"
        rows = remote.query(plain).rows
        assert rows  # the server's default graph alone is empty
        assert sorted(rows, key=str) == sorted(local.query(plain).rows, key=str)
        for name in named_queries():
            a, b = remote.query(named_query(name)), local.query(named_query(name))
            assert (a.variables, a.rows) == (b.variables, b.rows), name
        assert remote.stats() == local.stats()
        assert remote.documents() == local.documents()
        # a query that names its dataset is sent as written
        g = f"{B}graph/ankara-talks"
        assert remote.query(f"ASK FROM <{g}> {{ ?s ?p ?o }}").boolean
        assert not remote.query(f"ASK FROM <{B}graph/absent> {{ ?s ?p ?o }}").boolean
        remote.update("DROP ALL")
