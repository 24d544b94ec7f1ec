"""What the core returns and the front ends render: transport-agnostic replies."""

from __future__ import annotations

from dataclasses import dataclass, field


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
