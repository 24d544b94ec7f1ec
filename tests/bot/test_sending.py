"""A reply as Telegram messages: split under 4096 UTF-16 units, escaped, buttons last, files after."""

from __future__ import annotations

import html

from hypothesis import given, settings
from hypothesis import strategies as st

from bot import sending
from bot.replies import Attachment, Button, Reply
from tests.chat import Chat
from tests.fakebot import buttons


async def test_an_answer_over_4096_characters_is_split_with_buttons_on_the_last_part(chat: Chat) -> None:
    paragraphs = [f"Paragraphe {i} : " + "mot & autre " * 160 for i in range(5)]
    reply = Reply("\n\n".join(paragraphs), title="Un <long> titre", buttons=[[Button("Suite", "v1:menu")]])
    chat.api.clear()
    await sending.send_reply(chat.app.bot, 4242, reply)
    sent = chat.api.of("sendMessage")
    assert len(sent) >= 2
    shown = [html.unescape(c.params["text"]) for c in sent]
    assert all(len(s) <= 4096 for s in shown)
    assert sent[0].params["text"].startswith("<b>Un &lt;long&gt; titre</b>\n\n")
    assert [bool(buttons(c.params)) for c in sent] == [False] * (len(sent) - 1) + [True]
    assert "".join(shown).count("mot & autre") == 5 * 160
    assert all(s.rstrip().endswith("autre") for s in shown)  # cut between words


def test_split_text_cuts_long_words_and_counts_emoji_as_two() -> None:
    assert [len(p) for p in sending.split_text("x" * 9000)] == [4096, 4096, 808]
    pieces = sending.split_text("😀" * 3000)
    assert [len(p) for p in pieces] == [2048, 952]
    assert sending.split_text("court") == ["court"]
    assert sending.split_text("") == []


async def test_files_are_sent_as_documents_and_url_buttons_as_links(chat: Chat) -> None:
    reply = Reply(
        "Votre rappel",
        buttons=[[Button("Site", url="https://eig.etalab.gouv.fr")]],
        files=[Attachment("rappel.ics", b"BEGIN:VCALENDAR", "text/calendar")],
    )
    chat.api.clear()
    await sending.send_reply(chat.app.bot, 4242, reply)
    assert [c.method for c in chat.api.calls] == ["sendMessage", "sendDocument"]
    assert buttons(chat.api.calls[0].params) == [{"text": "Site", "url": "https://eig.etalab.gouv.fr"}]
    document = chat.api.calls[1]
    assert list(document.files.values()) == [("rappel.ics", b"BEGIN:VCALENDAR")]


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("ab é😀\n&<"), max_size=12_000), st.integers(min_value=8, max_value=4096)
)
def test_split_text_keeps_every_character_and_fits_the_limit(words: str, limit: int) -> None:
    pieces = sending.split_text(words, limit)
    assert all(len(p.encode("utf-16-le")) // 2 <= limit for p in pieces)
    assert "".join("".join(p.split()) for p in pieces) == "".join(words.split())


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=9000), st.text(max_size=400))
def test_any_reply_renders_to_messages_telegram_accepts(body: str, title: str) -> None:
    pieces = sending.render(Reply(body, title=title))
    for piece in pieces:
        shown = html.unescape(piece.replace("<b>", "").replace("</b>", ""))
        assert 0 < len(shown.encode("utf-16-le", "surrogatepass")) // 2 <= 4096
