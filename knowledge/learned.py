"""Phrasings learned from real questions, laid over the YAML: the knowledge with them added, and
the conflicts they would bring (a learned phrasing the matcher sends to another entry).

The knowledge stays immutable: `with_phrasings` builds a new Knowledge, so its matcher is
built afresh (Matcher.of caches per knowledge object). Each entry names its learned phrasings
(`Entry.learned`): the index reads them as questions and learns them after the YAML's texts,
so that a phrasing teaches its entry new words without changing how any other entry scores
(knowledge/MATCHING.md, "Learned phrasings").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from .matcher import AnswerKind, Matcher
from .model import LANGS, Knowledge
from .normalize import words
from .said import say
from .weights import WEIGHTS


@dataclass(frozen=True)
class Phrasing:
    """A question staff accepted as one more way of asking `entry`."""

    entry: str
    lang: str
    text: str


def with_phrasings(knowledge: Knowledge, phrasings: Iterable[Phrasing]) -> Knowledge:
    """`knowledge` with each phrasing added to its entry (phrasings of a gone entry are left out)."""
    extra: dict[str, dict[str, list[str]]] = {}
    for p in phrasings:
        lang = p.lang if p.lang in LANGS else "fr"
        known = {" ".join(words(q)) for q in (extra.get(p.entry, {}).get(lang, []))}
        if " ".join(words(p.text)) not in known:
            extra.setdefault(p.entry, {}).setdefault(lang, []).append(p.text)
    if not extra:
        return knowledge
    entries = tuple(
        replace(
            e,
            questions={
                lang: e.questions.get(lang, ()) + tuple(extra[e.id].get(lang, ()))
                for lang in dict.fromkeys((*e.questions, *extra[e.id]))
            },
            learned=e.learned.union(*extra[e.id].values()),
        )
        if e.id in extra
        else e
        for e in knowledge.entries
    )
    return replace(knowledge, entries=entries)


def conflicts(
    knowledge: Knowledge, phrasings: Sequence[Phrasing], learned: Knowledge | None = None, lang: str = "fr"
) -> list[str]:
    """The `phrasings` that would not lead to their own entry once added to `knowledge`, one line
    each in `lang`: an entry gone, a phrasing already another entry's, or the matcher going
    elsewhere. `learned`: the knowledge with them (and maybe others) added, when already built."""
    problems = []
    learned = learned or with_phrasings(knowledge, phrasings)
    owners: dict[str, set[str]] = {}
    for e in learned.entries:
        for _, q in e.all_questions():
            owners.setdefault(" ".join(words(q)), set()).add(e.id)
    # on the phrasing's own words, its context counting in full: a phrasing staff accept is
    # answered with its entry (Weights.echo), the check is whether its words lead there
    matcher = Matcher.of(learned, weights=replace(WEIGHTS, learned_context=1.0))
    for p in phrasings:
        if knowledge.entry(p.entry) is None:
            problems.append(say("learned_gone", text=p.text, entry=p.entry).text(lang))
            continue
        others = sorted(owners.get(" ".join(words(p.text)), set()) - {p.entry})
        if others:
            problems.append(say("learned_taken", text=p.text, other=others[0], entry=p.entry).text(lang))
            continue
        result = matcher.match(p.text)
        best = max(result.candidates, key=lambda c: c.score, default=None)
        if result.kind not in (AnswerKind.ANSWER, AnswerKind.SUGGEST) or best is None:
            problems.append(say("learned_astray", text=p.text, entry=p.entry, got=say("nothing")).text(lang))
        elif best.entry.id != p.entry:
            got = say("entry_score", entry=best.entry.id, score=best.score)
            problems.append(say("learned_astray", text=p.text, entry=p.entry, got=got).text(lang))
    return problems
