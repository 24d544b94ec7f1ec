"""Hostile input through the test Bot API server to the running bot (its own process):
random Unicode texts, 10,000-character texts, random callback data, commands with odd
arguments. The bot answers each one, never with its error apology, and keeps running
(except a command addressed to another bot, which it ignores by design)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bot.commands import COMMANDS
from bot.texts import text as bot_text
from tests.botprocess import BotProcess, bot_environment
from tests.e2e.helpers import PACE, TOKEN
from tests.fakebot import Message
from tests.fakebot.http import BotAPIServer

pytestmark = pytest.mark.e2e

HOSTILE = settings(
    max_examples=40,
    deadline=timedelta(seconds=20),
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
APOLOGIES = {bot_text("fr", "error"), bot_text("en", "error")}
# Telegram delivers valid UTF-8 only: no lone surrogates.
CHARS = st.characters(exclude_categories=("Cs",))
TEXTS = st.text(CHARS, min_size=1, max_size=400).filter(str.strip)
HUGE = (
    st.text(CHARS, min_size=1, max_size=30)
    .filter(str.strip)
    .map(lambda seed: (seed * (10_000 // len(seed) + 1))[:10_000])
)
LANGUAGES = st.sampled_from([None, "fr", "en", "en-GB", "de", "", "zz-Hant"])
NAMES = st.sampled_from(
    [name for command in COMMANDS for name in command.names]
    + [
        "START",
        "Aide",
        "start@eig_test_bot",
        "start@EIG_Test_Bot",
        "unknown",
        "x" * 64,
        "rappels_stats",
        "export",
        "éàü",
        "0",
    ]
)
ARGS = st.one_of(
    st.just(""),
    TEXTS,
    HUGE,
    st.sampled_from(
        [
            "webinaires",
            "rappels",
            "WEBINARS",
            "../../etc/passwd",
            "webinar-2022-03-17 webinar-2022-03-24",
            "\n\n\t",
            "’'\"<b>",
            "%s%n{0}",
            "null",
            "-1",
        ]
    ),
)
CALLBACKS = st.one_of(
    st.none(),
    st.text(CHARS, max_size=100),
    st.builds(
        lambda prefix, rest: prefix + rest,
        st.sampled_from(
            [
                "v1:",
                "v1:faq:",
                "v1:cat:",
                "v1:web:reg:",
                "v1:web:cancel:",
                "v1:rem:sub:",
                "v1:rem:",
                "v1:forget:",
                "v1:vote:up:",
                "v0:faq:",
                "v1:menu:",
            ]
        ),
        st.text(CHARS, max_size=70),
    ),
)
_users = itertools.count(900_001)


def for_another_bot(text: str) -> bool:
    """'/stats@OtherBot …' is ignored on purpose: there is no reply to wait for."""
    words = text.split(maxsplit=1)
    head = words[0] if words and text.startswith("/") and not text[1:2].isspace() else ""
    _, at, target = head.partition("@")
    return bool(at) and target.lower() != "eig_test_bot"


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[BotAPIServer, BotProcess]]:
    folder = tmp_path_factory.mktemp("hostile")
    with BotAPIServer(TOKEN, global_limit=PACE, per_chat_window=0) as server:
        bot = BotProcess(
            server,
            bot_environment(server, folder / "bot.sqlite3", clock="2022-03-20T10:00"),
            folder / "bot.log",
        )
        try:
            bot.start()
            yield server, bot
            assert bot.stop() == 0
        finally:
            bot.kill()
        log = bot.log()
        assert " ERROR " not in log and "Traceback" not in log, log


def answered(server: BotAPIServer, bot: BotProcess, user_id: int, since: int) -> Message:
    replies = server.wait_messages(user_id, since, timeout=15)
    bot.assert_alive()
    assert replies[0].plain not in APOLOGIES, bot.log()[-3000:]
    return replies[0]


@HOSTILE
@given(text=TEXTS, language=LANGUAGES)
def test_random_unicode_texts_are_answered(running, text: str, language: str | None) -> None:
    assume(not for_another_bot(text))
    server, bot = running
    user = next(_users)
    server.send_text(user, text, language_code=language)
    answered(server, bot, user, 0)


@HOSTILE
@given(text=HUGE)
def test_ten_thousand_character_texts_are_answered(running, text: str) -> None:
    assume(not for_another_bot(text))
    server, bot = running
    user = next(_users)
    server.send_text(user, text)
    reply = answered(server, bot, user, 0)
    if not text.startswith("/"):
        assert reply.plain.startswith((bot_text("fr", "too_long"), bot_text("en", "too_long")))


@HOSTILE
@given(data=CALLBACKS, language=LANGUAGES)
def test_random_callback_data_is_answered(running, data: str | None, language: str | None) -> None:
    server, bot = running
    user = next(_users)
    query = server.press(user, data, language_code=language)  # type: ignore[arg-type]
    answered(server, bot, user, 0)
    server.wait_for(lambda: server.answered(query), 10, f"answerCallbackQuery {query}")


@HOSTILE
@given(name=NAMES, args=ARGS, language=LANGUAGES)
def test_commands_with_odd_arguments_are_answered(
    running, name: str, args: str, language: str | None
) -> None:
    server, bot = running
    user = next(_users)
    server.send_command(user, name, args, language_code=language)
    answered(server, bot, user, 0)
