"""Unanswered questions, and the proposals learned from questions, are kept for a set time:
purged at start, then once a day (the proposals accepted and not yet exported are kept)."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from knowledge.clock import Clock

from .store import Store

log = logging.getLogger(__name__)

DEFAULT_RETENTION_DAYS = 90
DAY_SECONDS = 24 * 3600.0


class UnansweredRetention:
    """Deletes the unanswered questions asked more than `days` ago by the bot's clock."""

    def __init__(self, store: Store, clock: Clock, days: int = DEFAULT_RETENTION_DAYS):
        self.store = store
        self.clock = clock
        self.days = days

    async def purge(self) -> int:
        """Delete what is past its time now; return how many questions went."""
        before = self.clock.now() - timedelta(days=self.days)
        purged = await self.store.purge_unanswered(before)
        purged += await self.store.purge_proposals(before)
        if purged:
            log.info("%d unanswered question(s) older than %d days deleted", purged, self.days)
        return purged

    async def purge_or_log(self) -> int:
        """purge(), with a failure (e.g. the database locked) logged instead of raised."""
        try:
            return await self.purge()
        except Exception as error:  # noqa: BLE001 - the next purge will try again
            log.warning("could not purge unanswered questions: %s", error)
            return 0

    async def run(self, interval: float = DAY_SECONDS) -> None:
        """Purge now, then every `interval` seconds (a day), until cancelled."""
        while True:
            await self.purge_or_log()
            await asyncio.sleep(interval)
