"""One reminder fan-out to 10,000 subscribers against the test Bot API server with Telegram's
limits, through the bot's real Application (AIORateLimiter), reminders.dispatch.Dispatcher and
bot.delivery.telegram_sender.

    python benchmarks/fanout.py                   # 10,000 subscribers (about 6 minutes)
    python benchmarks/fanout.py --quick           # 1,000 subscribers
    python benchmarks/fanout.py --global-limit 60 # a server that allows what the bot's limiter sends

The server refuses, with 429 and retry_after, a message beyond 30 in any second overall or 1
per second per chat (tests/fakebot/). Prints: elapsed time, messages per second and as a
share of 30, 429s received, deliveries sent / failed / blocked by the dispatcher's count,
duplicates and subscribers never reached by the server's record (both should be 0).
No assertion: figures only.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from table import print_rows  # noqa: E402

from bot.core import Core
from bot.delivery import telegram_sender
from bot.settings import Settings
from bot.telegram import build_application
from knowledge.clock import FixedClock
from knowledge.loader import load_knowledge
from knowledge.model import PARIS
from reminders.dispatch import Dispatcher
from reminders.planner import all_slots
from storage.store import Person, Store
from tests.fakebot.http import DEFAULT_TOKEN, BotAPIServer

SLOT = "applications-close/d7@0900"
TELEGRAM_RATE = 30
SUBSCRIBED = datetime(2022, 4, 1, 12, tzinfo=PARIS)
DUE = datetime(2022, 4, 12, 9, 0, tzinfo=PARIS)
FIRST_ID = 100_001


async def seed(store: Store, count: int) -> None:
    for user_id in range(FIRST_ID, FIRST_ID + count):
        await store.save_user(Person(user_id, f"User{user_id}", None, "fr"), SUBSCRIBED)
        await store.subscribe(user_id, "applications-close", SUBSCRIBED)


async def fan_out(server: BotAPIServer, folder: Path, count: int) -> dict[str, object]:
    knowledge = load_knowledge()
    clock = FixedClock(DUE)
    store = await Store.open(folder / "bench.sqlite3")
    started = time.perf_counter()
    await seed(store, count)
    seeded = time.perf_counter() - started
    settings = Settings(telegram_token=DEFAULT_TOKEN, telegram_base_url=server.base_url)
    application = build_application(settings, Core(knowledge, clock, store))
    await application.initialize()
    slot = next(s for s in all_slots(knowledge) if s.key == SLOT)
    dispatcher = Dispatcher(store, clock, telegram_sender(application.bot))
    try:
        started = time.perf_counter()
        result = await dispatcher.fan_out(slot)
        elapsed = time.perf_counter() - started
    finally:
        await application.shutdown()
        await store.close()
    return {"seeded": seeded, "elapsed": elapsed, "result": result}


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
    args = parser.parse_args(argv)
    count = args.subscribers or (1000 if args.quick else 10_000)
    logging.basicConfig(level=logging.CRITICAL)  # AIORateLimiter logs every 429 with a traceback

    with (
        tempfile.TemporaryDirectory() as folder,
        BotAPIServer(DEFAULT_TOKEN, global_limit=args.global_limit) as server,
    ):
        outcome = asyncio.run(fan_out(server, Path(folder), count))
        per_chat = Counter(m.chat_id for m in server.messages())
        too_many, by_limits = server.too_many_given, server.limit_429s
    result = outcome["result"]
    elapsed = outcome["elapsed"]
    accepted = sum(per_chat.values())
    rate = accepted / elapsed
    duplicates = sum(n - 1 for n in per_chat.values() if n > 1)
    missed = count - len(per_chat)
    rows = [
        ("subscribers", f"{count:,}"),
        ("server limits", f"{args.global_limit} msg in any 1 s overall, 1 msg/s per chat"),
        ("seeding the database (Store)", f"{outcome['seeded']:.1f} s"),
        ("fan-out elapsed", f"{elapsed:.1f} s"),
        ("messages accepted by the server", f"{accepted:,}"),
        ("messages per second", f"{rate:.1f} ({rate / TELEGRAM_RATE:.0%} of 30)"),
        ("429s received", f"{too_many:,} (flood limits: {by_limits:,})"),
        (
            "dispatcher: sent / failed / blocked",
            (f"{result.sent:,} / {result.failed:,} / {result.blocked:,} ({result.retried:,} retries)"),
        ),
        ("duplicates (server record)", f"{duplicates:,}"),
        ("subscribers never reached", f"{missed:,}"),
    ]
    print_rows(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
