"""Shared fixtures: the seed article, a CLI runner, and stores built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seeds" / "000_e91530ba542469f3.txt"
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip(f"seed article not found at {SEED} (it lives in ../shared/seeds/, which CI provides)")
    return SEED


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def run(runner: CliRunner, *args: str, input: bytes | str | None = None):
    """Invoke the CLI in-process (the spaCy pipeline loads once per test session)."""
    from kg.cli import main

    return runner.invoke(main, list(args), input=input, catch_exceptions=False)


def select(store, sparql: str) -> list[dict[str, str | None]]:
    """Rows of a SELECT as plain strings, with the project prefixes declared."""
    from kg.store.prefixes import sparql_prologue

    result = store.query(sparql_prologue(store.base) + sparql)
    return [{k: (str(v) if v is not None else None) for k, v in row.items()} for row in result.rows]
