"""Question -> best FAQ entries: weighted evidence from the entries' phrasings, then a decision.

A question is read as *terms* (knowledge/reading.py). An entry is answered only when the
entry's phrasings and keywords explain most of the question's weight (its *coverage*); words
the knowledge has never seen, and topics the call does not cover, weigh against it. Long
messages are read in several views (whole, question with its context, sentences, clauses).
The README ("How matching works") explains the weights and the decision.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from .model import ACTION_CONCEPTS, Entry, Knowledge
from .normalize import clauses, sentences, words
from .reading import CONCEPT, CONDITION, EVENT, OUT_OF_SCOPE, SMALLTALK, Query, Reader
from .reading import out_of_scope as topic_out_of_scope
from .wordfreqs import zipf

ACTION_BONUS = 8.0  # added to the entries that act when the question asks to act
QUESTION_WORD_FACTOR = 0.5  # 'who', 'when', 'only' tell the kind of question, not its topic
CONTEXT_FACTOR = 0.35  # a known word of a sentence around the question counts this much
_PLACEHOLDER = re.compile(r"\{[^}]*\}")
_PLACEHOLDER_EVENT = re.compile(r"\{[a-z_]+:([a-z0-9-]+)\}")


@dataclass(frozen=True)
class Thresholds:
    """Confidence bands, on a 0-100 scale."""

    answer: float = 60.0
    suggest: float = 45.0
    margin: float = 2.0
    min_coverage: float = 0.45
    lone_coverage: float = 0.40
    offer: float = 20.0


@dataclass(frozen=True)
class Candidate:
    entry: Entry
    score: float
    coverage: float
    phrasing: str = ""  # the entry's phrasing sharing the most weight with the question


@dataclass
class MatchResult:
    """What the matcher found: an answer, suggestions, smalltalk, or nothing."""

    kind: str  # "answer" | "suggest" | "none" | "smalltalk" | "empty"
    candidates: list[Candidate] = field(default_factory=list)
    smalltalk: str | None = None
    out_of_scope: str | None = None
    also_out_of_scope: str | None = None  # words of another question of the message, not covered
    reason: str = ""  # why the matcher answered, offered or declined, for staff
    view: str = "whole message"  # the part of the message the candidates were ranked on

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None


_BUILT: dict[tuple[int, Thresholds], Matcher] = {}


@dataclass
class _Reading:
    """The view of a message that ranked best, and its ranking."""

    whole: Query
    ranked: list[Candidate]
    view: Query
    sentence: Query
    name: str
    asks: bool = True  # the view is the message's question, not a statement around it


class Matcher:
    """Index of the knowledge's phrasings; `match(text)` ranks entries for a question."""

    @classmethod
    def of(cls, knowledge: Knowledge, thresholds: Thresholds | None = None) -> Matcher:
        """The matcher of this very knowledge object, built once (the check and the bot share it)."""
        thresholds = thresholds or Thresholds()
        key = (id(knowledge), thresholds)
        cached = _BUILT.get(key)
        if cached is not None and cached.knowledge is knowledge:
            return cached
        matcher = _BUILT[key] = cls(knowledge, thresholds)
        while len(_BUILT) > 4:  # the serving knowledge and an edit being checked, at most
            del _BUILT[next(iter(_BUILT))]
        return matcher

    def __init__(self, knowledge: Knowledge, thresholds: Thresholds | None = None):
        self.knowledge = knowledge
        self.thresholds = thresholds or Thresholds()
        self.reader = Reader(knowledge)
        self._terms = self.reader.terms
        self._entry_terms: dict[str, set[str]] = {}
        self._fixed_terms: dict[str, frozenset[str]] = {}  # keywords and dates, never left out
        self._answer_terms: dict[str, set[str]] = {}
        self._phrasing_terms: dict[str, list[tuple[str, frozenset[str]]]] = {}  # (folded text, terms)
        self._index_entries()
        self._idf = self._compute_idf()
        self._max_idf = max(self._idf.values(), default=1.0)
        self.reader.learned()
        self._weights: dict[str, float] = {}
        self._entries = {entry.id: entry for entry in knowledge.entries}
        self._index: dict[str, set[str]] = {}  # term -> ids of the entries that hold it
        for entry_id in self._entries:
            for term in self._entry_terms[entry_id] | self._answer_terms[entry_id]:
                self._index.setdefault(term, set()).add(entry_id)
        self._phrasing_mass = {
            entry_id: [sum(self._weight(t) for t in terms) for _, terms in phrasings]
            for entry_id, phrasings in self._phrasing_terms.items()
        }
        self._postings: dict[str, list[tuple[str, int]]] = {}  # term -> (entry id, phrasing number)
        for entry_id, phrasings in self._phrasing_terms.items():
            for number, (_, terms) in enumerate(phrasings):
                for term in terms:
                    self._postings.setdefault(term, []).append((entry_id, number))
        self._left_out: tuple[str, int] | None = None  # a phrasing out of the index (leave_one_out)
        self._phrasing_texts = {
            entry_id: [folded for folded, _ in phrasings]
            for entry_id, phrasings in self._phrasing_terms.items()
        }

    def _index_entries(self) -> None:
        for entry in self.knowledge.entries:
            phrasings = []
            for _, question in entry.all_questions():
                terms = frozenset(self._terms(question, learn=True).terms)
                phrasings.append((" ".join(words(question)), terms))
            keyword_terms: set[str] = set()
            for keyword in entry.keywords:
                keyword_terms |= set(self._terms(keyword, learn=True).terms)
            self._phrasing_terms[entry.id] = phrasings
            events = {EVENT + event_id for event_id in _PLACEHOLDER_EVENT.findall(entry.answer.fr)}
            self._fixed_terms[entry.id] = frozenset(keyword_terms | events)
            self._entry_terms[entry.id] = keyword_terms.union(events, *(t for _, t in phrasings))
        for entry in self.knowledge.entries:
            answer_terms: set[str] = set()
            for lang in ("fr", "en"):
                answer_terms |= set(
                    self._terms(_PLACEHOLDER.sub(" ", entry.answer.get(lang)), learn=True).terms
                )
            self._answer_terms[entry.id] = answer_terms - self._entry_terms[entry.id]

    def _compute_idf(self) -> dict[str, float]:
        df: Counter = Counter()
        for terms in self._entry_terms.values():
            df.update(terms)
        n = max(len(self._entry_terms), 1)
        return {term: math.log(1 + n / count) for term, count in df.items()}

    def _weight(self, term: str) -> float:
        """Rare in the knowledge and rare in the language weighs most; concepts are curated."""
        cached = self._weights.get(term)
        if cached is None:
            cached = self._weights[term] = self._compute_weight(term)
        return cached

    def _compute_weight(self, term: str) -> float:
        if term.startswith(OUT_OF_SCOPE):
            return 1.5 * self._max_idf
        idf = self._idf.get(term, 0.9 * self._max_idf)
        if term[1:] in self.knowledge.lexicon.question_words and term.startswith(CONCEPT):
            return idf * QUESTION_WORD_FACTOR
        if term[0] in (CONCEPT, SMALLTALK):
            return idf
        return idf * min(1.0, max(0.15, (6.5 - self.reader.commonness.get(term, 0.0)) / 3.0))

    def _unknown_weight(self, word: str) -> float:
        """A word the knowledge never uses: everyday words weigh little, rare ones a lot."""
        rarity = (6.0 - zipf(word)) / 3.0
        return self._max_idf * min(1.0, max(0.08, rarity))

    # -- scoring --------------------------------------------------------------------------
    def _shared(self, query: Query) -> dict[str, dict[int, float]]:
        """Per entry, per phrasing: the weight of the query's terms the phrasing holds."""
        hits: dict[str, dict[int, float]] = {}
        for term in query.terms:
            weight = self._weight(term) * query.factor(term)
            for entry_id, number in self._postings.get(term, ()):
                if (entry_id, number) != self._left_out:
                    per_entry = hits.setdefault(entry_id, {})
                    per_entry[number] = per_entry.get(number, 0.0) + weight
        return hits

    def _score_entry(
        self, entry: Entry, query: Query, total: float, discount: float, shared: dict[int, float]
    ) -> Candidate:
        own = self._entry_terms[entry.id]
        in_answer = self._answer_terms[entry.id]
        weight = self._weight
        factor = query.factor
        covered = sum(
            factor(t) * (weight(t) if t in own else 0.5 * weight(t) if t in in_answer else 0.0)
            for t in query.terms
        )
        coverage = covered / total if total else 0.0
        phrasings, masses = self._phrasing_terms[entry.id], self._phrasing_mass[entry.id]
        asked = len(phrasings) - (self._left_out is not None and self._left_out[0] == entry.id)
        best_precision = max((weight / masses[n] for n, weight in shared.items() if masses[n]), default=0.0)
        density = sum(shared.values()) / total / max(asked, 1) if total else 0.0
        closest = phrasings[max(shared, key=lambda n: (shared[n], -n))][0] if shared else ""
        texts = self._phrasing_texts[entry.id]
        if self._left_out is not None and self._left_out[0] == entry.id:
            texts = texts[: self._left_out[1]] + texts[self._left_out[1] + 1 :]
        found = process.extractOne(query.folded, texts, scorer=fuzz.ratio)  # spelling similarity
        best_raw = found[1] / 100 if found else 0.0
        score = 100 * discount * (0.55 * coverage + 0.2 * best_precision + 0.15 * best_raw + 0.1 * density)
        if entry.action and CONCEPT + ACTION_CONCEPTS[entry.action] in query.terms:
            score += ACTION_BONUS  # "inscris-moi", "remind me": a request to act, not a question
        return Candidate(entry, round(score, 1), round(coverage, 3), closest)

    def _rank(self, query: Query, discount: float = 1.0) -> list[Candidate]:
        """Score the entries that share at least one term with the query, best first."""
        topical = [t for t in query.terms if not t.startswith(SMALLTALK)]
        if not topical:
            return []
        unknown_mass = sum(self._unknown_weight(word) for word in query.unknown)
        total = sum(self._weight(t) * query.factor(t) for t in topical) + unknown_mass
        ids = set().union(*(self._index.get(t, ()) for t in topical))
        shared = self._shared(query)
        ranked = [self._score_entry(self._entries[i], query, total, discount, shared.get(i, {})) for i in ids]
        ranked.sort(key=lambda c: (-c.score, c.entry.id))
        return ranked

    def match(self, text: str) -> MatchResult:
        """Rank entries for the whole message, its question, each sentence and each clause.

        The best-scoring view wins. A part is discounted by the share of the message's known
        vocabulary it leaves out, so 'je suis juriste, puis-je candidater ?' is not read as
        'puis-je candidater ?'. An out-of-scope topic vetoes the answer only in its own
        sentence: 'date limite ? et le télétravail ?' answers the deadline and names the rest.
        """
        reading = self._read(text)
        whole, ranked, view, sentence = reading.whole, reading.ranked, reading.view, reading.sentence
        greeting = next((t[1:] for t in whole.terms if t.startswith(SMALLTALK)), None)
        if not ranked:
            topical = any(not t.startswith(SMALLTALK) for t in whole.terms)
            if topical or (whole.unknown and not greeting):
                oos = topic_out_of_scope(whole)
                why = f"out of scope: {oos}" if oos else "no entry shares a word with the question"
                return MatchResult("none", out_of_scope=oos, reason=why)
            if greeting:
                return MatchResult("smalltalk", smalltalk=greeting, reason=f"smalltalk: {greeting}")
            return MatchResult("empty", reason="no word to read")
        out_of_scope = topic_out_of_scope(sentence) or topic_out_of_scope(view)
        if not out_of_scope and not reading.asks:  # 'Combien de candidats ? J'ai mes chances.'
            out_of_scope = topic_out_of_scope(whole)
        if out_of_scope:
            result = MatchResult(
                "none",
                ranked[:3],
                out_of_scope=out_of_scope,
                reason=f"out of scope: {out_of_scope} (lexicon.yaml)",
            )
        else:
            known = sum(1 for t in view.terms if not t.startswith(SMALLTALK))
            if len(view.unknown) > known + 1:
                result = self._offer(
                    ranked, f"{len(view.unknown)} unknown words for {known} known: offered, never answered"
                )
            else:
                result = self._decide(ranked)
            other = next((t for t in whole.terms if t.startswith(OUT_OF_SCOPE)), None)
            if other and result.kind != "none":
                result.also_out_of_scope = whole.surface.get(other, other[1:])
        result.view = reading.name
        return result

    def _read(self, text: str) -> _Reading:
        """Every view of the message ranked; the one whose best candidate scores highest."""
        whole = self._terms(text)
        parts = sentences(text)
        whole_mass = self._known_mass(whole)

        def discount(view: Query) -> float:
            kept = self._known_mass(view) / whole_mass if whole_mass else 1.0
            return 1.0 - 0.5 * max(0.0, 1.0 - kept)

        per_sentence = [self._terms(part) for part in parts] if len(parts) > 1 else [whole]
        # (name, view, the sentence it belongs to, discount)
        views: list[tuple[str, Query, Query, float]] = [("whole message", whole, whole, 1.0)]
        focus = self._focus(parts)
        if focus is not None:
            views.append(("the question, with its context", focus, focus, 1.0))
        for number, (part, sentence) in enumerate(zip(parts, per_sentence, strict=True), start=1):
            if sentence is not whole:
                views.append((f"sentence {number}", sentence, sentence, discount(sentence)))
            views.extend(
                (f"clause “{clause}”", query, sentence, discount(query))
                for clause, query in ((c, self._terms(c)) for c in clauses(part))
            )
        asking = {i for i, part in enumerate(parts) if part.rstrip().endswith("?")} or set(range(len(parts)))
        asks = {id(per_sentence[i]) for i in asking} | {id(whole)} | ({id(focus)} if focus else set())
        best = _Reading(whole, [], whole, whole, "whole message")
        for name, view, sentence, factor in views:
            ranked = self._rank(view, factor)
            if ranked and (not best.ranked or ranked[0].score > best.ranked[0].score):
                best = _Reading(whole, ranked, view, sentence, name, id(sentence) in asks)
        return best

    def _focus(self, parts: list[str]) -> Query | None:
        """The message's question with its context: 'Je suis X dans une banque. Combien… ?'

        The question sentences count in full, less their conditions ('si je suis retenu',
        'if selected'); the known words of the other sentences and of the conditions count a
        little (they may tell which entry); their unknown words do not count at all.
        """
        asking = [part for part in parts if part.rstrip().endswith("?")] or parts[-1:]
        context = [part for part in parts if part not in asking]
        main = []
        for part in asking:
            conditions = [m.group(0) for m in CONDITION.finditer(part)]
            context.extend(conditions)
            main.append(CONDITION.sub(" ", part))
        if not context:
            return None
        query = self._terms(" . ".join(main))
        terms, scale = Counter(query.terms), dict(query.scale)
        for term in self._terms(" . ".join(context)).terms:
            if term not in terms and not term.startswith((SMALLTALK, OUT_OF_SCOPE)):
                terms[term] += 1
                scale[term] = CONTEXT_FACTOR
        return Query(terms, query.unknown, query.folded, scale, query.surface)

    def _known_mass(self, query: Query) -> float:
        return sum(self._weight(t) for t in query.terms if not t.startswith((SMALLTALK, OUT_OF_SCOPE)))

    def _decide(self, ranked: list[Candidate]) -> MatchResult:
        t = self.thresholds
        best = ranked[0]
        if best.coverage < t.min_coverage * 0.75:
            return self._offer(
                ranked,
                f"coverage {best.coverage:.2f} < {t.min_coverage * 0.75:.2f}: "
                "too much of the question is not in the entry",
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
                "answer",
                ranked[:4],
                reason=(
                    f"score {best.score} ≥ {t.answer}, coverage {best.coverage:.2f} ≥ {t.min_coverage}, "
                    "no close rival in another topic"
                ),
            )
        top = [c for c in ranked[:3] if c.score >= t.suggest and c.score >= best.score - 10]
        if len(top) == 1 and best.coverage >= t.lone_coverage:
            return MatchResult(
                "answer",
                ranked[:4],
                reason=(
                    f"score {best.score} ≥ {t.suggest}, coverage {best.coverage:.2f} ≥ {t.lone_coverage} "
                    "and no other candidate within 10 points"
                ),
            )
        if top and best.score >= t.suggest:
            why = (
                f"{runner.entry.id} ({runner.score}) is within {t.margin} points, in another topic"
                if close_rival and runner
                else f"score {best.score} < {t.answer} or coverage {best.coverage:.2f} < {t.min_coverage}"
            )
            return MatchResult("suggest", top, reason=why + ": offered")
        return self._offer(ranked, f"score {best.score} < {t.suggest}")

    def _offer(self, ranked: list[Candidate], why: str) -> MatchResult:
        """Not clear enough to answer, but not out of scope: the nearest entries, as a choice."""
        offers = [c for c in ranked[:3] if c.score >= self.thresholds.offer]
        if offers:
            return MatchResult("suggest", offers, reason=why + ": offered")
        return MatchResult(
            "none", ranked[:3], reason=why + f"; nothing scores {self.thresholds.offer}: declined"
        )

    @contextmanager
    def _without(self, entry_id: str, number: int) -> Iterator[None]:
        """Take one phrasing out of the index for a while, as if staff had never written it."""
        terms = self._entry_terms[entry_id]
        kept = [t for n, (_, t) in enumerate(self._phrasing_terms[entry_id]) if n != number]
        self._entry_terms[entry_id] = set(self._fixed_terms[entry_id]).union(*kept)
        self._left_out = (entry_id, number)
        try:
            yield
        finally:
            self._entry_terms[entry_id] = terms
            self._left_out = None

    def leave_one_out(self, entry: Entry) -> list[tuple[str, MatchResult]]:
        """Each phrasing of `entry` asked with itself left out of the index: does it still lead home?

        The phrasing's words stay known to the matcher, so this flatters a little; it still
        tells which entries have too few ways of being asked.
        """
        results = []
        for index, (_, question) in enumerate(entry.all_questions()):
            with self._without(entry.id, index):
                results.append((question, self.match(question)))
        return results

    def explain(self, text: str) -> dict[str, Any]:
        """How a question is read and decided, for staff (`python -m knowledge ask --explain`)."""
        reading = self._read(text)
        result = self.match(text)
        view = reading.view
        return {
            "view": result.view,
            "terms": [
                {"term": term, "weight": round(self._weight(term) * view.factor(term), 2)}
                for term in view.terms
            ],
            "unknown": [
                {"word": word, "weight": round(self._unknown_weight(word), 2)} for word in view.unknown
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
            "reason": result.reason,
        }
