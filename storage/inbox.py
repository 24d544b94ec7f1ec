"""Updates received from Telegram and not yet handled: kept until handled, replayed at start."""

from __future__ import annotations

from datetime import datetime

from .sql import Connection, Queries


class InboxQueries(Queries):
    """The table `inbox`."""

    async def keep_updates(self, updates: list[tuple[int, str]], at: datetime) -> None:
        async def work(tx: Connection) -> None:
            await tx.execute_many(
                "INSERT INTO inbox (update_id, body, received_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                [(update_id, body, at) for update_id, body in updates],
            )

        if updates:
            await self.transaction(work)

    async def forget_update(self, update_id: int) -> None:
        await self.write("DELETE FROM inbox WHERE update_id = ?", update_id)

    async def pending_updates(self) -> list[str]:
        return [row["body"] for row in await self.fetch("SELECT body FROM inbox ORDER BY update_id")]
