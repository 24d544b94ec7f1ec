"""The inline buttons: one table, BUTTONS, from the kind of a button's callback data to its handler.

A handler takes (ctx, user, the parsed Callback) and returns the replies, or None when what the
button names is gone (an entry, a topic): Core then answers that the button is stale. The data
itself (``v1:<kind>:<arg>:<target>``) is written and read by bot/callbacks.py only.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from storage.records import Person

from . import faq, language, learning, privacy, questions, reminders_ui, webinars
from .callbacks import Callback
from .context import Context
from .replies import Reply

ButtonHandler = Callable[[Context, Person, Callback], Awaitable[list[Reply] | None]]

BUTTONS: dict[str, ButtonHandler] = {
    "menu": faq.show_menu,
    "none": faq.none_of_these,
    "cat": faq.show_category,
    "faq": questions.open_entry,
    "vote": questions.vote,
    "web": webinars.press,
    "rem": reminders_ui.press,
    "forget": privacy.press,
    "learn": learning.press,
    "lang": language.press,
}
