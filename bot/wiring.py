"""The composition root: build_bot builds every part of the bot, once, from the Settings; BotParts
holds them and their life from start to stop. bot/run.py runs them, on Telegram or in a terminal.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from telegram import Bot as TelegramBot
from telegram.error import TelegramError
from telegram.ext import Application

from knowledge.clock import Clock, RehearsalClock, SystemClock
from knowledge.model import Knowledge
from knowledge.watch import KnowledgeWatcher
from knowledge.yamlsource import Problem
from reminders.dispatch import Dispatcher
from reminders.scheduler import ReminderScheduler
from storage import store as storage
from storage.database import DatabaseGone
from storage.interface import Store
from storage.retention import UnansweredRetention

from .core import Core
from .delivery import telegram_sender
from .reload import refusal_text
from .replies import Reply
from .sending import send_reply
from .settings import Settings
from .telegram import build_application
from .updates import replay_inbox

log = logging.getLogger("bot")

# How often the running bot checks that its database file is still the one it opened.
DATABASE_CHECK_SECONDS = 2.0
# How often it looks for phrasings accepted by another process (another replica's /apprendre).
LEARNED_CHECK_SECONDS = 30.0


def make_clock(start: datetime | None) -> Clock:
    """The system clock, or a rehearsal clock starting at `start` (BOT_CLOCK_START, --clock-start)."""
    if start is None:
        return SystemClock()
    log.info("rehearsal clock starting at %s", start.isoformat())
    return RehearsalClock(start)


async def open_store(settings: Settings) -> Store:
    """The bot's database; raises DatabaseUnavailable when it cannot be used."""
    return await storage.open_store(settings.database, pool_size=settings.database_pool_size)


def log_problems(problems: Sequence[Problem]) -> None:
    for problem in problems:
        log.warning("knowledge problem: %s", problem)


async def notify_admins(bot: TelegramBot, admin_ids: frozenset[int], problems: Sequence[Problem]) -> None:
    """Log each problem, then tell every admin, one message each (split if long)."""
    log_problems(problems)
    reply = Reply(refusal_text(problems))
    for admin_id in sorted(admin_ids):
        try:
            await send_reply(bot, admin_id, reply)
        except TelegramError as error:  # e.g. an admin who never opened the bot
            log.warning("could not tell admin %s about the refused edit: %s", admin_id, error)


@dataclass
class BotParts:
    """What build_bot wires together; `core.context.watcher` is `watcher`.

    Without Telegram (the console) there is no application; the console sets `reminders` to its own.
    `database_gone` is set when the bot stopped because its database file was deleted or
    replaced while it ran (the process then exits 1, so the host restarts it).
    """

    core: Core
    watcher: KnowledgeWatcher
    retention: UnansweredRetention
    application: Application | None = None
    reminders: ReminderScheduler | None = None
    database_gone: DatabaseGone | None = None
    running: list[asyncio.Task] = field(default_factory=list)

    def use_knowledge(self, new: Knowledge) -> None:
        """A knowledge edit went live: answer with it, and let the reminders follow the calendar."""
        self.core.context.use_knowledge(new)
        if self.reminders is not None:
            self.reminders.rebuild()

    async def refuse(self, problems: list[Problem]) -> None:
        """A knowledge edit was refused: log it, and tell the admins on Telegram."""
        if self.application is None:
            log_problems(problems)
        else:
            await notify_admins(self.application.bot, self.core.context.admin_ids, problems)

    async def start(self, application: Application) -> None:
        """post_init: handle what a crash or a stop left unanswered, then start the background work."""
        await self.core.context.load_learned()  # the phrasings staff accepted, over the YAML
        await replay_inbox(application, self.core.context.store)
        self.running.append(asyncio.create_task(self.watcher.run(), name="knowledge-watcher"))
        if self.reminders is not None:
            self.running.append(asyncio.create_task(self.reminders.start(), name="reminders-start"))
        self.running.append(asyncio.create_task(self.retention.run(), name="unanswered-retention"))
        self.running.append(asyncio.create_task(self.watch_database(), name="database-watch"))
        self.running.append(asyncio.create_task(self.follow_learned(), name="learned-phrasings"))

    async def stop(self, application: Application) -> None:
        """post_shutdown, once the updates stopped: stop the background work, close the store."""
        if self.reminders is not None:
            await self.reminders.stop()  # fan-outs in flight stop; their deliveries are already logged
        while self.running:
            task = self.running.pop()
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self.core.context.store.close()

    async def follow_learned(self, interval: float = LEARNED_CHECK_SECONDS) -> None:
        """Serve the phrasings another process accepted too (this one's are served at once)."""
        while True:
            await asyncio.sleep(interval)
            try:
                await self.core.context.load_learned()
            except Exception as error:  # noqa: BLE001 - the next check will try again
                log.warning("could not read the learned phrasings: %s", error)

    async def watch_database(self) -> None:
        """Stop the bot once its database file is deleted or replaced: the writes since went
        nowhere (and were answered with the error apology, see Store.check_file)."""
        while True:
            await asyncio.sleep(DATABASE_CHECK_SECONDS)
            try:
                self.core.context.store.check_file()
            except DatabaseGone as error:
                application = self.application
                if (
                    application is not None and application.running
                ):  # stop_running() before start() would be missed
                    log.error("%s: stopping, to be restarted on a database that exists", error)
                    self.database_gone = error
                    application.stop_running()
                    return


def build_bot(
    settings: Settings,
    knowledge: Knowledge,
    clock: Clock,
    store: Store,
    *,
    telegram: bool = True,
    **options: Any,
) -> BotParts:
    """Core, knowledge watcher, retention; with `telegram`, the Application and the reminder scheduler.

    The watcher runs from the Application's post_init to its post_shutdown (the console runs it
    itself). `options` go to build_application (e.g. request=, get_updates_request=).
    """
    core = Core(knowledge, clock, store, settings.admin_ids)
    watcher = KnowledgeWatcher(
        settings.knowledge_dir,
        knowledge,
        on_change=lambda new: parts.use_knowledge(new),
        on_error=lambda problems: parts.refuse(problems),
    )
    core.context.watcher = watcher  # read by /reload
    retention = UnansweredRetention(store, clock, settings.unanswered_retention_days)
    parts = BotParts(core, watcher, retention)
    if telegram:
        application = build_application(
            settings, core, post_init=parts.start, post_shutdown=parts.stop, **options
        )
        dispatcher = Dispatcher(
            store,
            clock,
            telegram_sender(application.bot),
            claim_timeout=timedelta(seconds=settings.reminder_claim_seconds),
            claim_clock=SystemClock(),
        )
        parts.application = application
        parts.reminders = ReminderScheduler(lambda: core.context.knowledge, clock, dispatcher)
    return parts
