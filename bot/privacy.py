"""Personal-data rights: see everything the bot keeps about you, and erase it."""

from __future__ import annotations

from knowledge.render import date_in_words, time_in_words
from storage.store import Person

from . import callbacks
from .callbacks import Callback
from .context import Context
from .language import name
from .replies import Button, Reply
from .texts import text


def _registration(ctx: Context, webinar_id: str, lang: str) -> str:
    """'Webinaire : … — jeudi 17 mars 2022, 13 h 45'; by its id only if it left the calendar."""
    webinar = ctx.knowledge.event(webinar_id)
    if webinar is None or webinar.kind != "webinar":
        return text(lang, "webinar_removed", id=webinar_id)
    start = webinar.start
    return f"{webinar.title.get(lang)} — {date_in_words(start, lang)}, {time_in_words(start, lang)}"


def _subscription(ctx: Context, event_id: str, lang: str) -> str:
    """'Clôture des candidatures — mardi 12 avril 2022'; by its id only if it left the calendar."""
    deadline = ctx.knowledge.event(event_id)
    if deadline is None:
        return event_id
    return f"{deadline.title.get(lang)} — {date_in_words(deadline.start, lang)}"


def _reply_language(kept: Person, lang: str) -> str:
    """'anglais (choisie avec /langue)', 'français', or '—' when none is kept."""
    if not kept.reply_language:
        return "—"
    note = text(lang, "language_fixed_note") if kept.language_fixed else ""
    return name(lang, kept.reply_language) + note


async def my_data(ctx: Context, user: Person) -> Reply:
    """All the bot stores about the user: the user row, their sign-ups and their votes."""
    lang = user.lang
    kept = await ctx.store.person(user.id)
    votes = await ctx.store.votes_of(user.id)
    if kept is None and not votes:
        return Reply(text(lang, "mydata_none"))
    kept = kept or Person(user.id)  # someone who only voted: their id is kept with the votes
    registrations = await ctx.store.registrations(user_id=user.id)
    signups = "; ".join(_registration(ctx, r.webinar_id, lang) for r in registrations)
    subscribed = await ctx.store.subscriptions_of(user.id)
    subscriptions = "; ".join(_subscription(ctx, event_id, lang) for event_id in subscribed)
    webinar_reminders = text(lang, "yes" if await ctx.store.webinar_reminders_on(user.id) else "no")
    body = text(
        lang,
        "mydata",
        id=kept.id,
        first_name=kept.first_name or "—",
        username=kept.username or "—",
        language=kept.language or "—",
        reply_language=_reply_language(kept, lang),
        registrations=signups or text(lang, "nothing"),
        subscriptions=subscriptions or text(lang, "nothing"),
        webinar_reminders=webinar_reminders,
        delivered=await ctx.store.deliveries_to(user.id),
        votes=votes,
    )
    return Reply(body, buttons=[[Button(text(lang, "button_forget"), callbacks.encode("forget", "ask"))]])


async def ask_to_forget(ctx: Context, user: Person) -> Reply:
    lang = user.lang
    return Reply(
        text(lang, "forget_confirm"),
        buttons=[
            [
                Button(text(lang, "forget_yes"), callbacks.encode("forget", "yes")),
                Button(text(lang, "forget_no"), callbacks.encode("forget", "no")),
            ]
        ],
    )


async def answer_forget(ctx: Context, user: Person, confirmed: bool) -> Reply:
    lang = user.lang
    if not confirmed:
        return Reply(text(lang, "forget_kept"))
    await ctx.store.forget(user.id)
    ctx.recent.forget(user.id)
    return Reply(text(lang, "forgotten"))


async def press(ctx: Context, user: Person, button: Callback) -> list[Reply]:
    """forget:ask asks to confirm; forget:yes erases, forget:no keeps."""
    if button.arg == "ask":
        return [await ask_to_forget(ctx, user)]
    return [await answer_forget(ctx, user, button.arg == "yes")]
