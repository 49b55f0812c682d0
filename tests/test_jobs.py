"""`--jobs`: one extraction process per core by default, never more than the cores (with a note
when more were asked for), and never more than there are batches of articles."""

from __future__ import annotations

from click.testing import CliRunner

from kg.pipeline import BATCH, available_cores, plan_jobs
from tests.conftest import EXAMPLES, run

ARTICLE = EXAMPLES / "articles" / "003-biden-xi-phone-call.txt"


def test_default_is_one_process_per_core_with_a_batch_each() -> None:
    cores = available_cores()
    assert plan_jobs(None, 1) == 1
    assert plan_jobs(None, BATCH - 1) == 1
    assert plan_jobs(None, BATCH * cores) == cores
    assert plan_jobs(None, BATCH * cores * 50) == cores


def test_asked_for_is_capped_at_cores_and_batches() -> None:
    cores = available_cores()
    assert plan_jobs(1, 10_000) == 1
    assert plan_jobs(cores + 3, 10_000) == cores
    assert plan_jobs(cores, 1) == 1  # one article is one batch: one process
    assert plan_jobs(2, BATCH + 1) == min(2, cores)


def test_more_jobs_than_cores_gives_a_note(tmp_path) -> None:
    cores = available_cores()
    result = run(CliRunner(), "ingest", str(ARTICLE), "-j", str(cores + 1), "--store", str(tmp_path / "s"))
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[0] == f"Note: --jobs {cores + 1} is more than the {cores} cores here; using {cores}"
    assert lines[1].startswith("1 added, 0 replaced, 0 unchanged, 0 failed; ")
    assert len(lines) == 2


def test_quiet_keeps_the_note_off(tmp_path) -> None:
    cores = available_cores()
    store = str(tmp_path / "s")
    result = run(CliRunner(), "ingest", str(ARTICLE), "-q", "-j", str(cores + 1), "--store", store)
    assert (result.exit_code, result.stderr) == (0, "")


def test_help_states_the_default() -> None:
    result = run(CliRunner(), "ingest", "--help")
    assert "Default: one per core" in " ".join(result.stdout.split())
