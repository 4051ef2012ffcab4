"""Run the app on a free localhost port in a background thread, and find and launch Debian's chromium with
Playwright: what the browser tests and `make screenshots` share.

Playwright drives the system's `/usr/bin/chromium` (Debian package `chromium`); Playwright's own browser
download is never used (`playwright install` cannot reach the network here, and is not needed).
"""
from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from contextlib import contextmanager
from typing import Any, Iterator

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def chromium_path() -> str | None:
    """The system chromium, or None (NEWSCODER_CHROMIUM overrides)."""
    for candidate in (os.environ.get("NEWSCODER_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def why_no_browser() -> str | None:
    """None when a browser test can run, else the reason it cannot."""
    import importlib.util
    if importlib.util.find_spec("playwright") is None:
        return "playwright is not installed (pip install playwright; the test extra)"
    if chromium_path() is None:
        return ("chromium is not installed (`make browser` installs Debian's package with apt-get; "
                "or set NEWSCODER_CHROMIUM to a Chromium binary)")
    return None


@contextmanager
def serving(app: Any, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve `app` with uvicorn on a free port of `host` in a daemon thread; yields the base URL."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@contextmanager
def browser_context(user_data_dir: str, **context_options: Any) -> Iterator[Any]:
    """A Playwright browser context on the system chromium, with a fresh profile in `user_data_dir`."""
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        raise RuntimeError(why_no_browser() or "no chromium")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            user_data_dir, executable_path=path, headless=True, args=CHROMIUM_ARGS,
            viewport=context_options.pop("viewport", {"width": 1400, "height": 900}), **context_options)
        try:
            yield context
        finally:
            context.close()
