"""Every number the matcher reads and scores with, in one place.

`Weights` says how much each piece of evidence counts and how a text is read; `Thresholds`
says which scores and coverages answer, offer or decline. knowledge/MATCHING.md explains how
they fit together and how to tune them.

Each field says what it does, what raising it changes, and where it comes from: the commit
that set it (`git log -p knowledge/matcher.py knowledge/reading.py`). The commit messages do
not record figures per number: they were chosen by hand against the question sets of
tests/eval/ (the README: `dev.yaml` is the tuning set, `heldout.yaml` was also used for
tuning), and are guarded since by the floors of tests/knowledge/test_quality.py (all four
sets) and tests/knowledge/test_generalisation.py (leave-one-out).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Weights:
    """How a text is read as terms, how much a term weighs, and how an entry's score is mixed."""

    # -- reading a text (knowledge/reading.py) ---------------------------------------------------
    # A word at least this common (Zipf scale: 7 'de', 3 rare) carries no topic: 'dans', 'avoir',
    # 'gens' are skipped unless the lexicon names them. Raise it: fewer everyday words are
    # skipped, and they dilute the question. From 62d222f ("skip everyday words").
    common_zipf: float = 5.7
    # A word at least this common is a real word used on purpose, never a typo to repair. Raise
    # it: more words are repaired, real ones included. From 62d222f ("repair only non-words").
    real_word_zipf: float = 3.0
    # Words shorter than this are never repaired: too short to repair safely. Raise it: fewer
    # repairs of short words. From f09a5fe (first cut).
    typo_min_length: int = 4
    # (least word length, least rapidfuzz ratio 0-100 to a known word): a typo is repaired from
    # that similarity; longer words may have more letters wrong. Raise a ratio: fewer repairs,
    # fewer wrong ones. From f09a5fe (first cut).
    typo_cutoffs: tuple[tuple[int, int], ...] = ((7, 80), (5, 83), (0, 85))
    # A word takes a lexicon concept by its stem only if its length is within this many letters
    # of a member's: not 'placement' for 'places'. Raise it: more words reach concepts by their
    # stem, some wrongly. From 5ab0c77.
    stem_stretch: int = 3
    # How many words after a negation it covers: 'je ne suis pas (vraiment un développeur)'.
    # Raise it: a negation denies profiles further away. From e52e459.
    negated_span: int = 3
    # The factor of a profile concept under a negation ('je ne sais pas coder', "I'm not a
    # developer"): the profile is not the person's. Raise it: a denied profile pulls its entry
    # more. From e52e459.
    negated: float = 0.3

    # -- weighing terms (knowledge/index.py); IDF = ln(1 + entries / entries holding the term) ---
    # An out-of-scope topic weighs this many times the largest IDF (the rarest term's), so that
    # it outweighs the rest of its sentence. Raise it: mixed questions lean more to declining.
    # From f09a5fe.
    out_of_scope: float = 1.5
    # A term no entry's phrasings or keywords hold (a concept no phrasing uses, a word of
    # answers only) has this share of the largest IDF. Raise it: such terms weigh more, for and
    # against entries. From f09a5fe.
    unseen: float = 0.9
    # The factor of the concepts listed in lexicon.yaml `question_words` ('who', 'when',
    # 'only'): they tell the kind of question, not its topic. Raise it: they drag questions
    # towards the entries that use them. From e52e459.
    question_word: float = 0.5
    # A word stem weighs IDF × (common_top - Zipf) / common_span, kept within [common_floor, 1]:
    # common words weigh less even when rare in the knowledge. Raise common_top or
    # common_floor: everyday words get more say. Concepts and smalltalk keep their full IDF.
    # From 50f86e9 ("weigh words by rarity").
    common_top: float = 6.5
    common_span: float = 3.0
    common_floor: float = 0.15
    # A word the knowledge never uses weighs against every entry: the largest IDF ×
    # (unknown_top - Zipf) / unknown_span, kept within [unknown_floor, 1], so everyday filler
    # weighs little and 'bitcoin' a lot. Raise unknown_top or unknown_floor: more questions with
    # foreign words are offered or declined. From 50f86e9 ("weigh words by rarity").
    unknown_top: float = 6.0
    unknown_span: float = 3.0
    unknown_floor: float = 0.08

    # -- views of a message (knowledge/views.py) ------------------------------------------------
    # The factor of a known word of a question's context: another sentence of the message, or a
    # condition ('si je suis retenu', 'if selected'). Raise it: the context steers the answer
    # more. From 6fa4cd1 ("read a long message's question with its context").
    context: float = 0.35
    # A sentence or clause is discounted by this × the share of the message's known weight it
    # leaves out ('je suis juriste, puis-je candidater ?' is not 'puis-je candidater ?'). Raise
    # it: parts of a message win less often over the whole. From 23bdbb0.
    part_discount: float = 0.5

    # -- an entry's score, 0-100 (knowledge/scoring.py) ----------------------------------------
    # The four shares add up to 1; raising one gives its evidence more say. The mix is from
    # f09a5fe (first cut) and has not been retuned since.
    # Coverage: the share of the question's weight the entry's phrasings and keywords hold.
    coverage: float = 0.55
    # Precision: the largest share of one phrasing's weight found in the question.
    precision: float = 0.2
    # Spelling: the best rapidfuzz ratio of the question to one of the phrasings.
    spelling: float = 0.15
    # Density: the question's weight found in the phrasings, averaged over them.
    density: float = 0.1
    # A question term found only in the entry's answer counts this share of its weight in the
    # coverage. Raise it: the answers' words pull questions more. From f09a5fe.
    in_answer: float = 0.5
    # A question at least this close (rapidfuzz ratio 0-100, folded) to a phrasing staff
    # accepted for an entry (knowledge/learned.py) is that phrasing: the entry is ranked first
    # and answered, an out-of-scope word or not (staff judged it). Lower it: questions further
    # from the accepted one are answered with its entry too. From the first cut of learned
    # phrasings (a typo or two in a short question stays at 90 or more).
    echo: float = 90.0
    # The share of its weight a term counts for an entry when only the context of the entry's
    # learned phrasings has it (the sentences around their question, their conditions): 'je
    # suis boulanger. Quel est le salaire ?' learned for a pay entry says little about bakers.
    # Raise it: the context of accepted questions pulls more questions to their entry, some
    # wrongly. Set against the played half of benchmarks/learning.py: 0.3
    # answered an out-of-scope question there, 0.2 none.
    learned_context: float = 0.2
    # A word of a question staff marked out of scope is learned as an out-of-scope word only if
    # rarer than this (knowledge/learned_scope.py): everyday words ('venir', 'voiture',
    # 'possible') say little of the question's topic and would decline answerable questions.
    # Lower it: fewer words learned. From the first cut of learned out-of-scope words.
    declined_zipf: float = 5.0
    # Points added to an entry with an action (register, remind) when the question asks to act
    # ('inscris-moi', 'remind me'). Raise it: requests go to the acting entries more surely.
    # From edc6319.
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

    # The score that answers outright. Raise it: fewer answers, fewer of them wrong, more
    # offers. 62 -> 60 in 50f86e9 ("decision bands").
    answer: float = 60.0
    # The score from which a candidate is offered among close ones, or answered when alone.
    # Raise it: fewer lone answers and close offers. From f09a5fe.
    suggest: float = 45.0
    # A runner-up of another category this close to the best is a close rival: both offered,
    # neither answered. Raise it: more near ties offered instead of answered. 6 -> 2 in 50f86e9.
    margin: float = 2.0
    # The share of the question's weight the entry must hold to be answered outright. Raise
    # it: more offers, fewer wrong answers. 0.6 -> 0.45 in 50f86e9.
    min_coverage: float = 0.45
    # The coverage that answers a lone candidate scoring ≥ `suggest`. Raise it: fewer lone
    # answers. From a73dba0 ("answer a lone fair candidate").
    lone_coverage: float = 0.40
    # No other candidate ≥ `suggest` within this many points makes the best lone; the offers
    # are the candidates within it. Raise it: fewer lone answers, more offers. From 50f86e9.
    lone_window: float = 10.0
    # Below `min_coverage` × this, too much of the question is not in the entry: never
    # answered, only offered. Raise it: more offers. From f09a5fe.
    floor_share: float = 0.75
    # The least score at which an entry is offered when the bot does not answer; nothing at it
    # declines. Raise it: fewer "did you mean" buttons, more bare declines. From 6fa4cd1.
    offer: float = 20.0
    # The most "did you mean" buttons, and how many of the best are weighed for them.
    offers: int = 3
    # A view with more unknown words than its known terms plus this is offered, never
    # answered: it is mostly about something else. Raise it: more such messages answered.
    # From a73dba0.
    unknown_slack: int = 1


WEIGHTS = Weights()
