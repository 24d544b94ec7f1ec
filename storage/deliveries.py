"""The reminder delivery log: who is owed a slot, claims on sends in flight, how sends ended.

A fan-out claims its recipients before sending (a row 'sending' under the (user, slot) key,
written in a transaction that holds the slot's lock), so that two processes sending the same
slot share the work and no one gets it twice. A claim is settled by the send's outcome
('sent', 'failed', 'blocked'), given back if the fan-out stops first, or taken over by another
fan-out once older than the dispatcher's claim timeout (its process died mid-send: only the
sends then in flight can go twice).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from .people import PERSON_COLUMNS, person_of
from .records import TELEGRAM_USERS, ClaimRequest, Delivery, Person, Recipients, SlotTally
from .sql import Connection, Queries

SENDING = Delivery.SENDING.value
SENT, FAILED, BLOCKED = Delivery.SENT.value, Delivery.FAILED.value, Delivery.BLOCKED.value
# Conditions on a delivery `d` of user `u`; parameters: the slot key, then the statuses.
DONE = "d.user_id = u.id AND d.slot_key = ? AND d.status IN (?, ?)"
CLAIMED = "d.user_id = u.id AND d.slot_key = ? AND d.status = ?"


def _among(recipients: Recipients, column: str = "u.id") -> tuple[str, tuple[int, ...]]:
    """The condition that keeps `recipients` (see Recipients), and its parameters."""
    if recipients.upto is None:
        return f"{column} > ?", (recipients.above,)
    return f"{column} > ? AND {column} <= ?", (recipients.above, recipients.upto)


def _owed(kind: str) -> str:
    """Who a slot is for: signed up before it was due, active (parameters: event id, due)."""
    if kind == "webinar":
        source = (
            "SELECT r.user_id AS user_id, r.registered_at AS since FROM registrations r"
            " JOIN users w ON w.id = r.user_id WHERE r.webinar_id = ? AND w.webinar_reminders"
        )
    else:
        source = "SELECT user_id, subscribed_at AS since FROM subscriptions WHERE event_id = ?"
    return (
        f"SELECT {PERSON_COLUMNS} FROM ({source}) s"
        " JOIN users u ON u.id = s.user_id WHERE u.active AND julianday(s.since) < julianday(?)"
    )


class DeliveryQueries(Queries):
    """The table `deliveries`."""

    async def pending_recipients(
        self, slot_key: str, event_id: str, kind: str, due: datetime, recipients: Recipients = TELEGRAM_USERS
    ) -> list[Person]:
        among, ids = _among(recipients)
        done = f"EXISTS (SELECT 1 FROM deliveries d WHERE {DONE})"
        query = f"{_owed(kind)} AND {among} AND NOT {done} ORDER BY u.id"
        rows = await self.fetch(query, event_id, due, *ids, slot_key, SENT, BLOCKED)
        return [person_of(row) for row in rows]

    async def count_pending(self, slot_key: str, event_id: str, kind: str, due: datetime) -> int:
        return len(await self.pending_recipients(slot_key, event_id, kind, due))

    async def claim_recipients(self, request: ClaimRequest) -> list[Person]:
        slot_key = request.slot_key
        claimed: tuple[object, ...] = (slot_key, SENDING, request.stale_before)
        if request.stale_only:
            which = f"EXISTS (SELECT 1 FROM deliveries d WHERE {CLAIMED} AND julianday(d.at) < julianday(?))"
        else:
            fresh = f"{CLAIMED} AND julianday(d.at) >= julianday(?)"
            which = f"NOT EXISTS (SELECT 1 FROM deliveries d WHERE ({DONE}) OR ({fresh}))"
            claimed = (slot_key, SENT, BLOCKED, *claimed)
        among, ids = _among(request.recipients)
        query = f"{_owed(request.kind)} AND u.id > ? AND {among} AND {which} ORDER BY u.id LIMIT ?"
        after = request.recipients.above if request.after is None else request.after
        params = (request.event_id, request.due, after, *ids, *claimed, request.limit)

        async def work(tx: Connection) -> list[Person]:
            await tx.lock(f"slot:{slot_key}")  # claims of one slot, one at a time
            people = [person_of(row) for row in await tx.fetch(query, *params)]
            await tx.execute_many(
                "INSERT INTO deliveries (user_id, slot_key, status, at, error) VALUES (?, ?, ?, ?, NULL)"
                " ON CONFLICT(user_id, slot_key) DO UPDATE SET status = excluded.status,"
                " at = excluded.at, error = NULL",
                [(person.id, slot_key, SENDING, request.now) for person in people],
            )
            return people

        return await self.transaction(work)

    async def release_claims(self, slot_key: str, user_ids: Sequence[int], claimed_at: datetime) -> None:
        await self._change_claims("DELETE FROM deliveries", slot_key, user_ids, claimed_at)

    async def renew_claims(
        self, slot_key: str, user_ids: Sequence[int], claimed_at: datetime, now: datetime
    ) -> None:
        await self._change_claims("UPDATE deliveries SET at = ?", slot_key, user_ids, claimed_at, now)

    async def _change_claims(
        self, change: str, slot_key: str, user_ids: Sequence[int], claimed_at: datetime, *values: object
    ) -> None:
        """Delete or update the claims made at `claimed_at` (and only those: not a takeover)."""

        async def work(tx: Connection) -> None:
            await tx.execute_many(
                f"{change} WHERE user_id = ? AND slot_key = ? AND status = ? AND at = ?",
                [(*values, user_id, slot_key, SENDING, claimed_at) for user_id in user_ids],
            )

        if user_ids:
            await self.transaction(work)

    async def claims_in_flight(
        self, slot_key: str, since: datetime, recipients: Recipients = TELEGRAM_USERS
    ) -> int:
        among, ids = _among(recipients, "user_id")
        return await self.value(
            "SELECT COUNT(*) FROM deliveries WHERE slot_key = ? AND status = ?"
            f" AND julianday(at) >= julianday(?) AND {among}",
            slot_key,
            SENDING,
            since,
            *ids,
        )

    async def record_delivery(
        self, user_id: int, slot_key: str, status: str, now: datetime, error: str | None = None
    ) -> None:
        async def work(tx: Connection) -> None:
            await tx.execute(
                "INSERT INTO deliveries (user_id, slot_key, status, at, error) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT(user_id, slot_key) DO UPDATE SET status = excluded.status,"
                " at = excluded.at, error = excluded.error WHERE deliveries.status != ?",
                user_id,
                slot_key,
                status,
                now,
                error,
                SENT,
            )
            if status == BLOCKED:
                await tx.execute("UPDATE users SET active = FALSE WHERE id = ?", user_id)

        await self.transaction(work)

    async def delivery_tallies(self) -> dict[str, SlotTally]:
        among, ids = _among(TELEGRAM_USERS, "user_id")
        rows = await self.fetch(
            "SELECT slot_key, COUNT(*) FILTER (WHERE status = ?), COUNT(*) FILTER (WHERE status = ?),"
            " COUNT(*) FILTER (WHERE status = ?) FROM deliveries WHERE status != ? AND "
            f"{among} GROUP BY slot_key",
            SENT,
            FAILED,
            BLOCKED,
            SENDING,
            *ids,
        )
        return {r[0]: SlotTally(r[1], r[2], r[3]) for r in rows}

    async def deliveries_to(self, user_id: int) -> int:
        return await self.value(
            "SELECT COUNT(*) FROM deliveries WHERE user_id = ? AND status = ?", user_id, SENT
        )
