"""`python -m tests.e2e.paced_bot`: `python -m bot` with its rate limiter's periods scaled.

The bot's PacedRateLimiter (bot/ratelimit.py: 30 messages a second overall, 20 a minute per
group, a burst of 3 then one a second per private chat) gets every period multiplied by
PACE_SCALE (environment variable): 0.1 lets the bot send ten times as fast. For journeys and
drills whose checks do not depend on Telegram's pace, so that they take seconds instead of a
minute; the bot is otherwise unchanged (a 429 is still waited out in full), and the Bot API
server's limits still apply.
"""

from __future__ import annotations

import os
import runpy
from typing import Any

from bot.ratelimit import OVERALL_PERIOD, PacedRateLimiter

SCALE = float(os.environ["PACE_SCALE"])
_original = PacedRateLimiter.__init__


def _scaled(self: PacedRateLimiter, per_chat_interval: float = 1.0, **options: Any) -> None:
    options["overall_period"] = options.get("overall_period", OVERALL_PERIOD) * SCALE
    options["group_period"] = options.get("group_period", 60.0) * SCALE
    _original(self, per_chat_interval * SCALE, **options)


PacedRateLimiter.__init__ = _scaled  # type: ignore[method-assign]
runpy.run_module("bot", run_name="__main__", alter_sys=True)
