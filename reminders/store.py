"""The bot's one SQLite database, through aiosqlite: schema migrations and the queries."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import aiosqlite

log = logging.getLogger(__name__)

# Each step moves the schema from version N to N+1; never edit a released step, add one.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE unanswered (
        id INTEGER PRIMARY KEY,
        text TEXT NOT NULL,
        best_entry TEXT,
        score REAL,
        asked_at TEXT NOT NULL
    );
    CREATE INDEX unanswered_asked_at ON unanswered(asked_at);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
MAX_QUESTION_CHARS = 1000


@dataclass(frozen=True)
class UnansweredQuestion:
    text: str
    best_entry: str | None
    score: float | None
    asked_at: datetime


class Store:
    """Opens the database (WAL mode), migrates it forward, and answers the bot's queries."""

    def __init__(self, db: aiosqlite.Connection, path: str):
        self.db = db
        self.path = path

    @classmethod
    async def open(cls, path: str | Path) -> "Store":
        path = str(path)
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        db = await aiosqlite.connect(path, timeout=30)
        db.row_factory = aiosqlite.Row
        await db.execute("PRAGMA journal_mode=WAL")
        await db.execute("PRAGMA foreign_keys=ON")
        await db.execute("PRAGMA busy_timeout=30000")
        store = cls(db, path)
        await store.migrate()
        return store

    async def migrate(self) -> int:
        """Apply the migrations the file has not seen yet; return the schema version."""
        async with self.db.execute("PRAGMA user_version") as cursor:
            version = (await cursor.fetchone())[0]
        if version > SCHEMA_VERSION:
            raise RuntimeError(f"database {self.path} has schema {version}, newer than this bot "
                               f"({SCHEMA_VERSION}): upgrade the bot")
        for step in range(version, SCHEMA_VERSION):
            await self.db.executescript(f"BEGIN; {MIGRATIONS[step]} PRAGMA user_version = {step + 1}; COMMIT;")
            log.info("database migrated to schema %d", step + 1)
        return SCHEMA_VERSION

    async def close(self) -> None:
        await self.db.close()

    async def record_unanswered(self, text: str, best_entry: str | None, score: float | None,
                                asked_at: datetime) -> None:
        """Keep a question the bot could not answer, for staff; no user id is stored."""
        await self.db.execute(
            "INSERT INTO unanswered (text, best_entry, score, asked_at) VALUES (?, ?, ?, ?)",
            (text[:MAX_QUESTION_CHARS], best_entry, score, asked_at.isoformat()))
        await self.db.commit()

    async def unanswered(self, since: datetime | None = None) -> list[UnansweredQuestion]:
        query = "SELECT text, best_entry, score, asked_at FROM unanswered"
        params: tuple = ()
        if since is not None:
            query += " WHERE asked_at >= ?"
            params = (since.isoformat(),)
        async with self.db.execute(query + " ORDER BY id", params) as cursor:
            rows = await cursor.fetchall()
        return [UnansweredQuestion(r["text"], r["best_entry"], r["score"],
                                   datetime.fromisoformat(r["asked_at"])) for r in rows]
