"""`python -m bot console` in a pseudo-terminal, as a person at a keyboard sees it: line
editing and history, text wrapped to the window, no log lines, reminders between prompts."""

from __future__ import annotations

import asyncio
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from datetime import datetime
from pathlib import Path

import pytest

from knowledge.model import PARIS
from storage.records import Person
from storage.store import open_store
from tests.botprocess import CLEARED, ROOT

pytestmark = pytest.mark.e2e

UP = "\x1b[A"  # the Up arrow key
ESCAPES = re.compile(r"\x1b\[[?0-9;]*[A-Za-z]|\r")  # what a terminal draws with, not text
SALARY = "Quel est le salaire ?"


class PtyConsole:
    """The console as its own process, its stdin, stdout and stderr one pseudo-terminal of
    `columns` columns; what it wrote is collected as it is waited for."""

    def __init__(self, database: Path, *options: str, columns: int = 100):
        master, terminal = os.openpty()
        fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
        environ = {k: v for k, v in os.environ.items() if k not in (*CLEARED, "COLUMNS", "LINES")}
        environ.update(TERM="xterm", DATABASE_PATH=str(database), PYTHONUNBUFFERED="1")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "console", *options],
            cwd=ROOT,
            env=environ,
            stdin=terminal,
            stdout=terminal,
            stderr=terminal,
            start_new_session=True,
        )
        self.master, self.terminal = master, terminal  # the terminal kept open to read its modes
        self.output = ""
        self._bytes = b""

    def wait_for(self, wanted: str, start: int = 0, timeout: float = 60.0) -> str:
        """The output from `start` on (escapes removed), once it holds `wanted`."""
        deadline = time.monotonic() + timeout
        while wanted not in self.output[start:]:
            left = deadline - time.monotonic()
            assert left > 0, f"no {wanted!r} in time; the console wrote:\n{self.output}"
            if select.select([self.master], [], [], min(left, 0.5))[0]:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:  # the process ended: nothing more will come
                    chunk = b""
                assert chunk or self.process.poll() is None, f"the console ended:\n{self.output}"
                self._bytes += chunk
                self.output = ESCAPES.sub("", self._bytes.decode(errors="replace"))
        return self.output[start:]

    def rest(self) -> str:
        """All the output, once the process ended (what it wrote last is read too)."""
        assert self.process.poll() is not None
        while select.select([self.master], [], [], 0.1)[0]:
            try:
                self._bytes += os.read(self.master, 65536)
            except OSError:
                break
        self.output = ESCAPES.sub("", self._bytes.decode(errors="replace"))
        return self.output

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def ask(self, keys: str) -> str:
        """Type `keys` and Enter; the echoed line and the answer, up to the next prompt."""
        mark = len(self.output)
        self.type(keys + "\r")
        return self.wait_for("\n\n> ", mark).rsplit("\n\n> ", 1)[0]

    def modes(self) -> list:
        """The terminal's modes (termios attributes): readline changes them while it reads."""
        return termios.tcgetattr(self.terminal)

    def quit(self) -> int:
        self.type("/quit\r")
        return self.process.wait(30)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        os.close(self.master)
        os.close(self.terminal)


@pytest.fixture
def consoles(tmp_path: Path):
    """Start consoles on one database in tmp_path; killed at the end if still running."""
    started: list[PtyConsole] = []

    def start(*options: str, columns: int = 100) -> PtyConsole:
        started.append(PtyConsole(tmp_path / "db.sqlite3", *options, columns=columns))
        started[-1].wait_for("> ")
        return started[-1]

    yield start
    for console in started:
        console.close()


def test_up_arrow_and_enter_send_the_last_question_again_with_no_log_line(consoles) -> None:
    console = consoles("--clock-start", "2022-03-20T10:00")
    first = console.ask(SALARY)
    again = console.ask(UP)
    assert first.startswith(SALARY + "\n") and again.startswith(SALARY + "\n")  # Up brought it back
    assert "3 500" in first and again.split("\n", 1)[1] == first.split("\n", 1)[1]
    assert console.quit() == 0
    assert " INFO " not in console.output and "apscheduler" not in console.output


def test_text_is_wrapped_to_a_narrow_window_and_the_past_calendar_says_how_to_rehearse(consoles) -> None:
    console = consoles(columns=40)  # the real clock: the 2022 calendar is all past
    command = "eig-bot console --clock-start 2022-03-10T10:00"
    assert command in console.output.split("\n")  # whole, on its own line
    answer = console.ask(SALARY).split("\n")[1:]
    text = [line for line in answer if not line.startswith("[")]
    assert len(text) > 3 and all(len(line) <= 40 for line in text)
    buttons = [line for line in answer if line.startswith("[")]
    assert any(len(line) > 40 for line in buttons)  # a long button line is kept whole, not cut
    assert "3 500" in " ".join(text) and console.quit() == 0


def test_a_reminder_shows_while_a_line_is_typed_and_the_line_goes_on(consoles, tmp_path: Path) -> None:
    async def subscribe() -> None:
        store = await open_store(tmp_path / "db.sqlite3")
        when = datetime(2022, 4, 1, 10, 0, tzinfo=PARIS)
        for person in (Person(0), Person(5, "Ada")):  # the console's, and a Telegram user
            await store.save_user(person, when)
            await store.subscribe(person.id, "applications-close", when)
        await store.close()

    async def deliveries() -> tuple[int, int]:
        store = await open_store(tmp_path / "db.sqlite3")
        counts = (await store.deliveries_to(0), await store.deliveries_to(5))
        await store.close()
        return counts

    asyncio.run(subscribe())
    console = consoles("--clock-start", "2022-04-12T08:59:57")  # 7 days before, at 09:00
    console.type(SALARY[:15])
    console.wait_for("⏰ Rappel : « Clôture des candidatures »")
    mark = len(console.output)
    console.type(SALARY[15:] + "\r")
    assert "3 500" in console.wait_for("\n\n> ", mark)
    assert console.quit() == 0
    assert console.output.count("⏰ Rappel") == 1 and f"> {SALARY}\n" in console.output
    assert asyncio.run(deliveries()) == (1, 0)  # the Telegram user's delivery untouched


def test_ctrl_c_leaves_without_a_traceback_and_gives_the_terminal_back_as_it_was(consoles) -> None:
    console = consoles("--clock-start", "2022-03-20T10:00")
    console.type("Quel est")
    console.wait_for("> Quel est")
    before = console.modes()  # while readline reads: no echo, no line mode
    console.process.send_signal(signal.SIGINT)  # what Ctrl-C sends to the terminal's program
    assert console.process.wait(30) == 130
    after = console.modes()
    assert after != before and after[3] & termios.ICANON and after[3] & termios.ECHO
    assert "Traceback" not in console.rest() and "KeyboardInterrupt" not in console.output


def test_tab_completes_a_command_and_admin_makes_the_staff_commands_answer(consoles) -> None:
    console = consoles("--admin", "--clock-start", "2022-03-10T10:00")
    answer = console.ask("/webinai\t")
    assert answer.startswith("/webinaires") and "Les webinaires de présentation" in answer
    assert "Statistiques :" in console.ask("/stat\t")
    assert console.quit() == 0
