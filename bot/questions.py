"""Questions in words and the FAQ entries they lead to: the answer with its action buttons
(register, subscribe) and the vote buttons; the questions not answered are kept for the staff."""

from __future__ import annotations

from knowledge.answer import MAX_QUESTION_CHARS, Answer
from knowledge.decision import AnswerKind
from knowledge.language import told_language
from knowledge.model import Entry
from knowledge.render import referenced_events
from storage.records import Person

from . import faq, reminders_ui, webinars
from .callbacks import Callback
from .context import Context
from .recent import Asked
from .replies import Reply
from .texts import text


async def answer(ctx: Context, user: Person, message_text: str) -> list[Reply]:
    """What a typed message gets: the answer, suggestions, or the topics."""
    question = message_text[:MAX_QUESTION_CHARS]
    found = ctx.answerer.ask(question, lang=user.lang)
    written_in = told_language(question) or found.lang  # a fixed language may differ from it
    if found.kind in (AnswerKind.NONE, AnswerKind.SUGGEST):
        best = found.candidates[0] if found.candidates else None
        entry_id, score = (best.entry.id, best.score) if best else (None, None)
        await ctx.store.record_unanswered(question, entry_id, score, ctx.now())
        await ctx.store.record_proposal(question, written_in, "unanswered", entry_id, score, ctx.now())
    remember(ctx, user, question, found, written_in)
    await ctx.store.record_question(found.kind, found.entry.id if found.entry else None, ctx.now())
    reply = faq.answer_reply(ctx.answerer, found)
    if found.entry is not None:
        await add_action_buttons(ctx, reply, user, found.entry)
        reply.buttons.append(faq.vote_buttons(found.entry, user.lang))
    if len(message_text) > MAX_QUESTION_CHARS:
        reply.text = text(found.lang, "too_long") + "\n\n" + reply.text
    return [reply]


async def open_entry(ctx: Context, user: Person, button: Callback) -> list[Reply] | None:
    """faq:<id>: the entry's answer (None when the entry is gone)."""
    entry = ctx.knowledge.entry(button.arg)
    if entry is None:
        return None
    if asked := ctx.recent.take(user.id, "suggest", entry.id, ctx.now()):  # a "did you mean" press
        score = asked.scores[entry.id]
        await ctx.store.record_proposal(asked.text, asked.lang, "chosen", entry.id, score, ctx.now())
    reply = faq.entry_reply(ctx.answerer, entry, user.lang)
    await add_action_buttons(ctx, reply, user, entry)
    return [reply]


async def vote(ctx: Context, user: Person, button: Callback) -> list[Reply] | None:
    """vote:up:<id> or vote:down:<id>: was the answer helpful? (None when the entry is gone)."""
    if ctx.knowledge.entry(button.target) is None:
        return None
    await ctx.store.record_vote(user.id, button.target, button.arg == "up", ctx.now())
    if button.arg == "down" and (asked := ctx.recent.take(user.id, "answer", button.target, ctx.now())):
        score = asked.scores[button.target]
        await ctx.store.record_proposal(
            asked.text, asked.lang, "not_helpful", button.target, score, ctx.now()
        )
    return [Reply(text(user.lang, "vote_thanks"))]


def remember(ctx: Context, user: Person, question: str, found: Answer, written_in: str) -> None:
    """Keep the question in memory for a while: a "did you mean" press or a "not helpful"
    vote that follows refers to it."""
    if found.kind == AnswerKind.ANSWER and found.entry is not None:
        scores = {found.entry.id: found.score or 0.0}
    elif found.kind == AnswerKind.SUGGEST:
        by_id = {c.entry.id: c.score for c in found.candidates}
        scores = {e.id: by_id.get(e.id, 0.0) for e in found.suggestions}
    else:
        ctx.recent.forget_question(user.id)
        return
    ctx.recent.remember(user.id, Asked(question, written_in, found.kind, scores, ctx.now()))


async def add_action_buttons(ctx: Context, reply: Reply, user: Person, entry: Entry) -> None:
    """Answers about registering offer its buttons; answers naming an open deadline, subscribing."""
    if entry.action == "webinars":
        reply.buttons[:0] = await webinars.webinar_buttons(ctx, user)
    elif entry.action == "reminders" or names_open_deadline(ctx, entry):
        choices = await reminders_ui.choices_of(ctx, user)
        reply.buttons[:0] = reminders_ui.choice_buttons(choices, user.lang)


def names_open_deadline(ctx: Context, entry: Entry) -> bool:
    open_ids = {d.id for d in reminders_ui.open_deadlines(ctx)}
    return any(e.id in open_ids for e in referenced_events(entry.answer.fr, ctx.knowledge))
