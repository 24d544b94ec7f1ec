"""Constants the tests share (fixtures are in conftest.py)."""

from __future__ import annotations

from datetime import datetime

from knowledge.model import PARIS

# While applications are open (7 March - 19 April 2022).
NOW = datetime(2022, 3, 20, 10, 0, tzinfo=PARIS)
ADMIN_ID = 1
TOKEN = "123456789:AAEfake-token_for_tests"
