"""Live knowledge edits: a valid edit goes live, an invalid one is refused once, a fix heals."""

from __future__ import annotations

import asyncio
import shutil
import time
from pathlib import Path

import pytest
import yaml

from knowledge.model import Knowledge
from knowledge.watch import KnowledgeWatcher, ReloadResult, fingerprint
from knowledge.yamlsource import Problem
from tests.knowledge_edits import SLICE, copy_knowledge, entry_file, load_slice, with_answer, with_tab, write

NEW_ANSWER = "Réponse modifiée en direct par l'équipe."


class Recorder:
    """on_change and on_error callbacks that remember what they were given."""

    def __init__(self) -> None:
        self.changes: list[Knowledge] = []
        self.errors: list[list[Problem]] = []

    def on_change(self, knowledge: Knowledge) -> None:
        self.changes.append(knowledge)

    async def on_error(self, problems: list[Problem]) -> None:  # async ones are awaited
        self.errors.append(problems)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return copy_knowledge(tmp_path, SLICE)


@pytest.fixture(scope="module")
def knowledge(tmp_path_factory: pytest.TempPathFactory) -> Knowledge:
    """What `folder` holds before a test edits it."""
    return load_slice(tmp_path_factory)


@pytest.fixture
def seen() -> Recorder:
    return Recorder()


@pytest.fixture
def watcher(folder: Path, knowledge: Knowledge, seen: Recorder) -> KnowledgeWatcher:
    return KnowledgeWatcher(folder, knowledge, on_change=seen.on_change, on_error=seen.on_error)


def first_entry(knowledge: Knowledge) -> str:
    return knowledge.entries[0].id


def answer_of(knowledge: Knowledge, entry_id: str) -> str:
    entry = knowledge.entry(entry_id)
    assert entry is not None
    return entry.answer.fr


async def wait_for(condition, timeout: float) -> float:  # type: ignore[no-untyped-def]
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start < timeout, "timed out"
        await asyncio.sleep(0.02)
    return time.monotonic() - start


async def test_nothing_changed_means_nothing_loaded(
    watcher: KnowledgeWatcher, knowledge: Knowledge, seen: Recorder
) -> None:
    result = await watcher.reload()
    assert result == ReloadResult(True, len(knowledge.entries), len(knowledge.events), [])
    assert watcher.knowledge is knowledge and not seen.changes and not seen.errors


async def test_a_valid_edit_goes_live_on_reload(
    watcher: KnowledgeWatcher, folder: Path, knowledge: Knowledge, seen: Recorder
) -> None:
    entry_id = first_entry(knowledge)
    write(entry_file(folder, entry_id), with_answer(folder, entry_id, NEW_ANSWER))
    result = await watcher.reload()
    assert result.ok and result.problems == []
    assert result.entries == len(knowledge.entries) and result.events == len(knowledge.events)
    [new] = seen.changes
    assert new is watcher.knowledge is not knowledge
    assert answer_of(new, entry_id) == NEW_ANSWER
    assert (await watcher.reload()).ok and len(seen.changes) == 1  # unchanged: not reloaded


async def test_force_reloads_even_when_nothing_changed(watcher: KnowledgeWatcher, seen: Recorder) -> None:
    assert (await watcher.reload(force=True)).ok
    assert len(seen.changes) == 1 and not seen.errors


async def test_run_puts_a_valid_edit_live_within_5_seconds(
    watcher: KnowledgeWatcher, folder: Path, knowledge: Knowledge, seen: Recorder
) -> None:
    task = asyncio.create_task(watcher.run(interval=0.05))
    try:
        await asyncio.sleep(0.2)
        assert not seen.changes  # polling alone loads nothing
        entry_id = first_entry(knowledge)
        write(entry_file(folder, entry_id), with_answer(folder, entry_id, NEW_ANSWER))
        await wait_for(lambda: seen.changes, timeout=5)
        assert answer_of(seen.changes[-1], entry_id) == NEW_ANSWER
        assert answer_of(watcher.knowledge, entry_id) == NEW_ANSWER
    finally:
        task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


async def test_an_invalid_edit_is_refused_once_and_a_fix_goes_live(
    watcher: KnowledgeWatcher, folder: Path, knowledge: Knowledge, seen: Recorder
) -> None:
    entry_id = first_entry(knowledge)
    path = entry_file(folder, entry_id)
    fixed = with_answer(folder, entry_id, NEW_ANSWER)
    broken, line = with_tab(fixed, entry_id)
    write(path, broken)

    result = await watcher.reload()
    assert not result.ok
    assert result.entries == len(knowledge.entries)  # still the old knowledge's figures
    shown = f"knowledge/faq/{path.name}:{line}"
    assert any(p.startswith(f"{shown} : une tabulation") for p in result.problems)
    assert watcher.knowledge is knowledge and not seen.changes
    [problems] = seen.errors
    assert [str(p) for p in problems] == result.problems
    assert (problems[0].file, problems[0].line) == (f"knowledge/faq/{path.name}", line)

    assert (await watcher.reload()).problems == result.problems  # told once only
    assert (await watcher.reload(force=True)).ok is False
    write(path, broken)  # saved again with the same mistake: the admins already know
    task = asyncio.create_task(watcher.run(interval=0.05))
    try:
        await asyncio.sleep(0.6)  # a dozen polls
        assert len(seen.errors) == 1 and watcher.knowledge is knowledge

        write(path, fixed)
        await wait_for(lambda: seen.changes, timeout=10)
        assert answer_of(watcher.knowledge, entry_id) == NEW_ANSWER and len(seen.errors) == 1

        write(path, broken)  # broken again after a good state: a new refusal to report
        await wait_for(lambda: len(seen.errors) == 2, timeout=10)
        assert answer_of(watcher.knowledge, entry_id) == NEW_ANSWER
    finally:
        task.cancel()


async def test_a_day_that_does_not_exist_saved_while_running_is_refused_with_file_and_line(
    watcher: KnowledgeWatcher, folder: Path, knowledge: Knowledge, seen: Recorder
) -> None:
    path = folder / "calendar.yaml"
    text = path.read_text(encoding="utf-8")
    line = text.splitlines().index("    start: 2022-04-19") + 1
    write(path, text.replace("start: 2022-04-19", "start: 2022-04-31"))
    result = await watcher.reload()
    assert not result.ok and watcher.knowledge is knowledge
    assert result.problems[0].startswith(f"knowledge/calendar.yaml:{line} : la date start '2022-04-31'")
    [problems] = seen.errors
    assert (problems[0].file, problems[0].line) == ("knowledge/calendar.yaml", line)


async def test_a_phrasing_that_leads_elsewhere_is_refused(
    watcher: KnowledgeWatcher, folder: Path, knowledge: Knowledge, seen: Recorder
) -> None:
    first, second = knowledge.entries[0], knowledge.entries[1]
    path = entry_file(folder, second.id)
    stolen = str(first.questions["fr"][0])
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    block = next(b for b in data["entries"] if b["id"] == second.id)
    block["questions"]["fr"].append(stolen)
    write(path, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    result = await watcher.reload()
    assert not result.ok and watcher.knowledge is knowledge
    assert any(
        "est aussi une formulation de" in p and p.startswith(f"knowledge/faq/{path.name}:")
        for p in result.problems
    )
    assert len(seen.errors) == 1


async def test_a_removed_folder_is_refused_and_the_bot_keeps_its_knowledge(
    watcher: KnowledgeWatcher, folder: Path, knowledge: Knowledge, seen: Recorder
) -> None:
    shutil.rmtree(folder)
    result = await watcher.reload()
    assert not result.ok and "n'existe pas" in result.problems[0]
    assert watcher.knowledge is knowledge and len(seen.errors) == 1


async def test_a_failing_callback_does_not_stop_the_watcher(
    folder: Path, knowledge: Knowledge, caplog: pytest.LogCaptureFixture
) -> None:
    def explode(_argument: object) -> None:
        raise RuntimeError("listener bug")

    watcher = KnowledgeWatcher(folder, knowledge, on_change=explode, on_error=explode)
    (folder / "categories.yaml").write_text("categories: [\n", encoding="utf-8")
    assert not (await watcher.reload()).ok
    assert "a knowledge watcher callback failed" in caplog.text


def test_the_fingerprint_covers_yaml_files_recursively(folder: Path) -> None:
    marks = fingerprint(folder)
    names = [name for name, _, _ in marks]
    assert "categories.yaml" in names and any(n.startswith("faq/") for n in names)
    assert names == sorted(names) and all(n.endswith(".yaml") for n in names)
    (folder / "notes.txt").write_text("not knowledge", encoding="utf-8")
    assert fingerprint(folder) == marks
    write(folder / "faq" / "new.yaml", "entries: []\n")
    assert len(fingerprint(folder)) == len(marks) + 1
    assert fingerprint(folder / "nowhere") == ()
