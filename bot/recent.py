"""The last question of each person, for a few minutes, in memory only: what a later "did you
mean" press or "not helpful" vote refers to (callback data has no room for the question); and
the language each person's last message read as, what a button press or a command is answered in.

Nothing of it reaches the database with a user id: the signals keep the question alone.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta

KEPT = timedelta(minutes=30)
MAX_PEOPLE = 10_000


@dataclass(frozen=True)
class Asked:
    """What one person last asked and what the bot made of it."""

    text: str
    lang: str
    kind: str  # "answer" or "suggest"
    scores: dict[str, float]  # the entry answered, or each entry offered, with its score
    at: datetime


class RecentQuestions:
    """person id -> their last question, forgotten after KEPT or once a signal used it."""

    def __init__(self) -> None:
        self._asked: OrderedDict[int, Asked] = OrderedDict()
        self._languages: OrderedDict[int, str] = OrderedDict()

    def note_language(self, person: int, lang: str) -> None:
        """The language `person`'s last message read as (kept for the MAX_PEOPLE latest people)."""
        self._languages.pop(person, None)
        self._languages[person] = lang
        while len(self._languages) > MAX_PEOPLE:
            self._languages.popitem(last=False)

    def last_language(self, person: int) -> str | None:
        return self._languages.get(person)

    def remember(self, person: int, asked: Asked) -> None:
        self._asked.pop(person, None)
        self._asked[person] = asked
        while len(self._asked) > MAX_PEOPLE:
            self._asked.popitem(last=False)

    def take(self, person: int, kind: str, entry: str, now: datetime) -> Asked | None:
        """The question `person` asked, if the bot's `kind` reply to it involved `entry`; forgotten then."""
        asked = self._asked.get(person)
        if asked is None or now - asked.at > KEPT:
            self._asked.pop(person, None)
            return None
        if asked.kind != kind or entry not in asked.scores:
            return None
        del self._asked[person]
        return asked

    def forget_question(self, person: int) -> None:
        self._asked.pop(person, None)

    def forget(self, person: int) -> None:
        """Everything kept about `person`: their last question and their last language."""
        self._asked.pop(person, None)
        self._languages.pop(person, None)
