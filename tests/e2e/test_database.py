"""The database file, with the bot as its own process: deleted under the running bot (never
a false confirmation, exit 1, then a restart on a new file serves everyone), and unusable at
start (one line, exit 2). The read-only cases need an ordinary user: tests/bot/test_main.py."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.texts import text
from tests.botprocess import ROOT, bot_environment
from tests.e2e.helpers import QUICK, query
from tests.fakebot.http import BotAPIServer

pytestmark = pytest.mark.e2e

CLOCK = "2022-03-10T10:00"  # both webinars ahead
FIRST, SECOND = "v1:web:reg:webinar-2022-03-17", "v1:web:reg:webinar-2022-03-24"


def confirmed(server: BotAPIServer, chat_id: int) -> bool:
    return any(m.plain.startswith("C'est noté") for m in server.messages(chat_id))


def test_a_database_deleted_under_the_running_bot_is_never_confirmed_and_the_bot_exits_1(
    server: BotAPIServer, launch, database: Path
) -> None:
    bot = launch(server, clock=CLOCK, pace_scale=QUICK)
    server.press(501, FIRST)
    server.wait_for(lambda: server.documents(501), 10, "the first registration's .ics")
    assert confirmed(server, 501)

    for path in database.parent.glob(database.name + "*"):  # -wal and -shm too
        path.unlink()
    pressed = server.press(502, SECOND)
    assert bot.process.wait(15) == 1  # the host restarts a process that exits non-zero
    # The press was answered with the apology, or left unconfirmed for the next process.
    assert [m.plain for m in server.messages(502)] in ([text("fr", "error")], [])
    assert not confirmed(server, 502) and server.documents(502) == []
    last = bot.log().strip().splitlines()[-1]
    assert last == (  # the terminal's language: French unless `eig-bot --lang en`
        f"DATABASE_PATH : le fichier de la base {str(database)!r} a été supprimé pendant que le "
        "bot tournait ; le bot s'est arrêté pour que l'hébergeur le relance"
    )

    again = launch(server, clock=CLOCK, pace_scale=QUICK)  # restarted, on a new file
    if not server.messages(502):
        server.wait_for(lambda: server.answered(pressed), 10, "the press, delivered again")
    else:
        server.press(502, SECOND)
    server.press(503, SECOND)
    server.wait_for(
        lambda: confirmed(server, 502) and confirmed(server, 503), 10, "both registrations confirmed"
    )
    assert again.stop() == 0
    assert sorted(query(database, "SELECT user_id FROM registrations")) == [(502,), (503,)]


def a_folder(tmp_path: Path) -> Path:
    return tmp_path


def under_a_file(tmp_path: Path) -> Path:
    (tmp_path / "notes.txt").write_text("a file where the folder should be")
    return tmp_path / "notes.txt" / "data" / "bot.sqlite3"


@pytest.mark.parametrize("database", [a_folder, under_a_file])
def test_a_database_path_the_bot_cannot_use_stops_the_start_in_one_line_with_status_2(
    server: BotAPIServer, tmp_path: Path, database: Callable[[Path], Path]
) -> None:
    path = database(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
        env=bot_environment(server, path),
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "PORT" not in done.stderr
    [line] = [line for line in done.stderr.splitlines() if "DATABASE_PATH" in line]
    assert line == done.stderr.strip().splitlines()[-1]
    assert line.startswith(f"DATABASE_PATH : impossible d'utiliser {str(path)!r} : ")
    assert server.calls == []  # stopped before calling Telegram
