#!/usr/bin/env bash
# Build the sdist and, from it, the wheel; install the wheel into a fresh virtual environment;
# then, from a temporary folder outside the checkout, run kg as a new user would: ingest a .txt
# and an .html article, extract, query, export (and parse the Turtle back), view, validate,
# stats, plus the empty-store rules. Any failure stops the script with a non-zero status.
#
#   bash scripts/wheel-smoke.sh            # uses python3 (>= 3.11); PYTHON=python3.12 to choose
#   KEEP=1 bash scripts/wheel-smoke.sh     # keep the temporary folder for a look afterwards
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
PYTHON=${PYTHON:-python3}
work=$(mktemp -d "${TMPDIR:-/tmp}/kg-wheel-smoke.XXXXXX")
if [ -z "${KEEP:-}" ]; then trap 'rm -rf "$work"' EXIT; else echo "keeping $work"; fi
step() { printf '\n== %s\n' "$*"; }

step "build the sdist, then the wheel from the sdist"
"$PYTHON" -m venv "$work/build-env"
"$work/build-env/bin/pip" install --quiet --upgrade pip build
"$work/build-env/bin/python" -m build --outdir "$work/dist" "$repo" >"$work/build.log" 2>&1 \
  || { cat "$work/build.log"; exit 1; }
wheel=$(ls "$work"/dist/*.whl)
sdist=$(ls "$work"/dist/*.tar.gz)
echo "$(basename "$sdist")  $(basename "$wheel")"
"$PYTHON" -c 'import sys, zipfile; print(*zipfile.ZipFile(sys.argv[1]).namelist(), sep="\n")' "$wheel" \
  >"$work/wheel-files.txt"

step "the wheel's files ($(grep -c '\.py$' "$work/wheel-files.txt") .py modules, not listed, and these)"
grep -v '\.py$' "$work/wheel-files.txt"
for needed in kg/ontologies/diplomacy.ttl kg/ontologies/concepts.ttl kg/ontologies/shapes.ttl \
    kg/ontologies/reference/countries.ttl kg/nlp/data/triggers.json kg/nlp/data/roles.json \
    kg/nlp/data/confidence.json kg/store/queries/meetings.rq; do
  grep -qx "$needed" "$work/wheel-files.txt" || { echo "the wheel lacks $needed" >&2; exit 1; }
done
tar -tzf "$sdist" >"$work/sdist-files.txt"
grep -q '^kg_diplomacy-[^/]*/ontologies/diplomacy.ttl$' "$work/sdist-files.txt" \
  || { echo "the sdist lacks ontologies/" >&2; exit 1; }
echo "sdist: $(wc -l <"$work/sdist-files.txt") entries, ontologies/ and kg/nlp/data/ included"

step "install the wheel into a fresh virtual environment"
"$PYTHON" -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --upgrade pip
"$work/venv/bin/pip" install --quiet "$wheel"
export PATH="$work/venv/bin:$PATH"
unset KG_STORE KG_ONTOLOGY_DIR
hash -r
[ "$(command -v kg)" = "$work/venv/bin/kg" ] || { echo "kg is not the wheel's: $(command -v kg)" >&2; exit 1; }
kg --version

run=$work/run
mkdir "$run"
cd "$run"  # outside the checkout: nothing here but what the wheel installed
cat >story.txt <<'TEXT'
Lavrov and Blinken meet in Geneva

GENEVA, Jan 21, 2022 — Russian Foreign Minister Sergei Lavrov met U.S. Secretary of State
Antony Blinken in Geneva on Friday to discuss Ukraine, the State Department said.
TEXT
cat >page.html <<'HTML'
<!doctype html>
<html><head><title>Burns visits Moscow</title>
<meta property="article:published_time" content="2021-11-02"></head>
<body><nav>Home | World | Europe</nav>
<article><h1>Burns visits Moscow</h1>
<p>CIA Director William Burns met Nikolai Patrushev, secretary of Russia's Security Council,
in Moscow on Tuesday, the U.S. embassy said.</p></article>
<footer>We use cookies to deliver our services.</footer></body></html>
HTML

step "kg ingest story.txt; kg ingest page.html"
kg ingest story.txt --published 2022-01-21
kg ingest page.html  # dated by its own <meta>
step "kg extract story.txt -f table"
kg extract story.txt -f table
step "kg query --name meetings"
kg query --name meetings | tee meetings.txt
grep -q "Sergei Lavrov" meetings.txt && grep -q "William Burns" meetings.txt
step "kg export -o graph.ttl (and parse it back)"
kg export -o graph.ttl
python - <<'PY'
import rdflib

graph = rdflib.Graph().parse("graph.ttl", format="turtle")
people = {str(o) for s, p, o in graph.triples((None, rdflib.RDFS.label, None))}
assert len(graph) > 100 and {"Sergei Lavrov", "William Burns"} <= people, (len(graph), sorted(people))
print(f"graph.ttl parses: {len(graph)} triples")
PY
step "kg view -o graph.html"
kg view -o graph.html
grep -q "Sergei Lavrov" graph.html
step "kg validate"
kg validate
step "kg stats"
kg stats

step "reading an empty store says so; exporting it writes nothing and exits 1"
mkdir empty-folder
set +e
kg query --name meetings --store empty-folder 2>err.txt; status=$?
set -e
cat err.txt
[ "$status" = 1 ] && [ -z "$(ls -A empty-folder)" ] || { echo "kg query changed a folder that is no store" >&2; exit 1; }
set +e
kg export -o empty.ttl --store memory 2>err.txt; status=$?
set -e
cat err.txt
[ "$status" = 1 ] && [ ! -e empty.ttl ] || { echo "export of an empty store did not fail cleanly" >&2; exit 1; }
grep -qx "Error: store memory holds no documents; kg ingest FILE first" err.txt

step "wheel smoke test passed"
