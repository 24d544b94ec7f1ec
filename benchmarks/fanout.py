"""One reminder fan-out to 10,000 subscribers against the test Bot API server with Telegram's
limits, through the bot's real Application (its PacedRateLimiter), reminders.dispatch.Dispatcher
and bot.delivery.telegram_sender.

    python benchmarks/fanout.py                   # 10,000 subscribers (about 6 minutes)
    python benchmarks/fanout.py --quick           # 1,000 subscribers
    python benchmarks/fanout.py --global-limit 60 # a server that allows what the bot's limiter sends
    python benchmarks/fanout.py --database-url postgresql://…  # PostgreSQL instead of an SQLite file
    python benchmarks/fanout.py --replicas 2      # two bot processes share the slot through their claims
    python benchmarks/fanout.py --replicas 2 --send-rate 30  # ... each sending 30 a second (429s)
    python benchmarks/fanout.py --questions 0     # no one asks anything meanwhile

The server refuses, with 429 and retry_after, a message beyond 30 in any second overall, or
beyond a burst of 3 then 1 per second per chat (tests/fakebot/rules.py). Meanwhile (one bot
process) people ask questions, one a second from the 2nd second (--questions, default 20):
their replies go before the reminders still waiting. Prints: elapsed time, messages per
second and as a share of 30, 429s received, deliveries sent / failed / blocked by the
dispatcher's count, duplicates and subscribers never reached by the server's record (both
should be 0), and the questions' reply times (update handed to the bot -> reply accepted).
With --replicas N, N bot processes (this script again, each with its own Application and rate
limiter, its own connection or pool, its own Dispatcher) fan the same slot out at once on one
database, each sending at most 30/N messages a second (SEND_RATE; --send-rate); the dispatcher
line adds up what each sent, and the time includes their start.
No assertion: figures only. With --database-url, the benchmark's users (ids from 100,001) are
deleted from that database first, and left in it afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from table import print_rows  # noqa: E402
from telegram.ext import Application

from bot.core import Core
from bot.delivery import telegram_sender
from bot.settings import Settings
from bot.telegram import build_application
from knowledge.clock import FixedClock, SystemClock
from knowledge.loader import load_knowledge
from knowledge.model import PARIS
from reminders.dispatch import Dispatcher
from reminders.planner import all_slots
from storage.store import Person, Store, open_store
from tests.fakebot import text_update, user_dict
from tests.fakebot.http import DEFAULT_TOKEN, BotAPIServer

SLOT = "applications-close/d7@0900"
TELEGRAM_RATE = 30
SUBSCRIBED = datetime(2022, 4, 1, 12, tzinfo=PARIS)
DUE = datetime(2022, 4, 12, 9, 0, tzinfo=PARIS)
FIRST_ID = 100_001
ASKER_ID = 90_001  # the people asking questions during the fan-out (not subscribers)


async def seed(store: Store, count: int) -> None:
    for user_id in range(FIRST_ID, FIRST_ID + count):
        await store.save_user(Person(user_id, f"User{user_id}", None, "fr"), SUBSCRIBED)
        await store.subscribe(user_id, "applications-close", SUBSCRIBED)


COUNTS = ("sent", "failed", "blocked", "retried")


async def ask(application: Application, server: BotAPIServer, questions: int) -> list[float]:
    """One question a second from the 2nd second, each from someone else, handled as the bot
    handles an update; the seconds from each update to its reply accepted by the server."""
    waits: list[float] = []
    for number in range(questions):
        await asyncio.sleep(2.0 if number == 0 else 1.0)
        user = user_dict(ASKER_ID + number)
        started = time.monotonic()
        await application.process_update(text_update(application.bot, "Quel est le salaire ?", user))
        replies = server.messages(user["id"])
        waits += [replies[0].at - started] if replies else []
    return waits


async def replica(
    base_url: str,
    database: str,
    send_rate: int = TELEGRAM_RATE,
    server: BotAPIServer | None = None,
    questions: int = 0,
) -> dict[str, Any]:
    """One bot fanning the slot out: its own store, Application (rate limiter) and Dispatcher;
    with `server`, `questions` asked meanwhile."""
    knowledge = load_knowledge()
    clock = FixedClock(DUE)
    store = await open_store(database)
    settings = Settings(telegram_token=DEFAULT_TOKEN, telegram_base_url=base_url, send_rate=send_rate)
    application = build_application(settings, Core(knowledge, clock, store))
    await application.initialize()
    slot = next(s for s in all_slots(knowledge) if s.key == SLOT)
    dispatcher = Dispatcher(store, clock, telegram_sender(application.bot), claim_clock=SystemClock())
    asking = asyncio.ensure_future(ask(application, server, questions) if server else asyncio.sleep(0))
    try:
        result = await dispatcher.fan_out(slot)
        waits = await asking
    finally:
        asking.cancel()
        await application.shutdown()
        await store.close()
    return {**{name: getattr(result, name) for name in COUNTS}, "waits": waits or []}


async def replica_process(base_url: str, database: str, send_rate: int) -> dict[str, int]:
    """A replica as its own process (this script with --replica), as a second bot would run."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        __file__,
        "--replica",
        base_url,
        database,
        str(send_rate),
        stdout=asyncio.subprocess.PIPE,
    )
    output, _ = await process.communicate()
    return json.loads(output.decode().strip().splitlines()[-1])


async def fan_out(
    server: BotAPIServer,
    folder: Path,
    count: int,
    database_url: str | None = None,
    replicas: int = 1,
    questions: int = 0,
    send_rate: int = TELEGRAM_RATE,
) -> dict[str, Any]:
    database = database_url or str(folder / "bench.sqlite3")
    store = await open_store(database)
    if database_url:  # a previous run's users, subscriptions and deliveries
        await store.write("DELETE FROM users WHERE id >= ? AND id < ?", FIRST_ID, FIRST_ID + count)
    started = time.perf_counter()
    await seed(store, count)
    seeded = time.perf_counter() - started
    await store.close()
    started = time.perf_counter()
    if replicas == 1:
        results = [await replica(server.base_url, database, send_rate, server, questions)]
    else:
        processes = (replica_process(server.base_url, database, send_rate) for _ in range(replicas))
        results = await asyncio.gather(*processes)
    elapsed = time.perf_counter() - started
    return {"seeded": seeded, "elapsed": elapsed, "results": results}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 subscribers")
    parser.add_argument("--subscribers", type=int, help="how many (default 10,000)")
    parser.add_argument(
        "--global-limit",
        type=int,
        default=TELEGRAM_RATE,
        help="messages in any second the server accepts (default 30)",
    )
    parser.add_argument(
        "--database-url", metavar="URL", help="a PostgreSQL database to use instead of an SQLite file"
    )
    parser.add_argument(
        "--replicas",
        type=int,
        default=1,
        help="bot processes sharing the fan-out (default 1)",
    )
    parser.add_argument(
        "--questions", type=int, default=20, help="questions asked during the fan-out, one bot (default 20)"
    )
    parser.add_argument(
        "--send-rate", type=int, help="messages a second each bot process sends (default 30 / replicas)"
    )
    parser.add_argument(
        "--replica", nargs=3, metavar=("BASE_URL", "DATABASE", "RATE"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.replica:  # one of the --replicas processes: fan out, print the counts as JSON
        logging.basicConfig(level=logging.CRITICAL)
        base_url, database, rate = args.replica
        print(json.dumps(asyncio.run(replica(base_url, database, int(rate)))))
        return 0
    count = args.subscribers or (1000 if args.quick else 10_000)
    send_rate = args.send_rate or TELEGRAM_RATE // args.replicas
    logging.basicConfig(level=logging.CRITICAL)  # AIORateLimiter logs every 429 with a traceback

    with (
        tempfile.TemporaryDirectory() as folder,
        BotAPIServer(DEFAULT_TOKEN, global_limit=args.global_limit) as server,
    ):
        outcome = asyncio.run(
            fan_out(server, Path(folder), count, args.database_url, args.replicas, args.questions, send_rate)
        )
        per_chat = Counter(m.chat_id for m in server.messages())
        too_many, by_limits = server.too_many_given, server.limit_429s
    results = outcome["results"]
    sent, failed, blocked, retried = (sum(r[name] for r in results) for name in COUNTS)
    shares = " + ".join(f"{r['sent']:,}" for r in results)
    elapsed = outcome["elapsed"]
    waits = sorted(w for r in results for w in r.get("waits", []))
    accepted = sum(n for chat, n in per_chat.items() if chat >= FIRST_ID)
    rate = sum(per_chat.values()) / elapsed  # reminders and replies: one budget
    duplicates = sum(n - 1 for n in per_chat.values() if n > 1)
    missed = count - sum(1 for chat in per_chat if chat >= FIRST_ID)
    rows = [
        ("subscribers", f"{count:,}"),
        (
            "server limits",
            f"{args.global_limit} msg in any 1 s overall; per chat a burst of 3, then 1 msg/s",
        ),
        ("database", "PostgreSQL" if args.database_url else "SQLite"),
        (
            "replicas (bot processes sharing the slot)",
            f"{args.replicas} ({shares} sent), each at most {send_rate} msg/s (SEND_RATE)",
        ),
        ("seeding the database (Store)", f"{outcome['seeded']:.1f} s"),
        ("fan-out elapsed", f"{elapsed:.1f} s"),
        ("reminders accepted by the server", f"{accepted:,}"),
        ("messages per second (reminders and replies)", f"{rate:.1f} ({rate / TELEGRAM_RATE:.0%} of 30)"),
        ("429s received", f"{too_many:,} (flood limits: {by_limits:,})"),
        (
            "dispatcher: sent / failed / blocked",
            f"{sent:,} / {failed:,} / {blocked:,} ({retried:,} retries)",
        ),
        ("duplicates (server record)", f"{duplicates:,}"),
        ("subscribers never reached", f"{missed:,}"),
        (
            "questions asked meanwhile: reply median / max",
            f"{len(waits)}: {statistics.median(waits):.2f} / {waits[-1]:.2f} s" if waits else "-",
        ),
    ]
    print_rows(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
