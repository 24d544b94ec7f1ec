"""CSV exports: registrations and unanswered questions, with no cell a spreadsheet would run."""

import csv
import io
from datetime import datetime

import pytest

from knowledge.model import PARIS
from reminders.exports import (
    REGISTRATION_COLUMNS,
    UNANSWERED_COLUMNS,
    registrations_csv,
    safe_cell,
    unanswered_csv,
)
from storage.store import Person, Registration, UnansweredQuestion


def registration_rows(knowledge, person: Person) -> list[list[str]]:
    """The registrations CSV of `person` registered to the 17 March webinar, read back."""
    webinars = {w.id: w for w in knowledge.events_of_kind("webinar")}
    rows = [Registration("webinar-2022-03-17", person, datetime(2022, 3, 10, 9, 30, tzinfo=PARIS))]
    return list(csv.reader(io.StringIO(registrations_csv(rows, webinars))))


def test_the_csv_has_one_row_per_registration_with_iso_dates(knowledge):
    parsed = registration_rows(knowledge, Person(42, 'Zoé, "la" dev', "zoe", "fr"))
    assert parsed[0] == list(REGISTRATION_COLUMNS)
    assert parsed[1] == [
        "webinar-2022-03-17",
        "2022-03-17T13:45:00+01:00",
        "42",
        'Zoé, "la" dev',
        "zoe",
        "fr",
        "2022-03-10T09:30:00+01:00",
    ]


@pytest.mark.parametrize(
    "cell", ['=HYPERLINK("http://evil.example","clic")', "+33 6 12", "-2+3", "@SUM(A1:A2)", "\tcmd", "\rcmd"]
)
def test_a_cell_a_spreadsheet_would_run_is_prefixed_with_a_quote(cell):
    assert safe_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Zoé", "a=b", "2022-03-10T09:30:00+01:00", "", " =x"])
def test_other_cells_are_kept_as_they_are(cell):
    assert safe_cell(cell) == cell


def test_no_cell_of_the_registrations_csv_starts_a_formula(knowledge):
    parsed = registration_rows(knowledge, Person(42, '=HYPERLINK("http://x")', "@zoe", "-fr"))
    assert parsed[1][3:6] == ['\'=HYPERLINK("http://x")', "'@zoe", "'-fr"]


def test_the_unanswered_csv_neutralises_questions_too():
    rows = [
        UnansweredQuestion("=1+2 ?", None, None, datetime(2022, 3, 10, 9, 30, tzinfo=PARIS)),
        UnansweredQuestion("+ de télétravail ?", "status", 31.46, datetime(2022, 3, 10, 9, 31, tzinfo=PARIS)),
    ]
    parsed = list(csv.reader(io.StringIO(unanswered_csv(rows))))
    assert parsed == [
        list(UNANSWERED_COLUMNS),
        ["'=1+2 ?", "", "", "2022-03-10T09:30:00+01:00"],
        ["'+ de télétravail ?", "status", "31.5", "2022-03-10T09:31:00+01:00"],
    ]
