"""Callback data: versioned, at most 64 bytes, parsed back to what was encoded, anything else refused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import callbacks
from bot.buttons import BUTTONS
from bot.callbacks import KNOWN, MAX_BYTES, TARGETED, VERSION, Callback

IDS = st.from_regex(r"[a-z0-9][a-z0-9-]{0,40}", fullmatch=True)


def every_shape() -> list[tuple[str, str, bool]]:
    """(action, sub-action or '' , takes an id) for every button the bot can make."""
    shapes = []
    for action, subs in KNOWN.items():
        if subs is None:
            shapes.append((action, "", True))
        elif not subs:
            shapes.append((action, "", False))
        else:
            shapes += [(action, sub, (action, sub) in TARGETED) for sub in subs]
    return shapes


@pytest.mark.parametrize(("action", "sub", "targeted"), every_shape())
def test_every_kind_of_button_round_trips(action: str, sub: str, targeted: bool) -> None:
    if sub:
        callback = Callback(action, sub, "some-id" if targeted else "")
    else:
        callback = Callback(action, "some-id" if targeted else "")
    data = callbacks.encode(callback.action, callback.arg, callback.target)
    assert data.startswith(f"{VERSION}:{action}")
    assert len(data.encode()) <= MAX_BYTES
    assert callbacks.parse(data) == callback


@given(IDS)
def test_any_id_round_trips(identifier: str) -> None:
    assert callbacks.parse(callbacks.encode("faq", identifier)) == Callback("faq", identifier)
    assert callbacks.parse(callbacks.encode("web", "reg", identifier)) == Callback("web", "reg", identifier)


def test_the_data_is_short_and_readable() -> None:
    assert callbacks.encode("menu") == "v1:menu"
    assert callbacks.encode("faq", "pay") == "v1:faq:pay"
    assert callbacks.encode("web", "reg", "webinar-2022-03-17") == "v1:web:reg:webinar-2022-03-17"
    assert callbacks.encode("rem", "stop") == "v1:rem:stop"


@pytest.mark.parametrize(
    ("action", "arg", "target"),
    [
        ("nope", "", ""),  # no such action
        ("web", "reg", ""),  # registering needs a webinar
        ("web", "list", "webinar-2022-03-17"),  # the list takes none
        ("menu", "x", ""),  # the menu takes no argument
        ("faq", "", ""),  # an entry needs its id
        ("faq", "Not An Id", ""),
        ("faq", "x" * 80, ""),  # over 64 bytes
        ("forget", "now", ""),
    ],
)
def test_what_cannot_be_parsed_back_cannot_be_encoded(action: str, arg: str, target: str) -> None:
    with pytest.raises(ValueError):
        callbacks.encode(action, arg, target)


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "garbage",
        "v1",
        "v1:",
        "v9:faq:pay",  # another version: a button from an older or newer bot
        "faq:pay",  # no version
        "V1:faq:pay",
        "v1:nope",
        "v1:faq",
        "v1:faq:pay:more",
        "v1:faq:../../etc",
        "v1:faq:PAY",
        "v1:faq:pay\n",
        "v1:faq:-pay",
        "v1:faq:" + "a" * 60,  # over 64 bytes
        "v1:menu:x",
        "v1:web:reg",
        "v1:web:reg:a:b",
        "v1:web:list:x",
        "v1:forget:now",
        "v1:vote:up",
        "v1:vote:sideways:pay",
        "v1:rem:sub:",
        "v1:faq:pay​",  # a zero-width space
    ],
)
def test_forged_stale_or_garbage_data_is_refused(data: str | None) -> None:
    assert callbacks.parse(data) is None


@given(st.text(max_size=100))
def test_any_text_parses_to_a_known_callback_or_nothing(data: str) -> None:
    parsed = callbacks.parse(data)
    assert parsed is None or (parsed.action in KNOWN and callbacks.encode(*vars(parsed).values()) == data)


def test_every_kind_of_callback_has_a_button_handler() -> None:
    assert set(BUTTONS) == set(KNOWN)
