"""Calendar days written in questions: 'le 25 avril', 'April 25th', '25/04'."""

from __future__ import annotations

import re
from datetime import date

from .normalize import fold

MONTHS = {
    "janvier": 1,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "decembre": 12,
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
_MONTH = "|".join(MONTHS)
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:er|st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})\b")
_MONTH_DAY = re.compile(rf"\b({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b")
_NUMERIC = re.compile(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?\b")


def asked_date(question: str, year: int) -> date | None:
    """The first calendar day written in the question, if any."""
    days = dates_in(question, year)
    return days[0] if days else None


def dates_in(question: str, year: int) -> list[date]:
    """Every calendar day written in the question, in order."""
    text = fold(question)
    found: list[tuple[int, date]] = []
    for pattern, day_group, month_group in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        for match in pattern.finditer(text):
            try:
                day = date(year, MONTHS[match.group(month_group)], int(match.group(day_group)))
            except ValueError:
                continue
            found.append((match.start(), day))
    for match in _NUMERIC.finditer(text):
        try:
            found.append((match.start(), date(year, int(match.group(2)), int(match.group(1)))))
        except ValueError:
            continue
    return [day for _, day in sorted(found)]
