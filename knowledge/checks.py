"""Checks that need the matcher: phrasings shared or missing their entry, and generalisation."""

from __future__ import annotations

from dataclasses import dataclass

from .matcher import AnswerKind, Matcher
from .model import Knowledge
from .normalize import words
from .said import say
from .yamlsource import Problem


def check_phrasings(knowledge: Knowledge, matcher: Matcher | None = None) -> list[Problem]:
    """Every phrasing belongs to one entry only, and the matcher sends it to that entry."""
    matcher = matcher or Matcher.of(knowledge)
    problems: list[Problem] = []
    owners: dict[str, str] = {}
    for entry in knowledge.entries:
        for _lang, question in entry.all_questions():
            line = getattr(question, "line", entry.line)
            key = " ".join(words(question))
            owner = owners.setdefault(key, entry.id)
            if owner != entry.id:
                shared = say("phrasing_shared", question=question, owner=owner)
                problems.append(Problem(entry.source, line, shared, say("keep_in_one")))
                continue
            result = matcher.match(question)
            best = result.best
            if (
                result.kind not in (AnswerKind.ANSWER, AnswerKind.SUGGEST)
                or best is None
                or best.entry.id != entry.id
            ):
                got = say("entry_score", entry=best.entry.id, score=best.score) if best else say("nothing")
                astray = say("phrasing_astray", question=question, entry=entry.id, got=got)
                problems.append(Problem(entry.source, line, astray, say("reword")))
    return problems


@dataclass(frozen=True)
class Generalisation:
    """How one entry's phrasings fare when each is asked with itself left out of the index."""

    entry_id: str
    asked: int
    home: int  # answered with its own entry
    offered: int  # declined, with its own entry among the "did you mean" buttons
    astray: tuple[tuple[str, str], ...]  # (phrasing, where it went instead)

    @property
    def share(self) -> float:
        return self.home / self.asked if self.asked else 1.0


def generalisation(knowledge: Knowledge, matcher: Matcher | None = None) -> list[Generalisation]:
    """Leave-one-out per entry: a phrasing still found without itself is one the others cover."""
    matcher = matcher or Matcher.of(knowledge)
    report = []
    for entry in knowledge.entries:
        home = offered = 0
        astray = []
        for question, result in matcher.leave_one_out(entry):
            ids = [c.entry.id for c in result.candidates]
            if result.kind == AnswerKind.ANSWER and ids[0] == entry.id:
                home += 1
            elif result.kind == AnswerKind.SUGGEST and entry.id in ids:
                offered += 1
            else:
                astray.append((question, ids[0] if result.kind == AnswerKind.ANSWER else result.kind))
        report.append(Generalisation(entry.id, len(entry.all_questions()), home, offered, tuple(astray)))
    return report
