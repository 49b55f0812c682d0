"""The W3C SPARQL 1.1 Protocol test manifest, every record run against a real ``kg serve``.

The manifest and its data files are the standard's own (``../shared/standards/sparql11-protocol``,
next to the checkout); the test skips when they are absent. Each record's requests are sent
as written (method, path under ``/sparql``, headers, body in its declared charset) to a server
on a free loopback port, after the store is emptied and the record's ``ut:graphData`` files
are loaded into the named graphs they name; each answer is checked for the expected status
class, result format and ASK value. The records run on the embedded on-disk store (reads in
worker processes) and on the memory store.
"""

from __future__ import annotations

import http.client
import threading
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, Graph, Namespace
from rdflib.collection import Collection

from kg.serve import make_server
from kg.store import open_store

SUITE = Path(__file__).resolve().parents[1].parent / "shared" / "standards" / "sparql11-protocol"
MANIFEST = SUITE / "manifest.ttl"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
CNT = Namespace("http://www.w3.org/2011/content#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"

BOOLEAN_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
}
TABULAR_TYPES = {
    **BOOLEAN_TYPES,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
RDF_TYPES = {
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
}


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: str | None
    statuses: set[str]  # "2xx", "3xx", "4xx"…
    result_format: str | None
    boolean: bool | None


@dataclass
class Record:
    name: str
    data: list[tuple[Path, str]]  # (file, graph IRI)
    requests: list[Request]


def read_manifest() -> list[Record]:
    graph = Graph()
    graph.parse(MANIFEST, format="turtle", publicID=MANIFEST.as_uri())
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    records = []
    for test in Collection(graph, graph.value(manifest, MF.entries)):
        data = [
            (SUITE / Path(str(graph.value(d, UT.graph))).name, str(graph.value(d, RDFS.label)))
            for d in graph.objects(test, UT.graphData)
        ]
        requests = []
        action = graph.value(test, MF.action)
        for node in Collection(graph, graph.value(action, HT.requests)):
            headers = {}
            if graph.value(node, HT.headers) is not None:
                for header in Collection(graph, graph.value(node, HT.headers)):
                    headers[str(graph.value(header, HT.fieldName))] = str(graph.value(header, HT.fieldValue))
            body = graph.value(node, HT.body)
            response = graph.value(node, HT.resp)
            boolean = graph.value(response, MF.expectedBoolean)
            result_format = graph.value(response, MF.expectedFormat)
            requests.append(
                Request(
                    method=str(graph.value(node, HT.methodName)),
                    path=str(graph.value(node, HT.absolutePath)),
                    headers=headers,
                    body=None if body is None else str(graph.value(body, CNT.chars)),
                    statuses={str(s)[len(HTS) :] for s in graph.objects(response, MF.expectedStatus)},
                    result_format=None if result_format is None else str(result_format),
                    boolean=None if boolean is None else bool(boolean.toPython()),
                )
            )
        records.append(Record(str(test).rpartition("#")[2], data, requests))
    return records


RECORDS = read_manifest() if MANIFEST.is_file() else []
pytestmark = pytest.mark.skipif(
    not RECORDS, reason=f"the W3C SPARQL 1.1 Protocol manifest is not at {MANIFEST}"
)


@pytest.fixture(scope="module", params=["oxigraph", "memory"])
def endpoint(request, tmp_path_factory):
    """(store, server) with updates allowed, one per backend for the whole module."""
    location = str(tmp_path_factory.mktemp("protocol") / "store") if request.param == "oxigraph" else "memory"
    store = open_store(location)
    server = make_server(store, port=0, allow_update=True, workers=2)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield store, server
    server.shutdown()
    server.server_close()
    store.close()


def prepare(store, server, record: Record) -> None:
    """An empty store holding only the record's data files, each in its named graph."""
    store.update("DROP SILENT ALL")
    for path, graph_iri in record.data:
        store.import_rdf(path.read_bytes(), "ntriples", graph_iri=graph_iri)
    server.runner.changed()


def send(server, request: Request) -> tuple[int, str, bytes]:
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=60)
    try:
        path = (
            "/sparql" + request.path[len("/sparql/") :]
            if request.path.startswith("/sparql/")
            else request.path
        )
        body = None
        if request.body is not None:
            charset = "utf-8"
            for param in request.headers.get("content-type", "").split(";")[1:]:
                name, _, value = param.partition("=")
                if name.strip().lower() == "charset":
                    charset = value.strip()
            body = request.body.encode(charset)
        connection.request(request.method, path, body=body, headers=request.headers)
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type") or "", response.read()
    finally:
        connection.close()


def check(request: Request, status: int, content_type: str, body: bytes) -> None:
    assert f"{status // 100}xx" in request.statuses, (status, body[:300])
    media = content_type.split(";")[0].strip().lower()
    if request.result_format in ("boolean", "tabular"):
        formats = BOOLEAN_TYPES if request.result_format == "boolean" else TABULAR_TYPES
        assert media in formats, content_type
        result = ox.parse_query_results(body, format=formats[media])
        if request.result_format == "boolean":
            assert isinstance(result, ox.QueryBoolean)
            if request.boolean is not None:
                assert bool(result) is request.boolean
        else:
            assert isinstance(result, ox.QuerySolutions)
            list(result)
    elif request.result_format == "RDF":
        assert media in RDF_TYPES, content_type
        list(ox.parse(body, format=RDF_TYPES[media]))


# rdflib evaluates an update's USING NAMED over every named graph (its loader adds none)
RDFLIB_USING_NAMED = {"update_dataset_named_graphs", "update_dataset_full"}


@pytest.mark.parametrize("record", RECORDS, ids=[r.name for r in RECORDS])
def test_protocol_record(endpoint, record: Record) -> None:
    store, server = endpoint
    if store.name == "memory" and record.name in RDFLIB_USING_NAMED:
        pytest.xfail("rdflib's memory store does not narrow an update's USING NAMED graphs")
    prepare(store, server, record)
    for request in record.requests:
        check(request, *send(server, request))


def test_manifest_has_34_records() -> None:
    assert len(RECORDS) == 34
    assert sum(len(r.requests) for r in RECORDS) > 34
    assert urllib.parse.urlsplit(RECORDS[0].requests[0].path).path == "/sparql/"
