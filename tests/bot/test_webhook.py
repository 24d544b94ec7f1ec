"""The webhook: the real python-telegram-bot server on 127.0.0.1, updates POSTed with httpx."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import signal
import socket
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from telegram.ext import Application

import bot.__main__ as entry
import bot.run as run
import bot.wiring as wiring
from bot import telegram as front
from bot.core import Core
from bot.logs import QUIET_LOGGERS
from bot.settings import Settings
from bot.webhook import webhook_options
from tests.fakebot import OfflineRequest, text_update_data
from tests.helpers import TOKEN

SECRET = "s3cret"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def webhook_settings(port: int, path: str = "/hook", secret: str | None = SECRET) -> Settings:
    return Settings(
        telegram_token=TOKEN, webhook_url=f"http://127.0.0.1:{port}{path}", port=port, webhook_secret=secret
    )


def post(url: str, secret: str | None, payload: dict[str, Any] | bytes) -> httpx.Response:
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    content = payload if isinstance(payload, bytes) else json.dumps(payload)
    with httpx.Client(trust_env=False, timeout=5) as client:  # never through a proxy
        return client.post(url, content=content, headers={**headers, "Content-Type": "application/json"})


def wait_until(condition: Callable[[], object], timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


# -- where the webhook listens ------------------------------------------------------------
def test_the_webhook_listens_on_the_url_path_with_the_secret() -> None:
    options = webhook_options(
        Settings(
            telegram_token=TOKEN,
            webhook_url="https://bot.example.org/eig/telegram",
            port=8080,
            webhook_secret="abc",
        )
    )
    assert options == {
        "listen": "0.0.0.0",
        "port": 8080,
        "url_path": "eig/telegram",
        "webhook_url": "https://bot.example.org/eig/telegram",
        "secret_token": "abc",
    }


def test_without_a_path_or_secret_both_are_derived_from_the_token_hash() -> None:
    options = webhook_options(
        Settings(telegram_token=TOKEN, webhook_url="https://bot.example.org/", port=8443)
    )
    path = options["url_path"]
    assert path.startswith("telegram-") and len(path) == len("telegram-") + 32
    assert options["webhook_url"] == f"https://bot.example.org/{path}"
    secret = options["secret_token"]
    assert len(secret) == 64 and secret != path
    for value in (path, secret):  # nothing of the token shows
        assert TOKEN.split(":")[1] not in value and hashlib.sha256(TOKEN.encode()).hexdigest() not in value
    other = webhook_options(
        Settings(telegram_token="1:other", webhook_url="https://bot.example.org", port=8443)
    )
    assert other["url_path"] != path and other["secret_token"] != secret
    assert webhook_options(
        Settings(telegram_token=TOKEN, port=1, webhook_url="https://bot.example.org/")
    ) == {**options, "port": 1}


# -- the real server ----------------------------------------------------------------------
async def test_a_posted_update_with_the_secret_is_answered_and_one_without_is_refused(core: Core) -> None:
    api = OfflineRequest()
    application = front.build_application(
        Settings(telegram_token=TOKEN), core, request=api, get_updates_request=api
    )
    port = free_port()
    options = webhook_options(webhook_settings(port), listen="127.0.0.1")
    url = f"http://127.0.0.1:{port}/hook"
    async with application:
        await application.updater.start_webhook(**options)
        await application.start()
        try:
            [set_webhook] = api.of("setWebhook")
            assert set_webhook.params["url"] == url
            assert set_webhook.params["secret_token"] == SECRET
            api.clear()
            for secret in ("wrong", None, ""):
                response = await asyncio.to_thread(post, url, secret, text_update_data("/start"))
                assert response.status_code == 403
            await asyncio.sleep(0.3)
            assert api.calls == [] and application.update_queue.empty()

            response = await asyncio.to_thread(post, url, SECRET, text_update_data("/start"))
            assert response.status_code == 200
            for _ in range(250):
                if api.of("sendMessage"):
                    break
                await asyncio.sleep(0.02)
            [reply] = api.of("sendMessage")
            assert reply.params["text"].startswith("Bonjour Camille")
            elsewhere = await asyncio.to_thread(
                post, f"http://127.0.0.1:{port}/other", SECRET, text_update_data("/start")
            )
            assert elsewhere.status_code == 404
        finally:
            await application.updater.stop()
            await application.stop()


# -- what is refused before a body is read ------------------------------------------------
MiB = 1024 * 1024
HUGE = 90 * MiB  # what the attack in issue 10 posted, six times at once


@pytest.fixture
async def webhook(core: Core) -> AsyncIterator[tuple[OfflineRequest, Application, int]]:
    """The real webhook server of build_application on 127.0.0.1: (api, application, port)."""
    api = OfflineRequest()
    application = front.build_application(
        Settings(telegram_token=TOKEN), core, request=api, get_updates_request=api, per_chat_interval=0
    )
    port = free_port()
    async with application:
        await application.updater.start_webhook(**webhook_options(webhook_settings(port), listen="127.0.0.1"))
        await application.start()
        api.clear()
        try:
            yield api, application, port
        finally:
            await application.updater.stop()
            await application.stop()


Connection = tuple[asyncio.StreamReader, asyncio.StreamWriter]


async def send_head(port: int, headers: dict[str, str]) -> Connection:
    """Open a connection and send a POST's request line and headers, no body yet."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    lines = [
        "POST /hook HTTP/1.1",
        "Host: 127.0.0.1",
        "Content-Type: application/json",
        *(f"{name}: {value}" for name, value in headers.items()),
    ]
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
    await writer.drain()
    return reader, writer


async def refused_unread(
    webhook: tuple[OfflineRequest, Application, int], connection: Connection, status: int
) -> None:
    """The server answers `status` and closes the connection; no update, no Bot API call."""
    reader, writer = connection
    answer = await asyncio.wait_for(reader.read(), 5)  # all it sends until it closes
    writer.close()
    assert answer.startswith(f"HTTP/1.1 {status} ".encode())
    api, application, _ = webhook
    assert application.update_queue.empty() and api.calls == []


def chunk(data: bytes) -> bytes:
    """One chunk of a Transfer-Encoding: chunked body."""
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


@pytest.mark.parametrize("secret", [None, "wrong"])
async def test_a_huge_body_without_the_secret_is_refused_403_before_a_byte_of_it_is_read(
    webhook: tuple[OfflineRequest, Application, int], secret: str | None
) -> None:
    headers = {"Content-Length": str(HUGE)}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    await refused_unread(webhook, await send_head(webhook[2], headers), 403)  # the 90 MiB never sent


async def test_a_body_declared_over_1_mib_with_the_secret_is_refused_413_unread(
    webhook: tuple[OfflineRequest, Application, int],
) -> None:
    headers = {"Content-Length": str(MiB + 1), "X-Telegram-Bot-Api-Secret-Token": SECRET}
    await refused_unread(webhook, await send_head(webhook[2], headers), 413)


async def test_a_body_streamed_without_a_length_is_refused_413_once_it_passes_1_mib(
    webhook: tuple[OfflineRequest, Application, int],
) -> None:
    connection = await send_head(
        webhook[2], {"Transfer-Encoding": "chunked", "X-Telegram-Bot-Api-Secret-Token": SECRET}
    )
    piece = b" " * (64 * 1024)
    for _ in range(MiB // len(piece) + 1):  # 1 MiB and one more piece; no last chunk
        connection[1].write(chunk(piece))
        await connection[1].drain()
    await refused_unread(webhook, connection, 413)


async def test_an_update_streamed_in_chunks_or_padded_near_the_limit_is_still_handled(
    webhook: tuple[OfflineRequest, Application, int],
) -> None:
    api, application, port = webhook
    body = json.dumps(text_update_data("/start")).encode()
    reader, writer = await send_head(
        port, {"Transfer-Encoding": "chunked", "X-Telegram-Bot-Api-Secret-Token": SECRET}
    )
    writer.write(chunk(body[:10]) + chunk(body[10:]) + b"0\r\n\r\n")
    await writer.drain()
    assert (await asyncio.wait_for(reader.readline(), 5)).startswith(b"HTTP/1.1 200 ")
    writer.close()
    body = json.dumps(text_update_data("/start")).encode()  # another update (ids are unique)
    padded = body[:-1] + b" " * (MiB - len(body)) + b"}"  # exactly 1 MiB: accepted
    response = await asyncio.to_thread(post, f"http://127.0.0.1:{port}/hook", SECRET, padded)
    assert response.status_code == 200
    for _ in range(250):
        if len(api.of("sendMessage")) == 2:
            break
        await asyncio.sleep(0.02)
    assert [call.params["text"].startswith("Bonjour Camille") for call in api.of("sendMessage")] == [
        True,
        True,
    ]


# -- the whole process: eig-bot with WEBHOOK_URL, stopped by SIGTERM ----------------------
@pytest.fixture
def harmless_sigterm() -> Iterator[None]:
    """If SIGTERM came after main() returned, it must not kill pytest; logging restored."""
    previous = signal.signal(signal.SIGTERM, lambda *_: None)
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    quiet = {name: logging.getLogger(name).level for name in QUIET_LOGGERS}
    yield
    signal.signal(signal.SIGTERM, previous)
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, old in quiet.items():
        logging.getLogger(name).setLevel(old)


def test_eig_bot_with_a_webhook_url_serves_it_then_exits_0_on_sigterm(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, harmless_sigterm: None
) -> None:
    port = free_port()
    for name, value in {
        "TELEGRAM_TOKEN": TOKEN,
        "WEBHOOK_URL": f"http://127.0.0.1:{port}/hook",
        "PORT": str(port),
        "WEBHOOK_SECRET": SECRET,
        "DATABASE_PATH": str(tmp_path / "bot.sqlite3"),
    }.items():
        monkeypatch.setenv(name, value)
    for name in ("TELEGRAM_BASE_URL", "ADMIN_IDS", "KNOWLEDGE_DIR", "BOT_CLOCK_START"):
        monkeypatch.delenv(name, raising=False)
    api = OfflineRequest()
    real_build, real_options = front.build_application, webhook_options
    monkeypatch.setattr(
        wiring,
        "build_application",
        lambda settings, core, **kwargs: real_build(
            settings, core, request=api, get_updates_request=api, **kwargs
        ),
    )
    seen: dict[str, Any] = {}

    def local_options(settings: Settings) -> dict[str, Any]:
        seen.update(real_options(settings))
        return real_options(settings, listen="127.0.0.1")

    monkeypatch.setattr(run, "webhook_options", local_options)
    statuses: list[int] = []
    failures: list[BaseException] = []

    def telegram_side() -> None:
        try:
            wait_until(lambda: api.of("setWebhook"))
            url = f"http://127.0.0.1:{port}/hook"
            wait_until(lambda: _accepts(port))
            statuses.append(post(url, None, text_update_data("/start")).status_code)
            statuses.append(post(url, SECRET, text_update_data("/start")).status_code)
            wait_until(lambda: api.of("sendMessage"))
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            failures.append(error)
        finally:
            if api.of("setWebhook"):  # python-telegram-bot handles the signal by then
                os.kill(os.getpid(), signal.SIGTERM)

    thread = threading.Thread(target=telegram_side, daemon=True)
    thread.start()
    try:
        assert entry.main([]) == 0
    finally:
        asyncio.set_event_loop(None)
        thread.join(10)
    assert not failures, failures
    assert seen["listen"] == "0.0.0.0" and seen["port"] == port and seen["url_path"] == "hook"
    assert statuses == [403, 200]
    assert [call.params["secret_token"] for call in api.of("setWebhook")] == [SECRET]
    [reply] = api.of("sendMessage")
    assert reply.params["text"].startswith("Bonjour Camille")


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


async def test_a_webhook_update_is_in_the_inbox_before_telegram_is_answered(
    webhook: tuple[OfflineRequest, Application, int], core: Core
) -> None:
    api, application, port = webhook
    kept: list[bytes] = []
    keep = application.updater.inbox  # type: ignore[union-attr]

    async def spy(body: bytes) -> None:
        await keep(body)
        kept.extend(json.loads(b)["update_id"] for b in await core.context.store.pending_updates())

    application.updater.inbox = spy  # type: ignore[union-attr]
    application.updater._httpd._http_server.request_callback.settings["inbox"] = spy  # noqa: SLF001
    data = text_update_data("salaire")
    response = await asyncio.to_thread(post, f"http://127.0.0.1:{port}/hook", SECRET, data)
    assert response.status_code == 200
    assert kept == [data["update_id"]]  # written before the 200
    for _ in range(250):  # then handled, and out of the inbox
        if api.of("sendMessage") and not await core.context.store.pending_updates():
            break
        await asyncio.sleep(0.02)
    assert await core.context.store.pending_updates() == []
