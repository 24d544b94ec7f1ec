"""From the best view's ranking to what the bot does: answer, offer, decline, or smalltalk.

The bands are `Thresholds` (knowledge/weights.py); every decision carries its reason, for staff.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from .reason_texts import WHOLE_MESSAGE, reason
from .said import Said
from .scoring import Candidate
from .terms import TermKind
from .views import BestView
from .weights import Thresholds

KEPT = 4  # candidates an answer keeps, for staff (the runners-up of `ask`)


class AnswerKind(StrEnum):
    """What the bot does with a message; a StrEnum, so each kind still equals its string."""

    ANSWER = "answer"  # an entry's answer
    SUGGEST = "suggest"  # "did you mean" buttons
    NONE = "none"  # declined: out of scope, or nothing close enough
    SMALLTALK = "smalltalk"  # a greeting, thanks...
    EMPTY = "empty"  # no word to read


@dataclass
class MatchResult:
    """What the matcher found: an answer, suggestions, smalltalk, or nothing."""

    kind: AnswerKind
    candidates: list[Candidate] = field(default_factory=list)
    smalltalk: str | None = None
    out_of_scope: str | None = None
    also_out_of_scope: str | None = None  # words of another question of the message, not covered
    reason: Said | None = None  # why the matcher answered, offered or declined, for staff
    view: Said = WHOLE_MESSAGE  # the part of the message the candidates were ranked on

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None


def decide(reading: BestView, t: Thresholds) -> MatchResult:
    """The decision on a message, from its best view.

    An out-of-scope topic vetoes the answer only in its own sentence: 'date limite ? et le
    télétravail ?' answers the deadline and names the rest.
    """
    whole, ranked, view, sentence = reading.whole, reading.ranked, reading.view, reading.sentence
    smalltalk = whole.first(TermKind.SMALLTALK)
    greeting = smalltalk.name if smalltalk else None
    if not ranked:
        topical = any(term.topical for term in whole.terms)
        if topical or (whole.unknown and not greeting):
            oos = whole.out_of_scope()
            why = reason("out_of_scope", topic=oos) if oos else reason("no_shared_word")
            return MatchResult(AnswerKind.NONE, out_of_scope=oos, reason=why)
        if greeting:
            return MatchResult(
                AnswerKind.SMALLTALK, smalltalk=greeting, reason=reason("smalltalk", greeting=greeting)
            )
        return MatchResult(AnswerKind.EMPTY, reason=reason("no_word"))
    out_of_scope = sentence.out_of_scope() or view.out_of_scope()
    if not out_of_scope and not reading.asks:  # 'Combien de candidats ? J'ai mes chances.'
        out_of_scope = whole.out_of_scope()
    if ranked[0].echoes:  # staff accepted this very question for the entry
        why = reason("learned_echo", entry=ranked[0].entry.id)
        return MatchResult(AnswerKind.ANSWER, ranked[:KEPT], reason=why, view=reading.name)
    if out_of_scope:
        result = MatchResult(
            AnswerKind.NONE,
            ranked[: t.offers],
            out_of_scope=out_of_scope,
            reason=reason("out_of_scope_lexicon", topic=out_of_scope),
        )
    else:
        known = sum(1 for term in view.terms if term.topical)
        if len(view.unknown) > known + t.unknown_slack:
            result = _offer(ranked, t, reason("unknown_words", unknown=len(view.unknown), known=known))
        else:
            result = _decide(ranked, t)
        other = whole.first(TermKind.OUT_OF_SCOPE)
        if other and result.kind != AnswerKind.NONE:
            result.also_out_of_scope = whole.surface.get(other, other.name)
    result.view = reading.name
    return result


def _decide(ranked: list[Candidate], t: Thresholds) -> MatchResult:
    best = ranked[0]
    floor = t.min_coverage * t.floor_share
    if best.coverage < floor:
        return _offer(ranked, t, reason("low_coverage", coverage=best.coverage, floor=floor))
    runner = ranked[1] if len(ranked) > 1 else None
    close_rival = (
        runner is not None
        and best.score - runner.score < t.margin
        and runner.entry.category != best.entry.category
        and runner.entry.id not in best.entry.related
    )
    # the answer's band, as a reason says it
    bands = {
        "score": best.score,
        "answer": t.answer,
        "coverage": best.coverage,
        "min_coverage": t.min_coverage,
    }
    if best.score >= t.answer and best.coverage >= t.min_coverage and not close_rival:
        return MatchResult(
            AnswerKind.ANSWER,
            ranked[:KEPT],
            reason=reason("answered", **bands),
        )
    top = [c for c in ranked[: t.offers] if c.score >= t.suggest and c.score >= best.score - t.lone_window]
    if len(top) == 1 and best.coverage >= t.lone_coverage:
        return MatchResult(
            AnswerKind.ANSWER,
            ranked[:KEPT],
            reason=reason(
                "answered_alone",
                score=best.score,
                suggest=t.suggest,
                coverage=best.coverage,
                lone_coverage=t.lone_coverage,
                window=t.lone_window,
            ),
        )
    if top and best.score >= t.suggest:
        why = (
            reason("close_rival", rival=runner.entry.id, score=runner.score, margin=t.margin)
            if close_rival and runner
            else reason("below_answer", **bands)
        )
        return MatchResult(AnswerKind.SUGGEST, top, reason=reason("offered", why=why))
    return _offer(ranked, t, reason("below_suggest", score=best.score, suggest=t.suggest))


def _offer(ranked: list[Candidate], t: Thresholds, why: Said) -> MatchResult:
    """Not clear enough to answer, but not out of scope: the nearest entries, as a choice."""
    offers = [c for c in ranked[: t.offers] if c.score >= t.offer]
    if offers:
        return MatchResult(AnswerKind.SUGGEST, offers, reason=reason("offered", why=why))
    return MatchResult(AnswerKind.NONE, ranked[: t.offers], reason=reason("declined", why=why, offer=t.offer))
