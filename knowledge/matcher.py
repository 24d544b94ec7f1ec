"""Question -> best FAQ entries: weighted evidence from the entries' phrasings, then a decision.

The steps, one module each (knowledge/MATCHING.md explains the scoring):

- knowledge/reading.py reads a text as *terms* (knowledge/terms.py);
- knowledge/index.py learns the knowledge's texts once: each entry's terms, posting lists and
  what each term weighs;
- knowledge/views.py reads a message in several views and keeps the one that ranks best;
- knowledge/scoring.py scores the entries sharing a term with a view;
- knowledge/decision.py answers, offers, declines or makes smalltalk, with its reason.

Every number they use is in knowledge/weights.py.
"""

from __future__ import annotations

from typing import Any

from .decision import AnswerKind, MatchResult, decide
from .index import Index
from .model import Entry, Knowledge
from .scoring import Candidate
from .views import best_view
from .weights import WEIGHTS, Thresholds, Weights

__all__ = ["AnswerKind", "Candidate", "MatchResult", "Matcher", "Thresholds", "Weights"]

_BUILT: dict[tuple[int, Thresholds, Weights], Matcher] = {}


class Matcher:
    """Index of the knowledge's phrasings; `match(text)` ranks entries for a question."""

    @classmethod
    def of(
        cls, knowledge: Knowledge, thresholds: Thresholds | None = None, weights: Weights = WEIGHTS
    ) -> Matcher:
        """The matcher of this very knowledge object, built once (the check and the bot share it)."""
        thresholds = thresholds or Thresholds()
        key = (id(knowledge), thresholds, weights)
        cached = _BUILT.get(key)
        if cached is not None and cached.knowledge is knowledge:
            return cached
        matcher = _BUILT[key] = cls(knowledge, thresholds, weights)
        while len(_BUILT) > 4:  # the serving knowledge and an edit being checked, at most
            del _BUILT[next(iter(_BUILT))]
        return matcher

    def __init__(
        self, knowledge: Knowledge, thresholds: Thresholds | None = None, weights: Weights = WEIGHTS
    ) -> None:
        self.knowledge = knowledge
        self.thresholds = thresholds or Thresholds()
        self.index = Index(knowledge, weights)
        self.reader = self.index.reader

    def match(self, text: str) -> MatchResult:
        """Rank entries for the whole message, its question, each sentence and each clause; the
        best-scoring view is decided on."""
        return decide(best_view(self.index, text), self.thresholds)

    def leave_one_out(self, entry: Entry) -> list[tuple[str, MatchResult]]:
        """Each phrasing of `entry` asked with itself left out of the index: does it still lead home?

        The phrasing's words stay known to the matcher, so this flatters a little; it still
        tells which entries have too few ways of being asked.
        """
        results = []
        for index, (_, question) in enumerate(entry.all_questions()):
            with self.index.without(entry.id, index):
                results.append((question, self.match(question)))
        return results

    def explain(self, text: str, lang: str = "fr") -> dict[str, Any]:
        """How a question is read and decided, for staff: `python -m knowledge ask --explain`
        (knowledge/__main__.py) prints it, and adds it to each line with `--json`; the view and
        the reason in `lang`, the decision a code."""
        reading = best_view(self.index, text)
        result = decide(reading, self.thresholds)
        view = reading.view
        weight = self.index.weight
        return {
            "view": result.view.text(lang),
            "terms": [
                {"term": str(term), "weight": round(weight(term) * view.factor(term), 2)}
                for term in view.terms
            ],
            "unknown": [
                {"word": word, "weight": round(self.index.unknown_weight(word), 2)} for word in view.unknown
            ],
            "candidates": [
                {
                    "entry": c.entry.id,
                    "score": c.score,
                    "coverage": c.coverage,
                    "closest phrasing": c.phrasing,
                }
                for c in reading.ranked[:5]
            ],
            "decision": result.kind,
            "reason": result.reason.text(lang) if result.reason else "",
        }
