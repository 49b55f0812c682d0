"""The HTTP server: SPARQL 1.1 Protocol at ``/sparql``, a query page at ``/``, the graph at ``/graph``.

Standard library ``http.server`` with one thread per request; the store is opened once by
the caller and shared, reads run through ``Runner`` (worker processes for an on-disk
store). Errors are one line of plain text with a fitting status: 400 bad request or
SPARQL, 403 update on a read-only server, a SERVICE/LOAD of a URL not allowed, a foreign
``Origin`` on a POST or a ``Host`` that is not this server's (DNS rebinding), 413 result
or body too large, 503 query past the time or memory limit (it is stopped).
"""

from __future__ import annotations

import threading
import urllib.parse
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from kg.errors import InputError, KGError, QueryError
from kg.serve.guard import GRAPH_CSP, PAGE_CSP, SECURITY_HEADERS, host_refusal, origin_refusal
from kg.serve.negotiate import MEDIA_TYPE, choose, offered
from kg.serve.pages import query_page
from kg.serve.results import serialize
from kg.serve.runner import MemoryLimitExceeded, Runner, TimeLimitExceeded, TooManyRows
from kg.store.base import Store
from kg.store.prefixes import project_prefixes, sparql_prologue
from kg.store.sparql import FederationRefused, QueryDataset, is_update

MAX_BODY = 64 * 1024 * 1024
FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
ALLOW = "GET, HEAD, POST"
VARY = (("Vary", "Accept"),)
READ_ONLY = "this endpoint is read-only: start kg serve with --allow-update to accept SPARQL updates"
SOCKET_TIMEOUT_S = 30


class HTTPError(Exception):
    """An answer other than 200, with its one-line text."""

    def __init__(self, status: HTTPStatus, message: str, headers: tuple[tuple[str, str], ...] = ()) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers


class KGServer(ThreadingHTTPServer):
    """Serves one store; ``url`` is where it listens."""

    daemon_threads = True

    def __init__(
        self,
        store: Store,
        address: tuple[str, int],
        *,
        allow_update: bool,
        timeout: float,
        max_rows: int,
        log: Callable[[str], None] | None,
        allow_federation: tuple[str, ...] = (),
        allowed_hosts: tuple[str, ...] = (),
        workers: int = 4,
        memory_mb: int = 512,
    ) -> None:
        self.store = store
        self.allow_update = allow_update
        self.log = log
        self.allowed_hosts = {h.lower().strip("[]") for h in allowed_hosts} | {"localhost"}
        # rdflib's memory store is not thread-safe: serialize every access to non-Oxigraph stores
        self.write_lock = threading.Lock()
        super().__init__(address, Handler)  # bind first: a busy port fails before workers start
        try:
            self.runner = Runner(
                store,
                timeout=timeout,
                max_rows=max_rows,
                lock=self.write_lock,
                workers=workers,
                memory_mb=memory_mb,
                allow_federation=allow_federation,
            )
        except BaseException:
            super().server_close()
            raise
        self.prefixes = project_prefixes(store.base)
        self.allowed_hosts.add(str(self.server_address[0]).lower())

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/"

    def server_close(self) -> None:
        super().server_close()
        runner = getattr(self, "runner", None)
        if runner is not None:
            runner.close()


class Handler(BaseHTTPRequestHandler):
    server: KGServer
    server_version = "kg-serve"
    protocol_version = "HTTP/1.1"
    timeout = SOCKET_TIMEOUT_S  # a client that stops sending (headers or body) loses the connection

    # -- routing ----------------------------------------------------------------------------
    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_HEAD(self) -> None:  # GET's headers, no body (``_send`` leaves it out)
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def _refuse_method(self) -> None:
        try:
            self._check_host()
            self._send_text(
                HTTPStatus.METHOD_NOT_ALLOWED,
                f"{self.command} is not allowed: use GET or POST",
                extra=(("Allow", ALLOW),),
            )
        except HTTPError as error:
            self._send_text(error.status, str(error))

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_TRACE = do_CONNECT = _refuse_method

    def _dispatch(self, method: str) -> None:
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        try:
            self._check_host()
            if method == "POST":
                self._check_origin()
            if url.path == "/sparql":
                self._sparql(method, params)
            elif url.path == "/" and method == "GET":
                self._page(params)
            elif url.path == "/graph" and method == "GET":
                self._graph(params)
            elif url.path in ("/", "/graph"):
                raise HTTPError(
                    HTTPStatus.METHOD_NOT_ALLOWED, f"use GET for {url.path}", (("Allow", "GET, HEAD"),)
                )
            else:
                raise HTTPError(HTTPStatus.NOT_FOUND, f"no page {url.path}: try /, /sparql or /graph")
        except HTTPError as error:
            self._send_text(error.status, str(error), extra=error.headers)
        except TimeLimitExceeded as error:
            self._send_text(HTTPStatus.SERVICE_UNAVAILABLE, str(error))
        except MemoryLimitExceeded as error:
            self._send_text(HTTPStatus.SERVICE_UNAVAILABLE, str(error))
        except TooManyRows as error:
            self._send_text(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, str(error))
        except FederationRefused as error:
            self._send_text(HTTPStatus.FORBIDDEN, str(error))
        except (QueryError, InputError) as error:
            self._send_text(HTTPStatus.BAD_REQUEST, str(error))
        except KGError as error:
            self._send_text(HTTPStatus.INTERNAL_SERVER_ERROR, str(error))

    # -- who may ask ------------------------------------------------------------------------
    def _check_host(self) -> None:
        refusal = host_refusal(self.headers.get("Host"), self.server.allowed_hosts)
        if refusal:
            raise HTTPError(HTTPStatus.FORBIDDEN, refusal)

    def _check_origin(self) -> None:
        refusal = origin_refusal(
            self.headers.get("Origin"), self.headers.get("Sec-Fetch-Site"), self.headers.get("Host")
        )
        if refusal:
            raise HTTPError(HTTPStatus.FORBIDDEN, refusal)

    # -- /sparql ----------------------------------------------------------------------------
    def _sparql(self, method: str, params: dict[str, list[str]]) -> None:
        if method == "GET":
            if "update" in params:
                raise HTTPError(
                    HTTPStatus.METHOD_NOT_ALLOWED,
                    "send SPARQL updates with POST, not GET",
                    (("Allow", ALLOW),),
                )
            self._run_query(_one(params, "query"), params)
            return
        content_type, charset = _content_type(self.headers.get("Content-Type"))
        body = self._body()
        if content_type == FORM:
            form = urllib.parse.parse_qs(_decode(body), keep_blank_values=True)
            merged = {name: [*params.get(name, []), *form.get(name, [])] for name in {*params, *form}}
            if "update" in form and "query" in form:
                raise HTTPError(HTTPStatus.BAD_REQUEST, "send either query=… or update=…, not both")
            if "update" in form:
                self._run_update(_one(form, "update"), merged)
            else:
                self._run_query(_one(form, "query"), merged)
            return
        if content_type not in (QUERY_TYPE, UPDATE_TYPE):
            raise HTTPError(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                f"unsupported Content-Type {content_type or '(none)'}: send {FORM}, "
                f"{QUERY_TYPE} or {UPDATE_TYPE}",
            )
        if charset not in (None, "utf-8", "utf8"):
            raise HTTPError(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE, f"unsupported charset {charset}: send SPARQL as UTF-8"
            )
        if content_type == QUERY_TYPE:
            self._run_query(_decode(body), params)
        else:
            self._run_update(_decode(body), params)

    def _run_query(self, sparql: str, params: dict[str, list[str]]) -> None:
        if is_update(sparql):
            if not self.server.allow_update:
                raise HTTPError(HTTPStatus.FORBIDDEN, READ_ONLY)
            raise HTTPError(
                HTTPStatus.BAD_REQUEST,
                "this is a SPARQL Update: POST it as update=… or application/sparql-update",
            )
        _refuse(params, ("using-graph-uri", "using-named-graph-uri"), "queries")
        dataset = QueryDataset.of(params.get("default-graph-uri"), params.get("named-graph-uri"))
        # relative IRIs resolve against the endpoint (the protocol's service-defined BASE);
        # on the query's first line, so error positions keep their line numbers
        result = self.server.runner.query(f"BASE <{self.server.url}sparql> {sparql}", dataset)
        fmt = choose(self.headers.get("Accept"), result.kind)
        if fmt is None:
            raise HTTPError(
                HTTPStatus.NOT_ACCEPTABLE,
                f"no result format fits the Accept header: this result can be sent as {offered(result.kind)}",
                VARY,
            )
        self._send(HTTPStatus.OK, MEDIA_TYPE[fmt], serialize(result, fmt, self.server.prefixes), extra=VARY)

    def _run_update(self, sparql: str, params: dict[str, list[str]]) -> None:
        if not self.server.allow_update:
            raise HTTPError(HTTPStatus.FORBIDDEN, READ_ONLY)
        if sparql.strip() and not is_update(sparql):
            raise HTTPError(HTTPStatus.BAD_REQUEST, "not a SPARQL Update: send queries as query=…")
        _refuse(params, ("default-graph-uri", "named-graph-uri"), "updates")
        using = tuple(params.get("using-graph-uri", ()))
        using_named = tuple(params.get("using-named-graph-uri", ()))
        self.server.runner.check(sparql)
        with self.server.write_lock:
            try:
                self.server.store.update(
                    sparql,
                    using_graphs=using,
                    using_named_graphs=using_named,
                    base_iri=f"{self.server.url}sparql",
                    allow_federation=self.server.runner.allow_federation,
                )
            finally:
                self.server.runner.changed()
        self._send(HTTPStatus.NO_CONTENT, None, b"")

    def _body(self) -> bytes:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise HTTPError(HTTPStatus.BAD_REQUEST, "bad Content-Length") from None
        if length < 0:
            raise HTTPError(HTTPStatus.BAD_REQUEST, "bad Content-Length: it cannot be negative")
        if length > MAX_BODY:
            raise HTTPError(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                f"request body over {MAX_BODY // (1024 * 1024)} MB: send smaller updates",
            )
        try:
            body = self.rfile.read(length)
        except TimeoutError:
            raise HTTPError(HTTPStatus.REQUEST_TIMEOUT, "the request body did not arrive in time") from None
        if len(body) < length:
            raise HTTPError(HTTPStatus.BAD_REQUEST, "the request body is shorter than its Content-Length")
        return body

    # -- / and /graph -------------------------------------------------------------------------
    def _page(self, params: dict[str, list[str]]) -> None:
        sparql = params["query"][0] if params.get("query") else None
        result = error = None
        status = HTTPStatus.OK
        if sparql is not None and sparql.strip():
            if is_update(sparql):
                error = "the query page is read-only: it runs SELECT, ASK, CONSTRUCT and DESCRIBE"
                status = HTTPStatus.FORBIDDEN
            else:
                try:
                    result = self.server.runner.query(sparql_prologue(self.server.store.base) + sparql)
                except TimeLimitExceeded as exc:
                    error, status = str(exc), HTTPStatus.SERVICE_UNAVAILABLE
                except MemoryLimitExceeded as exc:
                    error, status = str(exc), HTTPStatus.SERVICE_UNAVAILABLE
                except TooManyRows as exc:
                    error, status = str(exc), HTTPStatus.REQUEST_ENTITY_TOO_LARGE
                except FederationRefused as exc:
                    error, status = str(exc), HTTPStatus.FORBIDDEN
                except QueryError as exc:
                    error, status = str(exc), HTTPStatus.BAD_REQUEST
        html = query_page(
            sparql, result, error, prefixes=self.server.prefixes, read_only=not self.server.allow_update
        )
        self._send(status, "text/html; charset=utf-8", html.encode("utf-8"), csp=PAGE_CSP)

    def _graph(self, params: dict[str, list[str]]) -> None:
        options: dict[str, str | int] = {}
        for name in ("actor", "country", "category", "since", "until"):
            if params.get(name) and params[name][0]:
                options[name] = params[name][0]
        for name in ("depth", "limit"):
            if params.get(name) and params[name][0]:
                try:
                    options[name] = int(params[name][0])
                except ValueError:
                    raise HTTPError(HTTPStatus.BAD_REQUEST, f"{name} must be a whole number") from None
                low = 0 if name == "depth" else 1
                if not low <= int(options[name]) <= 10**6:
                    raise HTTPError(
                        HTTPStatus.BAD_REQUEST, f"{name} must be a whole number from {low} to 1000000"
                    )
        try:
            html = self.server.runner.graph_html(options)
        except (ValueError, TypeError) as error:  # a filter value the view cannot use
            raise HTTPError(HTTPStatus.BAD_REQUEST, f"bad /graph parameter: {error}") from None
        self._send(HTTPStatus.OK, "text/html; charset=utf-8", html.encode("utf-8"), csp=GRAPH_CSP)

    # -- writing answers ----------------------------------------------------------------------
    def _send_text(
        self, status: HTTPStatus, message: str, *, extra: tuple[tuple[str, str], ...] = ()
    ) -> None:
        self._send(status, "text/plain; charset=utf-8", f"Error: {message}\n".encode(), extra=extra)

    def _send(
        self,
        status: HTTPStatus,
        content_type: str | None,
        body: bytes,
        *,
        csp: str | None = None,
        extra: tuple[tuple[str, str], ...] = (),
    ) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in extra:
            self.send_header(name, value)
        for name, value in SECURITY_HEADERS:
            self.send_header(name, value)
        if csp:
            self.send_header("Content-Security-Policy", csp)
        self.send_header("Content-Length", str(len(body)))
        if status >= 400:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own errors (bad request line, unknown method) as our one line of
        text with the same headers, instead of its HTML page."""
        try:
            status = HTTPStatus(code)
        except ValueError:
            status = HTTPStatus.BAD_REQUEST
        self.close_connection = True
        self._send(status, "text/plain; charset=utf-8", f"Error: {message or status.phrase}\n".encode())

    def version_string(self) -> str:
        return self.server_version  # no Python version for a scanner to match

    def log_message(self, format: str, *args) -> None:
        if self.server.log is not None:
            self.server.log(f"{self.address_string()} {format % args}")


def _one(params: dict[str, list[str]], name: str) -> str:
    values = params.get(name)
    if not values:
        raise HTTPError(HTTPStatus.BAD_REQUEST, f"missing the {name} parameter: send {name}=<SPARQL>")
    if len(values) > 1:
        raise HTTPError(HTTPStatus.BAD_REQUEST, f"give the {name} parameter once")
    return values[0]


def _refuse(params: dict[str, list[str]], names: tuple[str, ...], what: str) -> None:
    for name in names:
        if name in params:
            raise HTTPError(HTTPStatus.BAD_REQUEST, f"{name} is not a parameter of {what}")


def _content_type(header: str | None) -> tuple[str, str | None]:
    """(media type, charset or None), both lower-cased."""
    media, *params = (header or "").split(";")
    charset = None
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media.strip().lower(), charset


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPError(HTTPStatus.BAD_REQUEST, "the request body is not UTF-8") from None
