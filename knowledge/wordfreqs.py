"""How common a word is in French or English (wordfreq's Zipf scale), for words the FAQ never uses."""

from __future__ import annotations

from functools import lru_cache

import wordfreq

from .normalize import fold_accents

MIN_ZIPF = 2.0


@lru_cache(maxsize=1)
def _table() -> dict[str, float]:
    """Folded word -> highest Zipf frequency in French or English (built once, ~0.5 s)."""
    table: dict[str, float] = {}
    for lang in ("fr", "en"):
        for index, bucket in enumerate(wordfreq.get_frequency_list(lang, wordlist="best")):
            zipf = 9 - index / 100
            if zipf < MIN_ZIPF:
                break
            for word in bucket:
                key = fold_accents(word)
                if zipf > table.get(key, 0.0):
                    table[key] = zipf
    return table


def zipf(word: str) -> float:
    """Zipf frequency of an accent-folded word: 7 for 'de', 3 for rare words, 0 if unseen."""
    return _table().get(word, 0.0)
