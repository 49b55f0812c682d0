"""``kg eval``: score extraction against a gold folder."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command(name="eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--format", "-f", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.option("--details", is_flag=True, help="List every miss and false positive.")
@click.option("--model", envvar="KG_SPACY_MODEL", metavar="NAME")
def eval_(gold_dir, fmt, details, model) -> None:
    """Score extraction against a gold folder (NNN.txt|html + NNN.meta.json + NNN.gold.json).

    \b
    Example:
      kg eval tests/devset -f json

    Matching rules: entities match on type plus name or alias (case, accents, dots and a
    leading "the" ignored); roles on person plus title (same head word, agreeing rank
    words); events on category plus participant sets with Jaccard overlap >= 0.5, one to
    one, best overlap first. Place and date accuracy are over matched events. Scores are
    micro-averaged over documents.
    """
    from kg.evaluation import evaluate, render_report
    from kg.facts import extraction_to_facts
    from kg.pipeline import extract as run_extract
    from kg.pipeline import read_documents

    def predict(path: Path) -> dict:
        meta_path = path.with_name(path.stem + ".meta.json")
        published = None
        if meta_path.exists():
            published = json.loads(meta_path.read_text("utf-8")).get("publication_date")
        docs = read_documents([str(path)], published=published)
        return extraction_to_facts(next(run_extract(docs, model=model)))

    report = evaluate(gold_dir, predict)
    if fmt == "json":
        click.echo(json.dumps(report, indent=1, ensure_ascii=False))
    else:
        click.echo(render_report(report, details=details))
