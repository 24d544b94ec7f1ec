"""The thin python-telegram-bot layer: updates -> core, core replies -> Telegram calls."""

from __future__ import annotations

import hashlib
import html
import logging
from collections import OrderedDict
from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import urlsplit

from aiolimiter import AsyncLimiter
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    Update,
)
from telegram import User as TelegramUser
from telegram.constants import MessageLimit, ParseMode
from telegram.error import NetworkError, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest, HTTPXRequest

from storage.records import Person

from .core import COMMANDS, Core
from .groups import GATE_GROUP, PrivateChatsOnly
from .logs import redact_update_bodies
from .replies import Reply
from .settings import DEFAULT_WEBHOOK_PORT, Settings, bot_urls
from .texts import text
from .updates import FairUpdateProcessor, InboxRequest, StoppingApplication, polite_drop, webhook_inbox
from .webhook import GuardedUpdater

log = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = MessageLimit.MAX_TEXT_LENGTH  # 4096, counted in UTF-16 code units
MAX_TITLE_CHARS = 256
# A 429 (flood control) is waited out and the request retried this many times, so a reply
# or an .ics is not lost when Telegram asks the bot to slow down.
RATE_LIMIT_RETRIES = 5
OTHER_KINDS = (
    "sticker",
    "photo",
    "voice",
    "video",
    "video_note",
    "audio",
    "animation",
    "document",
    "location",
    "venue",
    "contact",
    "poll",
    "dice",
    "story",
    "game",
)
Context = ContextTypes.DEFAULT_TYPE
Hook = Callable[[Application], Coroutine[Any, Any, None]]  # what ApplicationBuilder accepts


def to_user(user: TelegramUser | None) -> Person:
    """The core's view of a Telegram user (id 0 when Telegram gives none)."""
    if user is None:
        return Person(0)
    return Person(user.id, user.first_name or "", user.username, user.language_code)


# -- rendering ----------------------------------------------------------------------------
def _utf16_len(value: str) -> int:
    return len(value.encode("utf-16-le", "surrogatepass")) // 2


def _fitting_prefix(value: str, limit: int) -> int:
    """The largest n such that value[:n] is at most `limit` UTF-16 code units."""
    used = 0
    for index, char in enumerate(value):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > limit:
            return index
    return len(value)


def split_text(value: str, limit: int = MAX_MESSAGE_CHARS, first_limit: int | None = None) -> list[str]:
    """Cut `value` into pieces that fit in a message, preferring paragraph, line, then space."""
    pieces: list[str] = []
    rest = value
    budget = first_limit if first_limit is not None else limit
    while _utf16_len(rest) > budget:
        end = _fitting_prefix(rest, budget)
        window = rest[:end]
        cut = -1
        for separator in ("\n\n", "\n", " "):
            cut = window.rfind(separator)
            if cut > 0:
                break
        if cut <= 0:
            cut = end
        piece = rest[:cut].rstrip()
        if piece:
            pieces.append(piece)
        rest = rest[cut:].lstrip()
        budget = limit
    if rest.strip():
        pieces.append(rest)
    return pieces


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    rows = [
        [
            InlineKeyboardButton(b.label, url=b.url)
            if b.url
            else InlineKeyboardButton(b.label, callback_data=b.data)
            for b in row
        ]
        for row in reply.buttons
        if row
    ]
    return InlineKeyboardMarkup(rows) if rows else None


def render(reply: Reply) -> list[str]:
    """The HTML texts of the messages one reply becomes: escaped text, bold title on top."""
    title = reply.title.strip()
    if len(title) > MAX_TITLE_CHARS:
        title = title[: MAX_TITLE_CHARS - 1] + "…"
    body = reply.text.strip()
    first_limit = MAX_MESSAGE_CHARS - (_utf16_len(title) + 2 if title else 0)
    pieces = [html.escape(p, quote=False) for p in split_text(body, first_limit=first_limit)]
    if title:
        heading = f"<b>{html.escape(title, quote=False)}</b>"
        pieces = [f"{heading}\n\n{pieces[0]}" if pieces else heading] + pieces[1:]
    return pieces


async def send_reply(bot: Bot, chat_id: int, reply: Reply) -> list[Message]:
    """Send one reply: its text (split if long, buttons on the last piece), then its files."""
    sent = []
    pieces = render(reply)
    markup = keyboard(reply)
    for index, piece in enumerate(pieces):
        last = index == len(pieces) - 1
        sent.append(await bot.send_message(chat_id, piece, reply_markup=markup if last else None))
    for number, attachment in enumerate(reply.files):
        document = InputFile(attachment.content, filename=attachment.filename)
        document.mimetype = attachment.mime_type
        extra = markup if not pieces and number == len(reply.files) - 1 else None
        sent.append(await bot.send_document(chat_id, document, reply_markup=extra))
    if not pieces and not reply.files:
        log.warning("empty reply not sent")
    return sent


async def send_replies(context: Context, chat_id: int, replies: list[Reply]) -> None:
    for reply in replies:
        await send_reply(context.bot, chat_id, reply)


def _chat_id(update: Update) -> int | None:
    if update.effective_chat is not None:
        return update.effective_chat.id
    # A button on an inline message has no chat; private chat id == user id.
    return update.effective_user.id if update.effective_user else None


# -- handlers -----------------------------------------------------------------------------
def _command_parts(message_text: str) -> tuple[str, str]:
    """'/Start@eig_bot  hello ' -> ('start', 'hello')."""
    head, *rest = message_text.split(maxsplit=1) or [""]
    name = head.lstrip("/").split("@", 1)[0].lower()
    return name, rest[0].strip() if rest else ""


def _handlers(core: Core) -> list[BaseHandler]:
    new_messages = filters.UpdateType.MESSAGE

    async def on_command(update: Update, context: Context) -> None:
        message = update.effective_message
        assert message is not None  # the handlers' filters only let messages through
        name, args = _command_parts(message.text or "")
        replies = await core.handle_command(to_user(update.effective_user), name, args)
        await send_replies(context, message.chat_id, replies)

    async def on_text(update: Update, context: Context) -> None:
        message = update.effective_message
        assert message is not None  # the handlers' filters only let messages through
        replies = await core.handle_text(to_user(update.effective_user), message.text or "")
        await send_replies(context, message.chat_id, replies)

    async def on_button(update: Update, context: Context) -> None:
        query = update.callback_query
        assert query is not None  # CallbackQueryHandler only passes callback queries
        try:
            await query.answer()  # stops the spinner; fails for presses older than a few minutes
        except TelegramError as error:
            log.warning("could not answer a callback query: %s", error)
        replies = await core.handle_button(to_user(update.effective_user), query.data)
        chat_id = _chat_id(update)
        if chat_id is not None:
            await send_replies(context, chat_id, replies)

    async def on_other(update: Update, context: Context) -> None:
        message = update.effective_message
        assert message is not None  # the handlers' filters only let messages through
        kind = next((k for k in OTHER_KINDS if getattr(message, k, None)), "other")
        replies = await core.handle_other(to_user(update.effective_user), kind)
        await send_replies(context, message.chat_id, replies)

    names = [name for command in COMMANDS for name in command.names]
    return [
        *(CommandHandler(name, on_command, filters=new_messages) for name in names),
        MessageHandler(new_messages & filters.COMMAND, on_command),
        MessageHandler(new_messages & filters.TEXT & ~filters.COMMAND, on_text),
        CallbackQueryHandler(on_button),
        MessageHandler(new_messages & ~filters.TEXT & ~filters.StatusUpdate.ALL, on_other),
    ]


async def on_error(update: object, context: Context) -> None:
    """Log the failure (no texts, no user ids) and apologise to the chat if there is one."""
    if not isinstance(update, Update):  # polling or a background task, not a message
        if isinstance(context.error, NetworkError):
            log.warning("Telegram Bot API unreachable, retrying: %s", context.error)
        else:
            log.error("background failure", exc_info=context.error)
        return
    update_id = update.update_id
    log.error("failed to handle update %s", update_id, exc_info=context.error)
    chat_id = _chat_id(update)
    if chat_id is None:
        return
    lang = to_user(update.effective_user).lang
    try:
        await context.bot.send_message(chat_id, html.escape(text(lang, "error"), quote=False))
    except Exception:  # noqa: BLE001 - never let the apology fail loudly
        log.warning("could not send the error message for update %s", update_id)


# -- commands menu and application --------------------------------------------------------
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


class ChatPacedRateLimiter(AIORateLimiter):
    """AIORateLimiter (about 30 messages a second overall, 20 a minute per group) plus about one
    message a second per private chat, which AIORateLimiter leaves to the caller.

    Without it, a reply of two messages (a confirmation and its .ics) or a user typing fast
    draws 429s, and AIORateLimiter then pauses every request of the bot while it waits.
    """

    def __init__(self, per_chat_interval: float = 1.0, max_chats: int = 10_000, **options: Any):
        super().__init__(**options)
        self._interval = per_chat_interval
        self._max_chats = max_chats
        self._chats: OrderedDict[int, AsyncLimiter] = OrderedDict()

    def _chat_limiter(self, chat_id: int) -> AsyncLimiter:
        limiter = self._chats.pop(chat_id, None) or AsyncLimiter(1, self._interval)
        self._chats[chat_id] = limiter  # most recently used last; forget the oldest
        while len(self._chats) > self._max_chats:
            self._chats.popitem(last=False)
        return limiter

    async def process_request(
        self, callback: Any, args: Any, kwargs: Any, endpoint: str, data: dict[str, Any], rate_limit_args: Any
    ) -> Any:
        chat_id = data.get("chat_id") if isinstance(data, dict) else None
        if isinstance(chat_id, str) and chat_id.lstrip("-").isdigit():
            chat_id = int(chat_id)
        if isinstance(chat_id, int) and chat_id > 0 and endpoint.startswith("send") and self._interval > 0:
            async with self._chat_limiter(chat_id):
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
        return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)


def build_application(
    settings: Settings,
    core: Core,
    *,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    post_init: Hook | None = None,
    post_shutdown: Hook | None = None,
    per_chat_interval: float = 1.0,
) -> Application:
    """An Application that routes every update to `core` and renders its replies.

    post_init runs after the command menu is set; post_shutdown once the updates stopped.
    per_chat_interval: seconds between two messages to one private chat (0: no pacing, for
    tests that do not test it).
    python-telegram-bot's records never carry an update body, even without configure_logging.
    """
    redact_update_bodies()

    async def init(application: Application) -> None:
        await set_commands(application)
        if post_init is not None:
            await post_init(application)

    processor = FairUpdateProcessor()  # one update at a time per chat, many chats at once
    builder = (
        ApplicationBuilder()
        .application_class(StoppingApplication)
        .token(settings.telegram_token or "")
        .rate_limiter(ChatPacedRateLimiter(per_chat_interval, max_retries=RATE_LIMIT_RETRIES))
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
    builder = builder.get_updates_request(InboxRequest(inner, core.store, core.clock))
    if post_shutdown is not None:
        builder = builder.post_shutdown(post_shutdown)
    application = builder.build()
    processor.on_dropped = polite_drop(application, lambda update: to_user(update.effective_user).lang)

    async def handled(update: Update) -> None:
        await core.store.forget_update(update.update_id)

    processor.on_done = handled
    application.add_handler(PrivateChatsOnly().handler(), group=GATE_GROUP)
    # The webhook checks the secret and the size before reading a body (bot/webhook.py).
    updater = GuardedUpdater(application.bot, application.update_queue)
    updater.inbox = webhook_inbox(core.store, core.clock)  # type: ignore[attr-defined]
    application.updater = updater
    application.add_handlers(_handlers(core))
    application.add_error_handler(on_error)
    return application
