"""Pick a result format from an HTTP Accept header (SPARQL 1.1 Protocol content negotiation).

Each result kind has its offers, best first; a format's weight is the q of the most specific
media range in the header that matches it (``q=0`` refuses it, even under ``*/*``). No
Accept header, or only wildcards, gives the kind's first offer; a header that accepts none
of the offers gives None (the server answers 406).
"""

from __future__ import annotations

import pyoxigraph as ox

# format name → the media types it answers to (the first is the one sent)
RESULT_TYPES = {
    "json": ("application/sparql-results+json", "application/json"),
    "xml": ("application/sparql-results+xml", "application/xml", "text/xml"),
    "csv": ("text/csv",),
    "tsv": ("text/tab-separated-values",),
}
RDF_TYPES = {
    "turtle": ("text/turtle", "application/x-turtle"),
    "ntriples": ("application/n-triples", "text/plain"),
    "rdfxml": ("application/rdf+xml",),
    "jsonld": ("application/ld+json",),
}
OFFERS = {
    "select": ("json", "xml", "csv", "tsv"),
    "ask": ("json", "xml", "csv", "tsv"),
    "graph": ("turtle", "ntriples", "rdfxml", "jsonld"),
}
MEDIA_TYPE = {
    "json": "application/sparql-results+json",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "xml": "application/sparql-results+xml",
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
}
RESULTS_FORMAT = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
RDF_FORMAT = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges with their q values, best first (ties keep the header's order); ranges
    with ``q=0`` are left out."""
    return [(media, q) for media, q, _ in _ranges(header) if q > 0]


def _ranges(header: str | None) -> list[tuple[str, float, int]]:
    ranges: list[tuple[str, float, int]] = []
    for index, part in enumerate((header or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(1.0, max(0.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media, q, index))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return ranges


def _weight(media_types: tuple[str, ...], ranges: list[tuple[str, float, int]]) -> tuple[float, int]:
    """(q, position in the header) of the most specific range matching any of the types."""
    best: tuple[int, float, int] | None = None  # (specificity, q, index)
    for media in media_types:
        kind = media.split("/")[0]
        for pattern, q, index in ranges:
            specificity = (
                3 if pattern == media else 2 if pattern == f"{kind}/*" else 1 if pattern == "*/*" else 0
            )
            if specificity and (best is None or (specificity, -index) > (best[0], -best[2])):
                best = (specificity, q, index)
    if best is None:
        return 0.0, 0
    return best[1], best[2]


def choose(accept: str | None, kind: str) -> str | None:
    """Format name for a result kind ("select", "ask", "graph"), or None when the header
    accepts none of the kind's formats."""
    offers = OFFERS["graph" if kind == "graph" else kind if kind in OFFERS else "select"]
    types = RDF_TYPES if kind == "graph" else RESULT_TYPES
    if not accept or not accept.strip():
        return offers[0]
    ranges = _ranges(accept)
    scored = []
    for rank, name in enumerate(offers):
        q, index = _weight(types[name], ranges)
        if q > 0:
            scored.append((-q, index, rank, name))
    return min(scored)[3] if scored else None


def offered(kind: str) -> str:
    """The media types a result kind can be sent as (for a 406 message)."""
    types = RDF_TYPES if kind == "graph" else RESULT_TYPES
    return ", ".join(types[name][0] for name in OFFERS["graph" if kind == "graph" else "select"])
