"""Sentences kept as a key and values, put in a language when shown: the same problem of the
knowledge check, setting or database refused reads in French (the staff's language, the
default) or in English. Each layer has its catalogue (sayer()); a Refusal is an error that
carries one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .check_texts import CHECK_TEXTS

DEFAULT_LANG = "fr"


@dataclass(frozen=True)
class Said:
    """A sentence of a catalogue not yet in a language: the check's (knowledge/check_texts.py)
    unless another is named (sayer() below)."""

    key: str
    values: tuple[tuple[str, object], ...] = ()
    catalogue: dict[str, dict[str, str]] = field(
        default_factory=lambda: CHECK_TEXTS, compare=False, repr=False
    )

    def text(self, lang: str = DEFAULT_LANG) -> str:
        """The sentence in `lang`, each value that is itself a Said put in the same language."""
        values = {name: value.text(lang) if isinstance(value, Said) else value for name, value in self.values}
        table = self.catalogue.get(lang, self.catalogue[DEFAULT_LANG])
        return table.get(self.key, self.catalogue[DEFAULT_LANG][self.key]).format(**values)

    def __str__(self) -> str:
        return self.text()


def sayer(catalogue: dict[str, dict[str, str]]) -> Callable[..., Said]:
    """`say(key, **values)` for the sentences of `catalogue` (a layer's own: storage/texts.py)."""

    def say_in(key: str, /, **values: object) -> Said:
        return Said(key, tuple(values.items()), catalogue)

    return say_in


say = sayer(CHECK_TEXTS)  # say("key", **values): a sentence of the check catalogue


def spoken(value: object, lang: str = DEFAULT_LANG) -> str:
    """A Said in `lang`; anything else (a file name, a parser's own message) as it is."""
    return value.text(lang) if isinstance(value, Said) else str(value)


class Refusal(Exception):
    """An error whose message is a Said: `text(lang)` for the person at the terminal, str() in
    English (for logs and tracebacks)."""

    def __init__(self, said: Said):
        super().__init__(said.text("en"))
        self.said = said

    def text(self, lang: str = DEFAULT_LANG) -> str:
        """The message in `lang`."""
        return self.said.text(lang)
