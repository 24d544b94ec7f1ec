"""Planning reminder slots from the calendar and the rules, at any moment of 2022."""

from datetime import datetime

from knowledge.model import PARIS
from reminders.planner import all_slots, missed_slots, superseded_slots, upcoming_slots


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=PARIS)


def keys(slots) -> list[str]:
    return [slot.key for slot in slots]


def test_each_deadline_gets_its_three_reminders_at_nine(knowledge):
    slots = [s for s in all_slots(knowledge) if s.event.id == "applications-close"]
    assert [s.due for s in slots] == [at(2022, 4, 12, 9), at(2022, 4, 18, 9), at(2022, 4, 19, 9)]


def test_nine_oclock_stays_nine_oclock_on_both_sides_of_summer_time(knowledge):
    by_key = {s.key: s.due for s in all_slots(knowledge)}
    winter = by_key["webinar-2022-03-24/d1@0900"]  # 23 March, before 27 March
    summer = by_key["applications-close/d7@0900"]  # 12 April, after
    assert (winter.hour, winter.utcoffset().total_seconds()) == (9, 3600)
    assert (summer.hour, summer.utcoffset().total_seconds()) == (9, 7200)
    assert summer.astimezone(PARIS).isoformat() == "2022-04-12T09:00:00+02:00"


def test_webinar_reminders_are_the_day_before_and_one_hour_before(knowledge):
    by_key = {s.key: s.due for s in all_slots(knowledge)}
    assert by_key["webinar-2022-03-17/d1@0900"] == at(2022, 3, 16, 9)
    assert by_key["webinar-2022-03-17/h1"] == at(2022, 3, 17, 12, 45)


def test_nothing_is_planned_for_a_deadline_that_has_passed(knowledge):
    slots = upcoming_slots(knowledge, at(2022, 4, 20, 0, 0))
    assert not [s for s in slots if s.event.id == "applications-close"]
    assert keys(slots) == ["project-choices/d7@0900", "project-choices/d1@0900", "project-choices/d0@0900"]


def test_a_slot_missed_while_down_is_caught_up_only_while_its_deadline_is_ahead(knowledge):
    # Down from 11 to 13 April: the 12 April reminder was missed; the deadline is ahead.
    assert keys(missed_slots(knowledge, at(2022, 4, 13, 10))) == ["applications-close/d7@0900"]
    # Down until after the deadline: dropped.
    assert "applications-close/d7@0900" not in keys(missed_slots(knowledge, at(2022, 4, 20, 10)))


def test_only_the_latest_missed_slot_of_an_event_is_sent(knowledge):
    now = at(2022, 4, 18, 10)  # after both the 7-day and the 1-day reminders
    assert "applications-close/d1@0900" in keys(missed_slots(knowledge, now))
    assert "applications-close/d7@0900" not in keys(missed_slots(knowledge, now))
    assert "applications-close/d7@0900" in keys(superseded_slots(knowledge, now))


def test_a_webinar_reminder_is_not_sent_once_the_webinar_has_started(knowledge):
    assert not [
        s
        for s in missed_slots(knowledge, at(2022, 3, 17, 13, 50))
        if s.kind == "webinar" and s.event.id == "webinar-2022-03-17"
    ]
