"""Question -> the text the bot sends: matching, templates, dates reasoned against the clock."""

from __future__ import annotations

from dataclasses import dataclass, field

from .clock import Clock
from .dates import asked_date
from .language import detect_language, language_of
from .matcher import AnswerKind, Candidate, Matcher
from .messages import MESSAGES, message
from .model import Entry, Knowledge
from .render import as_written, date_in_words, referenced_events, render_template
from .weights import Thresholds

MAX_QUESTION_CHARS = 2000  # a longer message is read, and kept for staff, up to here


@dataclass
class Answer:
    """What the bot replies to one question, before any front end renders it."""

    kind: AnswerKind  # equal to its string, "answer", "suggest", "none", "smalltalk" or "empty"
    lang: str
    text: str
    entry: Entry | None = None
    score: float | None = None
    suggestions: list[Entry] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    aside: str = ""  # says that another question of the message is not covered by the call


class Answerer:
    """Answers questions from the knowledge, reading dates against an injected clock."""

    def __init__(self, knowledge: Knowledge, clock: Clock, thresholds: Thresholds | None = None):
        self.knowledge = knowledge
        self.clock = clock
        self.matcher = Matcher.of(knowledge, thresholds)

    def language(self, question: str, user_lang: str | None = None) -> str:
        """French, unless the question reads as English or the user's Telegram language is English."""
        if language_of(user_lang) == "en":
            return "en"
        return detect_language(question, default="fr")

    def ask(self, question: str, user_lang: str | None = None, *, lang: str | None = None) -> Answer:
        """The reply to `question`; in `lang` when given (the bot resolved the turn's language),
        else in the language `language` picks."""
        lang = lang or self.language(question, user_lang)
        result = self.matcher.match(question)
        aside = (
            message(lang, "not_covered_too", words=as_written(question, result.also_out_of_scope))
            if result.also_out_of_scope
            else ""
        )
        if result.kind == AnswerKind.ANSWER and result.best:
            best = result.best
            text = "\n\n".join(filter(None, [self.entry_text(best.entry, lang, question), aside]))
            return Answer(
                AnswerKind.ANSWER,
                lang,
                text,
                best.entry,
                best.score,
                candidates=result.candidates,
                aside=aside,
            )
        if result.kind == AnswerKind.SUGGEST:
            entries = [c.entry for c in result.candidates]
            lines = [message(lang, "did_you_mean")] + [f"• {e.title(lang)}" for e in entries]
            return Answer(
                AnswerKind.SUGGEST,
                lang,
                "\n\n".join(filter(None, [aside, "\n".join(lines)])),
                None,
                result.best.score if result.best else None,
                suggestions=entries,
                candidates=result.candidates,
                aside=aside,
            )
        if result.kind == AnswerKind.SMALLTALK:
            key = f"smalltalk_{result.smalltalk}"
            text = message(lang, key if key in MESSAGES["fr"] else "smalltalk_greeting")
            return Answer(AnswerKind.SMALLTALK, lang, text)
        key = "empty" if result.kind == AnswerKind.EMPTY else "dont_know"
        return Answer(
            result.kind,
            lang,
            message(lang, key),
            None,
            result.best.score if result.best else None,
            candidates=result.candidates,
        )

    def entry_text(self, entry: Entry, lang: str, question: str = "") -> str:
        """The entry's answer with dates in words, and notes on passed or asked-about dates."""
        template = entry.answer.get(lang)
        parts = [render_template(template, self.knowledge, lang)]
        now = self.clock.now()
        deadlines = [e for e in referenced_events(template, self.knowledge) if e.kind == "deadline"]
        for event in deadlines:
            if event.has_passed(now):
                parts.append(
                    message(
                        lang,
                        "deadline_passed",
                        title=event.title.get(lang),
                        date=date_in_words(event.start, lang),
                    )
                )
        day = asked_date(question, deadlines[0].start.year) if deadlines and question else None
        if day is not None:
            event = deadlines[0]
            key = "asked_after" if day > event.start.date() else "asked_before"
            parts.append(
                message(
                    lang,
                    key,
                    asked=date_in_words(day, lang),
                    title=event.title.get(lang),
                    date=date_in_words(event.start, lang),
                )
            )
        return "\n\n".join(parts)
