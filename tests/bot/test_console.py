"""The terminal chat: same core, numbered buttons, no token, no network."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

from bot.console import CONSOLE_USER, Console, format_reply, rehearsal_start, run_console
from bot.core import Core
from bot.replies import Attachment, Button, Reply
from bot.terminal import Terminal
from bot.texts import text
from knowledge.clock import FixedClock
from knowledge.messages import message
from knowledge.model import PARIS, Knowledge
from storage.records import Person
from storage.store import Store


async def chat(core: Core, *lines: str, user: Person | None = None) -> str:
    stdout = io.StringIO()
    await run_console(core, io.StringIO("".join(f"{line}\n" for line in lines)), stdout, user)
    return stdout.getvalue()


async def test_start_shows_the_welcome_and_numbered_topics(core: Core) -> None:
    out = await chat(core, "/start")
    assert "Bonjour ! Je suis l'assistant" in out
    first = core.context.knowledge.categories[0].title.fr
    assert f"[1] {first}" in out


async def test_a_number_presses_the_button_of_the_last_reply(core: Core) -> None:
    out = await chat(core, "/start", "1")
    category = core.context.knowledge.categories[0]
    assert text("fr", "faq_entries", category=category.title.fr) in out


async def test_a_question_is_answered_like_on_telegram(core: Core) -> None:
    out = await chat(core, "Quel est le salaire ?")
    assert "3 500" in out and "4 000" in out


async def test_a_number_that_is_no_button_gives_the_range_and_is_no_question(core: Core) -> None:
    welcome = await core.handle_command(CONSOLE_USER, "start", "")
    last = sum(len(reply.all_buttons()) for reply in welcome)
    out = await chat(core, "/start", "99", "1")
    after = out.split("> 99\n", 1)[1]
    assert after.startswith(text("fr", "console_no_button", n=99, choices=f"1–{last}") + "\n")
    assert "Il n'y a pas de bouton 99 : choisissez 1–" in after
    assert message("fr", "empty") not in after and message("fr", "dont_know") not in after
    assert await core.context.store.unanswered() == []  # not kept as a question
    category = core.context.knowledge.categories[0]  # the buttons stay: 1 is still the first topic
    assert text("fr", "faq_entries", category=category.title.fr) in after


async def test_a_number_without_buttons_says_there_are_none(core: Core) -> None:
    out = await chat(core, "0", "3", user=Person(7, "Ada", language="en"))
    assert text("en", "console_no_buttons", n=0) in out and "No button 3: the last reply" in out
    assert await core.context.store.unanswered() == []


async def test_commands_take_arguments_and_unknown_ones_are_named(core: Core) -> None:
    out = await chat(core, "/foo bar")
    assert text("fr", "unknown_command", command="foo") in out


async def test_quit_ends_the_chat_before_the_next_line(core: Core) -> None:
    out = await chat(core, "/quit", "Quel est le salaire ?")
    assert "3 500" not in out


async def test_end_of_input_ends_the_chat(core: Core) -> None:
    stdout = io.StringIO()
    await run_console(core, io.StringIO(""), stdout)
    assert "/quit" in stdout.getvalue()  # the intro, then nothing


async def test_an_english_user_gets_english(core: Core) -> None:
    out = await chat(core, "/help", user=Person(7, "Ada", language="en"))
    assert "/help" in out and "Here is what I can do" in out


def test_files_are_announced_not_saved_and_urls_are_shown() -> None:
    reply = Reply(
        "Le texte",
        title="Titre",
        buttons=[[Button("Suite", "v1:menu"), Button("Site", url="https://x.fr")]],
        files=[Attachment("rappel.ics", b"12345")],
    )
    shown, choices = format_reply(reply)
    assert shown.splitlines()[0] == "Titre"
    assert "[1] Suite" in shown and "[2] Site → https://x.fr" in shown
    assert "📎 rappel.ics (5 bytes)" in shown
    assert choices == reply.all_buttons()


async def test_pressing_a_link_button_shows_the_link(core: Core) -> None:
    console = Console(core, Terminal(io.StringIO(), io.StringIO()))
    console.show([Reply("x", buttons=[[Button("Site", url="https://x.fr")]])])
    assert [r.text for r in await console.respond("1")] == ["https://x.fr"]


async def test_a_failure_apologises_and_the_chat_goes_on(core: Core, monkeypatch) -> None:
    async def broken(user: Person, words: str) -> list[Reply]:
        raise RuntimeError("boom")

    monkeypatch.setattr(core, "handle_text", broken)
    out = await chat(core, "salaire", "/aide")
    assert text("fr", "error") in out and "/faq" in out


async def test_when_every_date_is_past_the_welcome_says_how_to_rehearse(
    knowledge: Knowledge, store: Store
) -> None:
    core = Core(knowledge, FixedClock(datetime(2026, 11, 30, 11, 0, tzinfo=PARIS)), store)
    command = "eig-bot console --clock-start 2022-03-10T10:00"
    out = await chat(core)
    assert text("fr", "console_calendar_past", command=command) + "\n" in out
    assert rehearsal_start(knowledge, core.context.now()) == datetime(2022, 3, 10, 10, 0, tzinfo=PARIS)


async def test_while_the_calendar_has_dates_ahead_the_welcome_says_nothing_of_it(
    core: Core, knowledge: Knowledge
) -> None:
    last = max(event.due for event in knowledge.events)
    assert "--clock-start" not in await chat(core)
    assert rehearsal_start(knowledge, last - timedelta(minutes=1)) is None
    assert rehearsal_start(knowledge, last) is not None
