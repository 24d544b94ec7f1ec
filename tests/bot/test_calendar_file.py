"""The .ics sent on registration: what a calendar app needs, in Paris time whatever the season."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar
import pytest

from bot.calendar_file import ALARM_BEFORE, PRODID, event_uid, webinar_ics
from knowledge.model import PARIS, Event, Knowledge, Text

NOW = datetime(2022, 3, 10, 10, 0, tzinfo=PARIS)
MARCH_17 = "webinar-2022-03-17"


def webinar(start: datetime, end: datetime | None = None, join_url: str | None = None) -> Event:
    return Event(
        "webinar-test",
        "webinar",
        Text("Webinaire d'essai", "Test webinar"),
        start,
        end,
        description=Text("Pour les curieux.", "For the curious."),
        join_url=join_url,
    )


def only_event(content: bytes) -> icalendar.Event:
    [event] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    return event


def test_a_shipped_webinar_is_one_event_a_calendar_app_can_import(knowledge: Knowledge) -> None:
    march_17 = knowledge.event(MARCH_17)
    assert march_17 is not None
    content = webinar_ics(march_17, 5, "fr", NOW)
    calendar = icalendar.Calendar.from_ical(content)
    assert (str(calendar["version"]), str(calendar["prodid"]), str(calendar["method"])) == (
        "2.0",
        PRODID.format(lang="FR"),
        "PUBLISH",
    )
    event = only_event(content)
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert (start.replace(tzinfo=None), str(start.tzinfo)) == (datetime(2022, 3, 17, 13, 45), "Europe/Paris")
    assert end - start == timedelta(hours=1)
    assert str(event["summary"]) == "Webinaire : métiers du développement et de la donnée"
    assert str(event["description"]).startswith("Webinaire de présentation")
    assert event.decoded("dtstamp") == NOW
    assert event["uid"] == event_uid(5, MARCH_17)
    [alarm] = event.walk("VALARM")
    assert str(alarm["action"]) == "DISPLAY" and alarm.decoded("trigger") == -ALARM_BEFORE
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["tzid"]) == "Europe/Paris"
    assert b"DTSTART;TZID=Europe/Paris:20220317T134500" in content


@pytest.mark.parametrize(
    ("local", "utc"),
    [
        (datetime(2022, 3, 24, 13, 45), datetime(2022, 3, 24, 12, 45)),  # winter time, UTC+1
        (datetime(2022, 3, 28, 13, 45), datetime(2022, 3, 28, 11, 45)),  # the day after the switch, UTC+2
        (datetime(2022, 6, 7, 10, 0), datetime(2022, 6, 7, 8, 0)),  # summer time
        (datetime(2022, 10, 31, 10, 0), datetime(2022, 10, 31, 9, 0)),  # back to winter time
    ],
)
def test_times_stay_in_paris_time_across_daylight_saving(local: datetime, utc: datetime) -> None:
    content = webinar_ics(webinar(local.replace(tzinfo=PARIS)), 5, "fr", NOW)
    start = only_event(content).decoded("dtstart")
    assert start.astimezone(UTC).replace(tzinfo=None) == utc
    assert f"DTSTART;TZID=Europe/Paris:{local:%Y%m%dT%H%M%S}".encode() in content
    [zone] = icalendar.Calendar.from_ical(content).walk("VTIMEZONE")
    assert {component.name for component in zone.subcomponents} >= {"STANDARD", "DAYLIGHT"}


def test_an_event_without_an_end_lasts_an_hour() -> None:
    start = datetime(2022, 3, 24, 13, 45, tzinfo=PARIS)
    event = only_event(webinar_ics(webinar(start), 5, "fr", NOW))
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(hours=1)


def test_the_title_and_description_follow_the_users_language() -> None:
    start = datetime(2022, 3, 24, 13, 45, tzinfo=PARIS)
    event = only_event(webinar_ics(webinar(start), 5, "en", NOW))
    assert (str(event["summary"]), str(event["description"])) == ("Test webinar", "For the curious.")


def test_the_join_link_is_the_url_the_location_and_the_end_of_the_description() -> None:
    start = datetime(2022, 3, 24, 13, 45, tzinfo=PARIS)
    link = "https://webinaire.example/eig"
    event = only_event(webinar_ics(webinar(start, join_url=link), 5, "fr", NOW))
    assert (str(event["url"]), str(event["location"])) == (link, link)
    assert str(event["description"]) == f"Pour les curieux.\n{link}"


def test_the_uid_is_stable_per_user_and_webinar() -> None:
    """Registering again updates the same entry in the user's calendar."""
    assert event_uid(5, MARCH_17) == event_uid(5, MARCH_17)
    assert event_uid(5, MARCH_17) != event_uid(6, MARCH_17)
    assert event_uid(5, MARCH_17) != event_uid(5, "webinar-2022-03-24")
    assert event_uid(5, MARCH_17).startswith(MARCH_17) and event_uid(5, MARCH_17).endswith("@eig-assistant")
