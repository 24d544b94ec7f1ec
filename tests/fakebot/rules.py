"""What Telegram accepts: the methods that send, the HTML of a message, its buttons, its length.

A request that breaks a rule raises BadRequest, answered 400 Bad Request: <description>.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
from typing import Any

# Methods that put a message in a chat: the flood limits and the send faults apply to them.
SEND_METHODS = frozenset(
    {
        "sendMessage",
        "sendDocument",
        "sendPhoto",
        "sendAudio",
        "sendVideo",
        "sendVoice",
        "sendAnimation",
        "sendSticker",
        "sendLocation",
        "sendContact",
        "sendPoll",
        "sendDice",
        "copyMessage",
        "forwardMessage",
    }
)
# Flood limits (faults.FloodLimits). Overall: 30 messages in any second (a sliding window).
# Per chat: Telegram's FAQ asks for no more than one message a second in one chat and says it
# "may allow short bursts that go over this limit" before answering 429. The fake allows a
# burst of PER_CHAT_BURST messages, then one a second on average: a token bucket of 3 that
# refills one a second (GCRA). So a reply of two or three messages (a confirmation and its
# .ics, a long answer in pieces) goes at once, as Telegram delivers it, while a chat sent one
# message a second for long gets no more than Telegram's rate; 3 is the smallest burst that
# covers the bot's longest replies, and a guess on the safe side of what Telegram tolerates
# (it publishes no figure).
GLOBAL_LIMIT = 30
PER_CHAT_BURST = 3
# Methods answered `true` with nothing to check.
TRUE_METHODS = frozenset(
    {
        "deleteWebhook",
        "setWebhook",
        "close",
        "logOut",
        "deleteMyCommands",
        "setChatMenuButton",
        "sendChatAction",
        "setMyDescription",
        "setMyShortDescription",
        "setMyName",
    }
)
JSON_PARAMS = frozenset(
    {
        "reply_markup",
        "commands",
        "allowed_updates",
        "entities",
        "caption_entities",
        "link_preview_options",
        "reply_parameters",
        "scope",
    }
)
INT_PARAMS = frozenset(
    {"chat_id", "offset", "limit", "message_id", "reply_to_message_id", "message_thread_id"}
)
MAX_TEXT = 4096  # UTF-16 code units, after the HTML is parsed
MAX_CAPTION = 1024
MAX_CALLBACK_BYTES = 64
ALLOWED_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "a",
        "code",
        "pre",
        "span",
        "tg-spoiler",
        "tg-emoji",
        "blockquote",
    }
)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s[^<>]*)?)>")
_ENTITY = re.compile(r"&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")


class BadRequest(Exception):
    """A request Telegram would refuse with 400 Bad Request: <description>."""


def utf16_len(value: str) -> int:
    return len(value.encode("utf-16-le", "surrogatepass")) // 2


def decode(name: str, value: Any) -> Any:
    """A parameter as the Bot API reads it: JSON fields parsed, numbers as numbers."""
    if not isinstance(value, str):
        return value
    if name in JSON_PARAMS:
        try:
            return json.loads(value)
        except ValueError:
            return value
    if name in INT_PARAMS:
        with contextlib.suppress(ValueError):
            return int(value)
    if name == "timeout":
        with contextlib.suppress(ValueError):
            return float(value)
    return value


def _tag(value: str, index: int, stack: list[str]) -> int:
    """Check the tag at value[index] ('<'), push or pop it on `stack`; where the text goes on."""
    tag = _TAG.match(value, index)
    offset = len(value[:index].encode("utf-8", "surrogatepass"))
    if tag is None:
        raise BadRequest(f"can't parse entities: Unsupported start tag at byte offset {offset}")
    closing, name = tag.group(1) == "/", tag.group(2).lower()
    if name not in ALLOWED_TAGS:
        raise BadRequest(f'can\'t parse entities: Unsupported start tag "{name}" at byte offset {offset}')
    if not closing:
        stack.append(name)
    elif stack and stack[-1] == name:
        stack.pop()
    else:
        expected = f'"</{stack[-1]}>"' if stack else "nothing"
        raise BadRequest(
            "can't parse entities: Can't find end tag corresponding "
            f"to start tag {expected} at byte offset {offset}"
        )
    return tag.end()


def parse_html(value: str) -> str:
    """The plain text of an HTML-formatted message, checked as Telegram does; BadRequest if not.

    Only Telegram's tags, properly nested; a '<' that does not open a supported tag is refused.
    """
    plain: list[str] = []
    stack: list[str] = []
    index = 0
    while index < len(value):
        char = value[index]
        if char == "<":
            index = _tag(value, index, stack)
        elif char == "&" and (entity := _ENTITY.match(value, index)):
            decoded = html.unescape(entity.group(0))
            if decoded == entity.group(0):
                raise BadRequest(f'can\'t parse entities: Unsupported HTML entity "{decoded}"')
            plain.append(decoded)
            index = entity.end()
        else:
            plain.append(char)
            index += 1
    if stack:
        raise BadRequest(
            f"can't parse entities: Can't find end tag corresponding to start tag \"{stack[-1]}\""
        )
    return "".join(plain)


def check_text(params: dict[str, Any], field: str, limit: int, empty_ok: bool) -> tuple[str, str]:
    """The message's text (or caption) as sent and as the user reads it, checked."""
    text = str(params.get(field) or "")
    html_mode = str(params.get("parse_mode") or "").lower() == "html"
    plain = (parse_html(text) if html_mode else text).strip()
    if not plain and not empty_ok:
        raise BadRequest("message text is empty")
    if utf16_len(plain) > limit:
        raise BadRequest("message caption is too long" if field == "caption" else "message is too long")
    return text, plain


def _check_button(button: Any) -> None:
    if not isinstance(button, dict) or not str(button.get("text") or "").strip():
        raise BadRequest("text buttons are unallowed in the inline keyboard")
    data, url = button.get("callback_data"), button.get("url")
    if data is None and url is None:
        raise BadRequest("text buttons are unallowed in the inline keyboard")
    if data is not None and not 1 <= len(str(data).encode("utf-8")) <= MAX_CALLBACK_BYTES:
        raise BadRequest("BUTTON_DATA_INVALID")
    if url is not None and not re.match(r"^(https?|tg)://\S+$", str(url)):
        raise BadRequest("BUTTON_URL_INVALID")


def check_markup(markup: Any) -> list[list[dict[str, Any]]]:
    """The inline keyboard's rows, checked: each button has a text and callback data or a URL."""
    if markup in (None, ""):
        return []
    if not isinstance(markup, dict):
        raise BadRequest("can't parse reply keyboard markup JSON object")
    rows = markup.get("inline_keyboard")
    if rows is None:
        return []  # another kind of keyboard: accepted, not checked
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise BadRequest('field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays')
    for row in rows:
        for button in row:
            _check_button(button)
    return rows


def check_commands(commands: Any) -> list[dict[str, Any]]:
    """setMyCommands' list, checked as Telegram does."""
    if not isinstance(commands, list) or len(commands) > 100:
        raise BadRequest("can't parse commands JSON object")
    for command in commands:
        if not COMMAND.match(str(command.get("command", ""))):
            raise BadRequest("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
            raise BadRequest("BOT_COMMAND_DESCRIPTION_INVALID")
    return commands
