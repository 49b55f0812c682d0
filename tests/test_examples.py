"""Every example runs: the articles ingest, every saved query finds rows, the API script works."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

import pytest
from click.testing import CliRunner

from tests.conftest import EXAMPLES, ROOT, run

QUERIES = sorted((EXAMPLES / "queries").glob("*.rq"))


@pytest.fixture(scope="module")
def examples_store(tmp_path_factory) -> str:
    folder = str(tmp_path_factory.mktemp("examples") / "store")
    result = run(CliRunner(), "ingest", str(EXAMPLES / "articles"), "--store", folder)
    assert result.exit_code == 0, result.output
    articles = len(list((EXAMPLES / "articles").glob("*.txt")))
    assert result.stderr.startswith(f"{articles} added, 0 replaced, 0 unchanged, 0 failed; ")
    return folder


def test_there_are_example_queries():
    assert len(QUERIES) >= 4


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.name)
def test_every_example_query_finds_rows(examples_store, path):
    result = run(CliRunner(), "query", str(path), "-f", "csv", "--store", examples_store)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) >= 1, f"{path.name} returned no rows"


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.name)
def test_every_example_query_says_what_it_asks(path):
    assert path.read_text("utf-8").startswith("# ")


def test_who_met_whom_finds_the_ankara_meeting(examples_store):
    result = run(
        CliRunner(),
        "query",
        str(EXAMPLES / "queries" / "who-met-whom-in-a-city.rq"),
        "-f",
        "csv",
        "--store",
        examples_store,
    )
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert ("2022-11-14", "Sergei Naryshkin", "William Burns", "Ankara") in {
        (r["date"], r["a"], r["b"], r["place"]) for r in rows
    }


def test_python_api_example_runs():
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / "python_api.py")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    articles = len(list((EXAMPLES / "articles").glob("*.txt")))
    assert lines[0].startswith(f"{articles} articles, ")
    ankara = [line for line in lines if line.startswith("2022-11-14") and "Ankara" in line]
    assert ankara and "William Burns" in ankara[0]


def test_examples_readme_points_to_the_bundled_queries():
    text = (EXAMPLES / "README.md").read_text("utf-8")
    for name in ("meetings", "posts", "events-by-country", "sources-of-an-event"):
        assert f"--name {name}" in text
    assert "kg query --list" in text
    for path in QUERIES:
        assert path.name in text


def test_public_api_build_can_be_called_twice():
    done = subprocess.run(
        [sys.executable, "-c", "import kg\n"
         "with kg.open_store('memory') as s:\n"
         "    kg.ingest(['examples/articles/001-burns-naryshkin-ankara.txt'], s)\n"
         "    kg.ingest(['examples/articles/012-biden-putin-geneva.txt'], s)\n"],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
