"""Shared fixtures: the shipped knowledge, a fixed clock, a temporary store, a core."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.core import Core
from knowledge.clock import FixedClock
from knowledge.loader import load_knowledge
from knowledge.model import Knowledge
from storage.store import Store
from tests.helpers import ADMIN_ID, NOW

pytest_plugins = ["tests.chat"]  # the `chat` fixture: a user talking to the Application


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return load_knowledge()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    store = await Store.open(tmp_path / "db.sqlite3")
    yield store
    await store.close()


@pytest.fixture
def core(knowledge: Knowledge, clock: FixedClock, store: Store) -> Core:
    return Core(knowledge, clock, store, admin_ids=frozenset({ADMIN_ID}))
