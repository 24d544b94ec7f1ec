"""Question -> the text the bot sends: matching, templates, dates reasoned against the clock."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .clock import Clock
from .matcher import Candidate, Matcher, Thresholds
from .messages import MESSAGES, message
from .model import Entry, Knowledge
from .normalize import detect_language, fold
from .render import date_in_words, referenced_events, render_template

_MONTHS = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}
_MONTH = "|".join(_MONTHS)
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:er|st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})\b")
_MONTH_DAY = re.compile(rf"\b({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b")
_NUMERIC = re.compile(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?\b")


@dataclass
class Answer:
    """What the bot replies to one question, before any front end renders it."""

    kind: str  # "answer" | "suggest" | "none" | "smalltalk" | "empty"
    lang: str
    text: str
    entry: Entry | None = None
    score: float | None = None
    suggestions: list[Entry] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)


def asked_date(question: str, year: int) -> date | None:
    """A calendar day written in the question ('le 25 avril', 'April 25', '25/04'), if any."""
    text = fold(question)
    try:
        if found := _DAY_MONTH.search(text):
            return date(year, _MONTHS[found.group(2)], int(found.group(1)))
        if found := _MONTH_DAY.search(text):
            return date(year, _MONTHS[found.group(1)], int(found.group(2)))
        if found := _NUMERIC.search(text):
            return date(year, int(found.group(2)), int(found.group(1)))
    except ValueError:
        return None
    return None


class Answerer:
    """Answers questions from the knowledge, reading dates against an injected clock."""

    def __init__(self, knowledge: Knowledge, clock: Clock, thresholds: Thresholds | None = None):
        self.knowledge = knowledge
        self.clock = clock
        self.matcher = Matcher(knowledge, thresholds)

    def language(self, question: str, user_lang: str | None = None) -> str:
        """French, unless the question reads as English or the user's Telegram language is English."""
        if (user_lang or "").lower().startswith("en"):
            return "en"
        return detect_language(question, default="fr")

    def ask(self, question: str, user_lang: str | None = None) -> Answer:
        lang = self.language(question, user_lang)
        result = self.matcher.match(question)
        if result.kind == "answer" and result.best:
            best = result.best
            return Answer("answer", lang, self.entry_text(best.entry, lang, question),
                          best.entry, best.score, candidates=result.candidates)
        if result.kind == "suggest":
            entries = [c.entry for c in result.candidates]
            lines = [message(lang, "did_you_mean")] + [f"• {e.title(lang)}" for e in entries]
            return Answer("suggest", lang, "\n".join(lines), None, result.best.score,
                          suggestions=entries, candidates=result.candidates)
        if result.kind == "smalltalk":
            key = f"smalltalk_{result.smalltalk}"
            text = message(lang, key if key in MESSAGES["fr"] else "smalltalk_greeting")
            return Answer("smalltalk", lang, text)
        key = "empty" if result.kind == "empty" else "dont_know"
        best = result.best
        return Answer(result.kind, lang, message(lang, key), None, best.score if best else None,
                      candidates=result.candidates)

    def entry_text(self, entry: Entry, lang: str, question: str = "") -> str:
        """The entry's answer with dates in words, and notes on passed or asked-about dates."""
        template = entry.answer.get(lang)
        parts = [render_template(template, self.knowledge, lang)]
        now = self.clock.now()
        deadlines = [e for e in referenced_events(template, self.knowledge) if e.kind == "deadline"]
        for event in deadlines:
            if event.has_passed(now):
                parts.append(message(lang, "deadline_passed", title=event.title.get(lang),
                                     date=date_in_words(event.start, lang)))
        day = asked_date(question, deadlines[0].start.year) if deadlines and question else None
        if day is not None:
            event = deadlines[0]
            key = "asked_after" if day > event.start.date() else "asked_before"
            parts.append(message(lang, key, asked=date_in_words(day, lang),
                                 title=event.title.get(lang), date=date_in_words(event.start, lang)))
        return "\n\n".join(parts)

