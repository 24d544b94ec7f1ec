"""eig-bot's staff tools speak one language per run (French unless --lang en) and print their
result only: no log line unless --verbose or LOG_LEVEL asks for them."""

import os
import string
import subprocess
import sys
from pathlib import Path

import pytest

import bot.__main__ as entry
from bot.settings_texts import SETTINGS_TEXTS
from bot.shell_texts import SHELL_TEXTS
from bot.staff_texts import STAFF_EN, STAFF_FR
from storage.texts import STORAGE_TEXTS
from tests.knowledge.test_check_texts import keys_named_in_code

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = {
    "shell": SHELL_TEXTS,
    "staff": {"fr": STAFF_FR, "en": STAFF_EN},
    "settings": SETTINGS_TEXTS,
    "storage": STORAGE_TEXTS,
}
PLAN = ["reminders", "plan", "--now", "2022-04-12T08:00"]


def fields_of(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("name", CATALOGUES)
def test_every_key_has_both_languages_with_the_same_placeholders(name):
    french, english = CATALOGUES[name]["fr"], CATALOGUES[name]["en"]
    assert set(french) == set(english), set(french) ^ set(english)
    for key, text in french.items():
        assert text.strip() and english[key].strip(), key
        assert fields_of(text) == fields_of(english[key]), key


@pytest.mark.parametrize(
    "files, catalogue",
    [(["bot/settings.py"], SETTINGS_TEXTS), (["storage/*.py"], STORAGE_TEXTS)],
)
def test_every_refusal_the_code_names_is_in_its_catalogue(files, catalogue):
    keys = keys_named_in_code([path for pattern in files for path in ROOT.glob(pattern)], "say")
    assert len(keys) > 5  # the walk finds them
    assert keys - set(catalogue["fr"]) == set()


@pytest.mark.parametrize(
    "argv, first, words",
    [
        (["--help"], "utilisation : eig-bot", ["affiche cette aide", "lancer le bot Telegram", "commandes:"]),
        (["reminders", "plan", "--help"], "utilisation : eig-bot reminders plan", ["comme si on était"]),
        (["--lang", "en", "--help"], "usage: eig-bot", ["show this help message", "run the Telegram bot"]),
        (
            ["db", "copy", "--help", "--lang", "en"],
            "usage: eig-bot db copy",
            ["the empty PostgreSQL database"],
        ),
    ],
)
def test_help_is_in_the_run_language(capsys, argv, first, words):
    with pytest.raises(SystemExit) as stop:
        entry.main(argv)
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(first) and all(word in out for word in words), out


def test_a_mistyped_command_line_is_refused_in_the_run_language(capsys):
    with pytest.raises(SystemExit) as stop:
        entry.main(["db", "copy"])
    assert stop.value.code == 2
    assert "eig-bot db copy : erreur : il manque ces arguments : --to" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        entry.main(["--lang", "en", "reminders", "plan", "--when", "x"])
    assert "eig-bot: error: unrecognized arguments: --when x" in capsys.readouterr().err


def run_tool(tmp_path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """`python -m bot ARGS` as staff run it, on an empty database, without LOG_LEVEL unless given."""
    base = {k: v for k, v in os.environ.items() if k not in ("LOG_LEVEL", "TELEGRAM_TOKEN", "DATABASE_URL")}
    base |= {"DATABASE_PATH": str(tmp_path / "bot.sqlite3"), **env}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], env=base, capture_output=True, text=True, timeout=120
    )


def test_a_plan_prints_its_result_and_no_log_line(tmp_path):
    result = run_tool(tmp_path, *PLAN)
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.startswith("Envois de rappels après le mardi 12 avril 2022 à 8 h : 6\n")


@pytest.mark.parametrize(
    "asked, env",
    [(["--verbose"], {}), (["--lang", "en"], {"LOG_LEVEL": "INFO"})],
    ids=["verbose", "LOG_LEVEL"],
)
def test_verbose_or_log_level_shows_the_log_lines(tmp_path, asked, env):
    result = run_tool(tmp_path, *PLAN, *asked, **env)
    assert result.returncode == 0
    assert " INFO bot knowledge loaded: " in result.stderr
    assert result.stdout.startswith(("Envois de rappels", "Reminder slots"))
