"""Sentences of the knowledge check kept as a key and values, put in a language when shown:
the same problem reads in French (the staff's language, the default) or in English."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from .check_texts import CHECK_TEXTS

DEFAULT_LANG = "fr"


@dataclass(frozen=True)
class Said:
    """A sentence of the check catalogue (knowledge/check_texts.py) not yet in a language; a
    subclass with another `catalogue` keeps another layer's sentences (storage/texts.py)."""

    catalogue: ClassVar[dict[str, dict[str, str]]] = CHECK_TEXTS
    key: str
    values: tuple[tuple[str, object], ...] = ()

    def text(self, lang: str = DEFAULT_LANG) -> str:
        """The sentence in `lang`, each value that is itself a Said put in the same language."""
        values = {name: value.text(lang) if isinstance(value, Said) else value for name, value in self.values}
        table = self.catalogue.get(lang, self.catalogue[DEFAULT_LANG])
        return table.get(self.key, self.catalogue[DEFAULT_LANG][self.key]).format(**values)

    def __str__(self) -> str:
        return self.text()


def say(key: str, /, **values: object) -> Said:
    """The sentence `key` of the check catalogue with its {placeholders}' values."""
    return Said(key, tuple(values.items()))


def spoken(value: object, lang: str = DEFAULT_LANG) -> str:
    """A Said in `lang`; anything else (a file name, a parser's own message) as it is."""
    return value.text(lang) if isinstance(value, Said) else str(value)


class Refusal(Exception):  # noqa: N818 - each subclass is named for what was refused
    """An error whose message is a Said: `text(lang)` for the person at the terminal, str() in
    English (for logs and tracebacks)."""

    def __init__(self, said: Said):
        super().__init__(said.text("en"))
        self.said = said

    def text(self, lang: str = DEFAULT_LANG) -> str:
        """The message in `lang`."""
        return self.said.text(lang)
