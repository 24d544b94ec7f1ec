"""FAQ screens: answers with related buttons, did-you-mean, and browsing by topic."""

from __future__ import annotations

from knowledge.answer import Answer, Answerer
from knowledge.decision import AnswerKind
from knowledge.messages import message
from knowledge.model import Category, Entry
from storage.records import Person

from . import callbacks
from .callbacks import Callback
from .context import Context
from .replies import Button, Reply
from .texts import text

BUTTON_CHARS = 60


def _label(title: str) -> str:
    return title if len(title) <= BUTTON_CHARS else title[: BUTTON_CHARS - 1] + "…"


def entry_button(entry: Entry, lang: str) -> Button:
    return Button(_label(entry.title(lang)), callbacks.encode("faq", entry.id))


def menu_buttons(answerer: Answerer, lang: str) -> list[list[Button]]:
    """One button per topic, two per row."""
    buttons = [
        Button(c.title.get(lang), callbacks.encode("cat", c.id))
        for c in answerer.knowledge.categories
        if answerer.knowledge.entries_in(c.id)
    ]
    return [buttons[i : i + 2] for i in range(0, len(buttons), 2)]


def menu_reply(answerer: Answerer, lang: str, intro: str) -> Reply:
    return Reply(intro, buttons=menu_buttons(answerer, lang))


def category_reply(answerer: Answerer, category: Category, lang: str) -> Reply:
    entries = answerer.knowledge.entries_in(category.id)
    rows = [[entry_button(e, lang)] for e in entries]
    rows.append([Button(text(lang, "back_to_menu"), callbacks.encode("menu"))])
    return Reply(text(lang, "faq_entries", category=category.title.get(lang)), buttons=rows)


def entry_reply(answerer: Answerer, entry: Entry, lang: str, question: str = "") -> Reply:
    """The entry's answer, with its related entries as buttons."""
    body = answerer.entry_text(entry, lang, question)
    return Reply(body, title=entry.title(lang), buttons=_related_buttons(answerer, entry, lang))


def _related_buttons(answerer: Answerer, entry: Entry, lang: str) -> list[list[Button]]:
    rows = []
    for related_id in entry.related:
        related = answerer.knowledge.entry(related_id)
        if related:
            rows.append([entry_button(related, lang)])
    rows.append([Button(text(lang, "back_to_menu"), callbacks.encode("menu"))])
    return rows


def answer_reply(answerer: Answerer, answer: Answer) -> Reply:
    """Render what the answerer found as a message with the right buttons."""
    lang = answer.lang
    if answer.kind == AnswerKind.ANSWER and answer.entry:
        return Reply(answer.text, buttons=_related_buttons(answerer, answer.entry, lang))
    if answer.kind == AnswerKind.SUGGEST:
        rows = [[entry_button(e, lang)] for e in answer.suggestions]
        rows.append([Button(message(lang, "none_of_these"), callbacks.encode("none"))])
        return Reply("\n\n".join(filter(None, [answer.aside, message(lang, "did_you_mean")])), buttons=rows)
    if answer.kind == AnswerKind.SMALLTALK:
        return Reply(answer.text)
    return menu_reply(answerer, lang, answer.text)


def vote_buttons(entry: Entry, lang: str) -> list[Button]:
    """Two small buttons after an answer: was it helpful?"""
    return [
        Button(text(lang, "vote_helpful"), callbacks.encode("vote", "up", entry.id)),
        Button(text(lang, "vote_not_helpful"), callbacks.encode("vote", "down", entry.id)),
    ]


async def show_menu(ctx: Context, user: Person, button: Callback) -> list[Reply]:
    """menu: the topics."""
    return [menu_reply(ctx.answerer, user.lang, text(user.lang, "faq_categories"))]


async def none_of_these(ctx: Context, user: Person, button: Callback) -> list[Reply]:
    """none: none of the suggestions was the question; the topics."""
    return [menu_reply(ctx.answerer, user.lang, message(user.lang, "dont_know"))]


async def show_category(ctx: Context, user: Person, button: Callback) -> list[Reply] | None:
    """cat:<id>: the questions of a topic (None when the topic is gone)."""
    category = ctx.knowledge.category(button.arg)
    return [category_reply(ctx.answerer, category, user.lang)] if category else None
