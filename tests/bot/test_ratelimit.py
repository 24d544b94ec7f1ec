"""The bot's rate limiter (bot/ratelimit.py, bot/pacing.py) on a virtual clock: Telegram's flood
limits kept as the fake Bot API counts them, a chat's burst, replies before fan-outs."""

from __future__ import annotations

import asyncio
import heapq
import itertools
import random
from collections.abc import Awaitable
from datetime import datetime, timedelta
from typing import Any

import pytest
from telegram.error import RetryAfter

from bot import telegram as front
from bot.delivery import telegram_sender
from bot.pacing import Priority, bulk_sends
from bot.ratelimit import PacedRateLimiter
from bot.settings import Settings
from knowledge.model import PARIS
from reminders.planner import all_slots
from storage.records import Person
from tests.fakebot import FakeBotAPI, OfflineRequest, callback_update, text_update, user_dict
from tests.fakebot.faults import SlidingWindow, TokenBucket
from tests.helpers import TOKEN


class VirtualClock:
    """monotonic and sleep for the limiter: time jumps to the next sleeper's wake-up once every
    task is waiting, so a minute of pacing takes no real time."""

    def __init__(self) -> None:
        self.now = 0.0
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, delay: float) -> None:
        self.slept.append(delay)
        wake: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + max(0.0, delay), next(self._order), wake))
        await wake

    async def run(self, *work: Awaitable[Any]) -> list[Any]:
        """Run `work` to its end, moving the time forward whenever everything waits."""
        tasks = [asyncio.ensure_future(w) for w in work]
        while not all(t.done() for t in tasks):
            for _ in range(30):  # let every task run until it waits
                await asyncio.sleep(0)
            while self._sleepers and self._sleepers[0][2].done():
                heapq.heappop(self._sleepers)
            if self._sleepers and not all(t.done() for t in tasks):
                at, _, wake = heapq.heappop(self._sleepers)
                self.now = max(self.now, at)
                wake.set_result(None)
            elif not all(t.done() for t in tasks):
                raise AssertionError("every task waits and no one sleeps: stuck")
        return [t.result() for t in tasks]


@pytest.fixture
def virtual() -> VirtualClock:
    return VirtualClock()


@pytest.fixture
def limiter(virtual: VirtualClock) -> PacedRateLimiter:
    return PacedRateLimiter(monotonic=virtual.monotonic, sleep=virtual.sleep)


Sent = tuple[int, float, float]  # chat, let through, answered


def sender(clock: VirtualClock, limiter: PacedRateLimiter, log: list[Sent], latency: Any = lambda: 0.0):
    """send(chat): one sendMessage through the limiter, answered after latency() virtual seconds."""

    async def send(chat: int, endpoint: str = "sendMessage") -> None:
        async def request() -> bool:
            start = clock.now
            await clock.sleep(latency())
            log.append((chat, start, clock.now))
            return True

        await limiter.process_request(request, (), {}, endpoint, {"chat_id": chat}, None)

    return send


async def test_no_31_sends_in_any_second_as_telegram_counts_them(virtual, limiter):
    """Telegram counts a send somewhere between the bot's request and its answer: wherever the
    fake's sliding window (30 in any second) counts them, it refuses none."""
    rng = random.Random(13)
    log: list[Sent] = []
    send = sender(virtual, limiter, log, latency=lambda: rng.choice((0.0, 0.01, 0.05, 0.3, 0.9)))

    async def fan_out() -> None:
        with bulk_sends():
            await asyncio.gather(*(send(chat) for chat in range(1000, 1300)))

    await virtual.run(fan_out(), *(send(chat) for chat in range(1, 100)))
    assert len(log) == 399
    for trial in range(20):
        counted = sorted(rng.uniform(start, end) for _, start, end in log)
        window = SlidingWindow(30, 1.0)
        for at in counted:
            assert window.wait(at) == 0, f"trial {trial}: a 31st send in one second at {at:.3f}"
            window.add(at)


async def test_the_whole_budget_is_used(virtual, limiter):
    """30 at once, then 30 a second later as soon as the first answers are a second old."""
    log: list[Sent] = []
    send = sender(virtual, limiter, log)
    await virtual.run(*(send(chat) for chat in range(1, 301)))
    starts = [start for _, start, _ in log]
    assert starts == [float(n // 30) for n in range(300)]


async def test_a_chat_gets_a_burst_of_three_then_one_a_second(virtual, limiter):
    log: list[Sent] = []
    send = sender(virtual, limiter, log, latency=lambda: 0.02)
    await virtual.run(*(send(42) for _ in range(6)))
    starts = [round(start, 2) for _, start, _ in log]
    assert starts == [0.0, 0.02, 0.04, 1.02, 2.02, 3.02]  # one at a time, in order
    bucket = TokenBucket(3, 1, 1.0)  # the fake's per-chat rule
    for _, start, _ in log:
        assert bucket.wait(start) == 0
        bucket.add(start)


async def test_a_chat_waiting_its_turn_holds_back_no_other_chat(virtual):
    """Chat 42's 4th message waits a second for its turn without taking an overall place: with
    4 places a second, chat 7 still goes at once."""
    limiter = PacedRateLimiter(overall_limit=4, monotonic=virtual.monotonic, sleep=virtual.sleep)
    log: list[Sent] = []
    send = sender(virtual, limiter, log)

    async def later_other_chat() -> None:
        await asyncio.sleep(0)  # once chat 42's 4th message waits its turn
        await send(7)

    await virtual.run(*(send(42) for _ in range(4)), later_other_chat())
    assert [start for chat, start, _ in log if chat == 42] == [0.0, 0.0, 0.0, 1.0]
    assert [start for chat, start, _ in log if chat == 7] == [0.0]  # not behind chat 42's wait


async def test_a_reply_goes_before_the_fan_out_messages_already_waiting(virtual, limiter):
    log: list[Sent] = []
    send = sender(virtual, limiter, log)

    async def fan_out() -> None:
        with bulk_sends():
            await asyncio.gather(*(send(chat) for chat in range(1000, 1060)))

    async def reply() -> None:
        for _ in range(5):
            await asyncio.sleep(0)  # the fan-out's 30 are out, the other 30 wait
        assert limiter.overall.occupied() == 30 and len(limiter.overall._waiting) == 30
        await send(1)

    await virtual.run(fan_out(), reply())
    chats = [chat for chat, _, _ in log]
    assert chats.index(1) == 30 and log[30][1] == 1.0  # first of the next second


async def test_a_429_pauses_every_send_then_the_message_goes(virtual, limiter):
    attempts: list[float] = []

    async def refused_once() -> bool:
        attempts.append(virtual.now)
        if len(attempts) == 1:
            raise RetryAfter(timedelta(seconds=3))
        return True

    log: list[Sent] = []
    other = sender(virtual, limiter, log)

    async def after_the_429() -> None:
        await asyncio.sleep(0)
        await other(2)

    first = limiter.process_request(refused_once, (), {}, "sendMessage", {"chat_id": 1}, None)
    assert (await virtual.run(first, after_the_429()))[0] is True
    assert attempts == [0.0, pytest.approx(3.1)] and limiter.retry_afters == 1
    assert log[0][1] >= 3.1  # the other chat waited too: Telegram asked the bot to slow down


async def test_requests_naming_no_chat_are_not_paced(virtual, limiter):
    log: list[Sent] = []
    send = sender(virtual, limiter, log)
    await virtual.run(*(send(chat) for chat in range(1, 31)))

    async def get_me() -> str:
        return "me"

    assert await limiter.process_request(get_me, (), {}, "getMe", {}, None) == "me"
    assert limiter.overall.occupied() == 30


async def test_a_registration_sends_its_confirmation_and_ics_at_once(core, clock, virtual):
    """Through the real Application and a fake with Telegram's limits: the .ics follows the
    confirmation with no wait (the chat's burst) and Telegram refuses neither."""
    clock.instant = datetime(2022, 3, 10, 10, 0, tzinfo=PARIS)
    api = OfflineRequest(FakeBotAPI(None))  # Telegram's limits: 30/s, per chat a burst of 3
    limiter = PacedRateLimiter(monotonic=virtual.monotonic, sleep=virtual.sleep)
    app = front.build_application(
        Settings(telegram_token=TOKEN), core, request=api, get_updates_request=api, rate_limiter=limiter
    )
    await app.initialize()
    try:
        user = user_dict()
        update = callback_update(app.bot, "v1:web:reg:webinar-2022-03-17", user)
        api.fake.expect_query(update.callback_query.id)
        await app.process_update(update)
    finally:
        await app.shutdown()
    sends = [call for call in api.fake.calls if call.method.startswith("send")]
    assert [call.method for call in sends] == ["sendMessage", "sendDocument"]
    assert [call.status for call in sends] == [200, 200] and api.fake.too_many_given == 0
    assert virtual.slept == []  # the pacing never made the .ics wait


async def test_fan_out_sends_are_bulk_and_replies_are_not():
    from bot.pacing import current_priority

    assert current_priority() is Priority.REPLY
    with bulk_sends():
        assert current_priority() is Priority.BULK
    assert current_priority() is Priority.REPLY


async def test_send_rate_is_this_process_s_share_of_the_overall_budget(core):
    """SEND_RATE=15 for each of two processes: 15 places a second in this one's window."""
    api = OfflineRequest()
    app = front.build_application(Settings(telegram_token=TOKEN, send_rate=15), core, request=api)
    limiter = app.bot.rate_limiter
    assert isinstance(limiter, PacedRateLimiter) and limiter.overall.limit == 15


async def test_reminders_wait_as_bulk_and_replies_as_replies(core, knowledge):
    """Through the Application: a reminder (telegram_sender) asks for the overall budget as
    bulk, the answer to a question as a reply."""
    api = OfflineRequest()
    limiter = PacedRateLimiter()
    app = front.build_application(Settings(telegram_token=TOKEN), core, request=api, rate_limiter=limiter)
    asked: list[int] = []
    slot_of = limiter.overall.slot

    def spy(priority: int = Priority.REPLY) -> Any:
        asked.append(priority)
        return slot_of(priority)

    limiter.overall.slot = spy  # type: ignore[method-assign]
    await app.initialize()
    try:
        slot = next(s for s in all_slots(knowledge) if s.key == "applications-close/d7@0900")
        await telegram_sender(app.bot)(Person(77, "X", language="fr"), slot)
        await app.process_update(text_update(app.bot, "Quel est le salaire ?", user_dict(78)))
    finally:
        await app.shutdown()
    assert [call.params["chat_id"] for call in api.of("sendMessage")] == [77, 78]
    assert asked == [Priority.BULK, Priority.REPLY]
