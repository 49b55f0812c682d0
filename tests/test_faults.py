"""Faults: SIGKILL in the middle of an ingest, readers during an ingest, a locked, a read-only
and a full store. Real processes, a real server, real (tmpfs) filesystems."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kg.serve import make_server
from kg.store import open_store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "articles"
DIP = "https://w3id.org/kg-diplomacy/ontology#"
PER_DOCUMENT = f"""SELECT ?g (COUNT(DISTINCT ?m) AS ?mentions) WHERE {{
  GRAPH ?g {{ ?d a <{DIP}SourceDocument> OPTIONAL {{ ?m a <{DIP}Mention> }} }}
}} GROUP BY ?g"""
ENV = {**os.environ, "KG_STORE": ""}


def kg_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "kg", *args]


def article_folder(folder: Path, copies: int = 2) -> Path:
    """The example articles, ``copies`` times over, each copy with its own URL and title."""
    folder.mkdir(parents=True)
    for copy in range(copies):
        for path in sorted(EXAMPLES.glob("*.txt")):
            text = path.read_text("utf-8")
            if copy:
                text = text.replace("\nurl: ", f"\nurl: https://copy{copy}.example/?u=", 1)
                text = text.replace("\ntitle: ", f"\ntitle: Copy {copy}: ", 1)
            (folder / f"{copy}-{path.name}").write_text(text, "utf-8")
    return folder


def graphs(store) -> dict[str, set[str]]:
    """Each named graph's quads as N-Quads lines."""
    import io

    out = io.BytesIO()
    store.export("nquads", out)
    by_graph: dict[str, set[str]] = {}
    for line in out.getvalue().decode("utf-8").splitlines():
        graph = line.rsplit(" ", 2)[-2]
        by_graph.setdefault(graph, set()).add(line)
    return by_graph


SHARED = "<https://w3id.org/kg-diplomacy/id/graph/shared>"


def consistent(after: dict[str, set[str]], reference: dict[str, set[str]]) -> None:
    """Every document graph is whole (as in the uninterrupted run), and the shared graph
    holds exactly the shared triples the stored documents state (kgs:states records), each
    one also in the uninterrupted run's shared graph: no part of a document anywhere."""
    import pyoxigraph as ox

    from kg.store.base import STATES, statement_hash

    for graph, quads in after.items():
        if graph != SHARED:
            assert quads == reference[graph], f"{graph} is not the whole document graph"
    stated = {
        digest
        for graph, quads in after.items() if graph != SHARED
        for q in ox.parse("\n".join(quads).encode(), format=ox.RdfFormat.N_QUADS)
        if q.predicate == STATES
        for digest in q.object.value.split()
    }  # fmt: skip
    shared = after.get(SHARED, set())
    hashes = {
        statement_hash((q.subject, q.predicate, q.object))
        for q in ox.parse("\n".join(shared).encode(), format=ox.RdfFormat.N_QUADS)
    }
    assert hashes == stated
    assert shared <= reference[SHARED]


def whole_documents(store) -> int:
    """Number of stored documents; fails if any lacks its SourceDocument node or mentions."""
    rows = store.query(PER_DOCUMENT).rows
    assert all(int(r["mentions"]) > 0 for r in rows), rows
    return len(rows)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """Enough articles that an ingest outlasts a few of its one-second writes (COMMIT_SECONDS)."""
    return article_folder(tmp_path_factory.mktemp("faults") / "articles", copies=6)


@pytest.fixture(scope="module")
def reference(folder, tmp_path_factory) -> dict[str, set[str]]:
    """The graphs an uninterrupted `kg ingest` of the folder writes (a process like the ones
    under test, so they run the same code, on the same backend)."""
    path = tmp_path_factory.mktemp("reference") / "store"
    done = subprocess.run(kg_command("ingest", str(folder), "--store", str(path), "--quiet"),
                          capture_output=True, text=True, env=ENV, timeout=180)  # fmt: skip
    assert done.returncode == 0, done.stderr
    with open_store(str(path)) as store:
        return graphs(store)


# -- SIGKILL ----------------------------------------------------------------------------------
def test_sigkill_mid_folder_leaves_whole_documents_and_a_rerun_completes(folder, reference, tmp_path):
    store_path = tmp_path / "store"
    total = len(list(folder.iterdir()))
    primary, replica = pty.openpty()  # a terminal on stderr, so kg ingest shows its progress
    process = subprocess.Popen(
        kg_command("ingest", str(folder), "--store", str(store_path)),
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=replica, env=ENV,
    )  # fmt: skip
    os.close(replica)
    seen = b""
    deadline = time.monotonic() + 120
    try:  # progress names a document once it is stored: kill after the first ones
        while not (reported := re.findall(rf"\[(\d+)/{total}\] added".encode(), seen)):
            assert process.poll() is None and time.monotonic() < deadline, seen.decode(errors="replace")
            if select.select([primary], [], [], 0.5)[0]:
                seen += os.read(primary, 4096)
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=10) == -signal.SIGKILL
    finally:
        process.kill()
        os.close(primary)

    with open_store(str(store_path)) as store:
        stored = whole_documents(store)
        assert max(int(k) for k in reported) <= stored < total
        after_kill = graphs(store)
    consistent(after_kill, reference)

    done = subprocess.run(kg_command("ingest", str(folder), "--store", str(store_path)),
                          capture_output=True, text=True, env=ENV, timeout=180)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith(f"{total - stored} added, 0 replaced, {stored} unchanged, 0 failed;")
    with open_store(str(store_path)) as store:
        assert whole_documents(store) == total
        assert graphs(store) == reference


def test_jobs_2_writes_the_same_graphs_and_a_sigkill_leaves_no_workers(folder, reference, tmp_path):
    """Killing a --jobs 2 ingest while its workers run leaves whole documents and no workers
    behind; the rerun gives the same graphs as one process."""
    store_path = tmp_path / "store"
    total = len(list(folder.iterdir()))
    process = subprocess.Popen(
        kg_command("ingest", str(folder), "--store", str(store_path), "--jobs", "2"),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV,
    )  # fmt: skip
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    while len(workers) < 2 and time.monotonic() < deadline:  # the pool's spawned workers
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
        if children.exists():
            workers = {int(p) for p in children.read_text().split()
                       if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes()}  # fmt: skip
        time.sleep(0.2)
    assert len(workers) == 2, "the workers did not start"
    time.sleep(1)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    deadline = time.monotonic() + 15
    while any(Path(f"/proc/{p}").exists() for p in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = [p for p in workers if Path(f"/proc/{p}").exists()]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, "worker processes outlived the killed ingest"

    with open_store(str(store_path)) as store:
        whole_documents(store)
        consistent(graphs(store), reference)
    done = subprocess.run(kg_command("ingest", str(folder), "--store", str(store_path), "-j", "2"),
                          capture_output=True, text=True, env=ENV, timeout=180)  # fmt: skip
    assert done.returncode == 0, done.stderr
    with open_store(str(store_path)) as store:
        assert whole_documents(store) == total
        assert graphs(store) == reference


# -- readers during an ingest -------------------------------------------------------------------
READER = """
import json, sys, time
from pathlib import Path
from kg.store import open_store
url, stop, query = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
counts = []
with open_store(url) as store:
    while True:
        last = stop.exists()
        rows = store.query(query).rows
        if any(int(r["mentions"]) == 0 for r in rows):
            sys.exit(f"a document without mentions: {rows}")
        counts.append(len(rows))
        if last:
            break
        time.sleep(0.02)
print(json.dumps(counts))
"""


def test_two_readers_see_only_whole_documents_while_one_process_ingests(folder, tmp_path):
    stop = tmp_path / "stop"
    with open_store(str(tmp_path / "store")) as store:
        server = make_server(store, port=0, allow_update=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        endpoint = f"{server.url}sparql"
        try:
            readers = [
                subprocess.Popen([sys.executable, "-c", READER, endpoint, str(stop), PER_DOCUMENT],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
                for _ in range(2)
            ]  # fmt: skip
            ingest = subprocess.run(kg_command("ingest", str(folder), "--store", endpoint),
                                    capture_output=True, text=True, env=ENV, timeout=180)  # fmt: skip
            stop.touch()
            outputs = [r.communicate(timeout=60) for r in readers]
        finally:
            server.shutdown()
            server.server_close()
    total = len(list(folder.iterdir()))
    assert ingest.returncode == 0, ingest.stderr
    assert ingest.stderr.startswith(f"{total} added, 0 replaced, 0 unchanged, 0 failed;")
    for reader, (out, err) in zip(readers, outputs, strict=True):
        assert reader.returncode == 0, err
        counts = json.loads(out)
        assert counts == sorted(counts), counts  # monotone
        assert counts[-1] == total
        assert len(set(counts)) > 1, counts  # the readers did run during the ingest


# -- a locked, a read-only and a full store ---------------------------------------------------
def test_a_store_in_use_is_one_clear_line(tmp_path):
    path = tmp_path / "store"
    with open_store(str(path)):
        done = subprocess.run(kg_command("ingest", str(EXAMPLES), "--store", str(path)),
                              capture_output=True, text=True, env=ENV, timeout=120)  # fmt: skip
    assert done.returncode == 1
    assert done.stderr == (
        f"Error: store {path} is in use by another process: close it or use another --store\n"
    )


def _mount_tmpfs(where: Path, size: str) -> None:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root to mount a small tmpfs")
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True, text=True)  # fmt: skip
    if done.returncode != 0:
        where.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")


@pytest.fixture
def small_fs(tmp_path):
    """A 64 MB tmpfs (root only), unmounted afterwards; yields (mount point, remount)."""
    where = tmp_path / "fs"
    _mount_tmpfs(where, "64m")

    def remount(options: str) -> None:
        subprocess.run(["mount", "-o", f"remount,{options}", str(where)], check=True)

    try:
        yield where, remount
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_a_read_only_store_folder_is_one_clear_line(small_fs):
    where, remount = small_fs
    path = where / "store"
    with open_store(str(path)) as store:
        store.update("INSERT DATA { <http://a> <http://b> <http://c> }")
    remount("ro")
    done = subprocess.run(kg_command("ingest", str(EXAMPLES), "--store", str(path)),
                          capture_output=True, text=True, env=ENV, timeout=120)  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith(f"Error: cannot open store {path} (")
    assert done.stderr.endswith("): check the folder is writable and is a kg store\n")


def test_compact_on_a_full_disk_leaves_no_copy_and_the_store_as_it_was(small_fs, tmp_path):
    where, _ = small_fs
    path = tmp_path / "store"
    triples = " ".join(f'<http://x/s{i}> <http://x/p> "value number {i}" .' for i in range(30_000))
    with open_store(str(path)) as store:
        store.update(f"INSERT DATA {{ GRAPH <http://x/g> {{ {triples} }} }}")
        before = sorted(map(str, store.raw))
    free = shutil.disk_usage(where).free
    (where / "filler").write_bytes(b"\0" * (free - 512 * 1024))  # leave about 0.5 MB
    done = subprocess.run(kg_command("compact", str(where / "copy"), "--store", str(path)),
                          capture_output=True, text=True, env=ENV, timeout=120)  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    copy = where / "copy"
    assert done.stderr.startswith(f"Error: could not write the compacted store {copy}: "), done.stderr
    assert "No space left on device" in done.stderr, done.stderr
    assert sorted(p.name for p in where.iterdir()) == ["filler"]  # no copy, no partial folder
    with open_store(str(path), read_only=True) as store:
        assert sorted(map(str, store.raw)) == before


def test_a_full_disk_is_one_clear_line_and_the_store_stays_whole(small_fs, folder, tmp_path):
    where, _ = small_fs
    path = where / "store"
    with open_store(str(path)) as store:
        store.update("INSERT DATA { <http://a> <http://b> <http://c> }")
    free = shutil.disk_usage(where).free
    (where / "filler").write_bytes(b"\0" * (free - 2 * 1024 * 1024))  # leave about 2 MB
    done = subprocess.run(kg_command("ingest", str(folder), "--store", str(path)),
                          capture_output=True, text=True, env=ENV, timeout=180)  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith("Error: could not write the store: "), done.stderr
    assert "No space left on device" in done.stderr, done.stderr
    assert not list(path.glob("bulk-*.sst")), "a failed bulk load left its tables behind"
    (where / "filler").unlink()
    with open_store(str(path)) as store:
        whole_documents(store)
