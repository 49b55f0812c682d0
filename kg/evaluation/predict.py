"""``kg extract`` predictions for a gold folder, made as devset-news's README makes them.

Each article is read from its text alone, as if copied into a folder of its own: the
``NNN.meta.json`` beside it is *not* read as a sidecar (its title, outlet and URL stay
unknown, as for the private set), and only its ``publication_date`` is passed, as
``--published`` would be. An approximate or unreadable date there never stops the run: it is
read at month or year precision when it can be, else dropped, with a warning.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from kg.documents import read_bytes
from kg.documents.metadata import read_date
from kg.errors import InputError
from kg.model import Document

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")  # the text first: the README scores NNN.txt

Warn = Callable[[str], None]


def article_paths(gold_dir: Path) -> dict[str, Path]:
    """``NNN`` → the article scored for ``NNN.gold.json`` (``NNN.txt``, else ``NNN.html``)."""
    gold_dir = Path(gold_dir)
    paths = {}
    for gold in sorted(gold_dir.glob("*.gold.json")):
        doc_id = gold.name.split(".")[0]
        article = next((p for s in ARTICLE_SUFFIXES if (p := gold_dir / (doc_id + s)).is_file()), None)
        if article is None:
            raise InputError(f"{gold} has no article next to it; add {doc_id}.txt or {doc_id}.html")
        paths[doc_id] = article
    return paths


def meta_published(article: Path) -> tuple[str | None, str | None]:
    """(publication date, warning) from the ``publication_date`` of the article's meta file."""
    meta = article.with_name(article.name.split(".")[0] + ".meta.json")
    if not meta.is_file():
        return None, None
    try:
        values = json.loads(meta.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, f"{meta}: not readable JSON ({type(exc).__name__}); no publication date"
    value = values.get("publication_date") if isinstance(values, dict) else None
    return read_date(value if isinstance(value, str) else None, f"{meta} publication_date")


def read_article(article: Path, published: str | None) -> Document:
    """The article as ``kg extract COPY --published DATE`` reads a copy of it with no sidecar."""
    kind = "html" if article.suffix.lower() in (".html", ".htm") else "text"
    return read_bytes(Path(article).read_bytes(), str(Path(article).resolve()), kind=kind,
                      published=published)


def _documents(paths: dict[str, Path], warn: Warn) -> Iterator[Document]:
    for article in paths.values():
        published, warning = meta_published(article)
        if warning:
            warn(warning)
        yield read_article(article, published)


def predict_folder(
    gold_dir: Path,
    *,
    model: str | None = None,
    reference_files: Sequence[Path] = (),
    warn: Warn = lambda message: None,
) -> dict[str, dict]:
    """``NNN`` → the ``kg extract --format json`` facts of each gold article (one pipeline)."""
    from kg.facts import add_codes, extraction_to_facts
    from kg.ontology import event_types
    from kg.pipeline import extract

    paths = article_paths(gold_dir)
    codes = {name: (info.cameo, info.plover) for name, info in event_types().items()}
    extractions = extract(_documents(paths, warn), model=model, reference_files=reference_files)
    return {
        doc_id: add_codes(extraction_to_facts(x), codes)
        for doc_id, x in zip(paths, extractions, strict=True)
    }


def write_predictions(predictions: dict[str, dict], out_dir: Path) -> list[Path]:
    """Write ``out_dir/NNN.json`` files, as ``kg extract --format json > NNN.json`` would."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for doc_id, facts in predictions.items():
        path = out_dir / f"{doc_id}.json"
        path.write_text(json.dumps(facts, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.append(path)
    return written
