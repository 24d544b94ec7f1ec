"""`python -m bot` as a real process against a tiny local Bot API: SIGTERM exits 0, quickly."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.offline import BOT_USER, text_update_data

TOKEN = "123456789:AAEshutdown-test_token"
ROOT = Path(__file__).resolve().parents[2]


class FakeBotAPI(BaseHTTPRequestHandler):
    """Answers every Bot API method; getUpdates waits a little and returns nothing."""

    calls: list[str]

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        method = self.path.rsplit("/", 1)[-1]
        self.server.calls.append(method)  # type: ignore[attr-defined]
        if method == "getMe":
            result: object = BOT_USER
        elif method == "getUpdates":
            pending, self.server.updates = self.server.updates, []  # type: ignore[attr-defined]
            if not pending:
                time.sleep(0.5)  # long polling, shortened
            result = pending
        elif method == "sendMessage":
            time.sleep(self.server.send_delay)  # type: ignore[attr-defined]
            result = {
                "message_id": 1,
                "date": int(time.time()),
                "text": "…",
                "chat": {"id": 4242, "type": "private"},
                "from": BOT_USER,
            }
        else:
            result = True
        body = json.dumps({"ok": True, "result": result}).encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            self.server.calls.append(f"{method} answered")  # type: ignore[attr-defined]
        except (BrokenPipeError, ConnectionResetError):  # a long poll cancelled by the stop
            pass

    do_GET = do_POST

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def bot_api() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeBotAPI)
    server.daemon_threads = True
    server.calls = []  # type: ignore[attr-defined]
    server.updates = []  # type: ignore[attr-defined]
    server.send_delay = 0.0  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def bot_environment(tmp_path: Path, port: int) -> dict[str, str]:
    environ = {
        name: value
        for name, value in os.environ.items()
        if not name.lower().endswith("_proxy")
        and name
        not in ("ADMIN_IDS", "KNOWLEDGE_DIR", "BOT_CLOCK_START", "WEBHOOK_URL", "PORT", "WEBHOOK_SECRET")
    }
    environ.update(
        {
            "TELEGRAM_TOKEN": TOKEN,
            "TELEGRAM_BASE_URL": f"http://127.0.0.1:{port}",
            "DATABASE_PATH": str(tmp_path / "data" / "bot.sqlite3"),
            "LOG_LEVEL": "DEBUG",
            "NO_PROXY": "127.0.0.1,localhost",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return environ


def start_bot(tmp_path: Path, port: int) -> subprocess.Popen[str]:
    """`python -m bot` against the fake Bot API on `port`, its output captured."""
    return subprocess.Popen(
        [sys.executable, "-m", "bot"],
        cwd=ROOT,
        env=bot_environment(tmp_path, port),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_while_polling_exits_0_within_10_seconds(
    bot_api: ThreadingHTTPServer, tmp_path: Path, stop: signal.Signals
) -> None:
    port = bot_api.server_address[1]
    process = start_bot(tmp_path, port)
    try:
        deadline = time.monotonic() + 60
        while "getUpdates" not in bot_api.calls:  # type: ignore[attr-defined]
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the bot never polled"
            time.sleep(0.05)
        time.sleep(0.3)  # inside a long poll
        process.send_signal(stop)
        start = time.monotonic()
        out, err = process.communicate(timeout=10)
        took = time.monotonic() - start
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert took < 10
    assert TOKEN not in err and TOKEN not in out
    assert TOKEN.split(":")[1] not in err
    lines = err.strip().splitlines()
    assert any(" INFO bot knowledge loaded: " in line for line in lines)
    assert any(line.endswith(" INFO bot stopped") for line in lines)
    assert not any(" ERROR " in line or "Traceback" in line for line in lines), err
    assert (tmp_path / "data" / "bot.sqlite3").exists()
    calls = bot_api.calls  # type: ignore[attr-defined]
    assert calls[0] == "getMe" and calls.count("setMyCommands") == 2


def test_sigterm_lets_the_reply_being_sent_finish(bot_api: ThreadingHTTPServer, tmp_path: Path) -> None:
    port = bot_api.server_address[1]
    bot_api.updates = [text_update_data("/start")]  # type: ignore[attr-defined]
    bot_api.send_delay = 1.5  # type: ignore[attr-defined]
    calls = bot_api.calls  # type: ignore[attr-defined]
    process = start_bot(tmp_path, port)
    try:
        deadline = time.monotonic() + 60
        while "sendMessage" not in calls:
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the bot never replied"
            time.sleep(0.02)
        process.send_signal(signal.SIGTERM)  # while the reply is on its way
        _out, err = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert "sendMessage answered" in calls  # the bot waited for it
    assert TOKEN not in err
