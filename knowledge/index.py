"""The index of the knowledge: each entry's terms, posting lists, and what each term weighs.

Built once per knowledge (`Matcher.of`), by learning every phrasing, keyword and answer with the
Reader; questions are then read and scored against it (knowledge/scoring.py). Nothing here
reads a question.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from .model import Knowledge
from .normalize import sentences, words
from .reading import Reader, question_and_context
from .terms import Term, TermKind
from .weights import WEIGHTS, Weights
from .wordfreqs import zipf

_PLACEHOLDER = re.compile(r"\{[^}]*\}")
_PLACEHOLDER_EVENT = re.compile(r"\{[a-z_]+:([a-z0-9-]+)\}")


def _asked(text: str) -> str:
    """What a message asks: its question sentences (or its last), less their conditions."""
    return " . ".join(question_and_context(sentences(text))[0])


class Index:
    """Per entry, the terms of its phrasings, keywords, events and answer; per term, the entries
    and phrasings that hold it, its IDF and its weight."""

    def __init__(self, knowledge: Knowledge, weights: Weights = WEIGHTS) -> None:
        self.knowledge = knowledge
        self.weights = weights
        self.reader = Reader(knowledge, weights)
        self.entries = {entry.id: entry for entry in knowledge.entries}
        self.entry_terms: dict[str, set[Term]] = {}  # phrasings, keywords and events of the entry
        self.fixed_terms: dict[str, frozenset[Term]] = {}  # keywords and events, never left out
        self.answer_terms: dict[str, set[Term]] = {}  # in the answer only
        self.phrasings: dict[str, list[tuple[str, frozenset[Term]]]] = {}  # (folded text, terms)
        self.learned: dict[str, frozenset[int]] = {}  # numbers of the phrasings staff accepted
        self.taught: dict[str, frozenset[Term]] = {}  # terms held through learned phrasings only
        self.hinted: dict[str, frozenset[Term]] = {}  # of those, the ones of their context only
        self._learn_entries()
        self.reader.learned()
        self.idf = self._compute_idf()
        self.max_idf = max(self.idf.values(), default=1.0)
        self._weights: dict[Term, float] = {}
        self.holders: dict[Term, set[str]] = {}  # term -> ids of the entries that hold it
        for entry_id in self.entries:
            for term in self.entry_terms[entry_id] | self.answer_terms[entry_id]:
                self.holders.setdefault(term, set()).add(entry_id)
        self.phrasing_mass = {
            entry_id: [sum(self.weight(t) * self.share(entry_id, t) for t in terms) for _, terms in phrasings]
            for entry_id, phrasings in self.phrasings.items()
        }
        self.postings: dict[Term, list[tuple[str, int]]] = {}  # term -> (entry id, phrasing number)
        for entry_id, phrasings in self.phrasings.items():
            for number, (_, terms) in enumerate(phrasings):
                for term in terms:
                    self.postings.setdefault(term, []).append((entry_id, number))
        self.phrasing_texts = {
            entry_id: [folded for folded, _ in phrasings] for entry_id, phrasings in self.phrasings.items()
        }
        self.left_out: tuple[str, int] | None = None  # a phrasing out of the index (`without`)

    def _learn_entries(self) -> None:
        """The YAML's texts first (phrasings and keywords, then answers), the learned phrasings
        last: they add to the vocabulary but change nothing the YAML's texts made."""
        learn = self.reader.learn
        for entry in self.knowledge.entries:
            questions = [q for _, q in entry.all_questions()]
            learned = frozenset(n for n, q in enumerate(questions) if q in entry.learned)
            self.learned[entry.id] = learned
            self.phrasings[entry.id] = [
                (" ".join(words(q)), frozenset() if n in learned else frozenset(learn(q).terms))
                for n, q in enumerate(questions)
            ]
            keyword_terms: set[Term] = set()
            for keyword in entry.keywords:
                keyword_terms |= set(learn(keyword).terms)
            events = {
                Term(TermKind.EVENT, event_id) for event_id in _PLACEHOLDER_EVENT.findall(entry.answer.fr)
            }
            self.fixed_terms[entry.id] = frozenset(keyword_terms | events)
        for entry in self.knowledge.entries:
            answer_terms: set[Term] = set()
            for lang in ("fr", "en"):
                answer_terms |= set(learn(_PLACEHOLDER.sub(" ", entry.answer.get(lang))).terms)
            self.answer_terms[entry.id] = answer_terms
        self.reader.learned()  # a learned phrasing's typos are repaired, as a question's
        for entry in self.knowledge.entries:
            phrasings = self.phrasings[entry.id]
            authored = set(self.fixed_terms[entry.id]).union(*(t for _, t in phrasings))
            asked: set[Term] = set()
            for n in sorted(self.learned[entry.id]):
                text = entry.all_questions()[n][1]
                phrasings[n] = (phrasings[n][0], frozenset(learn(text, taught=True).terms))
                asked |= set(learn(_asked(text), taught=True).terms)
            self.entry_terms[entry.id] = authored.union(*(t for _, t in phrasings))
            self.taught[entry.id] = frozenset(self.entry_terms[entry.id] - authored)
            self.hinted[entry.id] = self.taught[entry.id] - asked
            self.answer_terms[entry.id] -= self.entry_terms[entry.id]

    def _compute_idf(self) -> dict[Term, float]:
        """Over the YAML's texts only: learned phrasings leave the weights as they were."""
        df: Counter[Term] = Counter()
        for entry_id, terms in self.entry_terms.items():
            df.update(terms - self.taught[entry_id])
        n = max(len(self.entry_terms), 1)
        return {term: math.log(1 + n / count) for term, count in df.items()}

    def weight(self, term: Term) -> float:
        """Rare in the knowledge and rare in the language weighs most; concepts are curated."""
        cached = self._weights.get(term)
        if cached is None:
            cached = self._weights[term] = self._compute_weight(term)
        return cached

    def _compute_weight(self, term: Term) -> float:
        w = self.weights
        if term.kind is TermKind.OUT_OF_SCOPE:
            return w.out_of_scope * self.max_idf
        if term in self.reader.taught:
            return self.unknown_weight_of(self.reader.commonness.get(term, 0.0))
        idf = self.idf.get(term, w.unseen * self.max_idf)
        if term.kind is TermKind.CONCEPT and term.name in self.knowledge.lexicon.question_words:
            return idf * w.question_word
        if term.kind in (TermKind.CONCEPT, TermKind.SMALLTALK):
            return idf
        rarity = (w.common_top - self.reader.commonness.get(term, 0.0)) / w.common_span
        return idf * min(1.0, max(w.common_floor, rarity))

    def share(self, entry_id: str, term: Term) -> float:
        """The share of a term's weight an entry's phrasings hold it with: Weights.learned_context
        for a term only the context of its learned phrasings has ('je suis boulanger. Quel est
        le salaire ?'), else all of it."""
        return self.weights.learned_context if term in self.hinted[entry_id] else 1.0

    def unknown_weight(self, word: str) -> float:
        """A word the knowledge never uses: everyday words weigh little, rare ones a lot."""
        return self.unknown_weight_of(zipf(word))

    def unknown_weight_of(self, commonness: float) -> float:
        """What a word the YAML never uses weighs, by its Zipf frequency; a word only learned
        phrasings use weighs as much (learning leaves the other entries' scores as they were)."""
        w = self.weights
        rarity = (w.unknown_top - commonness) / w.unknown_span
        return self.max_idf * min(1.0, max(w.unknown_floor, rarity))

    def known_mass(self, terms: Iterable[Term]) -> float:
        """The weight of the topical terms the YAML may hold (not smalltalk, not out of scope)."""
        skipped = (TermKind.SMALLTALK, TermKind.OUT_OF_SCOPE)
        taught = self.reader.taught  # known to learned phrasings only: unknown words to the YAML
        return sum(self.weight(t) for t in terms if t.kind not in skipped and t not in taught)

    @contextmanager
    def without(self, entry_id: str, number: int) -> Iterator[None]:
        """Take one phrasing out of the index for a while, as if staff had never written it."""
        terms = self.entry_terms[entry_id]
        kept = [t for n, (_, t) in enumerate(self.phrasings[entry_id]) if n != number]
        self.entry_terms[entry_id] = set(self.fixed_terms[entry_id]).union(*kept)
        self.left_out = (entry_id, number)
        try:
            yield
        finally:
            self.entry_terms[entry_id] = terms
            self.left_out = None
