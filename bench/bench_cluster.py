"""`kg ingest` throughput on Dask against the local pool, all into one `oxigraph serve` store
(prints figures).

Runs, each a fresh `kg ingest` process over the same folder of synthetic articles (those of
bench_ingest.py) into an emptied store: `--jobs 2`; `--cluster local:N` (a LocalCluster
started by the run); and `--cluster tcp://…` against a `dask scheduler` with `dask worker`
processes (one thread each) started here, on loopback, once: their spaCy is loaded by a
warm-up run first, as on a long-lived cluster. Each Dask run is repeated for every batch size.
The per-task cost is measured on its own too: tasks that carry a batch of the folder's
`Document` objects to a worker and return a small dict, as an ingest task does, without
extraction.

    python bench/bench_cluster.py [--articles 96] [--batches 8,32,64] [--workers 2]

Measured 2026-12-02 on this 2-core machine while other developers' work kept the load average
at 7-9, so every figure is slow and noisy (96 articles; steady = articles/s once started):

    run                               batch  start s  total s  articles/s  steady  ratio
    --jobs 2 (process pool)               8     20.0     90.1        1.07    1.36   1.00
    --cluster local:2 (started)           8     49.5    105.3        0.91    1.70   1.26
    --cluster local:2 (started)          32     49.5    149.5        0.64    0.95   0.70
    --cluster local:2 (started)          64     49.5    156.6        0.61    0.89   0.65
    --cluster scheduler + 2 workers       8     12.9     98.7        0.97    1.11   0.82
    --cluster scheduler + 2 workers      32     12.9    110.1        0.87    0.98   0.72
    --cluster scheduler + 2 workers      64     12.9    100.8        0.95    1.08   0.80

    Dask alone, per task (batch of Documents to a worker and back): 36.8 ms (batch 8),
    60.0 ms (32), 62.9 ms (64), i.e. 4.6 / 1.9 / 1.0 ms per article.

On one machine Dask is at or below the pool (0.7-0.8 of its steady rate with warm workers;
the local:2 batch-8 figure above 1 is noise of the shared machine), and a LocalCluster costs
about 30 s more to start. With 96 articles, batches of 32 and 64 make 3 and 2 tasks for two
workers, so one worker idles at the end: large batches need many more articles than workers.
The cost a real cluster pays per task is the Dask-alone figure (tens of ms, against about
0.5-1 s of extraction per article here), so batches of 8-32 keep it at a few per cent.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_ingest import make_folder

BIN = Path(sys.executable).parent
SUMMARY = re.compile(r"^(\d+) added, (\d+) replaced, (\d+) unchanged, (\d+) failed; ", re.M)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tool(name: str) -> str:
    local = BIN / name
    found = str(local) if local.exists() else shutil.which(name)
    if not found:
        sys.exit(f"{name} is not installed (pip install 'kg-diplomacy[dask]' oxigraph)")
    return found


def wait_for(url: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.1)
    sys.exit(f"{url} did not answer")


def empty(store: str) -> None:
    from kg.store import open_store

    with open_store(store) as st:
        st.update("DROP ALL")


def ingest(folder: Path, store: str, *options: str, expect: int) -> float:
    empty(store)
    started = time.perf_counter()
    run = subprocess.run(
        [str(BIN / "kg"), "ingest", str(folder), "--store", store, *options], capture_output=True,
        text=True, timeout=3600, env={**os.environ, "KG_STORE": ""},
    )  # fmt: skip
    seconds = time.perf_counter() - started
    match = SUMMARY.search(run.stderr)
    if run.returncode != 0 or not match or int(match.group(1)) != expect:
        sys.exit(f"kg ingest {' '.join(options)} failed:\n{run.stderr}")
    return seconds


def _echo(documents: list) -> dict:
    return {"documents": [{"events": 0} for _ in documents], "part": None}


def task_overhead(address: str, folder: Path, batch: int, tasks: int = 200) -> float:
    """Seconds per task for Dask alone: ship a batch of Documents, return one dict per
    document, at most 2 tasks per worker thread in flight (as ``kg ingest --cluster``)."""
    from distributed import Client, as_completed

    from kg.documents import read_path

    documents = [read_path(p) for p in sorted(folder.glob("*.txt"))]
    with Client(address, timeout=30) as client:
        limit = 2 * sum(client.nthreads().values())
        started = time.perf_counter()
        completed = as_completed()
        submitted = 0

        def submit() -> None:
            nonlocal submitted
            start = (submitted * batch) % max(1, len(documents) - batch)
            completed.add(client.submit(_echo, documents[start : start + batch], pure=False))
            submitted += 1

        while submitted < min(limit, tasks):
            submit()
        for future in completed:
            future.result()
            if submitted < tasks:
                submit()
        return (time.perf_counter() - started) / tasks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=96)
    parser.add_argument("--batches", default="8,32,64")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    batches = [int(b) for b in args.batches.split(",")]
    procs: list[subprocess.Popen] = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-cluster-") as name:
        tmp = Path(name)
        folder, warm = tmp / "articles", tmp / "warm-up"
        words = make_folder(folder, args.articles)
        make_folder(warm, 4)
        one = tmp / "one"
        make_folder(one, 1)
        try:
            port = free_port()
            procs.append(subprocess.Popen(
                [tool("oxigraph"), "serve", "--location", str(tmp / "oxigraph"), "--bind",
                 f"127.0.0.1:{port}", "--union-default-graph"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            ))  # fmt: skip
            store = f"http://127.0.0.1:{port}"
            wait_for(f"{store}/query?query=ASK%7B%7D", procs[-1])
            sched = free_port()
            address = f"tcp://127.0.0.1:{sched}"
            procs.append(subprocess.Popen(
                [tool("dask"), "scheduler", "--host", "127.0.0.1", "--port", str(sched), "--no-dashboard"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            ))  # fmt: skip
            for n in range(args.workers):
                procs.append(subprocess.Popen(
                    [tool("dask"), "worker", address, "--nthreads", "1", "--no-nanny", "--host",
                     "127.0.0.1", "--no-dashboard", "--name", f"bench-{n}"],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                ))  # fmt: skip
            from distributed import Client

            with Client(address, timeout=30) as client:
                client.wait_for_workers(args.workers, timeout=120)
            ingest(warm, store, "--cluster", address, "--batch", "1", expect=4)  # spaCy loads on each worker

            print(f"{args.articles} articles ({words} words), store: oxigraph serve on loopback; "
                  f"{os.cpu_count()} cores")  # fmt: skip
            print(f"{'run':<34} {'batch':>5} {'start':>7} {'seconds':>8} {'articles/s':>10} "
                  f"{'steady':>7} {'ratio':>6} {'tasks':>5} {'s/task+':>10}")  # fmt: skip
            n = args.articles
            pool_start = ingest(one, store, "--jobs", "2", expect=1)
            pool = ingest(folder, store, "--jobs", "2", expect=n)
            steady = (n - 1) / (pool - pool_start)
            print(f"{'--jobs 2 (process pool)':<34} {8:>5} {pool_start:>7.1f} {pool:>8.1f} {n / pool:>10.2f} "
                  f"{steady:>7.2f} {1:>6.2f} {'-':>5} {'-':>10}", flush=True)  # fmt: skip
            runs = [(f"--cluster local:{args.workers} (started)", f"local:{args.workers}"),
                    (f"--cluster scheduler + {args.workers} workers", address)]  # fmt: skip
            for label, cluster in runs:
                start = ingest(one, store, "--cluster", cluster, "--batch", "1", expect=1)
                for batch in batches:
                    seconds = ingest(folder, store, "--cluster", cluster, "--batch", str(batch), expect=n)
                    tasks = -(-n // batch)
                    rate = (n - 1) / (seconds - start)
                    extra = ((seconds - start) - (pool - pool_start)) / tasks
                    print(f"{label:<34} {batch:>5} {start:>7.1f} {seconds:>8.1f} {n / seconds:>10.2f} "
                          f"{rate:>7.2f} {rate / steady:>6.2f} {tasks:>5} {extra:>10.3f}",
                          flush=True)  # fmt: skip
            print()
            print(f"Dask alone, per task (a batch of Documents to a worker and back, "
                  f"{args.workers} workers, 200 tasks):")  # fmt: skip
            for batch in batches:
                per = task_overhead(address, folder, batch)
                print(f"  batch {batch:>3}: {per * 1000:7.1f} ms per task, "
                      f"{per / batch * 1000:6.2f} ms per article", flush=True)  # fmt: skip
        finally:
            for proc in reversed(procs):
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
    print("start: wall seconds of an ingest of one article (process start, spaCy in new workers, "
          "vocabulary); seconds: of the whole folder (start-up included; --jobs 2 and local:N load spaCy "
          "in each run, the scheduler's workers were warmed once); articles/s: n / seconds; steady: "
          "(n - 1) / (seconds - start); ratio: steady / --jobs 2's steady; s/task+: the run's steady "
          "seconds minus the pool's, per task")  # fmt: skip


if __name__ == "__main__":
    main()
