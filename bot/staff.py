"""Staff screens (commands for ADMIN_IDS only): registrations per webinar and their CSV export,
the questions left unanswered, usage statistics and the state of the reminders.

/reload, the other staff command, is in bot/reload.py.
"""

from __future__ import annotations

from datetime import timedelta

from knowledge.grouping import group_questions
from knowledge.render import date_in_words, datetime_in_words
from reminders.exports import registrations_csv
from reminders.planner import all_slots
from storage.records import Person

from .context import Context
from .replies import Attachment, Reply
from .texts import text


async def registration_counts(ctx: Context, user: Person) -> Reply:
    lang = user.lang
    counts = await ctx.store.registration_counts()
    lines = []
    for webinar in ctx.knowledge.events_of_kind("webinar"):
        count = counts.get(webinar.id, 0)
        capacity = f" / {webinar.capacity}" if webinar.capacity is not None else ""
        lines.append(f"• {date_in_words(webinar.start, lang)} ({webinar.id}) : {count}{capacity}")
    known = {w.id for w in ctx.knowledge.events_of_kind("webinar")}
    lines += [f"• {webinar_id} : {count}" for webinar_id, count in counts.items() if webinar_id not in known]
    return Reply(text(lang, "registration_counts") + "\n" + "\n".join(lines or ["—"]))


async def export_registrations(ctx: Context, user: Person, webinar_id: str = "") -> Reply:
    """The registrations CSV, of every webinar or of one webinar of the calendar."""
    lang = user.lang
    webinars = {w.id: w for w in ctx.knowledge.events_of_kind("webinar")}
    if webinar_id and webinar_id not in webinars:  # refused like `eig-bot export-registrations`
        return Reply(
            text(lang, "export_unknown_webinar", id=webinar_id[:64], known=", ".join(webinars) or "—")
        )
    registrations = await ctx.store.registrations(webinar_id=webinar_id or None)
    content = registrations_csv(registrations, webinars).encode("utf-8")
    name = f"inscriptions-{webinar_id or 'webinaires'}-{ctx.now():%Y%m%d-%H%M}.csv"
    return Reply(
        text(lang, "export_ready", n=len(registrations)), files=[Attachment(name, content, "text/csv")]
    )


async def export(ctx: Context, user: Person, args: str) -> list[Reply]:
    """/export [webinar id]: the first word of the arguments, if any, names the webinar."""
    words = args.split()
    return [await export_registrations(ctx, user, words[0] if words else "")]


async def reminder_stats(ctx: Context, user: Person) -> Reply:
    """Subscribers per deadline; per slot: sent, pending, failed and blocked deliveries."""
    lang = user.lang
    subscribers = await ctx.store.subscriber_counts()
    tallies = await ctx.store.delivery_tallies()
    sub_lines = [
        f"• {d.title.get(lang)} ({d.id}) : {subscribers.get(d.id, 0)}"
        for d in ctx.knowledge.events_of_kind("deadline")
    ]
    slot_lines = []
    for slot in all_slots(ctx.knowledge):
        tally = tallies.get(slot.key)
        pending = await ctx.store.count_pending(slot.key, slot.event.id, slot.kind, slot.due)
        sent, failed, blocked = (tally.sent, tally.failed, tally.blocked) if tally else (0, 0, 0)
        slot_lines.append(
            f"• {datetime_in_words(slot.due, lang)} — {slot.key} : {sent} / {pending} / {failed} / {blocked}"
        )
    return Reply(
        text(
            lang,
            "reminder_stats",
            subscribers="\n".join(sub_lines or ["—"]),
            slots="\n".join(slot_lines or ["—"]),
        )
    )


async def unanswered_report(ctx: Context, user: Person, top: int = 15) -> Reply:
    """The most frequent questions the bot could not answer, near-duplicates grouped."""
    lang = user.lang
    questions = await ctx.store.unanswered()
    best_of = {q.text.strip(): (q.best_entry, q.score) for q in questions}
    groups = group_questions([q.text for q in questions])
    lines = []
    for group in groups[:top]:
        entry, score = best_of.get(group.text, (None, None))
        hint = f" → {entry} ({score:.0f})" if entry and score is not None else ""
        lines.append(f"• {group.count} × « {group.text[:120]} »{hint}")
    if not lines:
        return Reply(text(lang, "unanswered_none"))
    return Reply(
        text(lang, "unanswered_report", n=len(questions), groups=len(groups)) + "\n" + "\n".join(lines)
    )


async def usage_stats(ctx: Context, user: Person) -> Reply:
    """Users, questions, answered and declined shares, votes, registrations, subscribers."""
    lang = user.lang
    outcomes = await ctx.store.question_outcomes()
    asked = sum(n for kind, n in outcomes.items() if kind not in ("smalltalk", "empty"))
    share = (lambda n: f"{100 * n / asked:.0f} %") if asked else (lambda n: "—")
    votes = await ctx.store.votes_per_entry()
    vote_lines = [f"  {entry} : 👍 {up} / 👎 {down}" for entry, (up, down) in votes.items()] or ["  —"]
    registrations = await ctx.store.registration_counts()
    subscribers = await ctx.store.subscriber_counts()
    proposals = await ctx.store.proposal_counts(ctx.now() - timedelta(days=7))
    body = text(
        lang,
        "usage_stats",
        users=await ctx.store.signed_up_count(),
        questions=asked,
        answered=share(outcomes.get("answer", 0)),
        suggested=share(outcomes.get("suggest", 0)),
        declined=share(outcomes.get("none", 0)),
        votes="\n".join(vote_lines),
        registrations=sum(registrations.values()),
        subscribers=sum(subscribers.values()),
        waiting=proposals.get("pending", 0),
        accepted=proposals.get("accepted", 0),
        oos=proposals.get("out_of_scope", 0),
        ignored=proposals.get("ignored", 0),
    )
    return Reply(body)
