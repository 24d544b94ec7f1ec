"""The Telegram front end, driven offline with real Update objects through the Application."""

from __future__ import annotations

import html
import logging
import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from bot import handlers
from bot import telegram as front
from bot.commands import COMMANDS, Command
from bot.core import Core
from bot.replies import Reply
from bot.settings import Settings
from bot.texts import text
from knowledge.messages import message
from storage.database import DatabaseGone
from tests.chat import Chat
from tests.fakebot import (
    OfflineRequest,
    datas,
    message_update,
    photo_update,
    sticker_update,
    text_update,
    user_dict,
)
from tests.helpers import TOKEN


def escaped(value: str) -> str:
    return html.escape(value, quote=False)


# -- commands -----------------------------------------------------------------------------
async def test_start_greets_by_name_and_offers_one_button_per_topic(chat: Chat) -> None:
    sent = await chat.command("start")
    assert sent["text"].startswith("Bonjour Camille !")
    assert sent["parse_mode"] == "HTML"
    topics = [
        c for c in chat.core.context.knowledge.categories if chat.core.context.knowledge.entries_in(c.id)
    ]
    assert datas(sent) == [f"v1:cat:{c.id}" for c in topics]
    assert not chat.errors


async def test_start_speaks_english_to_an_english_telegram(chat: Chat) -> None:
    chat.speak("en-GB")
    assert (await chat.command("start"))["text"].startswith("Hello Camille!")


async def test_start_addressed_to_the_bot_by_username_works(chat: Chat) -> None:
    assert (await chat.say("/start@eig_test_bot"))["text"].startswith("Bonjour")


@pytest.mark.parametrize(("name", "lang"), [("aide", "fr"), ("help", "en")])
async def test_aide_and_help_list_the_commands(chat: Chat, name: str, lang: str) -> None:
    """A first message, the command's name tells the language of the list (of its names too)."""
    sent = await chat.command(name)
    assert "/start" in sent["text"] and "/faq" in sent["text"] and f"/{name}" in sent["text"]
    assert sent["text"].startswith(text(lang, "help", commands="").split("\n")[0])


async def test_help_lists_english_command_names_in_english(chat: Chat) -> None:
    chat.speak("en")
    sent = await chat.command("help")
    assert "/help" in sent["text"] and "/aide" not in sent["text"]


async def test_faq_then_a_topic_then_a_question_gives_the_answer(chat: Chat) -> None:
    topics = datas(await chat.command("faq"))
    assert topics and all(d.startswith("v1:cat:") for d in topics)
    questions = datas(await chat.press(topics[0]))
    entries = [d for d in questions if d.startswith("v1:faq:")]
    assert entries and "v1:menu" in questions
    entry = chat.core.context.knowledge.entry(entries[0].split(":")[2])
    sent = await chat.press(entries[0])
    assert sent["text"].startswith(f"<b>{escaped(entry.title('fr'))}</b>\n\n")
    assert escaped(chat.core.context.answerer.entry_text(entry, "fr")) in sent["text"]
    assert len(chat.api.of("answerCallbackQuery")) == 1


async def test_an_unknown_command_is_named_and_the_help_follows(chat: Chat) -> None:
    sent = await chat.say("/foo bar")
    assert "/foo" in sent["text"] and "/aide" in sent["text"]
    assert not chat.errors


async def test_the_command_menu_is_set_in_french_by_default_and_in_english(
    chat: Chat, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = Command("stats", "stats", COMMANDS[0].description, COMMANDS[0].handler, admin=True)
    monkeypatch.setattr(front, "COMMANDS", COMMANDS + (secret,))
    chat.api.clear()
    await chat.app.post_init(chat.app)
    default, english = chat.api.of("setMyCommands")
    assert "language_code" not in default.params
    assert english.params["language_code"] == "en"
    french_names = [c["command"] for c in default.params["commands"]]
    english_names = [c["command"] for c in english.params["commands"]]
    assert "aide" in french_names and "help" in english_names
    assert "stats" not in french_names + english_names


# -- questions ----------------------------------------------------------------------------
async def test_the_salary_question_is_answered_in_french(chat: Chat) -> None:
    sent = await chat.say("Quel est le salaire ?")
    assert "3 500" in sent["text"] and "4 000" in sent["text"] and "euros" in sent["text"]


async def test_the_salary_question_in_english_is_answered_in_english(chat: Chat) -> None:
    sent = await chat.say("What is the salary?")
    assert "3,500" in sent["text"] and "4,000" in sent["text"] and "per month" in sent["text"]


async def test_an_unclear_language_follows_the_users_telegram_language(chat: Chat) -> None:
    french = (await chat.say("DINUM"))["text"]
    chat.speak("en")
    english = (await chat.say("DINUM"))["text"]
    assert english == escaped(chat.core.context.answerer.ask("DINUM", "en").text)
    assert french == escaped(chat.core.context.answerer.ask("DINUM", "fr").text)
    assert english != french


async def test_a_typo_is_forgiven(chat: Chat) -> None:
    sent = await chat.say("calandrier")
    assert "19 avril 2022" in sent["text"]
    assert await chat.core.context.store.unanswered() == []


async def test_an_out_of_scope_question_gets_dont_know_and_topics(chat: Chat) -> None:
    sent = await chat.say("quel temps fait-il à Paris ?")
    assert sent["text"] == escaped(message("fr", "dont_know"))
    assert datas(sent) and all(d.startswith("v1:cat:") for d in datas(sent))


async def test_an_unanswered_question_is_kept_without_any_user_id(chat: Chat) -> None:
    await chat.say("quel temps fait-il à Paris ?")
    [row] = await chat.core.context.store.unanswered()
    assert row.text == "quel temps fait-il à Paris ?"
    async with chat.core.context.store.db.execute("PRAGMA table_info(unanswered)") as cursor:
        columns = {r["name"] for r in await cursor.fetchall()}
    assert columns == {"id", "text", "best_entry", "score", "asked_at"}
    assert not any("user" in c or "chat" in c for c in columns)


async def test_an_unclear_question_gets_the_nearest_entries_as_buttons(chat: Chat) -> None:
    sent = await chat.say("les agents ils aident ?")
    assert sent["text"] == escaped(message("fr", "did_you_mean"))
    assert "v1:faq:immersion" in datas(sent) and datas(sent)[-1] == "v1:none"


async def test_two_questions_in_one_answer_the_known_one_and_name_the_other(chat: Chat) -> None:
    sent = await chat.say("Quelle est la date limite ? Et le télétravail, c'est possible ?")
    assert "19 avril 2022" in sent["text"]
    assert sent["text"].endswith(escaped(message("fr", "not_covered_too", words="télétravail")))


async def test_an_ambiguous_question_suggests_entries_and_pressing_one_answers(chat: Chat) -> None:
    question = "Quelles dates pour le programme ?"  # the programme itself, or its calendar?
    sent = await chat.say(question)
    assert sent["text"] == escaped(message("fr", "did_you_mean"))
    suggestions = [d for d in datas(sent) if d.startswith("v1:faq:")]
    assert len(suggestions) >= 2 and datas(sent)[-1] == "v1:none"
    [row] = await chat.core.context.store.unanswered()
    assert row.text == question and f"v1:faq:{row.best_entry}" in suggestions
    entry = chat.core.context.knowledge.entry(suggestions[0].split(":")[2])
    answer = await chat.press(suggestions[0])
    assert answer["text"].startswith(f"<b>{escaped(entry.title('fr'))}</b>")
    none = await chat.press("v1:none")
    assert none["text"] == escaped(message("fr", "dont_know"))


@pytest.mark.parametrize(
    "data",
    [
        "garbage",
        "v1:faq:does-not-exist",
        "v9:x",
        "v1:cat:nope",
        "v1:faq:" + "a" * 193,
        "",
        "v1:faq:../../etc",
        "v1:menu:x",
    ],
)
async def test_a_forged_or_stale_button_gets_a_short_reply(chat: Chat, data: str) -> None:
    sent = await chat.press(data)
    assert len(sent["text"]) < 200
    assert len(chat.api.of("answerCallbackQuery")) == 1
    assert not chat.errors


async def test_a_sticker_or_a_photo_is_not_text(chat: Chat) -> None:
    for update in (
        sticker_update(chat.app.bot),
        photo_update(chat.app.bot, caption="salaire ?"),
        message_update(chat.app.bot, location={"latitude": 48.8, "longitude": 2.3}),
        message_update(chat.app.bot, voice={"file_id": "v", "file_unique_id": "uv", "duration": 3}),
    ):
        assert (await chat.feed(update))["text"] == escaped(text("fr", "not_text"))
    assert not chat.errors


@pytest.mark.parametrize(
    "words",
    [
        "",
        "   ",
        "a" * 10_000,
        "😀🎉👍",
        "\x00\x07salaire\x1b[31m\u200b",
        "ما هو الراتب؟ שלום",
        "\u202eerialas",
        "<script>alert(1)</script> & co",
        "/foo bar",
        "/",
        "/start " + "x" * 5000,
    ],
)
async def test_odd_input_gets_a_reply_and_never_reaches_the_error_handler(chat: Chat, words: str) -> None:
    sent = await chat.say(words)
    assert sent.get("text")
    assert not chat.errors
    assert text("fr", "error") not in chat.api.sent_texts()


async def test_a_very_long_message_is_read_from_its_beginning(chat: Chat) -> None:
    sent = await chat.say("Quel est le salaire ? " + "bla " * 3000)
    assert sent["text"].startswith(escaped(text("fr", "too_long")))


async def test_the_first_name_is_html_escaped(chat: Chat) -> None:
    chat.user = user_dict(first_name="<b>x</b>&")
    sent = await chat.command("start")
    assert sent["text"].startswith("Bonjour &lt;b&gt;x&lt;/b&gt;&amp; !")
    assert "<b>x</b>" not in sent["text"]


async def test_a_failure_apologises_and_logs_neither_the_text_nor_the_user(
    chat: Chat, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(user: Any, words: str) -> list[Reply]:
        raise RuntimeError("boom")

    monkeypatch.setattr(chat.core, "handle_text", broken)
    with caplog.at_level(logging.DEBUG):
        sent = await chat.say("ma question secrète")
    assert sent["text"] == escaped(text("fr", "error"))
    assert [type(e) for e in chat.errors] == [RuntimeError]
    ours = [r for r in caplog.records if r.name.split(".")[0] == "bot"]
    logged = "\n".join(logging.Formatter().format(r) for r in ours)
    assert "boom" in logged
    assert "ma question secrète" not in logged and "4242" not in logged


async def test_the_apology_is_in_the_language_of_the_message_that_failed(
    chat: Chat, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(user: Any, words: str) -> list[Reply]:
        raise RuntimeError("boom")

    monkeypatch.setattr(chat.core, "handle_text", broken)
    sent = await chat.say("What is the salary for a developer?")
    assert sent["text"] == escaped(text("en", "error"))


async def refuse_writes(core: Core) -> None:
    """SQLite refuses every write, as on a disk remounted read-only."""
    await core.context.store.db.execute("PRAGMA query_only = ON")


async def delete_the_file(core: Core) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(core.context.store.path + suffix).unlink(missing_ok=True)


@pytest.mark.parametrize("fault", [refuse_writes, delete_the_file])
@pytest.mark.parametrize(
    "press", ["v1:web:reg:webinar-2022-03-24", "v1:rem:sub:applications-close", "v1:forget:yes"]
)
async def test_a_write_that_fails_gets_the_apology_never_a_confirmation(
    chat: Chat, fault: Callable[[Core], Awaitable[None]], press: str
) -> None:
    await fault(chat.core)
    await chat.press(press)
    assert chat.api.sent_texts() == [escaped(text("fr", "error"))]  # not "C'est noté"
    assert chat.api.of("sendDocument") == []  # no .ics
    assert [type(e) for e in chat.errors] in ([sqlite3.OperationalError], [DatabaseGone])


def test_a_telegram_user_becomes_a_core_user(chat: Chat) -> None:
    update = text_update(chat.app.bot, "x", user_dict(77, "Ada", "en-US"))
    user = handlers.to_user(update.effective_user)
    assert (user.id, user.first_name, user.language, user.lang) == (77, "Ada", "en-US", "en")
    assert handlers.to_user(None).id == 0


# -- configuration ------------------------------------------------------------------------
async def test_a_local_bot_api_server_is_used_when_telegram_base_url_is_set(core: Core) -> None:
    api = OfflineRequest()
    settings = Settings(telegram_token=TOKEN, telegram_base_url="http://127.0.0.1:8081")
    app = front.build_application(settings, core, request=api, get_updates_request=OfflineRequest())
    assert app.bot.base_url == f"http://127.0.0.1:8081/bot{TOKEN}"
    assert app.bot.base_file_url == f"http://127.0.0.1:8081/file/bot{TOKEN}"
    await app.initialize()
    try:
        assert api.calls[0].url == f"http://127.0.0.1:8081/bot{TOKEN}/getMe"
    finally:
        await app.shutdown()


def test_the_official_api_is_used_by_default(core: Core) -> None:
    app = front.build_application(
        Settings(telegram_token=TOKEN), core, request=OfflineRequest(), get_updates_request=OfflineRequest()
    )
    assert app.bot.base_url == f"https://api.telegram.org/bot{TOKEN}"


async def test_a_network_error_while_polling_is_one_warning(
    chat: Chat, caplog: pytest.LogCaptureFixture
) -> None:
    from telegram.error import NetworkError

    with caplog.at_level(logging.INFO, logger="bot"):
        await chat.app.process_error(None, NetworkError("connection reset"))
    [record] = [r for r in caplog.records if r.name == "bot.handlers"]
    assert record.levelno == logging.WARNING and record.exc_info is None
    assert not chat.api.of("sendMessage")


async def test_command_arguments_may_follow_a_line_break(chat: Chat, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, str]] = []
    handle = chat.core.handle_command

    async def spy(user: Any, name: str, args: str = "") -> list[Reply]:
        seen.append((name, args))
        return await handle(user, name, args)

    monkeypatch.setattr(chat.core, "handle_command", spy)
    await chat.say("/FAQ@eig_test_bot\nsalaire net")
    assert seen == [("faq", "salaire net")]
