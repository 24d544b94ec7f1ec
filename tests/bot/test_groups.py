"""Groups and channels: the bot says once that it is for private chats, and does nothing else."""

from __future__ import annotations

import pytest

from bot.commands import COMMANDS
from bot.groups import private_only_notice
from storage.store import Person
from tests.chat import Chat
from tests.fakebot import (
    callback_update,
    channel_post_update,
    command_update,
    group_chat,
    text_update,
    user_dict,
)
from tests.helpers import ADMIN_ID, NOW

ADMIN = user_dict(user_id=ADMIN_ID, first_name="Dominique")
GROUP = group_chat()
WEBINAR = "webinar-2022-03-24"


async def in_group(chat: Chat, words: str, user: dict = ADMIN, group: dict = GROUP) -> list[str]:
    """Say `words` in a group; the texts the bot sent back (documents make it fail)."""
    await chat.feed(text_update(chat.app.bot, words, user, group))
    assert not chat.api.of("sendDocument")
    return chat.api.sent_texts()


async def test_a_group_is_told_once_with_a_link_to_a_private_chat(chat: Chat) -> None:
    first = await in_group(chat, "Quel est le salaire ?")
    assert first == [private_only_notice("eig_test_bot")]
    assert "https://t.me/eig_test_bot" in first[0]
    assert "conversation privée" in first[0] and "private chat" in first[0]
    assert chat.api.last_message()["chat_id"] == GROUP["id"]
    assert await in_group(chat, "Et la date limite ?") == []
    assert await in_group(chat, "/start") == []
    assert not chat.errors


async def test_each_group_is_told_once(chat: Chat) -> None:
    other = group_chat(-4242, "group", "Promo 2022")
    assert len(await in_group(chat, "bonjour")) == 1
    assert len(await in_group(chat, "bonjour", group=other)) == 1
    assert await in_group(chat, "bonjour", group=other) == []


async def test_an_admins_export_in_a_group_sends_no_document(chat: Chat) -> None:
    await chat.core.context.store.register(Person(77, "Alex"), WEBINAR, None, NOW)
    await chat.feed(command_update(chat.app.bot, "export", user=ADMIN, chat=GROUP))
    assert not chat.api.of("sendDocument")
    assert chat.api.sent_texts() == [private_only_notice("eig_test_bot")]
    assert "Alex" not in chat.api.sent_texts()[0]


@pytest.mark.parametrize("name", sorted({n for c in COMMANDS for n in c.names}))
async def test_no_command_runs_in_a_group_not_even_for_an_admin(chat: Chat, name: str) -> None:
    await chat.core.context.store.register(Person(ADMIN_ID, "Dominique"), WEBINAR, None, NOW)
    await in_group(chat, "bonjour")  # the group has been told
    assert await in_group(chat, f"/{name}") == []
    assert await in_group(chat, f"/{name}@eig_test_bot") == []
    assert await chat.core.context.store.person(ADMIN_ID) is not None  # /oublier did nothing


async def test_a_register_button_in_a_group_registers_no_one_and_sends_no_ics(chat: Chat) -> None:
    user = user_dict(user_id=555)
    await chat.feed(callback_update(chat.app.bot, f"v1:web:reg:{WEBINAR}", user, GROUP))
    assert not chat.api.of("sendDocument")
    assert chat.api.sent_texts() == [private_only_notice("eig_test_bot")]
    assert len(chat.api.of("answerCallbackQuery")) == 1  # the spinner stops
    assert await chat.core.context.store.registrations(user_id=555) == []
    assert await chat.core.context.store.person(555) is None


async def test_a_vote_button_in_a_group_is_not_counted(chat: Chat) -> None:
    await chat.feed(callback_update(chat.app.bot, "v1:vote:up:pay", user_dict(), GROUP))
    assert await chat.core.context.store.votes_per_entry() == {}


async def test_a_channel_is_told_once_and_nothing_else(chat: Chat) -> None:
    await chat.feed(channel_post_update(chat.app.bot, "/stats"))
    assert chat.api.sent_texts() == [private_only_notice("eig_test_bot")]
    await chat.feed(channel_post_update(chat.app.bot, "Quel est le salaire ?"))
    assert chat.api.calls == []


async def test_a_private_chat_still_gets_answers_after_a_group_was_told(chat: Chat) -> None:
    await in_group(chat, "bonjour", user=chat.user)
    assert (await chat.command("start"))["text"].startswith("Bonjour Camille")


# -- commands addressed to another bot ----------------------------------------------------
async def test_a_command_for_another_bot_is_ignored_in_a_private_chat(chat: Chat) -> None:
    chat.user = ADMIN
    assert await chat.say("/stats@OtherBot") == {}
    assert await chat.say("/start@OtherBot hello") == {}
    assert chat.api.calls == []


async def test_a_command_for_another_bot_in_a_group_does_not_even_get_the_notice(chat: Chat) -> None:
    assert await in_group(chat, "/stats@OtherBot") == []
    assert await in_group(chat, "/help@OtherBot") == []


async def test_a_command_for_this_bot_by_name_in_any_case_still_works(chat: Chat) -> None:
    assert (await chat.say("/start@EIG_Test_Bot"))["text"].startswith("Bonjour")
