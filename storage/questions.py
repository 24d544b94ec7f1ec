"""Questions the bot could not answer (scrubbed, for staff), usage counts and helpful votes."""

from __future__ import annotations

from datetime import datetime

from knowledge.answer import MAX_QUESTION_CHARS

from .database import Queries, single_value
from .records import UnansweredQuestion
from .scrub import scrub


class QuestionQueries(Queries):
    """Mixed into Store: the tables `unanswered`, `questions` and `votes` (no user id but the voter's)."""

    async def record_unanswered(
        self, text: str, best_entry: str | None, score: float | None, asked_at: datetime
    ) -> None:
        """Keep an unanswered question, for staff: no user id, personal data scrubbed."""
        async with self._write:
            await self.db.execute(
                "INSERT INTO unanswered (text, best_entry, score, asked_at) VALUES (?, ?, ?, ?)",
                (scrub(text)[:MAX_QUESTION_CHARS], best_entry, score, asked_at.isoformat()),
            )
            await self.db.commit()

    async def unanswered(self, since: datetime | None = None) -> list[UnansweredQuestion]:
        """The questions kept, oldest first; scrubbed again, for rows kept before scrubbing."""
        query = "SELECT text, best_entry, score, asked_at FROM unanswered"
        params: tuple = ()
        if since is not None:
            query += " WHERE asked_at >= ?"
            params = (since.isoformat(),)
        async with self.db.execute(query + " ORDER BY id", params) as cursor:
            rows = await cursor.fetchall()
        return [
            UnansweredQuestion(
                scrub(r["text"]), r["best_entry"], r["score"], datetime.fromisoformat(r["asked_at"])
            )
            for r in rows
        ]

    async def purge_unanswered(self, before: datetime) -> int:
        """Delete the questions asked before `before` (compared as instants); return how many."""
        async with self._write:
            cursor = await self.db.execute(
                "DELETE FROM unanswered WHERE julianday(asked_at) < julianday(?)", (before.isoformat(),)
            )
            await self.db.commit()
        return cursor.rowcount

    async def record_question(self, outcome: str, entry: str | None, asked_at: datetime) -> None:
        """Count a question by its outcome (answer, suggest, none, smalltalk, empty)."""
        async with self._write:
            await self.db.execute(
                "INSERT INTO questions (asked_at, outcome, entry) VALUES (?, ?, ?)",
                (asked_at.isoformat(), outcome, entry),
            )
            await self.db.commit()

    async def record_vote(self, voter: int, entry: str, helpful: bool, voted_at: datetime) -> None:
        """Keep `voter`'s opinion of an answer; voting again on it replaces the earlier vote."""
        async with self._write:
            await self.db.execute(
                "INSERT INTO votes (voter, entry, helpful, voted_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (voter, entry) DO UPDATE SET helpful = excluded.helpful,"
                " voted_at = excluded.voted_at",
                (voter, entry, int(helpful), voted_at.isoformat()),
            )
            await self.db.commit()

    async def votes_of(self, voter: int) -> int:
        """How many answers `voter` gave an opinion on."""
        return await single_value(self.db, "SELECT COUNT(*) FROM votes WHERE voter = ?", (voter,))

    async def question_outcomes(self) -> dict[str, int]:
        async with self.db.execute("SELECT outcome, COUNT(*) FROM questions GROUP BY outcome") as cursor:
            return {r[0]: r[1] for r in await cursor.fetchall()}

    async def votes_per_entry(self) -> dict[str, tuple[int, int]]:
        """entry -> (helpful, not helpful)."""
        async with self.db.execute(
            "SELECT entry, SUM(helpful), SUM(1 - helpful) FROM votes GROUP BY entry ORDER BY entry"
        ) as cursor:
            return {r[0]: (r[1], r[2]) for r in await cursor.fetchall()}

    async def user_count(self) -> int:
        return await single_value(self.db, "SELECT COUNT(*) FROM users")
