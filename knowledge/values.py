"""Checks of single YAML values: calendar dates and web links."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

DATE_SHAPE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}")


def parse_instant(value: Any, tz: ZoneInfo) -> tuple[datetime, bool]:
    """A YAML date or datetime (naive means local to `tz`) -> (aware datetime, all_day).

    Raise ValueError saying why when it is not one (e.g. 'day is out of range for month').
    """
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=tz)), False
    if isinstance(value, date):
        return datetime.combine(value, time(0), tzinfo=tz), True
    if not isinstance(value, str):
        raise ValueError("not a date")
    text = value.strip()
    if len(text) == 10:
        return datetime.combine(date.fromisoformat(text), time(0), tzinfo=tz), True
    parsed = datetime.fromisoformat(text)
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)), False


def url_problem(value: Any) -> str | None:
    """Why `value` cannot be a join link sent to users and written in .ics files, if it cannot."""
    if not isinstance(value, str):
        return "is not a web address"
    if any(char.isspace() or ord(char) < 32 or ord(char) == 127 for char in value):
        return "contains a space, a tab or a line break"
    if not value.startswith("https://") or not urlsplit(value).hostname:
        return "is not an https:// address"
    return None
