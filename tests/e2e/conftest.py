"""End-to-end fixtures: the bot as its own process (`python -m bot`) against the fake Bot API
served over HTTP (tests/fakebot/http.py).

`server` is a fresh Bot API server per test; `launch(...)` starts the bot against it and
returns a BotProcess (stopped with SIGTERM by the test, killed at teardown if still running).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.botprocess import BotProcess, bot_environment
from tests.e2e.helpers import PACE, TOKEN
from tests.fakebot.http import BotAPIServer


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
    """launch(server, clock=..., admins=..., knowledge_dir=..., pace_scale=..., wait=True) -> a
    running bot (see tests/botprocess.py)."""
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
