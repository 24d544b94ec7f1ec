"""Terms, the units of matching, and a text read as terms (a `Query`).

A term is a word stem of the knowledge's texts, or a name the lexicon or the calendar gives:
a synonym concept (written ``@pay`` in explanations), an out-of-scope topic (``!telework``), a
smalltalk intent (``~greeting``) or a calendar event named by a day (``=interviews``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple


class TermKind(StrEnum):
    WORD = "word"  # a word stem of the knowledge's phrasings, keywords or answers
    CONCEPT = "concept"  # a synonym group of lexicon.yaml: every member word reads as it
    OUT_OF_SCOPE = "out_of_scope"  # a topic the call does not cover (lexicon.yaml out_of_scope)
    SMALLTALK = "smalltalk"  # a greeting, thanks... (lexicon.yaml smalltalk)
    EVENT = "event"  # a calendar event, named by a date in the question ('le 24 mars')


# How `python -m knowledge ask --explain` writes each kind of term.
NOTATION = {
    TermKind.WORD: "",
    TermKind.CONCEPT: "@",
    TermKind.OUT_OF_SCOPE: "!",
    TermKind.SMALLTALK: "~",
    TermKind.EVENT: "=",
}


class Term(NamedTuple):
    """One unit of evidence: its kind and its name (a stem, a concept, a topic, an event id)."""

    kind: TermKind
    name: str

    def __str__(self) -> str:
        return NOTATION[self.kind] + self.name

    @property
    def topical(self) -> bool:
        """Says something about the question's topic (smalltalk does not)."""
        return self.kind is not TermKind.SMALLTALK


@dataclass
class Query:
    """A text read as terms, with the words the knowledge does not have."""

    terms: Counter[Term]
    unknown: list[str]
    folded: str = ""
    scale: dict[Term, float] = field(default_factory=dict)  # term -> factor (< 1 for context terms)
    surface: dict[Term, str] = field(default_factory=dict)  # out-of-scope term -> the words read

    def factor(self, term: Term) -> float:
        return self.scale.get(term, 1.0)

    def first(self, kind: TermKind) -> Term | None:
        """The first term of this kind in the text, if any."""
        return next((t for t in self.terms if t.kind is kind), None)

    def out_of_scope(self) -> str | None:
        """The first out-of-scope topic the text names."""
        term = self.first(TermKind.OUT_OF_SCOPE)
        return term.name if term else None
