"""Logging: one line per event, libraries kept at INFO or above, no update body ever logged."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

from telegram import Update

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
# Libraries that at DEBUG would print the token (httpx logs request URLs), SQL parameters
# (aiosqlite), whole updates or message texts (telegram, tornado): never below these levels.
QUIET_LOGGERS = {
    "aiosqlite": logging.INFO,
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "telegram": logging.INFO,
    "apscheduler": logging.INFO,
    "tornado": logging.INFO,
    "asyncio": logging.INFO,
}
# python-telegram-bot's loggers that put an update or its JSON in their records.
UPDATE_LOGGERS = ("telegram.ext.Updater", "telegram.ext.Application")
# What python-telegram-bot says when an update fails to parse (polling or webhook).
_PARSE_FAILURE = "data received from Telegram"
MAX_ARG_CHARS = 200
# The console's conversation and its log share the terminal: only warnings and errors show,
# unless LOG_LEVEL asks for more (or less).
CONSOLE_LOG_LEVEL = "WARNING"


class OneLineFormatter(logging.Formatter):
    """time level logger message, tracebacks folded onto the same line, secrets masked.

    python-telegram-bot puts the token in some error messages (e.g. a refused token).
    """

    secrets: dict[str, str] = {}  # variable name -> value, shown as <NAME>

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record).replace("\n", " | ")
        for name, secret in self.secrets.items():
            line = line.replace(secret, f"<{name}>")
        return line


class _Summary(str):
    """What stands for an update in a record; the same with %s and %r."""

    def __repr__(self) -> str:
        return str(self)


def _summary(value: Any) -> Any:
    """An update (object, parsed JSON or raw text) as its id and size; anything else as is."""
    if isinstance(value, Update):
        return _Summary(f"update {value.update_id}")
    if isinstance(value, Mapping):
        size = len(json.dumps(value, ensure_ascii=False, default=str).encode())
        return _Summary(f"update {value.get('update_id', '?')} ({size} bytes)")
    if isinstance(value, (str, bytes)) and len(value) > MAX_ARG_CHARS:
        return _Summary(f"<{len(value)} characters>")
    return value


class UpdateBodyFilter(logging.Filter):
    """Rewrites python-telegram-bot's records so that no update body, or part of one, is logged.

    An update that failed to parse keeps its id, size and the exception's type, not its text.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        args = (record.args,) if isinstance(record.args, Mapping) else record.args or ()
        summary = tuple(_summary(arg) for arg in args)  # logging unwraps a lone dict argument
        redacted = any(new is not old for new, old in zip(summary, args, strict=True))
        if redacted:
            record.args = summary
        if (redacted or _PARSE_FAILURE in str(record.msg)) and record.exc_info:
            error = record.exc_info[1]
            record.msg = f"{record.getMessage()} ({type(error).__name__})"
            record.args = None
            record.exc_info = record.exc_text = None
        return True


_UPDATE_FILTER = UpdateBodyFilter()


def redact_update_bodies() -> None:
    """Put the filter on python-telegram-bot's loggers that log updates; idempotent."""
    for name in UPDATE_LOGGERS:
        logging.getLogger(name).addFilter(_UPDATE_FILTER)


def console_log_level(environ: Mapping[str, str], configured: str) -> str:
    """The console's log level: `configured` (Settings.log_level) when LOG_LEVEL is set, else WARNING."""
    return configured if environ.get("LOG_LEVEL") else CONSOLE_LOG_LEVEL


def configure_logging(
    level: str = "INFO",
    secrets: Mapping[str, str | None] | None = None,
) -> None:
    """One line per event on stderr; libraries never below their floor; idempotent."""
    root = logging.getLogger()
    formatters = [h.formatter for h in root.handlers if isinstance(h.formatter, OneLineFormatter)]
    if not formatters:
        handler = logging.StreamHandler()
        formatter = OneLineFormatter(LOG_FORMAT)
        handler.setFormatter(formatter)
        root.addHandler(handler)
        formatters = [formatter]
    for formatter in formatters:
        formatter.secrets = {name: value for name, value in (secrets or {}).items() if value}
    root.setLevel(level)
    for name, floor in QUIET_LOGGERS.items():
        logging.getLogger(name).setLevel(max(floor, logging.getLevelName(level)))
    redact_update_bodies()
