"""Golden graph: one short article through the real pipeline, compared by graph isomorphism.

``tests/golden/article.txt`` (written for this test) is ingested with ``kg.pipeline.ingest`` into a
memory store; what its document asserts (``Store.document_triples``: its named graph plus the
shared descriptions it states) must be isomorphic to ``tests/golden/article.ttl``.
On a mismatch the test prints both sides of the difference as sorted N-Triples.

To regenerate the golden file after an intended change to extraction or the ontology::

    KG_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py

then read the diff of ``tests/golden/article.ttl`` (``git diff``) and commit it only if
every fact in it is true of the article.

Two terms depend on the machine rather than the article (the source file's ``file:`` IRI and
the spaCy package that ran); both are replaced by fixed placeholders before comparing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

GOLDEN_DIR = Path(__file__).parent / "golden"
ARTICLE = GOLDEN_DIR / "article.txt"
EXPECTED = GOLDEN_DIR / "article.ttl"
UPDATE = os.environ.get("KG_UPDATE_GOLDEN") == "1"

DCTERMS_SOURCE = URIRef("http://purl.org/dc/terms/source")
DIP_EXTRACTOR = URIRef("https://w3id.org/kg-diplomacy/ontology#extractor")
CONTENT_HASH = URIRef("https://w3id.org/kg-diplomacy/ontology#contentHash")
PLACEHOLDERS = {
    DCTERMS_SOURCE: URIRef("file:///checkout/tests/golden/article.txt"),  # the file's own file: IRI
    DIP_EXTRACTOR: Literal("kg / spaCy"),
}


def document_graph() -> tuple[str, Graph]:
    """(doc_id, the named graph that ingesting the golden article stores), machine literals fixed."""
    from kg import ingest
    from kg.store import open_store

    with open_store("memory") as store:
        report = ingest([str(ARTICLE)], store)
        assert report.added and not report.failed, report
        stated = store.document_triples(report.added[0])  # its own graph + the shared triples it states
    graph = Graph()
    for s, p, o in stated:
        graph.add((s, p, PLACEHOLDERS.get(p, o)))
    return report.added[0], graph


def write_golden(doc_id: str, graph: Graph) -> None:
    """Deterministic Turtle with the project prefixes, via a fresh memory store's export."""
    import io

    import kg

    with kg.open_store("memory") as store:
        content_hash = str(graph.value(URIRef(store.doc_iri(doc_id)), CONTENT_HASH))
        store.put_document(doc_id, content_hash, graph)
        out = io.BytesIO()
        store.export("turtle", out)
    EXPECTED.write_bytes(out.getvalue())


def sorted_ntriples(graph: Graph) -> str:
    return "\n".join(sorted(graph.serialize(format="nt").splitlines()))


def test_golden_article_graph():
    doc_id, actual = document_graph()
    assert actual, "the golden article gave an empty graph"
    if UPDATE:
        write_golden(doc_id, actual)
    if not EXPECTED.exists():
        pytest.fail(f"{EXPECTED} is missing: run KG_UPDATE_GOLDEN=1 pytest {Path(__file__).name}")
    expected = Graph().parse(EXPECTED, format="turtle")
    if isomorphic(actual, expected):
        return
    _, only_actual, only_expected = graph_diff(to_isomorphic(actual), to_isomorphic(expected))
    pytest.fail(
        "the golden article's graph changed.\n"
        f"--- only in the golden file ({len(only_expected)} triples):\n{sorted_ntriples(only_expected)}\n"
        f"+++ only in the pipeline's graph ({len(only_actual)} triples):\n{sorted_ntriples(only_actual)}\n"
        "If the change is intended and every fact is true, regenerate with KG_UPDATE_GOLDEN=1.",
        pytrace=False,
    )
