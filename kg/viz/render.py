"""Analysis graph → pyvis Network → one self-contained, offline HTML page."""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import pyvis
from jinja2 import DictLoader, Environment
from markupsafe import Markup
from pyvis.network import Network
from rdflib import Graph

from kg.analysis import EVENT, filter_graph
from kg.analysis.build import build_graph, unasserted_events
from kg.analysis.detail import describe
from kg.analysis.evidence import add_evidence
from kg.analysis.filters import induced
from kg.analysis.metrics import simple
from kg.analysis.names import event_name, plain_type
from kg.analysis.reader import Reader
from kg.analysis.terms import role_words
from kg.errors import InputError
from kg.viz.facts import categories, panel_facts
from kg.viz.script import SCRIPT
from kg.viz.style import (
    CATEGORY_NAMES,
    EDGE_STYLE,
    EVENT_BORDER,
    EVENT_STYLE,
    LEGEND_NAMES,
    legend,
    node_style,
    physics,
)
from kg.viz.template import PAGE

if TYPE_CHECKING:
    from kg.store.base import Store

VIS_DIR = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
MAX_LABEL = 40
EVENT_FONT = 15  # px at zoom 1; the page never opens below MIN_SCALE (see script.py)
ENTITY_FONT = 16
MAX_FONT = 26
MIN_SCALE = 0.75  # the first screen's zoom floor: a 16 px label shows at 12 px
MAX_EVIDENCE = 3


def render_html(
    graph: nx.MultiGraph | Graph | Store,
    *,
    title: str,
    limit: int | None = None,
    actor: str | None = None,
    depth: int = 2,
    country: str | None = None,
    category: str | None = None,
    since: str | None = None,
    until: str | None = None,
    min_confidence: float = 0.0,
    height: str = "85vh",
) -> str:
    """The graph as one HTML page that needs no network: scripts and styles are inlined.

    ``graph`` is a store, an rdflib graph, or an analysis graph from ``kg.analysis``.
    Filters keep matching events and their actors (``actor`` keeps what lies within
    ``depth`` hops); ``limit`` keeps the most central nodes and says on the page what
    was left out. In the page, a click on a node lists its facts in a side panel, a search
    box finds a node by name, and checkboxes and a slider hide event categories and
    low-confidence events.
    """
    if limit is not None and limit < 1:
        raise InputError(f"limit must be a positive number, got {limit}")
    filters = {"actor": actor, "country": country, "category": category, "since": since, "until": until}
    filtered = any(filters.values()) or min_confidence > 0
    reader, unasserted = None, 0
    if isinstance(graph, nx.Graph):
        G = graph
    else:  # evidence is read for the drawn events only, unless it decides which are drawn;
        # a limited, unfiltered view reads labels and posts for the drawn nodes only, too
        reader = Reader(graph, evidence=min_confidence > 0, structure=limit is not None and not filtered)
        G = build_graph(reader)
        unasserted = unasserted_events(reader.rows)
    merged = sum(len(d.get("same_as") or ()) for _, d in G.nodes(data=True) if d["kind"] == EVENT)
    if filtered:  # else the page is drawn from G as it is
        G = filter_graph(G, depth=depth, min_confidence=min_confidence, **filters)
    label = (lambda nodes: describe(reader, G, nodes)) if reader is not None and reader.partial else None
    G, note = _limit(G, limit, label)
    if reader is not None and reader.partial:
        describe(reader, G)
    if reader is not None and not min_confidence:
        add_evidence(reader, G)
    net = Network(height=height, width="100%", heading=title, cdn_resources="in_line")
    net.nodes = [_node(G, n, d) for n, d in G.nodes(data=True)]
    net.edges = [_edge(G, i, u, v, d) for i, (u, v, d) in enumerate(G.edges(data=True))]
    net.options = physics(len(net.nodes))
    classes = {d["cls"] for _, d in G.nodes(data=True) if d["kind"] != EVENT}
    has_events = any(d["kind"] == EVENT for _, d in G.nodes(data=True))
    env = Environment(loader=DictLoader({"kg.html": PAGE, "kg.js": SCRIPT}), autoescape=True)
    env.globals.update(
        vis_js=Markup(_asset("vis-network.min.js")),
        vis_css=Markup(_asset("vis-network.css")),
        legend=legend(classes, has_events),
        note=note,
        summary=_summary(G, unasserted, merged),
        facts=panel_facts(G),
        categories=categories(G),
        class_names=LEGEND_NAMES,
        category_names=CATEGORY_NAMES,
        min_scale=MIN_SCALE,
    )
    net.templateEnv, net.path = env, "kg.html"
    return net.generate_html(name="graph.html", notebook=False)


@cache
def _asset(name: str) -> str:
    """A vis-network file shipped inside pyvis, made safe to inline in the page."""
    text = (VIS_DIR / name).read_text(encoding="utf-8")
    text = "\n".join(line for line in text.split("\n") if "sourceMappingURL" not in line)
    if "</script" in text.lower() or "</style" in text.lower():
        raise RuntimeError(f"{name} cannot be inlined: it closes its own element")
    return text


def _limit(
    G: nx.MultiGraph, limit: int | None, label: Callable[[list[str]], None] | None = None
) -> tuple[nx.MultiGraph, str | None]:
    """Keep the ``limit`` nodes with the highest PageRank (by label on a tie); say what was
    dropped. ``label`` gives the nodes tied at the cut their labels first, when G has none yet."""
    n, m = G.number_of_nodes(), G.number_of_edges()
    if limit is None or n <= limit:
        return G, None
    S = simple(G)
    rank = nx.pagerank(S) if S.number_of_edges() else {v: 1.0 for v in S}
    if label is not None:
        cut = sorted(rank.values(), reverse=True)[limit - 1]
        label([v for v in G if rank[v] == cut])
    keep = sorted(G, key=lambda v: (-rank[v], G.nodes[v]["label"]))[:limit]
    H = induced(G, keep)
    events = sum(1 for v in G if G.nodes[v]["kind"] == EVENT and v not in H)
    note = (
        f"Showing the {limit:,} most central of {n:,} nodes (by PageRank): "
        f"{n - limit:,} nodes ({events:,} of them events) and {m - H.number_of_edges():,} "
        "edges are left out. Filter by actor, country, category or dates to see them."
    )
    return H, note


def _summary(G: nx.MultiGraph, unasserted: int = 0, merged: int = 0) -> str:
    """What the page counts, in the words ``kg stats`` and ``kg analyze`` use."""
    events = sum(1 for _, d in G.nodes(data=True) if d["kind"] == EVENT)
    left_out = []
    if unasserted:
        left_out.append(f"{unasserted:,} denied, planned or hypothetical not drawn")
    if merged:
        left_out.append(f"{merged:,} reported twice drawn once")
    detail = f" ({'; '.join(left_out)})" if left_out else ""
    return (
        f"{G.number_of_nodes() - events:,} actors and places, {events:,} events that happened"
        f"{detail}, {G.number_of_edges():,} links. Hover over a node for a summary; "
        "click it for all its facts and evidence."
    )


def _short(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def _node(G: nx.MultiGraph, node: str, data: dict[str, Any]) -> dict[str, Any]:
    degree = G.degree(node)
    if data["kind"] == EVENT:
        kind = plain_type(data)
        label = _short(kind) + (f"\n{data['date']}" if data.get("date") else "")
        return {
            "id": node,
            "label": label,
            "shape": EVENT_STYLE[1],
            "color": {"background": EVENT_STYLE[0], "border": EVENT_BORDER},
            "font": {"size": EVENT_FONT},
            "tip": _event_tip(G, node, data),
        }
    color, shape = node_style(data.get("cls"))
    return {
        "id": node,
        "label": _short(data["label"]),
        "shape": shape,
        "color": color,
        "size": round(12 + 4 * math.sqrt(degree), 1),
        # the most connected actors are the ones a reader looks for first: larger names
        "font": {"size": min(ENTITY_FONT + round(2 * math.sqrt(degree)), MAX_FONT)},
        "tip": _entity_tip(data),
    }


def _entity_tip(data: dict[str, Any]) -> list[list[str]]:
    lines = [["h", data["label"]]]
    meta = data.get("cls") or "Actor"
    if data.get("country") and data.get("country") != data["label"]:
        meta += f" · {data['country']}"
    lines.append(["m", meta])
    if data.get("aliases"):
        lines.append(["m", "Also: " + ", ".join(data["aliases"])])
    if data.get("posts"):
        lines.append(["s", "Posts"])
        lines.extend(["m", post] for post in data["posts"])
    return lines


def _event_tip(G: nx.MultiGraph, node: str, data: dict[str, Any]) -> list[list[str]]:
    kind = plain_type(data)
    lines = [["h", f"{kind} — {data.get('date') or 'undated'}"], ["m", event_name(G, node)]]
    if data.get("place"):
        lines.append(["m", f"Place: {data['place']}"])
    who = []
    for _, v, d in G.edges(node, data=True):
        if d["kind"] == "participant":
            role = role_words(d.get("role"), data.get("category"))
            who.append(G.nodes[v]["label"] + ("" if role == "participant" else f" ({role})"))
    if who:
        lines.append(["m", "Participants: " + ", ".join(sorted(who))])
    codes = [f"CAMEO {data['cameo']}"] if data.get("cameo") else []
    if data.get("goldstein") is not None:
        codes.append(f"Goldstein {data['goldstein']:+.1f}")
    if codes:
        lines.append(["m", " · ".join(codes)])
    evidence = data.get("evidence") or []
    for item in evidence[:MAX_EVIDENCE]:
        lines.append(["q", f"“{item['sentence']}”"])
        source = ", ".join(x for x in (item.get("outlet"), item.get("published")) if x)
        if item.get("title"):
            source += f" — {item['title']}" if source else item["title"]
        if item.get("confidence") is not None:
            source += f" · confidence {item['confidence']:.2f}"
        lines.append(["src", source])
    if len(evidence) > MAX_EVIDENCE:
        lines.append(["m", f"and {len(evidence) - MAX_EVIDENCE} more sources"])
    return lines


def _edge(G: nx.MultiGraph, i: int, u: str, v: str, data: dict[str, Any]) -> dict[str, Any]:
    kind = data["kind"]
    if G.nodes[u]["kind"] != EVENT and G.nodes[v]["kind"] == EVENT:
        u, v = v, u  # event first, so "source"/"target" roles can point the right way
    edge: dict[str, Any] = {"id": i, "from": u, "to": v, **EDGE_STYLE[kind]}
    if kind == "participant":
        role = data.get("role") or "participant"
        # "source" would read as a news source: "speaker" of a statement, else "initiator"
        words = role_words(role, G.nodes[u].get("category"))
        if role != "participant":
            edge["label"] = words
        if role == "source":
            edge.update({"from": v, "to": u, "arrows": "to"})
        elif role == "target":
            edge["arrows"] = "to"
        edge["tip"] = [["m", f"{G.nodes[v]['label']}: {words} in {event_name(G, u)}"]]
    elif kind == "tenure":
        edge["label"] = _short(data.get("role") or "post")
        edge["tip"] = [["m", f"{data.get('post') or 'post'} (seen {data.get('date') or '?'})"]]
    elif kind == "affiliation":
        relation = data.get("relation") or "part of"
        edge["tip"] = [["m", f"{G.nodes[u]['label']}: {relation} {G.nodes[v]['label']}"]]
    else:
        edge["tip"] = [["m", f"{event_name(G, u)} took place in {G.nodes[v]['label']}"]]
    return edge
