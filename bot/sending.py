"""A Reply as Telegram messages: text split to fit, escaped HTML with a bold title, buttons, files."""

from __future__ import annotations

import html
import logging

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message
from telegram.constants import MessageLimit

from .replies import Reply

log = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = MessageLimit.MAX_TEXT_LENGTH  # 4096, counted in UTF-16 code units
MAX_TITLE_CHARS = 256


def _utf16_len(value: str) -> int:
    """How Telegram counts the length of a text."""
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
