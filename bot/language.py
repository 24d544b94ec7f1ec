"""The language of each conversation turn, and /langue (/language) to fix it.

A turn is answered, every piece of it (text, buttons, files, the commands it names), in:
the language the person fixed with /langue, else their message's when it can be told, else
that of their last message that told one (in memory only, bot/recent.py), else the command's
own (/help is English, /aide French), else the stored one (their sign-ups'), else their
Telegram language.
"""

from __future__ import annotations

from dataclasses import replace

from knowledge.language import Language, detect_language, language_of, told_language
from storage.records import Person

from . import callbacks
from .callbacks import Callback
from .context import Context
from .replies import Button, Reply
from .texts import text

NAMES = {"fr": "🇫🇷 Français", "en": "🇬🇧 English"}  # each language in its own words


def turn_language(
    user: Person, stored: Person | None, told: Language | None, last: Language | None, hint: Language | None
) -> Language:
    """The language of a turn of `user` (as Telegram describes them; `stored` as the database
    keeps them) whose message reads as `told` (None: unclear, or a press), whose last message
    read as `last`, by a command of language `hint` (None: not a command, or one name)."""
    kept = stored.reply_language if stored else None
    if stored is not None and stored.language_fixed and kept:
        return kept
    return told or last or hint or kept or language_of(user.language)


async def in_turn(ctx: Context, user: Person, said: str = "", hint: Language | None = None) -> Person:
    """`user` with the language of this turn resolved; the language `said` reads as, if any,
    remembered for the next turns."""
    stored = await ctx.store.person(user.id)
    told = told_language(said)
    lang = turn_language(user, stored, told, ctx.recent.last_language(user.id), hint)
    if told is not None:
        ctx.recent.note_language(user.id, told)
    if stored is None:
        return replace(user, turn=lang)
    return replace(
        user, reply_language=stored.reply_language, language_fixed=stored.language_fixed, turn=lang
    )


def quick_language(ctx: Context, user: Person, said: str = "") -> str:
    """The language to speak to `user` without the database (an apology, which may follow a
    database failure; a flood notice): the message's, else the last message's, else `user.lang`."""
    return detect_language(said, default=ctx.recent.last_language(user.id) or user.lang)


def name(lang: str, of: str) -> str:
    """The name of the language `of` in `lang`: 'anglais', 'French'."""
    return text(lang, f"language_name_{of}")


async def screen(ctx: Context, user: Person) -> Reply:
    """/langue: how the language is chosen now, and the buttons to fix it or let it follow."""
    lang = user.lang
    key = "language_is_fixed" if user.language_fixed else "language_follows"
    buttons = [Button(label, callbacks.encode("lang", code)) for code, label in NAMES.items()]
    rows = [buttons]
    if user.language_fixed:
        rows.append([Button(text(lang, "button_language_auto"), callbacks.encode("lang", "auto"))])
    body = text(lang, key, language=name(lang, lang)) + "\n\n" + text(lang, "language_choose")
    return Reply(body, buttons=rows)


async def press(ctx: Context, user: Person, button: Callback) -> list[Reply]:
    """lang:fr, lang:en fix the language (kept in the database); lang:auto lets it follow the
    messages again."""
    if button.arg == "auto":
        await ctx.store.fix_language(user, None, ctx.now())
        return [Reply(text(user.lang, "language_set_auto"))]
    lang = button.arg
    await ctx.store.fix_language(user, lang, ctx.now())
    return [Reply(text(lang, "language_set", language=name(lang, lang)))]
