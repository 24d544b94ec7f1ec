"""End-to-end fixtures: the bot as its own process (`python -m bot`) against tests/botapi.py.

`server` is a fresh Bot API server per test; `launch(...)` starts the bot against it and
returns a BotProcess (stopped with SIGTERM by the test, killed at teardown if still running).
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from knowledge.model import PARIS
from storage.store import Person, Store
from tests.botapi import DEFAULT_TOKEN, BotAPIServer

ROOT = Path(__file__).resolve().parents[2]
TOKEN = DEFAULT_TOKEN
ADMIN = 1
REMINDER_PREFIX = "⏰"
# Variables of the developer's shell that would change what the bot does.
CLEARED = (
    "ADMIN_IDS",
    "KNOWLEDGE_DIR",
    "BOT_CLOCK_START",
    "WEBHOOK_URL",
    "PORT",
    "WEBHOOK_SECRET",
    "TELEGRAM_TOKEN",
    "TELEGRAM_BASE_URL",
    "DATABASE_PATH",
    "LOG_LEVEL",
)


def bot_environment(
    server: BotAPIServer,
    database: Path,
    *,
    clock: str | None = None,
    admins: Iterable[int] = (ADMIN,),
    knowledge_dir: Path | None = None,
    extra: dict[str, str] | None = None,
) -> dict[str, str]:
    environ = {
        name: value
        for name, value in os.environ.items()
        if not name.lower().endswith("_proxy") and name not in CLEARED
    }
    environ.update(
        {
            "TELEGRAM_TOKEN": TOKEN,
            "TELEGRAM_BASE_URL": server.base_url,
            "DATABASE_PATH": str(database),
            "LOG_LEVEL": "INFO",
            "ADMIN_IDS": ",".join(str(a) for a in admins),
            "NO_PROXY": "127.0.0.1,localhost",
            "PYTHONUNBUFFERED": "1",
        }
    )
    if clock:
        environ["BOT_CLOCK_START"] = clock
    if knowledge_dir is not None:
        environ["KNOWLEDGE_DIR"] = str(knowledge_dir)
    environ.update(extra or {})
    return environ


class BotProcess:
    """One `python -m bot` process; its stderr (the log) goes to a file."""

    def __init__(self, server: BotAPIServer, environ: dict[str, str], log_path: Path):
        self.server = server
        self.environ = environ
        self.log_path = log_path
        self.process: subprocess.Popen | None = None
        self.started_at = 0.0  # time.monotonic() at launch

    def start(self, wait: bool = True, timeout: float = 60.0) -> BotProcess:
        polls = self.server.polls
        self._log = self.log_path.open("w", encoding="utf-8")
        self.started_at = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot"],
            cwd=ROOT,
            env=self.environ,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        if wait:
            self.server.wait_for(
                lambda: self.process.poll() is not None or self.server.polls > polls,
                timeout,
                "the bot to poll",
            )
            self.assert_alive()
        return self

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def assert_alive(self) -> None:
        assert self.running, f"the bot exited with {self.process.returncode}:\n{self.log()}"

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    def log_lines(self, level: str) -> list[str]:
        return [line for line in self.log().splitlines() if f" {level} " in line]

    def stop(self, timeout: float = 20.0) -> int:
        """SIGTERM, then the exit status (the process is killed if it does not exit in time)."""
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(f"the bot did not exit within {timeout} s of SIGTERM") from None
        finally:
            self._log.close()

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)
        if not self._log.closed:
            self._log.close()


# The overall limit the e2e servers enforce: 60 messages in any second. The bot paces itself
# at 30 messages/s with AIORateLimiter, a leaky bucket that lets a burst of 30 through on top
# of its 30/s; a strict 30-in-any-second window refuses some of those (benchmarks/fanout.py
# measures it), and the bot does not wait out a 429 on a reply (test_drills.py,
# test_a_429_on_a_reply_is_waited_out). 60 in any second is what that limiter can send at
# most, so a test sees only the 429s it scripts.
PACE = 60


@pytest.fixture
def server() -> Iterator[BotAPIServer]:
    """For conversations: no per-chat window (a reply with an .ics is two messages at once,
    which Telegram allows in a burst), and the overall limit at PACE."""
    with BotAPIServer(TOKEN, global_limit=PACE, per_chat_window=0) as api:
        yield api


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "data" / "bot.sqlite3"


@pytest.fixture
def launch(tmp_path: Path, database: Path) -> Iterator[Callable[..., BotProcess]]:
    """launch(server, clock=..., admins=..., knowledge_dir=..., wait=True) -> a running bot."""
    started: list[BotProcess] = []

    def start(
        server: BotAPIServer, *, wait: bool = True, db: Path | None = None, **options: Any
    ) -> BotProcess:
        environ = bot_environment(server, db or database, **options)
        bot = BotProcess(server, environ, tmp_path / f"bot-{len(started) + 1}.log")
        started.append(bot)
        return bot.start(wait=wait)

    yield start
    for bot in started:
        bot.kill()


# -- the database, as the test sees it ---------------------------------------------------------
SUBSCRIBED_AT = datetime(2022, 4, 1, 12, tzinfo=PARIS)


def seed_subscribers(
    database: Path,
    user_ids: Iterable[int],
    event_id: str = "applications-close",
    at: datetime = SUBSCRIBED_AT,
) -> None:
    """Users subscribed to a deadline's reminders, written with the bot's own Store."""

    async def seed() -> None:
        store = await Store.open(database)
        try:
            for user_id in user_ids:
                await store.save_user(Person(user_id, f"User{user_id}", None, "fr"), at)
                await store.subscribe(user_id, event_id, at)
        finally:
            await store.close()

    asyncio.run(seed())


def query(database: Path, sql: str, *params: Any) -> list[tuple]:
    connection = sqlite3.connect(database, timeout=30)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def reminders_per_chat(server: BotAPIServer) -> dict[int, int]:
    """How many reminders each chat received (accepted by the server)."""
    counts: dict[int, int] = {}
    for message in server.messages():
        if message.plain.startswith(REMINDER_PREFIX):
            counts[message.chat_id] = counts.get(message.chat_id, 0) + 1
    return counts
