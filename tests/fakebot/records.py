"""What the fake Bot API keeps: the calls it answered, the messages and documents it accepted."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from tests.fakebot.rules import BadRequest

BOT_USER = {
    "id": 987654321,
    "is_bot": True,
    "first_name": "EIG assistant",
    "username": "eig_test_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}


@dataclass(frozen=True)
class Document:
    filename: str
    content: bytes
    mime_type: str

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")


@dataclass
class Message:
    """One message the fake accepted from the bot."""

    message_id: int
    chat_id: int
    method: str
    text: str  # as sent: the HTML text, or a document's caption
    plain: str  # what the user reads: tags removed, entities decoded
    buttons: list[list[dict[str, Any]]]
    document: Document | None
    at: float  # time.monotonic() when it was accepted
    params: dict[str, Any]
    edits: list[str] = field(default_factory=list)

    @property
    def callback_data(self) -> list[str]:
        return [b["callback_data"] for row in self.buttons for b in row if "callback_data" in b]

    @property
    def labels(self) -> list[str]:
        return [b.get("text", "") for row in self.buttons for b in row]

    def data_starting(self, prefix: str) -> list[str]:
        return [data for data in self.callback_data if data.startswith(prefix)]


@dataclass(frozen=True)
class Call:
    """One request the fake answered (status 499: dropped, the client was gone).

    `files` are the uploaded parts, {part: (file name, bytes)}.
    """

    method: str
    params: dict[str, Any]
    status: int = 200
    at: float = 0.0
    description: str = ""
    url: str = ""
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        try:
            return int(value)
        except (TypeError, ValueError):
            return None


def message_json(message: Message) -> dict[str, Any]:
    """The Message object Telegram returns for an accepted message."""
    result: dict[str, Any] = {
        "message_id": message.message_id,
        "date": int(time.time()),
        "from": BOT_USER,
        "chat": {"id": message.chat_id, "type": "private" if message.chat_id > 0 else "group"},
    }
    document = message.document
    if document is not None:
        result["document"] = {
            "file_id": f"doc{message.message_id}",
            "file_unique_id": f"udoc{message.message_id}",
            "file_name": document.filename,
            "mime_type": document.mime_type,
            "file_size": len(document.content),
        }
        if message.text:
            result["caption"] = message.plain
    else:
        result["text"] = message.plain
    if message.buttons:
        result["reply_markup"] = {"inline_keyboard": message.buttons}
    return result


def uploaded_document(params: dict[str, Any], files: dict[str, Document]) -> Document:
    """The document a sendDocument carries (uploaded, or referred to by id or URL)."""
    reference = params.get("document")
    if isinstance(reference, str) and reference.startswith("attach://"):
        document = files.get(reference[len("attach://") :])
    else:
        document = files.get("document")
    if document is None:
        if isinstance(reference, str) and reference:  # a file_id or a URL: nothing uploaded
            return Document(reference, b"", "")
        raise BadRequest("there is no document in the request")
    if not document.content:
        raise BadRequest("file must be non-empty")
    return document


def buttons(params: dict[str, Any]) -> list[dict[str, Any]]:
    """The inline buttons of a sendMessage call's parameters, row after row."""
    markup = params.get("reply_markup") or {}
    if isinstance(markup, str):
        markup = json.loads(markup)
    return [button for row in markup.get("inline_keyboard", []) for button in row]


def datas(params: dict[str, Any]) -> list[str]:
    """The callback data of a sendMessage call's buttons ('' for a URL button)."""
    return [button.get("callback_data", "") for button in buttons(params)]
