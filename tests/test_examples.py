"""Every example runs: the articles ingest, every saved query finds rows, the API script works."""

from __future__ import annotations

import csv
import io
import json
import re
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


# -- every example line in the README and in the commands' help is run ----------------------
# Examples that cannot run inside a test, by a piece of their text, each with the reason; any
# other example must run.
NOT_RUN = {
    "kg serve ": "runs until stopped; tests/test_serve.py starts and queries the server",
    "../shared/devset-news": "the shared data set; tests/test_devset_news.py scores it",
    "--cluster ": "needs a Dask cluster (and a remote store)",
    "kg load parts/ --store http://": "needs a remote store",
}
ROW_COMMANDS = ("query", "analyze", "docs", "stats")  # their output is rows: none may repeat


def readme_examples() -> list[str]:
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", (ROOT / "README.md").read_text("utf-8"), re.S):
        for line in block.splitlines():
            for part in line.split("  #", 1)[0].split("&&"):
                if part.strip().startswith("kg "):
                    lines.append(part.strip())
    return lines


def help_examples() -> list[str]:
    import click

    from kg.cli import main

    def walk(cmd):
        yield cmd
        for sub in getattr(cmd, "commands", {}).values():
            yield from walk(sub)

    lines = []
    for cmd in walk(main):
        text = cmd.help or ""
        for line in text.split("Example:", 1)[-1].splitlines() if "Example:" in text else ():
            for part in line.split("&&"):
                if part.strip().startswith("kg "):
                    lines.append(part.strip())
    assert isinstance(main, click.Group)
    return lines


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """A folder like a user's: ./kg-store holds the examples, story files and folders exist."""
    import shutil

    work = tmp_path_factory.mktemp("work")
    (work / "examples").symlink_to(EXAMPLES)
    (work / "tests").symlink_to(ROOT / "tests")
    article = EXAMPLES / "articles" / "001-burns-naryshkin-ankara.txt"
    for name in ("story.txt", "article.txt"):
        shutil.copy(article, work / name)
    body = article.read_text("utf-8").split("---", 2)[-1]
    html = f"<html><head><title>Spy chiefs</title></head><body><p>{body}</p></body></html>"
    for name in ("story.html", "article.html"):
        (work / name).write_text(html, "utf-8")
    for folder in ("folder", "big-folder"):
        (work / folder).mkdir()
        for path in sorted((EXAMPLES / "articles").glob("00[23]-*.txt")):
            shutil.copy(path, work / folder / path.name)
    result = run(CliRunner(), "ingest", str(EXAMPLES / "articles"), "--store", str(work / "kg-store"))
    assert result.exit_code == 0, result.output
    return work


def run_example(line: str, work, monkeypatch):
    import shlex
    import webbrowser

    monkeypatch.chdir(work)
    monkeypatch.delenv("KG_STORE", raising=False)
    monkeypatch.setattr(webbrowser, "open", lambda uri: True)  # --open: no real browser
    text, stdin, target = line, None, None
    if " > " in text:
        text, target = (t.strip() for t in text.split(" > "))
    if " < " in text:
        text, source = (t.strip() for t in text.split(" < "))
        stdin = (work / source).read_text("utf-8")
    args = shlex.split(text)[1:]
    if args[:1] == ["remove"]:  # the help's made-up id: remove a document the store holds
        docs = run(CliRunner(), "docs", "-f", "json")
        args[1] = json.loads(docs.stdout)[-1]["doc_id"]
    result = run(CliRunner(), *args, input=stdin)
    if target:
        (work / target).write_text(result.stdout, "utf-8")
    return args, result


EXAMPLES_TO_RUN = [
    *(pytest.param(line, id=f"README: {line}") for line in readme_examples()),
    *(pytest.param(line, id=f"help: {line}") for line in help_examples()),
]


def not_run(line: str) -> str | None:
    return next((why for part, why in NOT_RUN.items() if part in line), None)


def test_the_examples_not_run_are_the_known_ones():
    every = set(readme_examples()) | set(help_examples())
    for part in NOT_RUN:  # a stale entry means the example changed: run it instead
        assert any(part in line for line in every), part
    assert sum(1 for line in every if not_run(line)) < len(every) / 4


@pytest.mark.parametrize("line", EXAMPLES_TO_RUN)
def test_every_example_runs_without_repeated_rows(workdir, monkeypatch, line):
    if not_run(line):
        pytest.skip(not_run(line))
    args, result = run_example(line, workdir, monkeypatch)
    assert result.exit_code == 0, f"{line}\n{result.output}"
    if args[0] in ROW_COMMANDS and result.stdout.strip():
        out = result.stdout
        if out.lstrip().startswith(("{", "[")):
            data = json.loads(out)
            items = data["results"]["bindings"] if isinstance(data, dict) and "results" in data else data
            if isinstance(items, list):
                keys = [json.dumps(i, sort_keys=True) for i in items]
                assert len(keys) == len(set(keys)), f"{line} repeats rows"
        else:
            rows = [r for r in out.splitlines() if r.strip()]
            assert len(rows) == len(set(rows)), f"{line} repeats rows"
