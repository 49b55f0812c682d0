"""`kg serve` on a free loopback port, queried over real HTTP with urllib and the remote store."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from store_data import DIP, B, fill

from kg.serve import make_server
from kg.serve.negotiate import choose, parse_accept
from kg.serve.runner import worker_spec
from kg.store import named_queries, named_query, open_store

PERSONS = f"""SELECT DISTINCT ?name WHERE {{
  ?p a <{DIP}Person> ; <http://www.w3.org/2000/01/rdf-schema#label> ?name
}} ORDER BY ?name"""
NAMES = ["Antony Blinken", "Sergei Lavrov", "Sergei Naryshkin", "William Burns"]
XSD = "http://www.w3.org/2001/XMLSchema#"


def start(store, **options):
    """A running server in a daemon thread; returns (server, base URL)."""
    server = make_server(store, port=0, **options)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.url


def stop(server) -> None:
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("served") / "store"
    with open_store(str(path)) as store:
        fill(store)
    return path


@pytest.fixture(scope="module")
def served(folder):
    with open_store(str(folder)) as store:
        server, url = start(store, max_rows=50)
        yield url
        stop(server)


def get(url: str, accept: str | None = None) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    return fetch(request)


def post(url: str, body: bytes, content_type: str, accept: str | None = None):
    headers = {"Content-Type": content_type, **({"Accept": accept} if accept else {})}
    return fetch(urllib.request.Request(url, data=body, headers=headers, method="POST"))


def fetch(request) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def sparql_get(url: str, query: str, accept: str | None = None):
    return get(f"{url}sparql?{urllib.parse.urlencode({'query': query})}", accept)


# -- the protocol -------------------------------------------------------------------------
def test_get_returns_sparql_json_by_default(served):
    status, ctype, body = sparql_get(served, PERSONS)
    assert (status, ctype) == (200, "application/sparql-results+json")
    assert json.loads(body) == {
        "head": {"vars": ["name"]},
        "results": {"bindings": [{"name": {"type": "literal", "value": n}} for n in NAMES]},
    }


def test_post_form_and_sparql_query_bodies(served):
    form = urllib.parse.urlencode({"query": PERSONS}).encode()
    for body, ctype in ((form, "application/x-www-form-urlencoded"),
                        (PERSONS.encode(), "application/sparql-query")):  # fmt: skip
        status, _, data = post(f"{served}sparql", body, ctype, "application/sparql-results+json")
        assert status == 200
        assert [b["name"]["value"] for b in json.loads(data)["results"]["bindings"]] == NAMES


def test_csv_tsv_and_xml_by_accept_header(served):
    query = f"""SELECT ?label ?date WHERE {{ <{B}doc/ankara-talks> <http://purl.org/dc/terms/title> ?label ;
        <https://schema.org/datePublished> ?date }}"""
    status, ctype, body = sparql_get(served, query, "text/csv")
    assert (status, ctype) == (200, "text/csv; charset=utf-8")
    title = body.decode().splitlines()[1].split(",")[0]
    assert body.decode() == f"label,date\r\n{title},2022-11-14\r\n"
    status, ctype, body = sparql_get(served, query, "text/tab-separated-values")
    assert ctype == "text/tab-separated-values; charset=utf-8"
    assert body.decode() == f'?label\t?date\n"{title}"\t"2022-11-14"^^<{XSD}date>\n'
    status, ctype, body = sparql_get(served, query, "application/sparql-results+xml")
    assert ctype == "application/sparql-results+xml"
    assert body.decode() == (  # pyoxigraph's own writer
        '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>'
        '<variable name="label"/><variable name="date"/></head><results><result>'
        f'<binding name="label"><literal>{title}</literal></binding>'
        f'<binding name="date"><literal datatype="{XSD}date">2022-11-14</literal></binding>'
        "</result></results></sparql>"
    )


def test_ask_in_json_and_xml(served):
    assert json.loads(sparql_get(served, "ASK { ?s ?p ?o }")[2]) == {"head": {}, "boolean": True}
    _, _, body = sparql_get(served, "ASK { <http://nowhere> ?p ?o }", "application/sparql-results+xml")
    assert b"<boolean>false</boolean>" in body


def test_construct_as_turtle_and_ntriples(served):
    query = f"CONSTRUCT {{ ?p a <{DIP}Person> }} WHERE {{ ?p a <{DIP}Person> }}"
    status, ctype, body = sparql_get(served, query)
    assert (status, ctype) == (200, "text/turtle; charset=utf-8")
    assert b"kgid:person\\/william-burns a dip:Person .\n" in body  # Turtle escapes / in names
    status, ctype, body = sparql_get(served, query, "application/n-triples")
    assert ctype == "application/n-triples"
    lines = sorted(body.decode().splitlines())
    assert lines == sorted(
        f"<{B}person/{k}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{DIP}Person> ."
        for k in ("antony-blinken", "sergei-lavrov", "sergei-naryshkin", "william-burns")
    )


def test_errors_are_one_line_with_status(served):
    status, ctype, body = sparql_get(served, "SELEKT * WHERE { ?s ?p ?o }")
    assert (status, ctype) == (400, "text/plain; charset=utf-8")
    assert body.startswith(b"Error: SPARQL error:") and body.count(b"\n") == 1
    status, _, body = get(f"{served}sparql")
    assert (status, body) == (400, b"Error: missing the query parameter: send query=<SPARQL>\n")
    assert get(f"{served}nowhere")[0] == 404
    status, _, body = post(f"{served}sparql", b"x", "text/plain")
    assert status == 415 and b"application/sparql-query" in body
    status, _, body = sparql_get(served, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 413
    assert body == (
        b"Error: the result has more than 50 rows, the server's limit: add a LIMIT, "
        b"or start kg serve with a larger --max-rows\n"
    )
    url = f"{served}sparql?" + urllib.parse.urlencode({"query": PERSONS, "using-graph-uri": "http://g"})
    assert get(url)[::2] == (400, b"Error: using-graph-uri is not a parameter of queries\n")


def test_bundled_queries_answer_as_the_store_does(served, folder):
    """The workers open the served store through open_store, read-only: every bundled query
    gives the rows, in order, that Store.query gives on the store itself."""
    assert worker_spec(open_store("memory")) is None  # only this process holds a memory store
    with open_store(str(folder), read_only=True) as store:
        assert worker_spec(store) == str(folder.resolve())
        for name in named_queries():
            expected = store.query(named_query(name)).to_sparql_json()
            status, _, body = sparql_get(served, named_query(name), "application/sparql-results+json")
            assert status == 200, body
            answer = json.loads(body)
            assert answer["head"]["vars"] == expected["head"]["vars"], name
            values = [{k: v["value"] for k, v in b.items()} for b in answer["results"]["bindings"]]
            assert values == [{k: v["value"] for k, v in b.items()} for b in expected["results"]["bindings"]]
            assert values, f"{name} gives no rows on the test data"


def test_updates_are_refused_when_read_only(served, folder):
    update = "INSERT DATA { <http://a> <http://b> <http://c> }"
    expected = (
        b"Error: this endpoint is read-only: start kg serve with --allow-update to accept SPARQL updates\n"
    )
    form = urllib.parse.urlencode({"update": update}).encode()
    assert post(f"{served}sparql", form, "application/x-www-form-urlencoded")[::2] == (403, expected)
    assert post(f"{served}sparql", update.encode(), "application/sparql-update")[::2] == (403, expected)
    assert sparql_get(served, update)[::2] == (403, expected)
    assert json.loads(sparql_get(served, "ASK { <http://a> ?p ?o }")[2])["boolean"] is False


def test_time_limit(tmp_path):
    with open_store(str(tmp_path / "s")) as store:
        fill(store)
        server, url = start(store, timeout=0.3, max_rows=10**9)
        try:
            started = time.monotonic()
            status, _, body = sparql_get(url, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
            assert time.monotonic() - started < 5
            assert status == 503
            assert body == (
                b"Error: the query ran longer than the server's 0.3 s limit and was stopped: "
                b"narrow it, add a LIMIT, or start kg serve with a larger --timeout\n"
            )
            assert sparql_get(url, PERSONS)[0] == 200  # the server still answers
        finally:
            stop(server)


# -- with updates: the remote store and kg query through the endpoint --------------------
def test_remote_store_and_kg_query_through_the_endpoint(tmp_path):
    with open_store(str(tmp_path / "s")) as store:
        server, url = start(store, allow_update=True)
        try:
            with open_store(f"{url}sparql") as remote:
                fill(remote)
                assert [d["doc_id"] for d in remote.documents()] == ["ankara-talks", "wire-report"]
                assert remote.remove_document("wire-report") is True
                assert [d["doc_id"] for d in remote.documents()] == ["ankara-talks"]
            # the data went into the served embedded store
            assert [d["doc_id"] for d in store.documents()] == ["ankara-talks"]
            done = subprocess.run(
                [sys.executable, "-m", "kg", "query", "--store", f"{url}sparql", "-f", "csv",
                 "SELECT DISTINCT ?name WHERE { ?p a dip:Person ; rdfs:label ?name } ORDER BY ?name"],
                capture_output=True, text=True, env={**os.environ, "KG_STORE": ""}, timeout=60,
            )  # fmt: skip
            assert done.returncode == 0, done.stderr
            assert done.stdout.splitlines() == ["name", "Sergei Naryshkin", "William Burns"]
        finally:
            stop(server)


def test_memory_store_is_served_too():
    with open_store("memory") as store:
        fill(store)
        server, url = start(store, max_rows=3)
        try:
            status, _, body = sparql_get(url, PERSONS + " LIMIT 2")
            assert status == 200
            assert [b["name"]["value"] for b in json.loads(body)["results"]["bindings"]] == NAMES[:2]
            assert sparql_get(url, PERSONS)[0] == 413
        finally:
            stop(server)


# -- pages ----------------------------------------------------------------------------------
def test_query_page_escapes_everything(served):
    status, ctype, body = get(served)
    assert (status, ctype) == (200, "text/html; charset=utf-8")
    assert b"<textarea" in body and b'<button type="submit">Run</button>' in body
    query = 'SELECT ?x WHERE { BIND("<script>alert(1)</script>" AS ?x) }'
    status, _, body = get(f"{served}?{urllib.parse.urlencode({'query': query})}")
    page = body.decode()
    assert status == 200
    assert "<script>" not in page
    assert "<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>" in page
    assert "BIND(&quot;&lt;script&gt;" in page  # the textarea keeps the query, escaped
    names = "SELECT DISTINCT ?n WHERE { ?p a dip:Person ; rdfs:label ?n } ORDER BY ?n"
    status, _, body = get(f"{served}?{urllib.parse.urlencode({'query': names})}")
    assert "<td>Antony Blinken</td>" in body.decode() and "4 rows" in body.decode()
    status, _, body = get(f"{served}?{urllib.parse.urlencode({'query': 'SELECT <oops'})}")
    assert status == 400 and 'class="error"' in body.decode()


def test_graph_view(served):
    status, ctype, body = get(f"{served}graph")
    assert (status, ctype) == (200, "text/html; charset=utf-8")
    assert b"William Burns" in body and b"<html" in body
    assert get(f"{served}graph?limit=many")[0] == 400


# -- the command --------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_kg_serve_command(folder, tmp_path):
    store = tmp_path / "copy"
    with open_store(str(store)) as st:
        fill(st)
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", str(port), "--quiet"],
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        first = process.stderr.readline()
        assert first == (
            f"Serving read-only at http://127.0.0.1:{port}/ "
            f"(SPARQL endpoint http://127.0.0.1:{port}/sparql); Ctrl-C stops\n"
        )
        status, _, body = sparql_get(f"http://127.0.0.1:{port}/", PERSONS, "text/csv")
        assert (status, body.decode()) == (200, "name\r\n" + "".join(f"{n}\r\n" for n in NAMES))
        # the served folder is locked: a writer gets one clear line
        done = subprocess.run(
            [sys.executable, "-m", "kg", "remove", "--store", str(store), "ankara-talks"],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert done.returncode == 1
        assert done.stderr == (
            f"Error: store {store} is in use by another process: close it or use another --store\n"
        )
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_port_in_use_is_one_line(runner, folder):
    from conftest import run

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        result = run(runner, "serve", "--store", "memory", "--port", str(port))
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: cannot listen on 127.0.0.1:{port} (")


def test_accept_parsing():
    assert parse_accept("text/csv;q=0.5, application/sparql-results+json") == [
        ("application/sparql-results+json", 1.0), ("text/csv", 0.5),
    ]  # fmt: skip
    assert choose("text/csv;q=0.5, application/sparql-results+xml", "select") == "xml"
    assert choose("application/sparql-results+json, application/n-triples;q=0.9", "graph") == "ntriples"
    assert choose("*/*", "graph") == "turtle"
    assert choose(None, "select") == "json"
    assert choose("image/png", "ask") is None  # the server answers 406
    assert choose("application/sparql-results+json;q=0, */*", "select") == "xml"  # q=0 refuses
    assert choose("text/turtle;q=0, */*;q=0.1", "graph") == "ntriples"
    assert choose("application/ld+json", "graph") == "jsonld"
    assert choose("", "graph") == "turtle"


# -- protocol details: methods, negotiation, datasets -------------------------------------
def raw_request(url: str, method: str, path: str, headers=None, body=None):
    import http.client

    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_head_other_methods_vary_and_406(served):
    path = "/sparql?" + urllib.parse.urlencode({"query": "ASK {}"})
    status, headers, body = raw_request(served, "HEAD", path)
    assert (status, body) == (200, b"")
    assert headers["Content-Type"] == "application/sparql-results+json" and headers["Vary"] == "Accept"
    assert int(headers["Content-Length"]) == len(b'{"head":{},"boolean":true}')
    for method in ("PUT", "DELETE", "PATCH", "OPTIONS"):
        status, headers, body = raw_request(served, method, path)
        assert (status, body) == (405, f"Error: {method} is not allowed: use GET or POST\n".encode())
        assert headers["Allow"] == "GET, HEAD, POST"
    status, headers, body = raw_request(served, "GET", path, {"Accept": "image/png"})
    assert status == 406 and headers["Vary"] == "Accept"
    assert body == (
        b"Error: no result format fits the Accept header: this result can be sent as "
        b"application/sparql-results+json, application/sparql-results+xml, text/csv, "
        b"text/tab-separated-values\n"
    )
    status, _, body = raw_request(served, "GET", path, {"Accept": "application/sparql-results+json;q=0, */*"})
    assert (status, body) == (200, b'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                                   b"<head></head><boolean>true</boolean></sparql>")  # fmt: skip


def test_construct_in_every_rdf_format(served):
    import pyoxigraph as ox

    query = f"CONSTRUCT {{ ?p a <{DIP}Person> }} WHERE {{ ?p a <{DIP}Person> }}"
    expected = None
    for media, fmt in (
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
    ):
        status, ctype, body = sparql_get(served, query, media)
        assert status == 200 and ctype.split(";")[0] == media
        triples = sorted(str(q) for q in ox.parse(body, format=fmt))
        assert len(triples) == 4
        expected = expected or triples
        assert triples == expected
    assert sparql_get(served, query, "text/csv")[0] == 406


def test_from_and_protocol_datasets(served):
    doc, wire = f"{B}graph/ankara-talks", f"{B}graph/wire-report"
    title = "?d <http://purl.org/dc/terms/title> ?t"

    def titles(query: str, **params) -> list[str]:
        url = f"{served}sparql?" + urllib.parse.urlencode({"query": query, **params}, doseq=True)
        status, _, body = get(url)
        assert status == 200, body
        return sorted(b["t"]["value"] for b in json.loads(body)["results"]["bindings"])

    everything = titles(f"SELECT ?t WHERE {{ {title} }}")
    assert len(everything) == 2
    only_doc = titles(f"SELECT ?t FROM <{doc}> WHERE {{ {title} }}")
    assert len(only_doc) == 1 and only_doc[0] in everything
    only_wire = titles(f"SELECT ?t FROM <{wire}> WHERE {{ {title} }}")
    assert only_wire != only_doc and len(only_wire) == 1
    # the protocol's parameters override FROM
    assert titles(f"SELECT ?t FROM <{doc}> WHERE {{ {title} }}", **{"default-graph-uri": wire}) == only_wire
    assert titles(f"SELECT ?t WHERE {{ GRAPH ?g {{ {title} }} }}", **{"named-graph-uri": doc}) == only_doc
    assert titles(f"SELECT ?t WHERE {{ {title} }}", **{"named-graph-uri": doc}) == []  # empty default
    assert titles(f"SELECT ?t FROM NAMED <{doc}> WHERE {{ {title} }}") == []
