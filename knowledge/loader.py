"""YAML folder -> Knowledge, with every problem reported as file:line and a fix.

Each file is read by its own module (knowledge/entries.py: categories, FAQ, lexicon;
knowledge/events.py: calendar, reminders); here they are put together and their references
to one another checked.
"""

from __future__ import annotations

from pathlib import Path

from .entries import read_categories, read_faq, read_lexicon
from .events import read_calendar, read_reminder_rules
from .fields import Fields
from .model import ACTION_CONCEPTS, Entry, Knowledge
from .placeholders import check_placeholders
from .said import say
from .yamlsource import KnowledgeError, Problem

# The shipped knowledge: the staff's YAML files, apart from the code (KNOWLEDGE_DIR overrides it).
DEFAULT_DIR = Path(__file__).resolve().parent / "data"


def _cross_check(fields: Fields, knowledge: Knowledge) -> None:
    seen: dict[str, Entry] = {}
    category_ids = {c.id for c in knowledge.categories}
    for entry in knowledge.entries:
        if entry.id in seen:
            first = seen[entry.id]
            first_at = f"{first.source}:{first.line}"
            fields.problem(
                entry.source, entry.line, "duplicate_id", "unique_entry_id", id=entry.id, first=first_at
            )
        seen.setdefault(entry.id, entry)
        if entry.category not in category_ids | fields.broken_categories:
            choices = ", ".join(sorted(category_ids))
            fields.problem(
                entry.source,
                entry.line,
                "unknown_category",
                "use_one_of",
                category=entry.category,
                choices=choices,
            )
    entry_ids = set(seen)
    for entry in knowledge.entries:
        for rid in entry.related:
            if rid not in entry_ids and rid not in fields.broken_entries:
                line = getattr(rid, "line", entry.line)
                fields.problem(entry.source, line, "unknown_related", "fix_related", id=rid)
    check_placeholders(fields, knowledge)
    used_actions = {e.action for e in knowledge.entries if e.action}
    for action in sorted(used_actions):
        concept = ACTION_CONCEPTS[action]
        if concept not in knowledge.lexicon.synonyms:
            fields.problem(
                "lexicon.yaml", 0, "no_action_group", "add_action_group", concept=concept, action=action
            )
    event_seen: set[str] = set()
    for event in knowledge.events:
        if event.id in event_seen:
            fields.problem("calendar.yaml", 0, "duplicate_event", "unique_event_id", id=event.id)
        event_seen.add(event.id)


def shown_from(root: Path) -> Path:
    """The folder problems name files from: the one above the knowledge folder, so that a file
    reads 'knowledge/faq/pay.yaml'; for the shipped folder, the project's, 'knowledge/data/…'.
    A folder given as a relative path (`check ./some/folder`) names its files as typed, from the
    current folder: 'some/folder/faq/pay.yaml'."""
    if not root.is_absolute():
        return Path()
    if root.resolve() == DEFAULT_DIR:
        return DEFAULT_DIR.parent.parent
    return root.parent


def load_knowledge(directory: Path | str | None = None) -> Knowledge:
    """Read every YAML file of the folder; raise KnowledgeError listing all problems found."""
    root = Path(directory) if directory else DEFAULT_DIR
    fields = Fields(root, shown_from(root))
    if not root.is_dir():
        raise KnowledgeError([Problem(str(root), 0, say("no_folder"))])
    categories = read_categories(fields, root / "categories.yaml")
    events = read_calendar(fields, root / "calendar.yaml")
    lexicon = read_lexicon(fields, root / "lexicon.yaml")
    entries = []
    for path in sorted((root / "faq").glob("*.yaml")):
        entries.extend(read_faq(fields, path))
    rules = read_reminder_rules(fields, root / "reminders.yaml")
    knowledge = Knowledge(tuple(entries), tuple(categories), tuple(events), lexicon, rules)
    if not fields.unreadable:  # a broken file would make every reference to it look wrong
        _cross_check(fields, knowledge)
    if fields.problems:
        raise KnowledgeError(fields.problems)
    return knowledge
