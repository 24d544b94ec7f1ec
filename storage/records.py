"""What the store keeps and gives back: plain records, no SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum, StrEnum

from knowledge.language import Language, language_of


@dataclass(frozen=True)
class Person:
    """Someone talking to the bot, and what the bot keeps about them: the minimum Telegram gives."""

    id: int
    first_name: str = ""
    username: str | None = None
    language: str | None = None  # the Telegram language code, e.g. "fr", "en-GB"

    @property
    def lang(self) -> Language:
        return language_of(self.language)


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
class ClaimRequest:
    """What a fan-out asks to claim: up to `limit` recipients of a slot, ids above `after`.

    `now` names the claims; a claim made before `stale_before` is a dead process's and is
    taken over; `stale_only` asks for those alone.
    """

    slot_key: str
    event_id: str
    kind: str
    due: datetime
    now: datetime
    stale_before: datetime
    after: int = 0
    limit: int = 32
    stale_only: bool = False
