"""The .ics file sent on registration, built with icalendar (RFC 5545, time zone included)."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from icalendar import Alarm, Calendar
from icalendar import Event as CalendarEvent

from knowledge.model import Event

PRODID = "-//Entrepreneurs d'interet general//EIG assistant//{lang}"  # its last part: the language
ALARM_BEFORE = timedelta(minutes=30)


def event_uid(user_id: int, webinar_id: str) -> str:
    """Stable per user and webinar (re-registering updates the same calendar entry)."""
    digest = hashlib.sha256(f"{user_id}:{webinar_id}".encode()).hexdigest()[:24]
    return f"{webinar_id}-{digest}@eig-assistant"


def webinar_ics(webinar: Event, user_id: int, lang: str, now: datetime) -> bytes:
    """One VEVENT in Europe/Paris with its VTIMEZONE, the join link when known, and an alarm;
    its texts in `lang`."""
    calendar = Calendar()
    calendar.add("prodid", PRODID.format(lang=lang.upper()))
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = CalendarEvent()
    event.add("uid", event_uid(user_id, webinar.id))
    event.add("dtstamp", now)
    event.add("dtstart", webinar.start)
    event.add("dtend", webinar.end or webinar.start + timedelta(hours=1))
    event.add("summary", webinar.title.get(lang))
    description = webinar.description.get(lang) if webinar.description else ""
    if webinar.join_url:
        event.add("url", webinar.join_url)
        event.add("location", webinar.join_url)
        description = f"{description}\n{webinar.join_url}".strip()
    if description:
        event.add("description", description)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", -ALARM_BEFORE)
    alarm.add("description", webinar.title.get(lang))
    event.add_component(alarm)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
