"""Fair and durable updates: one chat at a time per chat, floods bounded, nothing acknowledged lost."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from telegram import Bot, Update

from bot.updates import FairUpdateProcessor, InboxRequest, received_updates, replay_inbox
from knowledge.clock import FixedClock
from storage.store import open_store
from tests.fakebot import OfflineRequest, text_update, text_update_data, user_dict
from tests.helpers import NOW

TOKEN = "123456:TEST-token"


@pytest.fixture
def bot() -> Bot:
    return Bot(TOKEN, request=OfflineRequest())


class Recorder:
    """Updates as the processor hands them over: started, done, dropped."""

    def __init__(self, processor: FairUpdateProcessor) -> None:
        self.started: list[int] = []
        self.done: list[int] = []
        self.dropped: list[int] = []
        self.gates: dict[int, asyncio.Event] = {}

        async def done(update: Update) -> None:
            self.done.append(update.update_id)

        async def dropped(update: Update) -> None:
            self.dropped.append(update.update_id)

        processor.on_done, processor.on_dropped = done, dropped

    def handler(self, update: Update, gated: bool = False):  # noqa: ANN201 - a coroutine
        if gated:
            self.gates[update.update_id] = asyncio.Event()

        async def handle() -> None:
            self.started.append(update.update_id)
            if update.update_id in self.gates:
                await self.gates[update.update_id].wait()

        return handle()


def of(bot: Bot, user_id: int, text: str = "salaire") -> Update:
    return text_update(bot, text, user_dict(user_id))


async def test_one_chats_updates_run_one_at_a_time_in_order(bot: Bot) -> None:
    processor = FairUpdateProcessor(per_chat_backlog=10)
    seen = Recorder(processor)
    updates = [of(bot, 1) for _ in range(4)]
    tasks = [asyncio.create_task(processor.process_update(updates[0], seen.handler(updates[0], True)))]
    tasks += [asyncio.create_task(processor.process_update(u, seen.handler(u))) for u in updates[1:]]
    await asyncio.sleep(0)
    assert seen.started == [updates[0].update_id]  # the others wait behind the first
    seen.gates[updates[0].update_id].set()
    await asyncio.gather(*tasks)
    assert seen.started == seen.done == [u.update_id for u in updates]


async def test_a_flooding_chat_keeps_a_small_backlog_and_the_rest_is_dropped(bot: Bot) -> None:
    processor = FairUpdateProcessor(per_chat_backlog=3)
    seen = Recorder(processor)
    first = of(bot, 1)
    flood = [of(bot, 1) for _ in range(50)]
    tasks = [asyncio.create_task(processor.process_update(first, seen.handler(first, True)))]
    await asyncio.sleep(0)
    tasks += [asyncio.create_task(processor.process_update(u, seen.handler(u))) for u in flood]
    await asyncio.sleep(0.01)
    assert len(seen.dropped) == 47  # three wait behind the one being handled
    seen.gates[first.update_id].set()
    await asyncio.gather(*tasks)
    assert seen.started == [first.update_id] + [u.update_id for u in flood[:3]]
    assert sorted(seen.done) == sorted([first.update_id] + [u.update_id for u in flood])


async def test_other_chats_are_served_while_one_chat_is_busy(bot: Bot) -> None:
    processor = FairUpdateProcessor()
    seen = Recorder(processor)
    busy = [of(bot, 1) for _ in range(300)]
    tasks = [asyncio.create_task(processor.process_update(u, seen.handler(u, True))) for u in busy]
    others = [of(bot, user_id) for user_id in (2, 3, 4)]
    await asyncio.gather(*(processor.process_update(u, seen.handler(u)) for u in others))
    assert set(seen.done) >= {u.update_id for u in others}
    assert processor.current_concurrent_updates <= 1 + processor.per_chat_backlog
    for gate in seen.gates.values():
        gate.set()
    await asyncio.gather(*tasks)


async def test_once_stopping_the_updates_not_started_are_left_for_the_next_start(bot: Bot) -> None:
    processor = FairUpdateProcessor()
    seen = Recorder(processor)
    running, waiting, later = of(bot, 1), of(bot, 1), of(bot, 2)
    first = asyncio.create_task(processor.process_update(running, seen.handler(running, True)))
    second = asyncio.create_task(processor.process_update(waiting, seen.handler(waiting)))
    await asyncio.sleep(0)
    processor.stopping = True
    await processor.process_update(later, seen.handler(later))
    seen.gates[running.update_id].set()
    await asyncio.gather(first, second)
    assert seen.started == seen.done == [running.update_id]  # the one in hand is finished


async def test_an_update_received_twice_is_handled_once(bot: Bot) -> None:
    processor = FairUpdateProcessor()
    seen = Recorder(processor)
    update = of(bot, 1)
    again = Update.de_json(update.to_dict(), bot)
    await processor.process_update(update, seen.handler(update))
    await processor.process_update(again, seen.handler(again))
    assert seen.started == [update.update_id]


def test_the_updates_of_a_getupdates_answer_are_read_with_their_ids() -> None:
    items = [text_update_data("a"), text_update_data("b")]
    body = json.dumps({"ok": True, "result": items}).encode()
    assert [update_id for update_id, _ in received_updates(body)] == [i["update_id"] for i in items]
    assert received_updates(b"not json") == [] and received_updates(b'{"ok": true}') == []


async def test_received_updates_are_in_the_inbox_before_the_bot_sees_them(tmp_path: Path) -> None:
    store = await open_store(tmp_path / "db.sqlite3")
    try:
        items = [text_update_data("bonjour"), text_update_data("salaire")]
        telegram = OfflineRequest()
        for item in items:
            telegram.send_update(item)
        request = InboxRequest(telegram, store, FixedClock(NOW))
        bot = Bot(TOKEN, request=OfflineRequest(), get_updates_request=request)
        async with bot:
            updates = await bot.get_updates(offset=0, timeout=0)
        assert [u.update_id for u in updates] == [i["update_id"] for i in items]
        assert [json.loads(b)["update_id"] for b in await store.pending_updates()] == [
            i["update_id"] for i in items
        ]
        await store.forget_update(items[0]["update_id"])
        assert [json.loads(b)["update_id"] for b in await store.pending_updates()] == [items[1]["update_id"]]
    finally:
        await store.close()


async def test_updates_left_in_the_inbox_are_queued_at_the_next_start(tmp_path: Path) -> None:
    from bot.core import Core
    from bot.settings import Settings
    from bot.telegram import build_application
    from knowledge.loader import load_knowledge

    store = await open_store(tmp_path / "db.sqlite3")
    try:
        items = [text_update_data("bonjour"), text_update_data("salaire")]
        await store.keep_updates([(i["update_id"], json.dumps(i)) for i in items], NOW)
        core = Core(load_knowledge(), FixedClock(NOW), store, frozenset())
        application = build_application(
            Settings(telegram_token=TOKEN),
            core,
            request=OfflineRequest(),
            get_updates_request=OfflineRequest(),
        )
        assert await replay_inbox(application, store) == 2
        queued = [application.update_queue.get_nowait() for _ in range(2)]
        assert [u.update_id for u in queued] == [i["update_id"] for i in items]
    finally:
        await store.close()
