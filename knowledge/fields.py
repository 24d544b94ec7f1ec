"""Reading the fields of the knowledge's YAML blocks: texts in both languages, ids, lists of
texts; every problem is kept with its file and line (knowledge/yamlsource.py gives the lines)."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

from .model import LANGS, Text
from .said import say
from .yamlsource import LineDict, Problem, read_yaml

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# The words YAML 1.1 reads as true or false when they are not in quotes.
YES_NO = {True: ("yes", "true", "on"), False: ("no", "false", "off")}
_WORD = re.compile(r"[^\s,:\[\]{}\-#\"']+")


class Fields:
    """Reads the fields of parsed YAML blocks, collecting each problem with its file and line."""

    def __init__(self, root: Path, shown_from: Path | None = None):
        self.root = root
        self.shown_from = root.parent if shown_from is None else shown_from
        self.problems: list[Problem] = []
        self.unreadable: set[str] = set()
        # ids of entries and events already reported as broken: a reference to one of them is
        # not reported again as pointing nowhere (one error per cause)
        self.broken_entries: set[str] = set()
        self.broken_events: set[str] = set()
        self.broken_categories: set[str] = set()
        self.lines: dict[str, list[str]] = {}  # each file's text, to point at a place inside a text
        # (file, line of the block, key) -> the line of each language's text
        self.text_lines: dict[tuple[str, int, str], dict[str, int]] = {}
        # (file, line of the block, key) of the keys written misspelt: already reported, so their
        # absence is not reported again as missing
        self.misspelt: set[tuple[str, int, str]] = set()

    def shown(self, path: Path) -> str:
        """The file as problems name it: from `shown_from` when it is below it."""
        try:
            return str(path.relative_to(self.shown_from))
        except ValueError:
            return str(path)

    def problem(self, file: str, line: int, message: str, fix: str = "", /, **values: object) -> None:
        """Keep a problem: `message` and `fix` are keys of knowledge/check_texts.py, which
        share the {placeholders}' `values`."""
        self.problems.append(Problem(file, line, say(message, **values), say(fix, **values) if fix else ""))

    def read(self, path: Path) -> Any:
        data, problems = read_yaml(path, self.shown(path))
        self.problems.extend(problems)
        if data is not None:
            self.lines[self.shown(path)] = path.read_text(encoding="utf-8").splitlines()
        if data is None and problems:
            self.unreadable.add(self.shown(path))
        return data

    def unknown_choice(
        self, file: str, line: int, message: str, value: object, allowed: tuple[str, ...]
    ) -> None:
        """A value that is none of `allowed`: `message` names it, the fix lists them."""
        self.problem(file, line, message, "use_one_of", value=value, choices=", ".join(allowed))

    def mapping(self, value: Any, file: str, line: int, what: str) -> LineDict | None:
        """The value as a block of keys, or None after reporting it; `what`: 'the_file',
        'an_entry'… (a key of knowledge/check_texts.py)."""
        if isinstance(value, LineDict):
            return value
        if value is None and file in self.unreadable:
            return None  # already reported as broken YAML
        self.problem(file, getattr(value, "line", line), "not_a_block", what=say(what))
        return None

    def known_keys(self, block: LineDict, allowed: tuple[str, ...], file: str) -> None:
        """Report each key of the block that is not one of `allowed`, with the closest one."""
        for key in list(block):
            if key in allowed:
                continue
            close = difflib.get_close_matches(str(key), allowed, n=1)
            if close and close[0] not in block:
                self.misspelt.add((file, block.line, close[0]))
            fix = "did_you_mean" if close else "use_one_of"
            close_key = close[0] if close else ""
            self.problem(
                file,
                block.line_of(str(key)),
                "unknown_key",
                fix,
                key=key,
                close=close_key,
                choices=", ".join(allowed),
            )

    def top_list(self, data: LineDict | None, key: str, allowed: tuple[str, ...], file: str) -> list:
        """The file's `key:` list, its other top keys checked; without the list, the file counts
        as unreadable: every reference to what it should hold would look wrong."""
        if data is None:
            return []
        self.known_keys(data, allowed, file)
        items = data.get(key)
        if isinstance(items, list):
            return items
        if not self.is_misspelt(data, key, file):
            self.problem(file, data.line_of(key), "no_top_list", "start_with", key=key)
        self.unreadable.add(file)
        return []

    def is_misspelt(self, block: LineDict, key: str, file: str) -> bool:
        """The key is absent because it was written misspelt, which is already reported."""
        return (file, block.line, key) in self.misspelt

    def text(self, block: LineDict, key: str, file: str, required: bool = True) -> Text | None:
        value = block.get(key)
        if value is None:
            if required and not self.is_misspelt(block, key, file):
                self.problem(file, block.line, "text_missing", "add_text", key=key)
            return None
        if not isinstance(value, LineDict):
            self.problem(file, block.line_of(key), "text_not_block", key=key)
            return None
        self.known_keys(value, LANGS, file)
        texts = {}
        self.text_lines[(file, block.line, key)] = {lang: value.line_of(lang) for lang in LANGS}
        for lang in LANGS:
            item = value.get(lang)
            if isinstance(item, bool):
                line, word = self.written(file, value.line_of(lang), item)
                self.problem(file, line, "yes_no_text", "quote_word", lang=lang, key=key, word=word)
            elif (not isinstance(item, str) or not item.strip()) and not self.is_misspelt(value, lang, file):
                self.problem(file, value.line, "no_lang_text", "add_lang", key=key, lang=lang)
            texts[lang] = str(item or "").strip()
        return Text(**texts)

    def identifier(self, block: LineDict, file: str, what: str) -> str | None:
        """The block's id, or None after reporting it; `what`: 'category', 'entry' or 'event'."""
        value = block.get("id")
        if value is None and self.is_misspelt(block, "id", file):
            return None
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            self.problem(
                file, block.line_of("id"), "invalid_id", "id_shape", what=say(f"this_{what}"), value=value
            )
            return None
        return str(value)

    def check_texts(self, items: list, file: str, line: int, owner: str) -> None:
        """YAML reads yes, no, on, off and 2022-03-17 as non-text: ask for quotes."""
        for index, item in enumerate(items):
            if isinstance(item, (int, float)) and not isinstance(item, bool):
                items[index] = str(item)  # a number is a fine keyword
            elif isinstance(item, bool):
                at, word = self.written(file, line, item)
                self.problem(file, at, "not_text", "quote_word", owner=owner, value=item, word=word)
            elif not isinstance(item, str):
                self.problem(file, line, "not_text", "quote_value", owner=owner, value=item, word=item)

    def written(self, file: str, line: int, value: bool) -> tuple[int, str]:
        """Where and how a yes/no value was written: the first word YAML reads as `value` from
        `line` on (an item of a list may be on a line of its own), e.g. (12, 'yes')."""
        lines = self.lines.get(file, [])
        for number in range(max(line, 1), min(line + 50, len(lines) + 1)):
            text = lines[number - 1].split(" #", 1)[0]
            for word in _WORD.findall(text):
                if word.lower() in YES_NO[value]:
                    return number, word
        return line, YES_NO[value][0]
