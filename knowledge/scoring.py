"""A question's terms against the index: each entry that shares a term gets a 0-100 score.

score = 100 × discount × (coverage × Weights.coverage + precision × Weights.precision
                          + spelling × Weights.spelling + density × Weights.density)
        (+ Weights.action_bonus when the question asks to act and the entry acts)

knowledge/MATCHING.md says what each part means.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .index import Index
from .model import ACTION_CONCEPTS, Entry
from .terms import Query, Term, TermKind


@dataclass(frozen=True)
class Candidate:
    entry: Entry
    score: float
    coverage: float
    phrasing: str = ""  # the entry's phrasing sharing the most weight with the question
    echoes: bool = False  # the question is (nearly) a phrasing staff accepted for the entry


def _shared(index: Index, query: Query) -> dict[str, dict[int, float]]:
    """Per entry, per phrasing: the weight of the query's terms the phrasing holds."""
    hits: dict[str, dict[int, float]] = {}
    for term in query.terms:
        weight = index.weight(term) * query.factor(term)
        for entry_id, number in index.postings.get(term, ()):
            if (entry_id, number) != index.left_out:
                per_entry = hits.setdefault(entry_id, {})
                per_entry[number] = per_entry.get(number, 0.0) + weight * index.share(entry_id, term)
    return hits


def _score_entry(
    index: Index, entry: Entry, query: Query, total: float, discount: float, shared: dict[int, float]
) -> Candidate:
    w = index.weights
    own = index.entry_terms[entry.id]
    in_answer = index.answer_terms[entry.id]
    weight = index.weight
    factor = query.factor
    covered = sum(
        factor(t)
        * weight(t)
        * (index.share(entry.id, t) if t in own else w.in_answer if t in in_answer else 0.0)
        for t in query.terms
    )
    coverage = covered / total if total else 0.0
    phrasings, masses = index.phrasings[entry.id], index.phrasing_mass[entry.id]
    left_out = index.left_out is not None and index.left_out[0] == entry.id
    asked = len(phrasings) - left_out
    precision = max((weight / masses[n] for n, weight in shared.items() if masses[n]), default=0.0)
    density = sum(shared.values()) / total / max(asked, 1) if total else 0.0
    closest = phrasings[max(shared, key=lambda n: (shared[n], -n))][0] if shared else ""
    texts = texts_all = index.phrasing_texts[entry.id]
    if index.left_out is not None and left_out:
        texts = texts[: index.left_out[1]] + texts[index.left_out[1] + 1 :]
    found = process.extractOne(query.folded, texts, scorer=fuzz.ratio)
    spelling = found[1] / 100 if found else 0.0
    score = (
        100
        * discount
        * (w.coverage * coverage + w.precision * precision + w.spelling * spelling + w.density * density)
    )
    if entry.action and Term(TermKind.CONCEPT, ACTION_CONCEPTS[entry.action]) in query.terms:
        score += w.action_bonus  # "inscris-moi", "remind me": a request to act, not a question
    learned = (texts_all[n] for n in index.learned[entry.id] if (entry.id, n) != index.left_out)
    echoes = any(fuzz.ratio(query.folded, text) >= w.echo for text in learned)
    return Candidate(entry, round(score, 1), round(coverage, 3), closest, echoes)


def rank(index: Index, query: Query, discount: float = 1.0) -> list[Candidate]:
    """Score the entries that share at least one term with the query, best first; an entry
    the question is (nearly) a learned phrasing of comes first.

    `discount` (≤ 1) lowers every score of a part of a message (knowledge/views.py).
    """
    topical = [t for t in query.terms if t.topical]
    if not topical:
        return []
    unknown_mass = sum(index.unknown_weight(word) for word in query.unknown)
    total = sum(index.weight(t) * query.factor(t) for t in topical) + unknown_mass
    ids = set().union(*(index.holders.get(t, ()) for t in topical))
    shared = _shared(index, query)
    ranked = [_score_entry(index, index.entries[i], query, total, discount, shared.get(i, {})) for i in ids]
    ranked.sort(key=lambda c: (not c.echoes, -c.score, c.entry.id))  # staff's answer to this question
    return ranked
