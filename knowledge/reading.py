"""How a text is read as terms: lexicon concepts and phrases, word stems, typos, numbers,
days, negations.

A term is a synonym concept (``@pay``), an out-of-scope topic (``!telework``), a smalltalk
intent (``~greeting``), a calendar event named by a day (``=interviews``) or a word stem.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from rapidfuzz import fuzz, process

from .dates import MONTHS, dates_in
from .model import Knowledge
from .normalize import STOPWORDS, stems, words
from .wordfreqs import zipf

OUT_OF_SCOPE = "!"
SMALLTALK = "~"
CONCEPT = "@"
EVENT = "="  # a calendar event, named by a date in the question ('le 24 mars')
COMMON_ZIPF = 5.7  # words this common ('dans', 'avoir', 'gens') carry no topic
REAL_WORD_ZIPF = 3.0  # words this common are real words, not typos to repair
STEM_STRETCH = (
    3  # a word takes a concept by its stem only if about as long as a member: not 'placement' for 'places'
)
# A condition inside a question ('si ma candidature est retenue', 'if I get in'): context.
CONDITION = re.compile(
    r"\b(?:si|s['’]ils?|if|once|une fois que|au cas où|dans le cas où|en cas de)\b"
    r"[^,;?!.]*",
    re.IGNORECASE,
)


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
_NEGATED_SPAN = 3  # words after a negation that it covers: 'je ne suis pas (vraiment un développeur)'
NEGATED_FACTOR = 0.3  # 'je ne sais pas coder': the profile named is not the person's
NEGATABLE = frozenset({"@developer", "@data", "@designer", "@legal"})


def _negatable(term: str) -> bool:
    return term in NEGATABLE


def negated_positions(tokens: list[str]) -> set[int]:
    """Positions of the words a negation covers: 'ne … pas X', 'pas X', 'not X', 'don't X'.

    'ne … que' is a restriction ('vous ne prenez que des devs'), not a negation.
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
            end = i + 1 + _NEGATED_SPAN
            stop = next((j for j in range(i + 1, end) if j < len(tokens) and tokens[j] in _CONTRASTS), end)
            denied.update(range(start, stop))
            opened = None
    return denied


_CONTRASTS = frozenset("mais but plutot rather juste just seulement only".split())
_AUXILIARIES = frozenset(
    "don doesn didn can isn aren wasn weren won wouldn couldn shouldn haven hasn ain".split()
)


def out_of_scope(query: Query) -> str | None:
    """The first out-of-scope topic a query names, without its prefix."""
    return next((t[1:] for t in query.terms if t.startswith(OUT_OF_SCOPE)), None)


def phrase_key(word: str) -> str:
    """A word's matching key in phrases: its English stem of its French stem (plural-proof)."""
    fr_stem, _ = stems(word)
    return stems(fr_stem)[1]


@dataclass
class Query:
    """A text read as terms, with the words the knowledge does not have."""

    terms: Counter
    unknown: list[str]
    folded: str = ""
    scale: dict[str, float] = field(default_factory=dict)  # term -> factor (< 1 for context terms)
    surface: dict[str, str] = field(default_factory=dict)  # out-of-scope term -> the words read

    def factor(self, term: str) -> float:
        return self.scale.get(term, 1.0)


class Reader:
    """The lexicon and the vocabulary of the knowledge's texts; `terms(text)` reads a text."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        self._lex: dict[str, str] = {}  # surface word or stem -> concept term
        self._stem_forms: dict[str, list[int]] = {}  # '#stem' -> lengths of the members behind it
        self._phrases: dict[tuple[str, ...], str] = {}  # multi-word phrase (word keys) -> concept
        self.commonness: dict[str, float] = {}  # word term -> Zipf frequency of its commonest form
        self._vocab: dict[str, str] = {}  # stem -> word term, from phrasings
        self._surface: set[str] = set()  # every known surface word, for typo repair
        self._surface_list: list[str] = []
        self._build_lexicon()

    def learned(self) -> None:
        """The knowledge's texts are all read: typos are repaired against their words from now."""
        self._surface_list = sorted(self._surface)

    def _build_lexicon(self) -> None:
        lexicon = self.knowledge.lexicon
        for prefix, groups in (
            (CONCEPT, lexicon.synonyms),
            (OUT_OF_SCOPE, lexicon.out_of_scope),
            (SMALLTALK, lexicon.smalltalk),
        ):
            for name, members in groups.items():
                term = prefix + name
                for member in (name, *members) if prefix == CONCEPT else members:
                    tokens = tuple(words(member))
                    if len(tokens) > 1:
                        self._phrases.setdefault(
                            tuple(NUMBER if t == "n" else phrase_key(t) for t in tokens), term
                        )
                    elif tokens:
                        word = tokens[0]
                        self._lex.setdefault(word, term)
                        if prefix != CONCEPT:  # exact forms only: 'national' is not 'nationalité'
                            self._lex.setdefault(word + "s", term)
                            continue
                        for stem in stems(word):
                            if self._lex.setdefault("#" + stem, term) == term:
                                self._stem_forms.setdefault("#" + stem, []).append(len(word))
                    self._surface.update(t for t in tokens if t not in STOPWORDS)

    def _lookup(self, word: str, learn: bool) -> str | None:
        if word in self._lex:
            return self._lex[word]
        fr_stem, en_stem = stems(word)
        for stem in (fr_stem, en_stem):
            key = "#" + stem
            if key in self._lex and min(abs(len(word) - n) for n in self._stem_forms[key]) <= STEM_STRETCH:
                return self._lex[key]
        for stem in (fr_stem, en_stem):
            if stem in self._vocab:
                return self._vocab[stem]
        if learn:
            self._vocab.setdefault(fr_stem, fr_stem)
            self._vocab.setdefault(en_stem, fr_stem)
            self._surface.add(word)
            self.commonness[fr_stem] = max(self.commonness.get(fr_stem, 0.0), zipf(word))
            return fr_stem
        return None

    def _known(self, word: str) -> bool:
        """A stopword, a lexicon word or a word of the phrasings (any form of it)."""
        if word in STOPWORDS or word in self._lex:
            return True
        return any("#" + stem in self._lex or stem in self._vocab for stem in stems(word))

    def _repair(self, word: str) -> str | None:
        """A typo's nearest known word, when it is close enough to trust."""
        if len(word) < 4 or word.isdigit() or not self._surface_list or zipf(word) >= REAL_WORD_ZIPF:
            return None  # too short to repair safely, or a real word used on purpose
        cutoff = 80 if len(word) >= 7 else 83 if len(word) >= 5 else 85
        found = process.extractOne(word, self._surface_list, scorer=fuzz.ratio, score_cutoff=cutoff)
        return found[0] if found else None

    def terms(self, text: str, learn: bool = False) -> Query:
        """The terms of a text; `learn` adds its words to the vocabulary (the knowledge's own texts)."""
        tokens = words(text)
        if not learn:  # typos first, so that 'fin des inscritpions' still reads as a phrase
            tokens = [self._repair(t) or t if not self._known(t) else t for t in tokens]
        dated = day_positions(tokens)  # '10' in 'le 10 mai' is a day, read as a calendar event
        denied = set() if learn else negated_positions(tokens)
        negated: set[str] = set()
        affirmed: set[str] = set()
        terms: Counter = Counter()
        unknown: list[str] = []
        surface: dict[str, str] = {}
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
                    if term.startswith(OUT_OF_SCOPE):
                        surface.setdefault(term, " ".join(tokens[i : i + size]))
                    i += size
                    break
            else:
                word = tokens[i]
                i += 1
                if i - 1 in dated:
                    continue
                in_lexicon = word in self._lex or any("#" + st in self._lex for st in stems(word))
                if not in_lexicon and (word in STOPWORDS or zipf(word) >= COMMON_ZIPF):
                    continue
                found = self._lookup(word, learn)
                if found is None:
                    if not word.isdigit():
                        unknown.append(word)
                    continue
                term = found
                if term.startswith(SMALLTALK) or word not in STOPWORDS:
                    terms[term] += 1
                    (negated if i - 1 in denied else affirmed).add(term)
                    if term.startswith(OUT_OF_SCOPE):
                        surface.setdefault(term, word)
        if not learn:
            for event_id in self._events_on(text):
                terms[EVENT + event_id] += 1
        scale = {t: NEGATED_FACTOR for t in negated - affirmed if t.startswith(CONCEPT) and _negatable(t)}
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
