"""kg.viz.render_html: a self-contained page whose data is escaped, built from test graphs."""

from __future__ import annotations

import json
import re

import pytest
from graphdata import (
    S_ANKARA,
    S_ANKARA_2,
    XSS_LABEL,
    XSS_SENTENCE,
    GraphBuilder,
    hostile_builder,
    sample_builder,
)

from kg.analysis import to_networkx
from kg.errors import InputError
from kg.viz import render_html
from kg.viz.script import SCRIPT

B = "https://w3id.org/kg-diplomacy/id/"


def data(html: str, which: str) -> list[dict]:
    """The node or edge list handed to vis.DataSet in the page."""
    found = re.search(rf"var {which} = new vis\.DataSet\(withTips\((.*?)\)\);\n", html, re.S)
    assert found, f"no {which} DataSet in the page"
    return json.loads(found.group(1))


def facts(html: str) -> dict[str, dict]:
    """The side panel's facts per node, as handed to the page's script."""
    found = re.search(r"var facts = (.*);\n", html)
    assert found, "no facts in the page"
    return json.loads(found.group(1))


def own(html: str) -> str:
    """The page without the inlined vis-network script and stylesheet (the vendor code)."""
    html = re.sub(r"<style>.*?</style>", "", html, count=1, flags=re.S)
    return re.sub(r"<script>.*?</script>", "", html, count=1, flags=re.S)


@pytest.fixture(scope="module")
def store():
    return hostile_builder().union()


@pytest.fixture(scope="module")
def html(store) -> str:
    return render_html(store, title="Spy chiefs <b>& friends</b>")


def test_page_is_self_contained(html):
    assert html.startswith("<!DOCTYPE html>")
    # Nothing is loaded from anywhere: no src/href other than data: URLs, no @import.
    refs = re.findall(r"""<[a-z][^>]*\b(?:src|href)\s*=\s*["']?([^"'\s>]*)""", own(html))
    assert refs == ["data:,"]
    assert "@import" not in html
    assert "sourceMappingURL" not in html
    assert "cdn" not in own(html).lower()  # no CDN link of any kind (pyvis adds Bootstrap)
    assert "default-src 'none'" in html  # and the browser is told to refuse any request
    assert "vis.Network" in html and own(html).count("<script") == 1


def test_no_files_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    render_html(sample_builder().union(), title="x")
    assert list(tmp_path.iterdir()) == []


def test_nodes_and_edges_match_the_graph(store, html):
    G = to_networkx(store)
    nodes, edges = data(html, "nodes"), data(html, "edges")
    assert sorted(n["id"] for n in nodes) == sorted(G.nodes)
    assert len(edges) == G.number_of_edges()
    assert len({e["id"] for e in edges}) == len(edges)


def test_styles_by_class_and_event_labels(html):
    nodes = {"/".join(n["id"].rsplit("/", 2)[-2:]): n for n in data(html, "nodes")}
    assert (nodes["person/william-burns"]["shape"], nodes["person/william-burns"]["color"]) == (
        "dot", "#4e79a7",
    )  # fmt: skip
    assert nodes["org/cia"]["shape"] == "diamond"
    assert nodes["country/russia"]["shape"] == "square"
    assert nodes["place/ankara"]["shape"] == "triangle"
    event = nodes["event/e1-ankara"]
    assert event["shape"] == "box"
    assert event["label"] == "Meeting\n2022-11-14"  # plain words, not "Meeting at a third location"
    assert nodes["event/e7-beijing"]["label"] == "Meeting"  # no "undated" line
    assert event["font"] == {"size": 15}
    # names grow with the number of links: Lavrov (3 events) over Nicholas Burns (1)
    assert nodes["person/sergei-lavrov"]["font"] == {"size": 19}
    assert nodes["person/nicholas-burns"]["font"] == {"size": 18}


def test_tooltips_carry_posts_and_evidence(html):
    nodes = {n["id"].rsplit("/", 1)[-1]: n for n in data(html, "nodes")}
    burns = [text for _, text in nodes["william-burns"]["tip"]]
    assert burns[:2] == ["William Burns", "Person · United States"]
    assert "director of CIA" in burns
    event = [text for _, text in nodes["e1-ankara"]["tip"]]
    assert f"“{S_ANKARA}”" in event
    assert (
        "The Moscow Times, 2022-11-14 — U.S. and Russian Spy Chiefs Hold Talks in Ankara · confidence 0.90"
    ) in event
    assert "Place: Ankara" in event
    assert "Participants: Sergei Naryshkin, William Burns" in event
    edges = data(html, "edges")
    roles = {e.get("label") for e in edges}
    assert {"speaker", "target", "director"} <= roles  # a warning's source speaks
    assert "source" not in roles
    assert any(e.get("dashes") for e in edges)  # the place edges


def test_legend_lists_the_classes_present(html):
    legend = re.search(r'<div id="legend">(.*?)</div>', html, re.S).group(1)
    for name in ("Person", "Intelligence agency", "Country", "City", "Event (type, date)",
                 "took place in", "holds a post in"):  # fmt: skip
        assert name in legend
    assert "Media outlet" not in legend


def test_every_text_from_the_data_is_escaped(html):
    html = own(html)
    assert "<img" not in html
    assert "<script>alert" not in html and "</script><script>" not in html
    assert "<b>" not in html and "<i>Outlet" not in html
    assert "Spy chiefs &lt;b&gt;&amp; friends&lt;/b&gt;" in html
    nodes = data(html, "nodes")
    assert XSS_LABEL in [n["label"] for n in nodes]  # the label survives, as text
    tips = [text for n in nodes for _, text in n["tip"]]
    assert f"“{XSS_SENTENCE}”" in tips
    # tooltips become DOM text, never markup
    assert "textContent = line[1]" in html and "innerHTML" not in html.split("vis.Network")[-1]


def test_limit_keeps_the_most_central_and_says_what_is_missing(store):
    G = to_networkx(store)
    html = render_html(store, title="t", limit=5)
    nodes = data(html, "nodes")
    assert len(nodes) == 5
    n = G.number_of_nodes()
    note = re.search(r'<p class="note" id="note">(.*?)</p>', html).group(1)
    assert note.startswith(f"Showing the 5 most central of {n} nodes (by PageRank): {n - 5} nodes")
    assert 'id="note"' not in render_html(store, title="t", limit=500)
    with pytest.raises(InputError):
        render_html(store, title="t", limit=0)


def test_filters(store):
    ids = lambda html: {n["id"].rsplit("/", 1)[-1] for n in data(html, "nodes")}  # noqa: E731
    sanctions = ids(render_html(store, title="t", category="sanction"))
    assert sanctions == {"e6-sanction", "united-states", "svr", "sergei-naryshkin"}
    assert ids(render_html(store, title="t", actor="Wang Yi", depth=2)) == {
        "wang-yi", "e7-beijing", "nicholas-burns",
    }  # fmt: skip
    dated = ids(render_html(store, title="t", since="2023-01-11", min_confidence=0.5))
    assert dated == {"e8-xss", "xss", "sergei-lavrov"}
    turkey = ids(render_html(store, title="t", country="Turkey", until="2022-06"))
    assert turkey == {"e4-talks", "recep-tayyip-erdogan", "sergei-lavrov", "ankara"}
    with pytest.raises(InputError):
        render_html(store, title="t", since="yesterday")


def test_accepts_an_analysis_graph_and_an_empty_one(store):
    G = to_networkx(store)
    assert data(render_html(G, title="t"), "nodes") == data(render_html(store, title="t"), "nodes")
    empty = render_html(G, title="t", category="Detention")
    assert data(empty, "nodes") == [] and "0 events" in empty


def test_physics_stabilises_then_stops(html):
    options = json.loads(re.search(r"var options = (\{.*?\});\n", html).group(1))
    assert options["physics"]["stabilization"]["enabled"] is True
    assert 'network.once("stabilizationIterationsDone", done)' in html
    assert "network.setOptions({physics: false})" in html


def test_panel_facts_hold_every_evidence_sentence(html):
    event = facts(html)[B + "event/e1-ankara"]
    assert event["kind"] == "event" and event["category"] == "Meeting"
    assert (event["type"], event["date"], event["place"]) == (
        "Meeting", "2022-11-14", [B + "place/ankara", "Ankara"],
    )  # fmt: skip
    assert event["who"] == [
        [B + "person/sergei-naryshkin", "Sergei Naryshkin", "participant"],
        [B + "person/william-burns", "William Burns", "participant"],
    ]
    assert event["evidence"] == [
        [S_ANKARA, "The Moscow Times", "U.S. and Russian Spy Chiefs Hold Talks in Ankara",
         "2022-11-14", 0.9],
        [S_ANKARA_2, "Reuters", "Diplomatic week in review", "2023-01-12", 0.6],
    ]  # fmt: skip
    warning = facts(html)[B + "event/e3-warning"]
    assert warning["who"] == [
        [B + "country/russia", "Russia", "speaker"],
        [B + "country/united-states", "United States", "target"],
    ]


def test_panel_facts_of_an_actor(html):
    every = facts(html)
    assert len(every) == len(data(html, "nodes"))
    burns = every[B + "person/william-burns"]
    assert burns == {
        "kind": "entity", "name": "William Burns", "cls": "Person", "country": "United States",
        "aliases": ["Bill Burns"], "posts": ["director of CIA"], "events": [B + "event/e1-ankara"],
    }  # fmt: skip
    # events in date order, undated last
    assert every[B + "country/united-states"]["events"] == [
        B + "event/e3-warning", B + "event/e6-sanction",
    ]  # fmt: skip
    lavrov = every[B + "person/sergei-lavrov"]["events"]
    assert lavrov == [B + "event/e4-talks", B + "event/e2-call", B + "event/e8-xss"]


def test_menus_list_only_the_categories_present(html):
    menu = re.search(r'<fieldset id="kg-categories">(.*?)</fieldset>', html, re.S).group(1)
    boxes = re.findall(r'<input type="checkbox" value="(\w+)" checked> ([^<]+) <span', menu)
    assert boxes == [("Meeting", "Meeting"), ("Talks", "Talks"), ("PhoneCall", "Phone call"),
                     ("Warning", "Warning"), ("Sanction", "Sanction")]  # fmt: skip
    assert '<span class="kg-count">(3)</span>' in menu  # three meetings
    assert '<input id="kg-search" type="search" list="kg-names"' in html
    assert '<input id="kg-confidence" type="range" min="0" max="1"' in html
    assert 'id="kg-panel"' in html and 'id="kg-panel-toggle"' in html


def test_page_has_no_inline_handlers_and_script_writes_no_markup(html):
    markup = re.sub(r"<script>.*?</script>", "", html, flags=re.S)
    assert not re.search(r"<[^>]*\son[a-z]+\s*=", markup, re.I)
    assert "javascript:" not in markup.lower()
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in SCRIPT
    assert SCRIPT.count("addEventListener(") >= 5  # listeners are attached in the script


def test_empty_view_has_no_category_menu(store):
    empty = render_html(store, title="t", category="Detention")
    assert facts(empty) == {} and 'id="kg-categories"' not in empty


def test_statements_start_hidden_beside_other_events_with_a_box_to_show_them():
    b = sample_builder()
    b.event("d2", "e20-said", "PublicStatement", [("sergei-lavrov", "source")], date=None,
            sentence="Lavrov said talks were possible.", confidence=0.7)  # fmt: skip
    page = render_html(b.union(), title="t")
    menu = re.search(r'<fieldset id="kg-categories">(.*?)</fieldset>', page, re.S).group(1)
    assert '<input type="checkbox" value="Statement"> Statement' in menu
    assert '<input type="checkbox" value="Meeting" checked> Meeting' in menu
    assert "filter();  // categories whose box starts unticked" in page
    statement = next(n for n in data(page, "nodes") if n["id"].endswith("e20-said"))
    assert statement["label"] == "Public statement"
    speaker = next(e for e in data(page, "edges") if e["from"].endswith("sergei-lavrov"))
    assert speaker["label"] == "speaker"
    only = GraphBuilder()
    only.document("d1", "Said", "Wire", "2022-11-14")
    only.entity("d1", "Person", "sergei-lavrov", "Sergei Lavrov")
    only.event("d1", "e21-said", "PublicStatement", [("sergei-lavrov", "source")], date=None,
               sentence="Lavrov said so.", confidence=0.7)  # fmt: skip
    alone = render_html(only.union(), title="t")
    assert '<input type="checkbox" value="Statement" checked>' in alone  # nothing else to show


def test_open_without_a_browser_says_where_the_file_is(tmp_path, monkeypatch):
    import webbrowser

    from click.testing import CliRunner
    from conftest import run

    from kg.store import open_store

    store = str(tmp_path / "store")
    with open_store(store) as st:
        st.import_rdf(sample_builder().union().serialize(format="nquads").encode(), "nquads")
    monkeypatch.setattr(webbrowser, "open", lambda uri: False)
    out = tmp_path / "graph.html"
    result = run(CliRunner(), "view", "-o", str(out), "--open", "--store", store)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"Wrote {out}",
        f"No web browser found here; open {out.resolve().as_uri()} in one.",
    ]


def test_summary_says_what_it_counts(store):
    page = render_html(store, title="t")
    summary = re.search(r'<p class="summary">(.*?)</p>', page).group(1)
    # e5 is negated: in the store (kg stats counts it) but not drawn
    assert summary.startswith("13 actors and places, 7 events that happened "
                              "(1 denied, planned or hypothetical not drawn), ")  # fmt: skip
