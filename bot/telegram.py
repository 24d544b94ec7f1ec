"""The python-telegram-bot Application: built around a Core, with its command menu, its pacing,
its update processing (bot/updates.py), the private-chats gate and the handlers."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import BotCommand, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder, Defaults
from telegram.request import BaseRequest, HTTPXRequest

from .commands import COMMANDS
from .core import Core
from .groups import GATE_GROUP, PrivateChatsOnly
from .handlers import error_handler, handlers, update_language
from .logs import redact_update_bodies
from .ratelimit import PacedRateLimiter
from .settings import Settings, bot_urls
from .updates import FairUpdateProcessor, InboxRequest, StoppingApplication, polite_drop, webhook_inbox
from .webhook import GuardedUpdater

log = logging.getLogger(__name__)

Hook = Callable[[Application], Coroutine[Any, Any, None]]  # what ApplicationBuilder accepts


def bot_commands(lang: str) -> list[BotCommand]:
    """The command menu in one language, without admin commands."""
    return [
        BotCommand(command.name(lang), command.description.get(lang))
        for command in COMMANDS
        if not command.admin
    ]


async def set_commands(application: Application) -> None:
    """French menu by default, English for users whose Telegram is in English."""
    try:
        await application.bot.set_my_commands(bot_commands("fr"))
        await application.bot.set_my_commands(bot_commands("en"), language_code="en")
    except TelegramError as error:  # the menu is a convenience: start anyway
        log.warning("could not set the command menu: %s", error)


def build_application(
    settings: Settings,
    core: Core,
    *,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    post_init: Hook | None = None,
    post_shutdown: Hook | None = None,
    per_chat_interval: float = 1.0,
    rate_limiter: PacedRateLimiter | None = None,
) -> Application:
    """An Application that routes every update to `core` and renders its replies.

    post_init runs after the command menu is set; post_shutdown once the updates stopped.
    per_chat_interval: seconds between two messages to one private chat (0: no pacing, for
    tests that do not test it); rate_limiter: another pacing (e.g. on a virtual clock) instead.
    python-telegram-bot's records never carry an update body, even without configure_logging.
    """
    redact_update_bodies()
    store, clock = core.context.store, core.context.clock

    async def init(application: Application) -> None:
        await set_commands(application)
        if post_init is not None:
            await post_init(application)

    processor = FairUpdateProcessor()  # one update at a time per chat, many chats at once
    builder = (
        ApplicationBuilder()
        .application_class(StoppingApplication)
        .token(settings.telegram_token or "")
        .rate_limiter(rate_limiter or PacedRateLimiter(per_chat_interval, overall_limit=settings.send_rate))
        .concurrent_updates(processor)
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        .post_init(init)
    )
    if settings.telegram_base_url:
        base_url, base_file_url = bot_urls(settings.telegram_base_url)
        builder = builder.base_url(base_url).base_file_url(base_file_url)
    if request is not None:
        builder = builder.request(request)
    # Updates are in the inbox before Telegram is told they were received (the next offset).
    inner = get_updates_request or HTTPXRequest(connection_pool_size=1)
    builder = builder.get_updates_request(InboxRequest(inner, store, clock))
    if post_shutdown is not None:
        builder = builder.post_shutdown(post_shutdown)
    application = builder.build()
    processor.on_dropped = polite_drop(application, lambda update: update_language(core, update))

    async def handled(update: Update) -> None:
        await store.forget_update(update.update_id)

    processor.on_done = handled
    application.add_handler(PrivateChatsOnly().handler(), group=GATE_GROUP)
    # The webhook checks the secret and the size before reading a body (bot/webhook.py).
    updater = GuardedUpdater(application.bot, application.update_queue)
    updater.inbox = webhook_inbox(store, clock)  # type: ignore[attr-defined]
    application.updater = updater
    application.add_handlers(handlers(core))
    application.add_error_handler(error_handler(core))
    return application
