"""A candidate's journey, the bot running as its own process against the test Bot API server.

First run (clock 10 March 2022): /start and the menu, a question with a typo, a "did you
mean" press, a related entry, registration for the 17 March webinar with its .ics, the
/rappels subscription. Second run on the same database (clock 12 April 2022, 08:59:50): the
reminder arrives at 09:00, about 10 s after the start; its stop button; /oublier, /mesdonnees.

The bot's sentences come from bot.texts and its answers from the knowledge, read here too, so
that a rewording does not break the journey; facts (dates, files, ids) are written out.
"""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from bot.commands import COMMANDS
from bot.reminders_ui import reminder_reply
from bot.texts import text
from bot.webinars import when
from knowledge.answer import Answerer
from knowledge.clock import FixedClock
from knowledge.loader import load_knowledge
from knowledge.messages import message
from knowledge.model import PARIS
from reminders.planner import all_slots
from tests.e2e.helpers import QUICK, query, reminders_per_chat
from tests.fakebot.http import BotAPIServer

pytestmark = pytest.mark.e2e

CAMILLE = 4242
FIRST_RUN = datetime(2022, 3, 10, 10, 0, tzinfo=PARIS)
KNOWLEDGE = load_knowledge()
EVAL = Path(__file__).resolve().parents[1] / "eval"
# Questions known to make the matcher hesitate; the journey takes the first that still does.
HESITANT = [
    "c quoi EIG en 2 mots ?",
    "how are the projects defined?",
    "on bosse à combien sur un projet ?",
    "qui m'épaule côté administration ?",
]


def title(entry_id: str) -> str:
    return KNOWLEDGE.entry(entry_id).title("fr")


def entry_ids(data: list[str]) -> list[str]:
    return [d.split(":", 2)[2] for d in data if d.startswith("v1:faq:")]


def question_with_suggestions() -> tuple[str, list[str]]:
    """A question the bot answers with "did you mean" buttons, the first suggestion having
    related entries (found with the bot's own Answerer, as `python -m knowledge ask` does)."""
    questions = list(HESITANT)
    for path in sorted(EVAL.glob("*.yaml")):
        questions += [
            item["q"]
            for item in yaml.safe_load(path.read_text(encoding="utf-8"))
            if isinstance(item, dict) and item.get("q")
        ]
    answerer = Answerer(KNOWLEDGE, FixedClock(FIRST_RUN))
    for question in questions:
        answer = answerer.ask(question, "fr")
        if (
            answer.kind == "suggest"
            and answer.lang == "fr"
            and answer.suggestions
            and answer.suggestions[0].related
        ):
            return question, [entry.id for entry in answer.suggestions]
    pytest.fail("no question of tests/eval gives 'did you mean' suggestions any more")


def first_run(server: BotAPIServer) -> None:
    user = {"first_name": "Camille", "language_code": "fr"}
    say = lambda words, count=1: server.say(CAMILLE, words, count, **user)
    command = lambda name, args="", count=1: server.command(CAMILLE, name, args, count, **user)
    tap = lambda data, count=1: server.tap(CAMILLE, data, count, **user)

    # The command menu is set in French and in English, without the staff commands.
    assert [c["command"] for c in server.commands[""]] == [c.fr for c in COMMANDS if not c.admin]
    assert [c["command"] for c in server.commands["en"]] == [c.en for c in COMMANDS if not c.admin]

    [welcome] = command("start")
    assert welcome.plain == text("fr", "welcome", name=" Camille")
    topics = welcome.data_starting("v1:cat:")
    assert len(topics) == len([c for c in KNOWLEDGE.categories if KNOWLEDGE.entries_in(c.id)])
    [topic] = tap(topics[0])
    assert entry_ids(topic.callback_data) and "v1:menu" in topic.callback_data

    [calendar] = say("calandrier")  # a typo
    assert "Candidatures du lundi 7 mars 2022 au mardi 19 avril 2022" in calendar.plain
    assert set(KNOWLEDGE.entry("calendar").related) <= set(entry_ids(calendar.callback_data))

    question, suggestions = question_with_suggestions()
    [unsure] = say(question)
    assert unsure.plain.startswith(message("fr", "did_you_mean"))
    assert entry_ids(unsure.callback_data) == suggestions
    assert unsure.callback_data[-1] == "v1:none"
    [answer] = tap(f"v1:faq:{suggestions[0]}")
    assert answer.text.startswith(f"<b>{title(suggestions[0])}</b>")
    related = entry_ids(answer.callback_data)
    assert related[: len(KNOWLEDGE.entry(suggestions[0]).related)] == list(
        KNOWLEDGE.entry(suggestions[0]).related
    )
    [followed] = tap(f"v1:faq:{related[0]}")
    assert followed.plain.startswith(title(related[0]))

    webinar = KNOWLEDGE.event("webinar-2022-03-17")
    [webinars] = command("webinaires")
    assert "jeudi 17 mars 2022, de 13 h 45 à 14 h 45" in webinars.plain
    assert "v1:web:reg:webinar-2022-03-17" in webinars.callback_data
    confirmation, ics = tap("v1:web:reg:webinar-2022-03-17", count=2)
    assert confirmation.plain.startswith(
        text("fr", "registered", title=webinar.title.get("fr"), when=when(webinar, "fr"))
    )
    assert "v1:web:cancel:webinar-2022-03-17" in confirmation.callback_data
    assert ics.method == "sendDocument" and ics.document is not None
    assert ics.document.filename == "webinaire-eig-2022-03-17.ics"
    assert ics.document.mime_type == "text/calendar"
    calendar_file = ics.document.text
    assert calendar_file.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in calendar_file
    assert "DTSTART;TZID=Europe/Paris:20220317T134500" in calendar_file
    assert "SUMMARY:Webinaire : métiers du développement et de la donnée" in calendar_file

    [screen] = command("rappels")
    assert "v1:rem:sub:applications-close" in screen.callback_data
    [subscribed] = tap("v1:rem:sub:applications-close")
    assert subscribed.plain.startswith(
        text("fr", "subscribed", title="Clôture des candidatures", date="mardi 19 avril 2022")
    )
    assert "v1:rem:unsub:applications-close" in subscribed.callback_data

    [mine] = command("mesdonnees")
    assert str(CAMILLE) in mine.plain and "Camille" in mine.plain
    assert "Webinaire : métiers du développement et de la donnée — jeudi 17 mars 2022, 13 h 45" in mine.plain
    assert "webinar-2022-03-17" not in mine.plain  # titles, never internal ids


def test_a_candidate_asks_registers_subscribes_gets_the_reminder_and_leaves(
    server: BotAPIServer, launch, database: Path
) -> None:
    bot = launch(server, clock=FIRST_RUN.strftime("%Y-%m-%dT%H:%M"), pace_scale=QUICK)
    first_run(server)
    assert bot.stop() == 0
    assert query(database, "SELECT webinar_id FROM registrations WHERE user_id = ?", CAMILLE) == [
        ("webinar-2022-03-17",)
    ]
    assert query(database, "SELECT event_id FROM subscriptions WHERE user_id = ?", CAMILLE) == [
        ("applications-close",)
    ]
    assert reminders_per_chat(server) == {}
    assert not bot.log_lines("ERROR"), bot.log()

    # Second run, same database: the rehearsal clock 10 s before the first reminder.
    since = server.mark(CAMILLE)
    bot = launch(server, clock="2022-04-12T08:59:50", pace_scale=QUICK)
    [reminder] = server.wait_messages(CAMILLE, since, timeout=40)
    took = reminder.at - bot.started_at
    assert 9.5 <= took <= 30, f"the reminder came {took:.1f} s after the start"
    d7 = next(s for s in all_slots(KNOWLEDGE) if s.key == "applications-close/d7@0900")
    assert reminder.plain == reminder_reply(d7, "fr").text
    assert "Clôture des candidatures" in reminder.plain and "mardi 19 avril 2022" in reminder.plain
    assert reminder.callback_data == ["v1:rem:stop"]
    time.sleep(1)
    assert reminders_per_chat(server) == {CAMILLE: 1}

    [stopped] = server.tap(CAMILLE, "v1:rem:stop", message_id=reminder.message_id)
    assert stopped.plain == text("fr", "reminders_stopped")
    [screen] = server.command(CAMILLE, "rappels")
    assert "v1:rem:sub:applications-close" in screen.callback_data

    [confirm] = server.command(CAMILLE, "oublier")
    assert confirm.callback_data == ["v1:forget:yes", "v1:forget:no"]
    [forgotten] = server.tap(CAMILLE, "v1:forget:yes")
    assert forgotten.plain == text("fr", "forgotten")
    [nothing] = server.command(CAMILLE, "mesdonnees")
    assert nothing.plain == text("fr", "mydata_none")
    assert bot.stop() == 0
    for table in ("users", "registrations", "subscriptions", "deliveries"):
        column = "id" if table == "users" else "user_id"
        assert query(database, f"SELECT COUNT(*) FROM {table} WHERE {column} = ?", CAMILLE) == [(0,)], table
    assert not bot.log_lines("ERROR"), bot.log()
