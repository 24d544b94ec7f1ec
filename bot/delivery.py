"""The reminders' send function for Telegram: renders a reminder, maps Telegram's errors."""

from __future__ import annotations

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter

from reminders.dispatch import Blocked, RetryLater, SendFunction, Transient
from reminders.planner import Slot
from storage.records import Person

from .pacing import bulk_sends
from .ratelimit import retry_seconds
from .reminders_ui import reminder_reply
from .sending import send_reply


def telegram_sender(bot: Bot) -> SendFunction:
    """A send function for reminders.dispatch, speaking to Telegram through `bot`."""

    async def send(recipient: Person, slot: Slot) -> None:
        lang = recipient.lang
        reply = reminder_reply(slot, lang, slot.event.join_url)
        try:
            with bulk_sends():  # replies to people go first (bot/pacing.py)
                await send_reply(bot, recipient.id, reply)
        except Forbidden as error:
            raise Blocked() from error
        except RetryAfter as error:
            raise RetryLater(retry_seconds(error)) from error
        except BadRequest as error:  # a chat that no longer exists is as good as blocked
            if "chat not found" in str(error).lower() or "user is deactivated" in str(error).lower():
                raise Blocked() from error
            raise
        except NetworkError as error:  # includes TimedOut and 5xx answers
            raise Transient() from error

    return send
