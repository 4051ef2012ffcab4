"""The HTTP edge's guard: a cap on request bodies (413 before the application reads them) and the security
headers every response carries (a Content-Security-Policy that allows no inline script, no framing)."""
from __future__ import annotations

import json
from typing import Callable

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")]


class Guard:
    """ASGI middleware. A request body over `max_body` bytes is answered 413 with a JSON error before the
    application sees it: at once when Content-Length says so, else as soon as the streamed body passes
    the limit (the rest is never read, so memory stays bounded). Every response gets the security headers."""

    def __init__(self, app: Callable, max_body: int) -> None:
        self.app, self.max_body = app, max_body

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                have = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in SECURITY_HEADERS if h[0] not in have]
            await send(message)

        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                await _json(send_with_headers, 400, "Content-Length is not a number")
                return
            if declared > self.max_body:
                await self._too_large(send_with_headers, declared)
                return
        if scope.get("method") in ("GET", "HEAD", "OPTIONS") and length is None:
            await self.app(scope, receive, send_with_headers)
            return
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            size += len(body)
            if size > self.max_body:
                await self._too_large(send_with_headers, None)
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> dict:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send_with_headers)

    async def _too_large(self, send: Callable, declared: int | None) -> None:
        size = f" ({declared:,} bytes)" if declared is not None else ""
        await _json(send, 413, f"request body{size} is over the limit of {self.max_body:,} bytes")


async def _json(send: Callable, status: int, error: str) -> None:
    body = json.dumps({"error": error}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
