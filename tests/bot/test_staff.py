"""Staff tools: unanswered questions, statistics, votes, and the shell exports."""

import asyncio
import csv
import io
from datetime import datetime

import pytest

import bot.__main__ as entry
from bot.texts import text
from knowledge.model import PARIS
from storage.store import Person, open_store
from tests.chat import Chat
from tests.fakebot import datas, user_dict
from tests.helpers import ADMIN_ID


async def test_unanswered_questions_are_grouped_for_staff(chat: Chat):
    for question in (
        "y a-t-il du télétravail ?",
        "Y a t il du teletravail",
        "télétravail possible ?",
        "prix du bitcoin",
    ):
        await chat.say(question)
    chat.user = user_dict(user_id=ADMIN_ID)
    report = await chat.command("nonrepondues")
    lines = report["text"].splitlines()
    assert lines[0].startswith("Questions sans réponse : 4 (2 sujets)")
    assert lines[1].startswith("• 3 × « y a-t-il du télétravail ? »")
    assert "bitcoin" in lines[2]


async def test_staff_never_see_the_e_mail_or_phone_number_written_in_a_question(chat: Chat):
    await chat.say("mon mail est jean.dupont@example.fr et mon tel 06 12 34 56 78")
    chat.user = user_dict(user_id=ADMIN_ID)
    report = (await chat.command("nonrepondues"))["text"]
    assert "« mon mail est [e-mail] et mon tel [téléphone] »" in report
    assert "jean.dupont" not in report and "56 78" not in report


async def test_unanswered_is_for_staff_only(chat: Chat):
    await chat.say("prix du bitcoin")
    assert (await chat.command("unanswered"))["text"] == text("fr", "staff_only")


async def test_an_answer_asks_whether_it_helped_and_stats_count_the_votes(chat: Chat):
    answer = await chat.say("Quel est le salaire ?")
    assert datas(answer)[-2:] == ["v1:vote:up:pay", "v1:vote:down:pay"]
    assert (await chat.press("v1:vote:up:pay"))["text"] == text("fr", "vote_thanks")
    chat.user = user_dict(user_id=77, first_name="Alex")
    await chat.press("v1:vote:down:pay")
    await chat.press("v1:vote:up:does-not-exist")  # forged: not counted
    await chat.say("prix du bitcoin")
    await chat.say("bonjour")
    chat.user = user_dict(user_id=ADMIN_ID)
    stats = (await chat.command("stats"))["text"]
    assert "questions : 2" in stats  # smalltalk is not a question
    assert "répondues : 50 %" in stats and "déclinées : 50 %" in stats
    assert "pay : 👍 1 / 👎 1" in stats and "does-not-exist" not in stats


async def test_the_export_document_neutralises_a_first_name_written_as_a_formula(chat: Chat):
    chat.user = user_dict(user_id=77, first_name='=HYPERLINK("http://evil.example","clic")')
    await chat.press("v1:web:reg:webinar-2022-03-24")  # still open on NOW
    chat.user = user_dict(user_id=ADMIN_ID)
    await chat.command("export")
    [document] = chat.api.of("sendDocument")
    _, content = next(iter(document.files.values()))
    [_, row] = list(csv.reader(io.StringIO(content.decode())))
    assert row[2:4] == ["77", '\'=HYPERLINK("http://evil.example","clic")']


async def test_one_vote_per_person_and_answer_the_last_one_wins(chat: Chat):
    for _ in range(5):
        await chat.press("v1:vote:up:pay")
    await chat.press("v1:vote:down:pay")  # changed their mind
    await chat.press("v1:vote:up:status")  # another answer, another vote
    votes = await chat.core.context.store.votes_per_entry()
    assert votes["pay"] == (0, 1)
    assert sum(up + down for up, down in votes.values()) == 2


async def test_my_data_shows_the_votes_and_forget_erases_them(chat: Chat):
    await chat.press("v1:vote:up:pay")
    shown = (await chat.command("mesdonnees"))["text"]
    assert str(chat.user["id"]) in shown and "avis donnés sur mes réponses : 1" in shown
    await chat.press("v1:forget:yes")
    assert await chat.core.context.store.votes_per_entry() == {}
    assert (await chat.command("mesdonnees"))["text"] == text("fr", "mydata_none")


@pytest.fixture
def shell_env(environment, tmp_path):
    database = environment  # a clean environment, logging restored afterwards (tests/bot/conftest.py)

    async def fill() -> None:
        store = await open_store(database)
        when = datetime(2022, 3, 10, 9, 30, tzinfo=PARIS)
        await store.register(Person(1, "Ana", "ana", "fr"), "webinar-2022-03-17", None, when)
        await store.register(Person(2, "Bo", None, "en"), "webinar-2022-03-24", None, when)
        await store.subscribe(1, "applications-close", when)
        await store.record_unanswered("télétravail ?", "status", 31.5, when)
        await store.record_unanswered("bitcoin", None, None, datetime(2022, 4, 2, tzinfo=PARIS))
        await store.record_unanswered("@admin =1+2", None, None, datetime(2022, 3, 1, tzinfo=PARIS))
        await store.close()

    asyncio.run(fill())
    return tmp_path


def test_export_registrations_writes_the_csv_to_stdout(shell_env, capsys):
    assert entry.main(["export-registrations"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0][:3] == ["webinar_id", "webinar_date", "telegram_user_id"]
    assert [r[2] for r in rows[1:]] == ["1", "2"]


def test_export_registrations_for_one_webinar_into_a_file(shell_env):
    target = shell_env / "out.csv"
    assert (
        entry.main(["export-registrations", "--webinar", "webinar-2022-03-24", "--output", str(target)]) == 0
    )
    rows = list(csv.reader(target.open(encoding="utf-8")))
    assert len(rows) == 2 and rows[1][:4] == ["webinar-2022-03-24", "2022-03-24T13:45:00+01:00", "2", "Bo"]


def test_export_registrations_refuses_an_unknown_webinar(shell_env, capsys):
    assert entry.main(["export-registrations", "--webinar", "nope"]) == 2
    assert capsys.readouterr().err.startswith(
        "--webinar : webinaire inconnu 'nope' ; webinaires du calendrier : "
    )
    assert entry.main(["export-registrations", "--webinar", "nope", "--lang", "en"]) == 2
    assert capsys.readouterr().err.startswith("--webinar: unknown webinar 'nope'; known: ")


def test_unanswered_export_since_a_date(shell_env, capsys):
    assert entry.main(["unanswered", "--since", "2022-04-01"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows == [
        ["text", "best_entry", "score", "asked_at"],
        ["bitcoin", "", "", "2022-04-02T00:00:00+02:00"],
    ]
    assert entry.main(["unanswered"]) == 0
    assert "télétravail ?,status,31.5," in capsys.readouterr().out


def test_reminders_plan_lists_slots_and_how_many_they_reach(shell_env, capsys):
    assert entry.main(["reminders", "plan", "--now", "2022-04-12T08:00"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Envois de rappels après le mardi 12 avril 2022 à 8 h : 6"
    assert out[1].startswith("2022-04-12T09:00:00+02:00  applications-close/d7@0900")
    assert "1 destinataire(s)  (mardi 12 avril 2022 à 9 h)" in out[1]
    assert "0 destinataire(s)" in out[4]  # project choices: nobody subscribed
    assert entry.main(["--lang", "en", "reminders", "plan", "--now", "2022-04-12T08:00"]) == 0
    english = capsys.readouterr().out.splitlines()
    assert english[0] == "Reminder slots after Tuesday 12 April 2022 at 08:00 (Paris time): 6"
    assert "1 recipient(s)  (Tuesday 12 April 2022 at 09:00 (Paris time))" in english[1]
    assert [line.split()[:2] for line in english[1:]] == [line.split()[:2] for line in out[1:]]


def test_the_unanswered_export_neutralises_a_question_written_as_a_formula(shell_env, capsys):
    assert entry.main(["unanswered"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert ["'@admin =1+2", "", "", "2022-03-01T00:00:00+01:00"] in rows
