"""Open a knowledge-graph store from one string and run the bundled queries.

``open_store("./kg-store")`` → embedded on-disk Oxigraph; ``open_store("memory")`` → rdflib
in memory; ``open_store("http://localhost:7878")`` → a remote SPARQL 1.1 endpoint. The
backend is picked from a registry keyed by name (``register_backend`` adds one).

>>> from kg.store import open_store, named_query
>>> with open_store("memory") as store:
...     store.query(named_query("meetings")).rows
[]
"""

from __future__ import annotations

import os
from collections.abc import Callable
from importlib import resources
from typing import TYPE_CHECKING

from kg.errors import QueryError
from kg.store.prefixes import DEFAULT_BASE

if TYPE_CHECKING:
    from kg.store.base import Store
    from kg.store.results import QueryResult

__all__ = [
    "DEFAULT_STORE",
    "QueryResult",
    "Store",
    "backend_for",
    "named_queries",
    "named_query",
    "open_store",
    "register_backend",
]

DEFAULT_STORE = "./kg-store"

Factory = Callable[..., "Store"]
_BACKENDS: dict[str, Factory] = {}


def register_backend(name: str, factory: Factory) -> None:
    """Make ``factory(spec, base, read_only=…)`` the backend called ``name``."""
    _BACKENDS[name] = factory


def backend_for(spec: str) -> str:
    """Registry name for a store spec: "memory", "sparql" (http/https URL) or "oxigraph"."""
    if spec == "memory":
        return "memory"
    if spec.lower().startswith(("http://", "https://")):
        return "sparql"
    return "oxigraph"


def open_store(spec: str | None = None, *, base: str = DEFAULT_BASE, read_only: bool = False) -> Store:
    """Open the store named by ``spec``, else env ``KG_STORE``, else ``./kg-store``.

    ``read_only`` opens an on-disk store without taking its write lock and without creating
    anything: the folder must already hold a store, and one the user may not write opens too.
    (Memory and remote stores ignore it; ``kg query`` refuses updates on every backend.)"""
    spec = spec or os.environ.get("KG_STORE") or DEFAULT_STORE
    return _BACKENDS[backend_for(spec)](spec, base, read_only=read_only)


def _oxigraph(spec: str, base: str, *, read_only: bool = False) -> Store:
    from kg.store.embedded import OxigraphStore

    return OxigraphStore(spec, base=base, read_only=read_only)


def _memory(spec: str, base: str, *, read_only: bool = False) -> Store:
    from kg.store.memory import MemoryStore

    return MemoryStore(base=base)


def _sparql(spec: str, base: str, *, read_only: bool = False) -> Store:
    from kg.store.remote import RemoteStore

    return RemoteStore(spec, base=base)


register_backend("oxigraph", _oxigraph)
register_backend("memory", _memory)
register_backend("sparql", _sparql)


def _query_files() -> dict[str, str]:
    folder = resources.files("kg.store") / "queries"
    return {
        entry.name[: -len(".rq")]: entry.read_text(encoding="utf-8")
        for entry in folder.iterdir()
        if entry.name.endswith(".rq")
    }


def named_query(name: str) -> str:
    """The SPARQL text of a bundled query ("meetings", "posts", …)."""
    queries = _query_files()
    key = name[: -len(".rq")] if name.endswith(".rq") else name
    if key not in queries:
        raise QueryError(f"no bundled query {name!r}: use one of {', '.join(sorted(queries))}")
    return queries[key]


def named_queries() -> dict[str, str]:
    """Bundled query names → the description from their first ``#`` comment line."""
    out = {}
    for name, text in sorted(_query_files().items()):
        first = next((line for line in text.splitlines() if line.startswith("#")), "#")
        out[name] = first.lstrip("#").strip()
    return out


def __getattr__(name: str):  # lazy: keep ``import kg.store`` free of rdflib/pyoxigraph
    if name == "Store":
        from kg.store.base import Store

        return Store
    if name == "QueryResult":
        from kg.store.results import QueryResult

        return QueryResult
    raise AttributeError(name)
