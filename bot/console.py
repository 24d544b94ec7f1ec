"""A terminal chat with the same core as on Telegram: no token, no network."""

from __future__ import annotations

import logging
from typing import TextIO

from storage.records import Person

from .core import Core
from .replies import Button, Reply
from .texts import text

log = logging.getLogger(__name__)

QUIT = ("/quit", "/exit")
INTRO = (
    "EIG assistant — console. Posez une question, tapez /start, /aide, ou le numéro d'un "
    "bouton ; /quit pour sortir. (Ask a question, /help, a button number; /quit to leave.)"
)
CONSOLE_USER = Person(id=0, first_name="", username=None, language=None)


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


def _command(line: str) -> tuple[str, str]:
    """'/faq  salaire' -> ('faq', 'salaire')."""
    head, *rest = line.split(maxsplit=1) or [""]
    return head[1:].split("@", 1)[0].lower(), rest[0].strip() if rest else ""


class Console:
    """One conversation: remembers the buttons of the last replies so a number presses one."""

    def __init__(self, core: Core, stdout: TextIO, user: Person | None = None):
        self.core = core
        self.stdout = stdout
        self.user = user or CONSOLE_USER
        self.choices: list[Button] = []

    def show(self, replies: list[Reply]) -> None:
        self.choices = []
        for reply in replies:
            shown, choices = format_reply(reply, len(self.choices) + 1)
            self.choices += choices
            print(shown + "\n", file=self.stdout)

    def missing_button(self, line: str) -> str | None:
        """For a number that is no button of the last reply, what to say (it is no question)."""
        number = line.strip()
        if not (number.isascii() and number.isdigit()) or 1 <= int(number) <= len(self.choices):
            return None
        lang = self.user.lang
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
            print(missing + "\n", file=self.stdout)
            return
        try:
            replies = await self.respond(line)
        except Exception:  # noqa: BLE001 - same apology as on Telegram, and carry on
            log.exception("failed to answer a console message")
            replies = [Reply(text(self.user.lang, "error"))]
        self.show(replies)


async def run_console(core: Core, stdin: TextIO, stdout: TextIO, user: Person | None = None) -> None:
    """Chat until end of input or /quit."""
    console = Console(core, stdout, user)
    interactive = stdin.isatty()
    print(INTRO + "\n", file=stdout)
    while True:
        if interactive:
            print("> ", end="", file=stdout, flush=True)
        line = stdin.readline()
        if not line:
            break
        line = line.strip("\r\n")
        if not interactive:  # piped input: echo it so the transcript reads like a chat
            print(f"> {line}", file=stdout)
        if line.strip().lower() in QUIT:
            break
        await console.turn(line)
    stdout.flush()
