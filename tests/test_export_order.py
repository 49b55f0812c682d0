"""Export order: the embedded store streams its indexes (``formats.stream``), whose order is
fixed by the content, not by the order of writing; blank nodes are named canonically.

The same quads written in another order, in other batches, by the bulk loader, or into a
store emptied and filled again give the same bytes, in every format, and every export parses
back to the quads (the union as a set of triples for Turtle, N-Triples and JSON-LD).
"""

from __future__ import annotations

import io
import random

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg.store import formats

FORMATS = ["turtle", "ntriples", "jsonld", "trig", "nquads"]
EX = "http://example.org/"
TYPE = ox.NamedNode(formats.RDF_TYPE)
SKIP = ox.NamedNode("https://w3id.org/kg-diplomacy/store#describes")

DATA = f"""
@prefix ex: <{EX}> .
@prefix dip: <https://w3id.org/kg-diplomacy/ontology#> .
ex:g1 {{
  ex:burns a dip:Person ; ex:label "William Burns" , "Burns"@en ; ex:met ex:lavrov ; ex:n 3 .
  ex:doc ex:about ex:burns ; <{SKIP.value}> ex:burns .
  ex:list ex:items ( ex:a ex:b ) .
  ex:both ex:p "in two graphs" .
}}
ex:g2 {{
  ex:lavrov a dip:Person ; ex:label "Sergei Lavrov" ; ex:weight 0.5 .
  ex:both ex:p "in two graphs" ; ex:q [ ex:r "only here" ] .
  ex:burns ex:label "William Burns" ; ex:title "director" .
}}
"""


def quads() -> list[ox.Quad]:
    return list(ox.parse(DATA, format=ox.RdfFormat.TRIG))  # blank-node labels drawn at random


def export(store: ox.Store, fmt: str) -> bytes:
    out = io.BytesIO()
    leave_out = frozenset() if fmt in formats.DATASET_FORMATS else frozenset({SKIP})
    assert formats.stream(store, fmt, out, EX, leave_out)
    return out.getvalue()


def stores(tmp_path) -> list[ox.Store]:
    """The same content written four ways."""
    data = quads()
    one = ox.Store(str(tmp_path / "one"))
    one.extend(data)
    two = ox.Store(str(tmp_path / "two"))
    shuffled = quads()
    random.Random(7).shuffle(shuffled)
    for start in range(0, len(shuffled), 3):
        two.extend(shuffled[start : start + 3])
    three = ox.Store(str(tmp_path / "three"))
    three.bulk_load(DATA, format=ox.RdfFormat.TRIG)
    four = ox.Store(str(tmp_path / "four"))
    four.extend(reversed(quads()))
    four.clear()
    four.extend(quads())
    return [one, two, three, four]


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_content_same_bytes_whatever_the_order_of_writing(tmp_path, fmt):
    exports = [export(store, fmt) for store in stores(tmp_path)]
    assert all(e == exports[0] for e in exports)
    assert b"_:c14n" in exports[0]  # blank nodes named canonically, not as loaded


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_parses_back_to_the_quads(tmp_path, fmt):
    store = stores(tmp_path)[1]
    data = export(store, fmt)
    parsed = list(ox.parse(data, format=formats.EXPORT_FORMATS[fmt]))
    if fmt in formats.DATASET_FORMATS:
        expected = ox.Dataset(quads())
        assert len(parsed) == len(expected)
    else:
        triples = {ox.Quad(q.subject, q.predicate, q.object) for q in quads() if q.predicate != SKIP}
        expected = ox.Dataset(triples)
        # each triple once: the one both graphs hold too
        lines = [line for line in data.decode().splitlines() if "in two graphs" in line]
        assert len(lines) == 1 and len(parsed) == len(expected)
    got = ox.Dataset(parsed)
    for dataset in (got, expected):
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    assert set(got) == set(expected)


def test_turtle_writes_a_subjects_type_first_and_the_prefixes_in_order(tmp_path):
    text = export(stores(tmp_path)[0], "turtle").decode()
    assert "\nkgid:burns a dip:Person ;\n" in text  # kgid: is the base given, here EX
    prefixes = [line for line in text.splitlines() if line.startswith("@prefix ")]
    assert prefixes == sorted(prefixes) and text.startswith(prefixes[0])


def test_an_in_memory_store_is_not_streamed_and_write_gives_the_streamed_bytes(tmp_path):
    """Oxigraph's in-memory store keeps the order of writing, so it is not streamed; the
    memory and remote backends' ``write`` goes through a scratch on-disk store instead."""
    memory = ox.Store()
    memory.extend(quads())
    out = io.BytesIO()
    assert not formats.stream(memory, "turtle", out, EX)
    assert out.getvalue() == b""
    on_disk = stores(tmp_path)[0]
    for fmt in FORMATS:
        copy = io.BytesIO()
        kept = quads() if fmt in formats.DATASET_FORMATS else [q for q in quads() if q.predicate != SKIP]
        random.Random(3).shuffle(kept)
        formats.write(kept, fmt, copy, EX)
        assert copy.getvalue() == export(on_disk, fmt), fmt


def test_quads_in_the_default_graph_fall_back_to_the_sorted_copy(tmp_path):
    store = ox.Store(str(tmp_path / "s"))
    store.extend(quads())
    store.add(ox.Quad(ox.NamedNode(EX + "x"), TYPE, ox.NamedNode(EX + "Thing")))
    assert not formats.stream(store, "nquads", io.BytesIO(), EX)
    out = io.BytesIO()
    formats.write(list(store), "nquads", out, EX)
    parsed = ox.Dataset(ox.parse(out.getvalue(), format=ox.RdfFormat.N_QUADS))
    assert len(parsed) == len(store) and b"_:c14n" in out.getvalue()


def test_kg_export_of_a_folder_writes_what_the_store_writes_without_rdflib(tmp_path):
    """``kg export`` of an on-disk store reads the folder itself (``formats.export_folder``),
    never loading the Store layer and rdflib, and writes the bytes ``Store.export`` writes."""
    import subprocess
    import sys
    from pathlib import Path

    from click.testing import CliRunner
    from store_data import fill

    from kg.cli import main
    from kg.store import open_store
    from kg.store.base import BOOKKEEPING

    assert formats.BOOKKEEPING == BOOKKEEPING
    folder = str(tmp_path / "s")
    with open_store(folder) as store:
        fill(store)
        store.import_rdf(DATA.encode(), "trig")
        expected = {}
        for fmt in FORMATS:
            out = io.BytesIO()
            store.export(fmt, out)
            expected[fmt] = out.getvalue()
    runner = CliRunner()
    for fmt in FORMATS:
        done = runner.invoke(main, ["export", "-f", fmt, "--store", folder])
        assert done.exit_code == 0 and done.stdout_bytes == expected[fmt], fmt
        target = tmp_path / f"graph.{fmt}"
        done = runner.invoke(main, ["export", "-f", fmt, "-o", str(target), "--store", folder])
        assert done.exit_code == 0 and target.read_bytes() == expected[fmt]
        assert done.stderr == f"Wrote {target}\n" and not Path(f"{target}.part").exists()
    code = (
        "import sys, runpy; sys.argv = ['kg', 'export', '-f', 'nt', '--store', sys.argv[1]]\n"
        "try: runpy.run_module('kg', run_name='__main__')\n"
        "except SystemExit: pass\n"
        "print('rdflib' in sys.modules, file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code, folder], capture_output=True, check=True)
    assert done.stdout == expected["ntriples"] and done.stderr.split() == [b"False"]
    empty = str(tmp_path / "empty")
    with open_store(empty) as store:
        store.ensure_vocabulary(Graph().parse(data=DATA, format="trig"))  # vocabulary only
    done = runner.invoke(main, ["export", "--store", empty])
    assert done.exit_code == 1 and done.stdout_bytes == b""
    assert done.stderr == f"Error: store {empty} holds no documents; kg ingest FILE first\n"
