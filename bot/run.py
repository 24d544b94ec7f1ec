"""Running what bot/wiring.py builds until it stops: on Telegram (polling or webhook), in a
terminal, or one staff command; each returns the process's exit status."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
from dataclasses import replace
from datetime import timedelta
from typing import Any, TextIO

from telegram.error import InvalidToken, TelegramError

from knowledge.clock import Clock
from knowledge.model import Knowledge

from .console import CONSOLE_USER, Console, run_console
from .console_reminders import console_reminders
from .settings import Settings
from .shell_texts import shell_text
from .staff_cli import database_copy, run_staff_command
from .webhook import webhook_options
from .wiring import build_bot, open_store

log = logging.getLogger("bot")


def run_telegram(settings: Settings, knowledge: Knowledge, clock: Clock, lang: str = "fr") -> int:
    """Poll Telegram, or serve the webhook when WEBHOOK_URL is set, until SIGTERM or Ctrl-C.

    On a stop signal, python-telegram-bot stops taking updates, finishes the ones in hand,
    then post_shutdown stops the watcher and closes the store; the exit status is 0. If the
    database file is deleted or replaced while running, the same stop happens and the exit
    status is 1. A database that cannot be opened raises DatabaseUnavailable. What it prints
    to the terminal is in `lang`.
    """
    previous = _exit_on_sigterm()  # until python-telegram-bot handles the stop signals
    try:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)  # run_polling() / run_webhook() reuse this loop
        try:
            store = loop.run_until_complete(open_store(settings))
        except BaseException:  # DatabaseUnavailable: main() prints it
            loop.close()
            raise
        parts = build_bot(settings, knowledge, clock, store)
        application = parts.application
        assert application is not None  # built with telegram=True
        if settings.webhook_url:
            options = webhook_options(settings)
            log.info("serving the webhook on port %s", options["port"])
            application.run_webhook(**options)
        else:
            application.run_polling()
    except InvalidToken:
        print(shell_text(lang, "token_refused"), file=sys.stderr)
        return 2
    except TelegramError as error:
        print(shell_text(lang, "no_bot_api", error=error), file=sys.stderr)
        return 1
    except OSError as error:  # the webhook's port is taken or not allowed
        print(
            shell_text(lang, "port_refused", port=settings.port, error=error.strerror or error),
            file=sys.stderr,
        )
        return 1
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    if parts.database_gone is not None:
        print(shell_text(lang, "database_gone", gone=parts.database_gone.text(lang)), file=sys.stderr)
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


async def run_console_app(
    settings: Settings,
    knowledge: Knowledge,
    clock: Clock,
    stdin: TextIO,
    stdout: TextIO,
    *,
    admin: bool = False,
    lang: str | None = None,
) -> int:
    """Chat in the terminal until end of input or /quit: knowledge edits served as they are
    saved, the console person's reminders shown at their time; with `admin`, that person is staff;
    `lang` is that person's language (as Telegram would give it: "fr", "en")."""
    if admin:
        settings = replace(settings, admin_ids=settings.admin_ids | {CONSOLE_USER.id})
    store = await open_store(settings)
    parts = build_bot(settings, knowledge, clock, store, telegram=False)
    await parts.core.context.load_learned()  # the phrasings staff accepted, over the YAML
    await parts.retention.purge_or_log()
    watching = asyncio.create_task(parts.watcher.run(), name="knowledge-watcher")

    async def remind(console: Console) -> None:
        """The console person's reminders: those missed since the last time, then at their time."""
        reminders = console_reminders(
            console,
            store,
            clock,
            lambda: parts.core.context.knowledge,
            timedelta(seconds=settings.reminder_claim_seconds),
        )
        parts.reminders = reminders  # rebuilt on a knowledge edit, stopped below
        await reminders.start()

    try:
        user = replace(CONSOLE_USER, language=lang or CONSOLE_USER.language)
        await run_console(parts.core, stdin, stdout, user, started=remind)
    finally:
        if parts.reminders is not None:
            await parts.reminders.stop()
        watching.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watching
        await store.close()
    return 0


async def run_staff(args: argparse.Namespace, settings: Settings, knowledge: Knowledge, clock: Clock) -> int:
    """One staff command of the shell (export-registrations, unanswered, reminders plan, db copy)."""
    if args.command == "db":  # from the SQLite file, not from the store the settings name
        return await database_copy(
            args.source or (None if settings.database_url else settings.database_path),
            args.to,
            lang=args.lang,
        )
    store = await open_store(settings)
    try:
        return await run_staff_command(args, store, knowledge, clock, settings.knowledge_dir)
    finally:
        await store.close()
