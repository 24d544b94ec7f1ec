"""Deadline reminders through Telegram: /rappels, subscribing, the reminder and its stop button."""

from datetime import datetime, timedelta

import pytest
from telegram import Bot
from telegram.error import RetryAfter

from bot.delivery import telegram_sender
from bot.ratelimit import retry_seconds
from bot.texts import text
from knowledge.clock import FixedClock
from knowledge.model import PARIS
from reminders.dispatch import Blocked, Dispatcher, RetryLater
from reminders.planner import all_slots
from storage.records import Person, SlotTally
from tests.chat import Chat
from tests.fakebot import OfflineRequest, datas, user_dict
from tests.helpers import ADMIN_ID, TOKEN

D7 = "applications-close/d7@0900"
# python-telegram-bot's coming behaviour is adopted (PTB_TIMEDELTA=1, bot/__init__.py): no warning
pytestmark = pytest.mark.filterwarnings("error::telegram.warnings.PTBDeprecationWarning")


def slot_named(knowledge, key: str):
    return next(s for s in all_slots(knowledge) if s.key == key)


async def test_the_reminders_screen_offers_each_deadline_to_come(chat: Chat):
    sent = await chat.command("rappels")
    assert "7 jours avant à 9 h, la veille à 9 h, le jour même à 9 h" in sent["text"]
    assert "mardi 19 avril 2022" in sent["text"] and "dimanche 15 mai 2022" in sent["text"]
    assert datas(sent) == ["v1:rem:sub:applications-close", "v1:rem:sub:project-choices"]


async def test_subscribing_says_when_the_next_reminder_comes(chat: Chat):
    sent = await chat.press("v1:rem:sub:applications-close")
    assert "je vous rappellerai « Clôture des candidatures »" in sent["text"].replace("&quot;", '"')
    assert "Prochain rappel : mardi 12 avril 2022 à 9 h" in sent["text"]
    assert datas(sent)[0] == "v1:rem:unsub:applications-close"
    assert "applications-close" in await chat.core.context.store.subscriptions_of(chat.user["id"])


async def test_unsubscribing_from_the_screen(chat: Chat):
    await chat.press("v1:rem:sub:applications-close")
    sent = await chat.press("v1:rem:unsub:applications-close")
    assert "plus de rappel" in sent["text"]
    assert await chat.core.context.store.subscriptions_of(chat.user["id"]) == {}


async def test_a_passed_deadline_cannot_be_subscribed_to(chat: Chat):
    chat.core.context.clock.instant = datetime(2022, 4, 20, 10, tzinfo=PARIS)
    sent = await chat.press("v1:rem:sub:applications-close")
    assert "est passée" in sent["text"]
    assert await chat.core.context.store.subscriptions_of(chat.user["id"]) == {}
    assert datas(sent) == ["v1:rem:sub:project-choices"]


async def test_asking_for_a_reminder_in_words_offers_the_buttons(chat: Chat):
    sent = await chat.say("Pouvez-vous me rappeler la date limite de candidature quelques jours avant ?")
    assert "v1:rem:sub:applications-close" in datas(sent)


async def test_a_deep_link_opens_the_reminders_screen(chat: Chat):
    sent = await chat.command("start", "rappels")
    assert datas(sent) == ["v1:rem:sub:applications-close", "v1:rem:sub:project-choices"]


async def test_the_reminder_message_carries_a_stop_button_that_works(chat: Chat, knowledge):
    await chat.press("v1:rem:sub:applications-close")
    chat.api.clear()
    send = telegram_sender(chat.app.bot)
    await send(Person(chat.user["id"], "Camille", language="fr"), slot_named(knowledge, D7))
    reminder = chat.api.last_message()
    assert (
        reminder["text"]
        == "⏰ Rappel : « Clôture des candidatures », le mardi 19 avril 2022 — c'est dans 7 jours."
    )
    assert datas(reminder) == ["v1:rem:stop"]
    stopped = await chat.press("v1:rem:stop")
    assert stopped["text"] == text("fr", "reminders_stopped")
    assert await chat.core.context.store.subscriptions_of(chat.user["id"]) == {}


async def test_an_english_subscriber_gets_the_reminder_in_english(chat: Chat, knowledge):
    await telegram_sender(chat.app.bot)(Person(5, "Sam", language="en-US"), slot_named(knowledge, D7))
    assert chat.api.last_message()["text"].startswith(
        "⏰ Reminder: “Applications close”, on Tuesday 19 April 2022"
    )


async def test_a_429_is_waited_out_by_the_rate_limiter_and_the_message_still_goes(chat: Chat, knowledge):
    chat.api.too_many(count=1, retry_after=0.01)  # Telegram says 1 s or more: not worth waiting here
    await telegram_sender(chat.app.bot)(Person(78, "Y", language="fr"), slot_named(knowledge, D7))
    attempts = [c for c in chat.api.of("sendMessage") if c.params["chat_id"] in (78, "78")]
    assert len(attempts) == 2  # refused once with a retry_after, then accepted


@pytest.fixture
async def bare_bot():
    """A Bot without the rate limiter, so Telegram's 403 and 429 reach the send function."""
    api = OfflineRequest()
    bot = Bot(TOKEN, request=api, get_updates_request=OfflineRequest())
    await bot.initialize()
    yield bot, api
    await bot.shutdown()


def test_retry_after_is_a_timedelta_without_a_deprecation_warning():
    error = RetryAfter(3)  # PTB reads retry_after in the constructor: a warning would be an error
    assert error.retry_after == timedelta(seconds=3)
    assert retry_seconds(error) == 3.0
    assert retry_seconds(RetryAfter(timedelta(seconds=1.5))) == 1.5


async def test_forbidden_becomes_blocked_and_flood_control_retry_later(bare_bot, knowledge):
    bot, api = bare_bot
    send = telegram_sender(bot)
    slot = slot_named(knowledge, D7)
    api.block(77)
    with pytest.raises(Blocked):
        await send(Person(77, "X", language="fr"), slot)
    api.too_many(count=1, retry_after=3)
    with pytest.raises(RetryLater) as waited:
        await send(Person(78, "Y", language="fr"), slot)
    assert waited.value.seconds == 3


async def test_a_fan_out_through_telegram_survives_429_and_403(bare_bot, knowledge, store):
    bot, api = bare_bot
    subscribed_at = datetime(2022, 4, 1, tzinfo=PARIS)
    for user_id in range(1, 6):
        await store.save_user(Person(user_id, f"U{user_id}", language="fr"), subscribed_at)
        await store.subscribe(user_id, "applications-close", subscribed_at)
    api.block(3)
    api.too_many(count=12, retry_after=2)  # a storm: more 429s in a row than any retry count
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    clock = FixedClock(datetime(2022, 4, 12, 9, tzinfo=PARIS))
    result = await Dispatcher(store, clock, telegram_sender(bot), sleep=sleep, concurrency=1).fan_out(
        slot_named(knowledge, D7)
    )
    assert (result.sent, result.blocked, result.failed, result.retried) == (4, 1, 0, 12)
    assert slept == [2] * 12  # each retry_after waited out, none counted as a failed attempt
    assert (await store.delivery_tallies())[D7] == SlotTally(sent=4, failed=0, blocked=1)
    next_slot = await store.pending_recipients(
        "applications-close/d1@0900", "applications-close", "deadline", datetime(2022, 4, 18, 9, tzinfo=PARIS)
    )
    assert [r.id for r in next_slot] == [1, 2, 4, 5]  # the user who blocked the bot is inactive


async def test_staff_see_reminder_statistics_and_others_do_not(chat: Chat):
    await chat.press("v1:rem:sub:applications-close")
    refused = await chat.command("rappels_stats")
    assert refused["text"] == text("fr", "staff_only")
    chat.user = user_dict(user_id=ADMIN_ID)
    stats = await chat.command("rappels_stats")
    assert "Clôture des candidatures (applications-close) : 1" in stats["text"]
    assert "applications-close/d7@0900 : 0 / 1 / 0 / 0" in stats["text"]


async def test_reload_is_for_staff_and_reports_the_result(chat: Chat):
    refused = await chat.command("reload")
    assert refused["text"] == text("fr", "staff_only")
    chat.user = user_dict(user_id=ADMIN_ID)
    assert (await chat.command("reload"))["text"] == text("fr", "reload_unavailable")


async def test_my_data_shows_subscriptions_and_forget_erases_them_with_the_delivery_log(
    chat: Chat, knowledge
):
    await chat.press("v1:rem:sub:applications-close")
    await chat.core.context.store.record_delivery(chat.user["id"], D7, "sent", chat.core.context.clock.now())
    shown = (await chat.command("mesdonnees"))["text"]
    assert "rappels des dates limites : Clôture des candidatures — " in shown
    assert "rappels déjà reçus : 1" in shown
    await chat.press("v1:forget:yes")
    assert (await chat.command("mesdonnees"))["text"] == text("fr", "mydata_none")
    assert await chat.core.context.store.deliveries_to(chat.user["id"]) == 0
    assert await chat.core.context.store.subscriber_counts() == {}


async def test_an_answer_naming_a_deadline_offers_to_subscribe(chat: Chat):
    sent = await chat.say("Quelle est la date limite ?")
    assert "v1:rem:sub:applications-close" in datas(sent)
    chat.core.context.clock.instant = datetime(2022, 5, 20, tzinfo=PARIS)  # every deadline has passed
    assert not [d for d in datas(await chat.say("Quelle est la date limite ?")) if d.startswith("v1:rem:")]
