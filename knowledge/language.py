"""Which language to answer in: French, or English when the person writes or reads English."""

from __future__ import annotations

from .normalize import WORD, fold

Language = str  # "fr" or "en"

_EN_MARKERS = frozenset(
    """the what is are how when where who why which do does can could will
would my i you your for of to in on with about there any please salary deadline apply application
webinar program programme selection interview projects team support remind me register sign up
hello hi hey thanks thank""".split()
)
_FR_MARKERS = frozenset(
    """le la les est sont comment quand ou qui pourquoi quel quelle quels
quelles je tu vous nous mon ma mes pour de des du un une au aux avec sur dans c ce cette
candidature candidater postuler salaire date limite webinaire rappel inscrire programme projet
jury entretien combien est-ce puis-je peux faut bonjour bonsoir salut merci""".split()
)


def language_of(code: str | None) -> Language:
    """The language for a Telegram language code: English for en, en-GB…; French otherwise."""
    return "en" if (code or "").lower().startswith("en") else "fr"


def told_language(text: str) -> Language | None:
    """'en' or 'fr' when the text reads as one of them, None when it cannot be told."""
    tokens = WORD.findall(fold(text).replace("'", " "))
    en = sum(t in _EN_MARKERS for t in tokens)
    fr = sum(t in _FR_MARKERS for t in tokens)
    if en > fr:
        return "en"
    if fr > en:
        return "fr"
    return None


def detect_language(text: str, default: str = "fr") -> str:
    """'en' when the text reads as English, else `default` for unclear text, else 'fr'."""
    return told_language(text) or default
