"""Small facts about SPARQL text that every backend needs before running it."""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass

from kg.errors import QueryError

_QUERY_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
_UPDATE_FORMS = {
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "DROP",
    "CREATE",
    "ADD",
    "MOVE",
    "COPY",
    "WITH",
}
_PROLOGUE = re.compile(
    r"""\s+                                  # whitespace
      | \#[^\n]*                             # comment
      | PREFIX\s+[^\s:]*:\s*<[^>]*>          # PREFIX p: <iri>
      | BASE\s+<[^>]*>                       # BASE <iri>
    """,
    re.IGNORECASE | re.VERBOSE,
)


def operation_form(sparql: str) -> str:
    """The first keyword after the prologue, upper-cased ("SELECT", "INSERT", …), or ""."""
    pos = 0
    while True:
        match = _PROLOGUE.match(sparql, pos)
        if not match or match.end() == pos:
            break
        pos = match.end()
    word = re.match(r"[A-Za-z]+", sparql[pos:])
    return word.group(0).upper() if word else ""


def is_update(sparql: str) -> bool:
    """True for SPARQL Update text (INSERT/DELETE/LOAD/CLEAR/DROP/CREATE/ADD/MOVE/COPY/WITH)."""
    return operation_form(sparql) in _UPDATE_FORMS


def refuse_update(sparql: str) -> None:
    """Raise QueryError when read-only ``query`` is handed an update."""
    form = operation_form(sparql)
    if form in _UPDATE_FORMS:
        raise QueryError(
            f"{form} is a SPARQL Update; query() is read-only: use update() "
            "(or allow_update=True) to change the store"
        )


def one_line(error: BaseException) -> str:
    """The first non-empty line of a parser's message."""
    for line in str(error).splitlines():
        if line.strip():
            return line.strip()
    return type(error).__name__


def iri_ref(iri: str) -> str:
    """``<iri>`` for SPARQL text, refusing characters that would break out of the IRI."""
    if any(c in iri for c in '<>"{}|^`\\ \n\t'):
        raise QueryError(f"not a valid IRI: {iri!r}")
    return f"<{iri}>"


def string_literal(value: str) -> str:
    """A SPARQL string literal with the needed escapes."""
    escaped = (
        value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )
    return f'"{escaped}"'


class FederationRefused(QueryError):
    """The SPARQL text would make this process fetch a URL (SERVICE or LOAD) that is not
    on the allow-list."""


_TOKEN = re.compile(
    r'''(?P<skip>\#[^\n]*
          | """(?:[^"\\]|\\.|"(?!""))*""" | \'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
          | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*' | \s+)
      | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
      | (?P<var>[?$]\w+)
      | (?P<pname>(?:[^\W\d][\w.\-]*)?:(?:[\w.\-:%]|\\.)*)
      | (?P<word>\w+)
      | (?P<other>.)''',
    re.VERBOSE | re.DOTALL,
)


_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _tokens(sparql: str) -> list[tuple[str, str]]:
    return [
        (m.lastgroup or "other", m.group(0))
        for m in _TOKEN.finditer(sparql)
        if m.lastgroup != "skip"
    ]


def fetched_urls(sparql: str) -> list[tuple[str, str | None]]:
    """(keyword, absolute URL or None when it is not a fixed IRI) for every place where
    evaluating ``sparql`` fetches a URL: ``SERVICE`` and ``LOAD``. Comments, strings and
    IRIs are skipped, prefixes and BASE resolved, so ``ex:SERVICE`` or ``"LOAD"`` are not
    mistaken for the keywords.

    >>> fetched_urls('SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:9/sparql> { ?s ?p ?o } }')
    [('SERVICE', 'http://127.0.0.1:9/sparql')]
    >>> fetched_urls('SELECT ("SERVICE <x>" AS ?a) { ?s <http://e/LOAD> ?o } # SERVICE')
    []
    """
    tokens = _tokens(sparql)
    prefixes: dict[str, str] = {}
    base = ""
    found: list[tuple[str, str | None]] = []

    def resolve(kind: str, text: str) -> str | None:
        if kind == "iri":  # Oxigraph reads \uXXXX escapes inside IRIs: so do we
            iri = _CODEPOINT.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text[1:-1])
            return urllib.parse.urljoin(base, iri) if base else iri
        if kind == "pname":
            prefix, _, local = text.partition(":")
            if prefix in prefixes:
                return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
        return None

    index = 0
    while index < len(tokens):
        kind, text = tokens[index]
        word = text.upper() if kind == "word" else ""
        following = tokens[index + 1 : index + 4]
        if word == "PREFIX" and len(following) >= 2 and following[0][0] == "pname":
            iri = resolve(*following[1]) if following[1][0] == "iri" else None
            prefixes[following[0][1].rstrip(":").partition(":")[0]] = iri or ""
            index += 3
            continue
        if word == "BASE" and following and following[0][0] == "iri":
            base = resolve(*following[0]) or ""
            index += 2
            continue
        if word in ("SERVICE", "LOAD"):
            rest = [t for t in following if t[1].upper() not in ("SILENT", "NAMED")]
            target = resolve(*rest[0]) if rest else None
            found.append((word, target))
        index += 1
    return found


def check_fetches(sparql: str, allowed: tuple[str, ...] = ()) -> None:
    """FederationRefused unless every URL ``sparql`` would fetch starts with an allowed
    endpoint (``allowed`` holds URL prefixes; "*" allows any; empty: nothing is fetched)."""
    for keyword, url in fetched_urls(sparql):
        if "*" in allowed or (url is not None and any(_within(url, a) for a in allowed)):
            continue
        shown = f"<{mask_url(url)}>" if url else "with a variable or unresolved IRI"
        hint = (
            "federated queries are off: allow an endpoint with --allow-federation URL"
            if keyword == "SERVICE"
            else "loading URLs is off: allow a source with --allow-federation URL"
        )
        raise FederationRefused(f"SPARQL {keyword} {shown} refused: {hint}")


def _within(url: str, allowed: str) -> bool:
    """Same scheme, host and port, and a path under the allowed one."""
    a, b = urllib.parse.urlsplit(url), urllib.parse.urlsplit(allowed)
    if (a.scheme.lower(), a.hostname, a.port) != (b.scheme.lower(), b.hostname, b.port):
        return False
    if a.username or a.password:
        return False
    prefix = b.path or "/"
    path = a.path or "/"
    return path == prefix or path.startswith(prefix if prefix.endswith("/") else prefix + "/")


def mask_url(url: str) -> str:
    """``url`` with any password replaced by ``***`` (for error messages)."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return url
    if parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    user = parts.username or ""
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


@dataclass(frozen=True)
class QueryDataset:
    """A query's RDF dataset named outside its text (the protocol's ``default-graph-uri`` and
    ``named-graph-uri``): exactly these graphs, overriding any FROM / FROM NAMED."""

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    @classmethod
    def of(cls, default_graphs=None, named_graphs=None) -> QueryDataset | None:
        """None when neither list names a graph (the store's own default dataset)."""
        if not default_graphs and not named_graphs:
            return None
        for iri in (*(default_graphs or ()), *(named_graphs or ())):
            iri_ref(iri)
        return cls(tuple(default_graphs or ()), tuple(named_graphs or ()))


def has_dataset_clause(sparql: str) -> bool:
    """Does the query name its dataset with FROM or FROM NAMED?

    >>> has_dataset_clause('ASK FROM <http://g> { ?s ?p ?o }')
    True
    >>> has_dataset_clause('SELECT ("FROM" AS ?x) { ?s <http://e/FROM> ?o }  # FROM')
    False
    """
    return any(kind == "word" and text.upper() == "FROM" for kind, text in _tokens(sparql))


def dataset_options(sparql: str, dataset: QueryDataset | None = None) -> dict:
    """Keyword arguments for ``pyoxigraph.Store.query``: the protocol's dataset when given,
    the query's own FROM / FROM NAMED when it has them, else the union of the named graphs."""
    if dataset is not None:
        import pyoxigraph as ox  # here, so query workers start without it until they query

        return {
            "default_graph": [ox.NamedNode(g) for g in dataset.default_graphs],
            "named_graphs": [ox.NamedNode(g) for g in dataset.named_graphs],
        }
    if has_dataset_clause(sparql):
        return {}
    return {"use_default_graph_as_union": True}


def with_using(sparql: str, using: tuple[str, ...] = (), using_named: tuple[str, ...] = ()) -> str:
    """An update with the protocol's ``using-graph-uri`` / ``using-named-graph-uri`` written
    into it as ``USING`` / ``USING NAMED`` before the WHERE of each DELETE/INSERT operation.
    QueryError when the update names its own dataset (USING or WITH): the protocol forbids both.

    >>> with_using('INSERT { ?s a <http://t> } WHERE { ?s ?p ?o }', ('http://g',))
    'INSERT { ?s a <http://t> } USING <http://g> WHERE { ?s ?p ?o }'
    """
    if not using and not using_named:
        return sparql
    clause = " ".join(
        [*(f"USING {iri_ref(g)}" for g in using), *(f"USING NAMED {iri_ref(g)}" for g in using_named)]
    )
    pieces: list[str] = []
    depth, last_word, start = 0, "", 0
    for match in _TOKEN.finditer(sparql):
        kind, text = match.lastgroup, match.group(0)
        if kind == "skip":
            continue
        if kind == "other" and text == "{":
            depth += 1
        elif kind == "other" and text == "}":
            depth -= 1
        elif kind == "word" and depth == 0:
            word = text.upper()
            if word in ("USING", "WITH"):
                raise QueryError(
                    f"the update names its dataset with {word} and the request with using-graph-uri "
                    "or using-named-graph-uri: give one of them"
                )
            if word == "WHERE" and last_word != "DELETE":  # DELETE WHERE has no USING
                pieces.append(sparql[start : match.start()] + clause + " ")
                start = match.start()
        if kind == "word" and depth == 0:
            last_word = text.upper()
        elif kind != "skip" and depth == 0 and text not in "{}":
            last_word = ""
    pieces.append(sparql[start:])
    return "".join(pieces)
