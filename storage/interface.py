"""The storage interface: every query the bot and the reminders make, whatever the database.

Two implementations answer it the same way: SqliteStore (storage.sqlite, a file, the default)
and PostgresStore (storage.postgres, DATABASE_URL). Both run the same SQL from the query
mixins (storage.sql); storage.store.open_store picks one from its target.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from datetime import datetime

from .records import (
    TELEGRAM_USERS,
    ClaimRequest,
    Person,
    Proposal,
    Recipients,
    Registration,
    SignUp,
    SlotTally,
    UnansweredQuestion,
)

DEFAULT_POOL_SIZE = 5  # PostgreSQL connections per process (DATABASE_POOL_SIZE)


class Store(ABC):
    """What the bot keeps: people, registrations, subscriptions, deliveries, questions, inbox.

    Every write is committed, or raises, before the method returns.
    """

    backend = ""  # "sqlite" or "postgres" on an implementation
    # Errors that mean the database is out of reach for a while (a server restart, a lock held
    # too long): the work is worth trying again later.
    unavailable: tuple[type[Exception], ...] = ()

    @classmethod
    async def connect(cls, target: str, pool_size: int) -> Store:
        """Open this backend's database at `target` (see storage.store.open_store)."""
        raise NotImplementedError

    @abstractmethod
    async def close(self) -> None: ...

    def check_file(self) -> None:  # noqa: B027 - nothing to check but for a file
        """Raise DatabaseGone if the database is no longer the one opened (SQLite's file)."""

    # -- people and webinar registrations -----------------------------------------------------
    @abstractmethod
    async def save_user(self, user: Person, now: datetime) -> None:
        """Create or refresh the user row (a sign-up is the only reason to keep one, with
        /langue), keeping `user.lang` as their language unless they fixed one."""

    @abstractmethod
    async def fix_language(self, user: Person, lang: str | None, now: datetime) -> None:
        """/langue: reply to `user` in `lang` from now on (None: in their messages' language)."""

    @abstractmethod
    async def register(self, user: Person, webinar_id: str, capacity: int | None, now: datetime) -> SignUp:
        """Register `user`, never beyond `capacity`, even from several processes at once."""

    @abstractmethod
    async def cancel(self, user_id: int, webinar_id: str) -> bool:
        """Remove a registration; True if there was one."""

    @abstractmethod
    async def is_registered(self, user_id: int, webinar_id: str) -> bool: ...

    @abstractmethod
    async def registration_counts(self) -> dict[str, int]: ...

    @abstractmethod
    async def registrations(
        self, webinar_id: str | None = None, user_id: int | None = None
    ) -> list[Registration]:
        """Registrations with their users, oldest first, optionally for one webinar or user."""

    @abstractmethod
    async def person(self, user_id: int) -> Person | None: ...

    @abstractmethod
    async def forget(self, user_id: int) -> None:
        """Erase the user and everything linked to them, votes included."""

    # -- deadline subscriptions and reminder flags --------------------------------------------
    @abstractmethod
    async def subscribe(self, user_id: int, event_id: str, now: datetime) -> bool:
        """Subscribe to one deadline's reminders (the user row must exist); True if new."""

    @abstractmethod
    async def unsubscribe(self, user_id: int, event_id: str | None = None) -> int:
        """Stop one deadline's reminders, or all of them with webinar reminders too."""

    @abstractmethod
    async def set_webinar_reminders(self, user_id: int, on: bool) -> None: ...

    @abstractmethod
    async def webinar_reminders_on(self, user_id: int) -> bool: ...

    @abstractmethod
    async def subscriptions_of(self, user_id: int) -> dict[str, datetime]: ...

    @abstractmethod
    async def subscriber_counts(self) -> dict[str, int]: ...

    # -- reminder deliveries ------------------------------------------------------------------
    @abstractmethod
    async def pending_recipients(
        self, slot_key: str, event_id: str, kind: str, due: datetime, recipients: Recipients = TELEGRAM_USERS
    ) -> list[Person]:
        """Who among `recipients` should get this slot and has not: signed up before it was due,
        active, not sent nor blocked (a claim in flight still counts as pending)."""

    @abstractmethod
    async def count_pending(self, slot_key: str, event_id: str, kind: str, due: datetime) -> int:
        """How many Telegram users a slot will still reach if nothing changes."""

    @abstractmethod
    async def claim_recipients(self, request: ClaimRequest) -> list[Person]:
        """Claim, in id order, pending recipients no one else is sending to: their deliveries
        are logged 'sending' at `request.now`, in one transaction that no other process's
        claim of the slot can interleave with. Stale claims are taken over."""

    @abstractmethod
    async def release_claims(self, slot_key: str, user_ids: Sequence[int], claimed_at: datetime) -> None:
        """Give back claims made at `claimed_at` and not sent (a fan-out stopped midway)."""

    @abstractmethod
    async def renew_claims(
        self, slot_key: str, user_ids: Sequence[int], claimed_at: datetime, now: datetime
    ) -> None:
        """Move claims made at `claimed_at` to `now`: their sends are still in progress."""

    @abstractmethod
    async def claims_in_flight(
        self, slot_key: str, since: datetime, recipients: Recipients = TELEGRAM_USERS
    ) -> int:
        """How many claims of the slot among `recipients` made since `since` are not settled yet."""

    @abstractmethod
    async def record_delivery(
        self, user_id: int, slot_key: str, status: str, now: datetime, error: str | None = None
    ) -> None:
        """Log how one send ended under its (user, slot) key; a 'sent' row is never overwritten."""

    @abstractmethod
    async def delivery_tallies(self) -> dict[str, SlotTally]:
        """Per slot, how the sends to Telegram users ended (the console's are not counted)."""

    @abstractmethod
    async def deliveries_to(self, user_id: int) -> int:
        """How many reminders were sent to this person (shown in /mesdonnees)."""

    # -- questions, usage counts and votes ----------------------------------------------------
    @abstractmethod
    async def record_unanswered(
        self, text: str, best_entry: str | None, score: float | None, asked_at: datetime
    ) -> None:
        """Keep an unanswered question, for staff: no user id, personal data scrubbed."""

    @abstractmethod
    async def unanswered(self, since: datetime | None = None) -> list[UnansweredQuestion]:
        """The questions kept, oldest first; scrubbed again, for rows kept before scrubbing."""

    @abstractmethod
    async def purge_unanswered(self, before: datetime) -> int:
        """Delete the questions asked before `before` (compared as instants); return how many."""

    @abstractmethod
    async def record_question(self, outcome: str, entry: str | None, asked_at: datetime) -> None:
        """Count a question by its outcome (answer, suggest, none, smalltalk, empty)."""

    @abstractmethod
    async def record_vote(self, voter: int, entry: str, helpful: bool, voted_at: datetime) -> None:
        """Keep `voter`'s opinion of an answer; voting again on it replaces the earlier vote."""

    @abstractmethod
    async def votes_of(self, voter: int) -> int:
        """How many answers `voter` gave an opinion on."""

    @abstractmethod
    async def question_outcomes(self) -> dict[str, int]: ...

    @abstractmethod
    async def votes_per_entry(self) -> dict[str, tuple[int, int]]:
        """entry -> (helpful, not helpful)."""

    @abstractmethod
    async def user_count(self) -> int: ...

    @abstractmethod
    async def signed_up_count(self) -> int:
        """How many people have a webinar registration or a reminder subscription."""

    # -- proposals learned from real questions (storage.learning) ----------------------------
    @abstractmethod
    async def record_proposal(
        self, text: str, lang: str, signal: str, entry: str | None, score: float | None, now: datetime
    ) -> int:
        """Keep (scrubbed, no user id) or count again a question the knowledge could learn from;
        its id."""

    @abstractmethod
    async def proposal(self, proposal_id: int) -> Proposal | None: ...

    @abstractmethod
    async def pending_proposals(self, limit: int = 20) -> list[Proposal]:
        """The proposals waiting for staff, most asked first."""

    @abstractmethod
    async def decide_proposal(self, proposal_id: int, status: str, target: str | None, now: datetime) -> bool:
        """Accept (as a phrasing of `target`), mark out of scope or ignore a pending proposal;
        False when it was no longer pending (another reviewer was first)."""

    @abstractmethod
    async def decided_proposals(self, status: str = "accepted") -> list[Proposal]:
        """The proposals with that decision, oldest first: 'accepted' ones are the overlay."""

    @abstractmethod
    async def mark_exported(self, proposal_ids: Sequence[int], now: datetime) -> int:
        """Accepted or out-of-scope proposals now written into the YAML: out of the overlay."""

    @abstractmethod
    async def proposal_counts(self, since: datetime) -> dict[str, int]:
        """'pending': waiting now; every decision: how many were taken since `since`."""

    @abstractmethod
    async def purge_proposals(self, before: datetime) -> int:
        """Delete the proposals last seen before `before`, but the live overlay."""

    # -- updates received and not yet handled -------------------------------------------------
    @abstractmethod
    async def keep_updates(self, updates: list[tuple[int, str]], at: datetime) -> None:
        """Put received updates (id, JSON) in the inbox, before Telegram is told they arrived."""

    @abstractmethod
    async def forget_update(self, update_id: int) -> None:
        """An update is handled: out of the inbox."""

    @abstractmethod
    async def pending_updates(self) -> list[str]:
        """The updates received and not handled, oldest first (JSON)."""
