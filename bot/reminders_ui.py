"""Reminders conversation: the /rappels screen, subscribing, stopping, and the reminder message."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from knowledge.model import PARIS, Event, ReminderRule
from knowledge.render import date_in_words, datetime_in_words, time_in_words
from reminders.planner import Slot, upcoming_slots
from storage.records import Person

from . import callbacks
from .callbacks import Callback
from .context import Context
from .replies import Button, Reply
from .texts import text
from .webinars import when


def open_deadlines(ctx: Context) -> list[Event]:
    now = ctx.now()
    return [d for d in ctx.knowledge.events_of_kind("deadline") if not d.has_passed(now)]


async def next_reminder(ctx: Context, user: Person) -> Slot | None:
    """The first slot to come that this user will receive."""
    subscribed = await ctx.store.subscriptions_of(user.id)
    registered = {r.webinar_id for r in await ctx.store.registrations(user_id=user.id)}
    webinar_on = await ctx.store.webinar_reminders_on(user.id)
    for slot in upcoming_slots(ctx.knowledge, ctx.now()):
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


@dataclass(frozen=True)
class Choices:
    """What the /rappels screen offers one user."""

    deadlines: list[Event]  # the open ones
    subscribed: dict[str, datetime]  # deadline id -> when the user subscribed
    webinar_reminders: bool | None  # None: registered for no webinar, so no switch


async def choices_of(ctx: Context, user: Person) -> Choices:
    subscribed = await ctx.store.subscriptions_of(user.id)
    registered = bool(await ctx.store.registrations(user_id=user.id))
    on = await ctx.store.webinar_reminders_on(user.id) if registered else None
    return Choices(open_deadlines(ctx), subscribed, on)


def choice_buttons(choices: Choices, lang: str) -> list[list[Button]]:
    """Subscribe or unsubscribe, one row per open deadline; then webinar reminders on or off."""
    rows = [
        [
            Button(
                text(
                    lang,
                    "button_unsubscribe" if d.id in choices.subscribed else "button_subscribe",
                    title=d.title.get(lang),
                ),
                callbacks.encode("rem", "unsub" if d.id in choices.subscribed else "sub", d.id),
            )
        ]
        for d in choices.deadlines
    ]
    if choices.webinar_reminders is not None:
        on = choices.webinar_reminders
        rows.append(
            [
                Button(
                    text(lang, "button_webinar_reminders_off" if on else "button_webinar_reminders_on"),
                    callbacks.encode("rem", "weboff" if on else "webon"),
                )
            ]
        )
    return rows


async def screen(ctx: Context, user: Person, intro: str = "") -> Reply:
    lang = user.lang
    choices = await choices_of(ctx, user)
    lines = [intro] if intro else []
    if not choices.deadlines:
        lines.append(text(lang, "no_deadlines"))
    else:
        rules = ctx.knowledge.reminder_rules.get("deadline", ())
        schedule = ", ".join(describe_rule(rule, lang) for rule in rules)
        lines.append(text(lang, "reminders_intro", schedule=schedule))
        for deadline in choices.deadlines:
            mark = "🔔" if deadline.id in choices.subscribed else "🔕"
            title, day = deadline.title.get(lang), date_in_words(deadline.start, lang)
            lines.append(text(lang, "deadline_line", mark=mark, title=title, date=day))
    if choices.webinar_reminders is not None:
        key = "webinar_reminders_on" if choices.webinar_reminders else "webinar_reminders_off"
        lines.append(text(lang, key))
    coming = await next_reminder(ctx, user)
    if coming:
        lines.append(
            text(
                lang,
                "next_reminder",
                when=datetime_in_words(coming.due, lang),
                title=coming.event.title.get(lang),
            )
        )
    return Reply("\n\n".join(lines), buttons=choice_buttons(choices, lang))


async def subscribe(ctx: Context, user: Person, event_id: str) -> list[Reply]:
    lang = user.lang
    deadline = ctx.knowledge.event(event_id)
    if deadline is None or deadline.kind != "deadline":
        return [await screen(ctx, user, text(lang, "unknown_deadline"))]
    if deadline.has_passed(ctx.now()):
        return [
            await screen(ctx, user, text(lang, "deadline_over", date=date_in_words(deadline.start, lang)))
        ]
    await ctx.store.save_user(user, ctx.now())
    await ctx.store.subscribe(user.id, deadline.id, ctx.now())
    intro = text(lang, "subscribed", title=deadline.title.get(lang), date=date_in_words(deadline.start, lang))
    return [await screen(ctx, user, intro)]


async def unsubscribe(ctx: Context, user: Person, event_id: str) -> list[Reply]:
    lang = user.lang
    deadline = ctx.knowledge.event(event_id)
    if deadline is None or deadline.kind != "deadline":
        return [await screen(ctx, user, text(lang, "unknown_deadline"))]
    await ctx.store.unsubscribe(user.id, deadline.id)
    return [await screen(ctx, user, text(lang, "unsubscribed", title=deadline.title.get(lang)))]


async def stop(ctx: Context, user: Person) -> list[Reply]:
    await ctx.store.unsubscribe(user.id)
    return [Reply(text(user.lang, "reminders_stopped"))]


async def webinar_reminders(ctx: Context, user: Person, on: bool) -> list[Reply]:
    await ctx.store.set_webinar_reminders(user.id, on)
    return [await screen(ctx, user)]


async def press(ctx: Context, user: Person, button: Callback) -> list[Reply]:
    """rem:sub:<id>, rem:unsub:<id>, rem:stop, rem:webon, rem:weboff; rem:list shows the screen."""
    if button.arg == "sub":
        return await subscribe(ctx, user, button.target)
    if button.arg == "unsub":
        return await unsubscribe(ctx, user, button.target)
    if button.arg == "stop":
        return await stop(ctx, user)
    if button.arg in ("webon", "weboff"):
        return await webinar_reminders(ctx, user, button.arg == "webon")
    return [await screen(ctx, user)]


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
