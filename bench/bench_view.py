"""Time the graph view: from a ~1 M-triple store, and on a synthetic 2,000-node graph.

    .venv/bin/python bench/bench_view.py [--triples 1000000] [--nodes 2000] [--limit N]

First a store shaped like real extractions (bench/synthetic_store.py; ``--restated`` for the
layout before issue 10, each description copied into every document) is bulk-loaded on disk
and reopened read-only, as ``kg view`` opens it; printed: seconds (wall and CPU) to build the
analysis graph from it with SELECT queries, to render a ``--limit 2000`` view of that graph,
to draw the same view from the store (which reads every node's place in the graph, then
labels, posts and evidence for the 2,000 drawn only: kg.analysis.detail), to render the whole
view, to rank actors (``kg analyze actors``), and the whole ``kg view --limit 2000`` and
``kg analyze actors`` processes; ``--compare`` adds the old path (copy the store into rdflib
with ``union_graph`` first).

Then the in-memory graph: seconds for to_networkx, render_html and, when /usr/bin/chromium
exists, the time until the page has drawn every node and its physics has stabilised and
stopped, and how long the page's own controls take: hiding and showing an event category,
moving the confidence slider, and filling the side panel for the busiest actor.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg.analysis import to_networkx
from kg.analysis.terms import DCTERMS, DIP, DIPT, ORG, PROV
from kg.viz import render_html

B = "https://w3id.org/kg-diplomacy/id/"
CHROMIUM = "/usr/bin/chromium"
TYPES = [("Meeting", "Meeting"), ("PhoneCall", "PhoneCall"), ("Warning", "Warning"),
         ("Sanction", "Sanction"), ("Visit", "Visit")]  # fmt: skip


def synthetic(nodes: int, seed: int = 1) -> Graph:
    """About ``nodes`` nodes: 30 % actors in 40 countries, 70 % events with 2–4 participants."""
    rng = random.Random(seed)
    g = Graph()
    countries = [URIRef(f"{B}country/c{i}") for i in range(40)]
    for i, c in enumerate(countries):
        g.add((c, RDF.type, DIP.Country))
        g.add((c, RDFS.label, Literal(f"Country {i}")))
    people = []
    for i in range(int(nodes * 0.3) - len(countries)):
        p = URIRef(f"{B}person/p{i}")
        people.append(p)
        g.add((p, RDF.type, DIP.Person))
        g.add((p, RDFS.label, Literal(f"Person {i}")))
        g.add((p, DIP.country, rng.choice(countries)))
    doc = URIRef(f"{B}doc/bench")
    g.add((doc, DCTERMS.title, Literal("Synthetic article")))
    g.add((doc, DIP.outletName, Literal("Bench Daily")))
    actors = people + countries
    weights = [1.0 / (1 + i) ** 0.6 for i in range(len(actors))]  # a few very busy actors
    for i in range(nodes - len(actors)):
        e = URIRef(f"{B}event/e{i}")
        etype, category = rng.choice(TYPES)
        date = f"20{rng.randint(18, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        g.add((e, RDF.type, DIP.Event))
        g.add((e, RDFS.label, Literal(f"{etype} {i}")))
        g.add((e, DIP.eventType, DIPT[etype]))
        g.add((e, DIP.category, DIPT[category]))
        g.add((e, DIP.modality, DIP.Asserted))
        g.add((e, DIP.date, Literal(date, datatype=XSD.date)))
        for a in set(rng.choices(actors, weights, k=rng.randint(2, 4))):
            g.add((e, DIP.hasParticipant, a))
        m = URIRef(f"{B}mention/bench/{i}")
        g.add((m, DIP.about, e))
        g.add((m, PROV.wasDerivedFrom, doc))
        g.add((m, DIP.sentence, Literal(f"Sentence number {i} reports the {etype.lower()}.")))
        g.add((m, DIP.confidence, Literal("0.8", datatype=XSD.decimal)))
    org = URIRef(f"{B}org/agency")
    g.add((org, RDF.type, DIP.IntelligenceAgency))
    g.add((org, RDFS.label, Literal("Agency")))
    for p in people[:20]:
        t = URIRef(f"{p}-tenure")
        g.add((t, RDF.type, DIP.Tenure))
        g.add((t, ORG.member, p))
        g.add((t, ORG.organization, org))
        g.add((t, DIP.roleName, Literal("officer")))
    return g


def timed(fn, repeat: int = 3):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


# Each runs inside the page and returns milliseconds; redraws wait for the next frame.
CONTROLS = {
    "uncheck category": """() => { const b = document.querySelector("#kg-categories input");
        const t = performance.now(); b.checked = false; b.dispatchEvent(new Event("change"));
        return performance.now() - t; }""",
    "check it again": """() => { const b = document.querySelector("#kg-categories input");
        const t = performance.now(); b.checked = true; b.dispatchEvent(new Event("change"));
        return performance.now() - t; }""",
    "confidence slider to 0.9": """() => { const s = document.getElementById("kg-confidence");
        const t = performance.now(); s.value = "0.9"; s.dispatchEvent(new Event("change"));
        s.value = "0"; s.dispatchEvent(new Event("change")); return (performance.now() - t) / 2; }""",
    "panel of the busiest actor": """() => { const id = kgNodes.getIds().reduce((a, b) =>
        kgNetwork.getConnectedNodes(b).length > kgNetwork.getConnectedNodes(a).length ? b : a);
        const t = performance.now(); kgSelect(id); return performance.now() - t; }""",
}


def browser_seconds(html: str) -> tuple[float, float, int, dict[str, float]]:
    """(seconds to first draw, seconds until physics stopped, nodes drawn, ms per control)."""
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        path = Path(tmp) / "bench.html"
        path.write_text(html, encoding="utf-8")
        browser = p.chromium.launch(executable_path=CHROMIUM, args=args)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.route("**/*", lambda r: r.abort() if r.request.url[:5] != "file:" else r.continue_())
        page.goto(path.as_uri(), wait_until="commit")
        page.wait_for_selector("body[data-stabilized=true]", state="attached", timeout=300_000)
        # both measured inside the page, from the start of navigation
        drawn, stable = (t / 1000 for t in page.evaluate("[kgDrawnAt, kgStabilizedAt]"))
        count = page.evaluate("Object.keys(kgNetwork.body.nodes).length")
        controls = {name: page.evaluate(script) for name, script in CONTROLS.items()}
        browser.close()
    return drawn, stable, count, controls


def clocked(fn):
    """(wall seconds, CPU seconds of this process, result) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def store_bench(triples: int, limit: int, compare: bool, shared: bool = True) -> None:
    """The view and the actor ranking read from a store on disk."""
    from synthetic_store import load_store

    from kg.analysis import actors
    from kg.store import open_store

    folder = Path(tempfile.mkdtemp(prefix="kg-bench-view-"))
    try:
        path = str(folder / "store")
        seconds, _, (store, count, docs) = clocked(lambda: load_store(triples, path, shared=shared))
        store.close()
        layout = "descriptions in the shared graph" if shared else "descriptions restated per document"
        print(f"store: {count:,} triples in {docs:,} documents ({layout}), bulk-loaded in {seconds:.1f} s")
        with open_store(str(folder / "store"), read_only=True) as st:
            wall, cpu, G = clocked(lambda: to_networkx(st))
            print(f"  to_networkx(store): {wall:.2f} s wall, {cpu:.2f} s CPU "
                  f"({G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges)")  # fmt: skip
            wall, cpu, html = clocked(lambda: render_html(G, title="bench", limit=limit))
            print(f"  render_html --limit {limit:,}: {wall:.2f} s wall, {cpu:.2f} s CPU "
                  f"({len(html) / 1e6:.1f} MB)")  # fmt: skip
            wall, cpu, html = clocked(lambda: render_html(st, title="bench", limit=limit))
            print(f"  view of the store, --limit {limit:,} (build + render): {wall:.2f} s wall, "
                  f"{cpu:.2f} s CPU")  # fmt: skip
            wall, cpu, html = clocked(lambda: render_html(G, title="bench"))
            print(f"  render_html, whole graph: {wall:.2f} s wall, {cpu:.2f} s CPU "
                  f"({len(html) / 1e6:.1f} MB)")  # fmt: skip
            wall, cpu, _ = clocked(lambda: actors(G, limit=20))
            print(f"  analyze actors on it: {wall:.2f} s wall, {cpu:.2f} s CPU")
            if compare:
                wall, cpu, g = clocked(st.union_graph)
                print(f"  old path: union_graph() copy into rdflib: {wall:.1f} s wall ({len(g):,} triples)")
                wall, cpu, _ = clocked(lambda: to_networkx(g))
                print(f"  old path: to_networkx(rdflib copy): {wall:.1f} s wall")
        kg = str(Path(sys.executable).with_name("kg"))
        for args in (["view", "--limit", str(limit), "-o", str(folder / "view.html")], ["analyze", "actors"]):
            wall, _, done = clocked(lambda args=args: subprocess.run(
                [kg, *args, "--store", str(folder / "store")], capture_output=True, text=True))  # fmt: skip
            status = "" if done.returncode == 0 else f" (exit {done.returncode}: {done.stderr.strip()})"
            print(f"  process `kg {' '.join(args[:3])}`: {wall:.2f} s wall{status}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="store size; 0 skips the store")
    parser.add_argument("--compare", action="store_true", help="also time the old whole-store copy")
    parser.add_argument("--restated", action="store_true", help="the store layout before issue 10")
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    if args.triples:
        store_bench(args.triples, args.limit or 2000, args.compare, shared=not args.restated)
    g = synthetic(args.nodes)
    print(f"synthetic graph: {len(g):,} triples")
    t, G = timed(lambda: to_networkx(g))
    print(f"to_networkx: {t:.3f} s  ({G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges)")
    t, html = timed(lambda: render_html(G, title="bench", limit=args.limit))
    print(f"render_html: {t:.3f} s  ({len(html) / 1e6:.2f} MB of HTML)")
    if args.no_browser:
        print("chromium: skipped (--no-browser)")
    elif os.access(CHROMIUM, os.X_OK):
        drawn, stable, count, controls = browser_seconds(html)
        print(f"chromium: network built after {drawn:.2f} s, physics stabilised and off after "
              f"{stable:.2f} s ({count:,} nodes drawn)")  # fmt: skip
        for name, ms in controls.items():
            print(f"  {name}: {ms:.0f} ms")
    else:
        print(f"chromium: skipped ({CHROMIUM} not installed)")


if __name__ == "__main__":
    main()
