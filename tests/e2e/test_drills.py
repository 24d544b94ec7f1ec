"""Failure drills, the bot running as its own process: Telegram's 429 and 403 during a fan-out,
SIGKILL in the middle of a 2,000-subscriber fan-out, a locked database, a broken YAML edit."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from bot.texts import text
from bot.webinars import when
from knowledge.loader import load_knowledge
from knowledge.messages import message
from tests.botprocess import BotProcess
from tests.e2e.helpers import ADMIN, PACE, TOKEN, query, reminders_per_chat, seed_subscribers
from tests.fakebot.http import BotAPIServer
from tests.knowledge_edits import copy_knowledge, entry_file, with_tab, write

pytestmark = pytest.mark.e2e

SLOT = "applications-close/d7@0900"
JUST_BEFORE_NINE = "2022-04-12T08:59:57"  # the d7 reminder of applications-close is at 09:00
KILL_DRILL_SUBSCRIBERS = 2000
# The kill drill's bot paces itself ten times as fast as Telegram allows (300 messages a second
# instead of 30): what it checks (exactly once, across a kill) does not depend on the pace, and
# 2,000 messages at 30 a second take more than a minute.
KILL_DRILL_PACE = 0.1
# The killed process's claims on its recipients are taken over once this old (120 s by default):
# one process runs at a time here, so none is alive to be overtaken.
KILL_DRILL_CLAIM = {"REMINDER_CLAIM_SECONDS": "2"}
KNOWLEDGE = load_knowledge()


@pytest.fixture
def limited() -> BotAPIServer:
    """Telegram's limits as the server models them: 30 messages in any second overall, 1 per
    second per chat."""
    with BotAPIServer(TOKEN) as api:
        yield api


@pytest.fixture
def paced() -> BotAPIServer:
    """For fan-outs: 1 message per second per chat, and the overall limit at PACE."""
    with BotAPIServer(TOKEN, global_limit=PACE) as api:
        yield api


@pytest.fixture
def fast() -> BotAPIServer:
    """For the kill drill: 1 message per second per chat, the overall limit twice the bot's pace."""
    with BotAPIServer(TOKEN, global_limit=round(2 * 30 / KILL_DRILL_PACE)) as api:
        yield api


def fan_out_over(server: BotAPIServer, bot: BotProcess) -> None:
    """Until the bot logs the fan-out's summary: it sends nothing more for SLOT after that."""
    server.wait_for(lambda: f"reminder {SLOT}: " in bot.log(), 60, "the fan-out's summary")


def delivered(database: Path, status: str = "sent") -> int:
    return query(database, "SELECT COUNT(*) FROM deliveries WHERE slot_key = ? AND status = ?", SLOT, status)[
        0
    ][0]


def test_a_429_storm_during_a_fan_out_still_reaches_every_subscriber_once(
    paced: BotAPIServer, launch, database: Path
) -> None:
    subscribers = list(range(1001, 1061))
    seed_subscribers(database, subscribers)
    storm = paced.too_many(seconds=2.0, retry_after=1)  # every send, 2 s from the first one
    bot = launch(paced, clock=JUST_BEFORE_NINE)
    paced.wait_for(
        lambda: len(reminders_per_chat(paced)) == len(subscribers), 40, "every subscriber's reminder"
    )
    fan_out_over(paced, bot)  # a duplicate would have been sent by then
    assert bot.stop() == 0
    assert reminders_per_chat(paced) == {user: 1 for user in subscribers}
    assert storm.hits >= 8 and paced.too_many_given >= storm.hits
    assert delivered(database) == len(subscribers)
    assert f"reminder {SLOT}: {len(subscribers)} sent, 0 failed, 0 blocked" in bot.log()


def test_subscribers_who_blocked_the_bot_are_marked_inactive_and_the_others_served(
    paced: BotAPIServer, launch, database: Path
) -> None:
    subscribers = list(range(2001, 2031))
    blocked = subscribers[::3]
    seed_subscribers(database, subscribers)
    paced.block(*blocked)
    bot = launch(paced, clock=JUST_BEFORE_NINE)
    served = [user for user in subscribers if user not in blocked]
    paced.wait_for(lambda: sorted(reminders_per_chat(paced)) == served, 30, "the others")
    paced.wait_for(
        lambda: {c.chat_id for c in paced.of("sendMessage") if c.status == 403} == set(blocked),
        10,
        "a 403 for each blocked",
    )
    fan_out_over(paced, bot)
    assert bot.stop() == 0
    assert reminders_per_chat(paced) == {user: 1 for user in served}
    active = dict(query(database, "SELECT id, active FROM users"))
    assert {user for user, flag in active.items() if flag == 0} == set(blocked)
    assert all(active[user] == 1 for user in served)
    assert delivered(database, "blocked") == len(blocked)
    assert delivered(database) == len(served)
    assert f"{len(served)} sent, 0 failed, {len(blocked)} blocked" in bot.log()


def test_sigkill_in_the_middle_of_a_fan_out_then_a_restart_catches_up_exactly_once(
    fast: BotAPIServer, launch, database: Path
) -> None:
    subscribers = list(range(10_001, 10_001 + KILL_DRILL_SUBSCRIBERS))
    seed_subscribers(database, subscribers)
    bot = launch(fast, clock=JUST_BEFORE_NINE, pace_scale=KILL_DRILL_PACE, extra=KILL_DRILL_CLAIM)
    fast.wait_for(lambda: len(fast.messages()) >= 300, 60, "300 reminders sent")
    # Freeze the sends in flight (Telegram has not accepted them), let the bot log what was
    # accepted, then kill it: the held requests die with it and are never delivered.
    fast.hold()
    time.sleep(0.5)
    bot.kill()
    fast.release()
    assert bot.process.returncode == -9
    accepted = len(fast.messages())
    assert 300 <= accepted < len(subscribers)
    assert delivered(database) == accepted  # each accepted send was logged before the kill

    # Restarted after 09:00, before the deadline: the missed slot is caught up.
    bot = launch(fast, clock="2022-04-12T09:05", pace_scale=KILL_DRILL_PACE, extra=KILL_DRILL_CLAIM)
    fast.wait_for(
        lambda: len(reminders_per_chat(fast)) == len(subscribers),
        150,
        "every subscriber's reminder after the restart",
    )
    fan_out_over(fast, bot)
    assert bot.stop() == 0
    counts = reminders_per_chat(fast)
    twice = sorted(user for user, n in counts.items() if n > 1)
    assert not twice, f"{len(twice)} subscriber(s) got the reminder twice: {twice[:10]}"
    assert counts == {user: 1 for user in subscribers}
    assert delivered(database) == len(subscribers)
    assert f"reminder {SLOT}: {len(subscribers) - accepted} sent, 0 failed" in bot.log()


def test_a_database_locked_by_another_writer_delays_replies_and_loses_nothing(
    server: BotAPIServer, launch, database: Path
) -> None:
    bot = launch(server, clock="2022-03-10T10:00")
    server.command(6000, "start")  # the bot's connection is open and used
    locker = sqlite3.connect(database, timeout=5, isolation_level=None)
    try:
        locker.execute("BEGIN EXCLUSIVE")
        locked_at = time.monotonic()
        query_id = server.press(6001, "v1:web:reg:webinar-2022-03-17")
        server.send_text(6002, "Où trouver un logement pas cher à Paris ?")  # kept, unanswered
        server.press(6003, "v1:rem:sub:applications-close")
        time.sleep(2)
        assert server.messages(6001) == []  # the registration waits for the lock
        locker.execute("COMMIT")
        released_at = time.monotonic()
    finally:
        locker.close()
    confirmation, ics = server.wait_messages(6001, count=2, timeout=20)
    assert confirmation.at >= released_at and confirmation.at - locked_at >= 2
    webinar = KNOWLEDGE.event("webinar-2022-03-17")
    assert confirmation.plain.startswith(
        text("fr", "registered", title=webinar.title.get("fr"), when=when(webinar, "fr"))
    )
    assert ics.document is not None and ics.document.filename == "webinaire-eig-2022-03-17.ics"
    assert server.answered(query_id)
    [declined] = server.wait_messages(6002, timeout=20)
    assert declined.plain.startswith(message("fr", "dont_know"))
    [subscribed] = server.wait_messages(6003, timeout=20)
    assert subscribed.plain.startswith(
        text("fr", "subscribed", title="Clôture des candidatures", date="mardi 19 avril 2022")
    )
    assert bot.stop() == 0
    assert query(database, "SELECT user_id, webinar_id FROM registrations") == [(6001, "webinar-2022-03-17")]
    assert query(database, "SELECT user_id, event_id FROM subscriptions") == [(6003, "applications-close")]
    assert query(database, "SELECT text FROM unanswered") == [("Où trouver un logement pas cher à Paris ?",)]
    assert not bot.log_lines("ERROR"), bot.log()


def test_a_broken_yaml_edit_is_refused_and_the_admin_told_file_and_line(
    server: BotAPIServer, launch, tmp_path: Path
) -> None:
    folder = copy_knowledge(tmp_path)
    bot = launch(server, clock="2022-03-10T10:00", admins=[ADMIN], knowledge_dir=folder)
    [before] = server.say(7001, "Quel est le salaire ?")
    assert "3 500 euros" in before.plain

    path = entry_file(folder, "pay")
    original = path.read_text(encoding="utf-8")
    broken, line = with_tab(original, "pay")
    write(path, broken)
    [told] = server.wait_messages(ADMIN, timeout=20)
    where = f"knowledge/faq/{path.name}:{line}"
    assert told.plain.startswith("Modification des connaissances refusée : 1 problème(s).")
    assert f"• {where} : une tabulation sert à l'indentation" in told.plain
    [after] = server.say(7001, "Quel est le salaire ?")
    assert after.plain == before.plain
    time.sleep(2.5)  # the watcher polls again: the admin is told once, not at every poll
    assert len(server.messages(ADMIN)) == 1

    write(path, original)  # fixed: live again, nobody is told
    server.wait_for(lambda: "knowledge reloaded" in bot.log(), 20, "the reload")
    [fixed] = server.say(7001, "Quel est le salaire ?")
    assert fixed.plain == before.plain
    assert len(server.messages(ADMIN)) == 1
    assert bot.stop() == 0
    assert f"knowledge problem: {where} : une tabulation" in bot.log()


def test_a_registration_s_confirmation_and_ics_come_together_without_a_429(
    limited: BotAPIServer, launch
) -> None:
    """Registering sends a text and the .ics at once: two messages to one chat within a second,
    inside the burst Telegram tolerates per chat, so Telegram refuses neither."""
    bot = launch(limited, clock="2022-03-10T10:00")
    try:
        _confirmation, ics = limited.tap(8001, "v1:web:reg:webinar-2022-03-17", count=2, timeout=5)
        assert ics.document is not None and ics.document.filename == "webinaire-eig-2022-03-17.ics"
        assert limited.too_many_given == 0
    finally:
        assert bot.stop() == 0


def test_a_429_on_a_reply_is_waited_out(limited: BotAPIServer, launch) -> None:
    """Telegram answers 429 retry_after 1 to the confirmation (for its own reasons): the bot
    waits it out and sends it again, and the .ics follows."""
    bot = launch(limited, clock="2022-03-10T10:00")
    try:
        limited.too_many(count=1, retry_after=1)
        _confirmation, ics = limited.tap(8001, "v1:web:reg:webinar-2022-03-17", count=2, timeout=5)
        assert ics.document is not None and ics.document.filename == "webinaire-eig-2022-03-17.ics"
        assert limited.too_many_given == 1
    finally:
        assert bot.stop() == 0


def test_a_long_429_storm_does_not_make_a_fan_out_give_up(
    paced: BotAPIServer, launch, database: Path
) -> None:
    subscribers = list(range(1101, 1111))
    seed_subscribers(database, subscribers)
    paced.too_many(seconds=6.0, retry_after=1)  # Telegram may well ask to wait longer
    bot = launch(paced, clock=JUST_BEFORE_NINE)
    try:
        paced.wait_for(lambda: f"reminder {SLOT}: " in bot.log(), 40, "the fan-out's summary")
        assert reminders_per_chat(paced) == {user: 1 for user in subscribers}
    finally:
        assert bot.stop() == 0
