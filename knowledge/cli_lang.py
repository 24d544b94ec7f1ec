"""One language per run of the staff's shell tools (`python -m knowledge`, `eig-bot`'s staff
commands): French unless `--lang en` is written, before or after the sub-command; argparse's
own words (usage, help, errors) are put in that language too. And no log line unless asked.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import logging
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence

from .cli_texts import cli_text

LANGS = ("fr", "en")
DEFAULT_LANG = "fr"
BROKEN_PIPE_STATUS = 141  # 128 + SIGPIPE: what `yes | head` gives, seen by a shell's pipefail
QUIET_LEVEL = "WARNING"  # a tool's run prints its result only; --verbose or LOG_LEVEL say more

# argparse's sentences (argparse calls gettext's `_` on them) in French; the English is argparse's.
ARGPARSE_FR: dict[str, str] = {
    "usage: ": "utilisation : ",
    "positional arguments": "arguments",
    "options": "options",
    "show this help message and exit": "affiche cette aide et s'arrête",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "the following arguments are required: %s": "il manque ces arguments : %s",
    "unrecognized arguments: %s": "arguments inconnus : %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "choix inconnu : %(value)r (possibles : %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": "valeur %(type)s invalide : %(value)r",
    "expected one argument": "une valeur attendue",
    "expected at most one argument": "une valeur au plus attendue",
    "expected at least one argument": "une valeur au moins attendue",
    "ambiguous option: %(option)s could match %(matches)s": (
        "option ambiguë : %(option)s peut être %(matches)s"
    ),
    "not allowed with argument %s": "impossible avec l'argument %s",
    "ignored explicit argument %r": "valeur ignorée : %r",
    "one of the arguments %s is required": "l'un de ces arguments est obligatoire : %s",
    "expected %s argument": "%s valeur attendue",
    "expected %s arguments": "%s valeurs attendues",
}
ARGPARSE_TEXTS = {"fr": ARGPARSE_FR, "en": {english: english for english in ARGPARSE_FR}}


def run_lang(argv: Sequence[str]) -> str:
    """The language of the run: the value of `--lang X` or `--lang=X` wherever it is written
    (before a `--`); French without it, or with a value that is not a language (argparse then
    refuses it, in French)."""
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            value = argv[index + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        else:
            continue
        return value if value in LANGS else DEFAULT_LANG
    return DEFAULT_LANG


def tool_options(lang: str) -> argparse.ArgumentParser:
    """`--lang fr|en` and `--verbose`, their help in `lang`, for the main parser and each
    sub-command (a parent parser): left unset unless written, so that one written before the
    sub-command is kept."""
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS, help=cli_text(lang, "help_lang"))
    options.add_argument(
        "--verbose", action="store_true", default=argparse.SUPPRESS, help=cli_text(lang, "help_verbose")
    )
    return options


@contextlib.contextmanager
def argparse_in(lang: str) -> Iterator[None]:
    """Within the block, argparse writes its usage, help and errors in `lang`."""
    table = ARGPARSE_TEXTS.get(lang, ARGPARSE_FR)
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]

    def plural(one: str, many: str, count: int) -> str:
        return table.get(one if count == 1 else many, one if count == 1 else many)

    argparse._ = lambda text: table.get(text, text)  # type: ignore[attr-defined]
    argparse.ngettext = plural  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def log_level(verbose: bool, environ: Mapping[str, str] = os.environ) -> str:
    """The level of a tool's logs: LOG_LEVEL when set, else INFO with --verbose, else WARNING
    (a run prints its result and nothing else)."""
    asked = environ.get("LOG_LEVEL", "").strip().upper()
    if asked in ("DEBUG", "INFO", "WARNING", "ERROR"):
        return asked
    return "INFO" if verbose else QUIET_LEVEL


def configure_tool_logging(verbose: bool, environ: Mapping[str, str] = os.environ) -> None:
    """Logs on stderr, one line each, at log_level()."""
    logging.basicConfig(
        level=log_level(verbose, environ), format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )


def quiet_on_broken_pipe(main: Callable[..., int]) -> Callable[..., int]:
    """`main` that, when the reader of its output goes away (`… | head`), stops without a
    traceback and returns BROKEN_PIPE_STATUS, as a command killed by SIGPIPE does."""

    @functools.wraps(main)
    def run(*args: object, **kwargs: object) -> int:
        try:
            return main(*args, **kwargs)
        except BrokenPipeError:
            # what is left in stdout's buffer would fail again at exit: send it nowhere
            devnull = os.open(os.devnull, os.O_WRONLY)
            with contextlib.suppress(OSError, ValueError):
                os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
            return BROKEN_PIPE_STATUS

    return run
