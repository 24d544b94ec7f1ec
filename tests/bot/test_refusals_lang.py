"""The settings' and the database's refusals, `run`'s and the console's words: in French by
default and in English with --lang en, through eig-bot's real entry point."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

import bot.__main__ as entry
from bot.settings_texts import SETTINGS_FR
from storage.database import DatabaseGone
from storage.texts import STORAGE_FR

pytestmark = pytest.mark.usefixtures("shipped_knowledge_once", "environment")  # knowledge parsed once


@pytest.fixture(autouse=True)
def empty_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    """What the console reads unless a test says otherwise: nothing."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))


def refusal(capsys: pytest.CaptureFixture[str], argv: list[str], status: int = 2) -> str:
    """The last line eig-bot writes on stderr when it refuses `argv`."""
    assert entry.main(argv) == status
    return capsys.readouterr().err.strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("variables", "french", "english"),
    [
        (
            {"ADMIN_IDS": "abc"},
            "ADMIN_IDS : 'abc' n'est pas un identifiant d'utilisateur Telegram ; écrivez des nombres",
            "ADMIN_IDS: 'abc' is not a Telegram user id; write numbers",
        ),
        (
            {"UNANSWERED_RETENTION_DAYS": "0"},
            "UNANSWERED_RETENTION_DAYS : '0' n'est pas un nombre de jours ; écrivez un nombre entier",
            "UNANSWERED_RETENTION_DAYS: '0' is not a number of days; write a whole number",
        ),
        (
            {"LOG_LEVEL": "chatty"},
            "LOG_LEVEL : 'chatty' n'est pas un niveau de journal",
            "LOG_LEVEL: 'chatty' is not a log level",
        ),
        (
            {"DATABASE_URL": "postgresql://eig:pw@db/eig"},
            "DATABASE_URL et DATABASE_PATH sont définis tous les deux",
            "DATABASE_URL and DATABASE_PATH are both set",
        ),
        (
            {"DATABASE_URL": "postgresql://eig:hunter22@/eig", "DATABASE_PATH": ""},
            "DATABASE_URL : ce n'est pas une adresse PostgreSQL (elle ne nomme aucun hôte) ; écrivez-la",
            "DATABASE_URL: this is not a PostgreSQL address (it names no host); write it like",
        ),
    ],
)
def test_a_bad_setting_is_refused_in_the_run_language(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    variables: dict[str, str],
    french: str,
    english: str,
) -> None:
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert refusal(capsys, ["unanswered"]).startswith(french)
    assert refusal(capsys, ["unanswered", "--lang", "en"]).startswith(english)
    assert refusal(capsys, ["--lang", "en", "console"]).startswith(english)


def test_a_database_path_that_is_a_folder_is_refused_in_the_run_language(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path))
    example = repr(str(tmp_path / "eig-assistant.sqlite3"))
    assert refusal(capsys, ["reminders", "plan"]) == (
        f"DATABASE_PATH : impossible d'utiliser {str(tmp_path)!r} : c'est un dossier ; "
        f"nommez un fichier, p. ex. {example}"
    )
    assert refusal(capsys, ["reminders", "plan", "--lang", "en"]) == (
        f"DATABASE_PATH: cannot use {str(tmp_path)!r}: it is a folder; name a file, e.g. {example}"
    )


def test_an_unreachable_server_is_said_in_the_run_language_with_the_systems_words_quoted(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("DATABASE_PATH")
    monkeypatch.setenv("DATABASE_URL", "postgresql://eig:hunter22@127.0.0.1:1/eig")
    french = refusal(capsys, ["unanswered"])
    assert french.startswith(
        "DATABASE_URL : impossible d'utiliser 'postgresql://eig:***@127.0.0.1:1/eig' : "
        "impossible de joindre le serveur ("
    )
    english = refusal(capsys, ["unanswered", "--lang", "en"])
    assert english.startswith("DATABASE_URL: cannot use 'postgresql://eig:***@127.0.0.1:1/eig': cannot reach")
    # the OS's own words, the same in both
    assert french.rpartition("(")[2] == english.rpartition("(")[2]
    assert "hunter22" not in french + english


@pytest.mark.parametrize(
    ("argv", "french", "english"),
    [
        (
            ["db", "copy", "--to", "sqlite:///x"],
            "db copy --to : ce n'est pas une adresse PostgreSQL (elle ne commence pas par postgresql:// "
            "(ou postgres://))",
            "db copy --to: this is not a PostgreSQL address (it does not start with postgresql:// "
            "(or postgres://))",
        ),
        (
            ["db", "copy", "--from", "nowhere.sqlite3", "--to", "postgresql://eig@127.0.0.1:1/eig"],
            "db copy : 'nowhere.sqlite3' n'est pas un fichier : nommez la base SQLite à copier",
            "db copy: 'nowhere.sqlite3' is not a file: name the SQLite database to copy",
        ),
    ],
)
def test_db_copy_refuses_in_the_run_language(
    capsys: pytest.CaptureFixture[str], argv: list[str], french: str, english: str
) -> None:
    assert refusal(capsys, argv) == french
    assert refusal(capsys, [*argv, "--lang", "en"]) == english


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        ([], "TELEGRAM_TOKEN n'est pas défini : demandez un jeton à @BotFather"),
        (["run"], "TELEGRAM_TOKEN n'est pas défini : demandez un jeton à @BotFather"),
        (["--lang", "en", "run"], "TELEGRAM_TOKEN is not set: get a token from @BotFather"),
        (["run", "--lang", "en"], "TELEGRAM_TOKEN is not set: get a token from @BotFather"),
    ],
)
def test_run_without_a_token_says_so_in_the_run_language(
    capsys: pytest.CaptureFixture[str], argv: list[str], said: str
) -> None:
    assert refusal(capsys, argv).startswith(said)


def console_says(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    """What `eig-bot console …` writes when asked /start, then /quit."""
    monkeypatch.setattr(sys, "stdin", io.StringIO("/start\n/quit\n"))
    assert entry.main(["console", "--clock-start", "2022-03-20T10:00", *argv]) == 0
    return capsys.readouterr().out


def test_the_console_speaks_french_by_default_and_english_with_lang_en(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    french = console_says(monkeypatch, capsys, [])
    assert french.startswith("Assistant EIG — console. Posez une question") and "Ask a question" not in french
    assert "Bonjour" in french  # /start answered to a French-speaking person
    english = console_says(monkeypatch, capsys, ["--lang", "en"])
    assert english.startswith("EIG assistant — console. Ask a question") and "Posez" not in english
    assert "Hello" in english and "Bonjour" not in english


def test_a_vanished_database_file_is_said_in_either_language() -> None:
    gone = DatabaseGone("/data/bot.sqlite3", "gone_replaced")
    assert gone.text() == (
        "le fichier de la base '/data/bot.sqlite3' a été remplacé par un autre fichier "
        "pendant que le bot tournait"
    )
    assert (
        str(gone)
        == gone.text("en")
        == ("the database file '/data/bot.sqlite3' was replaced by another file while the bot was running")
    )


@pytest.mark.parametrize("catalogue", [SETTINGS_FR, STORAGE_FR])
def test_no_french_sentence_is_left_in_english(catalogue: dict[str, str]) -> None:
    english_words = {" the ", " is not ", " cannot ", " write it "}
    for key, sentence in catalogue.items():
        assert not any(word in f" {sentence} " for word in english_words), key
