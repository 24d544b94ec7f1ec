"""YAML folder -> Knowledge, with every problem reported as file:line and a fix."""

from __future__ import annotations

import re
from datetime import datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .model import (
    ACTION_CONCEPTS,
    ACTIONS,
    EVENT_KINDS,
    LANGS,
    PARIS,
    Category,
    Entry,
    Event,
    Knowledge,
    Lexicon,
    ReminderRule,
    Text,
)
from .values import DATE_SHAPE, parse_instant, url_problem
from .yamlsource import KnowledgeError, LineDict, Problem, read_yaml

DEFAULT_DIR = Path(__file__).resolve().parent
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
PLACEHOLDER = re.compile(r"\{(date|time|datetime|end_date|end_time):([^}]*)\}")


class _Reader:
    """Collects problems while turning parsed YAML into dataclasses."""

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []
        self.unreadable: set[str] = set()

    def shown(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def problem(self, file: str, line: int, message: str, fix: str = "") -> None:
        self.problems.append(Problem(file, line, message, fix))

    def read(self, path: Path) -> Any:
        data, problems = read_yaml(path, self.shown(path))
        self.problems.extend(problems)
        if data is None and problems:
            self.unreadable.add(self.shown(path))
        return data

    def mapping(self, value: Any, file: str, line: int, what: str) -> LineDict | None:
        if isinstance(value, LineDict):
            return value
        if value is None and file in self.unreadable:
            return None  # already reported as broken YAML
        self.problem(file, getattr(value, "line", line), f"{what} should be a block of 'key: value' lines")
        return None

    def text(self, block: LineDict, key: str, file: str, required: bool = True) -> Text | None:
        value = block.get(key)
        if value is None:
            if required:
                self.problem(
                    file,
                    block.line,
                    f"'{key}' is missing",
                    f"add '{key}:' with 'fr:' and 'en:' lines below it",
                )
            return None
        if not isinstance(value, LineDict):
            self.problem(file, block.line_of(key), f"'{key}' should have a 'fr:' and an 'en:' line")
            return None
        texts = {}
        for lang in LANGS:
            item = value.get(lang)
            if not isinstance(item, str) or not item.strip():
                self.problem(
                    file, value.line, f"'{key}' has no '{lang}' text", f"add '{lang}: \"…\"' under '{key}:'"
                )
            texts[lang] = str(item or "").strip()
        return Text(**texts)

    def identifier(self, block: LineDict, file: str, what: str) -> str | None:
        value = block.get("id")
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            self.problem(
                file,
                block.line_of("id"),
                f"this {what} has no valid 'id' ({value!r})",
                "use lowercase letters, digits and dashes, e.g. 'id: pay-by-experience'",
            )
            return None
        return str(value)


def _read_instant(
    reader: _Reader, block: LineDict, key: str, file: str, tz: ZoneInfo
) -> tuple[datetime, bool] | None:
    """The event's `key` date, or None after reporting it with its line."""
    value = block.get(key)
    try:
        return parse_instant(value, tz)
    except ValueError as error:
        why = f": {error}" if isinstance(value, str) and DATE_SHAPE.match(value.strip()) else ""
        reader.problem(
            file,
            block.line_of(key),
            f"the {key} date {value!r} does not parse{why}",
            "write a real day, e.g. 2022-04-19 or 2022-03-17T13:45 (Paris time)",
        )
        return None


def _read_categories(reader: _Reader, path: Path) -> list[Category]:
    file = reader.shown(path)
    data = reader.mapping(reader.read(path), file, 1, "the file")
    categories = []
    for block in (data or LineDict()).get("categories") or []:
        block = reader.mapping(block, file, 1, "a category")
        if block is None:
            continue
        cid, title = reader.identifier(block, file, "category"), reader.text(block, "title", file)
        if cid and title:
            categories.append(Category(cid, title))
    return categories


def _read_event(reader: _Reader, block: LineDict, file: str, tz: ZoneInfo) -> Event | None:
    eid = reader.identifier(block, file, "event")
    kind = block.get("kind")
    if kind not in EVENT_KINDS:
        reader.problem(
            file,
            block.line_of("kind"),
            f"event kind {kind!r} is unknown",
            "use one of: " + ", ".join(EVENT_KINDS),
        )
    title = reader.text(block, "title", file)
    description = reader.text(block, "description", file, required=False)
    start = _read_instant(reader, block, "start", file, tz)
    end = None
    if block.get("end") is not None:
        end = _read_instant(reader, block, "end", file, tz)
        if end is not None and start and end[0] < start[0]:
            reader.problem(
                file, block.line_of("end"), "the event ends before it starts", "check the start and end dates"
            )
    capacity = block.get("capacity")
    if capacity is not None and (not isinstance(capacity, int) or capacity < 0):
        reader.problem(
            file,
            block.line_of("capacity"),
            f"capacity {capacity!r} is not a whole number",
            "write a number of places, e.g. 'capacity: 300', or remove the line",
        )
        capacity = None
    join_url = block.get("join_url")
    if join_url is not None and (why := url_problem(join_url)):
        reader.problem(
            file,
            block.line_of("join_url"),
            f"join_url {join_url!r} {why}",
            "write the full link on one line, starting with https://, without spaces",
        )
        join_url = None
    if not (eid and title and start and kind in EVENT_KINDS) or (
        block.get("end") is not None and end is None
    ):
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


def _read_calendar(reader: _Reader, path: Path) -> list[Event]:
    file = reader.shown(path)
    data = reader.mapping(reader.read(path), file, 1, "the file")
    if data is None:
        return []
    try:
        tz = ZoneInfo(str(data.get("timezone", "Europe/Paris")))
    except (ZoneInfoNotFoundError, ValueError):
        reader.problem(
            file,
            data.line_of("timezone"),
            f"unknown time zone {data.get('timezone')!r}",
            "write 'timezone: Europe/Paris'",
        )
        tz = PARIS
    events = []
    for block in data.get("events") or []:
        block = reader.mapping(block, file, 1, "an event")
        event = block and _read_event(reader, block, file, tz)
        if event:
            events.append(event)
    return events


def _read_entry(reader: _Reader, block: LineDict, file: str) -> Entry | None:
    eid = reader.identifier(block, file, "entry")
    category = block.get("category")
    if not isinstance(category, str):
        reader.problem(file, block.line, "the entry has no 'category'", "add 'category: <category id>'")
    questions: dict[str, tuple[str, ...]] = {}
    raw = block.get("questions")
    if not isinstance(raw, LineDict):
        reader.problem(
            file,
            block.line_of("questions"),
            "'questions' is missing or malformed",
            "add 'questions:' with 'fr:' and 'en:' lists of phrasings",
        )
    else:
        for lang in LANGS:
            items = raw.get(lang) or []
            if not isinstance(items, list):
                reader.problem(
                    file,
                    raw.line_of(lang),
                    f"the '{lang}' questions should be a list of texts",
                    "write one '- question' per line",
                )
                continue
            _check_texts(reader, items, file, raw.line_of(lang), f"questions {lang}")
            items = [q for q in items if isinstance(q, str)]
            questions[lang] = tuple(q for q in items if q.strip())
        if not questions.get("fr") and not questions.get("en"):
            reader.problem(file, raw.line, "the entry has no question", "add at least one phrasing")
    answer = reader.text(block, "answer", file)
    keywords = block.get("keywords") or []
    related = block.get("related") or []
    for key, value in (("keywords", keywords), ("related", related)):
        if not isinstance(value, list):
            reader.problem(file, block.line_of(key), f"'{key}' should be a list", f"write '{key}: [a, b]'")
        else:
            _check_texts(reader, value, file, block.line_of(key), key)
    action = block.get("action")
    if action is not None and action not in ACTIONS:
        reader.problem(
            file, block.line_of("action"), f"unknown action {action!r}", "use one of: " + ", ".join(ACTIONS)
        )
    if not (eid and isinstance(category, str) and answer and questions):
        return None
    return Entry(
        eid,
        str(category),
        questions,
        answer,
        keywords=tuple(k for k in keywords if isinstance(k, str)) if isinstance(keywords, list) else (),
        related=tuple(r for r in related if isinstance(r, str)) if isinstance(related, list) else (),
        action=action if action in ACTIONS else None,
        source=file,
        line=block.line,
    )


def _read_faq(reader: _Reader, path: Path) -> list[Entry]:
    file = reader.shown(path)
    data = reader.mapping(reader.read(path), file, 1, "the file")
    entries = []
    blocks = (data or LineDict()).get("entries")
    if data is not None and not isinstance(blocks, list):
        reader.problem(file, data.line, "the file has no 'entries:' list", "start the file with 'entries:'")
        return []
    for block in blocks or []:
        block = reader.mapping(block, file, 1, "an entry")
        entry = block and _read_entry(reader, block, file)
        if entry:
            entries.append(entry)
    return entries


def _read_lexicon(reader: _Reader, path: Path) -> Lexicon:
    if not path.exists():
        return Lexicon()
    file = reader.shown(path)
    data = reader.mapping(reader.read(path), file, 1, "the file") or LineDict()
    groups: dict[str, dict[str, tuple[str, ...]]] = {}
    for section in ("synonyms", "out_of_scope", "smalltalk"):
        block = data.get(section) or LineDict()
        if not isinstance(block, LineDict):  # every YAML mapping is read as a LineDict
            reader.problem(file, data.line_of(section), f"'{section}' should map names to word lists")
            block = LineDict()
        groups[section] = {}
        for name, words in block.items():
            if not isinstance(name, str):
                reader.problem(
                    file,
                    block.line,
                    f"the name {name!r} is read as a yes/no value",
                    "write the name between quotes, or choose another word",
                )
                continue
            if not isinstance(words, list):
                reader.problem(
                    file,
                    block.line_of(name),
                    f"'{name}' should be a list of words",
                    f"write '{name}: [word, other word]'",
                )
                continue
            _check_texts(reader, words, file, block.line_of(name), name)
            groups[section][name] = tuple(w for w in words if isinstance(w, str))
    light = data.get("question_words") or []
    if not isinstance(light, list):
        reader.problem(
            file,
            data.line_of("question_words"),
            "'question_words' should be a list of concept names",
            "write 'question_words: [who, when]'",
        )
        light = []
    for name in light:
        if name not in groups["synonyms"]:
            reader.problem(
                file,
                data.line_of("question_words"),
                f"'{name}' in question_words is not a group of the synonyms",
                "use the name of a group listed under 'synonyms:'",
            )
    return Lexicon(**groups, question_words=tuple(n for n in light if n in groups["synonyms"]))


def _read_reminder_rules(reader: _Reader, path: Path) -> dict[str, tuple[ReminderRule, ...]]:
    """reminders.yaml: for each event kind, when to remind (days before at a time, or hours before)."""
    if not path.exists():
        return {}
    file = reader.shown(path)
    data = reader.mapping(reader.read(path), file, 1, "the file") or LineDict()
    rules: dict[str, tuple[ReminderRule, ...]] = {}
    for kind, items in data.items():
        if kind not in ("deadline", "webinar"):
            reader.problem(
                file,
                data.line_of(str(kind)),
                f"reminders for {kind!r} are not supported",
                "use 'deadline:' or 'webinar:'",
            )
            continue
        parsed = []
        for item in items if isinstance(items, list) else []:
            rule = _read_rule(reader, item, file, data.line_of(kind))
            if rule:
                parsed.append(rule)
        if not isinstance(items, list):
            reader.problem(
                file,
                data.line_of(kind),
                f"'{kind}' should be a list of reminders",
                "write '- {days_before: 7, at: \"09:00\"}' lines",
            )
        rules[kind] = tuple(parsed)
    return rules


def _read_rule(reader: _Reader, item: Any, file: str, line: int) -> ReminderRule | None:
    fix = 'write {days_before: 7, at: "09:00"} or {hours_before: 1}'
    if not isinstance(item, LineDict) or not set(item) <= {"days_before", "at", "hours_before"}:
        reader.problem(file, getattr(item, "line", line), f"this reminder is not understood ({item!r})", fix)
        return None
    if "hours_before" in item:
        hours = item["hours_before"]
        if not isinstance(hours, (int, float)) or isinstance(hours, bool) or hours < 0 or len(item) > 1:
            reader.problem(file, item.line, f"hours_before {hours!r} is not a number of hours", fix)
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
        reader.problem(file, item.line, f"days_before {days!r} / at {at!r} cannot be read", fix)
        return None
    return ReminderRule(days_before=days, at=wall)


def _check_texts(reader: _Reader, items: list, file: str, line: int, owner: str) -> None:
    """YAML reads yes, no, on, off and 2022-03-17 as non-text: ask for quotes."""
    for index, item in enumerate(items):
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            items[index] = str(item)  # a number is a fine keyword
        elif not isinstance(item, str):
            reader.problem(
                file,
                line,
                f"in '{owner}', {item!r} is not read as text",
                f'write it between double quotes: "{item}"',
            )


def _cross_check(reader: _Reader, knowledge: Knowledge) -> None:
    seen: dict[str, Entry] = {}
    category_ids = {c.id for c in knowledge.categories}
    event_ids = {e.id for e in knowledge.events}
    for entry in knowledge.entries:
        if entry.id in seen:
            first = seen[entry.id]
            reader.problem(
                entry.source,
                entry.line,
                f"duplicate id '{entry.id}' (already used at {first.source}:{first.line})",
                "give each entry its own id",
            )
        seen.setdefault(entry.id, entry)
        if entry.category not in category_ids:
            reader.problem(
                entry.source,
                entry.line,
                f"unknown category '{entry.category}'",
                "use one of: " + ", ".join(sorted(category_ids)),
            )
    entry_ids = set(seen)
    for entry in knowledge.entries:
        for rid in entry.related:
            if rid not in entry_ids:
                line = getattr(rid, "line", entry.line)
                reader.problem(
                    entry.source,
                    line,
                    f"related entry '{rid}' does not exist",
                    "use the id of an existing entry, or remove it",
                )
        for lang in LANGS:
            text = entry.answer.get(lang)
            for _, event_id in PLACEHOLDER.findall(text):
                if event_id not in event_ids:
                    reader.problem(
                        entry.source,
                        entry.line,
                        f"the {lang} answer refers to unknown event '{event_id}'",
                        "use an id from calendar.yaml: " + ", ".join(sorted(event_ids)),
                    )
    used_actions = {e.action for e in knowledge.entries if e.action}
    for action in sorted(used_actions):
        concept = ACTION_CONCEPTS[action]
        if concept not in knowledge.lexicon.synonyms:
            reader.problem(
                "lexicon.yaml",
                0,
                f"the synonyms have no '{concept}' group, which "
                f"recognises requests for the '{action}' action",
                f"add '{concept}: [words…]' under 'synonyms:'",
            )
    event_seen: set[str] = set()
    for event in knowledge.events:
        if event.id in event_seen:
            reader.problem(
                "calendar.yaml", 0, f"duplicate event id '{event.id}'", "give each event its own id"
            )
        event_seen.add(event.id)


def load_knowledge(directory: Path | str | None = None) -> Knowledge:
    """Read every YAML file of the folder; raise KnowledgeError listing all problems found."""
    root = Path(directory) if directory else DEFAULT_DIR
    reader = _Reader(root)
    if not root.is_dir():
        raise KnowledgeError([Problem(str(root), 0, "this knowledge folder does not exist")])
    categories = _read_categories(reader, root / "categories.yaml")
    events = _read_calendar(reader, root / "calendar.yaml")
    lexicon = _read_lexicon(reader, root / "lexicon.yaml")
    entries = []
    for path in sorted((root / "faq").glob("*.yaml")):
        entries.extend(_read_faq(reader, path))
    rules = _read_reminder_rules(reader, root / "reminders.yaml")
    knowledge = Knowledge(tuple(entries), tuple(categories), tuple(events), lexicon, rules)
    if not reader.unreadable:  # a broken file would make every reference to it look wrong
        _cross_check(reader, knowledge)
    if reader.problems:
        raise KnowledgeError(reader.problems)
    return knowledge
