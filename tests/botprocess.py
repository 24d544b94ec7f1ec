"""`python -m bot` as its own process against the fake Bot API served over HTTP."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from tests.fakebot.http import BotAPIServer

ROOT = Path(__file__).resolve().parents[1]
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
    admins: Iterable[int] = (1,),
    knowledge_dir: Path | None = None,
    pace_scale: float | None = None,
    extra: dict[str, str] | None = None,
) -> dict[str, str]:
    """The environment of a bot talking to `server` with its database at `database`.

    pace_scale=0.1: the bot's rate limiters run ten times as fast (tests/e2e/paced_bot.py).
    """
    environ = {
        name: value
        for name, value in os.environ.items()
        if not name.lower().endswith("_proxy") and name not in CLEARED
    }
    environ.update(
        {
            "TELEGRAM_TOKEN": server.token or "",
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
    if pace_scale is not None:
        environ["PACE_SCALE"] = str(pace_scale)
    environ.update(extra or {})
    return environ


class BotProcess:
    """One `python -m bot` process (`python -m tests.e2e.paced_bot` with a PACE_SCALE); its
    output (the log) goes to a file."""

    def __init__(self, server: BotAPIServer, environ: dict[str, str], log_path: Path):
        self.server = server
        self.environ = environ
        self.log_path = log_path
        self.module = "tests.e2e.paced_bot" if "PACE_SCALE" in environ else "bot"
        self.process: subprocess.Popen | None = None
        self.started_at = 0.0  # time.monotonic() at launch

    def start(self, wait: bool = True, timeout: float = 60.0) -> BotProcess:
        """Launch it; with `wait`, until it polls for updates."""
        polls = self.server.polls
        self._log = self.log_path.open("w", encoding="utf-8")
        self.started_at = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-m", self.module],
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

    def stop(self, timeout: float = 20.0, stop: signal.Signals = signal.SIGTERM) -> int:
        """SIGTERM (or `stop`), then the exit status (killed if it does not exit in time)."""
        assert self.process is not None
        self.process.send_signal(stop)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(f"the bot did not exit within {timeout} s of {stop.name}") from None
        finally:
            self._log.close()

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)
        if not self._log.closed:
            self._log.close()
