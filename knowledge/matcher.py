"""Question -> best FAQ entries: lexicon concepts, stems, rapidfuzz typo repair, weighted evidence.

A query is turned into *terms* (a synonym concept like ``@pay``, or a word stem). An entry
is answered only when the entry's phrasings and keywords explain most of the query's weight
(its *coverage*); words the knowledge has never seen, and topics the call does not cover,
weigh against it. Long messages are scored sentence by sentence.
"""
from __future__ import annotations

import math
import re
from datetime import timedelta
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from .dates import MONTHS, dates_in
from .model import ACTION_CONCEPTS, Entry, Knowledge
from .normalize import STOPWORDS, clauses, sentences, stems, words
from .wordfreqs import zipf

OUT_OF_SCOPE = "!"
SMALLTALK = "~"
CONCEPT = "@"
EVENT = "="  # a calendar event, named by a date in the question ('le 24 mars')
ACTION_BONUS = 8.0
COMMON_ZIPF = 5.7     # words this common ('dans', 'avoir', 'gens') carry no topic
REAL_WORD_ZIPF = 3.0  # words this common are real words, not typos to repair
STEM_STRETCH = 3  # a word takes a concept by its stem only if about as long as a member: not 'placement' for 'places'
QUESTION_WORD_FACTOR = 0.5  # 'who', 'when', 'only' tell the kind of question, not its topic
CONTEXT_FACTOR = 0.35  # a known word of a sentence around the question counts this much
# A condition inside a question ('si ma candidature est retenue', 'if I get in'): context.
_CONDITION = re.compile(r"\b(?:si|s['’]ils?|if|once|une fois que|au cas où|dans le cas où|en cas de)\b"
                        r"[^,;?!.]*", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"\{[^}]*\}")
_PLACEHOLDER_EVENT = re.compile(r"\{[a-z_]+:([a-z0-9-]+)\}")


NUMBER = "#n"  # the key of any number in phrases: a lexicon phrase 'depuis N ans' reads 'depuis 8 ans'
_NUMBER_WORDS = frozenset("""un une deux trois quatre cinq six sept huit neuf dix onze douze treize
quatorze quinze seize vingt trente dizaine quinzaine vingtaine one two three four five six seven eight
nine ten eleven twelve thirteen fourteen fifteen twenty thirty""".split())


def is_number(token: str) -> bool:
    """A count written in figures or words: '8', 'huit', 'ten' (not a year like '2023')."""
    return (token.isdigit() and len(token) <= 2) or token in _NUMBER_WORDS


_DAY = re.compile(r"\d{1,2}(?:er|st|nd|rd|th)?")


def day_positions(tokens: list[str]) -> set[int]:
    """Positions of day numbers written with a month: 'le 10 mai', 'April 30th', '30th of April'."""
    def month(j: int) -> bool:
        return 0 <= j < len(tokens) and tokens[j] in MONTHS
    return {i for i, token in enumerate(tokens) if _DAY.fullmatch(token)
            and (month(i + 1) or month(i - 1) or (month(i + 2) and tokens[i + 1] == "of"))}


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
_AUXILIARIES = frozenset("don doesn didn can isn aren wasn weren won wouldn couldn shouldn haven hasn ain".split())


def _out_of_scope(query: "_Query") -> str | None:
    """The first out-of-scope topic a query names, without its prefix."""
    return next((t[1:] for t in query.terms if t.startswith(OUT_OF_SCOPE)), None)


def _key(word: str) -> str:
    """A word's matching key in phrases: its English stem of its French stem (plural-proof)."""
    fr_stem, _ = stems(word)
    return stems(fr_stem)[1]


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


@dataclass
class _Query:
    terms: Counter
    unknown: list[str]
    folded: str = ""
    scale: dict[str, float] = field(default_factory=dict)  # term -> factor (< 1 for context terms)
    surface: dict[str, str] = field(default_factory=dict)  # out-of-scope term -> the words read

    def factor(self, term: str) -> float:
        return self.scale.get(term, 1.0)


_BUILT: dict[tuple[int, Thresholds], Matcher] = {}


@dataclass
class _Reading:
    """The view of a message that ranked best, and its ranking."""

    whole: _Query
    ranked: list[Candidate]
    view: _Query
    sentence: _Query
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
        self._lex: dict[str, str] = {}      # surface word or stem -> concept term
        self._stem_forms: dict[str, list[int]] = {}  # '#stem' -> lengths of the members behind it
        self._phrases: dict[tuple[str, ...], str] = {}  # multi-word phrase (word keys) -> concept
        self._commonness: dict[str, float] = {}  # word term -> Zipf frequency of its commonest form
        self._vocab: dict[str, str] = {}    # stem -> word term, from phrasings
        self._surface: set[str] = set()     # every known surface word, for typo repair
        self._build_lexicon()
        self._entry_terms: dict[str, set[str]] = {}
        self._fixed_terms: dict[str, frozenset[str]] = {}  # keywords and dates, never left out
        self._answer_terms: dict[str, set[str]] = {}
        self._phrasing_terms: dict[str, list[tuple[str, frozenset[str]]]] = {}  # (folded text, terms)
        self._index_entries()
        self._idf = self._compute_idf()
        self._max_idf = max(self._idf.values(), default=1.0)
        self._surface_list = sorted(self._surface)
        self._weights: dict[str, float] = {}
        self._entries = {entry.id: entry for entry in knowledge.entries}
        self._index: dict[str, set[str]] = {}  # term -> ids of the entries that hold it
        for entry_id in self._entries:
            for term in self._entry_terms[entry_id] | self._answer_terms[entry_id]:
                self._index.setdefault(term, set()).add(entry_id)
        self._phrasing_mass = {entry_id: [sum(self._weight(t) for t in terms) for _, terms in phrasings]
                               for entry_id, phrasings in self._phrasing_terms.items()}
        self._postings: dict[str, list[tuple[str, int]]] = {}  # term -> (entry id, phrasing number)
        for entry_id, phrasings in self._phrasing_terms.items():
            for number, (_, terms) in enumerate(phrasings):
                for term in terms:
                    self._postings.setdefault(term, []).append((entry_id, number))
        self._left_out: tuple[str, int] | None = None  # a phrasing out of the index (leave_one_out)
        self._phrasing_texts = {entry_id: [folded for folded, _ in phrasings]
                                for entry_id, phrasings in self._phrasing_terms.items()}

    # -- building -------------------------------------------------------------------------
    def _build_lexicon(self) -> None:
        lexicon = self.knowledge.lexicon
        for prefix, groups in ((CONCEPT, lexicon.synonyms), (OUT_OF_SCOPE, lexicon.out_of_scope),
                               (SMALLTALK, lexicon.smalltalk)):
            for name, members in groups.items():
                term = prefix + name
                for member in (name, *members) if prefix == CONCEPT else members:
                    tokens = tuple(words(member))
                    if len(tokens) > 1:
                        self._phrases.setdefault(tuple(NUMBER if t == "n" else _key(t) for t in tokens), term)
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
                answer_terms |= set(self._terms(_PLACEHOLDER.sub(" ", entry.answer.get(lang)), learn=True).terms)
            self._answer_terms[entry.id] = answer_terms - self._entry_terms[entry.id]

    def _compute_idf(self) -> dict[str, float]:
        df: Counter = Counter()
        for terms in self._entry_terms.values():
            df.update(terms)
        n = max(len(self._entry_terms), 1)
        return {term: math.log(1 + n / count) for term, count in df.items()}

    # -- terms ----------------------------------------------------------------------------
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
            self._commonness[fr_stem] = max(self._commonness.get(fr_stem, 0.0), zipf(word))
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

    def _terms(self, text: str, learn: bool = False) -> _Query:
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
        keys = [_key(t) for t in tokens]
        counted = [NUMBER if is_number(t) else key for t, key in zip(tokens, keys)]
        i = 0
        while i < len(tokens):
            for size in (4, 3, 2):
                phrase = tuple(keys[i:i + size])
                if phrase not in self._phrases:
                    phrase = tuple(counted[i:i + size])
                if len(phrase) == size and phrase in self._phrases:
                    term = self._phrases[phrase]
                    terms[term] += 1
                    (negated if i in denied else affirmed).add(term)
                    if term.startswith(OUT_OF_SCOPE):
                        surface.setdefault(term, " ".join(tokens[i:i + size]))
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
                term = self._lookup(word, learn)
                if term is None:
                    if not word.isdigit():
                        unknown.append(word)
                    continue
                if term.startswith(SMALLTALK) or word not in STOPWORDS:
                    terms[term] += 1
                    (negated if i - 1 in denied else affirmed).add(term)
                    if term.startswith(OUT_OF_SCOPE):
                        surface.setdefault(term, word)
        if not learn:
            for event_id in self._events_on(text):
                terms[EVENT + event_id] += 1
        scale = {t: NEGATED_FACTOR for t in negated - affirmed if t.startswith(CONCEPT) and _negatable(t)}
        return _Query(terms, unknown, " ".join(tokens), scale=scale, surface=surface)

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
        return idf * min(1.0, max(0.15, (6.5 - self._commonness.get(term, 0.0)) / 3.0))

    def _unknown_weight(self, word: str) -> float:
        """A word the knowledge never uses: everyday words weigh little, rare ones a lot."""
        rarity = (6.0 - zipf(word)) / 3.0
        return self._max_idf * min(1.0, max(0.08, rarity))

    # -- scoring --------------------------------------------------------------------------
    def _shared(self, query: _Query) -> dict[str, dict[int, float]]:
        """Per entry, per phrasing: the weight of the query's terms the phrasing holds."""
        hits: dict[str, dict[int, float]] = {}
        for term in query.terms:
            weight = self._weight(term) * query.factor(term)
            for entry_id, number in self._postings.get(term, ()):
                if (entry_id, number) != self._left_out:
                    per_entry = hits.setdefault(entry_id, {})
                    per_entry[number] = per_entry.get(number, 0.0) + weight
        return hits

    def _score_entry(self, entry: Entry, query: _Query, total: float, discount: float,
                     shared: dict[int, float]) -> Candidate:
        own = self._entry_terms[entry.id]
        in_answer = self._answer_terms[entry.id]
        weight = self._weight
        factor = query.factor
        covered = sum(factor(t) * (weight(t) if t in own else 0.5 * weight(t) if t in in_answer else 0.0)
                      for t in query.terms)
        coverage = covered / total if total else 0.0
        phrasings, masses = self._phrasing_terms[entry.id], self._phrasing_mass[entry.id]
        asked = len(phrasings) - (self._left_out is not None and self._left_out[0] == entry.id)
        best_precision = max((weight / masses[n] for n, weight in shared.items() if masses[n]), default=0.0)
        density = sum(shared.values()) / total / max(asked, 1) if total else 0.0
        closest = phrasings[max(shared, key=lambda n: (shared[n], -n))][0] if shared else ""
        texts = self._phrasing_texts[entry.id]
        if self._left_out is not None and self._left_out[0] == entry.id:
            texts = texts[:self._left_out[1]] + texts[self._left_out[1] + 1:]
        found = process.extractOne(query.folded, texts, scorer=fuzz.ratio)  # spelling similarity
        best_raw = found[1] / 100 if found else 0.0
        score = 100 * discount * (0.55 * coverage + 0.2 * best_precision + 0.15 * best_raw + 0.1 * density)
        if entry.action and CONCEPT + ACTION_CONCEPTS[entry.action] in query.terms:
            score += ACTION_BONUS  # "inscris-moi", "remind me": a request to act, not a question
        return Candidate(entry, round(score, 1), round(coverage, 3), closest)

    def _rank(self, query: _Query, discount: float = 1.0) -> list[Candidate]:
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
                oos = _out_of_scope(whole)
                why = f"out of scope: {oos}" if oos else "no entry shares a word with the question"
                return MatchResult("none", out_of_scope=oos, reason=why)
            if greeting:
                return MatchResult("smalltalk", smalltalk=greeting, reason=f"smalltalk: {greeting}")
            return MatchResult("empty", reason="no word to read")
        out_of_scope = _out_of_scope(sentence) or _out_of_scope(view)
        if not out_of_scope and not reading.asks:  # 'Combien de candidats ? J'ai mes chances.'
            out_of_scope = _out_of_scope(whole)
        if out_of_scope:
            result = MatchResult("none", ranked[:3], out_of_scope=out_of_scope,
                                 reason=f"out of scope: {out_of_scope} (lexicon.yaml)")
        else:
            known = sum(1 for t in view.terms if not t.startswith(SMALLTALK))
            if len(view.unknown) > known + 1:
                result = self._offer(ranked, f"{len(view.unknown)} unknown words for {known} known: "
                                             "offered, never answered")
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

        def discount(view: _Query) -> float:
            kept = self._known_mass(view) / whole_mass if whole_mass else 1.0
            return 1.0 - 0.5 * max(0.0, 1.0 - kept)

        per_sentence = [self._terms(part) for part in parts] if len(parts) > 1 else [whole]
        # (name, view, the sentence it belongs to, discount)
        views: list[tuple[str, _Query, _Query, float]] = [("whole message", whole, whole, 1.0)]
        focus = self._focus(parts)
        if focus is not None:
            views.append(("the question, with its context", focus, focus, 1.0))
        for number, (part, sentence) in enumerate(zip(parts, per_sentence), start=1):
            if sentence is not whole:
                views.append((f"sentence {number}", sentence, sentence, discount(sentence)))
            views.extend((f"clause “{clause}”", query, sentence, discount(query))
                         for clause, query in ((c, self._terms(c)) for c in clauses(part)))
        asking = {i for i, part in enumerate(parts) if part.rstrip().endswith("?")} or set(range(len(parts)))
        asks = {id(per_sentence[i]) for i in asking} | {id(whole)} | ({id(focus)} if focus else set())
        best = _Reading(whole, [], whole, whole, "whole message")
        for name, view, sentence, factor in views:
            ranked = self._rank(view, factor)
            if ranked and (not best.ranked or ranked[0].score > best.ranked[0].score):
                best = _Reading(whole, ranked, view, sentence, name, id(sentence) in asks)
        return best

    def _focus(self, parts: list[str]) -> _Query | None:
        """The message's question with its context: 'Je suis X dans une banque. Combien… ?'

        The question sentences count in full, less their conditions ('si je suis retenu',
        'if selected'); the known words of the other sentences and of the conditions count a
        little (they may tell which entry); their unknown words do not count at all.
        """
        asking = [part for part in parts if part.rstrip().endswith("?")] or parts[-1:]
        context = [part for part in parts if part not in asking]
        main = []
        for part in asking:
            conditions = [m.group(0) for m in _CONDITION.finditer(part)]
            context.extend(conditions)
            main.append(_CONDITION.sub(" ", part))
        if not context:
            return None
        query = self._terms(" . ".join(main))
        terms, scale = Counter(query.terms), dict(query.scale)
        for term in self._terms(" . ".join(context)).terms:
            if term not in terms and not term.startswith((SMALLTALK, OUT_OF_SCOPE)):
                terms[term] += 1
                scale[term] = CONTEXT_FACTOR
        return _Query(terms, query.unknown, query.folded, scale, query.surface)

    def _known_mass(self, query: _Query) -> float:
        return sum(self._weight(t) for t in query.terms
                   if not t.startswith((SMALLTALK, OUT_OF_SCOPE)))

    def _decide(self, ranked: list[Candidate]) -> MatchResult:
        t = self.thresholds
        best = ranked[0]
        if best.coverage < t.min_coverage * 0.75:
            return self._offer(ranked, f"coverage {best.coverage:.2f} < {t.min_coverage * 0.75:.2f}: "
                                       "too much of the question is not in the entry")
        runner = ranked[1] if len(ranked) > 1 else None
        close_rival = (runner is not None and best.score - runner.score < t.margin
                       and runner.entry.category != best.entry.category
                       and runner.entry.id not in best.entry.related)
        if best.score >= t.answer and best.coverage >= t.min_coverage and not close_rival:
            return MatchResult("answer", ranked[:4], reason=(
                f"score {best.score} ≥ {t.answer}, coverage {best.coverage:.2f} ≥ {t.min_coverage}, "
                "no close rival in another topic"))
        top = [c for c in ranked[:3] if c.score >= t.suggest and c.score >= best.score - 10]
        if len(top) == 1 and best.coverage >= t.lone_coverage:
            return MatchResult("answer", ranked[:4], reason=(
                f"score {best.score} ≥ {t.suggest}, coverage {best.coverage:.2f} ≥ {t.lone_coverage} "
                "and no other candidate within 10 points"))
        if top and best.score >= t.suggest:
            why = (f"{runner.entry.id} ({runner.score}) is within {t.margin} points, in another topic"
                   if close_rival and runner else
                   f"score {best.score} < {t.answer} or coverage {best.coverage:.2f} < {t.min_coverage}")
            return MatchResult("suggest", top, reason=why + ": offered")
        return self._offer(ranked, f"score {best.score} < {t.suggest}")

    def _offer(self, ranked: list[Candidate], why: str) -> MatchResult:
        """Not clear enough to answer, but not out of scope: the nearest entries, as a choice."""
        offers = [c for c in ranked[:3] if c.score >= self.thresholds.offer]
        if offers:
            return MatchResult("suggest", offers, reason=why + ": offered")
        return MatchResult("none", ranked[:3], reason=why + f"; nothing scores {self.thresholds.offer}: declined")

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

    def explain(self, text: str) -> dict[str, object]:
        """How a question is read and decided, for staff (`python -m knowledge ask --explain`)."""
        reading = self._read(text)
        result = self.match(text)
        view = reading.view
        return {
            "view": result.view,
            "terms": [{"term": term, "weight": round(self._weight(term) * view.factor(term), 2)}
                      for term in view.terms],
            "unknown": [{"word": word, "weight": round(self._unknown_weight(word), 2)}
                        for word in view.unknown],
            "candidates": [{"entry": c.entry.id, "score": c.score, "coverage": c.coverage,
                            "closest phrasing": c.phrasing} for c in reading.ranked[:5]],
            "decision": result.kind,
            "reason": result.reason,
        }
