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

FAQ_FOLDER = "faq"


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
    directory: Path, phrasings: Sequence[Phrasing], out_of_scope: Sequence[str] = (), lang: str = "fr"
) -> str:
    """What to paste: per file, per entry, the phrasings to add under `questions:`; then the
    questions staff judged out of scope, for lexicon.yaml's `out_of_scope` (as comments: the
    topic's words are staff's to choose). The comments are in `lang`."""
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
    if out_of_scope:
        lines.append(cli_text(lang, "learned_out_of_scope"))
        lines += [f"#   {_quoted(t)}" for t in out_of_scope]
        lines.append("")
    return "\n".join(lines)


def _add(entry: CommentedMap, lang: str, text: str) -> None:
    questions = entry.setdefault("questions", CommentedMap())
    phrasings = questions.get(lang)
    if phrasings is None:
        phrasings = questions[lang] = CommentedSeq()
    phrasings.append(DoubleQuotedScalarString(text))


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
