"""kg: turn diplomacy news into a knowledge graph (RDF) you can query, view and export.

The Python API mirrors the CLI; heavy libraries load only when a function needs them.

>>> import kg
>>> with kg.open_store("memory") as store:                      # doctest: +SKIP
...     kg.ingest(["examples/articles"], store)
...     rows = store.query(kg.named_query("meetings")).rows

``kg.ingest`` is what ``kg ingest`` does (``kg.build`` is its older name, kept).
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "build", "extract", "ingest", "named_query", "open_store", "read_documents"]


def __getattr__(name: str):
    if name in ("ingest", "build"):  # `kg ingest`; `build` is the name it had first
        from kg.pipeline import ingest

        return ingest
    if name in ("extract", "read_documents"):
        from kg import pipeline

        return getattr(pipeline, name)
    if name in ("open_store", "named_query"):
        from kg import store

        return getattr(store, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
