"""categories.yaml, faq/*.yaml and lexicon.yaml: the entries, their categories, the lexicon."""

from __future__ import annotations

from pathlib import Path

from .fields import Fields
from .model import ACTIONS, LANGS, Category, Entry, Lexicon
from .yamlsource import LineDict

CATEGORY_KEYS = ("id", "title")
LEXICON_KEYS = ("synonyms", "out_of_scope", "smalltalk", "question_words")
ENTRY_KEYS = ("id", "category", "questions", "answer", "keywords", "related", "action")


def blocks(fields: Fields, path: Path, key: str, what: str) -> tuple[str, list[LineDict]]:
    """The file's name as shown in problems, and the mappings of its one top-level list `key`."""
    file = fields.shown(path)
    data = fields.mapping(fields.read(path), file, 1, "the_file")
    found = [fields.mapping(block, file, 1, what) for block in fields.top_list(data, key, (key,), file)]
    return file, [block for block in found if block is not None]


def read_categories(fields: Fields, path: Path) -> list[Category]:
    file, found = blocks(fields, path, "categories", "a_category")
    categories = []
    for block in found:
        fields.known_keys(block, CATEGORY_KEYS, file)
        cid, title = fields.identifier(block, file, "category"), fields.text(block, "title", file)
        if cid and title:
            categories.append(Category(cid, title))
        elif cid:
            fields.broken_categories.add(cid)
    return categories


def _read_entry(fields: Fields, block: LineDict, file: str) -> Entry | None:
    fields.known_keys(block, ENTRY_KEYS, file)
    eid = fields.identifier(block, file, "entry")
    category = block.get("category")
    if not isinstance(category, str) and not fields.is_misspelt(block, "category", file):
        fields.problem(file, block.line, "no_category", "add_category")
    questions: dict[str, tuple[str, ...]] = {}
    raw = block.get("questions")
    if not isinstance(raw, LineDict):
        if not fields.is_misspelt(block, "questions", file):
            fields.problem(file, block.line_of("questions"), "questions_missing", "add_questions")
    else:
        fields.known_keys(raw, LANGS, file)
        for lang in LANGS:
            items = raw.get(lang) or []
            if not isinstance(items, list):
                fields.problem(file, raw.line_of(lang), "questions_not_list", "one_per_line", lang=lang)
                continue
            fields.check_texts(items, file, raw.line_of(lang), f"questions {lang}")
            items = [q for q in items if isinstance(q, str)]
            questions[lang] = tuple(q for q in items if q.strip())
        if not questions.get("fr") and not questions.get("en"):
            fields.problem(file, raw.line, "no_question", "add_phrasing")
    answer = fields.text(block, "answer", file)
    keywords = block.get("keywords") or []
    related = block.get("related") or []
    for key, value in (("keywords", keywords), ("related", related)):
        if not isinstance(value, list):
            fields.problem(file, block.line_of(key), "not_a_list", "write_list", key=key)
        else:
            fields.check_texts(value, file, block.line_of(key), key)
    action = block.get("action")
    if action is not None and action not in ACTIONS:
        fields.unknown_choice(file, block.line_of("action"), "unknown_action", action, ACTIONS)
    if not (eid and isinstance(category, str) and answer and questions):
        if eid:
            fields.broken_entries.add(eid)
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


def read_faq(fields: Fields, path: Path) -> list[Entry]:
    file, found = blocks(fields, path, "entries", "an_entry")
    return [entry for block in found if (entry := _read_entry(fields, block, file))]


def read_lexicon(fields: Fields, path: Path) -> Lexicon:
    if not path.exists():
        return Lexicon()
    file = fields.shown(path)
    data = fields.mapping(fields.read(path), file, 1, "the_file") or LineDict()
    fields.known_keys(data, LEXICON_KEYS, file)
    if fields.is_misspelt(data, "synonyms", file):
        fields.unreadable.add(file)  # every action and question word would look unknown
    groups: dict[str, dict[str, tuple[str, ...]]] = {}
    for section in ("synonyms", "out_of_scope", "smalltalk"):
        block = data.get(section) or LineDict()
        if not isinstance(block, LineDict):  # every YAML mapping is read as a LineDict
            fields.problem(file, data.line_of(section), "section_not_map", section=section)
            block = LineDict()
        groups[section] = {}
        for name, words in block.items():
            if not isinstance(name, str):
                fields.problem(file, block.line, "name_yes_no", "quote_name", name=name)
                continue
            if not isinstance(words, list):
                fields.problem(file, block.line_of(name), "group_not_list", "write_words", name=name)
                continue
            fields.check_texts(words, file, block.line_of(name), name)
            groups[section][name] = tuple(w for w in words if isinstance(w, str))
    light = data.get("question_words") or []
    if not isinstance(light, list):
        fields.problem(
            file, data.line_of("question_words"), "question_words_not_list", "write_question_words"
        )
        light = []
    for name in light:
        if name not in groups["synonyms"] and file not in fields.unreadable:
            fields.problem(
                file, data.line_of("question_words"), "question_word_unknown", "use_group", name=name
            )
    return Lexicon(**groups, question_words=tuple(n for n in light if n in groups["synonyms"]))
