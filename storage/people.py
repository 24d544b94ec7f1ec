"""Users and their webinar registrations; erasing a person with everything linked to them."""

from __future__ import annotations

from datetime import datetime

from .database import Queries
from .records import Person, Registration, SignUp


class PeopleQueries(Queries):
    """Mixed into Store: the tables `users` and `registrations`."""

    async def save_user(self, user: Person, now: datetime) -> None:
        """Create or refresh the user row (a sign-up is the only reason to keep one)."""
        async with self._write:
            await self._save_user(user, now)
            await self.db.commit()

    async def _save_user(self, user: Person, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO users (id, first_name, username, language, created_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET first_name = excluded.first_name,"
            " username = excluded.username, language = excluded.language, active = 1",
            (user.id, user.first_name[:64], user.username, user.language, now.isoformat()),
        )

    async def register(self, user: Person, webinar_id: str, capacity: int | None, now: datetime) -> SignUp:
        """Register `user`, never beyond `capacity`; committed before this returns."""
        async with self._write:
            await self._save_user(user, now)
            # One statement checks the count and inserts: no place can be given twice.
            cursor = await self.db.execute(
                "INSERT OR IGNORE INTO registrations (user_id, webinar_id, registered_at)"
                " SELECT ?, ?, ? WHERE ? IS NULL"
                " OR (SELECT COUNT(*) FROM registrations WHERE webinar_id = ?) < ?",
                (user.id, webinar_id, now.isoformat(), capacity, webinar_id, capacity),
            )
            inserted = cursor.rowcount == 1
            await self.db.commit()
        if inserted:
            return SignUp.REGISTERED
        return SignUp.ALREADY if await self.is_registered(user.id, webinar_id) else SignUp.FULL

    async def cancel(self, user_id: int, webinar_id: str) -> bool:
        """Remove a registration; True if there was one."""
        async with self._write:
            cursor = await self.db.execute(
                "DELETE FROM registrations WHERE user_id = ? AND webinar_id = ?", (user_id, webinar_id)
            )
            await self.db.commit()
        return cursor.rowcount == 1

    async def is_registered(self, user_id: int, webinar_id: str) -> bool:
        async with self.db.execute(
            "SELECT 1 FROM registrations WHERE user_id = ? AND webinar_id = ?", (user_id, webinar_id)
        ) as cursor:
            return await cursor.fetchone() is not None

    async def registration_counts(self) -> dict[str, int]:
        async with self.db.execute(
            "SELECT webinar_id, COUNT(*) FROM registrations GROUP BY webinar_id"
        ) as cursor:
            return {row[0]: row[1] for row in await cursor.fetchall()}

    async def registrations(
        self, webinar_id: str | None = None, user_id: int | None = None
    ) -> list[Registration]:
        """Registrations with their users, oldest first, optionally for one webinar or user."""
        query = (
            "SELECT r.webinar_id, r.registered_at, u.id, u.first_name, u.username, u.language"
            " FROM registrations r JOIN users u ON u.id = r.user_id WHERE 1 = 1"
        )
        params: list[object] = []
        if webinar_id is not None:
            query += " AND r.webinar_id = ?"
            params.append(webinar_id)
        if user_id is not None:
            query += " AND r.user_id = ?"
            params.append(user_id)
        async with self.db.execute(query + " ORDER BY r.registered_at, u.id", params) as cursor:
            rows = await cursor.fetchall()
        return [
            Registration(r[0], Person(r[2], r[3], r[4], r[5]), datetime.fromisoformat(r[1])) for r in rows
        ]

    async def person(self, user_id: int) -> Person | None:
        async with self.db.execute(
            "SELECT id, first_name, username, language FROM users WHERE id = ?", (user_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return Person(row[0], row[1], row[2], row[3]) if row else None

    async def forget(self, user_id: int) -> None:
        """Erase the user and everything linked to them (foreign keys cascade), votes included."""
        async with self._write:
            await self.db.execute("DELETE FROM users WHERE id = ?", (user_id,))
            await self.db.execute("DELETE FROM votes WHERE voter = ?", (user_id,))
            await self.db.commit()
