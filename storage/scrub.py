"""Personal data out of texts kept for staff: e-mail addresses, phone numbers, long numbers."""

from __future__ import annotations

import re

EMAIL = "[e-mail]"
PHONE = "[téléphone]"
NUMBER = "[numéro]"

_EMAIL = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)*")
# Phone numbers that are not part of a longer run of digit groups.
# +33 6 12 34 56 78, +33 (0)6 12 34 56 78, 0033 6 12 34 56 78, +1 (415) 555-2671
_INTERNATIONAL = re.compile(
    r"(?<![\w+])(?<!\d[ .\-])(?:\+|00)[1-9]\d{0,2}"
    r"(?:[ .\-]?(?:\(\d{1,4}\)|\d{1,4})){1,7}(?![ .\-]?\d)"
)
# 06 12 34 56 78, 06.12.34.56.78, 06-12-34-56-78, 0612345678
_FRENCH = re.compile(r"(?<![\d+])(?<!\d[ .\-])0[1-9](?:[ .\-]?\d{2}){4}(?![ .\-]?\d)")
# 10 digits or more in groups (a card, a social security number), 8 or more in a row
_GROUPED = re.compile(r"\d+(?:[ .\-]\d+)+")
_LONG = re.compile(r"\d{8,}")
MIN_PHONE_DIGITS, MAX_PHONE_DIGITS = 8, 15


def _digits(text: str) -> int:
    return sum(char.isdigit() for char in text)


def _phone(match: re.Match[str]) -> str:
    return PHONE if MIN_PHONE_DIGITS <= _digits(match[0]) <= MAX_PHONE_DIGITS else match[0]


def _grouped(match: re.Match[str]) -> str:
    return NUMBER if _digits(match[0]) >= 10 else match[0]


def scrub(text: str) -> str:
    """`text` with e-mails, phone numbers and long digit runs replaced by placeholders."""
    text = _EMAIL.sub(EMAIL, text)
    text = _INTERNATIONAL.sub(_phone, text)
    text = _FRENCH.sub(PHONE, text)
    text = _GROUPED.sub(_grouped, text)
    return _LONG.sub(NUMBER, text)
