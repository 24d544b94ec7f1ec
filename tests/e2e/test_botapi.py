"""The fake Bot API itself, spoken to over HTTP as the bot does (form posts, multipart), and in
process through python-telegram-bot with OfflineRequest."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
from telegram import Bot
from telegram.error import BadRequest, RetryAfter

from tests.fakebot import FakeBotAPI, OfflineRequest
from tests.fakebot.http import BotAPIServer

pytestmark = pytest.mark.e2e
TOKEN = "42:abc"


@pytest.fixture
def api() -> Iterator[tuple[BotAPIServer, httpx.Client]]:
    with (
        BotAPIServer(TOKEN) as server,
        httpx.Client(base_url=f"{server.base_url}/bot{TOKEN}", timeout=10) as client,
    ):
        yield server, client


def send(client: httpx.Client, chat_id: int, text: str = "hi", **params: object) -> httpx.Response:
    return client.post("/sendMessage", data={"chat_id": str(chat_id), "text": text, **params})


def test_get_updates_waits_and_returns_as_soon_as_an_update_arrives(api) -> None:
    server, client = api
    threading.Timer(0.3, lambda: server.send_text(7, "/start hello")).start()
    start = time.monotonic()
    [update] = client.post("/getUpdates", data={"timeout": "5"}).json()["result"]
    assert time.monotonic() - start < 2
    assert update["message"]["text"] == "/start hello"
    assert update["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    again = client.post("/getUpdates", data={"offset": str(update["update_id"]), "timeout": "0"})
    assert [u["update_id"] for u in again.json()["result"]] == [update["update_id"]]
    later = client.post("/getUpdates", data={"offset": str(update["update_id"] + 1)})
    assert later.json()["result"] == [] and server.confirmed == update["update_id"]


def test_flood_limits_answer_429_with_retry_after() -> None:
    # Telegram's counts (30 overall; per chat a burst of 3, then 1 per window) over a
    # minute-long window, so that the test does not depend on how fast this machine sends.
    with (
        BotAPIServer(TOKEN, global_window=60, per_chat_window=60) as server,
        httpx.Client(base_url=f"{server.base_url}/bot{TOKEN}") as client,
    ):
        assert [send(client, 1).status_code for _ in range(3)] == [200] * 3  # the burst
        refused = send(client, 1)  # the same chat a 4th time
        assert refused.status_code == 429
        assert 55 <= refused.json()["parameters"]["retry_after"] <= 60
        codes = [send(client, chat).status_code for chat in range(100, 140)]
        assert codes.count(200) == 27 and codes.count(429) == 13  # 30 in the window overall
        assert server.too_many_given == server.limit_429s == 14
        assert len(server.messages()) == 30


def test_the_per_chat_window_is_configurable() -> None:
    with (
        BotAPIServer(TOKEN, per_chat_window=0) as server,
        httpx.Client(base_url=f"{server.base_url}/bot{TOKEN}") as client,
    ):
        assert [send(client, 1).status_code for _ in range(5)] == [200] * 5
        assert server.too_many_given == 0


def test_documents_keep_their_name_and_bytes(api) -> None:
    server, client = api
    reply = client.post(
        "/sendDocument",
        data={"chat_id": "5"},
        files={"document": ("a.ics", b"BEGIN:VCALENDAR", "text/calendar")},
    )
    assert reply.json()["result"]["document"]["file_name"] == "a.ics"
    [document] = server.documents(5)
    assert (document.filename, document.content, document.mime_type) == (
        "a.ics",
        b"BEGIN:VCALENDAR",
        "text/calendar",
    )


def test_bad_messages_are_refused_as_telegram_does(api) -> None:
    server, client = api
    assert send(client, 1, "<foo>x</foo>", parse_mode="HTML").status_code == 400
    assert send(client, 2, "<b>x", parse_mode="HTML").status_code == 400
    assert send(client, 3, "x" * 4097).status_code == 400
    assert send(client, 4, "   ").status_code == 400
    markup = json.dumps({"inline_keyboard": [[{"text": "b", "callback_data": "x" * 65}]]})
    assert (
        send(client, 5, "ok", reply_markup=markup).json()["description"] == "Bad Request: BUTTON_DATA_INVALID"
    )
    assert send(client, 6, "a &lt; <b>b</b>", parse_mode="HTML").status_code == 200
    assert server.messages(6)[0].plain == "a < b"
    assert client.post("/noSuchMethod").status_code == 404
    assert httpx.post(f"{server.base_url}/botWRONG/getMe").status_code == 401


def test_scripted_faults(api) -> None:
    server, client = api
    server.block(9)
    assert send(client, 9).json()["description"] == "Forbidden: bot was blocked by the user"
    server.server_error(count=1)
    assert send(client, 10).status_code == 500
    server.too_many(count=1, retry_after=3)
    refused = send(client, 11)
    assert refused.status_code == 429 and refused.json()["parameters"]["retry_after"] == 3
    server.slow(0.5, count=1)
    start = time.monotonic()
    assert send(client, 12).status_code == 200 and time.monotonic() - start >= 0.5
    assert [m.chat_id for m in server.messages()] == [12]


def test_presses_must_be_answered_once(api) -> None:
    server, client = api
    query = server.press(3, "v1:menu")
    assert client.post("/answerCallbackQuery", data={"callback_query_id": query}).json()["ok"]
    assert server.answered(query)
    again = client.post("/answerCallbackQuery", data={"callback_query_id": query})
    assert again.status_code == 400


async def test_in_process_the_same_fake_answers_the_same() -> None:
    fake = FakeBotAPI(TOKEN)
    async with Bot(TOKEN, request=OfflineRequest(fake), get_updates_request=OfflineRequest(fake)) as bot:
        with pytest.raises(BadRequest, match='unsupported start tag "foo"'):
            await bot.send_message(1, "<foo>x</foo>", parse_mode="HTML")
        await bot.send_message(2, "a &lt; <b>b</b>", parse_mode="HTML")
        fake.too_many(count=1, retry_after=3)
        with pytest.raises(RetryAfter):
            await bot.send_message(3, "x")
        fake.send_text(7, "/start hello")
        [update] = await bot.get_updates(timeout=0)
    assert update.message.text == "/start hello" and update.message.entities[0].type == "bot_command"
    assert fake.messages(2)[0].plain == "a < b"
    assert [(c.method, c.status) for c in fake.calls][1:] == [
        ("sendMessage", 400),
        ("sendMessage", 200),
        ("sendMessage", 429),
        ("getUpdates", 200),
    ]
