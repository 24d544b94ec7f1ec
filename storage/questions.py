"""Questions the bot could not answer (scrubbed, for staff), usage counts and helpful votes."""

from __future__ import annotations

from datetime import datetime

from knowledge.answer import MAX_QUESTION_CHARS

from .records import UnansweredQuestion
from .scrub import scrub
from .sql import Queries, instant


class QuestionQueries(Queries):
    """The tables `unanswered`, `questions` and `votes` (no user id but the voter's)."""

    async def record_unanswered(
        self, text: str, best_entry: str | None, score: float | None, asked_at: datetime
    ) -> None:
        await self.write(
            "INSERT INTO unanswered (text, best_entry, score, asked_at) VALUES (?, ?, ?, ?)",
            scrub(text)[:MAX_QUESTION_CHARS],
            best_entry,
            score,
            asked_at,
        )

    async def unanswered(self, since: datetime | None = None) -> list[UnansweredQuestion]:
        query = "SELECT text, best_entry, score, asked_at FROM unanswered"
        params: tuple[object, ...] = ()
        if since is not None:
            query += " WHERE julianday(asked_at) >= julianday(?)"
            params = (since,)
        rows = await self.fetch(query + " ORDER BY id", *params)
        return [
            UnansweredQuestion(scrub(r["text"]), r["best_entry"], r["score"], instant(r["asked_at"]))
            for r in rows
        ]

    async def purge_unanswered(self, before: datetime) -> int:
        return await self.write("DELETE FROM unanswered WHERE julianday(asked_at) < julianday(?)", before)

    async def record_question(self, outcome: str, entry: str | None, asked_at: datetime) -> None:
        await self.write(
            "INSERT INTO questions (asked_at, outcome, entry) VALUES (?, ?, ?)", asked_at, outcome, entry
        )

    async def record_vote(self, voter: int, entry: str, helpful: bool, voted_at: datetime) -> None:
        await self.write(
            "INSERT INTO votes (voter, entry, helpful, voted_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (voter, entry) DO UPDATE SET helpful = excluded.helpful,"
            " voted_at = excluded.voted_at",
            voter,
            entry,
            helpful,
            voted_at,
        )

    async def votes_of(self, voter: int) -> int:
        return await self.value("SELECT COUNT(*) FROM votes WHERE voter = ?", voter)

    async def question_outcomes(self) -> dict[str, int]:
        rows = await self.fetch("SELECT outcome, COUNT(*) FROM questions GROUP BY outcome")
        return {r[0]: r[1] for r in rows}

    async def votes_per_entry(self) -> dict[str, tuple[int, int]]:
        rows = await self.fetch(
            "SELECT entry, COUNT(*) FILTER (WHERE helpful), COUNT(*) FILTER (WHERE NOT helpful)"
            " FROM votes GROUP BY entry ORDER BY entry"
        )
        return {r[0]: (r[1], r[2]) for r in rows}

    async def user_count(self) -> int:
        return await self.value("SELECT COUNT(*) FROM users")

    async def signed_up_count(self) -> int:
        return await self.value(
            "SELECT COUNT(*) FROM users u WHERE EXISTS (SELECT 1 FROM registrations r WHERE r.user_id = u.id)"
            " OR EXISTS (SELECT 1 FROM subscriptions s WHERE s.user_id = u.id)"
        )
