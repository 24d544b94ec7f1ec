"""Callback data: short versioned strings such as ``v1:faq:pay``, parsed in one place."""
from __future__ import annotations

import re
from dataclasses import dataclass

VERSION = "v1"
# Telegram allows 1-64 bytes of callback data.
MAX_BYTES = 64
_ARG = re.compile(r"^[a-z0-9][a-z0-9-]{0,50}$")
KNOWN = {"menu": 0, "cat": 1, "faq": 1, "none": 0}


@dataclass(frozen=True)
class Callback:
    action: str
    arg: str = ""


def encode(action: str, arg: str = "") -> str:
    data = f"{VERSION}:{action}:{arg}" if arg else f"{VERSION}:{action}"
    if action not in KNOWN or len(data.encode()) > MAX_BYTES or (arg and not _ARG.match(arg)):
        raise ValueError(f"cannot encode callback {action!r} {arg!r}")
    return data


def parse(data: str | None) -> Callback | None:
    """The callback a button carries, or None for anything unknown, stale or forged."""
    if not data or len(data.encode("utf-8", "replace")) > MAX_BYTES:
        return None
    parts = data.split(":")
    if len(parts) < 2 or parts[0] != VERSION or parts[1] not in KNOWN:
        return None
    action, args = parts[1], parts[2:]
    if len(args) != KNOWN[action] or not all(_ARG.match(a) for a in args):
        return None
    return Callback(action, args[0] if args else "")
