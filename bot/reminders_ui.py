"""Reminders conversation: the /rappels screen, subscribing, stopping, and the reminder message."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING

from knowledge.model import PARIS, Event, ReminderRule
from knowledge.render import date_in_words, datetime_in_words, time_in_words
from reminders.planner import Slot, upcoming_slots
from storage.records import Person

from . import callbacks
from .replies import Button, Reply
from .texts import text
from .webinars import when

if TYPE_CHECKING:
    from .core import Core


def open_deadlines(core: Core) -> list[Event]:
    now = core.clock.now()
    return [d for d in core.knowledge.events_of_kind("deadline") if not d.has_passed(now)]


async def next_reminder(core: Core, user: Person) -> Slot | None:
    """The first slot to come that this user will receive."""
    subscribed = await core.store.subscriptions_of(user.id)
    registered = {r.webinar_id for r in await core.store.registrations(user_id=user.id)}
    webinar_on = await core.store.webinar_reminders_on(user.id)
    for slot in upcoming_slots(core.knowledge, core.clock.now()):
        if slot.kind == "deadline" and slot.event.id in subscribed and subscribed[slot.event.id] < slot.due:
            return slot
        if slot.kind == "webinar" and slot.event.id in registered and webinar_on:
            return slot
    return None


def describe_rule(rule: ReminderRule, lang: str) -> str:
    """'7 jours avant à 9 h', 'la veille à 9 h', '1 h avant'."""
    if rule.hours_before is not None:
        return text(lang, "rule_hours", n=f"{rule.hours_before:g}")
    at = time_in_words(datetime.combine(date(2022, 1, 3), rule.at or time(9), tzinfo=PARIS), lang)
    key = {0: "rule_same_day", 1: "rule_eve"}.get(rule.days_before, "rule_days")
    return text(lang, key, n=rule.days_before, time=at)


async def screen(core: Core, user: Person, intro: str = "") -> Reply:
    lang = user.lang
    deadlines = open_deadlines(core)
    subscribed = await core.store.subscriptions_of(user.id)
    lines = [intro] if intro else []
    if not deadlines:
        lines.append(text(lang, "no_deadlines"))
    else:
        rules = core.knowledge.reminder_rules.get("deadline", ())
        schedule = ", ".join(describe_rule(rule, lang) for rule in rules)
        lines.append(text(lang, "reminders_intro", schedule=schedule))
        for deadline in deadlines:
            mark = "🔔" if deadline.id in subscribed else "🔕"
            lines.append(f"{mark} {deadline.title.get(lang)} : {date_in_words(deadline.start, lang)}")
    rows = [
        [
            Button(
                text(
                    lang,
                    "button_unsubscribe" if d.id in subscribed else "button_subscribe",
                    title=d.title.get(lang),
                ),
                callbacks.encode("rem", "unsub" if d.id in subscribed else "sub", d.id),
            )
        ]
        for d in deadlines
    ]
    if await core.store.registrations(user_id=user.id):
        on = await core.store.webinar_reminders_on(user.id)
        lines.append(text(lang, "webinar_reminders_on" if on else "webinar_reminders_off"))
        rows.append(
            [
                Button(
                    text(lang, "button_webinar_reminders_off" if on else "button_webinar_reminders_on"),
                    callbacks.encode("rem", "weboff" if on else "webon"),
                )
            ]
        )
    coming = await next_reminder(core, user)
    if coming:
        lines.append(
            text(
                lang,
                "next_reminder",
                when=datetime_in_words(coming.due, lang),
                title=coming.event.title.get(lang),
            )
        )
    return Reply("\n\n".join(lines), buttons=rows)


async def subscribe(core: Core, user: Person, event_id: str) -> list[Reply]:
    lang = user.lang
    deadline = core.knowledge.event(event_id)
    if deadline is None or deadline.kind != "deadline":
        return [await screen(core, user, text(lang, "unknown_deadline"))]
    if deadline.has_passed(core.clock.now()):
        return [
            await screen(core, user, text(lang, "deadline_over", date=date_in_words(deadline.start, lang)))
        ]
    await core.store.save_user(user, core.clock.now())
    await core.store.subscribe(user.id, deadline.id, core.clock.now())
    intro = text(lang, "subscribed", title=deadline.title.get(lang), date=date_in_words(deadline.start, lang))
    return [await screen(core, user, intro)]


async def unsubscribe(core: Core, user: Person, event_id: str) -> list[Reply]:
    lang = user.lang
    deadline = core.knowledge.event(event_id)
    if deadline is None or deadline.kind != "deadline":
        return [await screen(core, user, text(lang, "unknown_deadline"))]
    await core.store.unsubscribe(user.id, deadline.id)
    return [await screen(core, user, text(lang, "unsubscribed", title=deadline.title.get(lang)))]


async def stop(core: Core, user: Person) -> list[Reply]:
    await core.store.unsubscribe(user.id)
    return [Reply(text(user.lang, "reminders_stopped"))]


async def webinar_reminders(core: Core, user: Person, on: bool) -> list[Reply]:
    await core.store.set_webinar_reminders(user.id, on)
    return [await screen(core, user)]


def reminder_reply(slot: Slot, lang: str, join_url: str | None = None) -> Reply:
    """The reminder message itself, always with a button to stop reminders."""
    event = slot.event
    if slot.rule.hours_before is not None:
        soon = text(lang, "in_hours", n=f"{slot.rule.hours_before:g}")
    else:
        days = (event.start.date() - slot.due.date()).days
        soon = (
            text(lang, "today")
            if days == 0
            else text(lang, "tomorrow")
            if days == 1
            else text(lang, "in_days", n=days)
        )
    if slot.kind == "webinar":
        body = text(lang, "webinar_reminder", title=event.title.get(lang), when=when(event, lang), soon=soon)
        if join_url:
            body += "\n\n" + text(lang, "join_link", url=join_url)
    else:
        body = text(
            lang,
            "deadline_reminder",
            title=event.title.get(lang),
            date=date_in_words(event.start, lang),
            soon=soon,
        )
    stop_button = Button(text(lang, "button_stop_reminders"), callbacks.encode("rem", "stop"))
    return Reply(body, buttons=[[stop_button]])
