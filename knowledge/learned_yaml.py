"""Learned phrasings as YAML: printed ready to paste (per file and entry), or written into the
knowledge files with ruamel.yaml's round trip, so their comments and layout stay as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import StringIO
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from .cli_texts import cli_text
from .learned import Phrasing
from .learned_scope import Declined, words_of

FAQ_FOLDER = "faq"
LEXICON_FILE = "lexicon.yaml"


def _round_trip() -> YAML:
    yaml = YAML()  # round-trip: comments, order and quotes kept
    yaml.preserve_quotes = True
    yaml.width = 10_000  # never re-fold the long answers
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _faq_files(directory: Path) -> list[Path]:
    return sorted((directory / FAQ_FOLDER).glob("*.yaml"))


def _entries(data: Any) -> list[Any]:
    entries = data.get("entries") if isinstance(data, dict) else None
    return entries if isinstance(entries, list) else []


def home_files(directory: Path, phrasings: Sequence[Phrasing]) -> dict[str, Path]:
    """entry id -> the FAQ file that defines it, for the entries of `phrasings`."""
    wanted = {p.entry for p in phrasings}
    homes: dict[str, Path] = {}
    yaml = _round_trip()
    for path in _faq_files(directory):
        for entry in _entries(yaml.load(path.read_text(encoding="utf-8"))):
            if isinstance(entry, dict) and entry.get("id") in wanted:
                homes.setdefault(str(entry["id"]), path)
    return homes


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def phrasings_yaml(
    directory: Path, phrasings: Sequence[Phrasing], declined: Sequence[Declined] = (), lang: str = "fr"
) -> str:
    """What to paste: per file, per entry, the phrasings to add under `questions:`; then the
    words the questions staff judged out of scope taught, per topic of lexicon.yaml's
    `out_of_scope`, and the questions that taught none (as comments). The comments are in `lang`."""
    homes = home_files(directory, phrasings)
    lines: list[str] = []
    by_file: dict[str, dict[str, dict[str, list[str]]]] = {}
    for p in phrasings:
        file = (
            str(homes[p.entry].relative_to(directory))
            if p.entry in homes
            else cli_text(lang, "learned_no_entry")
        )
        by_file.setdefault(file, {}).setdefault(p.entry, {}).setdefault(p.lang, []).append(p.text)
    for file, entries in by_file.items():
        lines.append(f"# {file}")
        for entry_id, langs in entries.items():
            lines += [f"- id: {entry_id}", "  questions:"]
            for lang, texts in langs.items():
                lines.append(f"    {lang}:")
                lines += [f"      - {_quoted(t)}" for t in texts]
        lines.append("")
    if topics := words_of(declined):
        lines += [cli_text(lang, "learned_out_of_scope"), "out_of_scope:"]
        lines += [f"  {topic}: [{', '.join(_quoted(w) for w in kept)}]" for topic, kept in topics.items()]
        lines.append("")
    if silent := [d.text for d in declined if not d.words]:
        lines.append(cli_text(lang, "learned_no_word"))
        lines += [f"#   {_quoted(t)}" for t in silent]
        lines.append("")
    return "\n".join(lines)


def _add(entry: CommentedMap, lang: str, text: str) -> None:
    questions = entry.setdefault("questions", CommentedMap())
    phrasings = questions.get(lang)
    if phrasings is None:
        phrasings = questions[lang] = CommentedSeq()
    phrasings.append(DoubleQuotedScalarString(text))


def _added(original: str, topics: dict[str, list[str]]) -> str:
    """lexicon.yaml with the words appended to their topic's flow list, or a new topic's line at
    the end of `out_of_scope`, every other line as it was (ruamel re-folds flow lists)."""
    lines = original.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.startswith("out_of_scope:")), None)
    if start is None:
        return original
    end = next((i for i in range(start + 1, len(lines)) if lines[i][:1] not in (" ", "\n", "#")), len(lines))
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1  # the comments and blank lines before the next section stay with it
    for topic, kept in topics.items():
        items = ", ".join(_quoted(w) for w in kept)
        head = next((i for i in range(start + 1, end) if lines[i].startswith(f"  {topic}: [")), None)
        ends = (i for i in range(head or end, end) if lines[i].rstrip().endswith("]"))
        close = next(ends, None)
        if head is None or close is None:
            lines.insert(end, f"  {topic}: [{items}]\n")
            end += 1
            continue
        indent = " " * (lines[head].index("[") + 1)
        lines[close] = lines[close].rstrip()[:-1] + f",\n{indent}{items}]\n"
    return "".join(lines)


def _topics(data: Any, added: dict[str, list[str]] | None = None) -> Any:
    """The YAML data with the `added` words after their topic's (to compare a file written)."""
    data = data if isinstance(data, dict) else {}
    section = data.get("out_of_scope") or {}
    extra = {topic: [*(section.get(topic) or []), *kept] for topic, kept in (added or {}).items()}
    return {**data, "out_of_scope": {**section, **extra}}


def write_out_of_scope(directory: Path, declined: Sequence[Declined]) -> dict[Path, str]:
    """Add the words the out-of-scope questions taught to their topic of lexicon.yaml's
    `out_of_scope` (a new topic for `learned`), in place, comments and layout kept; returns the
    file changed with its content before, or nothing when there is no word."""
    topics = words_of(declined)
    path = directory / LEXICON_FILE
    if not topics or not path.exists():
        return {}
    original = path.read_text(encoding="utf-8")
    written = _added(original, topics)
    if _topics(YAML(typ="safe").load(written)) != _topics(YAML(typ="safe").load(original), topics):
        data = _round_trip().load(original)  # a layout `_added` does not know: ruamel's round trip
        data["out_of_scope"] = data.get("out_of_scope") or CommentedMap()
        for topic, kept in topics.items():
            data["out_of_scope"].setdefault(topic, CommentedSeq()).extend(kept)
        out = StringIO()
        _round_trip().dump(data, out)
        written = out.getvalue()
    path.write_text(written, encoding="utf-8")
    return {path: original}


def write_phrasings(directory: Path, phrasings: Sequence[Phrasing]) -> dict[Path, str]:
    """Add each phrasing to its entry's FAQ file, in place, comments kept; returns the files
    changed with their content before (to put back if the check then fails). Phrasings whose
    entry no file defines are left out."""
    homes = home_files(directory, phrasings)
    yaml = _round_trip()
    before: dict[Path, str] = {}
    for path in sorted(set(homes.values())):
        original = path.read_text(encoding="utf-8")
        data = yaml.load(original)
        for entry in _entries(data):
            for p in phrasings:
                if isinstance(entry, CommentedMap) and entry.get("id") == p.entry and homes[p.entry] == path:
                    _add(entry, p.lang, p.text)
        out = StringIO()
        yaml.dump(data, out)
        before[path] = original
        path.write_text(out.getvalue(), encoding="utf-8")
    return before
