"""Grouping near-duplicate questions, so staff see which answers are missing most."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from .normalize import STOPWORDS, words

SIMILAR = 85.0


@dataclass
class Group:
    """Questions that say the same thing; `text` is the commonest wording."""

    text: str
    count: int = 0
    variants: list[str] = field(default_factory=list)


def group_questions(texts: list[str], threshold: float = SIMILAR) -> list[Group]:
    """Most frequent groups first; two questions group when their content words are close."""
    by_form: Counter[str] = Counter()
    original: dict[str, str] = {}
    for text in texts:
        tokens = words(text)
        form = " ".join(t for t in tokens if t not in STOPWORDS) or " ".join(tokens) or text.strip().lower()
        by_form[form] += 1
        original.setdefault(form, text.strip())
    groups: list[tuple[str, Group]] = []
    for form, count in by_form.most_common():
        home = next((group for key, group in groups if fuzz.WRatio(form, key) >= threshold), None)
        if home is None:
            home = Group(original[form])
            groups.append((form, home))
        home.count += count
        home.variants.append(original[form])
    return sorted((group for _, group in groups), key=lambda g: (-g.count, g.text))
