"""Callback data: short versioned strings such as ``v1:faq:pay``, parsed in one place."""

from __future__ import annotations

import re
from dataclasses import dataclass

VERSION = "v1"
# Telegram allows 1-64 bytes of callback data.
MAX_BYTES = 64
_ARG = re.compile(r"[a-z0-9][a-z0-9-]{0,50}")  # the whole argument (fullmatch)
# action -> the sub-actions it takes (None: one free argument, an id; (): no argument)
KNOWN: dict[str, tuple[str, ...] | None] = {
    "menu": (),
    "none": (),
    "cat": None,
    "faq": None,
    "web": ("list", "reg", "cancel"),  # web:list, web:reg:<webinar id>, web:cancel:<webinar id>
    "forget": ("ask", "yes", "no"),  # forget:ask (confirm first), forget:yes, forget:no
    "rem": ("list", "sub", "unsub", "stop", "webon", "weboff"),  # rem:sub:<deadline id>...
    "vote": ("up", "down"),  # vote:up:<entry id>: was this answer helpful?
    "lang": ("fr", "en", "auto"),  # /langue: reply in French, in English, or as the messages
    # staff reviewing proposals (/apprendre): learn:to:<proposal id>-<entry id>, learn:oos:<id>…
    "learn": ("to", "other", "cats", "cat", "oos", "skip"),
}
# Sub-actions followed by the id they apply to.
TARGETED = {
    ("web", "reg"),
    ("web", "cancel"),
    ("rem", "sub"),
    ("rem", "unsub"),
    ("vote", "up"),
    ("vote", "down"),
    *(("learn", sub) for sub in ("to", "other", "cats", "cat", "oos", "skip")),
}


@dataclass(frozen=True)
class Callback:
    action: str
    arg: str = ""
    target: str = ""  # the id a sub-action applies to, e.g. the webinar of web:reg:<id>


def encode(action: str, arg: str = "", target: str = "") -> str:
    data = ":".join(part for part in (VERSION, action, arg, target) if part)
    if parse(data) != Callback(action, arg, target):
        raise ValueError(f"cannot encode callback {action!r} {arg!r} {target!r}")
    return data


def parse(data: str | None) -> Callback | None:
    """The callback a button carries, or None for anything unknown, stale or forged."""
    if not data or len(data.encode("utf-8", "replace")) > MAX_BYTES:
        return None
    parts = data.split(":")
    if len(parts) < 2 or parts[0] != VERSION or parts[1] not in KNOWN:
        return None
    action, args = parts[1], parts[2:]
    if not all(_ARG.fullmatch(a) for a in args):
        return None
    subs = KNOWN[action]
    if subs is None:
        return Callback(action, args[0]) if len(args) == 1 else None
    if not subs:
        return Callback(action) if not args else None
    if not args or args[0] not in subs:
        return None
    takes_target = (action, args[0]) in TARGETED
    if len(args) != (2 if takes_target else 1):
        return None
    return Callback(action, args[0], args[1] if takes_target else "")
