"""Webinar conversation: the list, registering with an .ics file, cancelling, my registrations."""

from __future__ import annotations

from knowledge.model import Event
from knowledge.render import date_in_words, time_in_words
from storage.store import Person, SignUp

from . import callbacks
from .calendar_file import webinar_ics
from .callbacks import Callback
from .context import Context
from .replies import Attachment, Button, Reply
from .texts import text


def when(webinar: Event, lang: str) -> str:
    """'jeudi 17 mars 2022, de 13 h 45 à 14 h 45 (heure de Paris)'."""
    end = webinar.end or webinar.start
    return text(
        lang,
        "webinar_when",
        date=date_in_words(webinar.start, lang),
        start=time_in_words(webinar.start, lang),
        end=time_in_words(end, lang),
    )


def short_day(webinar: Event, lang: str) -> str:
    return date_in_words(webinar.start, lang).rsplit(" ", 1)[0]  # 'jeudi 17 mars'


def upcoming(ctx: Context) -> list[Event]:
    """Webinars that have not started yet, by the bot's clock."""
    now = ctx.now()
    return [w for w in ctx.knowledge.events_of_kind("webinar") if w.start > now]


def places_left(webinar: Event, counts: dict[str, int]) -> int | None:
    if webinar.capacity is None:
        return None
    return max(0, webinar.capacity - counts.get(webinar.id, 0))


async def webinar_buttons(ctx: Context, user: Person) -> list[list[Button]]:
    """For each webinar to come: register, or cancel when the user is registered."""
    lang = user.lang
    rows = []
    counts = await ctx.store.registration_counts()
    for webinar in upcoming(ctx):
        day = short_day(webinar, lang)
        if await ctx.store.is_registered(user.id, webinar.id):
            rows.append(
                [Button(text(lang, "button_cancel", day=day), callbacks.encode("web", "cancel", webinar.id))]
            )
        elif places_left(webinar, counts) != 0:
            rows.append(
                [Button(text(lang, "button_register", day=day), callbacks.encode("web", "reg", webinar.id))]
            )
    return rows


async def list_reply(ctx: Context, user: Person) -> Reply:
    lang = user.lang
    webinars = upcoming(ctx)
    if not webinars:
        return Reply(text(lang, "no_webinars"))
    counts = await ctx.store.registration_counts()
    blocks = [text(lang, "webinars_intro")]
    for webinar in webinars:
        left = places_left(webinar, counts)
        status = "" if left is None else text(lang, "places_left", n=left) if left else text(lang, "full")
        lines = [f"• {webinar.title.get(lang)}", f"  {when(webinar, lang)}{status}"]
        if webinar.description:
            lines.append(f"  {webinar.description.get(lang)}")
        if await ctx.store.is_registered(user.id, webinar.id):
            lines.append("  " + text(lang, "you_are_registered"))
        blocks.append("\n".join(lines))
    return Reply("\n\n".join(blocks), buttons=await webinar_buttons(ctx, user))


def _open_webinar(ctx: Context, user: Person, webinar_id: str) -> Event | Reply:
    """The webinar a register/cancel press is about, or why it cannot be honoured (unknown or started)."""
    lang = user.lang
    webinar = _webinar(ctx, webinar_id)
    if webinar is None:
        return Reply(text(lang, "unknown_webinar"))
    if webinar.start <= ctx.now():
        return Reply(text(lang, "webinar_started", date=date_in_words(webinar.start, lang)))
    return webinar


async def register(ctx: Context, user: Person, webinar_id: str) -> list[Reply]:
    lang = user.lang
    webinar = _open_webinar(ctx, user, webinar_id)
    if isinstance(webinar, Reply):
        return [webinar, await list_reply(ctx, user)]
    outcome = await ctx.store.register(user, webinar.id, webinar.capacity, ctx.now())
    if outcome is SignUp.FULL:
        return [await _full_reply(ctx, user, webinar)]
    key = "registered" if outcome is SignUp.REGISTERED else "already_registered"
    lines = [text(lang, key, title=webinar.title.get(lang), when=when(webinar, lang))]
    if webinar.join_url:
        lines.append(text(lang, "join_link", url=webinar.join_url))
    lines.append(text(lang, "ics_hint"))
    filename = text(lang, "ics_filename", date=webinar.start.date().isoformat())
    ics = Attachment(filename, webinar_ics(webinar, user.id, lang, ctx.now()), "text/calendar")
    cancel = Button(
        text(lang, "button_cancel", day=short_day(webinar, lang)),
        callbacks.encode("web", "cancel", webinar.id),
    )
    return [Reply("\n\n".join(lines), buttons=[[cancel]], files=[ics])]


async def _full_reply(ctx: Context, user: Person, webinar: Event) -> Reply:
    lang = user.lang
    message = text(lang, "webinar_full", date=date_in_words(webinar.start, lang))
    counts = await ctx.store.registration_counts()
    others = [
        w
        for w in upcoming(ctx)
        if w.id != webinar.id
        and places_left(w, counts) != 0
        and not await ctx.store.is_registered(user.id, w.id)
    ]
    buttons = [
        [Button(text(lang, "button_register", day=short_day(w, lang)), callbacks.encode("web", "reg", w.id))]
        for w in others
    ]
    if others:
        message += "\n\n" + text(lang, "other_webinar_has_room")
    return Reply(message, buttons=buttons)


def _webinar(ctx: Context, webinar_id: str) -> Event | None:
    """The webinar of that id in the calendar, if there is one."""
    event = ctx.knowledge.event(webinar_id)
    return event if event is not None and event.kind == "webinar" else None


async def cancel(ctx: Context, user: Person, webinar_id: str) -> list[Reply]:
    lang = user.lang
    if _webinar(ctx, webinar_id) is None and await ctx.store.cancel(user.id, webinar_id):
        # removed from the calendar since: the registration can still be cancelled, by its id
        return [
            Reply(text(lang, "cancelled_removed", id=webinar_id), buttons=await webinar_buttons(ctx, user))
        ]
    webinar = _open_webinar(ctx, user, webinar_id)
    if isinstance(webinar, Reply):
        return [webinar]
    removed = await ctx.store.cancel(user.id, webinar.id)
    key = "cancelled" if removed else "was_not_registered"
    return [
        Reply(
            text(lang, key, date=date_in_words(webinar.start, lang)),
            buttons=await webinar_buttons(ctx, user),
        )
    ]


async def my_registrations(ctx: Context, user: Person) -> Reply:
    lang = user.lang
    registrations = await ctx.store.registrations(user_id=user.id)
    lines, removed = [], []
    for registration in registrations:
        webinar_id = registration.webinar_id
        webinar = _webinar(ctx, webinar_id)
        if webinar is not None:
            lines.append(f"• {webinar.title.get(lang)} — {when(webinar, lang)}")
        else:  # no longer in the calendar: shown by its id, and it can be cancelled
            lines.append("• " + text(lang, "webinar_removed", id=webinar_id))
            removed.append(
                [
                    Button(
                        text(lang, "button_cancel", day=webinar_id),
                        callbacks.encode("web", "cancel", webinar_id),
                    )
                ]
            )
    if not lines:
        return Reply(text(lang, "no_registrations"))
    return Reply(
        text(lang, "my_registrations") + "\n" + "\n".join(lines),
        buttons=await webinar_buttons(ctx, user) + removed,
    )


async def press(ctx: Context, user: Person, button: Callback) -> list[Reply]:
    """web:reg:<id> registers, web:cancel:<id> cancels; web:list shows the list."""
    if button.arg == "reg":
        return await register(ctx, user, button.target)
    if button.arg == "cancel":
        return await cancel(ctx, user, button.target)
    return [await list_reply(ctx, user)]
