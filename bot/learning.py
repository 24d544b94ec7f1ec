"""/apprendre (/learn), staff only: the proposals learned from real questions, one at a time,
most asked first. Accepting one as a phrasing of an entry takes effect at once (the learned
phrasings are laid over the YAML, see Context.load_learned); so does "out of scope" (the
question's unknown content words are declined from then on, knowledge/learned_scope.py);
"ignore" records the decision. A proposal is decided once: a second reviewer pressing after the
first is told so.
"""

from __future__ import annotations

import asyncio

from knowledge.grouping import group_questions
from knowledge.learned import Phrasing, conflicts, with_phrasings
from knowledge.model import Entry
from knowledge.views import best_view
from storage.records import Person, Proposal

from . import callbacks
from .callbacks import Callback
from .context import Context
from .faq import BUTTON_CHARS
from .replies import Button, Reply
from .texts import text

NEAREST = 3  # entries offered under "another entry…"
MAX_REVIEWED = 500  # the proposals most asked, grouped to choose the next one
MAX_COUNTED = 20  # askers of one proposal counted when grouping


def _label(words: str) -> str:
    return words if len(words) <= BUTTON_CHARS else words[: BUTTON_CHARS - 1] + "…"


def _button(label: str, sub: str, proposal: Proposal, arg: str = "") -> Button:
    target = f"{proposal.id}-{arg}" if arg else str(proposal.id)
    return Button(_label(label), callbacks.encode("learn", sub, target))


async def review(ctx: Context, user: Person, args: str = "") -> list[Reply]:
    """/apprendre: the proposal most asked for, with its buttons."""
    return [await next_card(ctx, user)]


def most_asked(waiting: list[Proposal]) -> Proposal:
    """The proposal to review first: the one of the near-duplicates asked most in all (grouped
    as /nonrepondues groups them), then the one asked most itself."""
    texts = [p.text.strip() for p in waiting for _ in range(min(p.askers, MAX_COUNTED))]
    group_of = {variant: group.count for group in group_questions(texts) for variant in group.variants}
    return min(waiting, key=lambda p: (-group_of.get(p.text.strip(), 0), -p.askers))


async def next_card(ctx: Context, user: Person, before: str = "") -> Reply:
    lang = user.lang
    waiting = await ctx.store.pending_proposals(limit=MAX_REVIEWED)
    intro = before + "\n\n" if before else ""
    if not waiting:
        return Reply(intro + text(lang, "learn_none"))
    proposal = most_asked(waiting)
    entry = ctx.knowledge.entry(proposal.entry or "")
    proposed = ""
    rows: list[list[Button]] = []
    if entry is not None:
        score = f"{proposal.score:.0f}" if proposal.score is not None else "—"
        proposed = text(lang, "learn_proposed", title=entry.title(lang), score=score)
        if proposal.signal != "not_helpful":  # a "not helpful" answer is not the entry to add to
            add = text(lang, "learn_add", title=entry.title(lang))
            rows.append([_button(add, "to", proposal, entry.id)])
    signal = text(lang, f"learn_signal_{proposal.signal}")
    body = text(
        lang,
        "learn_card",
        waiting=len(waiting),
        askers=proposal.askers,
        signal=signal,
        text=proposal.text,
        proposed=proposed,
    )
    rows.append([_button(text(lang, "learn_other"), "other", proposal)])
    rows.append(
        [
            _button(text(lang, "learn_oos"), "oos", proposal),
            _button(text(lang, "learn_skip"), "skip", proposal),
        ]
    )
    return Reply(intro + body, buttons=rows)


def nearest(ctx: Context, proposal: Proposal) -> list[Entry]:
    """The entries the matcher finds closest to the question, the proposed one left out."""
    ranked = best_view(ctx.answerer.matcher.index, proposal.text).ranked
    return [c.entry for c in ranked if c.entry.id != proposal.entry][:NEAREST]


def pick_reply(ctx: Context, user: Person, proposal: Proposal, category: str = "") -> Reply:
    """ "another entry…": the nearest three and the topics; or the entries of one topic."""
    lang = user.lang
    if category:
        choices = ctx.knowledge.entries_in(category)
    else:
        choices = nearest(ctx, proposal)
    rows = [[_button(e.title(lang), "to", proposal, e.id)] for e in choices]
    rows.append([_button(text(lang, "back_to_menu"), "cats", proposal)])
    rows.append(
        [
            _button(text(lang, "learn_oos"), "oos", proposal),
            _button(text(lang, "learn_skip"), "skip", proposal),
        ]
    )
    return Reply(text(lang, "learn_pick", text=proposal.text), buttons=rows)


def topics_reply(ctx: Context, user: Person, proposal: Proposal) -> Reply:
    lang = user.lang
    rows = [
        [_button(c.title.get(lang), "cat", proposal, c.id)]
        for c in ctx.knowledge.categories
        if ctx.knowledge.entries_in(c.id)
    ]
    return Reply(text(lang, "learn_pick", text=proposal.text), buttons=rows)


async def accept(ctx: Context, user: Person, proposal: Proposal, entry: Entry) -> Reply:
    """Add the question to the entry's phrasings, unless that brings a conflict."""
    lang = user.lang
    new = Phrasing(entry.id, proposal.lang, proposal.text)
    phrasings = (*ctx.learned, new)
    base = ctx.base()
    learned = with_phrasings(base, phrasings)
    problems = await asyncio.to_thread(conflicts, base, [new], learned, lang)
    if problems:
        return await next_card(ctx, user, text(lang, "learn_conflict", problem=problems[0]))
    if not await ctx.store.decide_proposal(proposal.id, "accepted", entry.id, ctx.now()):
        return await next_card(ctx, user, text(lang, "learn_taken"))
    await ctx.load_learned((phrasings, learned))
    done = text(lang, "learn_accepted", text=proposal.text, title=entry.title(lang))
    return await next_card(ctx, user, done)


async def decline(ctx: Context, user: Person, proposal: Proposal, status: str, label: str) -> Reply:
    """Record "out of scope" or "ignore"; out of scope, the question's words the knowledge does
    not know are declined from now on, for everyone (knowledge/learned_scope.py)."""
    lang = user.lang
    if not await ctx.store.decide_proposal(proposal.id, status, None, ctx.now()):
        return await next_card(ctx, user, text(lang, "learn_taken"))
    done = text(lang, "learn_done", text=proposal.text, decision=text(lang, label))
    if status == "out_of_scope":
        await ctx.load_learned()
        taught = next((d.words for d in ctx.declined if d.text == proposal.text), ())
        quoted = ", ".join(text(lang, "learn_oos_word", text=w) for w in taught)
        done = text(lang, "learn_oos_words" if taught else "learn_oos_none", text=proposal.text, words=quoted)
    return await next_card(ctx, user, done)


async def press(ctx: Context, user: Person, button: Callback) -> list[Reply] | None:
    """learn:<sub>:<proposal id>[-<entry or topic id>], for staff only."""
    if not ctx.is_admin(user):
        return [Reply(text(user.lang, "staff_only"))]
    number, _, arg = button.target.partition("-")
    proposal = await ctx.store.proposal(int(number)) if number.isdigit() else None
    if proposal is None:
        return None
    if proposal.status != "pending":
        return [await next_card(ctx, user, text(user.lang, "learn_taken"))]
    if button.arg == "to":
        entry = ctx.knowledge.entry(arg)
        return [await accept(ctx, user, proposal, entry)] if entry else None
    if button.arg == "oos":
        return [await decline(ctx, user, proposal, "out_of_scope", "learn_oos")]
    if button.arg == "skip":
        return [await decline(ctx, user, proposal, "ignored", "learn_skip")]
    if button.arg == "cats":
        return [topics_reply(ctx, user, proposal)]
    if button.arg == "cat":
        return [pick_reply(ctx, user, proposal, arg)] if ctx.knowledge.category(arg) else None
    return [pick_reply(ctx, user, proposal)]
