"""A staff tool whose reader goes away (`… | head`) stops quietly with status 141."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from knowledge.cli_lang import BROKEN_PIPE_STATUS

COMMANDS = {
    "eig-bot": [sys.executable, "-m", "bot", "reminders", "plan", "--now", "2022-04-12T08:00"],
    "knowledge": [sys.executable, "-m", "knowledge", "ask"],
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_closed_stdout_ends_the_run_quietly(name: str, tmp_path: object) -> None:
    reader, writer = os.pipe()
    os.close(reader)  # the reader is gone before the first line is written
    env = {**os.environ, "DATABASE_PATH": str(tmp_path) + "/bot.sqlite3"}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        COMMANDS[name], input=b"salaire ?\n", stdout=writer, stderr=subprocess.PIPE, env=env, timeout=120
    )
    os.close(writer)
    assert done.returncode == BROKEN_PIPE_STATUS == 141
    assert done.stderr.decode() == ""
