"""The {date:event-id} placeholders of the answers: each unknown event or field is reported at
the line of the answer text that holds it."""

from __future__ import annotations

import difflib
import re

from .fields import Fields
from .model import LANGS, Knowledge

PLACEHOLDER_FIELDS = ("date", "time", "datetime", "end_date", "end_time")
# Any {word:id} written without spaces: a known field, or one mistyped ({dat:…}, {start:…}).
_ANY = re.compile(r"\{([A-Za-z_]+):([^}\s]*)\}")


def _line_in(lines: list[str], start: int, text: str, taken: set[tuple[int, str]]) -> int:
    """The first line from `start` (1-based) holding `text` not already named for it."""
    for number in range(max(start, 1), len(lines) + 1):
        if text in lines[number - 1] and (number, text) not in taken:
            taken.add((number, text))
            return number
    return start


def check_placeholders(fields: Fields, knowledge: Knowledge) -> None:
    event_ids = {e.id for e in knowledge.events}
    known = ", ".join(sorted(event_ids))
    for entry in knowledge.entries:
        lines = fields.lines.get(entry.source, [])
        starts = fields.text_lines.get((entry.source, entry.line, "answer"), {})
        for lang in LANGS:
            taken: set[tuple[int, str]] = set()
            for match in _ANY.finditer(entry.answer.get(lang)):
                field, event_id = match.groups()
                bad_field = field not in PLACEHOLDER_FIELDS
                bad_event = event_id not in event_ids and event_id not in fields.broken_events
                if not (bad_field or bad_event):
                    continue
                line = _line_in(lines, starts.get(lang, entry.line), match.group(0), taken)
                if bad_field:
                    close = difflib.get_close_matches(field, PLACEHOLDER_FIELDS, n=1)
                    fields.problem(
                        entry.source,
                        line,
                        "unknown_placeholder",
                        "did_you_mean_placeholder" if close else "use_one_of",
                        lang=lang,
                        field=field,
                        close=close[0] if close else "",
                        event=event_id,
                        choices=", ".join(f"{{{f}:event-id}}" for f in PLACEHOLDER_FIELDS),
                    )
                if bad_event:
                    fields.problem(
                        entry.source,
                        line,
                        "unknown_event_ref",
                        "use_event_id",
                        lang=lang,
                        event=event_id,
                        known=known,
                    )
