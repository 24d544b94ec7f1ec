"""Wiring for the process: Core, Application, knowledge watcher and reminder scheduler."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TextIO

from telegram import Bot as TelegramBot
from telegram.error import InvalidToken, TelegramError
from telegram.ext import Application

from knowledge.clock import Clock, RehearsalClock, SystemClock
from knowledge.model import Knowledge
from knowledge.watch import KnowledgeWatcher
from knowledge.yamlsource import Problem
from reminders.dispatch import Dispatcher
from reminders.planner import Slot
from reminders.scheduler import ReminderScheduler
from storage.database import DatabaseGone
from storage.records import Person
from storage.retention import UnansweredRetention
from storage.store import Store

from .console import run_console
from .core import Core
from .delivery import telegram_sender
from .replies import Reply
from .settings import Settings
from .telegram import build_application, send_reply, webhook_options
from .updates import replay_inbox

log = logging.getLogger("bot")

MAX_LISTED_PROBLEMS = 40  # in the admins' message about a refused edit
# How often the running bot checks that its database file is still the one it opened.
DATABASE_CHECK_SECONDS = 2.0


def _clock(start: datetime | None) -> Clock:
    if start is None:
        return SystemClock()
    log.info("rehearsal clock starting at %s", start.isoformat())
    return RehearsalClock(start)


@dataclass
class BotParts:
    """What build_bot wires together; `core.watcher` is `watcher`.

    `database_gone` is set when the bot stopped because its database file was deleted or
    replaced while it ran (the process then exits 1, so the host restarts it).
    """

    core: Core
    application: Application
    watcher: KnowledgeWatcher
    reminders: ReminderScheduler | None = None
    retention: UnansweredRetention | None = None
    database_gone: DatabaseGone | None = None


def refusal_text(problems: list[Problem]) -> str:
    """The admins' message about a refused knowledge edit (plain text)."""
    lines = [f"• {problem}" for problem in problems[:MAX_LISTED_PROBLEMS]]
    if len(problems) > MAX_LISTED_PROBLEMS:
        lines.append(f"… and {len(problems) - MAX_LISTED_PROBLEMS} more: run python -m knowledge check")
    return (
        f"Knowledge edit refused: {len(problems)} problem(s). The bot keeps answering with "
        "the previous version. Fix the files and save again (the edit then goes live by "
        "itself), or send /reload.\n\n" + "\n".join(lines)
    )


def log_problems(problems: list[Problem]) -> None:
    for problem in problems:
        log.warning("knowledge problem: %s", problem)


async def notify_admins(bot: TelegramBot, admin_ids: frozenset[int], problems: list[Problem]) -> None:
    """Log each problem, then tell every admin, one message each (split if long)."""
    log_problems(problems)
    reply = Reply(refusal_text(problems))
    for admin_id in sorted(admin_ids):
        try:
            await send_reply(bot, admin_id, reply)
        except TelegramError as error:  # e.g. an admin who never opened the bot
            log.warning("could not tell admin %s about the refused edit: %s", admin_id, error)


async def _stop_task(task: asyncio.Task | None) -> None:
    if task is None:
        return
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


def build_bot(
    settings: Settings, knowledge: Knowledge, clock: Clock, store: Store, **options: Any
) -> BotParts:
    """Core + Application + KnowledgeWatcher; the watcher runs from post_init to shutdown.

    `options` go to build_application (e.g. request=, get_updates_request=).
    """
    core = Core(knowledge, clock, store, settings.admin_ids)

    async def on_error(problems: list[Problem]) -> None:
        await notify_admins(application.bot, settings.admin_ids, problems)

    async def send(recipient: Person, slot: Slot) -> None:
        await telegram_sender(application.bot)(recipient, slot)

    reminders = ReminderScheduler(lambda: core.knowledge, clock, Dispatcher(store, clock, send))

    def on_change(new: Knowledge) -> None:
        core.use_knowledge(new)
        reminders.rebuild()  # the schedule follows a calendar edit

    watcher = KnowledgeWatcher(settings.knowledge_dir, knowledge, on_change=on_change, on_error=on_error)
    core.watcher = watcher  # read by /reload
    retention = UnansweredRetention(store, clock, settings.unanswered_retention_days)
    running: list[asyncio.Task] = []

    async def watch_database() -> None:
        """Stop the bot once its database file is deleted or replaced: the writes since went
        nowhere (and were answered with the error apology, see Store.check_file)."""
        while True:
            await asyncio.sleep(DATABASE_CHECK_SECONDS)
            try:
                store.check_file()
            except DatabaseGone as error:
                if application.running:  # stop_running() before start() would be missed
                    log.error("%s: stopping, to be restarted on a database that exists", error)
                    parts.database_gone = error
                    application.stop_running()
                    return

    async def start(_application: Application) -> None:
        await replay_inbox(application, store)  # what a crash or a stop left unanswered
        running.append(asyncio.create_task(watcher.run(), name="knowledge-watcher"))
        running.append(asyncio.create_task(reminders.start(), name="reminders-start"))
        running.append(asyncio.create_task(retention.run(), name="unanswered-retention"))
        running.append(asyncio.create_task(watch_database(), name="database-watch"))

    async def shut_down(_application: Application) -> None:
        await reminders.stop()  # fan-outs in flight stop; their deliveries are already logged
        while running:
            await _stop_task(running.pop())
        await store.close()

    application = build_application(settings, core, post_init=start, post_shutdown=shut_down, **options)
    parts = BotParts(core, application, watcher, reminders, retention)
    return parts


def watch_in_thread(watcher: KnowledgeWatcher, interval: float = 1.0) -> Callable[[], None]:
    """Run watcher.run() on its own event loop in a daemon thread; return a stop function.

    For the console, whose blocking reads of stdin would starve a task on the main loop.
    """
    loop = asyncio.new_event_loop()
    started = threading.Event()
    task: list[asyncio.Task] = []

    async def main() -> None:
        task.append(asyncio.current_task())  # type: ignore[arg-type]
        started.set()
        await watcher.run(interval)

    def target() -> None:
        with contextlib.suppress(asyncio.CancelledError):
            loop.run_until_complete(main())
        loop.close()

    thread = threading.Thread(target=target, name="knowledge-watcher", daemon=True)
    thread.start()
    started.wait(5)

    def stop() -> None:
        with contextlib.suppress(RuntimeError):  # the loop already closed
            if task:
                loop.call_soon_threadsafe(task[0].cancel)
        thread.join(timeout=5)

    return stop


async def run_console_app(
    settings: Settings, knowledge: Knowledge, clock: Clock, stdin: TextIO, stdout: TextIO
) -> int:
    store = await Store.open(settings.database, pool_size=settings.database_pool_size)
    await UnansweredRetention(store, clock, settings.unanswered_retention_days).purge_or_log()
    core = Core(knowledge, clock, store, settings.admin_ids)
    watcher = KnowledgeWatcher(
        settings.knowledge_dir, knowledge, on_change=core.use_knowledge, on_error=log_problems
    )
    core.watcher = watcher  # type: ignore[attr-defined]
    stop_watching = watch_in_thread(watcher)
    try:
        await run_console(core, stdin, stdout)
    finally:
        stop_watching()
        await store.close()
    return 0


def run_telegram(settings: Settings, knowledge: Knowledge, clock: Clock) -> int:
    """Poll Telegram, or serve the webhook when WEBHOOK_URL is set, until SIGTERM or Ctrl-C.

    On a stop signal, python-telegram-bot stops taking updates, finishes the ones in hand,
    then post_shutdown stops the watcher and closes the store; the exit status is 0. If the
    database file is deleted or replaced while running, the same stop happens and the exit
    status is 1. A database that cannot be opened raises DatabaseUnavailable.
    """
    previous = _exit_on_sigterm()  # until python-telegram-bot handles the stop signals
    try:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)  # run_polling() / run_webhook() reuse this loop
        try:
            store = loop.run_until_complete(
                Store.open(settings.database, pool_size=settings.database_pool_size)
            )
        except BaseException:  # DatabaseUnavailable: main() prints it
            loop.close()
            raise
        parts = build_bot(settings, knowledge, clock, store)
        application = parts.application
        if settings.webhook_url:
            options = webhook_options(settings)
            log.info("serving the webhook on port %s", options["port"])
            application.run_webhook(**options)
        else:
            application.run_polling()
    except InvalidToken:
        print("TELEGRAM_TOKEN was refused by Telegram: copy it again from @BotFather", file=sys.stderr)
        return 2
    except TelegramError as error:
        print(f"cannot reach the Telegram Bot API: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # the webhook's port is taken or not allowed
        print(f"PORT: cannot listen on port {settings.port}: {error.strerror or error}", file=sys.stderr)
        return 1
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    if parts.database_gone is not None:
        print(
            f"DATABASE_PATH: {parts.database_gone}; the bot stopped so that the host restarts it",
            file=sys.stderr,
        )
        return 1
    log.info("stopped")
    return 0


def _exit_on_sigterm() -> Any:
    """Make SIGTERM exit 0 (not die) while starting; return the handler it replaces."""

    def stop(_signum: int, _frame: object) -> None:
        raise SystemExit(0)

    try:
        return signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread
        return None
