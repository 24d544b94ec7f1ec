"""Clocks: the only place that reads the time. Everything else is given a clock."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from .model import PARIS


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware, in Europe/Paris."""
        ...


class SystemClock:
    """Real time."""

    def now(self) -> datetime:
        return datetime.now(PARIS)


@dataclass
class RehearsalClock:
    """Starts at a chosen instant, then runs at normal speed (BOT_CLOCK_START)."""

    start: datetime
    _origin: float = field(default_factory=time.monotonic)

    def now(self) -> datetime:
        elapsed = timedelta(seconds=time.monotonic() - self._origin)
        return (self.start + elapsed).astimezone(PARIS)


@dataclass
class FixedClock:
    """A clock that moves only when told to (tests, `knowledge ask --now`)."""

    instant: datetime

    def now(self) -> datetime:
        return self.instant.astimezone(PARIS)

    def advance(self, delta: timedelta) -> None:
        self.instant = self.instant + delta


def parse_instant(text: str) -> datetime:
    """An ISO 8601 date or datetime; naive values are Paris time. Raises ValueError."""
    value = datetime.fromisoformat(text.strip())
    return value if value.tzinfo else value.replace(tzinfo=PARIS)
