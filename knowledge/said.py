"""Sentences of the knowledge check kept as a key and values, put in a language when shown:
the same problem reads in French (the staff's language, the default) or in English."""

from __future__ import annotations

from dataclasses import dataclass

from .check_texts import CHECK_TEXTS

DEFAULT_LANG = "fr"


@dataclass(frozen=True)
class Said:
    """A sentence of the check catalogue (knowledge/check_texts.py) not yet in a language."""

    key: str
    values: tuple[tuple[str, object], ...] = ()

    def text(self, lang: str = DEFAULT_LANG) -> str:
        """The sentence in `lang`, each value that is itself a Said put in the same language."""
        values = {name: value.text(lang) if isinstance(value, Said) else value for name, value in self.values}
        table = CHECK_TEXTS.get(lang, CHECK_TEXTS[DEFAULT_LANG])
        return table.get(self.key, CHECK_TEXTS[DEFAULT_LANG][self.key]).format(**values)

    def __str__(self) -> str:
        return self.text()


def say(key: str, /, **values: object) -> Said:
    """The sentence `key` of the check catalogue with its {placeholders}' values."""
    return Said(key, tuple(values.items()))


def spoken(value: object, lang: str = DEFAULT_LANG) -> str:
    """A Said in `lang`; anything else (a file name, a parser's own message) as it is."""
    return value.text(lang) if isinstance(value, Said) else str(value)
