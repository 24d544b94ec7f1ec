"""Updates received from Telegram and not yet handled: kept until handled, replayed at start."""

from __future__ import annotations

from datetime import datetime

from .database import Queries


class InboxQueries(Queries):
    """Mixed into Store: the table `inbox`."""

    async def keep_updates(self, updates: list[tuple[int, str]], at: datetime) -> None:
        """Put received updates (id, JSON) in the inbox, before Telegram is told they arrived."""
        if not updates:
            return
        async with self._write:
            await self.db.executemany(
                "INSERT OR IGNORE INTO inbox (update_id, body, received_at) VALUES (?, ?, ?)",
                [(update_id, body, at.isoformat()) for update_id, body in updates],
            )
            await self.db.commit()

    async def forget_update(self, update_id: int) -> None:
        """An update is handled: out of the inbox."""
        async with self._write:
            await self.db.execute("DELETE FROM inbox WHERE update_id = ?", (update_id,))
            await self.db.commit()

    async def pending_updates(self) -> list[str]:
        """The updates received and not handled, oldest first (JSON)."""
        async with self.db.execute("SELECT body FROM inbox ORDER BY update_id") as cursor:
            return [row["body"] for row in await cursor.fetchall()]
