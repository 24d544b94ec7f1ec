"""The process: `eig-bot`, `eig-bot console`, configuration errors and exit statuses."""

from __future__ import annotations

import asyncio
import io
import sqlite3
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from telegram import Bot

import bot.__main__ as entry
import bot.run as run
import bot.wiring as wiring
from bot import callbacks
from bot import telegram as front
from bot.settings import parse_clock_start
from bot.texts import text
from knowledge.clock import RehearsalClock, SystemClock
from knowledge.loader import DEFAULT_DIR
from knowledge.model import PARIS
from storage.store import open_store
from tests.fakebot import FakeBotAPI, OfflineRequest, buttons, callback_update, text_update_data
from tests.knowledge_edits import copy_knowledge
from tests.permissions import threads_left, unprivileged

pytestmark = pytest.mark.usefixtures(
    "shipped_knowledge_once", "environment"
)  # knowledge parsed once per session

TOKEN = "123456789:AAEfake-token_for_tests"


def console(monkeypatch: pytest.MonkeyPatch, *lines: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(f"{line}\n" for line in lines)))


def test_without_a_token_it_says_how_to_get_one_in_one_line_and_exits_2(
    capsys: pytest.CaptureFixture[str], environment: Path
) -> None:
    assert entry.main(["--lang", "en"]) == 2
    captured = capsys.readouterr()
    assert captured.err == (
        "TELEGRAM_TOKEN is not set: get a token from @BotFather, or chat in "
        "the terminal with: eig-bot console\n"
    )
    assert captured.out == ""
    assert not environment.exists()  # nothing opened before the token check


def test_run_is_the_same_as_no_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    assert entry.main(["run", "--lang", "en"]) == 2
    assert capsys.readouterr().err.startswith("TELEGRAM_TOKEN is not set")


@pytest.mark.parametrize(
    ("group", "lines"),
    [
        ("reminders", ["plan", "les envois de rappels à venir et qui ils touchent"]),
        ("learned", ["export", "les écrire en YAML prêt à coller"]),
        ("db", ["copy", "copier la base SQLite dans une base PostgreSQL vide"]),
    ],
)
def test_a_command_group_alone_lists_its_subcommands_and_exits_2(
    capsys: pytest.CaptureFixture[str], group: str, lines: list[str]
) -> None:
    assert entry.main([group]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"eig-bot {group} : choisissez une sous-commande\n")
    name, help = lines
    assert any(line.split() == [name, *help.split()] for line in err.splitlines())
    assert "obligatoire" not in err and "il manque" not in err
    assert entry.main([group, "--lang", "en"]) == 2
    assert capsys.readouterr().err.startswith(f"eig-bot {group}: choose a sub-command\n")


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("ADMIN_IDS", "abc"),
        ("TELEGRAM_BASE_URL", "localhost:8081"),
        ("BOT_CLOCK_START", "tomorrow"),
        ("LOG_LEVEL", "chatty"),
        ("UNANSWERED_RETENTION_DAYS", "ninety"),
    ],
)
def test_a_bad_setting_is_one_line_on_stderr_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    assert entry.main(["console", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{variable}: ") and err.count("\n") == 1


def test_a_bad_clock_start_option_names_the_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert entry.main(["console", "--lang", "en", "--clock-start", "soon"]) == 2
    assert capsys.readouterr().err.startswith("--clock-start: 'soon' is not a date-time")


def test_console_chats_in_the_terminal_without_a_token(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], environment: Path
) -> None:
    console(monkeypatch, "/start", "1", "Quel est le salaire ?", "/quit", "never read")
    assert entry.main(["console", "--clock-start", "2022-03-20T10:00"]) == 0
    out = capsys.readouterr().out
    assert "Bonjour ! Je suis l'assistant des Entrepreneurs d'intérêt général" in out
    assert "[1] " in out and "[2] " in out
    assert "choisissez une question" in out  # pressed the first topic
    assert "3 500" in out and "4 000" in out
    assert "never read" not in out.split("> /quit")[-1]
    assert environment.exists()


def test_the_console_deletes_unanswered_questions_past_their_time_at_start(
    monkeypatch: pytest.MonkeyPatch, environment: Path
) -> None:
    async def keep(*asked: datetime) -> list[str]:
        store = await open_store(environment)
        for when in asked:
            await store.record_unanswered(f"posée le {when:%d/%m}", None, None, when)
        texts = [q.text for q in await store.unanswered()]
        await store.close()
        return texts

    asyncio.run(keep(datetime(2022, 2, 17, 9, 0, tzinfo=PARIS), datetime(2022, 2, 20, 9, 0, tzinfo=PARIS)))
    monkeypatch.setenv("UNANSWERED_RETENTION_DAYS", "30")
    console(monkeypatch)
    assert entry.main(["console", "--clock-start", "2022-03-20T10:00"]) == 0
    assert asyncio.run(keep()) == ["posée le 20/02"]


def test_the_clock_start_option_overrides_the_environment(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BOT_CLOCK_START", "2022-03-10T10:00")  # both webinars ahead
    console(monkeypatch, "/webinaires")
    assert entry.main(["console", "--clock-start", "2022-03-20T12:00"]) == 0  # the first one is past
    out = capsys.readouterr().out
    assert "jeudi 24 mars 2022" in out and "jeudi 17 mars 2022" not in out


def test_a_clock_start_makes_a_rehearsal_clock() -> None:
    assert isinstance(wiring.make_clock(None), SystemClock)
    clock = wiring.make_clock(parse_clock_start("2022-04-19T23:00"))
    assert isinstance(clock, RehearsalClock)
    assert clock.now().date().isoformat() == "2022-04-19"


def start_fails(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], folder: Path) -> str:
    """`eig-bot console` on the knowledge in `folder` exits 1; what it wrote on stderr."""
    monkeypatch.setenv("KNOWLEDGE_DIR", str(folder))
    console(monkeypatch)
    assert entry.main(["console"]) == 1
    return capsys.readouterr().err


def test_broken_knowledge_lists_each_problem_and_exits_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = copy_knowledge(tmp_path)
    (folder / "categories.yaml").write_text("categories:\n  - id: Not An Id\n", encoding="utf-8")
    err = start_fails(monkeypatch, capsys, folder)
    assert "categories.yaml" in err and "problème(s) dans" in err


def test_a_day_that_does_not_exist_stops_the_start_with_file_and_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = copy_knowledge(tmp_path)
    calendar = folder / "calendar.yaml"
    calendar.write_text(
        calendar.read_text(encoding="utf-8").replace("2022-04-19", "2022-04-31"), encoding="utf-8"
    )
    err = start_fails(monkeypatch, capsys, folder)
    assert "knowledge/calendar.yaml:" in err and "la date start '2022-04-31' ne se lit pas" in err


def test_a_missing_knowledge_folder_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("KNOWLEDGE_DIR", str(tmp_path / "nowhere"))
    assert entry.main(["console", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("KNOWLEDGE_DIR: ") and err.count("\n") == 1


class StopAfterReply(OfflineRequest):
    """Serves one /start through getUpdates, then stops run_polling once the bot replied."""

    async def do_request(
        self, url: str, method: str, request_data: Any = None, *args: Any, **kwargs: Any
    ) -> tuple[int, bytes]:
        result = await super().do_request(url, method, request_data, *args, **kwargs)
        if url.endswith("/sendMessage"):  # like Ctrl-C, once run_forever() has surely begun
            loop = asyncio.get_running_loop()
            loop.call_later(0.05, loop.stop)
        return result


def test_with_a_token_it_polls_answers_and_closes_the_store_on_shutdown(
    monkeypatch: pytest.MonkeyPatch, environment: Path
) -> None:
    monkeypatch.setenv("TELEGRAM_TOKEN", TOKEN)
    api = StopAfterReply()
    api.send_update(text_update_data("/start"))
    closed: list[bool] = []

    built: list[Any] = []
    watching: list[str] = []

    def offline_build(settings: Any, knowledge: Any, clock: Any, store: Any, **kwargs: Any) -> Any:
        parts = real_build_bot(
            settings, knowledge, clock, store, request=api, get_updates_request=api, **kwargs
        )
        built.append(parts)
        shutdown = parts.application.post_shutdown

        async def post_shutdown(application: Any) -> None:
            await shutdown(application)
            closed.append(True)

        parts.application.post_shutdown = post_shutdown

        async def watch(interval: float = 1.0) -> None:  # records the task's life
            watching.append("started")
            try:
                await asyncio.sleep(3600)
            except asyncio.CancelledError:
                watching.append("cancelled")
                raise

        parts.watcher.run = watch
        return parts

    real_build_bot = wiring.build_bot
    monkeypatch.setattr(run, "build_bot", offline_build)
    try:
        assert entry.main([]) == 0
    finally:
        asyncio.set_event_loop(None)
    methods = [call.method for call in api.calls]
    assert methods[0] == "getMe" and methods.count("setMyCommands") == 2
    [reply] = api.of("sendMessage")
    assert reply.params["text"].startswith("Bonjour Camille")
    assert buttons(reply.params)
    assert closed == [True]
    [parts] = built
    assert parts.core.context.watcher is parts.watcher
    assert parts.watcher.directory == DEFAULT_DIR
    assert watching == ["started", "cancelled"]  # from post_init to shutdown


def serve_offline(monkeypatch: pytest.MonkeyPatch, api: OfflineRequest) -> None:
    """eig-bot's Application talks to `api` instead of Telegram."""
    real_build = front.build_application
    monkeypatch.setattr(
        wiring,
        "build_application",
        lambda settings, core, **kwargs: real_build(
            settings, core, request=api, get_updates_request=api, **kwargs
        ),
    )


def refused_token() -> OfflineRequest:
    """Telegram knows another token: every call is answered 401 Unauthorized."""
    return OfflineRequest(FakeBotAPI("0:another-token"))


@pytest.mark.parametrize(
    ("argv", "said"),
    [([], "Telegram a refusé TELEGRAM_TOKEN"), (["--lang", "en"], "TELEGRAM_TOKEN was refused by Telegram")],
)
def test_a_token_refused_by_telegram_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str], said: str
) -> None:
    monkeypatch.setenv("TELEGRAM_TOKEN", TOKEN)
    api = refused_token()
    serve_offline(monkeypatch, api)
    try:
        assert entry.main(argv) == 2
    finally:
        asyncio.set_event_loop(None)
    err = capsys.readouterr().err
    assert err.strip().splitlines()[-1].startswith(said)
    assert TOKEN not in err


# -- the database: unusable at start, or deleted while running -------------------------------
def a_folder(folder: Path) -> Path:
    return folder


def under_a_file(folder: Path) -> Path:
    (folder / "notes.txt").write_text("a file where the folder should be")
    return folder / "notes.txt" / "data" / "bot.sqlite3"


def a_read_only_file(folder: Path) -> Path:
    path = folder / "bot.sqlite3"
    sqlite3.connect(path).execute("CREATE TABLE kept (x)").connection.close()
    path.chmod(0o400)
    return path


def in_a_read_only_folder(folder: Path) -> Path:
    (folder / "data").mkdir(mode=0o500)
    return folder / "data" / "bot.sqlite3"


@pytest.mark.parametrize("database", [a_folder, under_a_file, a_read_only_file, in_a_read_only_folder])
def test_a_database_path_the_bot_cannot_use_is_one_line_naming_it_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], database: Callable[[Path], Path]
) -> None:
    monkeypatch.setenv("TELEGRAM_TOKEN", TOKEN)
    api = refused_token()  # were the database accepted, the start would stop there
    serve_offline(monkeypatch, api)
    before = threads_left()
    with unprivileged() as folder:  # as an ordinary user: modes do not stop root
        monkeypatch.setenv("DATABASE_PATH", str(database(folder)))
        try:
            status = entry.main(["--lang", "en"])
        finally:
            asyncio.set_event_loop(None)
    err = capsys.readouterr().err
    assert status == 2, err
    last = err.strip().splitlines()[-1]
    assert last.startswith("DATABASE_PATH: cannot use '"), err
    assert "Traceback" not in err and "PORT" not in err and api.calls == []
    for thread in threads_left() - before:  # nothing left that would keep the process alive
        thread.join(2)
        assert not thread.is_alive()


@pytest.mark.parametrize(
    "command", [["console"], ["export-registrations"], ["unanswered"], ["reminders", "plan"]]
)
def test_the_console_and_staff_commands_say_the_same_about_an_unusable_database(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path, command: list[str]
) -> None:
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path))  # a folder
    console(monkeypatch)
    assert entry.main([*command, "--lang", "en"]) == 2
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        f"DATABASE_PATH: cannot use {str(tmp_path)!r}: it is a folder; name a file, e.g. "
        f"{str(tmp_path / 'eig-assistant.sqlite3')!r}"
    )


class DeletesTheDatabase(OfflineRequest):
    """A register button is pressed, and the database file is deleted as the bot takes the
    press (answerCallbackQuery); run_polling is stopped 3 s after the reply if the bot goes on."""

    def __init__(self, database: Path):
        super().__init__()
        self.database = database
        press = callback_update(Bot(TOKEN), callbacks.encode("web", "reg", "webinar-2022-03-17"))
        self.send_update(press.to_dict())

    async def do_request(self, url: str, method: str, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        if url.endswith("/answerCallbackQuery"):
            for path in self.database.parent.glob(self.database.name + "*"):
                path.unlink()
        result = await super().do_request(url, method, *args, **kwargs)
        if url.endswith("/sendMessage"):
            loop = asyncio.get_running_loop()
            loop.call_later(3, loop.stop)
        return result


def test_when_the_database_file_is_deleted_while_running_a_press_is_not_confirmed_and_it_exits_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], environment: Path
) -> None:
    monkeypatch.setenv("TELEGRAM_TOKEN", TOKEN)
    monkeypatch.setenv("BOT_CLOCK_START", "2022-03-10T10:00")  # the webinar is ahead
    monkeypatch.setattr(wiring, "DATABASE_CHECK_SECONDS", 0.05, raising=False)
    api = DeletesTheDatabase(environment)
    serve_offline(monkeypatch, api)
    try:
        status = entry.main(["--lang", "en"])
    finally:
        asyncio.set_event_loop(None)
    assert api.sent_texts() == [text("fr", "error")]  # the apology, never "C'est noté"
    assert api.of("sendDocument") == []  # no .ics either
    err = capsys.readouterr().err
    assert status == 1
    assert err.strip().splitlines()[-1] == (
        f"DATABASE_PATH: the database file {str(environment)!r} was deleted while the bot was "
        "running; the bot stopped so that the host restarts it"
    )


@pytest.mark.parametrize(("options", "staff"), [(["--admin"], True), ([], False)])
def test_console_admin_makes_the_console_person_staff(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], options: list[str], staff: bool
) -> None:
    console(monkeypatch, "/stats", "/inscrits")
    assert entry.main(["console", *options]) == 0
    out = capsys.readouterr().out.split("> /stats", 1)[1]
    assert ("Statistiques :" in out) is staff
    assert (out.count(text("fr", "staff_only")) == 2) is not staff


@pytest.mark.parametrize(("level", "shown"), [(None, False), ("INFO", True), ("warning", False)])
def test_the_console_logs_warnings_only_unless_log_level_says(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], level: str | None, shown: bool
) -> None:
    if level:
        monkeypatch.setenv("LOG_LEVEL", level)
    console(monkeypatch, "Quel est le salaire ?")
    assert entry.main(["console", "--clock-start", "2022-03-20T10:00"]) == 0
    captured = capsys.readouterr()
    assert ("INFO bot knowledge loaded" in captured.err) is shown
    assert " INFO " not in captured.out and "3 500" in captured.out
