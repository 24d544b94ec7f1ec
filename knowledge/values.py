"""Checks of single YAML values: calendar dates and web links."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from .said import Said, say

DATE_SHAPE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}")


def parse_instant(value: Any, tz: ZoneInfo) -> tuple[datetime, bool]:
    """A YAML date or datetime (naive means local to `tz`) -> (aware datetime, all_day).

    Raise ValueError saying why when it is not one: a Said ('April 2022 has 30 days') or
    Python's own words ('hour must be in 0..23').
    """
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=tz)), False
    if isinstance(value, date):
        return datetime.combine(value, time(0), tzinfo=tz), True
    if not isinstance(value, str):
        raise ValueError(say("not_a_date"))
    text = value.strip()
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(0), tzinfo=tz), True
        parsed = datetime.fromisoformat(text)
    except ValueError as error:
        raise ValueError(_no_such_day(text) or str(error)) from None
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)), False


def _no_such_day(text: str) -> Said | None:
    """'April 2022 has 30 days' for 2022-04-31, 'there is no month 13' for 2022-13-01."""
    found = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if not found:
        return None
    year, month, day = (int(part) for part in found.groups())
    if not 1 <= month <= 12:
        return say("no_such_month", month=month)
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return say("month_days", month=say(f"month_{month}"), year=year, days=days)
    return None


def url_problem(value: Any) -> Said | None:
    """Why `value` cannot be a join link sent to users and written in .ics files, if it cannot."""
    if not isinstance(value, str):
        return say("url_not_text")
    if any(char.isspace() or ord(char) < 32 or ord(char) == 127 for char in value):
        return say("url_space")
    if not value.startswith("https://") or not urlsplit(value).hostname:
        return say("url_not_https")
    return None
