"""Checks that need the matcher: phrasings shared by two entries, phrasings that miss their entry."""
from __future__ import annotations

from .matcher import Matcher
from .model import Knowledge
from .normalize import words
from .yamlsource import Problem


def check_phrasings(knowledge: Knowledge, matcher: Matcher | None = None) -> list[Problem]:
    """Every phrasing belongs to one entry only, and the matcher sends it to that entry."""
    matcher = matcher or Matcher(knowledge)
    problems: list[Problem] = []
    owners: dict[str, str] = {}
    for entry in knowledge.entries:
        for lang, question in entry.all_questions():
            line = getattr(question, "line", entry.line)
            key = " ".join(words(question))
            owner = owners.setdefault(key, entry.id)
            if owner != entry.id:
                problems.append(Problem(entry.source, line,
                                        f"the phrasing “{question}” is also a phrasing of '{owner}'",
                                        "keep it in one entry only"))
                continue
            result = matcher.match(question)
            best = result.best
            if result.kind not in ("answer", "suggest") or best is None or best.entry.id != entry.id:
                got = f"'{best.entry.id}' ({best.score:.0f})" if best else "nothing"
                problems.append(Problem(entry.source, line,
                                        f"the phrasing “{question}” of '{entry.id}' leads to {got}",
                                        "reword it, or add distinctive keywords to the entry"))
    return problems
