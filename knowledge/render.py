"""Dates and times in words, and answer templates that refer to calendar events by id."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from .model import PARIS, Event, Knowledge
from .normalize import words

DAYS = {
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
MONTHS = {
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}
PLACEHOLDER = re.compile(r"\{(date|time|datetime|end_date|end_time):([a-z0-9-]+)\}")


def date_in_words(day: date | datetime, lang: str) -> str:
    """'mardi 19 avril 2022' / 'Tuesday 19 April 2022'."""
    if isinstance(day, datetime):
        day = day.astimezone(PARIS).date()
    lang = "en" if lang == "en" else "fr"
    number = "1er" if lang == "fr" and day.day == 1 else str(day.day)
    return f"{DAYS[lang][day.weekday()]} {number} {MONTHS[lang][day.month - 1]} {day.year}"


def time_in_words(moment: datetime, lang: str) -> str:
    """'13 h 45' / '13:45', in Paris time."""
    local = moment.astimezone(PARIS)
    if lang == "en":
        return f"{local:%H:%M}"
    return f"{local.hour} h {local.minute:02d}" if local.minute else f"{local.hour} h"


def datetime_in_words(moment: datetime, lang: str) -> str:
    """'jeudi 17 mars 2022 à 13 h 45' / 'Thursday 17 March 2022 at 13:45 (Paris time)'."""
    if lang == "en":
        return f"{date_in_words(moment, lang)} at {time_in_words(moment, lang)} (Paris time)"
    return f"{date_in_words(moment, lang)} à {time_in_words(moment, lang)}"


def _fill(kind: str, event: Event, lang: str) -> str:
    end = event.end or event.start
    if kind == "date":
        return date_in_words(event.start, lang)
    if kind == "time":
        return time_in_words(event.start, lang)
    if kind == "datetime":
        return datetime_in_words(event.start, lang)
    if kind == "end_date":
        local_end = end.astimezone(PARIS)
        if event.end is not None and local_end.time() == time(0):
            local_end -= timedelta(days=1)  # an all-day end is stored as the next midnight
        return date_in_words(local_end, lang)
    return time_in_words(end, lang)


def referenced_events(template: str, knowledge: Knowledge) -> list[Event]:
    """The events a template mentions, in order, without repeats."""
    seen: list[Event] = []
    for _, event_id in PLACEHOLDER.findall(template):
        event = knowledge.event(event_id)
        if event and event not in seen:
            seen.append(event)
    return seen


def render_template(template: str, knowledge: Knowledge, lang: str) -> str:
    """Replace every {kind:event-id} placeholder with the date or time in words."""

    def replace(match: re.Match[str]) -> str:
        event = knowledge.event(match.group(2))
        return _fill(match.group(1), event, lang) if event else match.group(0)

    return PLACEHOLDER.sub(replace, template)


def as_written(text: str, folded_words: str) -> str:
    """The words of `text` that fold to `folded_words` ('télétravail' for 'teletravail')."""
    target = folded_words.split()
    tokens = re.findall(r"\w+", text)
    for i in range(len(tokens) - len(target) + 1):
        if [" ".join(words(t)) for t in tokens[i : i + len(target)]] == target:
            return " ".join(tokens[i : i + len(target)])
    return folded_words
