"""From the best view's ranking to what the bot does: answer, offer, decline, or smalltalk.

The bands are `Thresholds` (knowledge/weights.py); every decision carries its reason, for staff.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

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
    reason: str = ""  # why the matcher answered, offered or declined, for staff
    view: str = "whole message"  # the part of the message the candidates were ranked on

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
            why = f"out of scope: {oos}" if oos else "no entry shares a word with the question"
            return MatchResult(AnswerKind.NONE, out_of_scope=oos, reason=why)
        if greeting:
            return MatchResult(AnswerKind.SMALLTALK, smalltalk=greeting, reason=f"smalltalk: {greeting}")
        return MatchResult(AnswerKind.EMPTY, reason="no word to read")
    out_of_scope = sentence.out_of_scope() or view.out_of_scope()
    if not out_of_scope and not reading.asks:  # 'Combien de candidats ? J'ai mes chances.'
        out_of_scope = whole.out_of_scope()
    if ranked[0].echoes:  # staff accepted this very question for the entry
        reason = f"a phrasing staff accepted for {ranked[0].entry.id} (rapidfuzz ratio ≥ the echo weight)"
        return MatchResult(AnswerKind.ANSWER, ranked[:KEPT], reason=reason, view=reading.name)
    if out_of_scope:
        result = MatchResult(
            AnswerKind.NONE,
            ranked[: t.offers],
            out_of_scope=out_of_scope,
            reason=f"out of scope: {out_of_scope} (lexicon.yaml)",
        )
    else:
        known = sum(1 for term in view.terms if term.topical)
        if len(view.unknown) > known + t.unknown_slack:
            result = _offer(
                ranked, t, f"{len(view.unknown)} unknown words for {known} known: offered, never answered"
            )
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
        return _offer(
            ranked,
            t,
            f"coverage {best.coverage:.2f} < {floor:.2f}: too much of the question is not in the entry",
        )
    runner = ranked[1] if len(ranked) > 1 else None
    close_rival = (
        runner is not None
        and best.score - runner.score < t.margin
        and runner.entry.category != best.entry.category
        and runner.entry.id not in best.entry.related
    )
    if best.score >= t.answer and best.coverage >= t.min_coverage and not close_rival:
        return MatchResult(
            AnswerKind.ANSWER,
            ranked[:KEPT],
            reason=(
                f"score {best.score} ≥ {t.answer}, coverage {best.coverage:.2f} ≥ {t.min_coverage}, "
                "no close rival in another topic"
            ),
        )
    top = [c for c in ranked[: t.offers] if c.score >= t.suggest and c.score >= best.score - t.lone_window]
    if len(top) == 1 and best.coverage >= t.lone_coverage:
        return MatchResult(
            AnswerKind.ANSWER,
            ranked[:KEPT],
            reason=(
                f"score {best.score} ≥ {t.suggest}, coverage {best.coverage:.2f} ≥ {t.lone_coverage} "
                f"and no other candidate within {t.lone_window:g} points"
            ),
        )
    if top and best.score >= t.suggest:
        why = (
            f"{runner.entry.id} ({runner.score}) is within {t.margin} points, in another topic"
            if close_rival and runner
            else f"score {best.score} < {t.answer} or coverage {best.coverage:.2f} < {t.min_coverage}"
        )
        return MatchResult(AnswerKind.SUGGEST, top, reason=why + ": offered")
    return _offer(ranked, t, f"score {best.score} < {t.suggest}")


def _offer(ranked: list[Candidate], t: Thresholds, why: str) -> MatchResult:
    """Not clear enough to answer, but not out of scope: the nearest entries, as a choice."""
    offers = [c for c in ranked[: t.offers] if c.score >= t.offer]
    if offers:
        return MatchResult(AnswerKind.SUGGEST, offers, reason=why + ": offered")
    return MatchResult(
        AnswerKind.NONE, ranked[: t.offers], reason=why + f"; nothing scores {t.offer}: declined"
    )
