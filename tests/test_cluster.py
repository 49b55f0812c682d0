"""``kg ingest --cluster`` with real parts: a ``dask scheduler``, two ``dask worker`` processes
and an ``oxigraph serve`` store, all on loopback; the store must equal a local ingest."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="dask is not installed: pip install 'kg-diplomacy[dask]'")

from distributed import Client
from servers import free_port, oxigraph_server, stop, tool

from kg.store import open_store

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = sorted((ROOT / "examples" / "articles").glob("*.txt"))[:5]
BIN = Path(sys.executable).parent
SUMMARY = re.compile(r"^(\d+) added, (\d+) replaced, (\d+) unchanged, (\d+) failed; ", re.M)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``oxigraph serve`` on a free loopback port."""
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph-cluster"), union=True) as url:
        yield url


class Cluster:
    """A ``dask scheduler`` and its ``dask worker`` processes (no nanny: a SIGKILLed worker
    stays dead), started by the test and stopped by it."""

    def __init__(self) -> None:
        self.port = free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        self.workers: list[subprocess.Popen] = []
        self.scheduler = subprocess.Popen(
            [tool("dask"), "scheduler", "--host", "127.0.0.1", "--port", str(self.port), "--no-dashboard"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        self.client = Client(self.address, timeout=30)

    def add_worker(self) -> None:
        worker = subprocess.Popen(
            [tool("dask"), "worker", self.address, "--nthreads", "1", "--no-nanny",
             "--host", "127.0.0.1", "--no-dashboard", "--name", f"w{len(self.workers)}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        self.workers.append(worker)

    def ensure_workers(self, n: int) -> None:
        alive = [w for w in self.workers if w.poll() is None]
        for _ in range(n - len(alive)):
            self.add_worker()
        self.client.wait_for_workers(n, timeout=60)

    def worker_deaths(self) -> int:
        def count(dask_scheduler=None) -> int:
            prefix = dask_scheduler.task_prefixes.get("kg-batch")
            return prefix.suspicious if prefix is not None else 0

        return self.client.run_on_scheduler(count)

    def idle(self, timeout: float = 60) -> None:
        """Wait until no task is left on the scheduler or on a worker (a worker finishes the
        task it runs for a client that died, after the scheduler forgot it)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            on_scheduler = self.client.run_on_scheduler(lambda dask_scheduler=None: len(dask_scheduler.tasks))
            on_workers = self.client.run(lambda dask_worker=None: len(dask_worker.state.tasks))
            if not on_scheduler and not any(on_workers.values()):
                return
            time.sleep(0.2)
        pytest.fail("the scheduler still holds tasks")

    def close(self) -> None:
        self.client.close()
        for worker in self.workers:
            stop(worker)
        stop(self.scheduler)


@pytest.fixture(scope="module")
def cluster():
    if tool("dask") is None:
        pytest.skip("the dask command is not installed: pip install 'kg-diplomacy[dask]'")
    running = Cluster()
    try:
        yield running
    finally:
        running.close()


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """Five example articles and an empty file (the same path for every run: a document records
    its source)."""
    target = tmp_path_factory.mktemp("cluster") / "articles"
    target.mkdir()
    for path in ARTICLES:
        shutil.copy(path, target / path.name)
    (target / "empty.txt").write_bytes(b"")
    return target


@pytest.fixture(scope="module")
def local_nquads(folder, tmp_path_factory) -> bytes:
    """The same folder ingested by one local process into an embedded store."""
    import kg

    with kg.open_store(str(tmp_path_factory.mktemp("local-store") / "store")) as store:
        report = kg.ingest([str(folder)], store)
        assert len(report.added) == len(ARTICLES) and len(report.failed) == 1
        return export(store)


@pytest.fixture
def store_url(server) -> str:
    with open_store(server) as store:
        store.update("DROP ALL")
    return server


def export(store) -> bytes:
    import io

    out = io.BytesIO()
    store.export("nquads", out)
    return out.getvalue()


def remote_nquads(url: str) -> bytes:
    with open_store(url) as store:
        return export(store)


def stored_documents(url: str) -> int:
    with open_store(url) as store:
        rows = store.query(
            "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?d <https://w3id.org/kg-diplomacy/"
            "ontology#contentHash> ?h } FILTER(!STRENDS(STR(?g), '/vocabulary')) }"
        ).rows
    return int(rows[0]["n"].toPython())


def kg_ingest(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "kg"), "ingest", *args], capture_output=True, text=True, timeout=timeout,
        env={**os.environ, "KG_STORE": ""},
    )  # fmt: skip


def summary(stderr: str) -> tuple[int, int, int, int]:
    match = SUMMARY.search(stderr)
    assert match, stderr
    return tuple(int(n) for n in match.groups())  # type: ignore[return-value]


def test_two_workers_fill_the_store_as_a_local_ingest_does(cluster, folder, store_url, local_nquads):
    cluster.ensure_workers(2)
    run = kg_ingest(str(folder), "--cluster", cluster.address, "--store", store_url, "--batch", "2")
    assert run.returncode == 0, run.stderr
    assert summary(run.stderr) == (len(ARTICLES), 0, 0, 1)
    empty = folder / "empty.txt"
    assert f"Skipped {empty}: {empty} is empty; give a file with article text\n" in run.stderr
    assert remote_nquads(store_url) == local_nquads
    again = kg_ingest(str(folder), "--cluster", cluster.address, "--store", store_url)
    assert again.returncode == 0, again.stderr
    assert summary(again.stderr) == (0, 0, len(ARTICLES), 1)
    assert remote_nquads(store_url) == local_nquads


def test_a_worker_killed_mid_run_loses_and_repeats_nothing(cluster, folder, store_url, local_nquads):
    cluster.ensure_workers(2)
    deaths = cluster.worker_deaths()
    client = subprocess.Popen(
        [str(BIN / "kg"), "ingest", str(folder), "--cluster", cluster.address, "--store", store_url,
         "--batch", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "KG_STORE": ""},
    )  # fmt: skip
    names = {f"w{i}": w for i, w in enumerate(cluster.workers) if w.poll() is None}
    killed = None
    deadline = time.monotonic() + 120
    while killed is None and time.monotonic() < deadline and client.poll() is None:
        info = cluster.client.scheduler_info()["workers"]
        for address, keys in cluster.client.processing().items():
            worker = names.get(str(info.get(address, {}).get("name")))
            if worker is not None and any(str(k).startswith("kg-batch") for k in keys):
                os.kill(worker.pid, signal.SIGKILL)  # a worker this test started, in the middle of a task
                killed = worker
                break
        time.sleep(0.02)
    _, err = client.communicate(timeout=300)
    assert killed is not None, f"the run ended before a worker could be killed: {err}"
    killed.wait(timeout=10)
    assert client.returncode == 0, err
    assert summary(err) == (len(ARTICLES), 0, 0, 1)
    assert cluster.worker_deaths() > deaths  # the scheduler ran the killed worker's task again
    assert remote_nquads(store_url) == local_nquads


def test_a_killed_client_is_finished_by_a_rerun_that_changes_nothing_stored(
    cluster, folder, store_url, local_nquads
):
    cluster.ensure_workers(2)
    client = subprocess.Popen(
        [str(BIN / "kg"), "ingest", str(folder), "--cluster", cluster.address, "--store", store_url,
         "--batch", "1"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env={**os.environ, "KG_STORE": ""},
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and client.poll() is None and stored_documents(store_url) == 0:
        time.sleep(0.02)
    running = client.poll() is None
    client.send_signal(signal.SIGKILL)
    client.wait(timeout=10)
    assert running, f"the run ended before the client could be killed: {client.stderr.read()}"
    cluster.idle()  # what the killed client had sent may still finish; then nothing runs
    stored = stored_documents(store_url)
    assert 1 <= stored <= len(ARTICLES)
    before = remote_nquads(store_url)
    rerun = kg_ingest(str(folder), "--cluster", cluster.address, "--store", store_url)
    assert rerun.returncode == 0, rerun.stderr
    assert summary(rerun.stderr) == (len(ARTICLES) - stored, 0, stored, 1)
    after = remote_nquads(store_url)
    assert set(before.splitlines()) <= set(after.splitlines())  # what was stored stays as it was
    assert after == local_nquads


def test_parts_load_into_a_store_as_a_local_ingest(cluster, folder, store_url, local_nquads, tmp_path):
    cluster.ensure_workers(2)
    parts = tmp_path / "parts"
    run = kg_ingest(str(folder), "--cluster", cluster.address, "-o", str(parts), "--batch", "2")
    assert run.returncode == 0, run.stderr
    assert summary(run.stderr) == (len(ARTICLES), 0, 0, 1)
    assert (parts / "vocabulary.nq").is_file()
    files = sorted(parts.glob("part-*.nq"))
    assert len(files) == (len(ARTICLES) + 1) // 2
    load = subprocess.run(
        [str(BIN / "kg"), "load", str(parts), "--store", store_url], capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip
    assert load.returncode == 0, load.stderr
    assert summary(load.stderr) == (len(ARTICLES), 0, 0, 0)
    assert remote_nquads(store_url) == local_nquads
    again = subprocess.run(
        [str(BIN / "kg"), "load", str(parts), "--store", store_url], capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip
    assert summary(again.stderr) == (0, 0, len(ARTICLES), 0)


def test_cluster_needs_an_endpoint_or_parts(folder, tmp_path):
    run = kg_ingest(str(folder), "--cluster", "local:1", "--store", str(tmp_path / "store"))
    assert run.returncode == 1
    assert "give a SPARQL endpoint URL as --store" in run.stderr
    assert not (tmp_path / "store").exists()
    usage = kg_ingest(str(folder), "--batch", "4")
    assert usage.returncode == 2 and "--batch and --output go with --cluster" in usage.stderr
