"""Two bot processes on one PostgreSQL database, as on a hosting platform: replicas behind its
router, or an old and a new release overlapping during a deploy.

Drills: a 2,000-subscriber fan-out at 09:00 shared by both, one killed with SIGKILL in the
middle, then PostgreSQL restarted under the fan-out; 50 registrations at once for 10 places,
split across both; PostgreSQL restarted during a registration burst. The processes run in
webhook mode (one consumer of updates each, as Telegram requires), and the test plays the
router: it POSTs each update to one of them and, like Telegram, posts it again until it is
accepted.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from bot.texts import text
from tests.botprocess import ROOT, BotProcess, bot_environment
from tests.e2e.helpers import reminders_per_chat, seed_subscribers
from tests.fakebot import BOT_USER
from tests.fakebot.http import BotAPIServer
from tests.knowledge_edits import copy_knowledge
from tests.storage.backends import postgres_url, with_settings

pytestmark = pytest.mark.e2e

SECRET = "drill-secret"
SLOT = "applications-close/d7@0900"
JUST_BEFORE_NINE = "2022-04-12T08:59:57"  # the d7 reminder of applications-close is at 09:00
SUBSCRIBERS = 2000
WEBINAR = "webinar-2022-03-17"
BEFORE_THE_WEBINARS = "2022-03-10T10:00"
CLAIM = 6  # seconds before a killed replica's claims are taken over (120 in production)
# The fan-out drill's replicas pace themselves ten times as fast as Telegram allows (what it
# checks, no reminder twice across a kill, does not depend on the pace; 2,000 at 30 a second
# take more than a minute); its server's overall limit follows.
FAN_OUT_PACE = 0.1


# -- the database: a schema of its own on TEST_DATABASE_URL's server -----------------------------
@pytest.fixture
def pg() -> Iterator[str]:
    url = postgres_url()
    name = f"drill_{uuid.uuid4().hex[:12]}"
    asyncio.run(admin(url, f"CREATE SCHEMA {name}"))
    yield with_settings(url, search_path=name)
    asyncio.run(admin(url, f"DROP SCHEMA {name} CASCADE"))


async def admin(url: str, sql: str, *params: Any) -> list[asyncpg.Record]:
    connection = await asyncpg.connect(url)
    try:
        return await connection.fetch(sql, *params)
    finally:
        await connection.close()


def count(url: str, sql: str, *params: Any) -> int:
    return int(asyncio.run(admin(url, sql, *params))[0][0])


# -- the replicas ---------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Replica(BotProcess):
    """A `python -m bot` process in webhook mode on its own port, on the PostgreSQL database."""

    port: int

    def post(self, update: dict[str, Any], timeout: float = 30.0) -> None:
        """POST the update until the bot accepts it (200), as Telegram retries a failed delivery."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                response = httpx.post(
                    f"http://127.0.0.1:{self.port}/hook",
                    json=update,
                    headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
                    timeout=10,
                )
                if response.status_code == 200:
                    return
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, f"update {update['update_id']} never accepted"
            self.assert_alive()
            time.sleep(0.2)


@pytest.fixture
def replicas(tmp_path: Path, pg: str) -> Iterator[Callable[..., Replica]]:
    """replicas(server, name, clock=..., knowledge_dir=...) -> a running Replica on `pg`."""
    started: list[Replica] = []

    def start(server: BotAPIServer, name: str, **options: Any) -> Replica:
        port = free_port()
        webhook = {
            "WEBHOOK_URL": f"http://127.0.0.1:{port}/hook",
            "PORT": str(port),
            "WEBHOOK_SECRET": SECRET,
            "REMINDER_CLAIM_SECONDS": str(CLAIM),
        }
        environ = bot_environment(
            server, tmp_path / "unused.sqlite3", **options, extra={"DATABASE_URL": pg, **webhook}
        )
        del environ["DATABASE_PATH"]  # DATABASE_URL and DATABASE_PATH together are refused
        replica = Replica(server, environ, tmp_path / f"{name}.log")
        replica.port = port
        started.append(replica)
        replica.start(wait=False)
        server.wait_for(
            lambda: replica.process.poll() is not None or listening(port), 60, f"{name} to listen"
        )
        replica.assert_alive()
        return replica

    yield start
    for replica in started:
        replica.kill()


def listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex(("127.0.0.1", port)) == 0


_update_ids = iter(range(1, 10**9))


def press(user_id: int, data: str) -> dict[str, Any]:
    """The update Telegram posts when `user_id` presses a button of the bot's message."""
    user = {"id": user_id, "is_bot": False, "first_name": f"User{user_id}", "language_code": "fr"}
    message = {
        "message_id": 1,
        "date": int(time.time()),
        "from": BOT_USER,
        "chat": {"id": user_id, "type": "private", "first_name": user["first_name"]},
        "text": "…",
    }
    query = {"id": f"q{user_id}-{uuid.uuid4().hex[:6]}", "from": user, "chat_instance": "c", "data": data}
    return {"update_id": next(_update_ids), "callback_query": {**query, "message": message}}


def with_capacity(folder: Path, webinar_id: str, places: int) -> Path:
    """The knowledge copy with `places` places for the webinar."""
    path = folder / "calendar.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.strip() == f"- id: {webinar_id}")
    lines.insert(at + 1, f"    capacity: {places}\n")
    path.write_text("".join(lines), encoding="utf-8")
    return folder


def registrations(url: str, webinar_id: str) -> set[int]:
    rows = asyncio.run(admin(url, "SELECT user_id FROM registrations WHERE webinar_id = $1", webinar_id))
    return {int(row[0]) for row in rows}


def replied(server: BotAPIServer, users: list[int]) -> bool:
    chats = server.chats()
    return all(chats.get(user) for user in users)


def confirmed(server: BotAPIServer, users: list[int], stored: set[int]) -> set[int]:
    """The users told they are registered: each got the .ics that comes with the yes (waited
    for as long as a stored registration has not had its file yet)."""
    got = lambda: {user for user in users if server.documents(user)}  # noqa: E731
    server.wait_for(lambda: stored <= got(), 30, "the .ics of each stored registration")
    return got()


# -- the drills -----------------------------------------------------------------------------------
@pytest.fixture
def paced() -> Iterator[BotAPIServer]:
    """For the fan-out: 1 message per second per chat, and overall twice what the replicas send."""
    with BotAPIServer(global_limit=round(2 * 2 * 30 / FAN_OUT_PACE)) as api:
        yield api


def test_two_replicas_share_a_fan_out_and_neither_a_sigkill_nor_a_restart_sends_a_reminder_twice(
    paced: BotAPIServer, replicas, pg: str
) -> None:
    subscribers = list(range(20_001, 20_001 + SUBSCRIBERS))
    seed_subscribers(pg, subscribers)  # type: ignore[arg-type]
    first = replicas(paced, "first", clock=JUST_BEFORE_NINE, pace_scale=FAN_OUT_PACE)
    second = replicas(paced, "second", clock=JUST_BEFORE_NINE, pace_scale=FAN_OUT_PACE)
    paced.wait_for(lambda: len(paced.messages()) >= 400, 90, "400 reminders sent")
    # Freeze the sends in flight, let both log what Telegram accepted, then kill the first.
    paced.hold()
    time.sleep(0.5)
    first.kill()
    paced.release()
    assert first.process is not None and first.process.returncode == -9

    # The platform starts it again; the claims it held are taken over once stale (CLAIM seconds).
    again = replicas(paced, "again", clock="2022-04-12T09:01", pace_scale=FAN_OUT_PACE)
    # Then the database restarts under the fan-out (a managed PostgreSQL's maintenance).
    sent_before = len(paced.messages())
    paced.wait_for(lambda: len(paced.messages()) >= sent_before + 200, 90, "200 more reminders")
    restart_postgres()
    paced.wait_for(
        lambda: len(reminders_per_chat(paced)) == SUBSCRIBERS,
        240,
        lambda: (
            f"every subscriber's reminder ({len(reminders_per_chat(paced))} of {SUBSCRIBERS}); the logs' "
            f"ends:\n{second.log()[-2000:]}\n{again.log()[-2000:]}"
        ),
    )
    # The second ends its fan-out once no claim is in flight (it looks every 5 s): its summary.
    paced.wait_for(lambda: " sent, " in second.log(), 30, "the second replica's summary")
    assert second.stop() == 0 and again.stop() == 0
    counts = reminders_per_chat(paced)
    twice = sorted(user for user, n in counts.items() if n > 1)
    assert not twice, f"{len(twice)} subscriber(s) got the reminder twice: {twice[:10]}"
    assert counts == {user: 1 for user in subscribers}
    sent = "SELECT COUNT(*) FROM deliveries WHERE slot_key = $1 AND status = 'sent'"
    assert count(pg, sent, SLOT) == SUBSCRIBERS
    # Both replicas did part of the work: the second finished with less than everything.
    [summary] = [
        line for line in second.log().splitlines() if f"reminder {SLOT}: " in line and " sent, " in line
    ]
    assert int(summary.split(f"reminder {SLOT}: ")[1].split()[0]) < SUBSCRIBERS


def test_fifty_registrations_at_once_on_two_replicas_fill_ten_places_exactly(
    tmp_path: Path, replicas, pg: str
) -> None:
    knowledge = with_capacity(copy_knowledge(tmp_path), WEBINAR, 10)
    with BotAPIServer(global_limit=0, per_chat_window=0) as api:
        pair = [replicas(api, name, clock=BEFORE_THE_WEBINARS, knowledge_dir=knowledge) for name in "ab"]
        users = list(range(501, 551))
        with ThreadPoolExecutor(max_workers=50) as pool:
            list(pool.map(lambda u: pair[u % 2].post(press(u, f"v1:web:reg:{WEBINAR}")), users))
        api.wait_for(lambda: replied(api, users), 60, "a reply to each of the 50")
        registered = registrations(pg, WEBINAR)
        assert len(registered) == 10
        assert confirmed(api, users, registered) == registered
        full = text("fr", "webinar_full", date="@").split("@")[0]
        refused = {user for user in users if any(m.plain.startswith(full) for m in api.messages(user))}
        assert refused == set(users) - registered
        assert all(replica.running for replica in pair)


def restart_postgres() -> None:
    """Restart the test server (.ci/postgres restart): every connection is cut."""
    subprocess.run([str(ROOT / ".ci" / "postgres"), "restart", server_folder()], check=True, timeout=60)


def server_folder() -> str:
    folder = os.environ.get("EIG_TEST_PGDATA", "")
    if not folder:
        if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
            pytest.fail("CI: EIG_TEST_PGDATA is not set; .ci/run starts PostgreSQL with .ci/postgres", False)
        pytest.skip('restarting PostgreSQL needs EIG_TEST_PGDATA (eval "$(.ci/postgres start)")')
    return folder


def test_postgresql_restarted_during_a_registration_burst_loses_nothing_it_confirmed(
    replicas, pg: str
) -> None:
    server_folder()  # skipped without one
    with BotAPIServer(global_limit=0, per_chat_window=0) as api:
        pair = [replicas(api, name, clock=BEFORE_THE_WEBINARS) for name in "ab"]
        users = list(range(701, 761))

        def register(user: int) -> None:
            time.sleep((user - users[0]) * 0.05)  # a burst over three seconds
            pair[user % 2].post(press(user, f"v1:web:reg:{WEBINAR}"))

        with ThreadPoolExecutor(max_workers=60) as pool:
            burst = [pool.submit(register, user) for user in users]
            time.sleep(1.0)
            restart_postgres()
            for done in burst:
                done.result()
        api.wait_for(lambda: replied(api, users), 90, "a reply to each of the burst")
        stored = registrations(pg, WEBINAR)
        told = confirmed(api, users, stored)
        assert told <= stored, f"confirmed but not stored: {sorted(told - stored)}"
        assert len(told) >= len(users) // 2  # most of the burst was served
        # The replicas work on after the restart: a new registration is stored and confirmed.
        pair[0].post(press(800, f"v1:web:reg:{WEBINAR}"))
        api.wait_for(lambda: bool(api.documents(800)), 30, "a registration after the restart")
        assert 800 in registrations(pg, WEBINAR)
        assert all(r.running for r in pair)
        print(json.dumps({"burst": len(users), "confirmed": len(told), "stored": len(stored)}))
