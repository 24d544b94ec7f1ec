"""Fan-out of a slot: resumed after a crash, retries, blocked users, late subscribers."""

import asyncio
from datetime import datetime, timedelta

import pytest

from knowledge.clock import FixedClock, RehearsalClock
from knowledge.model import PARIS
from reminders.dispatch import Blocked, Dispatcher, RetryLater, Transient
from reminders.planner import all_slots
from storage.records import ClaimRequest, Recipients
from storage.store import Person, open_store

SUBSCRIBED = datetime(2022, 4, 1, 12, tzinfo=PARIS)


@pytest.fixture
def slot(knowledge):
    return next(s for s in all_slots(knowledge) if s.key == "applications-close/d7@0900")


async def subscribe(store, count: int, when: datetime = SUBSCRIBED) -> None:
    for user_id in range(1, count + 1):
        await store.save_user(Person(user_id, f"U{user_id}", language="fr"), when)
        await store.subscribe(user_id, "applications-close", when)


class Recorder:
    """A send function that records who got what, and can fail on cue."""

    def __init__(self, fail=None):
        self.got: list[tuple[int, str]] = []
        self.fail = fail or (lambda recipient, attempt: None)
        self.attempts: dict[int, int] = {}

    async def __call__(self, recipient, slot) -> None:
        attempt = self.attempts[recipient.id] = self.attempts.get(recipient.id, 0) + 1
        error = self.fail(recipient, attempt)
        if error:
            raise error
        self.got.append((recipient.id, slot.key))


async def no_sleep(seconds: float) -> None:
    no_sleep.slept.append(seconds)


no_sleep.slept = []


def dispatcher(store, send, **options) -> Dispatcher:
    clock = FixedClock(datetime(2022, 4, 12, 9, 0, tzinfo=PARIS))
    return Dispatcher(store, clock, send, sleep=no_sleep, **options)


async def test_every_subscriber_gets_the_slot_once(store, slot):
    await subscribe(store, 30)
    send = Recorder()
    result = await dispatcher(store, send).fan_out(slot)
    assert result.sent == 30 and sorted(send.got) == [(i, slot.key) for i in range(1, 31)]
    assert (await dispatcher(store, send).fan_out(slot)).sent == 0  # a second fan-out sends nothing


async def test_a_crash_between_two_sends_is_finished_by_the_next_run_with_no_duplicate(store, slot):
    await subscribe(store, 200)
    sent_before_crash: list[int] = []

    class Crash(BaseException):
        """Like the process dying: nothing after it runs."""

    async def dying(recipient, slot):
        if len(sent_before_crash) == 120:
            raise Crash()
        sent_before_crash.append(recipient.id)

    with pytest.raises(Crash):
        await dispatcher(store, dying, concurrency=1).fan_out(slot)
    after = Recorder()
    await dispatcher(store, after).fan_out(slot)
    everyone = sent_before_crash + [user for user, _ in after.got]
    assert sorted(everyone) == list(range(1, 201))  # no one skipped, no one twice


async def test_retry_after_is_waited_out_and_the_message_still_goes(store, slot):
    await subscribe(store, 3)
    send = Recorder(fail=lambda r, attempt: RetryLater(7) if r.id == 2 and attempt == 1 else None)
    no_sleep.slept.clear()
    result = await dispatcher(store, send).fan_out(slot)
    assert result.sent == 3 and result.retried == 1 and 7 in no_sleep.slept


async def test_a_blocked_user_is_marked_inactive_and_others_are_served(store, slot):
    await subscribe(store, 3)
    send = Recorder(fail=lambda r, attempt: Blocked() if r.id == 2 else None)
    result = await dispatcher(store, send).fan_out(slot)
    assert (result.sent, result.blocked) == (2, 1)
    next_slot = await store.pending_recipients(
        "applications-close/d1@0900", "applications-close", "deadline", slot.due + timedelta(days=6)
    )
    assert [r.id for r in next_slot] == [1, 3]  # the blocked user is no longer a recipient


async def test_network_errors_are_retried_with_backoff_then_logged_as_failed(store, slot):
    await subscribe(store, 2)
    send = Recorder(fail=lambda r, attempt: Transient() if r.id == 1 else None)
    no_sleep.slept.clear()
    result = await dispatcher(store, send, max_attempts=4, backoff=0.5).fan_out(slot)
    assert (result.sent, result.failed) == (1, 1)
    assert no_sleep.slept == [0.5, 1.0, 2.0, 4.0]
    tallies = await store.delivery_tallies()
    assert (tallies[slot.key].sent, tallies[slot.key].failed) == (1, 1)
    retry = Recorder()  # a failed delivery is tried again by the next fan-out
    await dispatcher(store, retry).fan_out(slot)
    assert retry.got == [(1, slot.key)]


async def test_a_late_subscriber_gets_only_the_slots_still_to_come(store, slot):
    await subscribe(store, 1, when=slot.due + timedelta(hours=1))
    send = Recorder()
    await dispatcher(store, send).fan_out(slot)
    assert send.got == []


async def test_unsubscribed_users_are_not_sent_anything(store, slot):
    await subscribe(store, 2)
    await store.unsubscribe(1, "applications-close")
    send = Recorder()
    await dispatcher(store, send).fan_out(slot)
    assert send.got == [(2, slot.key)]


async def test_two_fan_outs_of_one_slot_at_once_do_not_double_send(store, slot):
    await subscribe(store, 50)
    send = Recorder()
    one = dispatcher(store, send)
    await asyncio.gather(one.fan_out(slot), one.fan_out(slot))
    assert len(send.got) == 50


# -- several processes: claims ---------------------------------------------------------------
class Slow(Recorder):
    """A send that takes `seconds` (other fan-outs run meanwhile)."""

    def __init__(self, seconds: float):
        super().__init__()
        self.seconds = seconds

    async def __call__(self, recipient, slot) -> None:
        await asyncio.sleep(self.seconds)
        await super().__call__(recipient, slot)


async def test_two_processes_fanning_out_one_slot_share_it_and_no_one_gets_it_twice(database, slot):
    first, second = await open_store(database), await open_store(database)  # as two processes
    await subscribe(first, 200)
    one, other = Slow(0.01), Slow(0.01)  # slow enough for both to claim a batch
    results = await asyncio.gather(
        dispatcher(first, one).fan_out(slot), dispatcher(second, other).fan_out(slot)
    )
    everyone = [user for user, _ in one.got + other.got]
    assert sorted(everyone) == list(range(1, 201))  # each once
    assert one.got and other.got  # both did part of the work
    assert sum(result.sent for result in results) == 200
    await first.close()
    await second.close()


async def test_the_claims_of_a_killed_process_are_taken_over_once_stale_and_only_those(store, slot):
    await subscribe(store, 10)
    clock = FixedClock(datetime(2022, 4, 12, 9, 0, tzinfo=PARIS))
    # A process claimed the first four, then died without a word (SIGKILL).
    claim = ClaimRequest(slot.key, slot.event.id, slot.kind, slot.due, clock.now(), clock.now(), limit=4)
    dead = await store.claim_recipients(claim)
    assert [r.id for r in dead] == [1, 2, 3, 4]
    waited: list[float] = []

    async def sleep(seconds: float) -> None:  # time passes for the waiting fan-out
        waited.append(seconds)
        clock.advance(timedelta(minutes=1))

    send = Recorder()
    result = await Dispatcher(
        store, clock, send, sleep=sleep, claim_timeout=timedelta(minutes=3), claim_poll=5
    ).fan_out(slot)
    assert [user for user, _ in send.got] == [5, 6, 7, 8, 9, 10, 1, 2, 3, 4]  # the dead's last
    assert waited == [5, 5, 5, 5]  # until their claims were more than 3 minutes old
    assert result.sent == 10 and await store.claims_in_flight(slot.key, clock.now() - timedelta(days=1)) == 0


async def test_a_claim_is_renewed_while_its_sends_are_slow_so_no_one_takes_it_over(database, slot):
    first, second = await open_store(database), await open_store(database)
    await subscribe(first, 3)
    clock = RehearsalClock(datetime(2022, 4, 12, 9, 0, tzinfo=PARIS))  # real seconds
    timeout = timedelta(seconds=0.4)  # renewed every 0.1 s
    slow, other = Slow(1.0), Recorder()
    started = asyncio.create_task(Dispatcher(first, clock, slow, claim_timeout=timeout).fan_out(slot))
    await asyncio.sleep(0.2)  # the first has claimed everyone and is sending
    two = await Dispatcher(second, clock, other, claim_timeout=timeout, claim_poll=0.05).fan_out(slot)
    one = await started
    assert (one.sent, two.sent, other.got) == (3, 0, [])  # the second waited for the first
    await first.close()
    await second.close()


async def test_claims_follow_real_time_when_each_process_rehearses_from_its_own_start(database, slot):
    """A process restarted with a later rehearsal clock must not take live claims for stale."""
    first, second = await open_store(database), await open_store(database)
    await subscribe(first, 3)
    real = RehearsalClock(datetime(2022, 4, 12, 9, 0, tzinfo=PARIS))  # what both agree on
    early = RehearsalClock(datetime(2022, 4, 12, 9, 0, tzinfo=PARIS))
    late = RehearsalClock(datetime(2022, 4, 12, 9, 5, tzinfo=PARIS))  # five minutes ahead
    timeout = timedelta(seconds=60)
    slow, other = Slow(0.3), Recorder()
    started = asyncio.create_task(
        Dispatcher(first, early, slow, claim_timeout=timeout, claim_clock=real).fan_out(slot)
    )
    await asyncio.sleep(0.1)  # the first has claimed everyone and is sending
    later = Dispatcher(second, late, other, claim_timeout=timeout, claim_poll=0.05, claim_clock=real)
    two = await later.fan_out(slot)
    one = await started
    assert (one.sent, two.sent, other.got) == (3, 0, [])
    await first.close()
    await second.close()


async def test_a_fan_out_stopped_midway_gives_back_what_it_did_not_send(store, slot):
    await subscribe(store, 40)
    slow = Slow(0.01)
    task = asyncio.create_task(dispatcher(store, slow, concurrency=2).fan_out(slot))
    while len(slow.got) < 5:
        await asyncio.sleep(0.005)
    task.cancel()  # SIGTERM: the scheduler stops the fan-outs in flight
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await store.claims_in_flight(slot.key, slot.due - timedelta(days=1)) == 0
    after = Recorder()
    await dispatcher(store, after).fan_out(slot)  # at once: nothing to wait for
    assert sorted([user for user, _ in slow.got + after.got]) == list(range(1, 41))


# -- the database out of reach for a while (a PostgreSQL restart) ----------------------------------
def out_of_reach(store, method: str, times: int) -> list[str]:
    """Make `store.<method>` raise the backend's own "out of reach" error `times` times."""
    real = getattr(store, method)
    failures: list[str] = []

    async def flaky(*args, **kwargs):
        if len(failures) < times:
            failures.append(method)
            raise store.unavailable[0]("the server is restarting")
        return await real(*args, **kwargs)

    setattr(store, method, flaky)
    return failures


async def test_a_delivery_that_cannot_be_logged_yet_is_logged_later_and_not_sent_twice(store, slot):
    await subscribe(store, 20)
    failures = out_of_reach(store, "record_delivery", 3)
    send = Recorder()
    result = await dispatcher(store, send).fan_out(slot)
    assert failures and result.sent == 20
    assert sorted(send.got) == [(i, slot.key) for i in range(1, 21)]  # each once
    assert (await dispatcher(store, Recorder()).fan_out(slot)).sent == 0  # all 20 logged as sent


async def test_a_fan_out_waits_for_the_database_to_come_back_and_goes_on(store, slot):
    await subscribe(store, 20)
    failures = out_of_reach(store, "claim_recipients", 4)
    no_sleep.slept.clear()
    send = Recorder()
    result = await dispatcher(store, send).fan_out(slot)
    assert len(failures) == 4 and result.sent == 20 and len(send.got) == 20
    assert no_sleep.slept[:4] == [1.0, 2.0, 4.0, 8.0]  # waits that grow


async def test_a_database_out_of_reach_for_good_ends_the_fan_out_with_its_error(store, slot):
    await subscribe(store, 5)
    out_of_reach(store, "claim_recipients", 1000)
    with pytest.raises(store.unavailable[0]):
        await dispatcher(store, Recorder()).fan_out(slot)


async def test_a_fan_out_scoped_to_one_person_reaches_them_alone(store, slot):
    await subscribe(store, 3)
    await store.save_user(Person(0, "console"), SUBSCRIBED)
    await store.subscribe(0, "applications-close", SUBSCRIBED)
    console = Recorder()
    result = await dispatcher(store, console, recipients=Recipients.one(0)).fan_out(slot)
    assert result.sent == 1 and console.got == [(0, slot.key)]
    assert [await store.deliveries_to(i) for i in (1, 2, 3)] == [0, 0, 0]  # Telegram's untouched
    assert [p.id for p in await store.pending_recipients(slot.key, slot.event.id, slot.kind, slot.due)] == [
        1,
        2,
        3,
    ]
    assert (await dispatcher(store, console, recipients=Recipients.one(0)).fan_out(slot)).sent == 0
    assert slot.key not in await store.delivery_tallies()  # /rappels_stats counts Telegram's sends only


async def test_the_telegram_fan_out_never_sends_to_ids_of_other_transports(store, slot):
    for user_id in (-4, 0, 1, 2):
        await store.save_user(Person(user_id, f"U{user_id}"), SUBSCRIBED)
        await store.subscribe(user_id, "applications-close", SUBSCRIBED)
    assert await store.count_pending(slot.key, slot.event.id, slot.kind, slot.due) == 2  # Telegram's
    telegram = Recorder()
    result = await dispatcher(store, telegram).fan_out(slot)
    assert result.sent == 2 and sorted(telegram.got) == [(1, slot.key), (2, slot.key)]
    assert await store.deliveries_to(0) == 0 and await store.deliveries_to(-4) == 0


async def test_a_claim_of_another_audience_does_not_hold_a_fan_out_up(store, slot):
    await subscribe(store, 1)
    await store.save_user(Person(0, "console"), SUBSCRIBED)
    await store.subscribe(0, "applications-close", SUBSCRIBED)
    now = datetime(2022, 4, 12, 9, 0, tzinfo=PARIS)
    await store.record_delivery(1, slot.key, "sending", now)  # another process is sending it
    console, no_sleep.slept[:] = Recorder(), []
    result = await dispatcher(store, console, recipients=Recipients.one(0)).fan_out(slot)
    assert result.sent == 1 and no_sleep.slept == []  # it did not wait for user 1's claim
    assert await store.claims_in_flight(slot.key, now) == 1
    assert await store.claims_in_flight(slot.key, now, Recipients.one(0)) == 0
