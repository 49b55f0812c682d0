"""The wheel carries everything kg reads at run time, and kg installed from it works outside the
checkout. (CI also installs the wheel with its dependencies into a fresh virtual environment:
scripts/wheel-smoke.sh.)"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "articles" / "001-burns-naryshkin-ankara.txt"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(out), str(ROOT)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    if done.returncode != 0 and "hatchling" in done.stderr and "No matching distribution" in done.stderr:
        pytest.skip("the build backend (hatchling) cannot be fetched: no package index reachable")
    assert done.returncode == 0, done.stderr
    (found,) = out.glob("kg_diplomacy-*.whl")
    return found


def runtime_data() -> set[str]:
    """Every non-Python file kg reads, as its path inside the wheel."""
    data = {f"kg/ontologies/{p.relative_to(ROOT / 'ontologies').as_posix()}"
            for p in (ROOT / "ontologies").rglob("*") if p.is_file()}  # fmt: skip
    for pattern in ("nlp/data/*.json", "store/queries/*.rq"):
        data |= {f"kg/{p.relative_to(ROOT / 'kg').as_posix()}" for p in (ROOT / "kg").glob(pattern)}
    return data


def requirements(wheel: Path, extras: bool = False) -> set[str]:
    """The wheel's run-time requirements (with ``extras``, those of its extras too), as
    normalised distribution names."""
    with zipfile.ZipFile(wheel) as zf:
        meta = zf.read(next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))).decode()
    return {
        re.split(r"[<>=!~; \[]", line.split(": ", 1)[1])[0].lower().replace("_", "-")
        for line in meta.splitlines()
        if line.startswith("Requires-Dist: ") and (extras or "extra ==" not in line)
    }


def test_the_wheel_carries_the_ontologies_the_nlp_data_and_the_queries(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"kg/ontologies/diplomacy.ttl", "kg/nlp/data/triggers.json", "kg/store/queries/meetings.rq"} <= (
        names
    )
    assert runtime_data() - names == set()
    assert not [n for n in names if n.startswith(("tests/", "ontologies/", "bench/")) or "__pycache__" in n]


def test_the_wheel_declares_its_name_entry_point_and_html_dependencies(wheel):
    with zipfile.ZipFile(wheel) as zf:
        meta = zf.read(next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))).decode()
        entry = zf.read(next(n for n in zf.namelist() if n.endswith(".dist-info/entry_points.txt"))).decode()
    assert "\nName: kg-diplomacy\n" in meta
    assert "\nLicense-Expression: MIT\n" in meta
    assert {"lxml-html-clean", "jinja2", "trafilatura", "pyoxigraph", "spacy", "click"} <= requirements(wheel)
    assert "kg = kg.cli:main" in entry


def test_kg_installed_from_the_wheel_runs_outside_the_checkout(wheel, tmp_path):
    target, work = tmp_path / "site", tmp_path / "work"
    work.mkdir()
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(target), "KG_STORE": ""}
    env.pop("KG_ONTOLOGY_DIR", None)

    def kg(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "kg", *args], cwd=work, env=env,
                              capture_output=True, text=True, timeout=300)  # fmt: skip

    where = subprocess.run(
        [sys.executable, "-c", "import kg.ontology.paths as p; print(p.ontology_dir())"],
        cwd=work, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert where.stdout.strip() == str(target / "kg" / "ontologies")
    ingested = kg("ingest", str(ARTICLE), "--quiet")
    assert ingested.returncode == 0, ingested.stderr
    exported = kg("export", "-f", "ntriples")
    assert exported.returncode == 0, exported.stderr
    assert "William Burns" in exported.stdout
    assert kg("validate").stdout == "Conforms.\n"
    assert sorted(p.name for p in work.iterdir()) == ["kg-store"]


def test_every_third_party_import_is_a_declared_dependency(wheel):
    """A module imported when kg loads is a run-time requirement; one imported inside a
    function (an optional path such as --cluster) may come from an extra instead."""
    import ast
    import importlib.metadata

    top_level: set[str] = set()
    nested: set[str] = set()
    for path in (ROOT / "kg").rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        inside = {id(n) for f in ast.walk(tree) if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)
                  for n in ast.walk(f)}  # fmt: skip
        for node in ast.walk(tree):
            names: set[str] = set()
            if isinstance(node, ast.Import):
                names = {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = {node.module.split(".")[0]}
            (nested if id(node) in inside else top_level).update(names)
    owners = importlib.metadata.packages_distributions()

    def undeclared(modules: set[str], declared: set[str]) -> dict:
        third_party = modules - set(sys.stdlib_module_names) - {"kg", "__future__"}
        return {
            module: owners.get(module)
            for module in third_party
            if not {d.lower().replace("_", "-") for d in owners.get(module, [])} & declared
        }

    assert undeclared(top_level, requirements(wheel)) == {}
    assert undeclared(nested, requirements(wheel, extras=True)) == {}
