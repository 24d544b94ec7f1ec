"""The command line: `eig-bot` (Telegram), `eig-bot console` (terminal chat) and the staff commands.

It reads the settings and the knowledge, then hands over to bot/run.py; bot/wiring.py builds the bot.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys

from knowledge.loader import load_knowledge
from knowledge.yamlsource import KnowledgeError
from storage.database import DatabaseUnavailable

from .logs import configure_logging, console_log_level
from .run import run_console_app, run_staff, run_telegram
from .settings import Settings, SettingsError, parse_clock_start
from .staff_cli import STAFF_COMMANDS, add_subcommands, missing_subcommand
from .wiring import make_clock

log = logging.getLogger("bot")

NO_TOKEN = (
    "TELEGRAM_TOKEN is not set: get a token from @BotFather, or chat in the terminal with: eig-bot console"
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="eig-bot", description="EIG assistant: the Telegram bot, or a chat in the terminal."
    )
    clock = argparse.ArgumentParser(add_help=False)
    clock.add_argument(
        "--clock-start",
        metavar="ISO-DATETIME",
        help="pretend the bot starts at this instant (Paris time if naive); overrides BOT_CLOCK_START",
    )
    parser.add_argument(
        "--clock-start", metavar="ISO-DATETIME", dest="clock_start_run", help="same as `run --clock-start`"
    )
    sub = parser.add_subparsers(
        dest="command", metavar="{run,console,export-registrations,unanswered,reminders,learned,db}"
    )
    sub.add_parser("run", parents=[clock], help="run the Telegram bot (the default)")
    console = sub.add_parser("console", parents=[clock], help="chat with the bot in the terminal")
    console.add_argument("--admin", action="store_true", help="be staff here: try the staff commands")
    add_subcommands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of `eig-bot` and `python -m bot`; returns the exit status."""
    args = _parser().parse_args(argv)
    if (status := missing_subcommand(args)) is not None:
        return status
    command = args.command or "run"
    clock_option = getattr(args, "clock_start", None) or args.clock_start_run
    configure_logging()
    try:
        settings = Settings.from_env(os.environ)
        start = parse_clock_start(clock_option, "--clock-start") if clock_option else settings.clock_start
    except SettingsError as error:
        print(error, file=sys.stderr)
        return 2
    configure_logging(
        console_log_level(os.environ, settings.log_level) if command == "console" else settings.log_level,
        secrets={
            "TELEGRAM_TOKEN": settings.telegram_token,
            "WEBHOOK_SECRET": settings.webhook_secret,
            "DATABASE_PASSWORD": settings.database_password,
        },
    )
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
    log.info("knowledge loaded: %d entries, %d events", len(knowledge.entries), len(knowledge.events))
    clock = make_clock(start)
    try:
        if command == "console":
            try:
                return asyncio.run(
                    run_console_app(settings, knowledge, clock, sys.stdin, sys.stdout, admin=args.admin)
                )
            except KeyboardInterrupt:  # Ctrl-C: leave as /quit does, without a traceback
                return 130
        if command in STAFF_COMMANDS:
            return asyncio.run(run_staff(args, settings, knowledge, clock))
        return run_telegram(settings, knowledge, clock)
    except DatabaseUnavailable as error:  # raised when the store opens, before any update
        print(f"{settings.database_variable}: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
