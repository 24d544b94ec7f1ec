"""Live knowledge edits through the real Application: admins hear of a refused edit."""

from __future__ import annotations

import html
import io
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

import bot.run as run
import bot.wiring as wiring
from bot.settings import Settings
from knowledge.answer import Answerer
from knowledge.clock import FixedClock
from knowledge.model import Knowledge
from knowledge.watch import KnowledgeWatcher
from knowledge.yamlsource import Problem
from storage.store import Store
from tests.fakebot import OfflineRequest, text_update
from tests.helpers import ADMIN_ID, TOKEN
from tests.knowledge_edits import SLICE, copy_knowledge, entry_file, load_slice, with_answer, with_tab, write

QUESTION = "Quel est le salaire ?"
NEW_ANSWER = "Nouvelle réponse <b>non balisée</b> sur la rémunération."


@pytest.fixture(scope="module")
def knowledge(tmp_path_factory: pytest.TempPathFactory) -> Knowledge:
    """The bots of these tests start on the knowledge their folder holds: a SLICE of it."""
    return load_slice(tmp_path_factory)


@pytest.fixture
async def parts(
    tmp_path: Path, knowledge: Knowledge, clock: FixedClock, store: Store
) -> AsyncIterator[wiring.BotParts]:
    settings = Settings(
        telegram_token=TOKEN,
        admin_ids=frozenset({ADMIN_ID, 77}),
        knowledge_dir=copy_knowledge(tmp_path, SLICE),
    )
    api = OfflineRequest()
    built = wiring.build_bot(
        settings, knowledge, clock, store, request=api, get_updates_request=api, per_chat_interval=0
    )
    await built.application.initialize()
    yield built
    await built.application.shutdown()


def api(parts: wiring.BotParts) -> OfflineRequest:
    request = parts.application.bot._request[1]  # the request for every call but getUpdates
    assert isinstance(request, OfflineRequest)
    return request


async def ask(parts: wiring.BotParts, question: str) -> str:
    api(parts).clear()
    await parts.application.process_update(text_update(parts.application.bot, question))
    return api(parts).last_message()["text"]


async def test_a_refused_edit_is_sent_to_every_admin_and_questions_keep_the_old_answer(
    parts: wiring.BotParts, caplog: pytest.LogCaptureFixture
) -> None:
    assert parts.core.context.watcher is parts.watcher
    before = await ask(parts, QUESTION)
    answered = parts.core.context.answerer.ask(QUESTION, "fr").entry
    assert answered is not None
    folder = parts.watcher.directory
    path = entry_file(folder, answered.id)
    fixed = with_answer(folder, answered.id, NEW_ANSWER)
    broken, line = with_tab(fixed, answered.id)
    write(path, broken)
    api(parts).clear()

    result = await parts.watcher.reload()

    assert not result.ok
    where = f"knowledge/faq/{path.name}:{line}"
    sent = api(parts).of("sendMessage")
    assert sorted(int(call.params["chat_id"]) for call in sent) == [ADMIN_ID, 77]
    for call in sent:
        assert call.params["text"].startswith("Modification des connaissances refusée : 1 problème(s).")
        assert f"• {where} : une tabulation sert à l'indentation" in call.params["text"]
    assert f"knowledge problem: {where} : une tabulation" in caplog.text
    assert await ask(parts, QUESTION) == before  # still the last good knowledge

    write(path, fixed)
    assert (await parts.watcher.reload()).ok
    assert html.escape(NEW_ANSWER, quote=False) in await ask(parts, QUESTION)


async def test_admins_are_told_the_file_and_line_of_a_day_that_does_not_exist(parts: wiring.BotParts) -> None:
    path = parts.watcher.directory / "calendar.yaml"
    text = path.read_text(encoding="utf-8")
    line = text.splitlines().index("    start: 2022-04-19") + 1
    write(path, text.replace("start: 2022-04-19", "start: 2022-04-31"))
    api(parts).clear()
    assert not (await parts.watcher.reload()).ok
    sent = api(parts).of("sendMessage")
    assert sorted(int(call.params["chat_id"]) for call in sent[:2]) == [ADMIN_ID, 77]
    where = f"• knowledge/calendar.yaml:{line} : la date start '2022-04-31' ne se lit pas"
    assert all(where in call.params["text"] for call in sent[:2])


async def test_a_long_refusal_is_split_and_escaped(parts: wiring.BotParts) -> None:
    problems = [
        Problem(f"knowledge/faq/x{n}.yaml", n, "a <broken> & long problem " * 8) for n in range(1, 200)
    ]
    await wiring.notify_admins(parts.application.bot, frozenset({ADMIN_ID}), problems)
    texts = api(parts).sent_texts()
    # Telegram counts the text once the HTML is parsed
    assert len(texts) >= 2 and all(len(html.unescape(t)) <= 4096 for t in texts)
    joined = "\n".join(texts)
    assert "&lt;broken&gt; &amp; long" in joined and "<broken>" not in joined
    assert "… et 159 autre(s) : lancez python -m knowledge check" in joined


async def test_an_admin_who_blocked_the_bot_does_not_stop_the_others(
    tmp_path: Path, knowledge: Knowledge, clock: FixedClock, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(
        telegram_token=TOKEN,
        admin_ids=frozenset({ADMIN_ID, 77}),
        knowledge_dir=copy_knowledge(tmp_path, SLICE),
    )
    request = OfflineRequest()
    request.block(ADMIN_ID, 77)  # both admins blocked the bot
    built = wiring.build_bot(
        settings, knowledge, clock, store, request=request, get_updates_request=OfflineRequest()
    )
    await built.application.initialize()
    try:
        (settings.knowledge_dir / "categories.yaml").write_text("categories: [\n", encoding="utf-8")
        assert not (await built.watcher.reload()).ok
    finally:
        await built.application.shutdown()
    assert len(request.of("sendMessage")) == 2
    assert caplog.text.count("could not tell admin") == 2


class EditingInput:
    """A console's stdin: asks, saves a valid edit and waits for it to be live, asks again."""

    def __init__(self, folder: Path, entry_id: str) -> None:
        self.folder, self.entry_id, self.turn = folder, entry_id, 0
        self.live = threading.Event()  # set once the console's core uses new knowledge

    def isatty(self) -> bool:
        return False

    def readline(self) -> str:
        self.turn += 1
        if self.turn == 2:  # the watcher polls from its thread while the console waits here
            write(entry_file(self.folder, self.entry_id), with_answer(self.folder, self.entry_id, NEW_ANSWER))
            assert self.live.wait(10), "the console never saw the edit"
        return f"{QUESTION}\n" if self.turn <= 2 else ""


async def test_the_console_serves_an_edit_saved_while_it_waits_for_input(
    tmp_path: Path, knowledge: Knowledge, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = copy_knowledge(tmp_path, SLICE)
    answered = Answerer(knowledge, clock).ask(QUESTION, "fr").entry
    assert answered is not None
    stdin = EditingInput(folder, answered.id)

    class Recorded(KnowledgeWatcher):
        def __init__(self, *args: Any, on_change: Any, **kwargs: Any) -> None:
            def changed(new: Knowledge) -> None:
                on_change(new)
                stdin.live.set()

            super().__init__(*args, on_change=changed, **kwargs)

    monkeypatch.setattr(wiring, "KnowledgeWatcher", Recorded)
    settings = Settings(knowledge_dir=folder, database_path=tmp_path / "db.sqlite3")
    out = io.StringIO()
    assert await run.run_console_app(settings, knowledge, clock, stdin, out) == 0
    first, second = out.getvalue().split(f"> {QUESTION}")[1:]
    assert NEW_ANSWER not in first and NEW_ANSWER in second
