"""What the store keeps and gives back: plain records, no SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum, StrEnum

from knowledge.language import Language, language_of


@dataclass(frozen=True)
class Person:
    """Someone talking to the bot, and what the bot keeps about them: the minimum Telegram gives,
    and the language of the replies.

    `reply_language` is stored: the language they signed up in, or the one they fixed with
    /langue (`language_fixed`); their reminders go out in it. `turn` is not stored: the
    language of the conversation turn being answered, resolved by the bot (bot/language.py).
    """

    id: int
    first_name: str = ""
    username: str | None = None
    language: str | None = None  # the Telegram language code, e.g. "fr", "en-GB"
    reply_language: Language | None = None
    language_fixed: bool = False
    turn: Language | None = None

    @property
    def lang(self) -> Language:
        """The turn's language, else the stored one, else Telegram's."""
        return self.turn or self.reply_language or language_of(self.language)


@dataclass(frozen=True)
class Registration:
    webinar_id: str
    user: Person
    registered_at: datetime


class SignUp(Enum):
    """The outcome of a registration attempt."""

    REGISTERED = "registered"
    ALREADY = "already"
    FULL = "full"


class Delivery(StrEnum):
    """How sending one reminder to one person ended, as logged in `deliveries`; 'sending'
    while a fan-out has claimed it and not heard back yet."""

    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    BLOCKED = "blocked"


@dataclass(frozen=True)
class SlotTally:
    sent: int = 0
    failed: int = 0
    blocked: int = 0


@dataclass(frozen=True)
class UnansweredQuestion:
    text: str
    best_entry: str | None
    score: float | None
    asked_at: datetime


@dataclass(frozen=True)
class Recipients:
    """Whom a fan-out reaches, by user id: ids above `above`, and at most `upto` when set.

    Telegram user ids are positive: the Telegram fan-outs reach ids above 0 (the default).
    Ids 0 and below are people of other transports (the console's person is 0), each reached
    by its own fan-out (`Recipients.one`).
    """

    above: int = 0
    upto: int | None = None

    @classmethod
    def one(cls, user_id: int) -> Recipients:
        return cls(above=user_id - 1, upto=user_id)


TELEGRAM_USERS = Recipients()


@dataclass(frozen=True)
class ClaimRequest:
    """What a fan-out asks to claim: up to `limit` recipients of a slot among `recipients`,
    ids above `after` (when set) too.

    `now` names the claims; a claim made before `stale_before` is a dead process's and is
    taken over; `stale_only` asks for those alone.
    """

    slot_key: str
    event_id: str
    kind: str
    due: datetime
    now: datetime
    stale_before: datetime
    after: int | None = None  # the last id of the previous batch; None: from the first
    limit: int = 32
    stale_only: bool = False
    recipients: Recipients = TELEGRAM_USERS


@dataclass(frozen=True)
class Proposal:
    """A question the knowledge could learn from: how it was asked (scrubbed, no user id), its
    strongest signal ('unanswered', 'not_helpful', 'chosen'), the entry it points at with the
    matcher's score, how many times it was asked, and what staff decided ('pending',
    'accepted' as a phrasing of `target`, 'out_of_scope', 'ignored', 'exported' once written
    into the YAML)."""

    id: int
    text: str
    lang: str
    signal: str
    entry: str | None
    score: float | None
    askers: int
    status: str
    target: str | None
    last_seen: datetime
