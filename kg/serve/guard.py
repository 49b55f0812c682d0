"""Who may ask: the Host and Origin checks and the headers every answer carries.

A page on another site can make a browser send requests to a server on loopback: a form
POST (CSRF: the browser adds that site's ``Origin``), or, after DNS rebinding, any request
under the attacker's own name (the browser sends ``Host: evil.example``). So state-changing
requests with a foreign Origin and any request whose Host is not an IP, localhost or a
name the operator allowed are refused.
"""

from __future__ import annotations

import ipaddress
import urllib.parse

SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
)
PAGE_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
# the graph page inlines vis-network and its own script (see kg.viz.template)
GRAPH_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; font-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)


def host_refusal(host: str | None, allowed: set[str]) -> str | None:
    """Why a Host header is refused, or None: it must name an IP address, localhost or a
    name in ``allowed`` (no Host at all, as from HTTP/1.0 tools, is accepted).

    >>> host_refusal("127.0.0.1:8000", set()) is None, host_refusal("[::1]:8000", set()) is None
    (True, True)
    >>> host_refusal("evil.example:8000", {"localhost"})[:31]
    "Host 'evil.example:8000' is not"
    """
    if host is None:
        return None
    name = _host_name(host)
    if name is not None and (name in allowed or name == "localhost" or _is_ip(name)):
        return None
    return (
        f"Host {host[:100]!r} is not this server's name: use the address kg serve "
        "printed (or start it with --allow-host NAME)"
    )


def origin_refusal(origin: str | None, fetch_site: str | None, host: str | None) -> str | None:
    """Why a POST is refused as cross-site, or None: its Origin must be this server's
    (scheme-less host:port equal to the Host header); without an Origin, a browser's
    ``Sec-Fetch-Site`` must not say it came from another site."""
    if origin is None:
        if (fetch_site or "").lower() in ("cross-site", "same-site"):
            return "cross-site requests are refused"
        return None
    netloc = urllib.parse.urlsplit(origin.strip()).netloc.lower()
    if origin.strip() != "null" and netloc == (host or "").lower():
        return None
    return (
        f"requests from another origin ({origin[:100]}) are refused: POST from this "
        "server's own page or from a tool that sends no Origin"
    )


def _host_name(host: str) -> str | None:
    """The name in a Host header without its port ("[::1]:8000" → "::1"); None if malformed."""
    host = host.strip().lower()
    if host.startswith("["):
        name, bracket, _ = host[1:].partition("]")
        return name if bracket else None
    name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return name or None


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True
