"""Users and their webinar registrations; erasing a person with everything linked to them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from .records import Person, Registration, SignUp
from .sql import Connection, Queries, Row, instant

# A sign-up keeps the language of the conversation, unless the person fixed one (/langue).
SAVE_USER = (
    "INSERT INTO users (id, first_name, username, language, created_at, reply_language)"
    " VALUES (?, ?, ?, ?, ?, ?)"
    " ON CONFLICT(id) DO UPDATE SET first_name = excluded.first_name,"
    " username = excluded.username, language = excluded.language, active = TRUE,"
    " reply_language = CASE WHEN users.language_fixed THEN users.reply_language"
    " ELSE excluded.reply_language END"
)
FIX_LANGUAGE = (
    "INSERT INTO users (id, first_name, username, language, created_at, reply_language, language_fixed)"
    " VALUES (?, ?, ?, ?, ?, ?, TRUE)"
    " ON CONFLICT(id) DO UPDATE SET first_name = excluded.first_name, username = excluded.username,"
    " language = excluded.language, reply_language = excluded.reply_language, language_fixed = TRUE"
)
IS_REGISTERED = "SELECT 1 FROM registrations WHERE user_id = ? AND webinar_id = ?"
# The columns of a Person, from `users u`, in the order of person_of.
PERSON_COLUMNS = "u.id, u.first_name, u.username, u.language, u.reply_language, u.language_fixed"


def _user_row(user: Person, now: datetime) -> tuple[object, ...]:
    return (user.id, user.first_name[:64], user.username, user.language, now, user.lang)


def person_of(row: Row | Sequence[Any]) -> Person:
    """A Person from the PERSON_COLUMNS of a row."""
    return Person(row[0], row[1], row[2], row[3], row[4], bool(row[5]))


class PeopleQueries(Queries):
    """The tables `users` and `registrations`."""

    async def save_user(self, user: Person, now: datetime) -> None:
        await self.write(SAVE_USER, *_user_row(user, now))

    async def fix_language(self, user: Person, lang: str | None, now: datetime) -> None:
        """/langue: replies in `lang` from now on, whatever the messages' language; None: in
        the language of the messages again (the stored language stays that of the sign-ups)."""
        if lang is None:
            await self.write("UPDATE users SET language_fixed = FALSE WHERE id = ?", user.id)
        else:
            await self.write(FIX_LANGUAGE, *_user_row(user, now)[:5], lang)

    async def register(self, user: Person, webinar_id: str, capacity: int | None, now: datetime) -> SignUp:
        async def work(tx: Connection) -> SignUp:
            # One registration at a time per webinar, across processes: the count below
            # cannot change before this transaction ends.
            await tx.lock(f"webinar:{webinar_id}")
            await tx.execute(SAVE_USER, *_user_row(user, now))
            if await tx.fetch(IS_REGISTERED, user.id, webinar_id):
                return SignUp.ALREADY
            if capacity is not None:
                [(taken,)] = await tx.fetch(
                    "SELECT COUNT(*) FROM registrations WHERE webinar_id = ?", webinar_id
                )
                if taken >= capacity:
                    return SignUp.FULL
            await tx.execute(
                "INSERT INTO registrations (user_id, webinar_id, registered_at) VALUES (?, ?, ?)",
                user.id,
                webinar_id,
                now,
            )
            return SignUp.REGISTERED

        return await self.transaction(work)

    async def cancel(self, user_id: int, webinar_id: str) -> bool:
        changed = await self.write(
            "DELETE FROM registrations WHERE user_id = ? AND webinar_id = ?", user_id, webinar_id
        )
        return changed == 1

    async def is_registered(self, user_id: int, webinar_id: str) -> bool:
        return bool(await self.fetch(IS_REGISTERED, user_id, webinar_id))

    async def registration_counts(self) -> dict[str, int]:
        rows = await self.fetch("SELECT webinar_id, COUNT(*) FROM registrations GROUP BY webinar_id")
        return {row[0]: row[1] for row in rows}

    async def registrations(
        self, webinar_id: str | None = None, user_id: int | None = None
    ) -> list[Registration]:
        query = (
            f"SELECT r.webinar_id, r.registered_at, {PERSON_COLUMNS}"
            " FROM registrations r JOIN users u ON u.id = r.user_id WHERE 1 = 1"
        )
        params: list[object] = []
        if webinar_id is not None:
            query += " AND r.webinar_id = ?"
            params.append(webinar_id)
        if user_id is not None:
            query += " AND r.user_id = ?"
            params.append(user_id)
        rows = await self.fetch(query + " ORDER BY r.registered_at, u.id", *params)
        return [Registration(r[0], person_of(tuple(r)[2:]), instant(r[1])) for r in rows]

    async def person(self, user_id: int) -> Person | None:
        rows = await self.fetch(f"SELECT {PERSON_COLUMNS} FROM users u WHERE u.id = ?", user_id)
        return person_of(rows[0]) if rows else None

    async def forget(self, user_id: int) -> None:
        async def work(tx: Connection) -> None:
            await tx.execute("DELETE FROM users WHERE id = ?", user_id)  # the rest cascades
            await tx.execute("DELETE FROM votes WHERE voter = ?", user_id)

        await self.transaction(work)
