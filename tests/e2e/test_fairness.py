"""Drills: one chat floods the bot, the bot is stopped or killed with updates in hand.

The bot runs as its own process against the fake Bot API over HTTP, which enforces Telegram's
per-chat pace (a burst of 3, then one message a second) and the overall limit at 60 a second.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.helpers import PACE, TOKEN, query
from tests.fakebot.http import BotAPIServer

pytestmark = pytest.mark.e2e

FLOODER = 500
OTHERS = [501, 502, 503, 504, 505]
FLOOD = 300
WEBINAR = "webinar-2022-03-24"


@pytest.fixture
def telegram() -> Iterator[BotAPIServer]:
    """Telegram's pace per chat (a burst of 3, then one a second), the overall limit at PACE."""
    with BotAPIServer(TOKEN, global_limit=PACE, per_chat_window=1) as api:
        yield api


def flood(server: BotAPIServer, user_id: int, count: int) -> None:
    for number in range(count):
        server.send_text(user_id, f"salaire {number}")


def test_a_flooding_chat_does_not_delay_the_others_and_sigterm_still_stops_quickly(
    telegram: BotAPIServer, launch
) -> None:
    bot = launch(telegram, clock="2022-03-10T10:00")
    flood(telegram, FLOODER, FLOOD)
    waits = []
    for user_id in OTHERS:
        since = telegram.mark(user_id)
        asked = time.monotonic()
        telegram.send_text(user_id, "Quelle est la date limite ?")
        [reply] = telegram.wait_messages(user_id, since, timeout=20)[:1]
        waits.append(time.monotonic() - asked)
        assert "19 avril 2022" in reply.plain
    assert statistics.median(waits) < 2.0, waits
    # The flooding chat gets its first answers and one word about its pace, not 300 replies.
    telegram.wait_for(
        lambda: any("plus vite" in m.plain for m in telegram.messages(FLOODER)),
        20,
        "the notice to the flooding chat",
    )
    stopping = time.monotonic()
    assert bot.stop(timeout=30) == 0
    stopped_in = time.monotonic() - stopping
    print(
        f"flood drill: others answered in {statistics.median(waits):.2f} s median "
        f"(max {max(waits):.2f} s); SIGTERM exit in {stopped_in:.2f} s; "
        f"{len(telegram.messages(FLOODER))} messages to the flooding chat"
    )
    assert stopped_in < 10.0
    assert len(telegram.messages(FLOODER)) <= 10


def test_after_a_kill_every_acknowledged_question_and_registration_is_answered(
    telegram: BotAPIServer, launch, database: Path
) -> None:
    bot = launch(telegram, clock="2022-03-10T10:00")
    for user_id in OTHERS:  # each sees the webinar list, to press its register button
        since = telegram.mark(user_id)
        telegram.send_command(user_id, "webinaires")
        telegram.wait_messages(user_id, since)
    telegram.hold()  # Telegram stops accepting messages: the replies stay in the bot's hands
    flood(telegram, FLOODER, FLOOD)
    last = 0
    for user_id in OTHERS:
        telegram.press(user_id, f"v1:web:reg:{WEBINAR}")
        last = telegram.send_text(user_id, "Combien est-on payé ?")
    telegram.wait_consumed(last, timeout=20)  # acknowledged: Telegram would not send them again
    telegram.wait_for(
        lambda: len(query(database, "SELECT * FROM registrations")) == len(OTHERS),
        20,
        "the registrations committed",
    )
    bot.kill()
    telegram.release()
    assert all(not telegram.documents(user_id) for user_id in OTHERS)  # no confirmation yet

    bot = launch(telegram, clock="2022-03-10T10:01")
    for user_id in OTHERS:
        telegram.wait_for(
            lambda user_id=user_id: telegram.documents(user_id),
            30,
            f"the .ics of user {user_id} after the restart",
        )
        telegram.wait_for(
            lambda user_id=user_id: any("3 500" in m.plain for m in telegram.messages(user_id)),
            30,
            f"the answer to user {user_id}'s question after the restart",
        )
    # The flooding chat's first answers come at its pace after the others' (a burst, then one
    # a second): every update is handled, and leaves the inbox, while the bot runs.
    telegram.wait_for(
        lambda: query(database, "SELECT COUNT(*) FROM inbox") == [(0,)], 30, "the inbox emptied"
    )
    assert bot.stop(timeout=30) == 0
    assert query(database, "SELECT COUNT(*) FROM inbox") == [(0,)]
    print(
        f"kill drill: {len(OTHERS)} registrations committed and {len(OTHERS)} questions "
        f"acknowledged before SIGKILL, all answered after the restart"
    )
