"""Load: 500 users each sending 5 questions at once, through the test Bot API server, to the bot
running as its own process (`python -m bot`).

    python benchmarks/load.py                  # 500 users x 5 questions
    python benchmarks/load.py --quick          # 100 users x 5 questions
    python benchmarks/load.py --order burst    # each user's 5 questions back to back

All the updates are queued at once; the bot long-polls them (100 per getUpdates). By default
the questions are queued round by round (every user's 1st question, then every user's 2nd...);
`--order burst` queues each user's five one after the other. The server has Telegram's
limits (30 messages in any second overall; per chat a burst of 3, then 1 per second:
tests/fakebot/rules.py) unless told otherwise.
Prints: replies received and lost, replies per second, latency from queuing an update to its
reply (median, p95, max), 429s given, and the bot process's peak memory (VmHWM from /proc
before it stops, and ru_maxrss of the child after it exits). No assertion: figures only.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import yaml
from table import print_rows  # noqa: E402

from tests.botprocess import BotProcess, bot_environment
from tests.fakebot.http import DEFAULT_TOKEN, BotAPIServer

FIRST_USER = 200_001


def questions() -> list[str]:
    found: list[str] = []
    for path in sorted((ROOT / "tests" / "eval").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        found += [item["q"] for item in data if isinstance(item, dict) and item.get("q")]
    return found


def peak_rss_kib(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="100 users")
    parser.add_argument("--users", type=int)
    parser.add_argument("--questions", type=int, default=5, help="per user (default 5)")
    parser.add_argument("--order", choices=("rounds", "burst"), default="rounds")
    parser.add_argument("--global-limit", type=int, default=30)
    parser.add_argument("--per-chat-window", type=float, default=1.0)
    args = parser.parse_args(argv)
    users = args.users or (100 if args.quick else 500)
    per_user = args.questions
    rng = random.Random(2022)
    pool = questions()
    asked = {FIRST_USER + u: rng.sample(pool, per_user) for u in range(users)}
    order = (
        [(user, k) for k in range(per_user) for user in asked]
        if args.order == "rounds"
        else [(user, k) for user in asked for k in range(per_user)]
    )

    with (
        tempfile.TemporaryDirectory() as folder,
        BotAPIServer(
            DEFAULT_TOKEN, global_limit=args.global_limit, per_chat_window=args.per_chat_window
        ) as server,
    ):
        environ = bot_environment(server, Path(folder) / "bot.sqlite3", clock="2022-03-20T10:00", admins=())
        bot = BotProcess(server, environ, Path(folder) / "bot.log").start()
        assert bot.process is not None
        idle_rss = peak_rss_kib(bot.process.pid)
        sent_at: dict[tuple[int, int], float] = {}
        start = time.monotonic()
        for user, k in order:
            sent_at[(user, k)] = time.monotonic()
            server.send_text(user, asked[user][k])
        expected = users * per_user
        last_count, last_change = 0, time.monotonic()
        while True:  # until every reply came, or nothing came for 20 s (replies lost)
            count = len(server.messages())
            if count != last_count:
                last_count, last_change = count, time.monotonic()
            if count >= expected or time.monotonic() - last_change > 20:
                break
            time.sleep(0.2)
        replies = server.messages()
        end = max((m.at for m in replies), default=start)
        peak_rss = peak_rss_kib(bot.process.pid)
        status = bot.stop()
        child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        too_many, by_limits = server.too_many_given, server.limit_429s
        per_chat = {user: server.messages(user) for user in asked}
        errors = len(bot.log_lines("ERROR"))

    # A user's k-th reply answers their k-th question (updates are handled in order, one
    # message per answer); when a reply was lost that pairing is unknown, so latencies are
    # taken from the users who got all their replies.
    latencies = []
    extra = complete = 0
    for user, got in per_chat.items():
        extra += max(0, len(got) - per_user)
        if len(got) == per_user:
            complete += 1
            latencies += [reply.at - sent_at[(user, k)] for k, reply in enumerate(got)]
    received = sum(min(len(got), per_user) for got in per_chat.values())
    elapsed = end - start
    rows = [
        ("users x questions", f"{users} x {per_user} = {expected:,} updates, order: {args.order}"),
        (
            "server limits",
            f"{args.global_limit} msg in any 1 s overall, "
            + (
                f"per chat a burst of 3, then 1 msg per {args.per_chat_window:g} s"
                if args.per_chat_window
                else "no per-chat limit"
            ),
        ),
        ("replies received", f"{received:,} ({expected - received:,} lost, {extra} extra pieces)"),
        ("elapsed (first update queued -> last reply)", f"{elapsed:.1f} s"),
        ("replies per second", f"{len(replies) / elapsed:.1f}" if elapsed else "-"),
        (
            "latency median / p95 / max",
            (
                f"{statistics.median(latencies):.2f} / "
                f"{percentile(latencies, 0.95):.2f} / "
                f"{max(latencies):.2f} s ({complete} users with "
                "every reply)"
            )
            if latencies
            else "-",
        ),
        ("429s given by the server", f"{too_many:,} (flood limits: {by_limits:,})"),
        ("ERROR lines in the bot's log", f"{errors:,}"),
        (
            "bot peak RSS: idle / under load (VmHWM)",
            f"{(idle_rss or 0) / 1024:.0f} / {(peak_rss or 0) / 1024:.0f} MiB",
        ),
        ("bot ru_maxrss (child, after exit)", f"{child_rss / 1024:.0f} MiB"),
        ("bot exit status after SIGTERM", str(status)),
    ]
    print_rows(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
