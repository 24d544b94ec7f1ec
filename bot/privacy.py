"""Personal-data rights: see everything the bot keeps about you, and erase it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storage.store import Person

from . import callbacks
from .replies import Button, Reply
from .texts import text

if TYPE_CHECKING:
    from .core import Core


async def my_data(core: Core, user: Person) -> Reply:
    """All the bot stores about the user: the user row, their sign-ups and their votes."""
    lang = user.lang
    kept = await core.store.person(user.id)
    votes = await core.store.votes_of(user.id)
    if kept is None and not votes:
        return Reply(text(lang, "mydata_none"))
    kept = kept or Person(user.id)  # someone who only voted: their id is kept with the votes
    registrations = await core.store.registrations(user_id=user.id)
    signups = ", ".join(r.webinar_id for r in registrations) or text(lang, "nothing")
    subscriptions = ", ".join(await core.store.subscriptions_of(user.id)) or text(lang, "nothing")
    webinar_reminders = text(lang, "yes" if await core.store.webinar_reminders_on(user.id) else "no")
    body = text(
        lang,
        "mydata",
        id=kept.id,
        first_name=kept.first_name or "—",
        username=kept.username or "—",
        language=kept.language or "—",
        registrations=signups,
        subscriptions=subscriptions,
        webinar_reminders=webinar_reminders,
        delivered=await core.store.deliveries_to(user.id),
        votes=votes,
    )
    return Reply(body, buttons=[[Button(text(lang, "button_forget"), callbacks.encode("forget", "ask"))]])


async def ask_to_forget(core: Core, user: Person) -> Reply:
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


async def answer_forget(core: Core, user: Person, confirmed: bool) -> Reply:
    lang = user.lang
    if not confirmed:
        return Reply(text(lang, "forget_kept"))
    await core.store.forget(user.id)
    return Reply(text(lang, "forgotten"))
