"""Who subscribed to which deadline's reminders, and users' reminder flags."""

from __future__ import annotations

from datetime import datetime

from .records import Delivery
from .sql import Connection, Queries, instant

# Kept here for the importers of storage.subscriptions.
SENT, FAILED, BLOCKED = Delivery.SENT.value, Delivery.FAILED.value, Delivery.BLOCKED.value


class SubscriptionQueries(Queries):
    """The table `subscriptions`, and the flags `active` and `webinar_reminders` of users."""

    async def subscribe(self, user_id: int, event_id: str, now: datetime) -> bool:
        async def work(tx: Connection) -> int:
            added = await tx.execute(
                "INSERT INTO subscriptions (user_id, event_id, subscribed_at) VALUES (?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                user_id,
                event_id,
                now,
            )
            await tx.execute("UPDATE users SET active = TRUE WHERE id = ?", user_id)
            return added

        return await self.transaction(work) == 1

    async def unsubscribe(self, user_id: int, event_id: str | None = None) -> int:
        if event_id is not None:
            return await self.write(
                "DELETE FROM subscriptions WHERE user_id = ? AND event_id = ?", user_id, event_id
            )

        async def work(tx: Connection) -> int:
            removed = await tx.execute("DELETE FROM subscriptions WHERE user_id = ?", user_id)
            await tx.execute("UPDATE users SET webinar_reminders = FALSE WHERE id = ?", user_id)
            return removed

        return await self.transaction(work)

    async def set_webinar_reminders(self, user_id: int, on: bool) -> None:
        await self.write("UPDATE users SET webinar_reminders = ?, active = TRUE WHERE id = ?", on, user_id)

    async def webinar_reminders_on(self, user_id: int) -> bool:
        rows = await self.fetch("SELECT webinar_reminders FROM users WHERE id = ?", user_id)
        return bool(rows[0][0]) if rows else True

    async def subscriptions_of(self, user_id: int) -> dict[str, datetime]:
        rows = await self.fetch(
            "SELECT event_id, subscribed_at FROM subscriptions WHERE user_id = ?", user_id
        )
        return {r[0]: instant(r[1]) for r in rows}

    async def subscriber_counts(self) -> dict[str, int]:
        rows = await self.fetch(
            "SELECT s.event_id, COUNT(*) FROM subscriptions s JOIN users u ON u.id = s.user_id"
            " WHERE u.active GROUP BY s.event_id"
        )
        return {r[0]: r[1] for r in rows}
