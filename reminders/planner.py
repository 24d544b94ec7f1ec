"""Pure planning: (events, reminder rules, now) -> the reminder slots, and which are due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from knowledge.model import Event, Knowledge, ReminderRule

REMINDED_KINDS = ("deadline", "webinar")


@dataclass(frozen=True)
class Slot:
    """One reminder for one event at one instant; `key` identifies it in the delivery log."""

    event: Event
    rule: ReminderRule
    due: datetime

    @property
    def key(self) -> str:
        return f"{self.event.id}/{self.rule.key}"

    @property
    def kind(self) -> str:
        return self.event.kind


def all_slots(knowledge: Knowledge) -> list[Slot]:
    """Every slot of the calendar, past or future, in time order."""
    slots = [
        Slot(event, rule, rule.due(event))
        for kind in REMINDED_KINDS
        for event in knowledge.events_of_kind(kind)
        for rule in knowledge.reminder_rules.get(kind, ())
    ]
    return sorted(slots, key=lambda s: (s.due, s.key))


def upcoming_slots(knowledge: Knowledge, now: datetime) -> list[Slot]:
    """Slots still to come: nothing is planned for an event that is over or has started."""
    return [slot for slot in all_slots(knowledge) if slot.due > now and _still_ahead(slot, now)]


def missed_slots(knowledge: Knowledge, now: datetime) -> list[Slot]:
    """Slots whose time has passed while their event is still ahead: the latest one per event.

    After a restart, one catch-up reminder per event is useful; three at once would be noise.
    """
    latest: dict[str, Slot] = {}
    for slot in all_slots(knowledge):
        if slot.due <= now and _still_ahead(slot, now):
            latest[slot.event.id] = slot
    return sorted(latest.values(), key=lambda s: (s.due, s.key))


def superseded_slots(knowledge: Knowledge, now: datetime) -> list[Slot]:
    """Passed slots that a later passed slot of the same event replaces (never sent late)."""
    missed = {slot.key for slot in missed_slots(knowledge, now)}
    return [
        slot
        for slot in all_slots(knowledge)
        if slot.due <= now and _still_ahead(slot, now) and slot.key not in missed
    ]


def _still_ahead(slot: Slot, now: datetime) -> bool:
    """A deadline is ahead until it is over; a webinar until it starts."""
    if slot.kind == "webinar":
        return now < slot.event.start
    return now < slot.event.due
