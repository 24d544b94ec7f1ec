"""calendar.yaml and reminders.yaml: the dated events, and when to remind of them."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .fields import Fields
from .model import EVENT_KINDS, PARIS, Event, ReminderRule
from .values import DATE_SHAPE, parse_instant, url_problem
from .yamlsource import LineDict

EVENT_KEYS = ("id", "kind", "title", "description", "start", "end", "capacity", "join_url")
RULE_KEYS = ("days_before", "at", "hours_before")


def _read_instant(
    fields: Fields, block: LineDict, key: str, file: str, tz: ZoneInfo
) -> tuple[datetime, bool] | None:
    """The event's `key` date, or None after reporting it with its line."""
    value = block.get(key)
    try:
        return parse_instant(value, tz)
    except ValueError as error:
        if value is None and fields.is_misspelt(block, key, file):
            return None
        shaped = isinstance(value, str) and DATE_SHAPE.match(value.strip())
        message = "date_impossible" if shaped else "date_unparsed"
        why = error.args[0] if error.args else ""  # a Said of knowledge/values.py, or Python's words
        fields.problem(file, block.line_of(key), message, "fix_date", key=key, value=value, why=why)
        return None


def _read_event(fields: Fields, block: LineDict, file: str, tz: ZoneInfo) -> Event | None:
    fields.known_keys(block, EVENT_KEYS, file)
    eid = fields.identifier(block, file, "event")
    kind = block.get("kind")
    if kind not in EVENT_KINDS and not (kind is None and fields.is_misspelt(block, "kind", file)):
        fields.unknown_choice(file, block.line_of("kind"), "event_kind", kind, EVENT_KINDS)
    title = fields.text(block, "title", file)
    description = fields.text(block, "description", file, required=False)
    start = _read_instant(fields, block, "start", file, tz)
    end = None
    if block.get("end") is not None:
        end = _read_instant(fields, block, "end", file, tz)
        if end is not None and start and end[0] < start[0]:
            fields.problem(file, block.line_of("end"), "ends_before", "check_dates")
    capacity = block.get("capacity")
    if capacity is not None and (not isinstance(capacity, int) or capacity < 0):
        fields.problem(file, block.line_of("capacity"), "capacity", "fix_capacity", value=capacity)
        capacity = None
    join_url = block.get("join_url")
    if join_url is not None and (why := url_problem(join_url)):
        fields.problem(file, block.line_of("join_url"), "join_url", "fix_join_url", value=join_url, why=why)
        join_url = None
    if not (eid and title and start and kind in EVENT_KINDS) or (
        block.get("end") is not None and end is None
    ):
        if eid:
            fields.broken_events.add(eid)
        return None
    end_at = end[0] if end else None
    if end and end[1]:  # a date-only end lasts the whole of that day
        end_at = Event(eid, kind, title, end[0], all_day=True).due
    return Event(
        eid,
        kind,
        title,
        start[0],
        end_at,
        all_day=start[1] and end is None,
        description=description,
        capacity=capacity,
        join_url=str(join_url) if join_url else None,
    )


def read_calendar(fields: Fields, path: Path) -> list[Event]:
    file = fields.shown(path)
    data = fields.mapping(fields.read(path), file, 1, "the_file")
    if data is None:
        return []
    try:
        tz = ZoneInfo(str(data.get("timezone", "Europe/Paris")))
    except (ZoneInfoNotFoundError, ValueError):
        fields.problem(file, data.line_of("timezone"), "timezone", "fix_timezone", value=data.get("timezone"))
        tz = PARIS
    events = []
    for block in fields.top_list(data, "events", ("timezone", "events"), file):
        block = fields.mapping(block, file, 1, "an_event")
        event = block and _read_event(fields, block, file, tz)
        if event:
            events.append(event)
    return events


def read_reminder_rules(fields: Fields, path: Path) -> dict[str, tuple[ReminderRule, ...]]:
    """reminders.yaml: for each event kind, when to remind (days before at a time, or hours before)."""
    if not path.exists():
        return {}
    file = fields.shown(path)
    data = fields.mapping(fields.read(path), file, 1, "the_file") or LineDict()
    rules: dict[str, tuple[ReminderRule, ...]] = {}
    for kind, items in data.items():
        if kind not in ("deadline", "webinar"):
            fields.problem(file, data.line_of(str(kind)), "reminder_kind", "fix_reminder_kind", value=kind)
            continue
        parsed = []
        for item in items if isinstance(items, list) else []:
            rule = _read_rule(fields, item, file, data.line_of(kind))
            if rule:
                parsed.append(rule)
        if not isinstance(items, list):
            fields.problem(file, data.line_of(kind), "reminders_not_list", "fix_reminders_list", kind=kind)
        rules[kind] = tuple(parsed)
    return rules


def _read_rule(fields: Fields, item: Any, file: str, line: int) -> ReminderRule | None:
    fix = "fix_rule"
    if not isinstance(item, LineDict):
        fields.problem(file, getattr(item, "line", line), "rule_not_understood", fix, value=item)
        return None
    if not set(item) <= set(RULE_KEYS):
        fields.known_keys(item, RULE_KEYS, file)
        return None
    if "hours_before" in item:
        hours = item["hours_before"]
        if not isinstance(hours, (int, float)) or isinstance(hours, bool) or hours < 0 or len(item) > 1:
            fields.problem(file, item.line, "hours_before", fix, value=hours)
            return None
        return ReminderRule(hours_before=float(hours))
    days, at = item.get("days_before", 0), item.get("at", "09:00")
    if isinstance(at, int) and not isinstance(at, bool):  # YAML 1.1 reads 09:00 unquoted as 540
        at = f"{at // 60:02d}:{at % 60:02d}"
    try:
        wall = time.fromisoformat(str(at))
    except ValueError:
        wall = None
    if not isinstance(days, int) or isinstance(days, bool) or days < 0 or wall is None:
        fields.problem(file, item.line, "days_at", fix, days=days, at=at)
        return None
    return ReminderRule(days_before=days, at=wall)
