"""CSV exports for staff, shared by the Telegram commands and the shell."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from knowledge.model import Event
from storage.store import Registration, UnansweredQuestion

REGISTRATION_COLUMNS = (
    "webinar_id",
    "webinar_date",
    "telegram_user_id",
    "first_name",
    "username",
    "language",
    "registered_at",
)
UNANSWERED_COLUMNS = ("text", "best_entry", "score", "asked_at")
# A spreadsheet reads a cell starting with one of these as a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """The cell as text, prefixed with a single quote if a spreadsheet would run it."""
    cell = "" if value is None else str(value)
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def write_csv(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """The one CSV writer of the project: a header, then rows of neutralised cells."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([safe_cell(value) for value in row] for row in rows)
    return out.getvalue()


def registrations_csv(registrations: Iterable[Registration], webinars: dict[str, Event]) -> str:
    """One row per registration; dates are ISO 8601 with their UTC offset."""

    def row(registration: Registration) -> list[object]:
        webinar = webinars.get(registration.webinar_id)
        return [
            registration.webinar_id,
            webinar.start.isoformat() if webinar else "",
            registration.user.id,
            registration.user.first_name,
            registration.user.username or "",
            registration.user.language or "",
            registration.registered_at.isoformat(),
        ]

    return write_csv(REGISTRATION_COLUMNS, (row(r) for r in registrations))


def unanswered_csv(questions: Iterable[UnansweredQuestion]) -> str:
    """One row per unanswered question: text, closest entry, its score, when it was asked."""
    return write_csv(
        UNANSWERED_COLUMNS,
        (
            [q.text, q.best_entry or "", "" if q.score is None else f"{q.score:.1f}", q.asked_at.isoformat()]
            for q in questions
        ),
    )
