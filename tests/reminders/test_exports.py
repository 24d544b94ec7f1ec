"""CSV export of registrations."""
import csv
import io
from datetime import datetime

from knowledge.model import PARIS
from reminders.exports import REGISTRATION_COLUMNS, registrations_csv
from reminders.store import Person, Registration


def test_the_csv_has_one_row_per_registration_with_iso_dates(knowledge):
    webinars = {w.id: w for w in knowledge.events_of_kind("webinar")}
    rows = [Registration("webinar-2022-03-17", Person(42, "Zoé, \"la\" dev", "zoe", "fr"),
                         datetime(2022, 3, 10, 9, 30, tzinfo=PARIS))]
    parsed = list(csv.reader(io.StringIO(registrations_csv(rows, webinars))))
    assert parsed[0] == list(REGISTRATION_COLUMNS)
    assert parsed[1] == ["webinar-2022-03-17", "2022-03-17T13:45:00+01:00", "42", "Zoé, \"la\" dev",
                         "zoe", "fr", "2022-03-10T09:30:00+01:00"]
