"""The view in a real headless Chromium, with every network request refused.

Needs Debian's chromium at /usr/bin/chromium (``apt-get install -y chromium``); Playwright
drives it and never downloads a browser of its own.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from graphdata import S_ANKARA, XSS_LABEL, XSS_SENTENCE, hostile_builder

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

    def hover(self, node: str) -> str:
        """Move the mouse onto a node and return the text of the tooltip vis-network shows."""
        page = self.page
        x, y = page.evaluate(
            """(id) => {
                const p = kgNetwork.canvasToDOM(kgNetwork.getPositions([id])[id]);
                const box = document.getElementById("mynetwork").getBoundingClientRect();
                return [box.left + p.x, box.top + p.y];
            }""",
            node,
        )
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
