"""The console's terminal: lines typed with readline's editing and history, replies wrapped to
the terminal's width, and messages (reminders) shown while a line is being typed.

Piped input is read as is and echoed after the prompt, so that a transcript reads like a
chat; output that is not a terminal is not wrapped (a file or a pipe keeps whole lines).
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import shutil
import sys
import textwrap
import threading
from collections.abc import Sequence
from types import ModuleType
from typing import Any, TextIO

PROMPT = "> "
FALLBACK_SIZE = (80, 24)  # columns, lines: when the terminal does not say
# A button line ("[3] Salaire → https://…") is never wrapped; a list item's next lines are
# indented under its text.
BUTTON_LINE = re.compile(r"\[\d+\] ")
ITEM = re.compile(r"\s*(?:[-•*–]|\d+[.)])\s+|\s+")
CLEAR_LINE = "\r\x1b[K"  # back to the start of the line, and erase it
# A space that must not end a line while wrapping (textwrap breaks at ASCII whitespace only):
# inside a phrase to keep whole, and in a number ("3 500").
GLUE = "\ue000"
DIGIT_GROUP = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")


def wrap(text: str, width: int, keep: tuple[str, ...] = ()) -> str:
    """`text` wrapped at word boundaries to `width` columns; a word longer than the width (a
    URL) stays whole on its own line, and so do button lines, numbers ("3 500") and the
    phrases in `keep` (a command to copy)."""
    for phrase in keep:
        text = text.replace(phrase, phrase.replace(" ", GLUE))
    text = DIGIT_GROUP.sub(GLUE, text)
    lines: list[str] = []
    for line in text.split("\n"):
        if len(line) <= width or BUTTON_LINE.match(line):
            lines.append(line)
            continue
        item = ITEM.match(line)
        lines += textwrap.wrap(
            line,
            width,
            subsequent_indent=" " * len(item.group()) if item else "",
            break_long_words=False,
            break_on_hyphens=False,
        )
    return "\n".join(lines).replace(GLUE, " ")


def _readline() -> ModuleType | None:
    """The readline module (line editing, history), or None where Python has none."""
    try:
        import readline
    except ImportError:  # pragma: no cover - Windows without pyreadline
        return None
    return readline


class Terminal:
    """Where the console reads lines and writes text.

    When stdin and stdout are the process's terminal, lines are read with `input()` and
    readline: arrow keys, Ctrl-A/E…, and Up for the lines typed before in this session.
    Reading happens in a thread, so the event loop goes on meanwhile (the reminders' scheduler,
    the knowledge watcher): a message written then is put above the line being typed, which
    is drawn again under it.
    """

    def __init__(self, stdin: TextIO, stdout: TextIO):
        self.stdin = stdin
        self.stdout = stdout
        self.interactive = stdin.isatty()
        self.wraps = stdout.isatty()
        editing = self.interactive and self.wraps and stdin is sys.stdin and stdout is sys.stdout
        self.readline = _readline() if editing else None
        self._lock = threading.Lock()
        self._reading = False
        self._saved: list[Any] | None = None

    def complete(self, words: Sequence[str]) -> None:
        """Tab completes the word being typed from `words` (the commands), when editing."""
        if self.readline is None:
            return
        options = sorted(set(words))

        def completion(prefix: str, state: int) -> str | None:
            matches = [word for word in options if word.startswith(prefix)]
            return matches[state] if state < len(matches) else None

        self.readline.set_completer(completion)
        self.readline.set_completer_delims(" \t\n")
        libedit = "libedit" in (self.readline.__doc__ or "")  # macOS's readline
        self.readline.parse_and_bind("bind ^I rl_complete" if libedit else "tab: complete")

    def width(self) -> int:
        return shutil.get_terminal_size(FALLBACK_SIZE).columns

    def _shown(self, text: str, keep: tuple[str, ...] = ()) -> str:
        return wrap(text, self.width(), keep) if self.wraps else text

    def write(self, text: str, keep: tuple[str, ...] = ()) -> None:
        """Write `text` and an empty line after it (wrapped on a terminal, `keep` kept whole)."""
        with self._lock:
            print(self._shown(text, keep) + "\n", file=self.stdout, flush=True)

    def notify(self, text: str) -> None:
        """Write `text` now, above the line being typed if there is one, then show that again."""
        with self._lock:
            if not self._reading or not self.interactive:
                print(self._shown(text) + "\n", file=self.stdout, flush=True)
                return
            typed = self.readline.get_line_buffer() if self.readline else ""
            prefix = CLEAR_LINE if self.readline else "\n"
            self.stdout.write(f"{prefix}{self._shown(text)}\n\n{PROMPT}{typed}")
            self.stdout.flush()

    async def read_line(self) -> str | None:
        """The next line, without its end; None at the end of input (Ctrl-D, end of the pipe)."""
        loop = asyncio.get_running_loop()
        line: asyncio.Future[str | None] = loop.create_future()

        def settle(value: str | None, error: BaseException | None) -> None:
            if line.done():
                return
            if error is None:
                line.set_result(value)
            else:
                line.set_exception(error)

        def read() -> None:
            try:
                value, error = self._read(), None
            except Exception as problem:  # noqa: BLE001 - handed to the waiting coroutine
                value, error = None, problem
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile (Ctrl-C)
                loop.call_soon_threadsafe(settle, value, error)

        # A daemon thread: a line never typed does not keep the process alive at exit.
        threading.Thread(target=read, name="console-input", daemon=True).start()
        return await line

    def _read(self) -> str | None:
        if self.readline is not None:
            with self._lock:
                self._reading = True
            try:
                return input(PROMPT)
            except EOFError:
                return None
            finally:
                with self._lock:
                    self._reading = False
        if self.interactive:
            with self._lock:
                print(PROMPT, end="", file=self.stdout, flush=True)
                self._reading = True
        raw = self.stdin.readline()
        with self._lock:
            self._reading = False
            if raw and not self.interactive:  # piped: echo it so the transcript reads like a chat
                print(PROMPT + raw.rstrip("\r\n"), file=self.stdout, flush=True)
        return raw.rstrip("\r\n") if raw else None

    def __enter__(self) -> Terminal:
        """Remember the terminal's modes, to put them back however the console ends."""
        if self.interactive:
            with contextlib.suppress(Exception):
                import termios

                self._saved = termios.tcgetattr(self.stdin.fileno())
        return self

    def __exit__(self, *exc: object) -> None:
        if self._saved is not None:
            import termios

            with contextlib.suppress(Exception):
                termios.tcsetattr(self.stdin.fileno(), termios.TCSADRAIN, self._saved)
        if self.interactive and exc[0] is not None:
            with contextlib.suppress(Exception):
                self.stdout.write("\n")
                self.stdout.flush()
