"""HTML pages → main-text lines and the page's own metadata, via trafilatura.

Settings favour precision (no comments, no tables, no link lists) because the NLP stage
turns every stray sentence into candidate facts. Dates come only from the page's metadata
(``extensive_search`` off): a year in a copyright line or a donation banner is not a
publication date.
"""

from __future__ import annotations

import logging
from typing import Any

from kg.documents.metadata import Meta, normalize_date

_DATE_PARAMS = {"extensive_search": False, "original_date": True}



def extract_html(markup: str, url: str | None = None) -> tuple[list[str], Meta]:
    """The article's text as lines (one paragraph or heading each) and its declared metadata."""
    result = _extract(markup, url, favor_precision=True)
    if result is None or not (result.text or "").strip():
        result = _extract(markup, url, favor_precision=False)
    if result is None:
        return [], Meta()
    lines = [" ".join(line.split()) for line in (result.text or "").split("\n")]
    meta = Meta(
        title=_clean(result.title),
        outlet=_clean(result.sitename),
        published=normalize_date(result.date),
        url=_clean(result.url),
    )
    return lines, meta


def _extract(markup: str, url: str | None, *, favor_precision: bool) -> Any:
    import trafilatura  # imported on first use: it takes a while and text needs none of it

    # trafilatura logs ordinary outcomes ("empty HTML tree") as errors; ours are InputErrors.
    for name in ("trafilatura", "htmldate", "courlan"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    return trafilatura.bare_extraction(
        markup,
        url=url,
        with_metadata=True,
        favor_precision=favor_precision,
        include_comments=False,
        include_tables=False,
        include_links=False,
        include_images=False,
        deduplicate=False,
        date_extraction_params=_DATE_PARAMS,
    )


def _clean(value: str | None) -> str | None:
    text = " ".join((value or "").split())
    return text or None
