"""A bounded load run against a real `kg serve` process on loopback (prints figures; not a test).

``--clients`` threads (default 50) send a mix of ordinary reads for ``--seconds`` (default 20)
while, ``--runaway-at`` seconds in, one more client sends a runaway query (a count over a
four-way cross product, which never finishes). Prints requests, errors (any answer but
200 to an ordinary read), latency p50/p99/max, the runaway's status and when it was
answered, and the server's peak memory with its query workers. Everything is on 127.0.0.1
and every loop is bounded in time and count.

    python bench/bench_serve_load.py [--clients 50] [--seconds 20] [--timeout 2] [--triples 20000]

Measured (2026-12-01, 2 cores shared with other work, load average ~5; 20 k triples):

    query workers (issue 11)   2589-2757 requests, 0 errors, p50 360-366 ms, p99 1147-1247 ms;
                               runaway answered 503 after 2.01-2.02 s, its worker killed and
                               replaced (1); peak 243 MB for the server and its 4 workers
    before (threads, 1e340d3)  1943 requests, 0 errors, p50 502 ms, p99 1229 ms; the runaway
                               answered 503 after 2.04 s but kept running in the server
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE = "https://w3id.org/kg-diplomacy/"
DIP = "https://w3id.org/kg-diplomacy/ontology#"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
READS = [
    f"SELECT (COUNT(*) AS ?n) WHERE {{ ?p a <{DIP}Person> }}",
    f"SELECT ?p ?name WHERE {{ ?p a <{DIP}Person> ; <{LABEL}> ?name }} ORDER BY ?name LIMIT 20",
    f"ASK {{ ?e a <{DIP}Event> }}",
    f"SELECT ?e ?a WHERE {{ ?e <{DIP}participant> ?a }} LIMIT 50",
    f"CONSTRUCT {{ ?p <{LABEL}> ?n }} WHERE {{ ?p <{LABEL}> ?n }} LIMIT 30",
]
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
MAX_REQUESTS_PER_CLIENT = 100_000


def make_store(path: Path, triples: int) -> None:
    from kg.store import open_store

    lines = []
    people = max(10, triples // 10)
    for i in range(people):
        person = f"<{BASE}id/person/p{i}>"
        lines.append(f"{person} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{DIP}Person> .")
        lines.append(f'{person} <{LABEL}> "Person {i}" .')
    for i in range((triples - 2 * people) // 3):
        event = f"<{BASE}id/event/e{i}>"
        lines.append(f"{event} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{DIP}Event> .")
        lines.append(f"{event} <{DIP}participant> <{BASE}id/person/p{i % people}> .")
        lines.append(f"{event} <{DIP}participant> <{BASE}id/person/p{(i * 7 + 1) % people}> .")
    with open_store(str(path)) as store:
        store.import_rdf("\n".join(lines).encode(), "ntriples", f"{BASE}graph/load")


def children(pid: int) -> set[int]:
    with contextlib.suppress(OSError), open(f"/proc/{pid}/task/{pid}/children") as f:
        return {int(p) for p in f.read().split()}
    return set()


def rss_mb(pid: int) -> float:
    total = 0.0
    for p in [pid, *children(pid)]:
        with contextlib.suppress(OSError), open(f"/proc/{p}/status") as status:
            total += next((int(x.split()[1]) for x in status if x.startswith("VmRSS:")), 0) / 1024
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--timeout", type=float, default=2.0, help="the server's --timeout")
    parser.add_argument("--runaway-at", type=float, default=5.0)
    parser.add_argument("--triples", type=int, default=20_000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        make_store(store, args.triples)
        server = subprocess.Popen(
            [sys.executable, "-m", "kg", "serve", "--port", "0", "--quiet", "--store", str(store),
             "--timeout", str(args.timeout)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT,
            env={**os.environ, "KG_STORE": ""},
        )  # fmt: skip
        try:
            line = server.stderr.readline() if server.stderr else ""
            url = urllib.parse.urlsplit(line.split(" at ", 1)[1].split(" ", 1)[0])
            run(url.hostname or "127.0.0.1", url.port or 0, server.pid, args)
        finally:
            server.terminate()
            server.wait(timeout=10)


def run(host: str, port: int, pid: int, args) -> None:
    def get(conn: http.client.HTTPConnection, sparql: str) -> int:
        conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": sparql}))
        response = conn.getresponse()
        response.read()
        if response.getheader("Connection", "").lower() == "close":
            conn.close()
        return response.status

    deadline_ready = time.monotonic() + 20
    while True:  # the workers are up
        with contextlib.suppress(OSError):
            if get(http.client.HTTPConnection(host, port, timeout=5), "ASK {}") == 200:
                break
        if time.monotonic() > deadline_ready:
            raise SystemExit("the server did not start")
        time.sleep(0.1)

    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    start = time.monotonic()
    stop_at = start + args.seconds

    def client(number: int) -> None:
        conn = http.client.HTTPConnection(host, port, timeout=30)
        for i in range(MAX_REQUESTS_PER_CLIENT):
            if time.monotonic() >= stop_at:
                break
            sparql = READS[(number + i) % len(READS)]
            began = time.monotonic()
            try:
                status = get(conn, sparql)
            except (OSError, http.client.HTTPException) as error:
                status, conn = -1, http.client.HTTPConnection(host, port, timeout=30)
                with lock:
                    errors.append(type(error).__name__)
            elapsed = time.monotonic() - began
            with lock:
                latencies.append(elapsed)
                if status not in (200, -1):
                    errors.append(str(status))

    runaway: dict = {}

    def runaway_client() -> None:
        time.sleep(args.runaway_at)
        runaway["sent"] = time.monotonic() - start
        workers = children(pid)
        began = time.monotonic()
        try:
            runaway["status"] = get(http.client.HTTPConnection(host, port, timeout=60), RUNAWAY)
        except (OSError, http.client.HTTPException) as error:
            runaway["status"] = type(error).__name__
        runaway["seconds"] = time.monotonic() - began
        time.sleep(0.5)
        runaway["killed"] = len(workers - children(pid))

    peak = [0.0]
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], rss_mb(pid))
            time.sleep(0.1)

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(args.clients)]
    threads += [threading.Thread(target=runaway_client, daemon=True)]
    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(args.seconds + 90)
    done.set()
    total = time.monotonic() - start
    ordered = sorted(latencies)

    def pct(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else float("nan")

    print(f"clients {args.clients}, {total:.1f} s, server --timeout {args.timeout:g}")
    print(f"requests {len(latencies)} ({len(latencies) / args.seconds:.0f}/s), errors {len(errors)}"
          + (f" ({', '.join(sorted(set(errors)))})" if errors else ""))  # fmt: skip
    print(f"latency p50 {pct(0.50):.0f} ms, p99 {pct(0.99):.0f} ms, max {ordered[-1] * 1000:.0f} ms"
          if ordered else "no requests")  # fmt: skip
    if latencies:
        print(f"latency mean {statistics.mean(latencies) * 1000:.0f} ms")
    print(f"runaway sent at {runaway.get('sent', 0):.1f} s: HTTP {runaway.get('status')} after "
          f"{runaway.get('seconds', float('nan')):.2f} s; worker processes killed and replaced: "
          f"{runaway.get('killed')}")  # fmt: skip
    print(f"peak memory of server + workers {peak[0]:.0f} MB")


if __name__ == "__main__":
    main()
