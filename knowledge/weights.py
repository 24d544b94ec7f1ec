"""Every number the matcher reads and scores with, in one place.

`Weights` says how much each piece of evidence counts and how a text is read; `Thresholds`
says which scores and coverages answer, offer or decline. knowledge/MATCHING.md explains how
they fit together and how to tune them.

Each field says what it does, what raising it changes, and where it comes from: the commit
that set it (`git log -p knowledge/matcher.py knowledge/reading.py`). The commit messages do
not record figures per number: they were chosen by hand on the question sets of the day,
`dev.yaml` (the tuning set) and `heldout.yaml` (written apart, also used for tuning), and are
guarded since by the floors of tests/knowledge/test_quality.py (all four sets) and
tests/knowledge/test_generalisation.py (leave-one-out).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Weights:
    """How a text is read as terms, how much a term weighs, and how an entry's score is mixed."""

    # -- reading a text (knowledge/reading.py) ---------------------------------------------------
    # A word at least this common (Zipf scale: 7 'de', 3 rare) carries no topic: 'dans', 'avoir',
    # 'gens' are skipped unless the lexicon names them. Lower: more everyday words are dropped
    # from questions. From 62d222f ("skip everyday words").
    common_zipf: float = 5.7
    # A word at least this common is a real word used on purpose, never a typo to repair.
    # Lower: fewer repairs ('calandrier' stays unknown). From 62d222f ("repair only non-words").
    real_word_zipf: float = 3.0
    # Words shorter than this are never repaired (too short to repair safely). From f09a5fe.
    typo_min_length: int = 4
    # The least rapidfuzz ratio (0-100) to a known word at which a typo is repaired, by the
    # least word length it applies from: longer words tolerate more letters wrong. Lower: more
    # repairs, and more wrong ones. From f09a5fe (first cut).
    typo_cutoffs: tuple[tuple[int, int], ...] = ((7, 80), (5, 83), (0, 85))
    # A word takes a lexicon concept by its stem only if its length is within this many letters
    # of a member's: not 'placement' for 'places'. Higher: more words reach concepts by their
    # stem. From 5ab0c77.
    stem_stretch: int = 3
    # How many words after a negation it covers: 'je ne suis pas (vraiment un développeur)'.
    # From e52e459.
    negated_span: int = 3
    # The factor of a profile concept named under a negation ('je ne sais pas coder', "I'm not
    # a developer"): the profile is not the person's. Higher: a denied profile pulls its entry
    # more. From e52e459.
    negated: float = 0.3

    # -- weighing terms (knowledge/index.py); IDF is ln(1 + entries / entries holding it) ---------
    # An out-of-scope topic weighs this many times the rarest term's IDF, so that it outweighs
    # the rest of its sentence. From f09a5fe.
    out_of_scope: float = 1.5
    # A term no entry holds (a lexicon concept no phrasing uses) weighs this share of the rarest
    # term's IDF. From f09a5fe.
    unseen: float = 0.9
    # The factor of the concepts listed in lexicon.yaml `question_words` ('who', 'when',
    # 'only'): they tell the kind of question, not its topic. Higher: they drag questions
    # towards the entries that use them. From e52e459.
    question_word: float = 0.5
    # A word stem weighs IDF × (common_top - Zipf) / common_span, kept between common_floor and
    # 1: common words weigh less even when rare in the knowledge. Raising common_floor gives
    # everyday words more say. Concepts and smalltalk keep their full IDF. From 50f86e9.
    common_top: float = 6.5
    common_span: float = 3.0
    common_floor: float = 0.15
    # A word the knowledge never uses weighs against every entry: the rarest IDF ×
    # (unknown_top - Zipf) / unknown_span, kept between unknown_floor and 1, so everyday filler
    # weighs little and 'bitcoin' a lot. Higher: more questions with foreign words are
    # declined. From 50f86e9 ("weigh words by rarity").
    unknown_top: float = 6.0
    unknown_span: float = 3.0
    unknown_floor: float = 0.08

    # -- views of a message (knowledge/views.py) ------------------------------------------------
    # The factor of a known word of the context of a question: another sentence of the message,
    # or a condition ('si je suis retenu', 'if selected'). Higher: the context steers the answer
    # more. From 6fa4cd1 ("read a long message's question with its context").
    context: float = 0.35
    # A sentence or clause is discounted by this × the share of the message's known weight it
    # leaves out ('je suis juriste, puis-je candidater ?' is not 'puis-je candidater ?').
    # Higher: parts of a message win less often over the whole. From 23bdbb0.
    part_discount: float = 0.5

    # -- an entry's score, 0-100 (knowledge/scoring.py); the four shares add up to 1 ------------
    # Coverage: the share of the question's weight the entry's phrasings and keywords hold.
    coverage: float = 0.55
    # Precision: the share of the best phrasing's weight found in the question.
    precision: float = 0.2
    # Spelling: rapidfuzz ratio of the question to the closest phrasing.
    spelling: float = 0.15
    # Density: the question's weight shared with the phrasings, averaged over them.
    density: float = 0.1
    # (The mix is from f09a5fe, the first cut, and has not been retuned since.)
    # A question term found only in the entry's answer counts this share of its weight in the
    # coverage. Higher: answers' words pull questions more. From f09a5fe.
    in_answer: float = 0.5
    # Points added to an entry with an action (register, remind) when the question asks to
    # act ('inscris-moi', 'remind me'). From edc6319.
    action_bonus: float = 8.0

    def typo_cutoff(self, length: int) -> int:
        """The least similarity at which a word of this length is repaired."""
        return next(cutoff for least, cutoff in self.typo_cutoffs if length >= least)


@dataclass(frozen=True)
class Thresholds:
    """The decision bands: a score is on a 0-100 scale, a coverage a share 0-1.

    Answered: score ≥ `answer` with coverage ≥ `min_coverage` and no close rival (within
    `margin` points, in another category, not a related entry); or score ≥ `suggest` with
    coverage ≥ `lone_coverage` and no other candidate scoring ≥ `suggest` within `lone_window`
    points. Otherwise offered ("did you mean", up to `offers` entries): those scoring ≥
    `suggest` within `lone_window` points of the best, or, when none does or the coverage is
    under `min_coverage` × `floor_share`, those scoring ≥ `offer`. Nothing at `offer`: declined.
    """

    # Score that answers outright. Lower: more answers, more of them wrong. 62 -> 60 in 50f86e9
    # ("decision bands").
    answer: float = 60.0
    # Score from which a candidate is offered among close ones, or answered when it is alone.
    # From f09a5fe.
    suggest: float = 45.0
    # A runner-up of another category this close to the best is a close rival: offer both,
    # answer neither. Higher: more near ties offered instead of answered. 6 -> 2 in 50f86e9.
    margin: float = 2.0
    # The share of the question's weight the entry must hold to be answered outright.
    # Higher: more offers, fewer wrong answers. 0.6 -> 0.45 in 50f86e9.
    min_coverage: float = 0.45
    # The coverage that answers a lone candidate scoring ≥ `suggest`. From a73dba0 ("answer a
    # lone fair candidate").
    lone_coverage: float = 0.40
    # No other candidate within this many points makes a candidate lone. From 50f86e9.
    lone_window: float = 10.0
    # Below `min_coverage` × this, too much of the question is not in the entry: never
    # answered, only offered. From f09a5fe.
    floor_share: float = 0.75
    # The least score at which an entry is offered when the bot does not answer; nothing at it
    # declines. Lower: more "did you mean" buttons, fewer bare declines. From 6fa4cd1.
    offer: float = 20.0
    # The most "did you mean" buttons, and how many of the best are weighed for them.
    offers: int = 3
    # A view with more unknown words than this plus its known terms is offered, never answered:
    # it is mostly about something else. From a73dba0.
    unknown_slack: int = 1


WEIGHTS = Weights()
