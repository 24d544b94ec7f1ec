"""The bot's settings, read once from the environment; every bad value is one clear line."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from knowledge.clock import parse_instant
from knowledge.loader import DEFAULT_DIR
from knowledge.said import Refusal
from reminders.dispatch import CLAIM_TIMEOUT
from storage.database import URL_EXAMPLE, url_problem
from storage.interface import DEFAULT_POOL_SIZE
from storage.retention import DEFAULT_RETENTION_DAYS

from .settings_texts import say

DEFAULT_DATABASE = Path("data/eig-assistant.sqlite3")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# Loose on purpose: digits, a colon, then letters, digits, '_' or '-'.
_TOKEN = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
# What Telegram accepts as a webhook secret_token.
_WEBHOOK_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
DEFAULT_WEBHOOK_PORT = 8443
MAX_RETENTION_DAYS = 3650
MAX_POOL_SIZE = 100
TELEGRAM_RATE = 30  # messages a second Telegram accepts from one bot, all its processes together


class SettingsError(Refusal, ValueError):
    """A setting that cannot be used; its message (`text(lang)`) is one line naming the variable
    and the fix."""


@dataclass(frozen=True)
class Settings:
    """What the process needs to know about its environment. The token is never shown."""

    telegram_token: str | None = field(default=None, repr=False)
    telegram_base_url: str | None = None
    admin_ids: frozenset[int] = frozenset()
    database_path: Path = DEFAULT_DATABASE
    database_url: str | None = field(default=None, repr=False)  # has a password
    database_pool_size: int = DEFAULT_POOL_SIZE
    knowledge_dir: Path = DEFAULT_DIR
    clock_start: datetime | None = None
    log_level: str = "INFO"
    webhook_url: str | None = None
    port: int | None = None
    webhook_secret: str | None = field(default=None, repr=False)
    unanswered_retention_days: int = DEFAULT_RETENTION_DAYS
    reminder_claim_seconds: int = int(CLAIM_TIMEOUT.total_seconds())
    send_rate: int = TELEGRAM_RATE  # this process's share of it

    @property
    def has_token(self) -> bool:
        return bool(self.telegram_token)

    @property
    def database(self) -> str | Path:
        """What the store opens: DATABASE_URL (PostgreSQL) if set, else DATABASE_PATH."""
        return self.database_url or self.database_path

    @property
    def database_password(self) -> str | None:
        """DATABASE_URL's password, masked in the logs."""
        return urlsplit(self.database_url).password if self.database_url else None

    @property
    def database_variable(self) -> str:
        """The variable that named the database, for messages about it."""
        return "DATABASE_URL" if self.database_url else "DATABASE_PATH"

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Settings:
        """Read and check every variable; raise SettingsError on the first bad one."""

        def get(name: str) -> str | None:
            value = (environ.get(name) or "").strip()
            return value or None

        token = get("TELEGRAM_TOKEN")
        if token is not None and not _TOKEN.match(token):
            # Never echo the value: it may be a real token with a stray character.
            raise SettingsError(say("bad_token"))
        base_url = get("TELEGRAM_BASE_URL")
        if base_url is not None:
            base_url = parse_base_url(base_url, "TELEGRAM_BASE_URL")
        clock = get("BOT_CLOCK_START")
        knowledge_dir = get("KNOWLEDGE_DIR")
        webhook_url = get("WEBHOOK_URL")
        if webhook_url is not None:
            webhook_url = parse_webhook_url(webhook_url)
        port = get("PORT")
        secret = get("WEBHOOK_SECRET")
        retention = get("UNANSWERED_RETENTION_DAYS")
        database_url = get("DATABASE_URL")
        if database_url is not None:
            database_url = parse_database_url(database_url, get("DATABASE_PATH"))
        pool_size = get("DATABASE_POOL_SIZE")
        claim = get("REMINDER_CLAIM_SECONDS")
        rate = get("SEND_RATE")
        return cls(
            telegram_token=token,
            telegram_base_url=base_url,
            admin_ids=parse_admin_ids(get("ADMIN_IDS") or ""),
            database_path=Path(get("DATABASE_PATH") or DEFAULT_DATABASE),
            database_url=database_url,
            database_pool_size=parse_pool_size(pool_size) if pool_size else DEFAULT_POOL_SIZE,
            knowledge_dir=parse_knowledge_dir(knowledge_dir) if knowledge_dir else DEFAULT_DIR,
            clock_start=parse_clock_start(clock, "BOT_CLOCK_START") if clock else None,
            log_level=parse_log_level(get("LOG_LEVEL") or "INFO"),
            webhook_url=webhook_url,
            port=parse_port(port) if port else (DEFAULT_WEBHOOK_PORT if webhook_url else None),
            webhook_secret=parse_webhook_secret(secret) if secret is not None else None,
            unanswered_retention_days=(
                parse_retention_days(retention) if retention else DEFAULT_RETENTION_DAYS
            ),
            reminder_claim_seconds=(
                parse_count(claim, "REMINDER_CLAIM_SECONDS", "unit_seconds", 3600, 120)
                if claim
                else int(CLAIM_TIMEOUT.total_seconds())
            ),
            send_rate=parse_count(rate, "SEND_RATE", "unit_messages_a_second", TELEGRAM_RATE, 15)
            if rate
            else TELEGRAM_RATE,
        )


def parse_admin_ids(value: str) -> frozenset[int]:
    """'12, 34' -> {12, 34}; empty items are ignored."""
    ids = set()
    for item in value.split(","):
        item = item.strip()
        if not item:
            continue
        if not item.isascii() or not item.isdigit() or int(item) <= 0:
            raise SettingsError(say("bad_admin_id", item=item[:40]))
        ids.add(int(item))
    return frozenset(ids)


def parse_database_url(value: str, path: str | None = None) -> str:
    """A PostgreSQL address, e.g. postgresql://user:password@host:5432/db; never shown whole."""
    if path is not None:
        raise SettingsError(say("both_databases"))
    problem = url_problem(value)
    if problem is not None:
        # Never echo the value: it may hold a password.
        raise SettingsError(say("bad_database_url", problem=problem, example=URL_EXAMPLE))
    return value


def parse_pool_size(value: str) -> int:
    """How many connections to PostgreSQL the process keeps at most: 1-100."""
    return parse_count(value, "DATABASE_POOL_SIZE", "unit_connections", MAX_POOL_SIZE, DEFAULT_POOL_SIZE)


def parse_base_url(value: str, name: str = "TELEGRAM_BASE_URL") -> str:
    """A Bot API server address with its scheme, e.g. http://127.0.0.1:8081."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SettingsError(say("bad_base_url", name=name, value=value[:80]))
    return value


def parse_knowledge_dir(value: str) -> Path:
    """An existing folder."""
    path = Path(value)
    if not path.is_dir():
        raise SettingsError(say("bad_knowledge_dir", value=value[:80]))
    return path


def parse_webhook_url(value: str) -> str:
    """The public address Telegram posts updates to, e.g. https://bot.example.org/telegram."""
    try:
        parts = urlsplit(value)
        valid = (
            parts.scheme in ("http", "https")
            and bool(parts.hostname)
            and " " not in value
            and not parts.query
            and not parts.fragment
            and parts.port != 0
        )
    except ValueError:  # a port that is not a number, a broken [IPv6] address
        valid = False
    if not valid:
        raise SettingsError(say("bad_webhook_url", value=value[:80]))
    return value


def parse_port(value: str) -> int:
    """A TCP port, 1-65535."""
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= 65535:
        raise SettingsError(say("bad_port", value=value[:20]))
    return int(value)


def parse_webhook_secret(value: str) -> str:
    """What Telegram allows: 1 to 256 letters, digits, '_' or '-'."""
    if not _WEBHOOK_SECRET.match(value):
        # Never echo the value: it is a secret.
        raise SettingsError(say("bad_webhook_secret"))
    return value


def parse_retention_days(value: str) -> int:
    """How many days unanswered questions are kept: a whole number, 1-3650."""
    return parse_count(value, "UNANSWERED_RETENTION_DAYS", "unit_days", MAX_RETENTION_DAYS, 90)


def parse_count(value: str, name: str, unit: str, maximum: int, example: int) -> int:
    """A whole number from 1 to `maximum`; `unit` is a key of the catalogue ("unit_days")."""
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= maximum:
        raise SettingsError(
            say("bad_count", name=name, value=value[:20], unit=say(unit), maximum=maximum, example=example)
        )
    return int(value)


def parse_clock_start(value: str, name: str = "BOT_CLOCK_START") -> datetime:
    """An ISO date-time; naive values are Paris time."""
    try:
        return parse_instant(value)
    except ValueError:
        raise SettingsError(say("bad_clock", name=name, value=value[:40])) from None


def parse_log_level(value: str) -> str:
    level = value.upper()
    if level not in LOG_LEVELS or not isinstance(logging.getLevelName(level), int):
        raise SettingsError(say("bad_log_level", value=value[:20], levels=", ".join(LOG_LEVELS)))
    return level


def bot_urls(base_url: str) -> tuple[str, str]:
    """http://host:port[/][bot] -> ('http://host:port/bot', 'http://host:port/file/bot').

    python-telegram-bot appends the token to both.
    """
    root = base_url.strip().rstrip("/")
    if root.endswith("/bot"):
        root = root[: -len("/bot")]
    root = root.rstrip("/")
    return f"{root}/bot", f"{root}/file/bot"
