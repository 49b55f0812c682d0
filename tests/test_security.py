"""Hostile and broken inputs (issue 11): real `kg serve` processes on loopback, listeners of
the tests' own to catch any outbound request, a real redirecting endpoint."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS
from store_data import DIP, fill

from kg.errors import StoreError
from kg.store import open_store

SCHEMA = "https://schema.org/"
ROOT = Path(__file__).resolve().parent.parent
EMPTY_RESULTS = b'{"head": {"vars": ["s"]}, "results": {"bindings": []}}'
CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SORTED_CROSS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?i ?f ?c"
FEDERATION_OFF = "federated queries are off: allow an endpoint with --allow-federation URL"


# -- helpers -----------------------------------------------------------------------------------
class Listener:
    """An HTTP server of the test's own that records every request it gets (method, path,
    headers); it answers empty SPARQL results, or redirects to ``redirect_to``."""

    def __init__(self, redirect_to: str | None = None) -> None:
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        listener = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                listener.requests.append((self.command, self.path, dict(self.headers.items())))
                if redirect_to:
                    self.send_response(302)
                    self.send_header("Location", redirect_to)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(EMPTY_RESULTS)))
                self.end_headers()
                self.wfile.write(EMPTY_RESULTS)

            do_GET = do_POST = _answer

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def listener():
    item = Listener()
    yield item
    item.close()


_SERVER = """
import json, sys
from kg.serve import make_server
from kg.store import open_store
options = json.loads(sys.argv[2])
store = open_store(sys.argv[1])
if options.pop("fill", False):  # a memory store starts empty: give it the test graphs
    sys.path.insert(0, "tests")
    from store_data import fill
    fill(store)
server = make_server(store, port=0, **options)
print(server.url, flush=True)
server.serve_forever()
"""


PIDS: dict[str, int] = {}


@contextlib.contextmanager
def server_process(store: str, **options):
    """A `kg serve` process (make_server in its own Python) on a free loopback port."""
    process = subprocess.Popen(
        [sys.executable, "-c", _SERVER, store, json.dumps(options)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    try:
        line = process.stdout.readline() if process.stdout else ""
        if not line.startswith("http://127.0.0.1:"):
            process.kill()
            pytest.fail(f"server did not start: {process.stderr.read() if process.stderr else ''}")
        url = line.strip()
        PIDS[url] = process.pid
        deadline = time.monotonic() + 20
        while request(url, "GET", "/sparql?query=ASK%7B%7D")[0] != 200:  # workers are up
            assert time.monotonic() < deadline, "the query workers did not start"
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def request(url: str, method: str, path: str, body: bytes | None = None, headers=None, timeout=30):
    """(status, headers, body) over a fresh connection; ``headers`` may set Host."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    except (ConnectionError, OSError) as error:
        return 0, {}, str(error).encode()
    finally:
        conn.close()


def query(url: str, sparql: str, path: str = "/sparql", **kwargs):
    return request(url, "GET", f"{path}?{urllib.parse.urlencode({'query': sparql})}", **kwargs)


def form_update(url: str, sparql: str, headers=None):
    body = urllib.parse.urlencode({"update": sparql}).encode()
    return request(
        url, "POST", "/sparql", body, {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
    )


def count_triples(url: str) -> int:
    status, _, body = query(url, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def filled(tmp_path: Path, name: str) -> str:
    path = tmp_path / name
    with open_store(str(path)) as store:
        fill(store)
    return str(path)


@pytest.fixture(scope="module")
def read_only(tmp_path_factory):
    with server_process(filled(tmp_path_factory.mktemp("ro"), "store")) as url:
        yield url


@pytest.fixture(scope="module")
def writable(tmp_path_factory):
    with server_process(filled(tmp_path_factory.mktemp("rw"), "store"), allow_update=True) as url:
        yield url


# -- 1. SSRF through SERVICE and LOAD ---------------------------------------------------------
def test_service_is_refused_and_nothing_is_fetched(read_only, listener):
    for text in (
        f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{listener.url}> {{ ?s ?p ?o }} }}",
        f"PREFIX x: <{listener.url[:-6]}> SELECT * WHERE {{ service x:sparql {{ ?s ?p ?o }} }}",
        # Oxigraph reads \u escapes inside IRIs
        "SELECT * WHERE { SERVICE <" + listener.url.replace(":", "\\u003A", 1) + "> { ?s ?p ?o } }",
    ):
        status, _, body = query(read_only, text)
        assert status == 403, body
        assert body == f"Error: SPARQL SERVICE <{listener.url}> refused: {FEDERATION_OFF}\n".encode()
    status, _, body = query(read_only, "SELECT * WHERE { SERVICE ?where { ?s ?p ?o } }")
    assert (status, body) == (
        403, f"Error: SPARQL SERVICE with a variable or unresolved IRI refused: {FEDERATION_OFF}\n".encode()
    )  # fmt: skip
    status, _, body = query(read_only, f"SELECT * {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}", path="/")
    assert status == 403 and b"federated queries are off" in body
    # the word inside strings, IRIs and comments is not the keyword
    text = 'SELECT ("SERVICE <http://127.0.0.1:9/>" AS ?x) { ?s <http://e/SERVICE> ?o } LIMIT 1 # SERVICE'
    assert query(read_only, text)[0] == 200
    time.sleep(0.2)
    assert listener.requests == []


def test_load_is_refused_on_a_writable_server(writable, listener):
    before = count_triples(writable)
    status, _, body = form_update(writable, f"LOAD <{listener.url}> INTO GRAPH <http://example.org/g>")
    assert (status, body) == (
        403,
        f"Error: SPARQL LOAD <{listener.url}> refused: loading URLs is off: allow a source with "
        "--allow-federation URL\n".encode(),
    )
    time.sleep(0.2)
    assert listener.requests == [] and count_triples(writable) == before


def test_allowed_endpoint_is_fetched_and_others_are_not(tmp_path, listener):
    other = Listener()
    try:
        with server_process(filled(tmp_path, "s"), allow_federation=[listener.url]) as url:
            status, _, body = query(url, f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}")
            assert status == 200, body
            assert [r[0] for r in listener.requests] in (["POST"], ["GET"])
            assert query(url, f"SELECT * WHERE {{ SERVICE <{other.url}> {{ ?s ?p ?o }} }}")[0] == 403
            assert other.requests == []
    finally:
        other.close()


def test_memory_store_reads_from_graphs_from_itself(listener):
    """rdflib would load a FROM graph it does not hold from the web; kg's memory store
    builds the dataset from its own graphs, so an absent one is empty, as on Oxigraph."""
    with server_process("memory") as url:
        status, _, body = query(url, f"SELECT * FROM <{listener.url}> WHERE {{ ?s ?p ?o }}")
        assert status == 200, body
        assert json.loads(body)["results"]["bindings"] == []
        assert query(url, f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}")[0] == 403
    assert listener.requests == []


# -- 2. the time and memory limits stop the query -------------------------------------------------
def _rss_mb(pid: int) -> float:
    total = 0.0
    for candidate in [pid, *_children(pid)]:
        with contextlib.suppress(OSError), open(f"/proc/{candidate}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
    return total


def _children(pid: int) -> list[int]:
    with contextlib.suppress(OSError), open(f"/proc/{pid}/task/{pid}/children") as f:
        return [int(p) for p in f.read().split()]
    return []


def test_runaway_queries_are_stopped_and_others_answered(tmp_path):
    with server_process(filled(tmp_path, "s"), timeout=1.0, memory_mb=256, workers=4) as url:
        answers: list[tuple[int, bytes, float]] = []

        def runaway(text: str) -> None:
            started = time.monotonic()
            status, _, body = query(url, text)
            answers.append((status, body, time.monotonic() - started))

        threads = [threading.Thread(target=runaway, args=(CROSS,)) for _ in range(5)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        # five runaways on four workers: each stopped at its own deadline, none outlives it
        assert len(answers) == 5
        for status, body, seconds in answers:
            assert status == 503 and seconds < 6, (status, body, seconds)  # 2 shared cores may be busy
            assert body == (
                b"Error: the query ran longer than the server's 1 s limit and was stopped: "
                b"narrow it, add a LIMIT, or start kg serve with a larger --timeout\n"
            )
        started = time.monotonic()
        assert count_triples(url) > 0  # at once, not 503 until restarted
        assert time.monotonic() - started < 1.5
        # a sort over a cross product grows until the memory limit stops it
        status, _, body = query(url, SORTED_CROSS)
        assert status == 503
        assert body in (
            b"Error: the query needed more than the server's 256 MB memory limit and was stopped: "
            b"narrow it or add a LIMIT\n",
            b"Error: the query ran longer than the server's 1 s limit and was stopped: "
            b"narrow it, add a LIMIT, or start kg serve with a larger --timeout\n",
        )
        assert count_triples(url) > 0


def test_memory_of_a_query_is_bounded(tmp_path):
    with server_process(filled(tmp_path, "s"), timeout=20.0, memory_mb=200, workers=1) as url:
        peak = [0.0]
        done = threading.Event()

        def watch(pid: int) -> None:
            while not done.is_set():
                peak[0] = max(peak[0], _rss_mb(pid))
                time.sleep(0.02)

        pid = PIDS[url]
        watcher = threading.Thread(target=watch, args=(pid,), daemon=True)
        watcher.start()
        started = time.monotonic()
        status, _, body = query(url, SORTED_CROSS)
        elapsed = time.monotonic() - started
        done.set()
        assert status == 503 and b"200 MB memory limit" in body, body
        assert elapsed < 10
        assert peak[0] < 200 + 600, peak  # the server, its worker and the open store: not GBs
        assert count_triples(url) > 0


def test_memory_store_queries_are_stopped_too():
    with server_process("memory", fill=True, timeout=1.0, memory_mb=100) as url:
        started = time.monotonic()
        status, _, body = query(url, CROSS)
        assert status == 503 and b"1 s limit and was stopped" in body
        assert time.monotonic() - started < 3
        started = time.monotonic()
        assert count_triples(url) > 0  # the interrupted query let go of the store
        assert time.monotonic() - started < 1.5
    with server_process("memory", fill=True, timeout=30.0, memory_mb=100) as url:
        started = time.monotonic()
        status, _, body = query(url, SORTED_CROSS)
        assert (status, body) == (
            503,
            b"Error: the query needed more than the server's 100 MB memory limit and was stopped: "
            b"narrow it or add a LIMIT\n",
        )
        assert time.monotonic() - started < 25
        assert count_triples(url) > 0


def test_graph_page_is_under_the_time_limit(tmp_path):
    with server_process(filled(tmp_path, "s"), timeout=0.05) as url:
        status, _, body = request(url, "GET", "/graph")
        assert status == 503 and b"0.05 s limit and was stopped" in body
        assert count_triples(url) > 0


# -- 3. CSRF, DNS rebinding, headers ----------------------------------------------------------------
INSERT = "INSERT DATA { GRAPH <http://example.org/csrf> { <http://example.org/a> <http://example.org/b> 1 } }"


def test_foreign_origin_cannot_write(writable):
    before = count_triples(writable)
    for origin in ("http://evil.example", "null", writable.rstrip("/").replace("127.0.0.1", "localhost")):
        status, _, body = form_update(writable, INSERT, {"Origin": origin})
        assert status == 403, (origin, body)
        assert body == (
            f"Error: requests from another origin ({origin}) are refused: POST from this "
            "server's own page or from a tool that sends no Origin\n"
        ).encode()
    assert form_update(writable, INSERT, {"Sec-Fetch-Site": "cross-site"})[0] == 403
    assert count_triples(writable) == before
    assert form_update(writable, INSERT, {"Origin": writable.rstrip("/")})[0] == 204  # same origin
    assert count_triples(writable) == before + 1


def test_host_header_must_name_this_server(read_only):
    port = urllib.parse.urlsplit(read_only).port
    for host in (f"evil.example:{port}", "attacker.test", f"127.0.0.1.evil.example:{port}"):
        status, _, body = request(read_only, "GET", "/", headers={"Host": host})
        assert status == 403
        assert body == (
            f"Error: Host {host!r} is not this server's name: use the address kg serve printed "
            "(or start it with --allow-host NAME)\n"
        ).encode()
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"):
        assert request(read_only, "GET", "/", headers={"Host": host})[0] == 200


def test_security_headers(read_only):
    status, headers, _ = request(read_only, "GET", "/")
    assert status == 200
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["Server"] == "kg-serve"
    status, headers, _ = query(read_only, "ASK {}")
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Server"] == "kg-serve"
    status, headers, _ = request(read_only, "GET", "/nowhere")
    assert status == 404 and headers["X-Content-Type-Options"] == "nosniff"
    status, headers, body = request(read_only, "BREW", "/sparql")  # http.server's own error
    assert (status, body) == (501, b"Error: Unsupported method ('BREW')\n")
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Server"] == "kg-serve"


# -- 4. credentials on a redirect ------------------------------------------------------------------
def test_redirect_is_not_followed_with_credentials(monkeypatch):
    elsewhere = Listener()
    redirecting = Listener(redirect_to=elsewhere.url)
    monkeypatch.setenv("KG_STORE_USER", "kg")
    monkeypatch.setenv("KG_STORE_PASSWORD", "s3cret")
    monkeypatch.delenv("KG_STORE_TOKEN", raising=False)
    try:
        store = open_store(redirecting.url)
        graph = Graph()
        graph.add((URIRef(store.doc_iri("d1")), RDF.type, DIP.SourceDocument))
        with pytest.raises(StoreError) as caught:
            store.put_document("d1", "h1", graph)
        assert str(caught.value) == (
            f"{redirecting.url} answered HTTP 302, a redirect to {elsewhere.url}: nothing was sent "
            "there and nothing was stored; give the endpoint's own URL as --store"
        )
        assert elsewhere.requests == []  # neither the credentials nor the data went there
        assert redirecting.requests and "Authorization" in redirecting.requests[0][2]
    finally:
        redirecting.close()
        elsewhere.close()


def test_password_in_a_store_url_is_never_printed():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed once the block ends: nothing listens there
    store = open_store(f"http://kg:hunter2@127.0.0.1:{port}/sparql")
    with pytest.raises(StoreError) as caught:
        store.query("ASK {}")
    assert "hunter2" not in str(caught.value)
    assert str(caught.value).startswith(f"cannot reach SPARQL endpoint http://127.0.0.1:{port}/sparql (")


def test_password_in_a_url_is_sent_as_basic_auth(listener):
    user_url = listener.url.replace("http://", "http://kg:pa%3Ass@")
    open_store(user_url).query("SELECT ?s WHERE { ?s ?p ?o }")
    _, path, headers = listener.requests[0]
    assert headers["Authorization"] == "Basic a2c6cGE6c3M="  # kg:pa:ss
    assert path == "/sparql"


# -- 6. CSV/TSV formula injection --------------------------------------------------------------------
HOSTILE = {
    "title": '=HYPERLINK("http://evil.example","x")',
    "outlet": "@SUM(1+1)",
    "url": "+cmd|' /C calc'!A0",
}


def _hostile_store(path: Path) -> str:
    with open_store(str(path)) as store:
        fill(store)
        doc = URIRef(store.doc_iri("hostile"))
        graph = Graph()
        graph.add((doc, RDF.type, DIP.SourceDocument))
        graph.add((doc, DCTERMS.title, Literal(HOSTILE["title"])))
        graph.add((doc, DIP.outletName, Literal(HOSTILE["outlet"])))
        graph.add((doc, URIRef(SCHEMA + "url"), Literal(HOSTILE["url"])))
        graph.add((doc, URIRef(SCHEMA + "datePublished"), Literal("-1")))
        store.put_document("hostile", "h", graph)
    return str(path)


def _kg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=120, cwd=ROOT,
        env={**os.environ, "KG_STORE": ""},
    )  # fmt: skip


def test_docs_and_query_csv_tsv_are_spreadsheet_safe(tmp_path):
    store = _hostile_store(tmp_path / "s")
    result = _kg("docs", "-f", "csv", "--store", store)
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("hostile,"))
    assert line == (
        "hostile,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",'@SUM(1+1),-1,'+cmd|' /C calc'!A0,0"
    )
    doc = open_store("memory").doc_iri("hostile")
    text = f"SELECT ?t ?o WHERE {{ <{doc}> <{DCTERMS.title}> ?t ; <{DIP.outletName}> ?o }}"
    result = _kg("query", text, "-f", "tsv", "--store", store)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == "'=HYPERLINK(\"http://evil.example\",\"x\")\t'@SUM(1+1)"
    result = _kg("query", text, "-f", "json", "--store", store)
    bindings = json.loads(result.stdout)["results"]["bindings"][0]
    assert bindings["t"]["value"] == HOSTILE["title"] and bindings["o"]["value"] == HOSTILE["outlet"]


def test_server_csv_is_spreadsheet_safe(tmp_path):
    with server_process(_hostile_store(tmp_path / "s")) as url:
        text = f"SELECT ?o ?n WHERE {{ ?d <{DIP.outletName}> ?o }} VALUES ?n {{ -3 }}"
        status, _, body = query(url, text, headers={"Accept": "text/csv"})
        assert status == 200 and b"'@SUM(1+1),-3\r\n" in body
        status, _, body = query(url, text, headers={"Accept": "text/tab-separated-values"})
        assert status == 200 and b"\"'@SUM(1+1)\"\t" in body
        status, _, body = query(url, text)
        values = [b["o"]["value"] for b in json.loads(body)["results"]["bindings"]]
        assert HOSTILE["outlet"] in values  # JSON stays exact


# -- 7. the smaller ones ----------------------------------------------------------------------------
def test_graph_bad_parameters_are_400(read_only):
    for params, message in (
        (
            "since=2022-13-45",
            b"Error: since is not a real date: '2022-13-45' (use YYYY, YYYY-MM or YYYY-MM-DD)\n",
        ),
        ("limit=0", b"Error: limit must be a whole number from 1 to 1000000\n"),
        ("depth=x", b"Error: depth must be a whole number\n"),
        ("category=Nope", None),
        ("actor=Nobody%20At%20All", None),
    ):
        status, _, body = request(read_only, "GET", f"/graph?{params}")
        assert status == 400, (params, status, body)
        assert message is None or body == message
        assert body.startswith(b"Error: ") and body.count(b"\n") == 1


def test_negative_content_length_is_400_at_once(read_only):
    parts = urllib.parse.urlsplit(read_only)
    with socket.create_connection((parts.hostname, parts.port), timeout=5) as sock:
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: -1\r\n\r\nASK {}"
        )
        started = time.monotonic()
        answer = b""
        while chunk := sock.recv(4096):  # the server closes the connection after an error
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 400 ")
    assert answer.endswith(b"Error: bad Content-Length: it cannot be negative\n")
    assert time.monotonic() - started < 2


def test_impossible_dates_are_refused(tmp_path):
    store = filled(tmp_path, "s")
    timeline = ("analyze", "timeline", "--since", "2022-13-45")
    for args in (timeline, ("view", "--until", "2023-02-29", "-o", "-")):
        result = _kg(*args, "--store", store)
        assert result.returncode == 1, (args, result.stdout[:200], result.stderr)
        assert result.stderr.count("\n") == 1 and "is not a real date" in result.stderr, result.stderr


def test_reader_utf16_without_bom_nul_and_size(tmp_path):
    from kg.documents import read_path
    from kg.errors import InputError

    article = "Lavrov met Blinken in Geneva on Monday.\n\nThe two discussed Ukraine, officials said.\n"
    for codec in ("utf-16-le", "utf-16-be"):
        path = tmp_path / f"{codec}.txt"
        path.write_bytes(article.encode(codec))
        assert read_path(path).text.startswith("Lavrov met Blinken in Geneva")
    late_nul = tmp_path / "nul.txt"
    late_nul.write_bytes(article.encode() * 200 + b"\x00" + article.encode())
    with pytest.raises(InputError) as caught:
        read_path(late_nul)
    assert str(caught.value) == (
        f"{late_nul} is a binary file (it contains a NUL character at position {len(article) * 200:,}), "
        "not an article"
    )
    with pytest.raises(InputError) as caught:
        read_path(late_nul, max_bytes=1000)
    assert str(caught.value) == (
        f"{late_nul} is larger than 1,000 bytes, the most kg reads from one article: split it into "
        "smaller files (Python callers can pass max_bytes= to read_path)"
    )
    assert "--max-bytes" not in str(caught.value)


# -- 5. one document's failure is its own -------------------------------------------------------------
class _FailingExtractor:
    """Extracts nothing, and fails on any document whose text says "boom" (as spaCy fails
    on a text over its max_length), like the real extractor: per batch."""

    def extract_many(self, documents):
        from kg.model import Extraction

        batch = list(documents)
        for document in batch:
            if "boom" in document.text:
                raise ValueError("[E088] Text of length 1200000 exceeds maximum of 1000000. The parser ...")
        for document in batch:
            yield Extraction(document=document)


def _articles(folder: Path, names: list[str]) -> Path:
    folder.mkdir()
    for name in names:
        (folder / f"{name}.txt").write_text(
            f"Talks in {name.title()}\n\nSergei Lavrov met Antony Blinken in Geneva on Monday, {name} said.\n"
        )
    return folder


def test_a_failing_document_fails_alone(tmp_path, monkeypatch):
    from kg import pipeline

    monkeypatch.setattr(pipeline, "get_extractor", lambda *a, **k: _FailingExtractor())
    folder = _articles(tmp_path / "in", ["alpha", "boom", "gamma"])
    with open_store("memory") as store:
        report = pipeline.ingest([str(folder)], store)
        assert sorted(d["title"] for d in store.documents()) == ["Talks in Alpha", "Talks in Gamma"]
    assert len(report.added) == 2
    assert report.failed == [(
        str(folder / "boom.txt"),
        f"the text has {len((folder / 'boom.txt').read_text().strip()):,} characters, more than the parser "
        "takes at once: split the article into smaller files",
    )]  # fmt: skip


def test_a_failing_document_fails_alone_in_a_job_worker(tmp_path, monkeypatch):
    from kg import pipeline
    from kg.documents import read_path

    monkeypatch.setitem(pipeline._EXTRACTORS, (None, ()), _FailingExtractor())
    folder = _articles(tmp_path / "in", ["alpha", "boom", "gamma"])
    docs = [read_path(folder / f"{n}.txt") for n in ("alpha", "boom", "gamma")]
    results = pipeline._extract_batch(docs, None, (), True)  # what a --jobs N worker runs
    assert [type(r).__name__ for r in results] == ["Extraction", "Failure", "Extraction"]
    assert results[1].reason.startswith("the text has ")


def test_text_over_a_million_characters_in_a_folder(tmp_path):
    """1.2 M characters (under the 5 MB reader limit) next to two articles: the big one is
    stored (kg.nlp parses long texts in parts) or fails alone with one line; the rest is stored."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("001-burns-naryshkin-ankara.txt", "003-biden-xi-phone-call.txt"):
        (folder / name).write_bytes((ROOT / "examples" / "articles" / name).read_bytes())
    head = "Lavrov and Blinken meet in Geneva\n\nSergei Lavrov met Antony Blinken in Geneva on Monday.\n\n"
    filler = ("Talks " + "x" * 9990 + " continued.\n\n") * 120
    (folder / "002-long.txt").write_text(head + filler)
    assert 1_000_000 < len(head + filler) < 5_000_000
    store = str(tmp_path / "s")
    result = _kg("ingest", str(folder), "--store", store)
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    lines = result.stderr.strip().splitlines()
    if lines[-1].startswith("3 added"):
        stored = 3
    else:
        assert lines[0].startswith(f"Skipped {folder / '002-long.txt'}: ") and len(lines) == 2, lines
        assert lines[-1].startswith("2 added, 0 replaced, 0 unchanged, 1 failed;")
        stored = 2
    docs = json.loads(_kg("docs", "-f", "json", "--store", store).stdout)
    assert len(docs) == stored


# -- the command line -----------------------------------------------------------------------------------
@contextlib.contextmanager
def kg_serve(*args: str):
    """``kg serve --port 0 …`` as its own process; yields its URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--port", "0", "--quiet", *args],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        env={**os.environ, "KG_STORE": ""},
    )  # fmt: skip
    try:
        line = process.stderr.readline() if process.stderr else ""
        assert line.startswith("Serving "), line
        url = line.split(" at ", 1)[1].split(" ", 1)[0]
        deadline = time.monotonic() + 20
        while request(url, "GET", "/sparql?query=ASK%7B%7D")[0] != 200:
            assert time.monotonic() < deadline, "kg serve did not answer"
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_kg_serve_refuses_federation_unless_allowed(tmp_path, listener):
    store = filled(tmp_path, "s")
    service = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    with kg_serve("--store", store, "--timeout", "1") as url:
        assert query(url, service)[0] == 403
        assert query(url, CROSS)[0] == 503
        assert count_triples(url) > 0
    assert listener.requests == []
    with kg_serve("--store", store, "--allow-federation", listener.url) as url:
        assert query(url, service)[0] == 200
    assert len(listener.requests) == 1


@pytest.mark.parametrize("backend", ["embedded", "memory"])
def test_the_python_api_fetches_nothing_unless_allowed(tmp_path, listener, backend):
    """Store.query and Store.update, as a script calls them with SPARQL from elsewhere."""
    from kg.store.sparql import FederationRefused

    spec = str(tmp_path / "s") if backend == "embedded" else "memory"
    service = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    load = f"LOAD <{listener.url}> INTO GRAPH <http://example.org/g>"
    with open_store(spec) as store:
        fill(store)
        before = len(store.query("SELECT * { ?s ?p ?o }").rows)
        with pytest.raises(FederationRefused) as refused:
            store.query(service)
        assert str(refused.value) == f"SPARQL SERVICE <{listener.url}> refused: {FEDERATION_OFF}"
        with pytest.raises(FederationRefused, match=r"^SPARQL LOAD <.*> refused: loading URLs is off"):
            store.update(load)
        with pytest.raises(FederationRefused):
            store.query(load, allow_update=True)
        assert store.query(f"SELECT * FROM <{listener.url}> {{ ?s ?p ?o }}").rows == []  # read, not fetched
        assert listener.requests == []
        assert len(store.query("SELECT * { ?s ?p ?o }").rows) == before
        if backend == "embedded":  # allowed, it is fetched
            store.query(service, allow_federation=[listener.url])
            assert len(listener.requests) == 1


def test_kg_query_refuses_service_unless_allowed(tmp_path, listener):
    store = filled(tmp_path, "s")
    service = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    result = _kg("query", service, "--store", store)
    assert result.returncode == 1
    assert result.stderr == f"Error: SPARQL SERVICE <{listener.url}> refused: {FEDERATION_OFF}\n"
    assert listener.requests == []
    result = _kg("query", service, "--store", store, "--allow-federation", listener.url, "-f", "json")
    assert result.returncode == 0, result.stderr
    assert len(listener.requests) == 1
