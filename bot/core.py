"""Transport-agnostic core: (user, command | text | button) -> replies, for Telegram and the console.

Core only routes: a command through the COMMANDS table (bot/commands.py), a button through the
BUTTONS table (bot/buttons.py), a question to bot/questions.py; the screens do the rest with
the Context it holds. First it resolves the language of the turn (bot/language.py): the
screens read it as `user.lang`.
"""

from __future__ import annotations

from knowledge.clock import Clock
from knowledge.model import Knowledge
from storage.records import Person
from storage.store import Store

from . import callbacks, commands, faq, language, questions
from .buttons import BUTTONS
from .context import Context
from .replies import Reply
from .texts import text

MAX_NAME_SHOWN = 32  # characters of an unknown command's name repeated in the reply


class Core:
    """Everything the bot says, decided without knowing which front end will render it."""

    def __init__(
        self, knowledge: Knowledge, clock: Clock, store: Store, admin_ids: frozenset[int] = frozenset()
    ):
        self.context = Context.of(knowledge, clock, store, admin_ids)

    async def handle_command(self, user: Person, name: str, args: str = "") -> list[Reply]:
        user = await language.in_turn(self.context, user, hint=commands.language_of_name(name))
        command = commands.find(name)
        if command is None:
            unknown = text(user.lang, "unknown_command", command=name[:MAX_NAME_SHOWN])
            return [Reply(unknown + "\n\n" + commands.help_text(self.context, user))]
        if command.admin and not self.context.is_admin(user):
            return [Reply(text(user.lang, "staff_only"))]
        return await command.handler(self.context, user, args.strip()[: commands.MAX_ARGS_CHARS])

    async def handle_text(self, user: Person, message_text: str) -> list[Reply]:
        user = await language.in_turn(self.context, user, said=message_text)
        return await questions.answer(self.context, user, message_text)

    async def handle_button(self, user: Person, data: str | None) -> list[Reply]:
        """The press of a button carrying `data`; unknown, forged or stale data gets the topics."""
        user = await language.in_turn(self.context, user)
        button = callbacks.parse(data)
        replies = None
        if button is not None and (handler := BUTTONS.get(button.action)):
            replies = await handler(self.context, user, button)
        if replies is None:
            return [faq.menu_reply(self.context.answerer, user.lang, text(user.lang, "stale_button"))]
        return replies

    async def handle_other(self, user: Person) -> list[Reply]:
        """A photo, sticker, voice note or anything that is not text."""
        user = await language.in_turn(self.context, user)
        return [Reply(text(user.lang, "not_text"))]
