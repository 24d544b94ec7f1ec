"""Logs: libraries stay at INFO or above whatever LOG_LEVEL says, and no update body is logged."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from telegram import Update

from bot import logs
from bot import telegram as front
from bot.core import Core
from bot.settings import Settings
from bot.webhook import webhook_options
from knowledge.model import PARIS
from storage.store import Person, open_store
from tests.bot.test_webhook import SECRET, free_port, post, webhook_settings
from tests.fakebot import OfflineRequest
from tests.helpers import TOKEN

LIBRARIES = (
    "aiosqlite",
    "httpx",
    "httpcore",
    "telegram",
    "telegram.ext.Updater",
    "apscheduler",
    "tornado",
    "tornado.general",
    "asyncio",
)
SECRET_TEXT = "mon secret : jean.dupont@example.fr"


@pytest.fixture(autouse=True)
def restored_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    levels = {name: logging.getLogger(name).level for name in logs.QUIET_LOGGERS}
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, old in levels.items():
        logging.getLogger(name).setLevel(old)


def logged(caplog: pytest.LogCaptureFixture) -> str:
    """Every captured record as the bot's handler would write it, tracebacks included."""
    formatter = logs.OneLineFormatter(logs.LOG_FORMAT)
    return "\n".join(formatter.format(record) for record in caplog.records)


@pytest.mark.parametrize("level", ["DEBUG", "INFO"])
def test_every_library_stays_at_info_or_above_whatever_log_level_says(level: str) -> None:
    logs.configure_logging(level)
    for name in LIBRARIES:
        assert logging.getLogger(name).getEffectiveLevel() >= logging.INFO, name
    assert logging.getLogger("bot").getEffectiveLevel() == logging.getLevelName(level)


def test_configuring_twice_keeps_one_handler_and_the_floors() -> None:
    logs.configure_logging("DEBUG")
    logs.configure_logging("DEBUG")
    assert logging.getLogger("httpx").getEffectiveLevel() == logging.WARNING
    assert logging.getLogger("telegram.ext").getEffectiveLevel() == logging.INFO
    ours = [h for h in logging.getLogger().handlers if isinstance(h.formatter, logs.OneLineFormatter)]
    assert len(ours) == 1


def test_log_lines_are_one_line_per_event() -> None:
    formatter = logs.OneLineFormatter(logs.LOG_FORMAT)
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("bot", logging.ERROR, __file__, 1, "failed", None, sys.exc_info())
    line = formatter.format(record)
    assert "\n" not in line and " ERROR bot failed | Traceback" in line


async def test_at_debug_the_database_logs_no_sql_parameters(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    logs.configure_logging("DEBUG")
    store = await open_store(tmp_path / "bot.sqlite3")
    when = datetime(2022, 3, 20, 10, 0, tzinfo=PARIS)
    await store.record_unanswered("une question très confidentielle", None, None, when)
    await store.register(Person(987654, "Philomène", "philo", "fr"), "webinar-2022-03-24", None, when)
    await store.close()
    text = logged(caplog)
    for private in ("confidentielle", "Philomène", "philo", "987654", "INSERT"):
        assert private not in text


def test_an_update_in_a_library_record_is_logged_by_its_id_only(caplog: pytest.LogCaptureFixture) -> None:
    logs.configure_logging("INFO")
    update = Update.de_json(
        {
            "update_id": 41,
            "message": {
                "message_id": 1,
                "date": 0,
                "text": SECRET_TEXT,
                "chat": {"id": 5, "type": "private"},
                "from": {"id": 5, "is_bot": False, "first_name": "Jean"},
            },
        },
        None,
    )
    logging.getLogger("telegram.ext.Application").critical(
        "Error while building CallbackContext for update %s. Update will not be processed.", update
    )
    assert "for update update 41. Update will not be processed." in caplog.text
    assert "secret" not in logged(caplog) and "Jean" not in logged(caplog)


async def test_a_malformed_webhook_update_is_logged_by_size_and_id_never_whole(
    core: Core, caplog: pytest.LogCaptureFixture
) -> None:
    logs.configure_logging("DEBUG")
    api = OfflineRequest()
    application = front.build_application(
        Settings(telegram_token=TOKEN), core, request=api, get_updates_request=api
    )
    port = free_port()
    options = webhook_options(webhook_settings(port), listen="127.0.0.1")
    malformed = {
        "update_id": 77,
        "message": {"message_id": 1, "date": 0, "chat": "not a chat", "text": SECRET_TEXT * 1000},
    }
    size = len(json.dumps(malformed, ensure_ascii=False).encode())
    async with application:
        await application.updater.start_webhook(**options)
        await application.start()
        try:
            response = await asyncio.to_thread(post, f"http://127.0.0.1:{port}/hook", SECRET, malformed)
        finally:
            await application.updater.stop()
            await application.stop()
    assert response.status_code == 400
    text = logged(caplog)
    assert "secret" not in text and "jean.dupont" not in text
    [record] = [r for r in caplog.records if "not* processed" in r.getMessage()]
    assert record.getMessage().endswith(f"Received data was: update 77 ({size} bytes) (TypeError)")
    assert len(logs.OneLineFormatter(logs.LOG_FORMAT).format(record)) < 400
