"""The webhook's HTTP side: the secret and the size are checked before any body is read.

python-telegram-bot's handler reads the whole body (up to tornado's 100 MB) before it looks
at the secret header, so anyone who finds the address can make the bot hold hundreds of
megabytes. Here the handler streams the body: the secret is checked on the headers (403),
a declared Content-Length over MAX_BODY_BYTES is refused at once (413), and a body sent
without a length is counted as it arrives and refused as soon as it goes over (413). A
refused request's connection is closed without reading the rest.

webhook_options gives Application.run_webhook its arguments from the settings.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import socket
from collections.abc import Awaitable, Callable, Sequence
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import tornado.web
from telegram import Bot
from telegram.ext import Updater
from telegram.ext._utils.webhookhandler import TelegramHandler, WebhookServer

from .settings import DEFAULT_WEBHOOK_PORT, Settings

log = logging.getLogger(__name__)

# Telegram's updates are a few kilobytes; 1 MiB leaves room for the longest ones.
MAX_BODY_BYTES = 1024 * 1024
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@tornado.web.stream_request_body
class GuardedTelegramHandler(TelegramHandler):
    """python-telegram-bot's TelegramHandler, with the checks moved before the body."""

    def prepare(self) -> None:
        """Runs on the headers alone: a wrong secret or a declared oversize body ends here."""
        self._chunks: list[bytes] = []
        self._size = 0
        sent = self.request.headers.get(SECRET_HEADER) or ""
        if self.secret_token is not None and not hmac.compare_digest(
            sent.encode(), self.secret_token.encode()
        ):
            log.debug("webhook request refused: missing or wrong secret")
            self.send_error(HTTPStatus.FORBIDDEN)
            return
        declared = self.request.headers.get("Content-Length", "0")
        if not declared.isascii() or not declared.isdigit():
            self.send_error(HTTPStatus.BAD_REQUEST)
        elif int(declared) > MAX_BODY_BYTES:
            self._too_large()

    def data_received(self, chunk: bytes) -> None:
        if self._finished:
            return
        self._size += len(chunk)
        if self._size > MAX_BODY_BYTES:
            self._chunks.clear()
            self._too_large()
            return
        self._chunks.append(chunk)

    async def post(self) -> None:
        if self._finished:  # refused while the rest of the body was still arriving
            return
        self.request.body = b"".join(self._chunks)
        inbox = self.application.settings.get("inbox")
        if inbox is not None:  # in the inbox before Telegram hears 200
            await inbox(self.request.body)
        await super().post()

    def _too_large(self) -> None:
        log.warning("webhook request refused: body over %d bytes", MAX_BODY_BYTES)
        self.send_error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)


Inbox = Callable[[bytes], Awaitable[None]]


def webhook_app(
    url_path: str, bot: Bot, update_queue: asyncio.Queue, secret_token: str | None, inbox: Inbox | None = None
) -> tornado.web.Application:
    """The tornado application serving `url_path` with the guarded handler, without access logs.

    `inbox(body)` keeps each accepted update before Telegram is answered 200."""
    shared = {"bot": bot, "update_queue": update_queue, "secret_token": secret_token}
    return tornado.web.Application(
        [(rf"{url_path}/?", GuardedTelegramHandler, shared)], log_function=lambda _handler: None, inbox=inbox
    )


class GuardedUpdater(Updater):
    """An Updater whose webhook server uses GuardedTelegramHandler; polling is unchanged.

    It replaces Updater._start_webhook (python-telegram-bot 22), keeping its order: build
    the server, register the webhook with Telegram, then listen. TLS is left to the host's
    proxy, as WEBHOOK_URL is served behind one.
    """

    async def _start_webhook(
        self,
        listen: str,
        port: int,
        url_path: str,
        bootstrap_retries: int,
        allowed_updates: Sequence[str] | None,
        cert: str | Path | None = None,
        key: str | Path | None = None,
        drop_pending_updates: bool | None = None,
        webhook_url: str | None = None,
        ready: asyncio.Event | None = None,
        ip_address: str | None = None,
        max_connections: int = 40,
        secret_token: str | None = None,
        unix: str | Path | socket.socket | None = None,
    ) -> None:
        if cert is not None or key is not None:
            raise ValueError("the guarded webhook does not terminate TLS; use a proxy")
        if not url_path.startswith("/"):
            url_path = f"/{url_path}"
        app = webhook_app(url_path, self.bot, self.update_queue, secret_token, getattr(self, "inbox", None))
        # PTB types the app as its own tornado Application subclass; the server only needs a tornado one.
        self._httpd = WebhookServer(listen, port, app, None, unix)  # type: ignore[arg-type]
        webhook_url = webhook_url or self._gen_webhook_url("http", listen, port, url_path)
        await self._bootstrap(
            max_retries=bootstrap_retries,
            webhook_url=webhook_url,
            allowed_updates=allowed_updates,
            drop_pending_updates=drop_pending_updates,
            ip_address=ip_address,
            max_connections=max_connections,
            secret_token=secret_token,
        )
        await self._httpd.serve_forever(ready=ready)


def webhook_options(settings: Settings, listen: str = "0.0.0.0") -> dict[str, Any]:
    """Application.run_webhook's arguments: the URL's path, or one derived from the token.

    Without WEBHOOK_SECRET, the secret Telegram must send back is derived from the token too.
    """
    if not settings.webhook_url:
        raise ValueError("webhook_options needs WEBHOOK_URL")
    token = (settings.telegram_token or "").encode()
    url = settings.webhook_url
    path = urlsplit(url).path.strip("/")
    if not path:
        path = "telegram-" + hashlib.sha256(b"webhook-path:" + token).hexdigest()[:32]
        url = url.rstrip("/") + "/" + path
    secret = settings.webhook_secret or hashlib.sha256(b"webhook-secret:" + token).hexdigest()
    return {
        "listen": listen,
        "port": settings.port or DEFAULT_WEBHOOK_PORT,
        "url_path": path,
        "webhook_url": url,
        "secret_token": secret,
    }
