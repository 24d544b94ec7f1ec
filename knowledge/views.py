"""A message read in several views (whole, question with its context, sentences, clauses);
the view whose best entry scores highest is the one decided on."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .index import Index
from .normalize import clauses, sentences
from .reading import question_and_context
from .reason_texts import WHOLE_MESSAGE, reason
from .said import Said
from .scoring import Candidate, rank
from .terms import Query, TermKind


@dataclass
class BestView:
    """The view of a message that ranked best, and its ranking."""

    whole: Query
    ranked: list[Candidate]
    view: Query
    sentence: Query
    name: Said  # which part of the message, in words when shown
    asks: bool = True  # the view is the message's question, not a statement around it


def best_view(index: Index, text: str) -> BestView:
    """Every view of the message ranked; the one whose best candidate scores highest.

    A part is discounted by the share of the message's known vocabulary it leaves out
    (Weights.part_discount), so 'je suis juriste, puis-je candidater ?' is not read as
    'puis-je candidater ?'.
    """
    read = index.reader.read
    whole = read(text)
    parts = sentences(text)
    whole_mass = index.known_mass(whole.terms)

    def discount(view: Query) -> float:
        kept = index.known_mass(view.terms) / whole_mass if whole_mass else 1.0
        return 1.0 - index.weights.part_discount * max(0.0, 1.0 - kept)

    per_sentence = [read(part) for part in parts] if len(parts) > 1 else [whole]
    # (name, view, the sentence it belongs to, discount)
    views: list[tuple[Said, Query, Query, float]] = [(WHOLE_MESSAGE, whole, whole, 1.0)]
    focus = _focus(index, parts)
    if focus is not None:
        views.append((reason("view_focus"), focus, focus, 1.0))
    for number, (part, sentence) in enumerate(zip(parts, per_sentence, strict=True), start=1):
        if sentence is not whole:
            views.append((reason("view_sentence", n=number), sentence, sentence, discount(sentence)))
        views.extend(
            (reason("view_clause", clause=clause), query, sentence, discount(query))
            for clause, query in ((c, read(c)) for c in clauses(part))
        )
    asking = {i for i, part in enumerate(parts) if part.rstrip().endswith("?")} or set(range(len(parts)))
    asks = {id(per_sentence[i]) for i in asking} | {id(whole)} | ({id(focus)} if focus else set())
    best = BestView(whole, [], whole, whole, WHOLE_MESSAGE)
    for name, view, sentence, factor in views:
        ranked = rank(index, view, factor)
        top = (ranked[0].echoes, ranked[0].score) if ranked else None  # a learned phrasing first
        if top and (not best.ranked or top > (best.ranked[0].echoes, best.ranked[0].score)):
            best = BestView(whole, ranked, view, sentence, name, id(sentence) in asks)
    return best


def _focus(index: Index, parts: list[str]) -> Query | None:
    """The message's question with its context: 'Je suis X dans une banque. Combien… ?'

    The question sentences count in full, less their conditions ('si je suis retenu',
    'if selected'); the known words of the other sentences and of the conditions count
    Weights.context (they may tell which entry); their unknown words do not count at all.
    """
    main, context = question_and_context(parts)
    if not context:
        return None
    query = index.reader.read(" . ".join(main))
    terms, scale = Counter(query.terms), dict(query.scale)
    for term in index.reader.read(" . ".join(context)).terms:
        skipped = term.kind in (TermKind.SMALLTALK, TermKind.OUT_OF_SCOPE) or term in index.reader.taught
        if term not in terms and not skipped:
            terms[term] += 1
            scale[term] = index.weights.context
    return Query(terms, query.unknown, query.folded, scale, query.surface)
