"""A small on-disk cache of JSON values for work every process would otherwise repeat at
start-up (parsed reference data, the entity ruler's token table).

One file per value, named by a digest of everything the value depends on. The first line
holds the key and a SHA-256 of the payload, so a stale, truncated or corrupt file is found
and rebuilt, never trusted. The folder is ``KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/kg``, else
``~/.cache/kg``; when it cannot be written the value is simply built again next time.
Stdlib only.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

ENV_VAR = "KG_CACHE_DIR"
FORMAT = 1  # bump when the file layout changes


def cache_dir() -> Path:
    """Where cached values live (not created here)."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "kg"


def digest(*parts: object) -> str:
    """A stable hex key for a sequence of JSON-serialisable parts."""
    text = json.dumps([FORMAT, *parts], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def path_for(name: str, key: str) -> Path:
    return cache_dir() / f"{name}-{key[:32]}.json"


def read(name: str, key: str) -> Any | None:
    """The value stored under ``key``, or None when absent, stale or damaged."""
    try:
        with open(path_for(name, key), "rb") as file:
            header = json.loads(file.readline())
            payload = file.read()
        if header.get("key") != key or header.get("sha256") != hashlib.sha256(payload).hexdigest():
            return None
        return json.loads(payload)
    except (OSError, RuntimeError, ValueError, AttributeError):  # missing, unreadable, no home, not JSON
        return None


def write(name: str, key: str, value: Any) -> Path | None:
    """Store ``value`` atomically (rename into place); None when the folder is not writable."""
    payload = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    header = json.dumps({"key": key, "sha256": hashlib.sha256(payload).hexdigest()}).encode()
    try:
        target = path_for(name, key)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{name}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(header + b"\n" + payload)
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except (OSError, RuntimeError):  # not writable, or no home folder to put it in
        return None
    return target
