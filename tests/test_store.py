"""The store contract on the embedded (Oxigraph) and memory (rdflib) backends."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rdflib import RDF, XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic, to_isomorphic
from store_data import DIP, MEETING, B, doc_one, doc_two, fill, vocabulary

from kg.errors import KGError, QueryError, StoreError
from kg.store import backend_for, named_queries, named_query, open_store
from kg.store.base import KGS, statement_hash
from kg.store.terms import to_ox

BACKENDS = ["embedded", "memory"]


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    spec = str(tmp_path / "kg-store") if request.param == "embedded" else "memory"
    with open_store(spec) as opened:
        yield opened


@pytest.fixture
def filled(store):
    fill(store)
    return store


def strings(result) -> list[dict]:
    return [{k: None if v is None else str(v) for k, v in row.items()} for row in result.rows]


def snapshot(store) -> bytes:
    out = io.BytesIO()
    store.export("nquads", out)
    return out.getvalue()


# -- opening ---------------------------------------------------------------------------------
def test_backend_registry_picks_by_spec():
    assert backend_for("memory") == "memory"
    assert backend_for("https://example.org/sparql") == "sparql"
    assert backend_for("HTTP://localhost:7878") == "sparql"
    assert backend_for("./kg-store") == "oxigraph"


def test_spec_defaults_to_env_then_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_STORE", "memory")
    with open_store() as store:
        assert store.name == "memory"
    monkeypatch.delenv("KG_STORE")
    monkeypatch.chdir(tmp_path)
    with open_store() as store:
        assert store.name == "oxigraph"
    assert (tmp_path / "kg-store").is_dir()


def test_store_folder_persists(tmp_path):
    path = str(tmp_path / "s")
    with open_store(path) as store:
        fill(store)
    with open_store(path) as store:
        assert [d["doc_id"] for d in store.documents()] == ["ankara-talks", "wire-report"]


def test_path_that_is_a_file_is_a_store_error(tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("not a store")
    with pytest.raises(StoreError, match="is a file"):
        open_store(str(target))


def test_unwritable_store_location_is_a_store_error(tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(StoreError, match="cannot open store") as info:
        open_store(str(blocker / "kg-store"))
    assert "\n" not in str(info.value)


def test_prefixes_agree_with_the_ontology():
    from kg.ontology.namespaces import PREFIXES
    from kg.store.prefixes import project_prefixes

    mine = project_prefixes()
    assert {k: v for k, v in PREFIXES.items() if k in mine} == {k: mine[k] for k in PREFIXES if k in mine}


def test_closed_store_says_so(tmp_path):
    store = open_store(str(tmp_path / "s"))
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.documents()


def test_corrupt_store_folder_is_a_store_error(tmp_path):
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "CURRENT").write_text("garbage\n")
    with pytest.raises(StoreError) as info:
        open_store(str(folder))
    assert "\n" not in str(info.value)


def test_store_in_use_is_a_store_error(tmp_path):
    path = str(tmp_path / "s")
    with open_store(path), pytest.raises(StoreError, match="in use"):
        open_store(path)


# -- documents -------------------------------------------------------------------------------
def test_documents_and_content_hash(filled):
    assert filled.documents() == [
        {"doc_id": "ankara-talks", "title": "Spy chiefs meet in Ankara",
         "outlet": "The Daily Example", "published": "2022-11-14",
         "url": "https://news.example/ankara-talks", "facts": 2},
        {"doc_id": "wire-report", "title": "Moscow and Washington keep channels open",
         "outlet": "Wire", "published": "2022-11-15",
         "url": "https://news.example/wire-report", "facts": 4},
    ]  # fmt: skip
    assert filled.has_document("ankara-talks")
    assert filled.has_document("ankara-talks", "hash-one")
    assert not filled.has_document("ankara-talks", "hash-two")
    assert not filled.has_document("missing")
    hashes = filled.query(
        f"SELECT ?h WHERE {{ GRAPH <{B}graph/ankara-talks> {{ <{B}doc/ankara-talks> "
        f"<{DIP}contentHash> ?h }} }}"
    )
    assert strings(hashes) == [{"h": "hash-one"}]


def test_same_hash_is_a_no_op(filled):
    before = snapshot(filled)
    changed = doc_one()
    changed.add((B["doc/ankara-talks"], DIP.outletName, Literal("Other")))
    assert filled.put_document("ankara-talks", "hash-one", changed) is False
    assert snapshot(filled) == before


def test_new_hash_replaces_the_graph(filled):
    replacement = Graph()
    replacement.add((B["doc/ankara-talks"], RDF.type, DIP.SourceDocument))
    replacement.add((B["doc/ankara-talks"], DIP.outletName, Literal("Corrected")))
    assert filled.put_document("ankara-talks", "hash-new", replacement) is True
    rows = filled.query(f"SELECT ?p ?o WHERE {{ GRAPH <{B}graph/ankara-talks> {{ ?s ?p ?o }} }}")
    assert sorted((str(r["p"]), str(r["o"])) for r in rows.rows) == sorted(
        [
            (str(DIP.contentHash), "hash-new"),
            (str(DIP.outletName), "Corrected"),
            (str(RDF.type), str(DIP.SourceDocument)),
        ]
    )
    assert filled.has_document("ankara-talks", "hash-new")
    assert filled.documents()[0]["facts"] == 0


def test_a_batch_stores_what_single_writes_store_and_only_once_flushed(tmp_path):
    """Within batched(), documents wait in memory: this store sees them (has_document, a
    query, a replacement), another handle only after flush; the quads are those that one
    transaction per document writes."""
    from kg.store.embedded import OxigraphStore

    replacement = doc_two()
    replacement.add((B["doc/wire-report"], DIP.outletName, Literal("Wire, corrected")))

    def brief(doc_id: str) -> Graph:
        graph = Graph()
        graph.add((B[f"doc/{doc_id}"], RDF.type, DIP.SourceDocument))
        graph.add((B["person/william-burns"], DIP.outletName, Literal(f"stated by {doc_id}")))
        return graph

    with open_store(str(tmp_path / "single")) as single:
        fill(single)
        single.put_document("wire-report", "hash-three", replacement)
        single.put_document("second", "hash-four", brief("second"))
        expected = snapshot(single)
    path = tmp_path / "batched"
    with open_store(str(path)) as store:
        store.ensure_vocabulary(vocabulary())
        with store.batched():
            store.put_document("ankara-talks", "hash-one", doc_one())
            store.put_document("wire-report", "hash-two", doc_two())
            assert store.has_document("wire-report", "hash-two")
            assert not store.has_document("wire-report", "hash-one")
            assert store.put_document("wire-report", "hash-two", doc_two()) is False
            other = OxigraphStore(path, read_only=True)
            assert other.documents() == []
            other.close()
            store.put_document("wire-report", "hash-three", replacement)  # writes the batch first
            store.put_document("second", "hash-four", brief("second"))
            assert [d["doc_id"] for d in store.documents()] == ["ankara-talks", "second", "wire-report"]
            store.put_document("third", "hash-five", brief("third"))
            store.remove_document("third")
        assert snapshot(store) == expected
        assert not list(path.glob("bulk-*.sst"))


def test_remove_deletes_only_that_graph(filled):
    union_before = filled.union_graph()
    assert filled.remove_document("ankara-talks") is True
    assert filled.remove_document("ankara-talks") is False
    assert [d["doc_id"] for d in filled.documents()] == ["wire-report"]
    after = filled.union_graph()
    # what both articles said survives; what only the first said is gone
    assert (URIRef(f"{B}event/{MEETING}"), RDF.type, DIP.Event) in after
    assert (URIRef(f"{B}org/cia"), RDF.type, DIP.IntelligenceAgency) not in after
    expected = set(union_before) - set(doc_one()) | set(doc_two())
    expected |= set(vocabulary()) - {t for t in union_before if isinstance(t[0], BNode)}
    assert {t for t in after if not _vocab_or_hash(t)} == {t for t in expected if not _vocab_or_hash(t)}


def _vocab_or_hash(t) -> bool:
    return (
        t in set(vocabulary())
        or t[1] == DIP.contentHash
        or isinstance(t[0], BNode)
        or (isinstance(t[2], BNode))
    )


def test_bad_term_in_a_document_leaves_the_store_intact(filled):
    before = snapshot(filled)
    broken = doc_one()
    broken.add((URIRef("http://bad iri"), RDF.type, DIP.Person))
    with pytest.raises(StoreError, match="not changed"):
        filled.put_document("ankara-talks", "hash-broken", broken)
    assert snapshot(filled) == before
    assert filled.has_document("ankara-talks", "hash-one")


def test_document_ids_are_encoded_like_the_ontology(store):
    from kg.ontology.iris import doc_iri, graph_iri

    doc_id = "https://news.example/a b?x=1"
    assert store.graph_iri(doc_id) == str(graph_iri(doc_id))
    assert store.doc_iri(doc_id) == str(doc_iri(doc_id))
    g = Graph()
    g.add((URIRef(store.doc_iri(doc_id)), RDF.type, DIP.SourceDocument))
    assert store.put_document(doc_id, "h", g)
    assert [d["doc_id"] for d in store.documents()] == [doc_id]
    assert store.remove_document(doc_id)


def test_vocabulary_is_loaded_once_and_replaced_when_changed(store):
    assert store.ensure_vocabulary(vocabulary()) is True
    assert store.ensure_vocabulary(vocabulary()) is False
    changed = vocabulary()
    changed.add((DIP.Person, DIP.cameoCode, Literal("x")))
    assert store.ensure_vocabulary(changed) is True
    rows = store.query(f"ASK {{ GRAPH <{B}graph/vocabulary> {{ ?s <{DIP}cameoCode> 'x' }} }}")
    assert rows.boolean is True


def test_stats(filled):
    assert filled.stats() == {
        "documents": 2,
        "triples": len(filled.union_graph()),
        "entities": {"City": 1, "Country": 3, "IntelligenceAgency": 1, "MediaOutlet": 1,
                     "Person": 4},
        "events": 4,
        "events_by_category": {"Meeting": 1, "PhoneCall": 1, "Sanction": 1, "Talks": 1},
        "tenures": 1,
        "mentions": 6,
    }  # fmt: skip


# -- SPARQL ----------------------------------------------------------------------------------
def test_malformed_sparql_is_one_line_and_changes_nothing(filled):
    before = snapshot(filled)
    with pytest.raises(QueryError) as info:
        filled.query("SELEKT ?s WHERE { ?s ?p ?o }")
    assert "\n" not in str(info.value) and str(info.value).startswith("SPARQL error:")
    with pytest.raises(QueryError):
        filled.update("INSERT DATA { <http://a> <http://b> }")
    assert snapshot(filled) == before


@pytest.mark.parametrize(
    "text",
    [
        "INSERT DATA { <http://a> <http://b> <http://c> }",
        "PREFIX x: <http://x#> # comment\nDELETE WHERE { ?s ?p ?o }",
        "drop all",
        "CLEAR DEFAULT",
        "LOAD <http://example.org/x.ttl>",
        "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_query_is_read_only(filled, text):
    before = snapshot(filled)
    with pytest.raises(QueryError, match="read-only"):
        filled.query(text)
    assert snapshot(filled) == before


def test_updates_run_through_update_or_allow_update(store):
    store.update("INSERT DATA { GRAPH <http://g> { <http://a> <http://b> 'c' } }")
    result = store.query("INSERT DATA { GRAPH <http://g> { <http://a> <http://b> 'd' } }",
                         allow_update=True)  # fmt: skip
    assert result.kind == "update"
    rows = store.query("SELECT ?o WHERE { <http://a> <http://b> ?o } ORDER BY ?o")
    assert strings(rows) == [{"o": "c"}, {"o": "d"}]


def test_sparql_json_is_exact(store):
    store.update('INSERT DATA { GRAPH <http://g> { <http://a> <http://p> "x"@en, 3, "plain", _:b1 } }')
    result = store.query("SELECT ?s ?o ?none WHERE { ?s <http://p> ?o } ORDER BY STR(?o)")
    doc = result.to_sparql_json()
    assert doc["head"] == {"vars": ["s", "o", "none"]}
    bindings = doc["results"]["bindings"]
    objects = sorted((b["o"] for b in bindings), key=lambda t: (t["type"], t["value"]))
    assert objects[0]["type"] == "bnode"
    assert objects[1:] == [
        {"type": "literal", "value": "3", "datatype": str(XSD.integer)},
        {"type": "literal", "value": "plain"},
        {"type": "literal", "value": "x", "xml:lang": "en"},
    ]
    assert all(b["s"] == {"type": "uri", "value": "http://a"} for b in bindings)
    assert all("none" not in b for b in bindings)
    assert json.loads(result.dumps_json()) == doc
    ask = store.query("ASK { ?s ?p 'plain' }")
    assert (ask.kind, ask.to_sparql_json()) == ("ask", {"head": {}, "boolean": True})


def test_from_and_explicit_datasets_are_honoured(store):
    store.update(
        "INSERT DATA { GRAPH <http://x/a> { <http://x/a> <http://x/p> 1 } "
        "GRAPH <http://x/b> { <http://x/b> <http://x/p> 2 } }"
    )
    assert store.query("ASK { <http://x/b> ?p ?o }").boolean  # the union
    assert not store.query("ASK FROM <http://x/a> { <http://x/b> ?p ?o }").boolean
    assert store.query("ASK FROM <http://x/a> { <http://x/a> ?p ?o }").boolean
    assert not store.query("ASK FROM <http://x/absent> { ?s ?p ?o }").boolean  # empty, never fetched
    assert not store.query("ASK FROM NAMED <http://x/a> { ?s ?p ?o }").boolean  # empty default graph
    # explicit graphs override FROM, as the protocol's default-graph-uri does
    assert store.query("ASK FROM <http://x/a> { <http://x/b> ?p ?o }", default_graphs=["http://x/b"]).boolean
    rows = store.query("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", named_graphs=["http://x/a"])
    assert strings(rows) == [{"g": "http://x/a"}]
    assert not store.query("ASK { ?s ?p ?o }", named_graphs=["http://x/a"]).boolean


def test_update_using_graphs_and_base(store):
    store.update("INSERT DATA { GRAPH <http://x/a> { <http://x/a> <http://x/p> 1 } "
                 "GRAPH <http://x/b> { <http://x/b> <http://x/p> 2 } }")  # fmt: skip
    store.update(
        "INSERT { GRAPH <http://x/c> { ?s a <Found> } } WHERE { ?s ?p ?o }",
        using_graphs=["http://x/a"],
        base_iri="http://base/",
    )
    rows = store.query("SELECT ?s ?o WHERE { GRAPH <http://x/c> { ?s ?p ?o } }")
    assert strings(rows) == [{"s": "http://x/a", "o": "http://base/Found"}]
    with pytest.raises(QueryError, match="names its dataset with WITH"):
        store.update("WITH <http://x/a> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", using_graphs=["http://x/b"])


def test_construct_gives_a_graph(filled):
    result = filled.query(
        f"CONSTRUCT {{ ?e <{DIP}cameoCode> ?c }} WHERE {{ ?e a <{DIP}Event> ; <{DIP}cameoCode> ?c }}"
    )
    assert result.kind == "graph"
    assert result.variables == ["subject", "predicate", "object"]
    assert sorted(str(t[2]) for t in result.graph) == ["041", "044", "046", "163"]
    assert len(Graph().parse(data=result.serialize_graph("turtle"), format="turtle")) == 4


# -- bundled queries -------------------------------------------------------------------------
EXPECTED = {
    "meetings": [
        {"date": "2022-03", "what": "Phone call", "who": "Antony Blinken; Sergei Lavrov",
         "host": None, "where": None, "cameo": "041",
         "event": f"{B}event/phonecall-2022-03-aa11bb22cc"},
        {"date": "2022-11-14", "what": "Meeting", "who": "Sergei Naryshkin; William Burns",
         "host": None, "where": "Ankara", "cameo": "044", "event": f"{B}event/{MEETING}"},
    ],
    "posts": [
        {"person": "William Burns", "role": "director",
         "organization": "Central Intelligence Agency", "country": "United States",
         "observed": "2022-11-14"},
    ],
    "events-by-country": [
        {"country": c, "category": cat, "count": "1"}
        for c in ("Russia", "United States") for cat in ("Meeting", "Phone call", "Sanction")
    ],
    "timeline": [
        {"date": "2022-02-28", "what": "Sanction", "who": "Russia; United States", "where": None,
         "modality": "asserted", "category": "Sanction", "type": "Sanction",
         "event": f"{B}event/sanction-2022-02-28-9988776655"},
        {"date": "2022-03", "what": "Phone call", "who": "Antony Blinken; Sergei Lavrov",
         "where": None, "modality": "asserted", "category": "PhoneCall", "type": "PhoneCall",
         "event": f"{B}event/phonecall-2022-03-aa11bb22cc"},
        {"date": "2022-11-14", "what": "Meeting", "who": "Sergei Naryshkin; William Burns",
         "where": "Ankara", "modality": "asserted", "category": "Meeting",
         "type": "MeetingThirdLocation", "event": f"{B}event/{MEETING}"},
        {"date": "2022-11-14", "what": "Negotiation", "who": "Russia; United States",
         "where": None, "modality": "negated", "category": "Talks", "type": "Negotiation",
         "event": f"{B}event/negotiation-2022-11-14-0f0e0d0c0b"},
    ],
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bundled_query_rows(filled, name):
    assert strings(filled.query(named_query(name))) == EXPECTED[name]


def test_sources_of_the_meeting(filled):
    text = named_query("sources-of-an-event").replace(
        "WHERE {", f"WHERE {{\n  VALUES ?event {{ <{B}event/{MEETING}> }}", 1
    )
    rows = strings(filled.query(text))
    assert [
        (r["title"], r["outlet"], r["published"], r["sentence"], r["confidence"], r["reportedBy"])
        for r in rows
    ] == [
        ("Spy chiefs meet in Ankara", "The Daily Example", "2022-11-14",
         "Burns met Naryshkin in Ankara on Monday.", "0.85", None),
        ("Moscow and Washington keep channels open", "Wire", "2022-11-15",
         "The two spy chiefs met in Ankara, Reuters said.", "0.8", "Reuters"),
    ]  # fmt: skip
    assert {r["label"] for r in rows} == {"MeetingThirdLocation: William Burns, Sergei Naryshkin"}


def test_entities_query(filled):
    rows = strings(filled.query(named_query("entities")))
    assert [(r["class"], r["label"], r["country"], r["documents"]) for r in rows] == [
        ("City", "Ankara", "Turkey", "2"),
        ("Country", "Russia", None, "2"),
        ("Country", "Turkey", None, "2"),
        ("Country", "United States", None, "2"),
        ("IntelligenceAgency", "Central Intelligence Agency", "United States", "1"),
        ("MediaOutlet", "Reuters", None, "1"),
        ("Person", "Antony Blinken", "United States", "1"),
        ("Person", "Sergei Lavrov", "Russia", "1"),
        ("Person", "Sergei Naryshkin", "Russia", "2"),
        ("Person", "William Burns", "United States", "2"),
    ]


def test_embedded_and_memory_agree_on_every_bundled_query(tmp_path):
    with open_store(str(tmp_path / "s")) as embedded, open_store("memory") as memory:
        fill(embedded)
        fill(memory)
        for name in named_queries():
            a, b = embedded.query(named_query(name)), memory.query(named_query(name))
            assert (a.variables, a.rows) == (b.variables, b.rows), name
            assert a.to_sparql_json() == b.to_sparql_json(), name
        assert embedded.stats() == memory.stats()
        assert embedded.documents() == memory.documents()


def test_named_queries_are_described():
    described = named_queries()
    assert set(described) == {
        "meetings", "posts", "events-by-country", "sources-of-an-event", "entities", "timeline",
    }  # fmt: skip
    assert all(described.values())
    with pytest.raises(QueryError, match="use one of"):
        named_query("nope")


# -- export / import -------------------------------------------------------------------------
def export(store, fmt: str) -> bytes:
    out = io.BytesIO()
    store.export(fmt, out)
    return out.getvalue()


def test_turtle_round_trips_and_uses_project_prefixes(filled):
    data = export(filled, "turtle")
    text = data.decode()
    for prefix in ("dip", "dipt", "org", "prov", "schema", "skos", "nif", "dcterms", "kgid"):
        assert f"@prefix {prefix}: " in text
    assert text.startswith("@prefix dcterms: <http://purl.org/dc/terms/> .\n")
    assert "\nkgid:person\\/william-burns a dip:Person ;\n" in text
    parsed = Graph().parse(data=data, format="turtle")
    assert isomorphic(parsed, filled.union_graph())


def test_turtle_is_deterministic_across_backends_and_load_order(tmp_path):
    with open_store(str(tmp_path / "s")) as embedded, open_store("memory") as memory:
        fill(embedded)
        memory.put_document("wire-report", "hash-two", doc_two())
        memory.ensure_vocabulary(vocabulary())
        memory.put_document("ankara-talks", "hash-one", doc_one())
        for fmt in ("turtle", "ntriples", "nquads", "trig"):
            assert export(embedded, fmt) == export(embedded, fmt)
            assert export(embedded, fmt) == export(memory, fmt), fmt


def test_turtle_bytes_are_the_same_in_another_process(filled, tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    script = (
        "import io, sys; sys.path.insert(0, sys.argv[1]); from store_data import fill; "
        "from kg.store import open_store; s = open_store('memory'); fill(s); "
        "o = io.BytesIO(); s.export('turtle', o); sys.stdout.buffer.write(o.getvalue())"
    )
    tests_dir = str(Path(__file__).parent)
    root = str(Path(__file__).parent.parent)
    other = subprocess.run(
        [sys.executable, "-c", script, tests_dir], capture_output=True, check=True, cwd=root
    ).stdout
    assert other == export(filled, "turtle")


def test_quad_formats_keep_graph_names(filled):
    for fmt in ("trig", "nquads"):
        ds = Dataset()
        ds.parse(data=export(filled, fmt), format=fmt)
        names = {str(g.identifier) for g in ds.graphs() if len(g)}
        assert names == {f"{B}graph/ankara-talks", f"{B}graph/wire-report",
                         f"{B}graph/vocabulary", f"{B}graph/shared"}, fmt  # fmt: skip
        doc_graph = ds.graph(URIRef(f"{B}graph/ankara-talks"))
        shared = ds.graph(URIRef(f"{B}graph/shared"))
        own = {t for t in doc_graph if not str(t[1]).startswith(KGS)}
        records = doc_graph.objects(URIRef(f"{B}doc/ankara-talks"), URIRef(KGS + "states"))
        stated = {h for record in records for h in str(record).split()}
        mine = {t for t in shared if statement_hash(tuple(to_ox(x) for x in t)) in stated}
        content_hash = (URIRef(f"{B}doc/ankara-talks"), DIP.contentHash, Literal("hash-one"))
        assert own | mine == {*doc_one(), content_hash}
        assert not own & set(shared)
        assert {str(s).split("/")[5] for s, _, _ in own} == {"doc", "run", "mention", "span"}


def test_ntriples_and_jsonld_parse_back(filled):
    union = filled.union_graph()
    nt = Graph().parse(data=export(filled, "ntriples"), format="nt")
    assert to_isomorphic(nt) == to_isomorphic(union)
    js = Graph().parse(data=export(filled, "jsonld"), format="json-ld")
    assert isomorphic(js, union)


def test_jsonld_is_compacted_with_the_project_prefixes(filled):
    import pyoxigraph as ox

    from kg.store.prefixes import project_prefixes

    data = export(filled, "jsonld")
    document = json.loads(data)
    assert document["@context"] == dict(sorted(project_prefixes(filled.base).items()))
    burns = next(n for n in document["@graph"] if n["@id"] == "kgid:person/william-burns")
    assert burns["@type"] == ["dip:Person"]
    assert burns["rdfs:label"] == [{"@value": "William Burns"}]
    union = filled.union_graph()
    parsed = {(q.subject, q.predicate, q.object) for q in ox.parse(data, format=ox.RdfFormat.JSON_LD)}
    assert len(parsed) == len(union)
    pyld = pytest.importorskip("pyld.jsonld", reason="PyLD checks the expansion independently")
    expanded = pyld.to_rdf(document, {"format": "application/n-quads"})
    assert isomorphic(Graph().parse(data=expanded, format="nt"), union)


def test_export_format_comes_from_the_file_extension(filled, tmp_path):
    from click.testing import CliRunner

    from kg.cli import main

    if filled.name != "oxigraph":
        pytest.skip("the CLI reads an on-disk store")
    folder = str(filled.path)
    filled.close()
    runner = CliRunner()
    for name, fmt in (("g.ttl", "turtle"), ("g.nt", "ntriples"), ("g.nq", "nquads"), ("g.trig", "trig"),
                      ("g.jsonld", "jsonld")):  # fmt: skip
        target = tmp_path / name
        result = runner.invoke(main, ["export", "-o", str(target), "--store", folder])
        assert result.exit_code == 0, result.output
        alias = runner.invoke(main, ["export", "-f", fmt, "--store", folder])
        assert target.read_bytes() == alias.stdout_bytes
    for alias, fmt in (("ttl", "turtle"), ("nt", "ntriples"), ("nq", "nquads")):
        one = runner.invoke(main, ["export", "-f", alias, "--store", folder]).stdout_bytes
        assert one == runner.invoke(main, ["export", "-f", fmt, "--store", folder]).stdout_bytes
    result = runner.invoke(main, ["export", "-f", "ttl", "-o", str(tmp_path / "x.nt"), "--store", folder])
    assert result.exit_code == 2 and "-f ttl contradicts the extension of" in result.output
    result = runner.invoke(main, ["export", "-o", str(tmp_path / "x.xyz"), "--store", folder])
    assert result.exit_code == 2 and "cannot tell the format of" in result.output
    assert not (tmp_path / "x.nt").exists() and not (tmp_path / "x.xyz").exists()


BLANKS = b"""
<http://example.org/a> <http://example.org/p> _:x , _:only-object .
_:x <http://example.org/q> "1" ; <http://example.org/r> _:y .
_:y <http://example.org/q> "2" .
<http://example.org/a> <https://w3id.org/kg-diplomacy/store#describes> _:x .
"""


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "jsonld", "trig", "nquads"])
def test_embedded_export_streams_the_bytes_of_the_scratch_store_copy(tmp_path, fmt):
    """The embedded store writes from its indexes (formats.stream) exactly what the memory and
    remote path (formats.write, through a scratch on-disk store) writes, blank nodes included
    (subjects, objects only, a bookkeeping predicate on one), and the same on every run."""
    import pyoxigraph as ox

    from kg.store import formats
    from kg.store.base import BOOKKEEPING

    with open_store(str(tmp_path / "s")) as embedded:
        fill(embedded)
        embedded.import_rdf(BLANKS, "turtle", "http://example.org/g")
        quads = list(embedded._quads())
        assert any(isinstance(q.object, ox.BlankNode) for q in quads)
        if fmt not in formats.DATASET_FORMATS:
            quads = [q for q in quads if q.predicate not in BOOKKEEPING]
        copy = io.BytesIO()
        formats.write(quads, fmt, copy, embedded.base)
        streamed = io.BytesIO()
        assert formats.stream(embedded.raw, fmt, streamed, embedded.base,
                              frozenset() if fmt in formats.DATASET_FORMATS else BOOKKEEPING)  # fmt: skip
        assert streamed.getvalue() == copy.getvalue()
        assert export(embedded, fmt) == copy.getvalue() == export(embedded, fmt)
    if fmt in ("ntriples", "nquads"):
        lines = copy.getvalue().decode().splitlines()
        blank = [q for q in quads if ox.BlankNode in (type(q.subject), type(q.object))]
        expected = len({q.triple for q in blank}) if fmt == "ntriples" else len(blank)
        assert sum("_:c14n" in line for line in lines) == expected


def test_unknown_export_format_lists_the_valid_ones(filled):
    with pytest.raises(KGError, match="turtle, trig, nquads, ntriples, jsonld"):
        export(filled, "yaml")


def test_import_round_trip_and_malformed_turtle(store):
    store.import_rdf(b"<http://a> <http://b> <http://c> .", "turtle", "http://example.org/g")
    before = snapshot(store)
    with pytest.raises(QueryError) as info:
        store.import_rdf(b"<http://a> <http://b> <http://d> .\n<http://a> <http://b> .", "turtle")
    assert "\n" not in str(info.value) and str(info.value).startswith("malformed turtle")
    assert snapshot(store) == before


def test_trig_export_imports_into_a_fresh_store(filled):
    data = export(filled, "trig")
    with open_store("memory") as fresh:
        fresh.import_rdf(data, "trig")
        assert export(fresh, "trig") == data
        assert fresh.documents() == filled.documents()


def test_typed_literals_are_stored_in_the_same_canonical_form(tmp_path):
    from decimal import Decimal

    g = Graph()
    doc = URIRef(f"{B}doc/numbers")
    g.add((doc, RDF.type, DIP.SourceDocument))
    g.add((doc, DIP.confidence, Literal(Decimal("0.90"), datatype=XSD.decimal)))
    g.add((doc, DIP.rule, Literal("01", datatype=XSD.integer)))
    g.add((doc, DIP.modality, Literal("1", datatype=XSD.boolean)))
    with open_store(str(tmp_path / "s")) as embedded, open_store("memory") as memory:
        for store in (embedded, memory):
            store.put_document("numbers", "h", g)
            store.import_rdf(b'<http://a> <http://b> "0.50"^^<%s> .' % str(XSD.decimal).encode(),
                             "turtle")  # fmt: skip
        assert export(embedded, "nquads") == export(memory, "nquads")
        text = f"SELECT ?o WHERE {{ <{doc}> ?p ?o }} ORDER BY STR(?o)"
        assert strings(embedded.query(text)) == strings(memory.query(text))
    assert b'"0.9"^^' in export(memory, "nquads") and b'"0.5"^^' in export(memory, "nquads")


# -- network exports ---------------------------------------------------------------------------------
GEXF_XSD = Path(__file__).resolve().parents[1].parent / "shared" / "standards" / "gexf" / "1.3" / "gexf.xsd"


def test_gexf_is_valid_1_3_and_the_same_every_day(filled, tmp_path):
    import shutil
    import subprocess

    from kg.analysis.export import write_network

    data = write_network(filled.union_graph(), "gexf")
    assert data == write_network(filled.union_graph(), "gexf")
    text = data.decode("utf-8")
    assert '<gexf xmlns="http://gexf.net/1.3" version="1.3">' in text
    assert "lastmodifieddate" not in text and "networkx_key" not in text and "NetworkX" not in text
    if shutil.which("xmllint") is None or not GEXF_XSD.is_file():
        pytest.skip(f"xmllint or the GEXF 1.3 schema ({GEXF_XSD}) is missing")
    target = tmp_path / "graph.gexf"
    target.write_bytes(data)
    check = subprocess.run(["xmllint", "--noout", "--schema", str(GEXF_XSD), str(target)],
                           capture_output=True, text=True, timeout=60)  # fmt: skip
    assert check.returncode == 0, check.stderr


def test_graphml_declares_defaults_for_unset_values(filled, tmp_path):
    from xml.etree import ElementTree

    from kg.analysis.export import write_network

    target = tmp_path / "graph.graphml"
    target.write_bytes(write_network(filled.union_graph(), "graphml"))
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    keys = ElementTree.parse(target).getroot().findall(f"{ns}key")
    defaults = {(k.get("for"), k.get("attr.name")): k.find(f"{ns}default") for k in keys}
    assert ("node", "confidence") in defaults and ("edge", "role") in defaults
    assert all(d is not None for d in defaults.values()), [k for k, d in defaults.items() if d is None]
    types = {(k.get("for"), k.get("attr.name")): k.get("attr.type") for k in keys}
    assert {(types[k], defaults[k].text or "") for k in defaults} <= {
        ("string", ""), ("boolean", "false"), ("long", "0"), ("int", "0"), ("double", "0.0"),
    }  # fmt: skip


def test_max_rows_reads_one_row_past_the_limit(filled):
    """A caller with a row limit (kg serve) gets at most ``max_rows + 1`` rows: enough to know
    the result is over it, without the store handing over all of it."""
    every = filled.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert len(every.rows) > 10
    limited = filled.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o", max_rows=4)
    ordered = filled.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o")
    assert limited.rows == ordered.rows[:5]
    triples = filled.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", max_rows=2)
    assert len(triples.rows) == 3
    assert len(filled.query("SELECT * WHERE { ?s ?p ?o } LIMIT 3", max_rows=10).rows) == 3
    assert filled.query("ASK { ?s ?p ?o }", max_rows=0).boolean is True
