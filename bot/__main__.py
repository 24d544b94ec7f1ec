"""Composition root: `eig-bot` (Telegram) and `eig-bot console` (terminal chat)."""
from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from datetime import datetime
from typing import TextIO

from telegram.error import InvalidToken, TelegramError

from knowledge.clock import Clock, RehearsalClock, SystemClock
from knowledge.loader import load_knowledge
from knowledge.model import Knowledge
from knowledge.yamlsource import KnowledgeError
from reminders.store import Store

from .console import run_console
from .core import Core
from .settings import Settings, SettingsError, parse_clock_start
from .telegram import build_application

log = logging.getLogger("bot")

NO_TOKEN = ("TELEGRAM_TOKEN is not set: get a token from @BotFather, "
            "or chat in the terminal with: eig-bot console")
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
# Loggers that would print the token (httpx logs request URLs) or whole updates at DEBUG.
QUIET_LOGGERS = {"httpx": logging.WARNING, "httpcore": logging.WARNING,
                 "telegram": logging.INFO, "apscheduler": logging.INFO}


class OneLineFormatter(logging.Formatter):
    """time level logger message, tracebacks folded onto the same line, secrets masked.

    python-telegram-bot puts the token in some error messages (e.g. a refused token).
    """

    secrets: tuple[str, ...] = ()

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record).replace("\n", " | ")
        for secret in self.secrets:
            line = line.replace(secret, "<TELEGRAM_TOKEN>")
        return line


def configure_logging(level: str = "INFO", secrets: tuple[str, ...] = ()) -> None:
    """One line per event on stderr; idempotent."""
    root = logging.getLogger()
    formatters = [h.formatter for h in root.handlers if isinstance(h.formatter, OneLineFormatter)]
    if not formatters:
        handler = logging.StreamHandler()
        handler.setFormatter(OneLineFormatter(LOG_FORMAT))
        root.addHandler(handler)
        formatters = [handler.formatter]
    for formatter in formatters:
        formatter.secrets = tuple(s for s in secrets if s)
    root.setLevel(level)
    for name, floor in QUIET_LOGGERS.items():
        logging.getLogger(name).setLevel(max(floor, logging.getLevelName(level)))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="eig-bot", description="EIG assistant: the Telegram bot, or a chat in the terminal.")
    clock = argparse.ArgumentParser(add_help=False)
    clock.add_argument("--clock-start", metavar="ISO-DATETIME",
                       help="pretend the bot starts at this instant (Paris time if naive); "
                            "overrides BOT_CLOCK_START")
    parser.add_argument("--clock-start", metavar="ISO-DATETIME", dest="clock_start_run",
                        help="same as `run --clock-start`")
    sub = parser.add_subparsers(dest="command", metavar="{run,console}")
    sub.add_parser("run", parents=[clock], help="run the Telegram bot (the default)")
    sub.add_parser("console", parents=[clock], help="chat with the bot in the terminal")
    return parser


def _clock(start: datetime | None) -> Clock:
    if start is None:
        return SystemClock()
    log.info("rehearsal clock starting at %s", start.isoformat())
    return RehearsalClock(start)


async def run_console_app(settings: Settings, knowledge: Knowledge, clock: Clock,
                          stdin: TextIO, stdout: TextIO) -> int:
    store = await Store.open(settings.database_path)
    try:
        await run_console(Core(knowledge, clock, store, settings.admin_ids), stdin, stdout)
    finally:
        await store.close()
    return 0


def run_telegram(settings: Settings, knowledge: Knowledge, clock: Clock) -> int:
    """Poll Telegram until stopped (Ctrl-C, SIGTERM); the store closes on shutdown."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)  # run_polling() reuses this loop
    store = loop.run_until_complete(Store.open(settings.database_path))

    async def close_store(_application: object) -> None:
        await store.close()

    core = Core(knowledge, clock, store, settings.admin_ids)
    application = build_application(settings, core, post_shutdown=close_store)
    try:
        application.run_polling()
    except InvalidToken:
        print("TELEGRAM_TOKEN was refused by Telegram: copy it again from @BotFather",
              file=sys.stderr)
        return 2
    except TelegramError as error:
        print(f"cannot reach the Telegram Bot API: {error}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of `eig-bot` and `python -m bot`; returns the exit status."""
    args = _parser().parse_args(argv)
    command = args.command or "run"
    clock_option = getattr(args, "clock_start", None) or args.clock_start_run
    configure_logging()
    try:
        settings = Settings.from_env(os.environ)
        start = (parse_clock_start(clock_option, "--clock-start") if clock_option
                 else settings.clock_start)
    except SettingsError as error:
        print(error, file=sys.stderr)
        return 2
    configure_logging(settings.log_level, secrets=(settings.telegram_token or "",))
    if command == "run" and not settings.has_token:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    try:
        knowledge = load_knowledge(settings.knowledge_dir)
    except KnowledgeError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"{len(error.problems)} problem(s) in {settings.knowledge_dir}", file=sys.stderr)
        return 1
    log.info("knowledge loaded: %d entries, %d events", len(knowledge.entries),
             len(knowledge.events))
    clock = _clock(start)
    if command == "console":
        return asyncio.run(run_console_app(settings, knowledge, clock, sys.stdin, sys.stdout))
    return run_telegram(settings, knowledge, clock)


if __name__ == "__main__":
    sys.exit(main())
