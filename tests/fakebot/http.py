"""The fake Bot API over HTTP, for the bot run as its own process (tests/e2e, benchmarks).

An aiohttp application on its own event loop in a daemon thread answers
``http://127.0.0.1:PORT/bot<TOKEN>/<method>`` (give the bot ``TELEGRAM_BASE_URL=server.base_url``)
with FakeBotAPI.call; the test drives the fake from its own thread.

    with BotAPIServer(per_chat_window=0) as server:
        ...start the bot with TELEGRAM_BASE_URL=server.base_url...
        replies = server.say(4242, "Quel est le salaire ?")
        assert "3 500 euros" in replies[0].plain
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from typing import Any, Self

from aiohttp import web

from tests.fakebot.api import DEFAULT_TOKEN, FakeBotAPI, error
from tests.fakebot.records import Document
from tests.fakebot.rules import decode


async def read_request(request: web.Request) -> tuple[dict[str, Any], dict[str, Document]]:
    """The parameters (query string, JSON, form or multipart) and the uploaded files."""
    raw: dict[str, Any] = dict(request.query)
    files: dict[str, Document] = {}
    if request.can_read_body:
        kind = request.content_type
        if kind == "application/json":
            body = await request.json()
            if not isinstance(body, dict):
                raise ValueError("the JSON body must be an object")
            raw.update(body)
        elif kind in ("application/x-www-form-urlencoded", "multipart/form-data"):
            for name, value in (await request.post()).items():
                if isinstance(value, web.FileField):
                    files[name] = Document(
                        value.filename or name, value.file.read(), value.content_type or ""
                    )
                else:
                    raw[name] = value
    return {name: decode(name, value) for name, value in raw.items()}, files


class BotAPIServer(FakeBotAPI):
    """FakeBotAPI served over HTTP on `host`:`port` (0: a free port) while started."""

    def __init__(self, token: str = DEFAULT_TOKEN, *, host: str = "127.0.0.1", port: int = 0, **limits: Any):
        super().__init__(token, **limits)
        self.host = host
        self.port = port
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None

    @property
    def base_url(self) -> str:
        """What the bot takes as TELEGRAM_BASE_URL."""
        return f"http://{self.host}:{self.port}"

    async def _handle(self, request: web.Request) -> web.Response:
        try:
            params, files = await read_request(request)
        except ValueError as refused:
            status, body = error(400, f"Bad Request: {refused}")
        else:
            transport = request.transport
            status, body = await self.call(
                request.match_info["token"],
                request.match_info["method"],
                params,
                files,
                url=str(request.url),
                gone=lambda: transport is None or transport.is_closing(),
            )
        return web.json_response(body, status=status)

    async def _serve(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port, backlog=1024)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    def start(self) -> Self:
        ready = threading.Event()
        failure: list[BaseException] = []
        loop = self._loop = asyncio.new_event_loop()

        def run() -> None:
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(self._serve())
            except BaseException as problem:  # noqa: BLE001 - reported to start()
                failure.append(problem)
                ready.set()
                return
            ready.set()
            loop.run_forever()
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

        self._thread = threading.Thread(target=run, name="bot-api-server", daemon=True)
        self._thread.start()
        ready.wait(10)
        if failure:
            raise failure[0]
        return self

    def stop(self) -> None:
        if self._loop is None or self._thread is None:
            return
        self.closing = True  # long polls return, held sends are let go
        self._changed()
        loop, runner = self._loop, self._runner
        if runner is not None:
            with contextlib.suppress(Exception):
                asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        self._thread.join(10)
        self._loop = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
