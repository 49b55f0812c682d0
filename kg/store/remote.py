"""A remote SPARQL 1.1 endpoint (Query + Update protocols over HTTP, stdlib urllib).

Endpoint layout, from the URL given as the store:

- ``http://host:7878`` (no path): Oxigraph server: ``/query`` and ``/update``;
- ``…/query``: its sibling ``…/update`` (Oxigraph, Fuseki ``/ds/query``);
- anything else (Virtuoso ``/sparql``, Fuseki ``/ds``): the same URL for both.

User queries see the union of the store's named graphs, as on a local store: on an endpoint
whose default graph is the union (``oxigraph serve --union-default-graph``, Virtuoso's
default, Fuseki with ``tdb:unionDefaultGraph true``) they run as written; on one whose
default graph is its own (plain ``oxigraph serve``), a query that names no dataset is sent
with the store's graphs as ``default-graph-uri`` and ``named-graph-uri`` (found out once,
by asking whether the default graph is empty while named graphs are not). The store's own
bookkeeping (documents, stats, export) uses ``GRAPH ?g`` and works either way.

Credentials come from the environment only: ``KG_STORE_USER``/``KG_STORE_PASSWORD``
(HTTP basic, sent up front; when the server refuses it, the request is repeated answering
the server's own challenge, e.g. Virtuoso's digest auth at ``/sparql-auth``) or
``KG_STORE_TOKEN`` (bearer), or from the URL itself (``http://user:password@host/sparql``:
taken out of the URL, sent as basic auth, masked in every message).

Redirects are never followed: a POST that a server redirects would reach the other host
with the credentials and, turned into a GET, look like a stored write. A redirect is an
error naming where the server pointed.

Only graphs under the store's base are the store's: export and ``union_graph`` leave out
what else a shared server holds (Virtuoso keeps its own system graphs). Blank nodes are
written with ``INSERT {…} WHERE {}``, which Virtuoso accepts where it refuses ``INSERT DATA``.
"""

from __future__ import annotations

import base64
import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from kg.errors import QueryError, StoreError
from kg.store.base import Drop, Store, Triple
from kg.store.embedded import document_update, result_from_ox
from kg.store.prefixes import DEFAULT_BASE
from kg.store.results import QueryResult
from kg.store.sparql import QueryDataset, has_dataset_clause, iri_ref, mask_url, string_literal
from kg.store.terms import to_ox

TIMEOUT_S = 300
_RESULTS_JSON = "application/sparql-results+json"
# one round trip: is the default graph non-empty, are the named graphs?
_UNION_PROBE = (
    "SELECT ?default ?named WHERE { BIND(EXISTS { ?s ?p ?o } AS ?default) "
    "BIND(EXISTS { GRAPH ?g { ?s ?p ?o } } AS ?named) }"
)
_NTRIPLES = "application/n-triples"


class RemoteStore(Store):
    """A store behind a SPARQL 1.1 endpoint."""

    name = "sparql"

    def __init__(self, url: str, base: str = DEFAULT_BASE) -> None:
        super().__init__(base)
        url, user, password = split_credentials(url)
        self.query_url, self.update_url = endpoints(url)
        self._user, self._password = user, password
        self._headers = auth_headers(user, password)
        self._opener = urllib.request.build_opener(_NoRedirect())
        self._challenge: urllib.request.OpenerDirector | None = None
        self._union: bool | None = None  # does the endpoint query the union by default?

    def _post(
        self, url: str, field: str, text: str, accept: str, extra: tuple[tuple[str, str], ...] = ()
    ) -> tuple[str, bytes]:
        body = urllib.parse.urlencode([(field, text), *extra]).encode("utf-8")
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": accept,
            **self._headers,
        }
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with self._open(request) as response:
                return response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as error:
            detail = _first_line(error.read())
            if 300 <= error.code < 400:
                target = mask_url(urllib.parse.urljoin(url, error.headers.get("Location") or ""))
                raise StoreError(
                    f"{url} answered HTTP {error.code}, a redirect to {target}: nothing was sent "
                    "there and nothing was stored; give the endpoint's own URL as --store"
                ) from None
            if error.code in (401, 403):
                raise StoreError(
                    f"{url} refused access (HTTP {error.code}): set KG_STORE_USER and "
                    "KG_STORE_PASSWORD, or KG_STORE_TOKEN"
                ) from None
            if 400 <= error.code < 500:
                raise QueryError(f"SPARQL error: {detail or error.reason}") from None
            reason = detail or error.reason
            raise StoreError(f"{url} failed (HTTP {error.code}): {reason}") from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise StoreError(
                f"cannot reach SPARQL endpoint {url} ({reason}): is the server running?"
            ) from None

    def _open(self, request: urllib.request.Request):
        """Send with basic auth up front; on 401, answer the server's challenge instead."""
        if self._challenge is not None:
            request.remove_header("Authorization")
            return self._challenge.open(request, timeout=TIMEOUT_S)
        try:
            return self._opener.open(request, timeout=TIMEOUT_S)
        except urllib.error.HTTPError as error:
            user = self._user or os.environ.get("KG_STORE_USER")
            if error.code != 401 or not user or os.environ.get("KG_STORE_TOKEN"):
                raise
            password = self._password if self._user else os.environ.get("KG_STORE_PASSWORD", "")
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in {self.query_url, self.update_url}:
                passwords.add_password(None, url, user, password or "")
            self._challenge = urllib.request.build_opener(
                _NoRedirect(),
                urllib.request.HTTPDigestAuthHandler(passwords),
                urllib.request.HTTPBasicAuthHandler(passwords),
            )
            request.remove_header("Authorization")
            return self._challenge.open(request, timeout=TIMEOUT_S)

    def _ox_query(
        self, sparql: str, dataset: QueryDataset | None = None
    ) -> ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]:
        accept = f"{_RESULTS_JSON}, {_NTRIPLES};q=0.9"
        extra: tuple[tuple[str, str], ...] = ()
        if dataset is not None:  # the protocol's own parameters: the endpoint applies them
            extra = (
                *(("default-graph-uri", g) for g in dataset.default_graphs),
                *(("named-graph-uri", g) for g in dataset.named_graphs),
            )
        content_type, data = self._post(self.query_url, "query", sparql, accept, extra)
        mime = content_type.split(";")[0].strip().lower()
        try:
            if mime in (_RESULTS_JSON, "application/json"):
                return ox.parse_query_results(_bnode_labels(data), format=ox.QueryResultsFormat.JSON)
            rdf_format = ox.RdfFormat.from_media_type(mime) or ox.RdfFormat.N_TRIPLES
            return _triples(data, rdf_format)
        except (SyntaxError, ValueError) as error:
            raise StoreError(f"unreadable answer from {self.query_url}: {error}") from None

    def _union_dataset(self, sparql: str, dataset: QueryDataset | None) -> QueryDataset | None:
        """The dataset to send: on an endpoint whose default graph is not the union of its
        named graphs (plain ``oxigraph serve``, Fuseki without ``unionDefaultGraph``), a
        query that names no dataset gets every graph of this store as its default and named
        graphs, so it answers as a local store does."""
        if dataset is not None or has_dataset_clause(sparql):
            return dataset
        if self._union is None:
            rows = list(self._ox_query(_UNION_PROBE))
            default, named = (rows[0]["default"], rows[0]["named"]) if rows else (None, None)
            if named is not None and named.value == "true":  # an empty store tells nothing yet
                self._union = default is not None and default.value == "true"
        if self._union is not False:
            return None
        mine = f"FILTER(STRSTARTS(STR(?g), {string_literal(self.base)}))"
        rows = self._ox_query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ }} {mine} }}")
        graphs = tuple(sorted(row["g"].value for row in rows))
        return QueryDataset(graphs, graphs) if graphs else None

    def _run_query(
        self, sparql: str, dataset: QueryDataset | None = None, max_rows: int | None = None
    ) -> QueryResult:
        result = self._ox_query(sparql, self._union_dataset(sparql, dataset))
        if isinstance(result, list):
            from kg.store.terms import to_rdflib

            triples = result if max_rows is None else result[: max_rows + 1]
            return QueryResult.from_triples(
                (to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)) for t in triples
            )
        return result_from_ox(result, max_rows)

    def _run_update(self, sparql: str, base_iri: str | None = None) -> None:
        if base_iri is not None:
            sparql = f"BASE {iri_ref(base_iri)}\n{sparql}"
        self._post(self.update_url, "update", sparql, "*/*")

    def _replace_graph(self, graph_iri: str, triples: list[Triple]) -> None:
        body = "\n".join(f"{to_ox(s)} {to_ox(p)} {to_ox(o)} ." for s, p, o in triples)
        g = iri_ref(graph_iri)
        insert = _insert(f"GRAPH {g} {{\n{body}\n}}", "_:" in body)
        self._run_update(f"DROP SILENT GRAPH {g} ;\n{insert}")

    def _write_document(self, graph_iri: str, quads: list[ox.Quad], drop: Drop, replace: bool) -> None:
        # always one update that empties the graph first: a batch a cluster runs again, or two
        # writers of one document, never leave a mixture of two versions
        self._run_update(document_update(graph_iri, quads, drop, self.shared_iri))

    def _add_quads(self, quads: list[ox.Quad]) -> None:
        by_graph: dict[str, list[str]] = defaultdict(list)
        for q in quads:
            by_graph[str(q.graph_name)].append(f"{q.subject} {q.predicate} {q.object} .")
        blocks = "\n".join(f"GRAPH {g} {{\n" + "\n".join(lines) + "\n}" for g, lines in by_graph.items())
        if blocks:
            bnodes = any(isinstance(t, ox.BlankNode) for q in quads for t in (q.subject, q.object))
            self._run_update(_insert(blocks, bnodes))

    def _quads(self) -> Iterable[ox.Quad]:
        mine = f"FILTER(STRSTARTS(STR(?g), {string_literal(self.base)}))"
        result = self._ox_query(f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {mine} }}")
        for row in result:
            yield ox.Quad(row["s"], row["p"], row["o"], row["g"])


def _bnode_labels(data: bytes) -> bytes:
    """SPARQL JSON results with blank node labels made valid (Virtuoso sends ``nodeID://b1``)."""
    if b'"bnode"' not in data:
        return data
    results = json.loads(data)

    def fix(term: dict) -> None:
        if term.get("type") == "bnode":
            term["value"] = re.sub(r"[^A-Za-z0-9_]", "_", term["value"])
        for part in ("subject", "predicate", "object"):  # RDF-star triple terms
            if isinstance(term.get("value"), dict) and part in term["value"]:
                fix(term["value"][part])

    for binding in results.get("results", {}).get("bindings", []):
        for term in binding.values():
            fix(term)
    return json.dumps(results).encode("utf-8")


def _insert(blocks: str, blank_nodes: bool) -> str:
    """``INSERT DATA``, or the equivalent template form when blank nodes are present."""
    if blank_nodes:
        return f"INSERT {{\n{blocks}\n}} WHERE {{}}"
    return f"INSERT DATA {{\n{blocks}\n}}"


def endpoints(url: str) -> tuple[str, str]:
    """(query URL, update URL) for the endpoint layouts described in the module docstring."""
    parts = urllib.parse.urlsplit(url)
    path = parts.path.rstrip("/")
    if not path:
        return (
            urllib.parse.urlunsplit(parts._replace(path="/query")),
            urllib.parse.urlunsplit(parts._replace(path="/update")),
        )
    if path.endswith("/query"):
        return url, urllib.parse.urlunsplit(parts._replace(path=path[: -len("query")] + "update"))
    return url, url


def auth_headers(user: str | None = None, password: str | None = None) -> dict[str, str]:
    """Authorization from KG_STORE_TOKEN (bearer), KG_STORE_USER/KG_STORE_PASSWORD (basic),
    else from ``user``/``password`` (the store URL's own)."""
    token = os.environ.get("KG_STORE_TOKEN")
    if token:
        return {"Authorization": f"Bearer {token}"}
    if os.environ.get("KG_STORE_USER"):
        user, password = os.environ["KG_STORE_USER"], os.environ.get("KG_STORE_PASSWORD", "")
    if user:
        secret = f"{user}:{password or ''}".encode()
        return {"Authorization": "Basic " + base64.b64encode(secret).decode("ascii")}
    return {}


def split_credentials(url: str) -> tuple[str, str | None, str | None]:
    """(URL without user:password@, user, password), percent-decoded."""
    parts = urllib.parse.urlsplit(url)
    if "@" not in parts.netloc:
        return url, None, None
    userinfo, _, host = parts.netloc.rpartition("@")
    user, _, password = userinfo.partition(":")
    bare = urllib.parse.urlunsplit(parts._replace(netloc=host))
    return bare, urllib.parse.unquote(user) or None, urllib.parse.unquote(password) or None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects come back as HTTPError (3xx): credentials never go to another address."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _triples(data: bytes, rdf_format: ox.RdfFormat) -> list[ox.Triple]:
    return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(data, format=rdf_format)]


def _first_line(data: bytes) -> str:
    text = data.decode("utf-8", "replace")
    return next((line.strip() for line in text.splitlines() if line.strip()), "")
