"""One language per conversation turn (issue 13): every piece of a reply in the language of the
person's message, else of their last message, else the one they fixed with /langue…"""

from __future__ import annotations

import html
import re
from datetime import datetime

import icalendar

from bot.commands import COMMANDS
from bot.core import Core
from bot.delivery import telegram_sender
from bot.texts import TEXTS, text
from knowledge.clock import FixedClock
from knowledge.messages import MESSAGES, message
from knowledge.model import PARIS, Knowledge
from reminders.dispatch import Dispatcher
from reminders.planner import all_slots
from storage.records import Person
from storage.store import Store
from tests.chat import Chat
from tests.fakebot import buttons, datas

ENGLISH = "What is the salary?"
FRENCH = "Quel est le salaire ?"
UNCLEAR = "DINUM"  # neither French nor English words: the language cannot be told from it
MARCH_24 = "webinar-2022-03-24"
D7 = "applications-close/d7@0900"


def labels(sent: dict) -> list[str]:
    return [button["text"] for button in buttons(sent)]


def escaped(words: str) -> str:
    return html.escape(words, quote=False)


async def test_an_english_question_gets_an_english_answer_with_english_buttons(chat: Chat):
    sent = await chat.say("When is the deadline to apply?")  # a French Telegram (the chat's default)
    assert "Tuesday 19 April 2022" in sent["text"]
    assert text("en", "vote_helpful") in labels(sent) and text("en", "vote_not_helpful") in labels(sent)
    assert text("en", "back_to_menu") in labels(sent)
    assert any(label.startswith("🔔 Remind me: ") for label in labels(sent))
    assert not any(
        label in labels(sent) for label in (text("fr", "vote_helpful"), text("fr", "back_to_menu"))
    )


async def test_an_english_webinar_answer_offers_english_register_buttons(chat: Chat):
    sent = await chat.say("How do I register for the webinar?")
    assert "✅ Register — Thursday 24 March" in labels(sent)


async def test_a_french_question_from_an_english_telegram_gets_french(chat: Chat):
    chat.speak("en-GB")
    sent = await chat.say(FRENCH)
    assert sent["text"] == escaped(chat.core.context.answerer.ask(FRENCH, lang="fr").text)
    assert text("fr", "vote_helpful") in labels(sent) and text("en", "vote_helpful") not in labels(sent)


async def test_after_an_english_question_an_unclear_message_and_the_commands_stay_english(chat: Chat):
    await chat.say(ENGLISH)
    unclear = await chat.say(UNCLEAR)
    assert unclear["text"] == escaped(chat.core.context.answerer.ask(UNCLEAR, lang="en").text)
    greeting = await chat.say("hello")
    assert greeting["text"] == escaped(message("en", "smalltalk_greeting"))
    helped = await chat.command("aide")  # the French menu of a French Telegram: still English
    assert helped["text"].startswith("Here is what I can do") and "/reminders" in helped["text"]
    assert "/rappels" not in helped["text"]
    assert (await chat.command("faq"))["text"] == escaped(text("en", "faq_categories"))
    assert (await chat.command("start"))["text"].startswith("Hello Camille!")


async def test_none_of_these_after_an_english_question_is_english(chat: Chat):
    sent = await chat.say("What dates for the programme?")
    assert sent["text"] == escaped(message("en", "did_you_mean"))
    assert labels(sent)[-1] == message("en", "none_of_these")
    none = await chat.press("v1:none")
    assert none["text"] == escaped(message("en", "dont_know"))


async def test_a_button_press_after_an_english_question_is_answered_in_english(chat: Chat):
    sent = await chat.say(ENGLISH)
    up = next(data for data in datas(sent) if data.startswith("v1:vote:up:"))
    assert (await chat.press(up))["text"] == escaped(text("en", "vote_thanks"))
    assert (await chat.press("v1:menu"))["text"] == escaped(text("en", "faq_categories"))
    await chat.press("v1:rem:sub:applications-close")
    assert chat.api.last_message()["text"].startswith("Done: I will remind you of")


async def test_a_french_question_after_english_turns_the_conversation_french(chat: Chat):
    await chat.say(ENGLISH)
    await chat.say(FRENCH)
    assert (await chat.press("v1:menu"))["text"] == escaped(text("fr", "faq_categories"))


async def test_a_first_command_follows_its_own_name_then_telegram(chat: Chat):
    assert (await chat.command("reminders"))["text"].startswith("I can remind you")
    assert (await chat.command("rappels"))["text"].startswith("Je peux vous envoyer")
    assert (await chat.command("faq"))["text"] == escaped(text("fr", "faq_categories"))  # Telegram's


async def test_language_fixes_it_and_it_survives_a_restart(chat: Chat, knowledge, clock, store):
    await chat.say(FRENCH)
    shown = await chat.command("language")  # after a French message: in French
    assert shown["text"].startswith(escaped(text("fr", "language_follows", language="français")))
    assert datas(shown) == ["v1:lang:fr", "v1:lang:en"]
    done = await chat.press("v1:lang:en")
    assert done["text"] == escaped(text("en", "language_set", language="English"))
    assert "/language" in done["text"]
    answer = await chat.say(FRENCH)  # a fixed language wins over the message's
    assert text("en", "vote_helpful") in labels(answer)
    assert answer["text"] == escaped(chat.core.context.answerer.ask(FRENCH, lang="en").text)

    restarted = Core(knowledge, clock, store)  # a new process on the same database
    person = Person(chat.user["id"], "Camille", None, "fr")
    [reply] = await restarted.handle_text(person, FRENCH)
    assert reply.text == restarted.context.answerer.ask(FRENCH, lang="en").text
    [screen] = await restarted.handle_command(person, "langue")
    assert screen.text.startswith(text("en", "language_is_fixed", language="English"))
    assert [b.data for b in screen.all_buttons()] == ["v1:lang:fr", "v1:lang:en", "v1:lang:auto"]
    [back] = await restarted.handle_button(person, "v1:lang:auto")
    assert back.text == text("en", "language_set_auto")
    [reply] = await restarted.handle_text(person, FRENCH)
    assert reply.text == restarted.context.answerer.ask(FRENCH, lang="fr").text


async def test_my_data_shows_the_language_and_forgetting_erases_it(chat: Chat):
    await chat.press("v1:lang:en")
    shown = (await chat.command("mesdonnees"))["text"]
    assert "• language of my answers: English (chosen with /language)" in shown
    assert "• Telegram language: fr" in shown
    await chat.press("v1:forget:yes")
    assert await chat.core.context.store.person(chat.user["id"]) is None
    assert (await chat.command("mesdonnees"))["text"] == escaped(text("fr", "mydata_none"))
    assert (await chat.say(UNCLEAR))["text"].startswith("DINUM désigne")  # no memory of English either


async def test_my_data_shows_the_language_of_the_sign_ups(chat: Chat):
    await chat.say(ENGLISH)
    await chat.press("v1:rem:sub:applications-close")
    await chat.say(FRENCH)
    shown = (await chat.command("mesdonnees"))["text"]
    assert "• langue de mes réponses : anglais\n" in shown  # the language they subscribed in


async def test_every_command_answers_to_its_english_name(chat: Chat):
    for command in COMMANDS:
        if command.admin:
            continue
        sent = await chat.command(command.en)
        assert not sent["text"].startswith("I don't know the command"), command.en
        assert not sent["text"].startswith("Je ne connais pas la commande"), command.en


def named_commands(words: str) -> set[str]:
    return set(re.findall(r"(?<![\w/])/([a-z_]+)\b", words))


def wrong_names(lang: str) -> set[str]:
    """The names of commands in the other language only."""
    other = "fr" if lang == "en" else "en"
    return {getattr(c, other) for c in COMMANDS} - {getattr(c, lang) for c in COMMANDS}


def test_every_text_names_the_commands_of_its_language():
    for lang in ("fr", "en"):
        named = {key: named_commands(words) & wrong_names(lang) for key, words in TEXTS[lang].items()}
        named |= {f"messages:{k}": named_commands(w) & wrong_names(lang) for k, w in MESSAGES[lang].items()}
        assert {key: names for key, names in named.items() if names} == {}, lang
    assert "/reminders" in TEXTS["en"]["reminders_stopped"] and "/rappels" in TEXTS["fr"]["reminders_stopped"]


def test_every_answer_of_the_knowledge_names_the_commands_of_its_language(knowledge: Knowledge):
    for lang in ("fr", "en"):
        wrong = {
            entry.id: named_commands(entry.answer.get(lang)) & wrong_names(lang)
            for entry in knowledge.entries
        }
        assert {entry: names for entry, names in wrong.items() if names} == {}, lang


async def test_the_calendar_file_is_named_and_written_in_the_registrants_language(chat: Chat):
    await chat.say("How do I register for the webinar?")
    await chat.press(f"v1:web:reg:{MARCH_24}")
    [document] = chat.api.of("sendDocument")
    filename, content = next(iter(document.files.values()))
    assert filename == "eig-webinar-2022-03-24.ics"
    [event] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert str(event["summary"]) == "Webinar: design and digital-law jobs"
    assert str(event["description"]).startswith("Presentation webinar for the EIG 2022")
    assert str(icalendar.Calendar.from_ical(content)["prodid"]).endswith("//EN")
    assert chat.api.of("sendMessage")[0].params["text"].startswith("Done: you are registered")


async def reminders_of(chat: Chat, knowledge: Knowledge, store: Store) -> list[str]:
    """The texts of the D7 reminder (12 April, 09:00) as a fan-out sends them."""
    slot = next(s for s in all_slots(knowledge) if s.key == D7)
    chat.api.clear()
    clock = FixedClock(datetime(2022, 4, 12, 9, tzinfo=PARIS))
    await Dispatcher(store, clock, telegram_sender(chat.app.bot), concurrency=1).fan_out(slot)
    return [call.params["text"] for call in chat.api.of("sendMessage")]


async def test_a_reminder_goes_in_the_language_the_person_subscribed_in(chat: Chat, knowledge, store):
    chat.speak("en")  # an English Telegram, a conversation in French
    await chat.say("Quelle est la date limite pour candidater ?")
    await chat.press("v1:rem:sub:applications-close")
    [reminder] = await reminders_of(chat, knowledge, store)
    assert reminder.startswith("⏰ Rappel : « Clôture des candidatures », le mardi 19 avril 2022")


async def test_a_reminder_goes_in_the_language_fixed_with_langue(chat: Chat, knowledge, store):
    await chat.say(FRENCH)
    await chat.press("v1:rem:sub:applications-close")
    await chat.press("v1:lang:en")
    [reminder] = await reminders_of(chat, knowledge, store)
    assert reminder.startswith("⏰ Reminder: “Applications close”, on Tuesday 19 April 2022")
    await chat.say(FRENCH)
    await chat.press("v1:rem:sub:applications-close")  # signing up again keeps the fixed language
    assert (await store.person(chat.user["id"])) == Person(
        chat.user["id"], "Camille", None, "fr", reply_language="en", language_fixed=True
    )
