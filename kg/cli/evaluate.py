"""``kg eval``: score extraction against a gold folder."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command(name="eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--rules",
    type=click.Choice(["score", "kg"]),
    default="score",
    show_default=True,
    help="score: devset-news score.py's matching (figures compare with the private set); "
    "kg: the project's stricter rules (Jaccard overlap, modality, confidence thresholds).",
)
@click.option(
    "--format", "-f", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.option("--details", is_flag=True, help="List every miss and false positive (--rules kg).")
@click.option(
    "--predictions",
    "predictions_dir",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    help="Also write each article's `kg extract` JSON as DIR/NNN.json (what score.py reads).",
)
@click.option("--model", envvar="KG_SPACY_MODEL", metavar="NAME", help="spaCy pipeline to use.")
def eval_(gold_dir, rules, fmt, details, predictions_dir, model) -> None:
    """Score extraction against a gold folder (NNN.txt|html, NNN.meta.json, NNN.gold.json).

    Each article is extracted from its text alone with its meta's publication_date as
    --published, as devset-news's README does (an approximate date is read at month or year
    precision, with a warning). Reports entities typed and untyped, roles, events strict and
    loose, event place and date accuracy, events per category and without Statement.

    \b
    Example:
      kg eval ../shared/devset-news
      kg eval tests/devset --rules kg --details
      kg eval ../shared/devset-news -f json --predictions pred/
    """
    from kg.evaluation import evaluate_folder, render_evaluation

    if details and rules != "kg":
        raise click.UsageError("--details lists misses under --rules kg; add --rules kg")
    report = evaluate_folder(
        gold_dir,
        rules=rules,
        model=model,
        predictions_dir=predictions_dir,
        warn=lambda message: click.echo(f"warning: {message}", err=True),
    )
    if fmt == "json":
        click.echo(json.dumps(report, indent=1, ensure_ascii=False))
    else:
        click.echo(render_evaluation(report, details=details))
