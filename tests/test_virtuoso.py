"""The remote store against a private Virtuoso (Debian's virtuoso-opensource) on loopback.

The test starts its own server: a temp database folder, its own ini, free ports, no system
service. Writes go to ``/sparql-auth`` with digest auth, credentials from the environment
(the ``dba`` password is changed to a random one first); reads work on both endpoints.
"""

from __future__ import annotations

import io
import secrets
import shutil
import subprocess

import pytest
from conftest import EXAMPLES, run
from servers import free_port, wait_until_answering
from store_data import fill

from kg.errors import StoreError
from kg.store import named_queries, named_query, open_store

pytestmark = pytest.mark.server

INI = """[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {db}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
"""


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """(base URL, dba password) of a private Virtuoso; stopped afterwards."""
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if binary is None or isql is None:
        pytest.skip("Virtuoso is not installed (Debian: apt-get install virtuoso-opensource)")
    db = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = free_port(), free_port()
    (db / "virtuoso.ini").write_text(INI.format(db=db, sql_port=sql_port, http_port=http_port))
    process = subprocess.Popen([binary, "-f", "-c", str(db / "virtuoso.ini")], cwd=db,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    url = f"http://127.0.0.1:{http_port}"
    try:
        if not wait_until_answering(f"{url}/sparql?query=ASK%7B%7D", process, 90, timeout=2, pause=0.3):
            log = (db / "virtuoso.log").read_text(errors="replace")[-2000:]
            pytest.fail(f"Virtuoso did not start:\n{log}")
        password = "kg" + secrets.token_hex(8)  # a leading letter: isql reads it as a name
        subprocess.run([isql, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec=SET PASSWORD dba {password};"],
                       check=True, capture_output=True, timeout=60)  # fmt: skip
        yield url, password
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def remote(virtuoso, monkeypatch):
    url, password = virtuoso
    monkeypatch.delenv("KG_STORE_TOKEN", raising=False)
    monkeypatch.setenv("KG_STORE_USER", "dba")
    monkeypatch.setenv("KG_STORE_PASSWORD", password)
    with open_store(f"{url}/sparql-auth") as store:
        for doc in store.documents():
            store.remove_document(doc["doc_id"])
        store.update(f"DROP SILENT GRAPH <{store.vocabulary_iri}>")
        yield store


def export(store, fmt: str) -> bytes:
    out = io.BytesIO()
    store.export(fmt, out)
    return out.getvalue()


def test_put_query_remove_export(remote):
    fill(remote)
    assert [d["doc_id"] for d in remote.documents()] == ["ankara-talks", "wire-report"]
    with open_store("memory") as memory:
        fill(memory)
        assert remote.documents() == memory.documents()
        for name in named_queries():
            a, b = remote.query(named_query(name)), memory.query(named_query(name))
            assert (a.variables, a.rows) == (b.variables, b.rows), name
        for fmt in ("nquads", "turtle"):
            assert export(remote, fmt) == export(memory, fmt), fmt
        expected = memory.stats()
    stats = remote.stats()
    # Store.stats counts triples over every graph on the server; Virtuoso adds its own
    assert stats.pop("triples") > expected.pop("triples")
    assert stats == expected
    assert remote.remove_document("ankara-talks") is True
    assert remote.remove_document("ankara-talks") is False
    assert [d["doc_id"] for d in remote.documents()] == ["wire-report"]



def test_replace_and_remove_keep_exactly_what_other_documents_state(remote):
    """The replace/remove update (VALUES, FILTER NOT EXISTS, CONTAINS on the kgs:states
    records) leaves Virtuoso's shared graph as it leaves the memory store's: a description
    both articles state survives either one's change, one only the changed article stated goes."""
    from store_data import doc_one, iri, vocabulary

    fill(remote)
    with open_store("memory") as memory:
        fill(memory)
        changed = doc_one()
        cia = iri("cia")  # only this article names the CIA; both name Burns
        changed.remove((cia, None, None))
        changed.remove((None, None, cia))
        for store in (remote, memory):
            assert store.put_document("ankara-talks", "hash-one-b", changed) is True
        assert export(remote, "nquads") == export(memory, "nquads")
        assert b"/org/cia>" not in export(remote, "nquads")
        assert remote.stats()["entities"] == memory.stats()["entities"]
        for store in (remote, memory):
            assert store.remove_document("wire-report") is True
        assert export(remote, "nquads") == export(memory, "nquads")
        alone = open_store("memory")
        alone.ensure_vocabulary(vocabulary())
        alone.put_document("ankara-talks", "hash-one-b", changed)
        assert export(remote, "nquads") == export(alone, "nquads")  # nothing of wire-report left
        alone.close()

def test_reads_are_anonymous_writes_need_the_credentials(remote, virtuoso, monkeypatch):
    url, _ = virtuoso
    fill(remote)
    monkeypatch.delenv("KG_STORE_USER")
    monkeypatch.delenv("KG_STORE_PASSWORD")
    with open_store(f"{url}/sparql") as anonymous:
        assert [d["doc_id"] for d in anonymous.documents()] == ["ankara-talks", "wire-report"]
    with open_store(f"{url}/sparql-auth") as anonymous, pytest.raises(StoreError, match="refused access"):
        anonymous.remove_document("ankara-talks")
    monkeypatch.setenv("KG_STORE_USER", "dba")
    monkeypatch.setenv("KG_STORE_PASSWORD", "wrong")
    with open_store(f"{url}/sparql-auth") as wrong, pytest.raises(StoreError, match="refused access"):
        wrong.remove_document("ankara-talks")
    assert [d["doc_id"] for d in remote.documents()] == ["ankara-talks", "wire-report"]


def test_kg_ingest_and_query_on_virtuoso(remote, runner):
    from kg.output import render_result
    from kg.pipeline import ingest

    article = str(EXAMPLES / "articles" / "001-burns-naryshkin-ankara.txt")
    store = remote.query_url
    assert run(runner, "ingest", article, "--store", store, "--quiet").exit_code == 0
    again = run(runner, "ingest", article, "--store", store)
    assert again.output.startswith("0 added, 0 replaced, 1 unchanged")
    meetings = run(runner, "query", "--name", "meetings", "-f", "csv", "--store", store)
    assert meetings.exit_code == 0, meetings.output
    expected = io.StringIO()
    with open_store("memory") as memory:
        ingest([article], memory)
        render_result(memory.query(named_query("meetings")), "csv", expected)
    assert meetings.output == expected.getvalue()
    assert "William Burns" in meetings.output


def test_the_analysis_graph_of_virtuoso_is_the_memory_stores(remote):
    """``kg view``/``kg analyze`` read their graph with SELECT queries (sub-queries joined by
    hash, MINUS): on Virtuoso they give the nodes, edges and attributes the memory store gives."""
    from kg.analysis import to_networkx

    fill(remote)
    with open_store("memory") as memory:
        fill(memory)
        ours, theirs = to_networkx(remote), to_networkx(memory)
    def edges(graph):
        return sorted(graph.edges(keys=True, data=True), key=str)

    assert sorted(ours.nodes(data=True), key=str) == sorted(theirs.nodes(data=True), key=str)
    assert edges(ours) == edges(theirs)
    assert ours.number_of_nodes() == 11
