"""kg: turn diplomacy news into a knowledge graph (RDF) you can query, view and export.

The Python API mirrors the CLI; heavy libraries load only when a function needs them.

>>> import kg
>>> with kg.open_store("memory") as store:                      # doctest: +SKIP
...     kg.build(["examples/articles"], store)
...     rows = store.query(kg.named_query("meetings")).rows

``kg.build`` is what ``kg ingest`` does (the name ``kg.ingest`` is the ingest subpackage).
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "build", "extract", "named_query", "open_store", "read_documents"]


def __getattr__(name: str):
    if name == "build":  # `kg ingest`; the name kg.ingest belongs to the ingest subpackage
        from kg.pipeline import ingest

        return ingest
    if name in ("extract", "read_documents"):
        from kg import pipeline

        return getattr(pipeline, name)
    if name in ("open_store", "named_query"):
        from kg import store

        return getattr(store, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
