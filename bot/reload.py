"""Knowledge edits, as staff hear of them: the reply to /reload, and the message pushed to the
admins when the watcher refuses an edit (bot/wiring.py sends it)."""

from __future__ import annotations

from collections.abc import Sequence

from knowledge.watch import MAX_PROBLEMS_SHOWN
from knowledge.yamlsource import Problem
from storage.records import Person

from .context import Context
from .replies import Reply
from .texts import text


def bullets(problems: Sequence[Problem | str]) -> list[str]:
    """The first MAX_PROBLEMS_SHOWN problems, one bullet each."""
    return [f"• {problem}" for problem in problems[:MAX_PROBLEMS_SHOWN]]


async def reload(ctx: Context, user: Person, args: str) -> list[Reply]:
    """/reload: force a reload of the knowledge folder and say what came of it."""
    if ctx.watcher is None:
        return [Reply(text(user.lang, "reload_unavailable"))]
    result = await ctx.watcher.reload(force=True)
    if result.ok:
        return [Reply(text(user.lang, "reloaded", entries=result.entries, events=result.events))]
    problems = "\n".join(bullets([problem.text(user.lang) for problem in result.found]))
    return [Reply(text(user.lang, "reload_refused", n=len(result.problems), problems=problems))]


def refusal_text(problems: Sequence[Problem], lang: str = "fr") -> str:
    """The admins' message about a refused knowledge edit (plain text), in the staff's language."""
    lines = bullets([problem.text(lang) for problem in problems])
    if len(problems) > MAX_PROBLEMS_SHOWN:
        lines.append(text(lang, "edit_refused_more", n=len(problems) - MAX_PROBLEMS_SHOWN))
    return text(lang, "edit_refused", n=len(problems), problems="\n".join(lines))
