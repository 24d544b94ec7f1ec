"""Registering for the 17 and 24 March webinars, through the Telegram Application."""

import asyncio
import html
from dataclasses import replace
from datetime import datetime

import icalendar
import pytest

from bot.core import Core
from bot.texts import text
from knowledge.model import PARIS
from storage.records import Person
from tests.chat import Chat
from tests.fakebot import callback_update, datas, user_dict
from tests.helpers import ADMIN_ID

MARCH_17 = "webinar-2022-03-17"
MARCH_24 = "webinar-2022-03-24"


@pytest.fixture(autouse=True)
def before_the_webinars(clock):
    """These tests happen on 10 March 2022, a week before the first webinar."""
    clock.instant = datetime(2022, 3, 10, 10, 0, tzinfo=PARIS)


def escaped_text(key: str, **values: str) -> str:
    return html.escape(text("fr", key, **values), quote=False)


def with_capacity(knowledge, **capacities: int):
    events = tuple(
        replace(e, capacity=capacities.get(e.id.replace("-", "_"), e.capacity)) for e in knowledge.events
    )
    return replace(knowledge, events=events)


async def test_the_list_shows_each_webinar_to_come_with_a_register_button(chat: Chat):
    sent = await chat.command("webinaires")
    assert "jeudi 17 mars 2022, de 13 h 45 à 14 h 45 (heure de Paris)" in sent["text"]
    assert "jeudi 24 mars 2022" in sent["text"]
    assert datas(sent) == [f"v1:web:reg:{MARCH_17}", f"v1:web:reg:{MARCH_24}"]


async def test_the_english_command_lists_them_in_english(chat: Chat):
    chat.speak("en")
    sent = await chat.command("webinars")
    assert "Thursday 17 March 2022, 13:45–14:45 (Paris time)" in sent["text"]


async def test_registering_confirms_and_sends_a_calendar_file(chat: Chat):
    await chat.press(f"v1:web:reg:{MARCH_17}")
    confirmation = chat.api.of("sendMessage")[0].params["text"]
    assert "vous êtes inscrit(e)" in confirmation and "jeudi 17 mars 2022, de 13 h 45" in confirmation
    [document] = chat.api.of("sendDocument")
    filename, content = next(iter(document.files.values()))
    assert filename == "webinaire-eig-2022-03-17.ics"
    [event] = icalendar.Calendar.from_ical(content).walk("VEVENT")  # its content: test_calendar_file.py
    assert event["uid"].startswith(MARCH_17)
    assert await chat.core.context.store.is_registered(chat.user["id"], MARCH_17)


async def test_the_confirmation_and_its_calendar_file_give_the_join_link_when_known(knowledge, clock, store):
    events = tuple(
        replace(e, join_url="https://webinaire.example/eig") if e.id == MARCH_17 else e
        for e in knowledge.events
    )
    core = Core(replace(knowledge, events=events), clock, store)
    [reply] = await core.handle_button(Person(5), f"v1:web:reg:{MARCH_17}")
    assert "https://webinaire.example/eig" in reply.text
    assert b"https://webinaire.example/eig" in reply.files[0].content


async def test_registering_twice_keeps_one_registration_and_says_so(chat: Chat):
    await chat.press(f"v1:web:reg:{MARCH_17}")
    again = await chat.press(f"v1:web:reg:{MARCH_17}")
    assert "déjà inscrit(e)" in chat.api.of("sendMessage")[0].params["text"]
    assert len(await chat.core.context.store.registrations(MARCH_17)) == 1
    assert datas(again) == [f"v1:web:cancel:{MARCH_17}"]


async def test_cancelling_removes_the_registration(chat: Chat):
    await chat.press(f"v1:web:reg:{MARCH_17}")
    sent = await chat.press(f"v1:web:cancel:{MARCH_17}")
    assert "est annulée" in sent["text"]
    assert await chat.core.context.store.registrations(MARCH_17) == []
    assert f"v1:web:reg:{MARCH_17}" in datas(sent)


async def test_once_a_webinar_has_started_it_is_closed(chat: Chat):
    await chat.press(f"v1:web:reg:{MARCH_17}")
    chat.core.context.clock.instant = datetime(2022, 3, 17, 13, 45, tzinfo=PARIS)
    refused = await chat.press(f"v1:web:cancel:{MARCH_17}")
    assert chat.api.sent_texts() == [refused["text"]]  # the refusal alone
    assert refused["text"] == escaped_text("webinar_started", date="jeudi 17 mars 2022")
    assert await chat.core.context.store.is_registered(chat.user["id"], MARCH_17)  # nothing changed
    await chat.press(f"v1:web:reg:{MARCH_17}")
    assert "a déjà commencé" in chat.api.of("sendMessage")[0].params["text"]
    listing = await chat.command("webinaires")
    assert "17 mars" not in listing["text"] and datas(listing) == [f"v1:web:reg:{MARCH_24}"]


async def test_after_the_last_webinar_the_list_says_there_is_none(chat: Chat):
    chat.core.context.clock.instant = datetime(2022, 3, 25, tzinfo=PARIS)
    sent = await chat.command("webinaires")
    assert sent["text"] == text("fr", "no_webinars") and datas(sent) == []


async def test_a_full_webinar_refuses_and_offers_the_other_one(knowledge, clock, store):
    core = Core(with_capacity(knowledge, webinar_2022_03_17=1), clock, store)
    await core.handle_button(Person(1), f"v1:web:reg:{MARCH_17}")
    [reply] = await core.handle_button(Person(2), f"v1:web:reg:{MARCH_17}")
    assert "est complet" in reply.text
    assert [b.data for b in reply.all_buttons()] == [f"v1:web:reg:{MARCH_24}"]
    listing = (await core.handle_command(Person(3), "webinaires"))[0]
    assert "complet" in listing.text and f"v1:web:reg:{MARCH_17}" not in [
        b.data for b in listing.all_buttons()
    ]


async def test_places_left_are_shown_when_a_capacity_is_set(knowledge, clock, store):
    core = Core(with_capacity(knowledge, webinar_2022_03_24=300), clock, store)
    await core.handle_button(Person(1), f"v1:web:reg:{MARCH_24}")
    listing = (await core.handle_command(Person(3), "webinaires"))[0]
    assert "places restantes : 299" in listing.text


async def test_fifty_presses_at_the_same_second_fill_exactly_ten_places(knowledge, clock, store):
    core = Core(with_capacity(knowledge, webinar_2022_03_17=10), clock, store)
    replies = await asyncio.gather(
        *(core.handle_button(Person(i), f"v1:web:reg:{MARCH_17}") for i in range(50))
    )
    assert sum(bool(r[0].files) for r in replies) == 10
    assert (await store.registration_counts())[MARCH_17] == 10


@pytest.mark.parametrize(
    "data",
    [
        "v1:web:reg:webinar-1999-01-01",  # no such webinar
        "v1:web:reg:applications-close",  # an event that is not a webinar
        "v1:web:cancel:nope",
        "v1:web:reg",
        "v1:web:reg:../../etc",
        "v1:web:reg:" + "x" * 80,
        "v1:forget:now",
        "garbage",
        "",
    ],
)
async def test_forged_or_stale_buttons_get_a_short_reply_and_change_nothing(chat: Chat, data):
    await chat.feed(callback_update(chat.app.bot, data, chat.user))
    assert chat.api.of("sendMessage") and not chat.errors
    assert await chat.core.context.store.registration_counts() == {}
    assert await chat.core.context.store.person(chat.user["id"]) is None


async def test_my_registrations_lists_them(chat: Chat):
    empty = await chat.command("mesinscriptions")
    assert empty["text"] == text("fr", "no_registrations")
    await chat.press(f"v1:web:reg:{MARCH_24}")
    sent = await chat.command("mesinscriptions")
    assert "24 mars 2022" in sent["text"] and "17 mars" not in sent["text"]
    sent = await chat.command("myregistrations")  # the English name: the list in English
    assert "Thursday 24 March 2022" in sent["text"] and "17 March" not in sent["text"]


async def test_a_registration_to_a_webinar_removed_from_the_calendar_is_shown_and_can_be_cancelled(
    chat: Chat,
):
    await chat.press(f"v1:web:reg:{MARCH_17}")
    await chat.press(f"v1:web:reg:{MARCH_24}")
    knowledge = chat.core.context.knowledge
    chat.core.context.use_knowledge(
        replace(knowledge, events=tuple(e for e in knowledge.events if e.id != MARCH_17))
    )
    sent = await chat.command("mesinscriptions")
    assert text("fr", "webinar_removed", id=MARCH_17) in sent["text"] and "24 mars 2022" in sent["text"]
    assert f"v1:web:cancel:{MARCH_17}" in datas(sent) and f"v1:web:cancel:{MARCH_24}" in datas(sent)

    cancelled = await chat.press(f"v1:web:cancel:{MARCH_17}")
    assert cancelled["text"] == text("fr", "cancelled_removed", id=MARCH_17)
    assert await chat.core.context.store.registration_counts() == {MARCH_24: 1}
    assert (await chat.press(f"v1:web:cancel:{MARCH_17}"))["text"] == text("fr", "unknown_webinar")
    after = await chat.command("mesinscriptions")
    assert MARCH_17 not in after["text"] and f"v1:web:cancel:{MARCH_17}" not in datas(after)


async def test_a_deep_link_opens_the_webinar_list(chat: Chat):
    sent = await chat.command("start", "webinaires")
    assert datas(sent) == [f"v1:web:reg:{MARCH_17}", f"v1:web:reg:{MARCH_24}"]


async def test_asking_in_words_leads_to_the_register_buttons(chat: Chat):
    sent = await chat.say("je veux m'inscrire au webinaire")
    assert f"v1:web:reg:{MARCH_17}" in datas(sent) and f"v1:web:reg:{MARCH_24}" in datas(sent)


async def test_staff_commands_are_refused_to_others_and_reveal_nothing(chat: Chat):
    await chat.core.context.store.register(
        Person(99, "Secret"), MARCH_17, None, chat.core.context.clock.now()
    )
    for command, lang in (("inscrits", "fr"), ("registrations", "en"), ("export", "fr")):
        sent = await chat.command(command)
        assert sent["text"] == text(lang, "staff_only")  # in the language of the command's name
        assert not chat.api.of("sendDocument")


async def test_an_admin_gets_counts_and_the_csv(chat: Chat):
    await chat.core.context.store.register(
        Person(99, "Zoé", "zoe", "fr"), MARCH_17, None, chat.core.context.clock.now()
    )
    chat.user = user_dict(user_id=ADMIN_ID)
    counts = await chat.command("inscrits")
    assert f"({MARCH_17}) : 1" in counts["text"] and f"({MARCH_24}) : 0" in counts["text"]
    await chat.command("export")
    [document] = chat.api.of("sendDocument")
    filename, content = next(iter(document.files.values()))
    assert filename.endswith(".csv")
    lines = content.decode().splitlines()
    assert lines[0] == "webinar_id,webinar_date,telegram_user_id,first_name,username,language,registered_at"
    assert lines[1].startswith(
        f"{MARCH_17},2022-03-17T13:45:00+01:00,99,Zoé,zoe,fr,2022-03-10T10:00:00+01:00"
    )


async def test_an_admin_exports_one_webinar_by_its_id(chat: Chat):
    now = chat.core.context.clock.now()
    await chat.core.context.store.register(Person(99, "Zoé"), MARCH_17, None, now)
    await chat.core.context.store.register(Person(98, "Yann"), MARCH_24, None, now)
    chat.user = user_dict(user_id=ADMIN_ID)
    await chat.command("export", MARCH_24)
    [document] = chat.api.of("sendDocument")
    filename, content = next(iter(document.files.values()))
    assert filename.startswith(f"inscriptions-{MARCH_24}-")
    assert [line.split(",")[0] for line in content.decode().splitlines()[1:]] == [MARCH_24]


@pytest.mark.parametrize(
    "argument", ["../../etc/passwd", "nope", "applications-close", "webinar-1999-01-01", "<b>x</b>"]
)
async def test_an_export_of_an_unknown_webinar_is_refused_like_the_shell_does(chat: Chat, argument):
    await chat.core.context.store.register(Person(99, "Zoé"), MARCH_17, None, chat.core.context.clock.now())
    chat.user = user_dict(user_id=ADMIN_ID)
    sent = await chat.command("export", argument)
    assert not chat.api.of("sendDocument")
    assert sent["text"] == escaped_text(
        "export_unknown_webinar", id=argument, known=f"{MARCH_17}, {MARCH_24}"
    )
