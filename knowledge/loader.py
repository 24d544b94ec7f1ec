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
from .yamlsource import KnowledgeError, Problem

# The shipped knowledge: the staff's YAML files, apart from the code (KNOWLEDGE_DIR overrides it).
DEFAULT_DIR = Path(__file__).resolve().parent / "data"


def _cross_check(fields: Fields, knowledge: Knowledge) -> None:
    seen: dict[str, Entry] = {}
    category_ids = {c.id for c in knowledge.categories}
    for entry in knowledge.entries:
        if entry.id in seen:
            first = seen[entry.id]
            fields.problem(
                entry.source,
                entry.line,
                f"duplicate id '{entry.id}' (already used at {first.source}:{first.line})",
                "give each entry its own id",
            )
        seen.setdefault(entry.id, entry)
        if entry.category not in category_ids | fields.broken_categories:
            fields.problem(
                entry.source,
                entry.line,
                f"unknown category '{entry.category}'",
                "use one of: " + ", ".join(sorted(category_ids)),
            )
    entry_ids = set(seen)
    for entry in knowledge.entries:
        for rid in entry.related:
            if rid not in entry_ids and rid not in fields.broken_entries:
                line = getattr(rid, "line", entry.line)
                fields.problem(
                    entry.source,
                    line,
                    f"related entry '{rid}' does not exist",
                    "use the id of an existing entry, or remove it",
                )
    check_placeholders(fields, knowledge)
    used_actions = {e.action for e in knowledge.entries if e.action}
    for action in sorted(used_actions):
        concept = ACTION_CONCEPTS[action]
        if concept not in knowledge.lexicon.synonyms:
            fields.problem(
                "lexicon.yaml",
                0,
                f"the synonyms have no '{concept}' group, which "
                f"recognises requests for the '{action}' action",
                f"add '{concept}: [words…]' under 'synonyms:'",
            )
    event_seen: set[str] = set()
    for event in knowledge.events:
        if event.id in event_seen:
            fields.problem(
                "calendar.yaml", 0, f"duplicate event id '{event.id}'", "give each event its own id"
            )
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
        raise KnowledgeError([Problem(str(root), 0, "this knowledge folder does not exist")])
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
