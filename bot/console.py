"""A terminal chat with the same core as on Telegram: no token, no network."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, time, timedelta
from typing import TextIO

from knowledge.model import Knowledge
from reminders.planner import REMINDED_KINDS
from storage.records import Person

from .commands import COMMANDS
from .core import Core
from .language import quick_language
from .replies import Button, Reply
from .terminal import Terminal
from .texts import text

log = logging.getLogger(__name__)

QUIT = ("/quit", "/exit")
# Telegram user ids are positive: the console's person never meets a Telegram user's rows.
CONSOLE_USER = Person(id=0, first_name="", username=None, language=None)
REHEARSAL_LEAD = timedelta(days=7)  # the rehearsal suggested starts a week before the first event
REHEARSAL_TIME = time(10, 0)


def format_reply(reply: Reply, first_choice: int = 1) -> tuple[str, list[Button]]:
    """The reply as terminal text (title, text, numbered buttons, files) and its choices."""
    lines: list[str] = []
    if reply.title:
        lines += [reply.title, "─" * min(len(reply.title), 60)]
    if reply.text:
        lines.append(reply.text)
    choices: list[Button] = []
    for button in reply.all_buttons():
        number = first_choice + len(choices)
        link = f" → {button.url}" if button.url else ""
        lines.append(f"[{number}] {button.label}{link}")
        choices.append(button)
    for attachment in reply.files:
        lines.append(f"📎 {attachment.filename} ({len(attachment.content)} bytes)")
    return "\n".join(lines), choices


def rehearsal_start(knowledge: Knowledge, now: datetime) -> datetime | None:
    """When every date of the calendar is past: an instant to rehearse from (a week before its
    first webinar or deadline, at 10:00); else None."""
    if not knowledge.events or not all(event.has_passed(now) for event in knowledge.events):
        return None
    reminded = [e.start for e in knowledge.events if e.kind in REMINDED_KINDS] or [
        e.start for e in knowledge.events
    ]
    day = min(reminded).date() - REHEARSAL_LEAD
    return datetime.combine(day, REHEARSAL_TIME, tzinfo=min(reminded).tzinfo)


def _command(line: str) -> tuple[str, str]:
    """'/faq  salaire' -> ('faq', 'salaire')."""
    head, *rest = line.split(maxsplit=1) or [""]
    return head[1:].split("@", 1)[0].lower(), rest[0].strip() if rest else ""


class Console:
    """One conversation: remembers the buttons of the last replies so a number presses one."""

    def __init__(self, core: Core, terminal: Terminal, user: Person | None = None):
        self.core = core
        self.terminal = terminal
        self.user = user or CONSOLE_USER
        self.choices: list[Button] = []
        terminal.complete([f"/{name}" for command in COMMANDS for name in command.names] + list(QUIT))

    def _shown(self, replies: list[Reply]) -> str:
        """The replies as text; their buttons become the numbers to choose from."""
        self.choices = []
        shown: list[str] = []
        for reply in replies:
            lines, choices = format_reply(reply, len(self.choices) + 1)
            self.choices += choices
            shown.append(lines)
        return "\n\n".join(shown)

    def show(self, replies: list[Reply]) -> None:
        self.terminal.write(self._shown(replies))

    def notify(self, replies: list[Reply]) -> None:
        """Show replies that come on their own (a reminder), even while a line is being typed."""
        self.terminal.notify(self._shown(replies))

    def welcome(self) -> None:
        """The console's intro in its person's language, and when the calendar is all past, how
        to rehearse it."""
        self.terminal.write(text(self.user.lang, "console_intro"))
        start = rehearsal_start(self.core.context.knowledge, self.core.context.now())
        if start is not None:
            command = f"eig-bot console --clock-start {start:%Y-%m-%dT%H:%M}"
            self.terminal.write(text(self.user.lang, "console_calendar_past", command=command), (command,))

    def missing_button(self, line: str) -> str | None:
        """For a number that is no button of the last reply, what to say (it is no question)."""
        number = line.strip()
        if not (number.isascii() and number.isdigit()) or 1 <= int(number) <= len(self.choices):
            return None
        lang = quick_language(self.core.context, self.user, line)
        if not self.choices:
            return text(lang, "console_no_buttons", n=int(number))
        last = len(self.choices)
        return text(lang, "console_no_button", n=int(number), choices="1" if last == 1 else f"1–{last}")

    async def respond(self, line: str) -> list[Reply]:
        """What the core replies to one typed line."""
        number = line.strip()
        if number.isascii() and number.isdigit() and 1 <= int(number) <= len(self.choices):
            button = self.choices[int(number) - 1]
            if button.url:
                return [Reply(button.url)]
            return await self.core.handle_button(self.user, button.data)
        if line.startswith("/"):
            name, args = _command(line)
            return await self.core.handle_command(self.user, name, args)
        return await self.core.handle_text(self.user, line)

    async def turn(self, line: str) -> None:
        missing = self.missing_button(line)
        if missing is not None:  # the buttons stay those of the last reply, to choose again
            self.terminal.write(missing)
            return
        try:
            replies = await self.respond(line)
        except Exception:  # noqa: BLE001 - same apology as on Telegram, and carry on
            log.exception("failed to answer a console message")
            replies = [Reply(text(quick_language(self.core.context, self.user, line), "error"))]
        self.show(replies)

    async def chat(self) -> None:
        """Read and answer lines until end of input or /quit."""
        while (line := await self.terminal.read_line()) is not None:
            if line.strip().lower() in QUIT:
                break
            await self.turn(line)


async def run_console(
    core: Core,
    stdin: TextIO,
    stdout: TextIO,
    user: Person | None = None,
    started: Callable[[Console], Awaitable[None]] | None = None,
) -> None:
    """Chat until end of input or /quit; `started` runs after the welcome, before the first line."""
    with Terminal(stdin, stdout) as terminal:
        console = Console(core, terminal, user)
        console.welcome()
        if started is not None:
            await started(console)
        await console.chat()
