"""`python -m tests.e2e.paced_bot`: `python -m bot` with its rate limiters' clock sped up.

Every aiolimiter.AsyncLimiter the bot makes (python-telegram-bot's AIORateLimiter: 30 messages
a second overall, 20 a minute per group; the bot's own: one a second per private chat) gets
its period multiplied by PACE_SCALE (environment variable): 0.1 lets the bot send ten times
as fast. For journeys and drills whose checks do not depend on Telegram's pace, so that they
take seconds instead of a minute; the bot is otherwise unchanged, and the Bot API server's
limits still apply.
"""

from __future__ import annotations

import os
import runpy

from aiolimiter import AsyncLimiter

SCALE = float(os.environ["PACE_SCALE"])
_original = AsyncLimiter.__init__


def _scaled(self: AsyncLimiter, max_rate: float, time_period: float = 60) -> None:
    _original(self, max_rate, time_period * SCALE)


AsyncLimiter.__init__ = _scaled  # type: ignore[method-assign]
runpy.run_module("bot", run_name="__main__", alter_sys=True)
