"""Fixtures of the bot's tests: a clean environment for eig-bot's entry point."""

from __future__ import annotations

from pathlib import Path

import pytest

VARIABLES = (
    "TELEGRAM_TOKEN",
    "TELEGRAM_BASE_URL",
    "ADMIN_IDS",
    "DATABASE_PATH",
    "KNOWLEDGE_DIR",
    "BOT_CLOCK_START",
    "LOG_LEVEL",
    "UNANSWERED_RETENTION_DAYS",
    "DATABASE_URL",
    "WEBHOOK_URL",
)


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, logging_restored: None) -> Path:
    """A clean environment with the database in tmp_path; logging restored afterwards."""
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    database = tmp_path / "data" / "bot.sqlite3"
    monkeypatch.setenv("DATABASE_PATH", str(database))
    return database
