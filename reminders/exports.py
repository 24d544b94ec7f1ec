"""CSV exports for staff, shared by the Telegram commands and the shell."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from knowledge.model import Event

from .store import Registration

REGISTRATION_COLUMNS = ("webinar_id", "webinar_date", "telegram_user_id", "first_name",
                        "username", "language", "registered_at")


def registrations_csv(registrations: Iterable[Registration], webinars: dict[str, Event]) -> str:
    """One row per registration; dates are ISO 8601 with their UTC offset."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REGISTRATION_COLUMNS)
    for registration in registrations:
        webinar = webinars.get(registration.webinar_id)
        writer.writerow([
            registration.webinar_id,
            webinar.start.isoformat() if webinar else "",
            registration.user.id,
            registration.user.first_name,
            registration.user.username or "",
            registration.user.language or "",
            registration.registered_at.isoformat(),
        ])
    return out.getvalue()
