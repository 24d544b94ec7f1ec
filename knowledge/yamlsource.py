"""Reading YAML files while remembering the line of every mapping and string."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .said import DEFAULT_LANG, Said, say, spoken


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a knowledge file, said so that staff can fix it, in French (str) or
    English (`text("en")`)."""

    file: str
    line: int
    message: Said | str
    fix: Said | str = ""

    def text(self, lang: str = DEFAULT_LANG) -> str:
        """'file:line: what is wrong — fix: what to do', in `lang`."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        message, fix = spoken(self.message, lang), spoken(self.fix, lang)
        return say("problem_fix" if fix else "problem", where=where, message=message, fix=fix).text(lang)

    def __str__(self) -> str:
        return self.text()


class KnowledgeError(Exception):
    """Raised when the knowledge cannot be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def text(self, lang: str = DEFAULT_LANG) -> str:
        """Every problem, one a line, in `lang`."""
        return "\n".join(p.text(lang) for p in self.problems)


class LineStr(str):
    line: int = 0


class LineDict(dict[Any, Any]):
    """A mapping read from YAML: the line it starts on and the line of each key."""

    def __init__(self, line: int = 0) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[str, int] = {}

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    line: int = 0


class _Loader(yaml.SafeLoader):
    duplicate_keys: list[tuple[str, int]]


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict(node.start_mark.line + 1)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            loader.duplicate_keys.append((str(key), key_node.start_mark.line + 1))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[str(key)] = key_node.start_mark.line + 1
    return result


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    return result


def _string(loader: _Loader, node: yaml.ScalarNode) -> LineStr:
    result = LineStr(loader.construct_scalar(node))
    result.line = node.start_mark.line + 1
    return result


def _timestamp(loader: _Loader, node: yaml.ScalarNode) -> object:
    """A YAML date or date-time; one that is no real day or time ('2022-04-31') stays text,
    so that the loader reports it with its line instead of the parser crashing."""
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return _string(loader, node)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)
_Loader.add_constructor("tag:yaml.org,2002:str", _string)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def _explain_yaml_error(error: yaml.YAMLError) -> tuple[int, Said, Said]:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line = mark.line + 1 if mark else 0
    problem = getattr(error, "problem", None) or str(error)
    if "\\t" in problem or "tab" in problem:
        return line, say("yaml_tab"), say("spaces_only")
    if "mapping values are not allowed" in problem:
        return line, say("yaml_colon"), say("quote_text")
    if "could not find expected ':'" in problem or "expected <block end>" in problem:
        return line, say("yaml_structure", detail=problem), say("check_keys")
    return line, say("yaml_invalid", detail=problem), say("check_quotes")


def read_yaml(path: Path, shown_as: str) -> tuple[Any, list[Problem]]:
    """Parse one file; return its data (or None) and the problems found, each with a line."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        return None, [Problem(shown_as, 0, say("not_utf8", reason=error.reason), say("save_utf8"))]
    except OSError as error:
        return None, [Problem(shown_as, 0, say("unreadable_file", reason=error.strerror))]
    loader = _Loader(text)
    loader.duplicate_keys = []
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as error:
        line, message, fix = _explain_yaml_error(error)
        return None, [Problem(shown_as, line, message, fix)]
    finally:
        loader.dispose()
    problems = [
        Problem(shown_as, line, say("key_twice", key=key), say("keep_one"))
        for key, line in loader.duplicate_keys
    ]
    return data, problems
