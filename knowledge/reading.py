"""How a text is read as terms (knowledge/terms.py): lexicon concepts and phrases, word stems,
typos, numbers, days, negations.

The knowledge's own texts are *learned* (their words make the vocabulary the index is built
on); a question is *read* against that vocabulary, with its typos repaired, its negations and
the calendar events its dates name.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from datetime import timedelta

from rapidfuzz import fuzz, process

from .dates import MONTHS, dates_in
from .model import Knowledge
from .normalize import STOPWORDS, stems, words
from .terms import Query, Term, TermKind
from .weights import WEIGHTS, Weights
from .wordfreqs import zipf

# A condition inside a question ('si ma candidature est retenue', 'if I get in'): context.
CONDITION = re.compile(
    r"\b(?:si|s['’]ils?|if|once|une fois que|au cas où|dans le cas où|en cas de)\b"
    r"[^,;?!.]*",
    re.IGNORECASE,
)


def question_and_context(parts: list[str]) -> tuple[list[str], list[str]]:
    """A message's question sentences (or its last) less their conditions, and its context: the
    other sentences and the conditions ('Je suis X. Si je suis retenu, combien… ?')."""
    asking = [part for part in parts if part.rstrip().endswith("?")] or parts[-1:]
    context = [part for part in parts if part not in asking]
    context.extend(m.group(0) for part in asking for m in CONDITION.finditer(part))
    return [CONDITION.sub(" ", part) for part in asking], context


NUMBER = "#n"  # the key of any number in phrases: a lexicon phrase 'depuis N ans' reads 'depuis 8 ans'
_NUMBER_WORDS = frozenset(
    """un une deux trois quatre cinq six sept huit neuf dix onze douze treize
quatorze quinze seize vingt trente dizaine quinzaine vingtaine one two three four five six seven eight
nine ten eleven twelve thirteen fourteen fifteen twenty thirty""".split()
)


def is_number(token: str) -> bool:
    """A count written in figures or words: '8', 'huit', 'ten' (not a year like '2023')."""
    return (token.isdigit() and len(token) <= 2) or token in _NUMBER_WORDS


_DAY = re.compile(r"\d{1,2}(?:er|st|nd|rd|th)?")


def day_positions(tokens: list[str]) -> set[int]:
    """Positions of day numbers written with a month: 'le 10 mai', 'April 30th', '30th of April'."""

    def month(j: int) -> bool:
        return 0 <= j < len(tokens) and tokens[j] in MONTHS

    return {
        i
        for i, token in enumerate(tokens)
        if _DAY.fullmatch(token)
        and (month(i + 1) or month(i - 1) or (month(i + 2) and tokens[i + 1] == "of"))
    }


_NEGATORS = frozenset("pas not never jamais sans without no".split())
_NE_CLOSERS = frozenset("pas plus jamais rien aucun aucune guere point".split())
# The profiles a negation denies ('je ne sais pas coder'): their weight is Weights.negated.
NEGATABLE = frozenset(Term(TermKind.CONCEPT, name) for name in ("developer", "data", "designer", "legal"))


def negated_positions(tokens: list[str], span: int = WEIGHTS.negated_span) -> set[int]:
    """Positions of the words a negation covers: 'ne … pas X', 'pas X', 'not X', 'don't X'.

    'ne … que' is a restriction ('vous ne prenez que des devs'), not a negation. A negation
    covers the `span` words after it, up to a contrast ('mais', 'but').
    """
    denied: set[int] = set()
    opened: int | None = None
    for i, token in enumerate(tokens):
        if token in ("ne", "n"):
            opened = i
            continue
        if opened is not None and token == "que":
            opened = None
            continue
        closes = opened is not None and token in _NE_CLOSERS
        negates = token in _NEGATORS or (token == "t" and i > 0 and tokens[i - 1] in _AUXILIARIES)
        if closes or negates:
            start = opened + 1 if closes and opened is not None else i + 1
            end = i + 1 + span
            stop = next((j for j in range(i + 1, end) if j < len(tokens) and tokens[j] in _CONTRASTS), end)
            denied.update(range(start, stop))
            opened = None
    return denied


_CONTRASTS = frozenset("mais but plutot rather juste just seulement only".split())
_AUXILIARIES = frozenset(
    "don doesn didn can isn aren wasn weren won wouldn couldn shouldn haven hasn ain".split()
)


def phrase_key(word: str) -> str:
    """A word's matching key in phrases: its English stem of its French stem (plural-proof)."""
    fr_stem, _ = stems(word)
    return stems(fr_stem)[1]


class Reader:
    """The lexicon and the vocabulary of the knowledge's texts: `learn` a text of the knowledge
    (indexing), then `read` a question."""

    def __init__(self, knowledge: Knowledge, weights: Weights = WEIGHTS) -> None:
        self.knowledge = knowledge
        self.weights = weights
        self._words: dict[str, Term] = {}  # surface word of the lexicon -> its term
        self._stems: dict[str, Term] = {}  # stem of a concept's member -> the concept
        self._stem_forms: dict[str, list[int]] = {}  # stem -> lengths of the members behind it
        self._phrases: dict[tuple[str, ...], Term] = {}  # multi-word phrase (word keys) -> term
        self.commonness: dict[Term, float] = {}  # word term -> Zipf frequency of its commonest form
        self._vocab: dict[str, Term] = {}  # stem -> word term, from the knowledge's texts
        self._surface: set[str] = set()  # every known surface word, for typo repair
        self.typo_targets: list[str] = []  # the known words a typo is repaired to
        self.taught: set[Term] = set()  # word terms only learned phrasings use (knowledge/learned.py)
        self._build_lexicon()

    def learned(self) -> None:
        """The knowledge's texts are all learned: typos are repaired against their words from now."""
        self.typo_targets = sorted(self._surface)

    def _build_lexicon(self) -> None:
        lexicon = self.knowledge.lexicon
        for kind, groups in (
            (TermKind.CONCEPT, lexicon.synonyms),
            (TermKind.OUT_OF_SCOPE, lexicon.out_of_scope),
            (TermKind.SMALLTALK, lexicon.smalltalk),
        ):
            for name, members in groups.items():
                term = Term(kind, name)
                for member in (name, *members) if kind is TermKind.CONCEPT else members:
                    tokens = tuple(words(member))
                    if len(tokens) > 1:
                        self._phrases.setdefault(
                            tuple(NUMBER if t == "n" else phrase_key(t) for t in tokens), term
                        )
                    elif tokens:
                        word = tokens[0]
                        self._words.setdefault(word, term)
                        if kind is not TermKind.CONCEPT:  # exact forms only: 'national' is not 'nationalité'
                            self._words.setdefault(word + "s", term)
                            continue
                        for stem in stems(word):
                            if self._stems.setdefault(stem, term) == term:
                                self._stem_forms.setdefault(stem, []).append(len(word))
                    self._surface.update(t for t in tokens if t not in STOPWORDS)

    def _find(self, word: str) -> Term | None:
        """The term of a word: the lexicon's, by the word or its stem, or the vocabulary's."""
        if word in self._words:
            return self._words[word]
        fr_stem, en_stem = stems(word)
        stretch = self.weights.stem_stretch
        for stem in (fr_stem, en_stem):
            if stem in self._stems and min(abs(len(word) - n) for n in self._stem_forms[stem]) <= stretch:
                return self._stems[stem]
        for stem in (fr_stem, en_stem):
            if stem in self._vocab:
                return self._vocab[stem]
        return None

    def _find_or_learn(self, word: str, taught: bool = False) -> Term:
        """The term of a word of the knowledge's texts; a new word joins the vocabulary. A word
        only a learned phrasing uses (`taught`) is no target for typo repair."""
        found = self._find(word)
        if found is not None:
            return found
        fr_stem, en_stem = stems(word)
        term = Term(TermKind.WORD, fr_stem)
        self._vocab.setdefault(fr_stem, term)
        self._vocab.setdefault(en_stem, term)
        if taught:
            self.taught.add(term)
        else:
            self._surface.add(word)
        self.commonness[term] = max(self.commonness.get(term, 0.0), zipf(word))
        return term

    def _in_lexicon(self, word: str) -> bool:
        return word in self._words or any(stem in self._stems for stem in stems(word))

    def knows(self, word: str) -> bool:
        """A stopword, a lexicon word or a word of the knowledge's texts (any form of it)."""
        if word in STOPWORDS or word in self._words:
            return True
        return any(stem in self._stems or stem in self._vocab for stem in stems(word))

    def _repair(self, word: str) -> str | None:
        """A typo's nearest known word, when it is close enough to trust."""
        weights = self.weights
        if (
            len(word) < weights.typo_min_length
            or word.isdigit()
            or not self.typo_targets
            or zipf(word) >= weights.real_word_zipf
        ):
            return None  # too short to repair safely, or a real word used on purpose
        cutoff = weights.typo_cutoff(len(word))
        found = process.extractOne(word, self.typo_targets, scorer=fuzz.ratio, score_cutoff=cutoff)
        return found[0] if found else None

    def learn(self, text: str, taught: bool = False) -> Query:
        """The terms of a text of the knowledge (a phrasing, a keyword, an answer), as the index
        holds them; its words join the vocabulary. `taught`: a phrasing learned from a real
        question, learned after the YAML's texts."""
        if not taught:
            return self._scan(words(text), self._find_or_learn, denied=set())
        return self._scan(self._repaired(text), lambda word: self._find_or_learn(word, True), denied=set())

    def _repaired(self, text: str) -> list[str]:
        """The words of a text, each typo replaced by its nearest known word."""
        return [self._repair(t) or t if not self.knows(t) else t for t in words(text)]

    def read(self, text: str) -> Query:
        """The terms of a question: typos repaired first, so that 'fin des inscritpions' still
        reads as a phrase; negated profiles weigh less; a day names the calendar's events."""
        tokens = self._repaired(text)
        query = self._scan(tokens, self._find, negated_positions(tokens, self.weights.negated_span))
        for event_id in self._events_on(text):
            query.terms[Term(TermKind.EVENT, event_id)] += 1
        return query

    def _scan(self, tokens: list[str], find: Callable[[str], Term | None], denied: set[int]) -> Query:
        """Phrases first (the longest), then word by word; words at `denied` positions are negated."""
        dated = day_positions(tokens)  # '10' in 'le 10 mai' is a day, read as a calendar event
        negated: set[Term] = set()
        affirmed: set[Term] = set()
        terms: Counter[Term] = Counter()
        unknown: list[str] = []
        surface: dict[Term, str] = {}
        keys = [phrase_key(t) for t in tokens]
        counted = [NUMBER if is_number(t) else key for t, key in zip(tokens, keys, strict=True)]
        i = 0
        while i < len(tokens):
            for size in (4, 3, 2):
                phrase = tuple(keys[i : i + size])
                if phrase not in self._phrases:
                    phrase = tuple(counted[i : i + size])
                if len(phrase) == size and phrase in self._phrases:
                    term = self._phrases[phrase]
                    terms[term] += 1
                    (negated if i in denied else affirmed).add(term)
                    if term.kind is TermKind.OUT_OF_SCOPE:
                        surface.setdefault(term, " ".join(tokens[i : i + size]))
                    i += size
                    break
            else:
                word = tokens[i]
                i += 1
                if i - 1 in dated:
                    continue
                if not self._in_lexicon(word) and (
                    word in STOPWORDS or zipf(word) >= self.weights.common_zipf
                ):
                    continue
                found = find(word)
                if found is None:
                    if not word.isdigit():
                        unknown.append(word)
                    continue
                term = found
                if term.kind is TermKind.SMALLTALK or word not in STOPWORDS:
                    terms[term] += 1
                    (negated if i - 1 in denied else affirmed).add(term)
                    if term.kind is TermKind.OUT_OF_SCOPE:
                        surface.setdefault(term, word)
        scale = {t: self.weights.negated for t in negated - affirmed if t in NEGATABLE}
        return Query(terms, unknown, " ".join(tokens), scale=scale, surface=surface)

    def _events_on(self, text: str) -> list[str]:
        """Calendar events taking place on a day written in the text."""
        events = self.knowledge.events
        if not events:
            return []
        found = []
        for day in dates_in(text, events[0].start.year):
            for event in events:
                last = (event.due - timedelta(microseconds=1)).date()
                if event.start.date() <= day <= last and event.id not in found:
                    found.append(event.id)
        return found
