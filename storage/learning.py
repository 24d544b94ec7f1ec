"""Proposals for the knowledge, learned from real questions, and staff's decisions on them.

One row per question, keyed by its folded form (so "Salaire ?" and "salaire" are one), with
no user id: `askers` counts the times it was asked (a "did you mean" press on a question
already kept is the same asker). The strongest signal wins: a person choosing an entry says
more than a vote, which says more than a question left unanswered.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from knowledge.answer import MAX_QUESTION_CHARS
from knowledge.normalize import words

from .records import Proposal
from .scrub import scrub
from .sql import Connection, Queries, Row, instant

SIGNALS = ("unanswered", "not_helpful", "chosen")  # weakest first
DECISIONS = ("accepted", "out_of_scope", "ignored")
LIVE = ("accepted", "out_of_scope")  # decided, not yet written into the YAML: kept until exported
_INSERT = (
    "INSERT INTO proposals (text, form, lang, signal, entry, score, last_seen)"
    " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (form) DO NOTHING"
)
_COLUMNS = "id, text, lang, signal, entry, score, askers, status, target, last_seen"


def question_form(text: str) -> str:
    """The key two askings of one question share: its folded words."""
    return " ".join(words(text)) or text.strip().lower()


def _proposal(row: Row) -> Proposal:
    return Proposal(
        row["id"],
        scrub(row["text"]),
        row["lang"],
        row["signal"],
        row["entry"],
        row["score"],
        row["askers"],
        row["status"],
        row["target"],
        instant(row["last_seen"]),
    )


class LearningQueries(Queries):
    """The table `proposals`."""

    async def record_proposal(
        self, text: str, lang: str, signal: str, entry: str | None, score: float | None, now: datetime
    ) -> int:
        if signal not in SIGNALS:
            raise ValueError(f"unknown signal {signal!r}")
        kept = scrub(text)[:MAX_QUESTION_CHARS].strip()
        form = question_form(kept)
        rank = SIGNALS.index(signal)
        values = (kept, form, lang, signal, entry, score, now)

        async def work(tx: Connection) -> int:
            inserted = await tx.execute(_INSERT, *values)
            if not inserted:
                row = (await tx.fetch("SELECT signal, last_seen FROM proposals WHERE form = ?", form))[0]
                old, seen = row["signal"], max(instant(row["last_seen"]), now)
                stronger = rank >= SIGNALS.index(old) if old in SIGNALS else True
                # choosing an entry after asking is the same asker; asking again is another
                again = 0 if signal == "chosen" else 1
                if stronger:
                    await tx.execute(
                        "UPDATE proposals SET askers = askers + ?, last_seen = ?, signal = ?,"
                        " entry = ?, score = ? WHERE form = ?",
                        again,
                        seen,
                        signal,
                        entry,
                        score,
                        form,
                    )
                else:
                    await tx.execute(
                        "UPDATE proposals SET askers = askers + ?, last_seen = ? WHERE form = ?",
                        again,
                        seen,
                        form,
                    )
            return int((await tx.fetch("SELECT id FROM proposals WHERE form = ?", form))[0]["id"])

        return await self.transaction(work)

    async def proposal(self, proposal_id: int) -> Proposal | None:
        rows = await self.fetch(f"SELECT {_COLUMNS} FROM proposals WHERE id = ?", proposal_id)
        return _proposal(rows[0]) if rows else None

    async def pending_proposals(self, limit: int = 20) -> list[Proposal]:
        rows = await self.fetch(
            f"SELECT {_COLUMNS} FROM proposals WHERE status = 'pending'"
            " ORDER BY askers DESC, julianday(last_seen) DESC, id LIMIT ?",
            limit,
        )
        return [_proposal(r) for r in rows]

    async def decide_proposal(self, proposal_id: int, status: str, target: str | None, now: datetime) -> bool:
        if status not in DECISIONS:
            raise ValueError(f"unknown decision {status!r}")
        changed = await self.write(
            "UPDATE proposals SET status = ?, target = ?, decided_at = ? WHERE id = ? AND status = 'pending'",
            status,
            target,
            now,
            proposal_id,
        )
        return changed == 1

    async def decided_proposals(self, status: str = "accepted") -> list[Proposal]:
        rows = await self.fetch(f"SELECT {_COLUMNS} FROM proposals WHERE status = ? ORDER BY id", status)
        return [_proposal(r) for r in rows]

    async def mark_exported(self, proposal_ids: Sequence[int], now: datetime) -> int:
        async def work(tx: Connection) -> int:
            done = 0
            for proposal_id in proposal_ids:
                done += await tx.execute(
                    "UPDATE proposals SET status = 'exported', decided_at = ?"
                    " WHERE id = ? AND status IN ('accepted', 'out_of_scope')",
                    now,
                    proposal_id,
                )
            return done

        return await self.transaction(work)

    async def proposal_counts(self, since: datetime) -> dict[str, int]:
        # an exported proposal counts as what it was: accepted for an entry, or out of scope
        rows = await self.fetch(
            "SELECT CASE WHEN status <> 'exported' THEN status WHEN target IS NULL THEN 'out_of_scope'"
            " ELSE 'accepted' END AS decision,"
            " COUNT(*) FILTER (WHERE julianday(decided_at) >= julianday(?)), COUNT(*)"
            " FROM proposals GROUP BY 1",
            since,
        )
        counts = {r[0]: r[1] for r in rows}
        counts["pending"] = next((r[2] for r in rows if r[0] == "pending"), 0)
        return counts

    async def purge_proposals(self, before: datetime) -> int:
        return await self.write(
            "DELETE FROM proposals WHERE status NOT IN ('accepted', 'out_of_scope')"
            " AND julianday(last_seen) < julianday(?)",
            before,
        )
