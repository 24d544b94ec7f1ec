"""What the core returns and the front ends render: transport-agnostic replies."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class User:
    """The person talking to the bot, as much as the bot needs to know."""

    id: int
    first_name: str = ""
    username: str | None = None
    language_code: str | None = None

    @property
    def lang(self) -> str:
        return "en" if (self.language_code or "").lower().startswith("en") else "fr"


@dataclass(frozen=True)
class Button:
    """An inline button: `data` is callback data (see bot.callbacks), or `url` a link."""

    label: str
    data: str = ""
    url: str = ""


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mime_type: str = "application/octet-stream"


@dataclass
class Reply:
    """One message to send: plain text (never markup), optional bold title, buttons, files."""

    text: str
    title: str = ""
    buttons: list[list[Button]] = field(default_factory=list)
    files: list[Attachment] = field(default_factory=list)

    def all_buttons(self) -> list[Button]:
        return [button for row in self.buttons for button in row]
