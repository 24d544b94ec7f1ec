"""Staff: /export is refused to a candidate and sent to an admin as a CSV document."""

from __future__ import annotations

import csv
import io

import pytest

from bot.texts import text
from reminders.exports import REGISTRATION_COLUMNS
from tests.e2e.helpers import ADMIN, QUICK
from tests.fakebot.http import BotAPIServer

pytestmark = pytest.mark.e2e

CANDIDATE = 5151


def test_export_is_refused_to_a_candidate_and_sent_to_an_admin_as_csv(server: BotAPIServer, launch) -> None:
    bot = launch(server, clock="2022-03-10T10:00", admins=[ADMIN], pace_scale=QUICK)
    server.tap(
        CANDIDATE, "v1:web:reg:webinar-2022-03-24", count=2, first_name="Dominique", language_code="fr"
    )

    [refused] = server.command(CANDIDATE, "export")
    assert refused.plain == text("fr", "staff_only")
    [refused] = server.command(CANDIDATE, "inscrits")
    assert refused.plain == text("fr", "staff_only")
    assert all(m.document is None or m.document.filename.endswith(".ics") for m in server.messages(CANDIDATE))

    summary, export = server.command(ADMIN, "export", count=2)
    assert summary.plain == text("fr", "export_ready", n=1)
    assert export.method == "sendDocument" and export.document is not None
    assert export.document.mime_type == "text/csv"
    assert export.document.filename.startswith("inscriptions-webinaires-20220310-10")
    assert export.document.filename.endswith(".csv")
    rows = list(csv.reader(io.StringIO(export.document.text)))
    assert tuple(rows[0]) == REGISTRATION_COLUMNS
    assert len(rows) == 2
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["webinar_id"] == "webinar-2022-03-24"
    assert record["webinar_date"] == "2022-03-24T13:45:00+01:00"
    assert record["telegram_user_id"] == str(CANDIDATE)
    assert record["first_name"] == "Dominique" and record["language"] == "fr"

    # One webinar only, by its id.
    summary, export = server.command(ADMIN, "export", "webinar-2022-03-17", count=2)
    assert summary.plain == text("fr", "export_ready", n=0)
    assert export.document.filename.startswith("inscriptions-webinar-2022-03-17-")
    assert export.document.text.strip() == ",".join(REGISTRATION_COLUMNS)
    assert bot.stop() == 0
    assert not bot.log_lines("ERROR"), bot.log()


def test_unanswered_questions_reach_the_staff_grouped(server: BotAPIServer, launch) -> None:
    bot = launch(server, clock="2022-03-10T10:00", admins=[ADMIN], pace_scale=QUICK)
    for user, question in (
        (5201, "Y a-t-il du télétravail ?"),
        (5202, "y a til du teletravail"),
        (5203, "prix du bitcoin"),
    ):
        [reply] = server.say(user, question)
        assert reply.plain.startswith("Je n'ai pas la réponse à cette question")
    [refused] = server.command(CANDIDATE, "nonrepondues")
    assert refused.plain == text("fr", "staff_only")
    [report] = server.command(ADMIN, "nonrepondues")
    lines = report.plain.splitlines()
    assert lines[0].startswith("Questions sans réponse : 3 (2 sujets)")
    assert lines[1].startswith("• 2 × « Y a-t-il du télétravail ? »")
    assert bot.stop() == 0
