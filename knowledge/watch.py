"""Live knowledge edits: poll the YAML folder, load a changed one, keep the last good version."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from .checks import check_phrasings
from .loader import load_knowledge
from .model import Knowledge
from .said import say
from .yamlsource import KnowledgeError, Problem

log = logging.getLogger(__name__)

Fingerprint = tuple[tuple[str, int, int], ...]
OnChange = Callable[[Knowledge], "None | Awaitable[None]"]
OnError = Callable[[list[Problem]], "None | Awaitable[None]"]
# A file written less than this long ago may still be being saved: look again at the next poll.
SETTLE_SECONDS = 0.3
# The most problems of a refused edit to list in a message to staff; `python -m knowledge check`
# lists them all.
MAX_PROBLEMS_SHOWN = 40


@dataclass(frozen=True)
class ReloadResult:
    """What a reload gave: the knowledge now served (ok) or why the edit was refused."""

    ok: bool
    entries: int
    events: int
    problems: list[str] = field(default_factory=list)  # all of them: show MAX_PROBLEMS_SHOWN at most
    found: tuple[Problem, ...] = field(default=(), compare=False)  # the same, to say in any language


def fingerprint(directory: Path) -> Fingerprint:
    """(relative path, mtime in ns, size) of every *.yaml file under `directory`, sorted."""
    marks = []
    try:
        paths = sorted(directory.rglob("*.yaml"))
    except OSError:
        return ()
    for path in paths:
        try:
            stat = path.stat()
        except OSError:  # removed meanwhile, or a dangling editor lock link
            continue
        marks.append((path.relative_to(directory).as_posix(), stat.st_mtime_ns, stat.st_size))
    return tuple(marks)


def load_checked(directory: Path) -> Knowledge:
    """load_knowledge plus the phrasing checks; raise KnowledgeError on any problem."""
    knowledge = load_knowledge(directory)
    problems = check_phrasings(knowledge)
    if problems:
        raise KnowledgeError(problems)
    return knowledge


async def _call(callback: Callable[..., object], argument: object) -> None:
    result = callback(argument)
    if inspect.isawaitable(result):
        await result


class KnowledgeWatcher:
    """Serves edits of a knowledge folder as they are saved; refuses an invalid one, once."""

    def __init__(self, directory: Path | str, knowledge: Knowledge, on_change: OnChange, on_error: OnError):
        self.directory = Path(directory)
        self.knowledge = knowledge
        self.on_change = on_change
        self.on_error = on_error
        self._seen: Fingerprint = fingerprint(self.directory)  # the last state tried
        self._last = self._result(True, [])
        self._reported: tuple[str, ...] | None = None  # problems admins were told about
        self._mutex = threading.Lock()  # not asyncio.Lock: the console polls from a thread

    @contextlib.asynccontextmanager
    async def _exclusive(self) -> AsyncIterator[None]:
        """One reload at a time, whichever event loop or thread asks."""
        while not self._mutex.acquire(blocking=False):
            await asyncio.sleep(0.05)
        try:
            yield
        finally:
            self._mutex.release()

    def _result(self, ok: bool, problems: list[Problem]) -> ReloadResult:
        return ReloadResult(
            ok,
            len(self.knowledge.entries),
            len(self.knowledge.events),
            [str(problem) for problem in problems],
            tuple(problems),
        )

    async def reload(self, force: bool = False) -> ReloadResult:
        """Load the folder if it changed since the last try (always when `force`)."""
        async with self._exclusive():
            current = await asyncio.to_thread(fingerprint, self.directory)
            if current == self._seen and not force:
                return self._last
            return await self._load(current)

    async def _load(self, current: Fingerprint) -> ReloadResult:
        try:
            knowledge = await asyncio.to_thread(load_checked, self.directory)
        except KnowledgeError as error:
            problems = list(error.problems)
        except Exception as error:  # noqa: BLE001 - a bug must not stop the bot serving
            log.exception("could not reload the knowledge")
            problems = [
                Problem(str(self.directory), 0, say("read_failed", error=f"{type(error).__name__}: {error}"))
            ]
        else:
            self._seen = current  # only once tried: a cancelled load is tried again
            self.knowledge = knowledge
            self._reported = None
            self._last = self._result(True, [])
            log.info("knowledge reloaded: %d entries, %d events", self._last.entries, self._last.events)
            await self._notify(self.on_change, knowledge)
            return self._last
        self._seen = current
        self._last = self._result(False, problems)
        log.warning(
            "knowledge edit refused: %d problem(s), still serving the previous version", len(problems)
        )
        key = tuple(self._last.problems)
        if key != self._reported:
            self._reported = key
            await self._notify(self.on_error, problems)
        return self._last

    async def _notify(self, callback: Callable[..., object], argument: object) -> None:
        try:
            await _call(callback, argument)
        except Exception:  # noqa: BLE001 - the watcher goes on whatever a listener does
            log.exception("a knowledge watcher callback failed")

    async def run(self, interval: float = 1.0) -> None:
        """Poll every `interval` seconds until cancelled; an edit is live within a few seconds."""
        pending: Fingerprint | None = None
        while True:
            await asyncio.sleep(interval)
            try:
                async with self._exclusive():
                    current = await asyncio.to_thread(fingerprint, self.directory)
                    if current == self._seen:
                        pending = None
                        continue
                    if current != pending and _age(current) < SETTLE_SECONDS:
                        pending = current  # maybe still being written: look again next poll
                        continue
                    pending = None
                    await self._load(current)
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - keep watching
                log.exception("knowledge watcher poll failed")


def _age(marks: Fingerprint) -> float:
    """Seconds since the newest file of the fingerprint was written."""
    newest = max((mtime for _, mtime, _ in marks), default=0)
    return time.time() - newest / 1e9
