"""Editing a copy of the shipped knowledge as staff would: a valid edit, a tab, a fix."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest
import yaml

from knowledge.loader import DEFAULT_DIR, load_knowledge
from knowledge.model import Knowledge

# One FAQ file of the shipped knowledge, which refers to no entry outside it: a knowledge that
# loads and passes its checks in a fraction of a second (the whole one takes seconds), for the
# tests of reloading an edit, which are not about the content.
SLICE = ("statut-remuneration.yaml",)


def copy_knowledge(tmp_path: Path, faq: Iterable[str] | None = None) -> Path:
    """The shipped knowledge copied to tmp_path/knowledge; with `faq` (e.g. SLICE), only those
    FAQ files of it."""
    folder = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_DIR, folder)
    if faq is not None:
        for path in (folder / "faq").glob("*.yaml"):
            if path.name not in faq:
                path.unlink()
    return folder


def load_slice(tmp_path_factory: pytest.TempPathFactory) -> Knowledge:
    """The knowledge of a copy made with `faq=SLICE`, before any edit."""
    return load_knowledge(copy_knowledge(tmp_path_factory.mktemp("slice"), SLICE))


def entry_file(folder: Path, entry_id: str) -> Path:
    """The faq file holding the entry `entry_id`."""
    for path in sorted((folder / "faq").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if any(block.get("id") == entry_id for block in data.get("entries") or []):
            return path
    raise LookupError(entry_id)


def with_answer(folder: Path, entry_id: str, answer_fr: str) -> str:
    """The text of the entry's file with its French answer replaced (the file is untouched)."""
    path = entry_file(folder, entry_id)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for block in data["entries"]:
        if block["id"] == entry_id:
            block["answer"]["fr"] = answer_fr
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def with_tab(text: str, entry_id: str) -> tuple[str, int]:
    """`text` with the line after the entry's `- id:` indented by a tab; and that line's number."""
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.strip() == f"- id: {entry_id}")
    broken = start + 1
    lines[broken] = "\t" + lines[broken].lstrip(" ")
    return "".join(lines), broken + 1


def write(path: Path, text: str) -> None:
    """Write like an editor saving, and make sure the mtime moves even on coarse clocks."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    if path.stat().st_mtime_ns <= before:
        os.utime(path, ns=(before + 1_000_000, before + 1_000_000))
