"""The command line: `eig-bot` (Telegram), `eig-bot console` (terminal chat) and the staff commands.

It reads the settings and the knowledge, then hands over to bot/run.py; bot/wiring.py builds the bot.
The staff commands speak French unless `--lang en` (knowledge/cli_lang.py; their sentences in
bot/shell_texts.py), and print no log line unless `--verbose` or LOG_LEVEL asks for them.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys

from knowledge.cli_lang import LANGS, argparse_in, log_level, quiet_on_broken_pipe, run_lang, tool_options
from knowledge.loader import load_knowledge
from knowledge.yamlsource import KnowledgeError
from storage.database import DatabaseUnavailable

from .logs import configure_logging, console_log_level
from .run import run_console_app, run_staff, run_telegram
from .settings import Settings, SettingsError, parse_clock_start
from .shell_texts import shell_text
from .staff_cli import STAFF_COMMANDS, add_subcommands, missing_subcommand
from .wiring import make_clock

log = logging.getLogger("bot")


def _parser(lang: str) -> argparse.ArgumentParser:
    """The command line's parser, its help in `lang` (build it within argparse_in(lang))."""

    def helptext(key: str) -> str:
        return shell_text(lang, key)

    options = tool_options(lang)
    parser = argparse.ArgumentParser(prog="eig-bot", description=helptext("description"), parents=[options])
    clock = argparse.ArgumentParser(add_help=False)
    clock.add_argument("--clock-start", metavar="ISO-DATETIME", help=helptext("help_clock_start"))
    parser.add_argument(
        "--clock-start", metavar="ISO-DATETIME", dest="clock_start_run", help=helptext("help_clock_start_run")
    )
    sub = parser.add_subparsers(
        dest="command",
        metavar="{run,console,export-registrations,unanswered,reminders,learned,db}",
        title=helptext("commands"),
    )
    run = sub.add_parser("run", parents=[clock], help=helptext("help_run"))
    console = sub.add_parser("console", parents=[clock], help=helptext("help_console"))
    for command, key in ((run, "help_lang_run"), (console, "help_lang_console")):
        command.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS, help=helptext(key))
    console.add_argument("--admin", action="store_true", help=helptext("help_admin"))
    add_subcommands(sub, lang, options)
    return parser


@quiet_on_broken_pipe
def main(argv: list[str] | None = None) -> int:
    """Entry point of `eig-bot` and `python -m bot`; returns the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    lang = run_lang(argv)
    with argparse_in(lang):
        args = _parser(lang).parse_args(argv)
        if (status := missing_subcommand(args, lang)) is not None:
            return status
    args.lang = lang  # the run's language, wherever --lang was written
    command = args.command or "run"
    clock_option = getattr(args, "clock_start", None) or args.clock_start_run
    # a staff tool prints its result, and logs only when asked (--verbose, LOG_LEVEL)
    tool_level = log_level(getattr(args, "verbose", False)) if command in STAFF_COMMANDS else None
    configure_logging(tool_level or "INFO")
    try:
        settings = Settings.from_env(os.environ)
        start = parse_clock_start(clock_option, "--clock-start") if clock_option else settings.clock_start
    except SettingsError as error:
        print(error.text(lang), file=sys.stderr)
        return 2
    if command == "console":
        tool_level = console_log_level(os.environ, settings.log_level)
    configure_logging(
        tool_level or settings.log_level,
        secrets={
            "TELEGRAM_TOKEN": settings.telegram_token,
            "WEBHOOK_SECRET": settings.webhook_secret,
            "DATABASE_PASSWORD": settings.database_password,
        },
    )
    if command == "run" and not settings.has_token:
        print(shell_text(lang, "no_token"), file=sys.stderr)
        return 2
    try:
        knowledge = load_knowledge(settings.knowledge_dir)
    except KnowledgeError as error:
        for problem in error.problems:
            print(problem.text(lang), file=sys.stderr)
        print(
            shell_text(lang, "knowledge_problems", n=len(error.problems), folder=settings.knowledge_dir),
            file=sys.stderr,
        )
        return 1
    log.info("knowledge loaded: %d entries, %d events", len(knowledge.entries), len(knowledge.events))
    clock = make_clock(start)
    try:
        if command == "console":
            try:
                return asyncio.run(
                    run_console_app(
                        settings, knowledge, clock, sys.stdin, sys.stdout, admin=args.admin, lang=lang
                    )
                )
            except KeyboardInterrupt:  # Ctrl-C: leave as /quit does, without a traceback
                return 130
        if command in STAFF_COMMANDS:
            return asyncio.run(run_staff(args, settings, knowledge, clock))
        return run_telegram(settings, knowledge, clock, lang)
    except DatabaseUnavailable as error:  # raised when the store opens, before any update
        refusal = error.text(lang)
        print(
            shell_text(lang, "database_refused", variable=settings.database_variable, error=refusal),
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":
    sys.exit(main())
