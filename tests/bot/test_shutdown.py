"""`python -m bot` as a real process against the fake Bot API: SIGTERM exits 0, quickly."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.botprocess import BotProcess, bot_environment
from tests.fakebot import text_update_data
from tests.fakebot.http import BotAPIServer

TOKEN = "123456789:AAEshutdown-test_token"


@pytest.fixture
def bot_api() -> Iterator[BotAPIServer]:
    with BotAPIServer(TOKEN, global_limit=0, per_chat_limit=0) as server:
        yield server


@pytest.fixture
def bot(bot_api: BotAPIServer, tmp_path: Path) -> Iterator[BotProcess]:
    """The bot, not started yet, logging at DEBUG (where a token would show if anywhere)."""
    environ = bot_environment(bot_api, tmp_path / "data" / "bot.sqlite3", extra={"LOG_LEVEL": "DEBUG"})
    process = BotProcess(bot_api, environ, tmp_path / "bot.log")
    yield process
    process.kill()


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_while_polling_exits_0_within_10_seconds(
    bot_api: BotAPIServer, bot: BotProcess, tmp_path: Path, stop: signal.Signals
) -> None:
    bot.start()
    # inside a long poll: one getUpdates received and not answered yet
    bot_api.wait_for(lambda: bot_api.polls > len(bot_api.of("getUpdates")), 10, "a long poll")
    status = bot.stop(timeout=10, stop=stop)
    log = bot.log()
    assert status == 0, log
    assert TOKEN not in log and TOKEN.split(":")[1] not in log
    lines = log.strip().splitlines()
    assert any(" INFO bot knowledge loaded: " in line for line in lines)
    assert any(line.endswith(" INFO bot stopped") for line in lines)
    assert not any(" ERROR " in line or "Traceback" in line for line in lines), log
    assert (tmp_path / "data" / "bot.sqlite3").exists()
    methods = [call.method for call in bot_api.calls]
    assert methods[0] == "getMe" and methods.count("setMyCommands") == 2


def test_sigterm_lets_the_reply_being_sent_finish(bot_api: BotAPIServer, bot: BotProcess) -> None:
    bot_api.send_update(text_update_data("/start"))
    slow = bot_api.slow(1.0, count=1, methods={"sendMessage"})
    bot.start(wait=False)
    bot_api.wait_for(lambda: slow.hits, 60, "the reply")
    assert bot.stop(timeout=10) == 0, bot.log()  # SIGTERM while the reply is on its way
    [reply] = bot_api.of("sendMessage")
    assert reply.status == 200  # answered to a bot still waiting for it, not dropped (499)
    assert TOKEN not in bot.log()
