"""Shared fixtures: the shipped knowledge, a fixed clock, a temporary store, a core."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

import bot.__main__ as bot_cli
import knowledge.__main__ as knowledge_cli
from bot.core import Core
from bot.logs import QUIET_LOGGERS
from knowledge.clock import FixedClock
from knowledge.loader import DEFAULT_DIR, load_knowledge
from knowledge.model import Knowledge
from storage.store import Store, open_store
from tests.helpers import ADMIN_ID, NOW

pytest_plugins = ["tests.chat"]  # the `chat` fixture: a user talking to the Application


def serial(item: pytest.Item) -> bool:
    """Run in the "serial" xdist group: the e2e tests (drills time replies) and every test on
    the shared PostgreSQL server (marked `postgres`, or on its `database` backend), which a
    drill restarts."""
    callspec = getattr(item, "callspec", None)
    return bool(
        item.get_closest_marker("e2e")
        or item.get_closest_marker("postgres")
        or (callspec is not None and callspec.params.get("database") == "postgres")
    )


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups into the test ids
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """With pytest-xdist (`--dist loadgroup`), one worker runs the serial tests one after
    another, from the start of the run, while the other workers share the rest."""
    first = [item for item in items if serial(item)]
    for item in first:
        item.add_marker(pytest.mark.xdist_group("serial"))
    items[:] = first + [item for item in items if not serial(item)]


@pytest.fixture(autouse=True)
def run_in_the_serial_group(request: pytest.FixtureRequest) -> None:
    """Fail a serial test that pytest-xdist did not put in the serial group (as pytest 9 with
    xdist 3.8 did): it would run beside a drill that restarts PostgreSQL under it."""
    grouping = bool(request.config.getoption("loadgroup", False))
    if grouping and serial(request.node) and not request.node.nodeid.endswith("@serial"):
        pytest.fail(f"pytest-xdist did not put {request.node.nodeid} in the serial group", False)


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return load_knowledge()


@pytest.fixture
def shipped_knowledge_once(monkeypatch: pytest.MonkeyPatch, knowledge: Knowledge) -> None:
    """`eig-bot` and `python -m knowledge`, run in this process, read the shipped knowledge as
    the session already did: the same immutable object, whose matcher is built once too. Any
    other folder is read from its files."""

    def load(directory: Path | str = DEFAULT_DIR) -> Knowledge:
        return knowledge if Path(directory).resolve() == DEFAULT_DIR.resolve() else load_knowledge(directory)

    for module in (bot_cli, knowledge_cli):
        monkeypatch.setattr(module, "load_knowledge", load)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    store = await open_store(tmp_path / "db.sqlite3")
    yield store
    await store.close()


@pytest.fixture
def core(knowledge: Knowledge, clock: FixedClock, store: Store) -> Core:
    return Core(knowledge, clock, store, admin_ids=frozenset({ADMIN_ID}))


@pytest.fixture
def logging_restored() -> Iterator[None]:
    """The root logger's handlers and level, and the quiet loggers' levels, as they were before
    the test (eig-bot's main() configures logging on the test's stderr)."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    quiet = {name: logging.getLogger(name).level for name in QUIET_LOGGERS}
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, old in quiet.items():
        logging.getLogger(name).setLevel(old)
