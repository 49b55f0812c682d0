"""The analysis graph is read from the store with SELECT queries, never a whole-store copy."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import run
from graphdata import sample_builder

from kg.analysis import to_networkx
from kg.analysis.build import unasserted_events
from kg.errors import InputError
from kg.store import open_store
from kg.store.base import Store
from kg.viz import render_html


def _nodes_and_edges(G):
    return (
        sorted((n, sorted(d.items(), key=str)) for n, d in G.nodes(data=True)),
        sorted((u, v, k, sorted(d.items(), key=str)) for u, v, k, d in G.edges(keys=True, data=True)),
    )


def _load(store: Store) -> Store:
    data = sample_builder().union().serialize(format="nquads", encoding="utf-8")
    store.import_rdf(data, "nquads")
    return store


@pytest.mark.parametrize("spec", ["oxigraph", "memory"])
def test_a_store_gives_the_graph_its_rdflib_copy_gives(spec, tmp_path):
    expected = _nodes_and_edges(to_networkx(sample_builder().union()))
    with open_store(str(tmp_path / "s") if spec == "oxigraph" else "memory") as store:
        G = to_networkx(_load(store))
        assert _nodes_and_edges(G) == expected
        assert G.number_of_nodes() == 18  # 6 asserted events, 12 actors and places
        assert unasserted_events(store) == 1  # the negated talks


def test_view_and_analyze_never_copy_the_store(tmp_path, monkeypatch):
    spec = str(tmp_path / "store")
    with open_store(spec) as store:
        _load(store)

    def refuse(self):
        raise AssertionError("the whole store was read")

    monkeypatch.setattr(Store, "union_graph", refuse)
    monkeypatch.setattr(Store, "_quads", refuse)
    from kg.store.embedded import OxigraphStore

    monkeypatch.setattr(OxigraphStore, "_quads", refuse)
    runner = CliRunner()
    page = tmp_path / "g.html"
    assert run(runner, "view", "-o", str(page), "--store", spec).exit_code == 0
    assert "William Burns" in page.read_text("utf-8")
    result = run(runner, "analyze", "actors", "--limit", "1", "-f", "tsv", "--store", spec)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1].split("\t")[0] == "United States"


def test_render_html_of_a_store_counts_what_it_leaves_out(tmp_path):
    with open_store(str(tmp_path / "s")) as store:
        page = render_html(_load(store), title="t")
    assert "1 denied, planned or hypothetical not drawn" in page


def test_rejects_what_is_neither_a_store_nor_a_graph():
    with pytest.raises(TypeError, match=r"kg store or an rdflib\.Graph"):
        to_networkx(42)


def test_without_evidence_the_same_nodes_and_links_and_no_sentences():
    dataset = sample_builder().union()
    full, bare = to_networkx(dataset), to_networkx(dataset, evidence=False)
    assert sorted(bare.edges(keys=True)) == sorted(full.edges(keys=True))
    assert dict(bare.nodes(data="label")) == dict(full.nodes(data="label"))
    events = [d for _, d in bare.nodes(data=True) if d["kind"] == "event"]
    assert len(events) == 6 and all(d["evidence"] == [] and d["confidence"] is None for d in events)
    with pytest.raises(InputError, match="needs the evidence"):
        to_networkx(dataset, min_confidence=0.5, evidence=False)
