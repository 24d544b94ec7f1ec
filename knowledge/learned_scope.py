"""Questions staff marked out of scope with /apprendre, laid over the lexicon: the distinctive
words of each question the knowledge does not know become out-of-scope words, so a later
question using one of them is declined (knowledge/MATCHING.md, "Learned out-of-scope words").

The words are derived from the knowledge each time it is built (the questions are what the store
keeps): a word the knowledge comes to know (a new entry, an accepted phrasing) stops being
learned by itself. Conservative, so that it never vetoes an answerable question: only the
question's asked part (not the sentences around it, not its conditions), only words the reader
finds no term for (no entry's text, no synonym, no smalltalk, after folding and stemming), of at
least `MIN_LETTERS` letters, rarer than `Weights.declined_zipf`, and no typo of a known word.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz, process

from .matcher import Matcher
from .model import Knowledge
from .normalize import STOPWORDS, sentences
from .reading import Reader, question_and_context
from .render import as_written
from .wordfreqs import zipf

LEARNED_TOPIC = "learned"  # the out-of-scope topic of the words of questions naming none
MIN_LETTERS = 4


@dataclass(frozen=True)
class Declined:
    """A question staff marked out of scope, and what it teaches: `words` of `topic`."""

    text: str
    topic: str
    words: tuple[str, ...]


def _learnable(reader: Reader, word: str) -> bool:
    """A content word the knowledge does not know, in any form, nor as a typo of a known word."""
    weights = reader.weights
    if len(word) < MIN_LETTERS or not word.isalpha() or word in STOPWORDS:
        return False
    if zipf(word) >= weights.declined_zipf or reader.knows(word) or reader.knows(word + "s"):
        return False
    typo = process.extractOne(
        word, reader.typo_targets, scorer=fuzz.ratio, score_cutoff=weights.typo_cutoff(len(word))
    )
    return typo is None


def declined_words(reader: Reader, text: str) -> Declined:
    """What a question marked out of scope teaches, read by `reader` (the knowledge's, with the
    accepted phrasings): the topic it already names, else `LEARNED_TOPIC`, and its words."""
    asked = " . ".join(question_and_context(sentences(text))[0]) or text
    query = reader.read(asked)
    named = reader.read(text).out_of_scope()
    learned: list[str] = []
    for word in query.unknown:
        single = word[:-1] if word.endswith("s") and not word.endswith("ss") else word
        if single != word and _learnable(reader, single):
            learned.append(as_written(text, word).lower()[:-1])  # the singular reads the plural too
        elif _learnable(reader, word):
            learned.append(as_written(text, word).lower())
    return Declined(text, named or LEARNED_TOPIC, tuple(dict.fromkeys(learned)))


def with_declined(knowledge: Knowledge, declined: Sequence[Declined]) -> Knowledge:
    """`knowledge` whose lexicon has each question's words as out-of-scope words of its topic
    (exact forms and their plural, as the YAML's: no target for typo repair)."""
    added = [d for d in declined if d.words]
    if not added:
        return knowledge
    lexicon = knowledge.lexicon
    topics = dict(lexicon.out_of_scope)
    for d in added:
        topics[d.topic] = tuple(dict.fromkeys((*topics.get(d.topic, ()), *d.words)))
    return replace(knowledge, lexicon=replace(lexicon, out_of_scope=topics))


def learn_declined(knowledge: Knowledge, texts: Iterable[str]) -> tuple[Knowledge, tuple[Declined, ...]]:
    """The knowledge (with its accepted phrasings) with the out-of-scope questions `texts` laid
    over its lexicon, and what each of them taught."""
    texts = tuple(texts)
    if not texts:
        return knowledge, ()
    reader = Matcher.of(knowledge).index.reader
    declined = tuple(declined_words(reader, t) for t in texts)
    return with_declined(knowledge, declined), declined


def words_of(declined: Iterable[Declined]) -> dict[str, list[str]]:
    """topic -> the words the questions taught it, each once, in their order."""
    topics: dict[str, list[str]] = {}
    for d in declined:
        kept = topics.setdefault(d.topic, [])
        kept += [w for w in d.words if w not in kept]
    return {topic: kept for topic, kept in topics.items() if kept}
