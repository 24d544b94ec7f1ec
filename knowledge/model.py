"""The knowledge as plain data: FAQ entries, categories, calendar events, lexicon."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
LANGS = ("fr", "en")
EVENT_KINDS = ("deadline", "webinar", "milestone")
ACTIONS = ("webinars", "reminders")
# The lexicon concept that turns a message into a request for an entry's action.
ACTION_CONCEPTS = {"webinars": "register", "reminders": "remind"}


@dataclass(frozen=True)
class Text:
    """A string in French and English."""

    fr: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.fr


@dataclass(frozen=True)
class Category:
    id: str
    title: Text


@dataclass(frozen=True)
class Entry:
    """One FAQ entry: the ways people ask it, and the answer."""

    id: str
    category: str
    questions: dict[str, tuple[str, ...]]
    answer: Text
    keywords: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    action: str | None = None
    source: str = ""
    line: int = 0
    # The phrasings of `questions` staff accepted from real questions (knowledge/learned.py), not
    # written in the YAML: the matcher weighs them as learned (knowledge/MATCHING.md).
    learned: frozenset[str] = frozenset()

    def title(self, lang: str) -> str:
        """The entry's first phrasing in `lang`, used on buttons and in lists."""
        phrasings = self.questions.get(lang) or self.questions.get("fr") or ("?",)
        return phrasings[0]

    def all_questions(self) -> list[tuple[str, str]]:
        return [(lang, q) for lang in LANGS for q in self.questions.get(lang, ())]


@dataclass(frozen=True)
class Event:
    """A dated event of the calendar; naive YAML times are Europe/Paris."""

    id: str
    kind: str
    title: Text
    start: datetime
    end: datetime | None = None
    all_day: bool = False
    description: Text | None = None
    capacity: int | None = None
    join_url: str | None = None

    @property
    def due(self) -> datetime:
        """The instant the event is over: a date-only deadline lasts until the end of its day."""
        if self.end is not None:
            return self.end
        if self.all_day:
            next_day = self.start.date() + timedelta(days=1)
            return datetime.combine(next_day, time(0), tzinfo=self.start.tzinfo)
        return self.start

    def has_passed(self, now: datetime) -> bool:
        return now >= self.due


@dataclass(frozen=True)
class Lexicon:
    """Synonym groups (concept -> words) and out-of-scope topics the call does not cover."""

    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    out_of_scope: dict[str, tuple[str, ...]] = field(default_factory=dict)
    smalltalk: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Concepts that say what kind of question it is ('who', 'when', 'only'), not its topic.
    question_words: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReminderRule:
    """When to remind before an event: N days before at a Paris wall-clock time, or N hours before."""

    days_before: int = 0
    at: time | None = None
    hours_before: float | None = None

    @property
    def key(self) -> str:
        """Stable name of the rule, part of each delivery's unique key."""
        if self.hours_before is not None:
            return f"h{self.hours_before:g}"
        return f"d{self.days_before}@{self.at:%H%M}" if self.at else f"d{self.days_before}"

    def due(self, event: Event) -> datetime:
        """The instant to remind: computed on the wall clock, so 09:00 stays 09:00 across DST."""
        if self.hours_before is not None:
            return event.start - timedelta(hours=self.hours_before)
        day = event.start.astimezone(PARIS).date() - timedelta(days=self.days_before)
        return datetime.combine(day, self.at or time(9, 0), tzinfo=PARIS)


@dataclass(frozen=True)
class Knowledge:
    entries: tuple[Entry, ...]
    categories: tuple[Category, ...]
    events: tuple[Event, ...]
    lexicon: Lexicon
    reminder_rules: dict[str, tuple[ReminderRule, ...]] = field(default_factory=dict)

    def entry(self, entry_id: str) -> Entry | None:
        return next((e for e in self.entries if e.id == entry_id), None)

    def event(self, event_id: str) -> Event | None:
        return next((e for e in self.events if e.id == event_id), None)

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def entries_in(self, category_id: str) -> list[Entry]:
        return [e for e in self.entries if e.category == category_id]

    def events_of_kind(self, kind: str) -> list[Event]:
        return sorted((e for e in self.events if e.kind == kind), key=lambda e: e.start)
