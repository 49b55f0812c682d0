"""The view in a real headless Chromium, with every network request refused.

Needs Debian's chromium at /usr/bin/chromium (``apt-get install -y chromium``); Playwright
drives it and never downloads a browser of its own.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from graphdata import S_ANKARA, S_ANKARA_2, XSS_LABEL, XSS_SENTENCE, hostile_builder

from kg.analysis import to_networkx
from kg.viz import render_html

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
B = "https://w3id.org/kg-diplomacy/id/"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not os.access(CHROMIUM, os.X_OK),
        reason=f"{CHROMIUM} is not installed (apt-get install -y chromium)",
    ),
]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def store():
    return hostile_builder().union()


class Page:
    """A page opened on a rendered file, recording what it tried to do."""

    def __init__(self, browser, html: str, path: Path) -> None:
        path.write_text(html, encoding="utf-8")
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context.route("**/*", self._route)
        page = self.context.new_page()
        page.add_init_script("window.__alerts = []; window.alert = m => __alerts.push(String(m));")
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", self._dialog)
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-stabilized=true]", state="attached", timeout=30_000)
        self.page = page

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def at(self, node: str) -> tuple[float, float]:
        """Centre the view on a node (no animation) and return its position in the window."""
        return self.page.evaluate(
            """(id) => {
                kgNetwork.moveTo({position: kgNetwork.getPositions([id])[id], scale: 1.0,
                                  animation: false});
                const p = kgNetwork.canvasToDOM(kgNetwork.getPositions([id])[id]);
                const box = document.getElementById("mynetwork").getBoundingClientRect();
                return [box.left + p.x, box.top + p.y];
            }""",
            node,
        )

    def click(self, node: str) -> str:
        """Click a node with the mouse and return the text of the side panel.

        The node's screen position is read again before each of three tries: after the panel
        opens or closes, vis-network resizes its canvas on the next frame and the node moves."""
        for _ in range(3):
            x, y = self.at(node)
            self.page.mouse.click(x, y)
            for _ in range(50):
                if self.page.evaluate("window.kgPanelNode") == node:
                    return re.sub(r"\n+", "\n", self.page.inner_text("#kg-panel-body"))
                self.page.wait_for_timeout(20)
        raise AssertionError(f"clicking {node} did not fill the panel")

    def visible(self) -> set[str]:
        """Ids of the nodes not hidden in the vis DataSet, shortened to kind/slug."""
        ids = self.page.evaluate("kgNodes.get({filter: n => !n.hidden}).map(n => n.id)")
        return {i.removeprefix(B) for i in ids}

    def hover(self, node: str) -> str:
        """Move the mouse onto a node and return the text of the tooltip vis-network shows."""
        page = self.page
        x, y = self.at(node)
        page.mouse.move(x - 40, y - 40)
        page.mouse.move(x, y, steps=4)
        # wait_for_function would need eval, which the page's CSP forbids: poll instead
        shows = """(id) => {
            const tip = document.querySelector("div.vis-tooltip");
            return !!tip && tip.style.visibility !== "hidden"
                && tip.firstChild === kgNodes.get(id).title;
        }"""
        for _ in range(100):
            if page.evaluate(shows, node):
                return page.inner_text("div.vis-tooltip")
            page.wait_for_timeout(50)
        raise AssertionError(f"no tooltip for {node}")


@pytest.fixture(scope="module")
def opened(browser, store, tmp_path_factory):
    html = render_html(store, title="Browser test")
    page = Page(browser, html, tmp_path_factory.mktemp("view") / "graph.html")
    yield page
    page.context.close()


def test_draws_every_node_and_edge_without_errors_or_requests(opened, store):
    G = to_networkx(store)
    counts = opened.page.evaluate("[kgNodes.length, kgEdges.length]")
    assert counts == [G.number_of_nodes(), G.number_of_edges()]
    drawn = opened.page.evaluate("Object.keys(kgNetwork.body.nodes).length")
    assert drawn == G.number_of_nodes()
    assert opened.page.evaluate("kgNetwork.physics.options.enabled") is False
    assert opened.errors == []
    assert opened.blocked == []


def test_event_tooltip_shows_evidence(opened):
    text = opened.hover(B + "event/e1-ankara")
    assert S_ANKARA in text
    assert "The Moscow Times, 2022-11-14" in text


def test_hostile_text_stays_text(opened):
    label = opened.hover(B + "person/xss")
    assert label.startswith(XSS_LABEL)
    sentence = opened.hover(B + "event/e8-xss")
    assert XSS_SENTENCE in sentence
    page = opened.page
    page.wait_for_timeout(300)
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.evaluate("document.scripts.length") == 2  # vis-network and ours, nothing injected
    assert page.inner_text("h1") == "Browser test"
    assert page.evaluate("window.__alerts") == []
    assert opened.dialogs == []
    assert opened.errors == []
    assert opened.blocked == []


def test_clicking_an_event_lists_all_its_evidence_in_the_panel(opened):
    text = opened.click(B + "event/e1-ankara")
    assert text.startswith("Meeting\n")  # plain words, not CAMEO's "meeting at a third location"
    assert "\nDate 2022-11-14\nPlace Ankara\nCategory Meeting\nCodes CAMEO 044 · Goldstein +2.5\n" in text
    assert "Sergei Naryshkin — participant" in text and "William Burns — participant" in text
    assert "Evidence (2)" in text  # every sentence, not the tooltip's first three
    assert f"“{S_ANKARA}”" in text and f"“{S_ANKARA_2}”" in text
    assert (
        "The Moscow Times · U.S. and Russian Spy Chiefs Hold Talks in Ankara · 2022-11-14 · confidence 0.90"
    ) in text
    assert "Reuters · Diplomatic week in review · 2023-01-12 · confidence 0.60" in text
    assert opened.page.evaluate("kgNetwork.getSelectedNodes()") == [B + "event/e1-ankara"]
    assert opened.errors == [] and opened.blocked == []


def test_an_actor_lists_posts_and_events_and_its_events_can_be_opened(opened):
    page = opened.page
    text = opened.click(B + "person/william-burns")
    assert text.startswith("William Burns\nPerson · United States\n")
    assert "\nAlso Bill Burns\nPosts (1)\ndirector of CIA\n" in text
    assert "Events (1)" in text
    page.click(f'#kg-panel-body a[data-node="{B}event/e1-ankara"]')
    assert page.evaluate("window.kgPanelNode") == B + "event/e1-ankara"
    assert page.evaluate("kgNetwork.getSelectedNodes()") == [B + "event/e1-ankara"]
    assert page.evaluate("location.hash") == ""  # the link did not navigate
    assert S_ANKARA in page.inner_text("#kg-panel-body")
    assert opened.errors == [] and opened.blocked == []


def test_search_box_selects_a_node_by_name(opened):
    page = opened.page
    names = page.evaluate("[...document.querySelectorAll('#kg-names option')].map(o => o.value)")
    assert len(names) == page.evaluate("kgNodes.length") and "Wang Yi" in names
    page.fill("#kg-search", "Wang Yi")  # an exact name selects while typing
    assert page.evaluate("kgNetwork.getSelectedNodes()") == [B + "person/wang-yi"]
    assert page.inner_text("#kg-panel-body h2") == "Wang Yi"
    page.fill("#kg-search", "naryshk")  # part of a name: Enter takes the first match
    assert page.evaluate("kgNetwork.getSelectedNodes()") == [B + "person/wang-yi"]
    page.press("#kg-search", "Enter")
    assert page.evaluate("kgNetwork.getSelectedNodes()") == [B + "person/sergei-naryshkin"]
    page.fill("#kg-search", "nobody of that name")
    page.press("#kg-search", "Enter")
    assert page.evaluate("document.getElementById('kg-search').className") == "kg-notfound"
    assert page.evaluate("kgNetwork.getSelectedNodes()") == [B + "person/sergei-naryshkin"]
    page.fill("#kg-search", "")
    assert opened.errors == [] and opened.blocked == []


MEETINGS = {"event/e1-ankara", "event/e7-beijing", "event/e8-xss"}
ONLY_IN_MEETINGS = {"person/william-burns", "org/cia", "person/sergei-naryshkin",
                    "person/nicholas-burns", "person/wang-yi", "person/xss"}  # fmt: skip


def test_category_checkboxes_hide_events_and_their_lone_actors(opened, store):
    page = opened.page
    every = opened.visible()
    assert len(every) == to_networkx(store).number_of_nodes()
    boxes = page.evaluate("[...document.querySelectorAll('#kg-categories input')].map(b => b.value)")
    assert boxes == ["Meeting", "Talks", "PhoneCall", "Warning", "Sanction"]  # only those present
    positions = page.evaluate("kgNetwork.getPositions()")
    page.uncheck('#kg-categories input[value="Meeting"]')
    assert every - opened.visible() == MEETINGS | ONLY_IN_MEETINGS
    assert page.evaluate("kgNodes.get({filter: n => n.hidden}).length") == 9
    hidden_edges = page.evaluate("kgEdges.get({filter: e => e.hidden}).map(e => [e.from, e.to])")
    assert hidden_edges and all(
        f.removeprefix(B) in MEETINGS | ONLY_IN_MEETINGS or t.removeprefix(B) in MEETINGS | ONLY_IN_MEETINGS
        for f, t in hidden_edges
    )
    assert page.inner_text("#kg-shown") == (
        f"Showing {len(every) - 9} of {len(every)} nodes (Meeting hidden: tick to show)"
    )
    # hiding is not a new layout: physics stays off and nothing moves
    assert page.evaluate("kgNetwork.physics.options.enabled") is False
    shown = {k: v for k, v in positions.items() if k.removeprefix(B) in opened.visible()}
    assert page.evaluate("kgNetwork.getPositions()") == shown
    page.check('#kg-categories input[value="Meeting"]')
    assert opened.visible() == every and page.inner_text("#kg-shown") == ""
    assert opened.errors == [] and opened.blocked == []


def test_confidence_slider_hides_weak_events(opened):
    page = opened.page
    every = opened.visible()
    slide = """(v) => { const s = document.getElementById("kg-confidence"); s.value = v;
                        s.dispatchEvent(new Event("input")); s.dispatchEvent(new Event("change")); }"""
    page.evaluate(slide, "0.8")
    assert page.inner_text("#kg-confidence-value") == "0.80"
    # warning 0.4, talks 0.7, Beijing 0.75 go; with them Russia, Erdogan, Wang Yi and Nicholas
    # Burns, who have no other event (Ankara stays: the 0.9 meeting took place there)
    gone = every - opened.visible()
    assert gone == {"event/e3-warning", "event/e4-talks", "event/e7-beijing",
                    "country/russia", "person/recep-tayyip-erdogan", "person/wang-yi",
                    "person/nicholas-burns"}  # fmt: skip
    page.evaluate(slide, "0")
    assert opened.visible() == every
    # dragging (input events only) filters on the next frame
    page.evaluate("""() => { const s = document.getElementById("kg-confidence");
                             s.value = "0.8"; s.dispatchEvent(new Event("input")); }""")
    for _ in range(50):
        if every - opened.visible():
            break
        page.wait_for_timeout(20)
    assert len(every - opened.visible()) == 7
    page.evaluate(slide, "0")
    assert opened.errors == [] and opened.blocked == []


def test_hostile_text_in_the_panel_stays_text(opened):
    page = opened.page
    text = opened.click(B + "person/xss")
    assert text.startswith(XSS_LABEL + "\n")
    assert page.inner_text("#kg-panel-body h2") == XSS_LABEL
    text = opened.click(B + "event/e8-xss")
    assert f"“{XSS_SENTENCE}”" in text
    assert "<i>Outlet</i> · <b>Bold</b> title · 2023-02-01" in text
    assert f"\nMeeting: {XSS_LABEL}, Sergei Lavrov (2023-02-01)\n" in text  # the plain name, as text
    page.fill("#kg-search", XSS_LABEL)
    assert page.evaluate("kgNetwork.getSelectedNodes()") == [B + "person/xss"]
    page.fill("#kg-search", "")
    page.wait_for_timeout(300)
    assert page.evaluate("document.querySelectorAll('img, b, i').length") == 0
    assert page.evaluate("document.scripts.length") == 2
    assert page.evaluate("window.__alerts") == []
    assert opened.dialogs == [] and opened.errors == [] and opened.blocked == []


def test_panel_collapses_and_the_graph_takes_the_room(opened):
    page = opened.page
    width = "document.getElementById('mynetwork').getBoundingClientRect().width"
    before = page.evaluate(width)
    page.click("#kg-panel-toggle")
    assert page.evaluate("document.getElementById('kg-panel').className") == "collapsed"
    assert page.get_attribute("#kg-panel-toggle", "aria-expanded") == "false"
    assert page.evaluate(width) > before + 300
    opened.click(B + "place/ankara")  # a click on a node opens it again
    assert page.evaluate("document.getElementById('kg-panel').className") == ""
    assert page.evaluate(width) == before
    assert opened.errors == [] and opened.blocked == []


def test_empty_view_loads_cleanly(browser, store, tmp_path):
    html = render_html(store, title="t", category="Detention")
    page = Page(browser, html, tmp_path / "empty.html")
    try:
        assert page.page.evaluate("kgNodes.length") == 0
        assert page.page.inner_text("#status") == "Nothing to show."
        assert page.page.evaluate("document.querySelectorAll('#kg-categories').length") == 0
        page.page.fill("#kg-search", "anything")
        page.page.press("#kg-search", "Enter")
        assert page.errors == [] and page.blocked == []
    finally:
        page.context.close()


def test_limited_view_shows_its_note(browser, store, tmp_path):
    page = Page(browser, render_html(store, title="t", limit=4), tmp_path / "limited.html")
    try:
        assert page.page.evaluate("kgNodes.length") == 4
        assert page.page.inner_text("#note").startswith("Showing the 4 most central of")
        assert page.errors == [] and page.blocked == []
    finally:
        page.context.close()


def test_the_request_guard_itself_catches_requests(browser, tmp_path):
    """So that ``blocked == []`` above means something: a page that does fetch is caught."""
    html = '<!DOCTYPE html><img src="http://127.0.0.1:9/x.png"><body data-stabilized="true">'
    page = Page(browser, html, tmp_path / "fetching.html")
    try:
        assert page.blocked == ["http://127.0.0.1:9/x.png"]
    finally:
        page.context.close()


# -- make demo's view at first sight ---------------------------------------------------------
FIRST_SCREEN = """() => {
    const net = kgNetwork, scale = net.getScale();
    const box = document.getElementById("mynetwork").getBoundingClientRect();
    const shown = kgNodes.get({filter: n => !n.hidden});
    return shown.map(n => {
        const body = net.body.nodes[n.id];
        const p = net.canvasToDOM(net.getPositions([n.id])[n.id]);
        return {id: n.id, links: net.getConnectedEdges(n.id).length, event: n.shape === "box",
                px: body.options.font.size * scale,
                inside: p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height};
    }).sort((a, b) => b.links - a.links || (a.id < b.id ? -1 : 1));
}"""


@pytest.fixture(scope="module")
def demo_page(browser, tmp_path_factory):
    from click.testing import CliRunner
    from conftest import EXAMPLES, run

    from kg.store import open_store

    folder = tmp_path_factory.mktemp("demo")
    store = str(folder / "demo-store")
    result = run(CliRunner(), "ingest", str(EXAMPLES / "articles"), "--store", store)
    assert result.exit_code == 0, result.output
    with open_store(store, read_only=True) as st:
        html = render_html(st.union_graph(), title="kg: diplomacy knowledge graph")
    page = Page(browser, html, folder / "graph.html")
    yield page
    page.context.close()


def test_demo_view_is_legible_at_first_sight(demo_page, tmp_path):
    page = demo_page.page
    nodes = page.evaluate(FIRST_SCREEN)
    largest = nodes[:5]
    # the most connected actors are on the first screen with names of at least 11 px
    assert all(n["inside"] for n in largest), largest
    assert min(n["px"] for n in largest) >= 11, largest
    assert min(n["px"] for n in nodes if not n["event"]) >= 12  # every actor's name
    assert min(n["px"] for n in nodes if n["event"]) >= 11  # and every event's type
    # statements (26 of the demo's events) start hidden; their box shows them
    statements = (
        "kgNodes.get({filter: n => !n.hidden && n.label.startsWith('Public statement')}).length"
    )
    assert page.evaluate(statements) == 0
    assert not page.is_checked('#kg-categories input[value="Statement"]')
    assert "(Statement hidden: tick to show)" in page.inner_text("#kg-shown")
    shot = Path(os.environ.get("KG_SCREENSHOT") or tmp_path / "first-screen.png")
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000
    page.check('#kg-categories input[value="Statement"]')
    assert page.evaluate(statements) > 0
    assert page.inner_text("#kg-shown") == ""
    page.uncheck('#kg-categories input[value="Statement"]')
    assert demo_page.errors == [] and demo_page.blocked == []
