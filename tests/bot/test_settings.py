"""Settings come from the environment once; a bad value is one line naming the variable."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from bot.settings import DEFAULT_DATABASE, DEFAULT_WEBHOOK_PORT, Settings, SettingsError, bot_urls
from knowledge.loader import DEFAULT_DIR
from knowledge.model import PARIS

TOKEN = "123456789:AAEfake-token_for_tests"


def error_for(**environ: str) -> str:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env(environ)
    return str(caught.value)


def test_an_empty_environment_gives_the_defaults() -> None:
    settings = Settings.from_env({})
    assert settings.telegram_token is None and not settings.has_token
    assert settings.telegram_base_url is None
    assert settings.admin_ids == frozenset()
    assert settings.database_path == DEFAULT_DATABASE == Path("data/eig-assistant.sqlite3")
    assert settings.knowledge_dir == DEFAULT_DIR
    assert settings.clock_start is None
    assert settings.log_level == "INFO"
    assert settings.webhook_url is None and settings.port is None
    assert settings.webhook_secret is None
    assert settings.unanswered_retention_days == 90


def test_every_variable_is_read(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {
            "TELEGRAM_TOKEN": TOKEN,
            "TELEGRAM_BASE_URL": "http://127.0.0.1:8081",
            "ADMIN_IDS": " 12, 34,",
            "DATABASE_PATH": "/tmp/eig.sqlite3",
            "KNOWLEDGE_DIR": str(tmp_path),
            "BOT_CLOCK_START": "2022-04-18T09:00",
            "LOG_LEVEL": "debug",
            "WEBHOOK_URL": "https://bot.example.org/telegram",
            "PORT": "8080",
            "WEBHOOK_SECRET": "s3cret_-X",
            "UNANSWERED_RETENTION_DAYS": "30",
            "REMINDER_CLAIM_SECONDS": "45",
            "SEND_RATE": "15",
        }
    )
    assert settings.telegram_token == TOKEN
    assert settings.telegram_base_url == "http://127.0.0.1:8081"
    assert settings.admin_ids == {12, 34}
    assert settings.database_path == Path("/tmp/eig.sqlite3")
    assert settings.knowledge_dir == tmp_path
    assert settings.clock_start == datetime(2022, 4, 18, 9, 0, tzinfo=PARIS)
    assert settings.log_level == "DEBUG"
    assert settings.webhook_url == "https://bot.example.org/telegram"
    assert settings.port == 8080
    assert settings.webhook_secret == "s3cret_-X"
    assert settings.unanswered_retention_days == 30
    assert settings.reminder_claim_seconds == 45
    assert settings.send_rate == 15


def test_a_webhook_listens_on_8443_unless_port_says_otherwise() -> None:
    settings = Settings.from_env({"WEBHOOK_URL": "https://bot.example.org/"})
    assert settings.port == DEFAULT_WEBHOOK_PORT == 8443
    assert Settings.from_env({"WEBHOOK_URL": "http://127.0.0.1:9000/hook"}).port == 8443
    assert Settings.from_env({"PORT": "5000"}).port == 5000  # read, even when polling


def test_the_webhook_secret_never_appears_in_repr_or_errors() -> None:
    assert "s3cret" not in repr(Settings.from_env({"WEBHOOK_SECRET": "s3cret"}))
    assert "s3cr et" not in error_for(WEBHOOK_SECRET="s3cr et")


def test_empty_variables_count_as_unset() -> None:
    assert Settings.from_env({"TELEGRAM_TOKEN": "", "DATABASE_PATH": " ", "ADMIN_IDS": ""}) == Settings()


def test_a_clock_start_with_an_offset_keeps_it() -> None:
    settings = Settings.from_env({"BOT_CLOCK_START": "2022-04-18T09:00+00:00"})
    assert settings.clock_start.utcoffset().total_seconds() == 0


def test_the_token_never_appears_in_repr_or_str() -> None:
    settings = Settings.from_env({"TELEGRAM_TOKEN": TOKEN})
    assert TOKEN not in repr(settings) and TOKEN not in str(settings)
    assert "AAEfake" not in repr(settings)


@pytest.mark.parametrize(
    ("environ", "variable", "hint"),
    [
        ({"ADMIN_IDS": "abc"}, "ADMIN_IDS", "write numbers separated by commas"),
        ({"ADMIN_IDS": "12;34"}, "ADMIN_IDS", "write numbers separated by commas"),
        ({"ADMIN_IDS": "-5"}, "ADMIN_IDS", "write numbers separated by commas"),
        ({"TELEGRAM_BASE_URL": "127.0.0.1:8081"}, "TELEGRAM_BASE_URL", "http://127.0.0.1:8081"),
        ({"TELEGRAM_BASE_URL": "ftp://example.org"}, "TELEGRAM_BASE_URL", "http://"),
        ({"BOT_CLOCK_START": "next monday"}, "BOT_CLOCK_START", "2022-04-18T09:00"),
        ({"BOT_CLOCK_START": "2022-13-40"}, "BOT_CLOCK_START", "Paris time"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL", "DEBUG, INFO"),
        ({"TELEGRAM_TOKEN": "not a token"}, "TELEGRAM_TOKEN", "@BotFather"),
        ({"WEBHOOK_URL": "bot.example.org/telegram"}, "WEBHOOK_URL", "https://"),
        ({"WEBHOOK_URL": "ftp://bot.example.org"}, "WEBHOOK_URL", "https://"),
        ({"WEBHOOK_URL": "https://bot.example.org:port/"}, "WEBHOOK_URL", "https://"),
        ({"WEBHOOK_URL": "https://bot.example.org/?x=1"}, "WEBHOOK_URL", "https://"),
        ({"WEBHOOK_URL": "https://"}, "WEBHOOK_URL", "https://"),
        ({"PORT": "http"}, "PORT", "from 1 to 65535"),
        ({"PORT": "0"}, "PORT", "from 1 to 65535"),
        ({"PORT": "65536"}, "PORT", "from 1 to 65535"),
        ({"PORT": "-80"}, "PORT", "from 1 to 65535"),
        ({"PORT": "٨٠"}, "PORT", "from 1 to 65535"),
        ({"WEBHOOK_SECRET": "two words"}, "WEBHOOK_SECRET", "A-Z, a-z, 0-9"),
        ({"WEBHOOK_SECRET": "é"}, "WEBHOOK_SECRET", "1 to 256"),
        ({"WEBHOOK_SECRET": "a/b"}, "WEBHOOK_SECRET", "1 to 256"),
        ({"WEBHOOK_SECRET": "x" * 257}, "WEBHOOK_SECRET", "1 to 256"),
        ({"KNOWLEDGE_DIR": "/nowhere/at/all"}, "KNOWLEDGE_DIR", "categories.yaml"),
        ({"UNANSWERED_RETENTION_DAYS": "ninety"}, "UNANSWERED_RETENTION_DAYS", "from 1 to 3650"),
        ({"UNANSWERED_RETENTION_DAYS": "0"}, "UNANSWERED_RETENTION_DAYS", "from 1 to 3650"),
        ({"UNANSWERED_RETENTION_DAYS": "-1"}, "UNANSWERED_RETENTION_DAYS", "from 1 to 3650"),
        ({"UNANSWERED_RETENTION_DAYS": "90.5"}, "UNANSWERED_RETENTION_DAYS", "whole number"),
        ({"UNANSWERED_RETENTION_DAYS": "3651"}, "UNANSWERED_RETENTION_DAYS", "from 1 to 3650"),
        ({"REMINDER_CLAIM_SECONDS": "2m"}, "REMINDER_CLAIM_SECONDS", "from 1 to 3600"),
        ({"REMINDER_CLAIM_SECONDS": "0"}, "REMINDER_CLAIM_SECONDS", "from 1 to 3600"),
        ({"SEND_RATE": "31"}, "SEND_RATE", "from 1 to 30"),
        ({"SEND_RATE": "7.5"}, "SEND_RATE", "from 1 to 30"),
    ],
)
def test_a_bad_value_is_one_line_naming_the_variable_and_the_fix(
    environ: dict[str, str], variable: str, hint: str
) -> None:
    message = error_for(**environ)
    assert message.startswith(f"{variable}: ")
    assert hint in message
    assert "\n" not in message


def test_the_admin_ids_error_quotes_the_bad_item() -> None:
    assert error_for(ADMIN_IDS="abc") == (
        "ADMIN_IDS: 'abc' is not a Telegram user id; write numbers separated by commas"
    )


def test_a_malformed_token_is_not_echoed_in_the_error() -> None:
    assert "secret-ish" not in error_for(TELEGRAM_TOKEN="123:secret-ish value")


@pytest.mark.parametrize(
    "given",
    [
        "http://127.0.0.1:8081",
        "http://127.0.0.1:8081/",
        "http://127.0.0.1:8081/bot",
        "http://127.0.0.1:8081/bot/",
        " http://127.0.0.1:8081 ",
    ],
)
def test_bot_urls_point_at_the_api_and_file_roots(given: str) -> None:
    assert bot_urls(given) == ("http://127.0.0.1:8081/bot", "http://127.0.0.1:8081/file/bot")


def test_bot_urls_keep_a_path_prefix_and_https() -> None:
    assert bot_urls("https://proxy.example.org/telegram/bot") == (
        "https://proxy.example.org/telegram/bot",
        "https://proxy.example.org/telegram/file/bot",
    )


def test_a_knowledge_dir_that_is_a_file_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "calendar.yaml"
    file.write_text("events: []\n", encoding="utf-8")
    assert error_for(KNOWLEDGE_DIR=str(file)).startswith("KNOWLEDGE_DIR: ")


def test_a_256_character_secret_is_allowed() -> None:
    assert Settings.from_env({"WEBHOOK_SECRET": "A" * 256}).webhook_secret == "A" * 256
