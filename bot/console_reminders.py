"""The console's own reminders: a scheduler whose fan-out reaches the console's person alone
and shows each reminder in the terminal at its time (by the console's clock, a rehearsal
clock included). Telegram users' deliveries are never touched, and the Telegram bot's
fan-outs never reach the console's person (Recipients: Telegram's ids are positive)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from knowledge.clock import Clock, SystemClock
from knowledge.model import Knowledge
from reminders.dispatch import CLAIM_TIMEOUT, Dispatcher, SendFunction
from reminders.planner import Slot
from reminders.scheduler import ReminderScheduler
from storage.records import Person, Recipients
from storage.store import Store

from .console import Console
from .reminders_ui import reminder_reply


def console_sender(console: Console) -> SendFunction:
    """A send function for reminders.dispatch that shows the reminder in the console; its
    button (stop the reminders) becomes a number to choose."""

    async def send(recipient: Person, slot: Slot) -> None:
        console.notify([reminder_reply(slot, recipient.lang, slot.event.join_url)])

    return send


def console_reminders(
    console: Console,
    store: Store,
    clock: Clock,
    knowledge: Callable[[], Knowledge],
    claim_timeout: timedelta = CLAIM_TIMEOUT,
) -> ReminderScheduler:
    """A reminder scheduler for the console's person alone (not started)."""
    dispatcher = Dispatcher(
        store,
        clock,
        console_sender(console),
        claim_timeout=claim_timeout,
        claim_clock=SystemClock(),
        recipients=Recipients.one(console.user.id),
    )
    return ReminderScheduler(knowledge, clock, dispatcher)
