"""Real servers for the tests: a free loopback port, a tool of the venv, ``oxigraph serve``."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tool(name: str) -> str | None:
    """A command of this venv (``oxigraph``, ``dask``), else one on PATH."""
    local = BIN / name
    return str(local) if local.exists() else shutil.which(name)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def oxigraph_server(location: Path, *, union: bool) -> Iterator[str]:
    """``oxigraph serve`` on a free port until the block ends; its base URL. ``union``: the
    default graph is the union of the named graphs (else its own, as on a plain server)."""
    binary = tool("oxigraph")
    if binary is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    port = free_port()
    flags = ["--union-default-graph"] if union else []
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a chatty server never blocks
        process = subprocess.Popen(
            [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}", *flags],
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            if not wait_until_answering(f"{url}/query?query=ASK%7B%7D", process, 20, timeout=1, pause=0.1):
                process.kill()
                errors.seek(0)
                pytest.fail(f"oxigraph serve did not start: {errors.read().decode(errors='replace')}")
            yield url
        finally:
            stop(process)


def wait_until_answering(
    url: str, process: subprocess.Popen, seconds: float, *, timeout: float, pause: float
) -> bool:
    """Poll ``url`` until it answers (True), or until ``process`` exits or ``seconds`` pass
    (False): how the tests wait for a server they started."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=timeout).read()
            return True
        except (urllib.error.URLError, OSError):
            if process.poll() is not None or time.monotonic() > deadline:
                return False
            time.sleep(pause)
