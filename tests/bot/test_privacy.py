"""Personal-data rights: /mesdonnees shows everything kept about the user, /oublier erases it."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.texts import text
from knowledge.clock import FixedClock
from knowledge.model import PARIS
from tests.chat import Chat
from tests.fakebot import datas

MARCH_17 = "webinar-2022-03-17"


@pytest.fixture(autouse=True)
def before_the_webinars(clock: FixedClock) -> None:
    """10 March 2022: the webinars are ahead, so one can register."""
    clock.instant = datetime(2022, 3, 10, 10, 0, tzinfo=PARIS)


async def test_my_data_shows_everything_and_forget_erases_it(chat: Chat) -> None:
    assert (await chat.command("mesdonnees"))["text"] == text("fr", "mydata_none")
    await chat.press(f"v1:web:reg:{MARCH_17}")
    shown = await chat.command("mesdonnees")
    assert str(chat.user["id"]) in shown["text"] and "jeudi 17 mars 2022" in shown["text"]
    assert datas(shown) == ["v1:forget:ask"]
    confirm = await chat.command("oublier")
    assert datas(confirm) == ["v1:forget:yes", "v1:forget:no"]
    kept = await chat.press("v1:forget:no")
    assert kept["text"] == text("fr", "forget_kept")
    assert await chat.core.context.store.person(chat.user["id"]) is not None
    await chat.press("v1:forget:yes")
    assert (await chat.command("mydata"))["text"] == text("en", "mydata_none")  # an English command
    assert await chat.core.context.store.registration_counts() == {}


async def test_my_data_names_webinars_and_deadlines_by_title_and_date(chat: Chat) -> None:
    await chat.press(f"v1:web:reg:{MARCH_17}")
    await chat.press("v1:rem:sub:applications-close")
    shown = (await chat.command("mesdonnees"))["text"]
    assert "Webinaire : métiers du développement et de la donnée — jeudi 17 mars 2022, 13 h 45" in shown
    assert "Clôture des candidatures — " in shown
    assert MARCH_17 not in shown and "applications-close" not in shown
    chat.speak("en")
    shown = (await chat.command("mydata"))["text"]
    assert "Webinar: development and data jobs — Thursday 17 March 2022, 13:45" in shown
    assert "Applications close — " in shown and "applications-close" not in shown


async def test_a_webinar_removed_from_the_calendar_is_shown_by_its_id(chat: Chat) -> None:
    store = chat.core.context.store
    await chat.press(f"v1:web:reg:{MARCH_17}")
    user = await store.person(chat.user["id"])
    assert user is not None
    await store.register(user, "webinar-2021-01-01", None, chat.core.context.now())
    shown = (await chat.command("mesdonnees"))["text"]
    assert text("fr", "webinar_removed", id="webinar-2021-01-01") in shown


async def test_the_erase_button_of_my_data_asks_first(chat: Chat) -> None:
    confirm = await chat.press("v1:forget:ask")
    assert confirm["text"] == text("fr", "forget_confirm")
    assert datas(confirm) == ["v1:forget:yes", "v1:forget:no"]


async def test_someone_who_only_voted_sees_their_votes_and_can_erase_them(chat: Chat) -> None:
    answer = await chat.say("Quel est le salaire ?")
    [up] = [d for d in datas(answer) if d.startswith("v1:vote:up:")]
    assert (await chat.press(up))["text"] == text("fr", "vote_thanks")
    assert await chat.core.context.store.person(chat.user["id"]) is None  # a vote keeps no user row
    shown = await chat.command("mesdonnees")
    assert shown["text"] != text("fr", "mydata_none") and str(chat.user["id"]) in shown["text"]
    await chat.press("v1:forget:yes")
    assert (await chat.command("mesdonnees"))["text"] == text("fr", "mydata_none")
