"""Staff commands (ADMIN_IDS only): registration counts and the CSV export."""
from __future__ import annotations

from typing import TYPE_CHECKING

from knowledge.render import date_in_words
from knowledge.render import datetime_in_words
from reminders.exports import registrations_csv
from reminders.planner import all_slots

from .replies import Attachment, Reply, User
from .texts import text

if TYPE_CHECKING:
    from .core import Core


async def registration_counts(core: Core, user: User) -> Reply:
    lang = user.lang
    counts = await core.store.registration_counts()
    lines = []
    for webinar in core.knowledge.events_of_kind("webinar"):
        count = counts.get(webinar.id, 0)
        capacity = f" / {webinar.capacity}" if webinar.capacity is not None else ""
        lines.append(f"• {date_in_words(webinar.start, lang)} ({webinar.id}) : {count}{capacity}")
    known = {w.id for w in core.knowledge.events_of_kind("webinar")}
    lines += [f"• {webinar_id} : {count}" for webinar_id, count in counts.items() if webinar_id not in known]
    return Reply(text(lang, "registration_counts") + "\n" + "\n".join(lines or ["—"]))


async def export_registrations(core: Core, user: User, webinar_id: str = "") -> Reply:
    lang = user.lang
    registrations = await core.store.registrations(webinar_id=webinar_id or None)
    webinars = {w.id: w for w in core.knowledge.events_of_kind("webinar")}
    content = registrations_csv(registrations, webinars).encode("utf-8")
    name = f"inscriptions-{webinar_id or 'webinaires'}-{core.clock.now():%Y%m%d-%H%M}.csv"
    return Reply(text(lang, "export_ready", n=len(registrations)),
                 files=[Attachment(name, content, "text/csv")])


async def reminder_stats(core: Core, user: User) -> Reply:
    """Subscribers per deadline; per slot: sent, pending, failed and blocked deliveries."""
    lang = user.lang
    subscribers = await core.store.subscriber_counts()
    tallies = await core.store.delivery_tallies()
    sub_lines = [f"• {d.title.get(lang)} ({d.id}) : {subscribers.get(d.id, 0)}"
                 for d in core.knowledge.events_of_kind("deadline")]
    slot_lines = []
    for slot in all_slots(core.knowledge):
        tally = tallies.get(slot.key)
        pending = await core.store.count_pending(slot.key, slot.event.id, slot.kind, slot.due)
        sent, failed, blocked = (tally.sent, tally.failed, tally.blocked) if tally else (0, 0, 0)
        slot_lines.append(f"• {datetime_in_words(slot.due, lang)} — {slot.key} : "
                          f"{sent} / {pending} / {failed} / {blocked}")
    return Reply(text(lang, "reminder_stats", subscribers="\n".join(sub_lines or ["—"]),
                      slots="\n".join(slot_lines or ["—"])))
