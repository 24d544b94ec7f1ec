"""Store queries for reminders: who subscribed to what, and what was delivered to whom."""

from __future__ import annotations

from datetime import datetime

from .database import Queries, single_value
from .records import Delivery, Person, SlotTally

SENT, FAILED, BLOCKED = Delivery.SENT.value, Delivery.FAILED.value, Delivery.BLOCKED.value


class SubscriptionQueries(Queries):
    """Mixed into Store: the tables `subscriptions` and `deliveries`, and users' flags."""

    async def subscribe(self, user_id: int, event_id: str, now: datetime) -> bool:
        """Subscribe to one deadline's reminders (the user row must exist); True if new."""
        async with self._write:
            cursor = await self.db.execute(
                "INSERT OR IGNORE INTO subscriptions (user_id, event_id, subscribed_at) VALUES (?, ?, ?)",
                (user_id, event_id, now.isoformat()),
            )
            await self.db.execute("UPDATE users SET active = 1 WHERE id = ?", (user_id,))
            await self.db.commit()
        return cursor.rowcount == 1

    async def unsubscribe(self, user_id: int, event_id: str | None = None) -> int:
        """Stop one deadline's reminders, or all of them with webinar reminders too."""
        async with self._write:
            if event_id is None:
                cursor = await self.db.execute("DELETE FROM subscriptions WHERE user_id = ?", (user_id,))
                await self.db.execute("UPDATE users SET webinar_reminders = 0 WHERE id = ?", (user_id,))
            else:
                cursor = await self.db.execute(
                    "DELETE FROM subscriptions WHERE user_id = ? AND event_id = ?", (user_id, event_id)
                )
            await self.db.commit()
        return cursor.rowcount

    async def set_webinar_reminders(self, user_id: int, on: bool) -> None:
        async with self._write:
            await self.db.execute(
                "UPDATE users SET webinar_reminders = ?, active = 1 WHERE id = ?", (int(on), user_id)
            )
            await self.db.commit()

    async def webinar_reminders_on(self, user_id: int) -> bool:
        async with self.db.execute("SELECT webinar_reminders FROM users WHERE id = ?", (user_id,)) as cursor:
            row = await cursor.fetchone()
        return bool(row[0]) if row else True

    async def subscriptions_of(self, user_id: int) -> dict[str, datetime]:
        async with self.db.execute(
            "SELECT event_id, subscribed_at FROM subscriptions WHERE user_id = ?", (user_id,)
        ) as cursor:
            return {r[0]: datetime.fromisoformat(r[1]) for r in await cursor.fetchall()}

    async def subscriber_counts(self) -> dict[str, int]:
        async with self.db.execute(
            "SELECT s.event_id, COUNT(*) FROM subscriptions s JOIN users u ON u.id = s.user_id"
            " WHERE u.active = 1 GROUP BY s.event_id"
        ) as cursor:
            return {r[0]: r[1] for r in await cursor.fetchall()}

    async def pending_recipients(
        self, slot_key: str, event_id: str, kind: str, due: datetime
    ) -> list[Person]:
        """Who should get this slot and has not: signed up before it was due, active, not sent."""
        if kind == "webinar":
            source = (
                "SELECT r.user_id AS user_id, r.registered_at AS since FROM registrations r"
                " JOIN users w ON w.id = r.user_id WHERE r.webinar_id = ? AND w.webinar_reminders = 1"
            )
        else:
            source = "SELECT user_id, subscribed_at AS since FROM subscriptions WHERE event_id = ?"
        query = (
            f"SELECT u.id, u.first_name, u.username, u.language FROM ({source}) s"
            " JOIN users u ON u.id = s.user_id WHERE u.active = 1 AND s.since < ? AND NOT EXISTS"
            " (SELECT 1 FROM deliveries d WHERE d.user_id = u.id AND d.slot_key = ? AND d.status IN (?, ?))"
            " ORDER BY u.id"
        )
        params = (event_id, due.isoformat(), slot_key, SENT, BLOCKED)
        async with self.db.execute(query, params) as cursor:
            return [Person(r[0], r[1], r[2], r[3]) for r in await cursor.fetchall()]

    async def count_pending(self, slot_key: str, event_id: str, kind: str, due: datetime) -> int:
        """How many people a slot will still reach if nothing changes."""
        return len(await self.pending_recipients(slot_key, event_id, kind, due))

    async def record_delivery(
        self, user_id: int, slot_key: str, status: str, now: datetime, error: str | None = None
    ) -> None:
        """Log one send under its unique (user, slot) key; a 'sent' row is never overwritten."""
        async with self._write:
            await self.db.execute(
                "INSERT INTO deliveries (user_id, slot_key, status, at, error) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT(user_id, slot_key) DO UPDATE SET status = excluded.status,"
                " at = excluded.at, error = excluded.error WHERE deliveries.status != ?",
                (user_id, slot_key, status, now.isoformat(), error, SENT),
            )
            if status == BLOCKED:
                await self.db.execute("UPDATE users SET active = 0 WHERE id = ?", (user_id,))
            await self.db.commit()

    async def delivery_tallies(self) -> dict[str, SlotTally]:
        async with self.db.execute(
            "SELECT slot_key, SUM(status = ?), SUM(status = ?), SUM(status = ?)"
            " FROM deliveries GROUP BY slot_key",
            (SENT, FAILED, BLOCKED),
        ) as cursor:
            return {r[0]: SlotTally(r[1], r[2], r[3]) for r in await cursor.fetchall()}

    async def deliveries_to(self, user_id: int) -> int:
        """How many reminders were sent to this person (shown in /mesdonnees)."""
        return await single_value(
            self.db, "SELECT COUNT(*) FROM deliveries WHERE user_id = ? AND status = ?", (user_id, SENT)
        )
