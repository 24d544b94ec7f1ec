"""Staff command line: `python -m knowledge check [DIR]` and `python -m knowledge ask [QUESTION]`."""
from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from .answer import Answer, Answerer
from .checks import check_phrasings
from .clock import FixedClock, SystemClock, parse_instant
from .loader import DEFAULT_DIR, load_knowledge
from .yamlsource import KnowledgeError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m knowledge",
                                     description="Check the knowledge files, or try a question.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate every YAML file of the knowledge folder")
    check.add_argument("directory", nargs="?", default=str(DEFAULT_DIR))
    ask = sub.add_parser("ask", help="show what the bot would answer")
    ask.add_argument("question", nargs="*", help="the question; without it, one per line on stdin")
    ask.add_argument("--json", action="store_true", help="one JSON object per question")
    ask.add_argument("--now", help="answer as if it were this ISO date-time (Paris time)")
    ask.add_argument("--dir", default=str(DEFAULT_DIR), help="knowledge folder")
    ask.add_argument("--lang", help="the user's Telegram language, e.g. en")
    return parser


def run_check(directory: str, out: TextIO) -> int:
    try:
        knowledge = load_knowledge(directory)
    except KnowledgeError as error:
        for problem in error.problems:
            print(problem, file=out)
        print(f"{len(error.problems)} problem(s) found.", file=out)
        return 1
    problems = check_phrasings(knowledge)
    for problem in problems:
        print(problem, file=out)
    if problems:
        print(f"{len(problems)} problem(s) found.", file=out)
        return 1
    print(f"OK: {len(knowledge.entries)} entries, {len(knowledge.categories)} categories, "
          f"{len(knowledge.events)} events.", file=out)
    return 0


def as_json(question: str, answer: Answer) -> str:
    """The one-line JSON record of `ask --json`."""
    return json.dumps({
        "question": question,
        "entry": answer.entry.id if answer.entry else None,
        "score": answer.score,
        "answer": answer.text,
        "suggestions": [e.id for e in answer.suggestions],
    }, ensure_ascii=False)


def as_readable(question: str, answer: Answer) -> str:
    lines = [f"Q: {question}", f"→ {answer.kind}"
             + (f" · entry {answer.entry.id}" if answer.entry else "")
             + (f" · score {answer.score}" if answer.score is not None else "")
             + f" · {answer.lang}", "", answer.text, ""]
    runners = [c for c in answer.candidates if not answer.entry or c.entry.id != answer.entry.id]
    if runners:
        lines.append("Runners-up: " + ", ".join(f"{c.entry.id} ({c.score})" for c in runners[:3]))
    return "\n".join(lines)


def run_ask(args: argparse.Namespace, stdin: TextIO, out: TextIO) -> int:
    try:
        knowledge = load_knowledge(args.dir)
    except KnowledgeError as error:
        print(error, file=sys.stderr)
        return 1
    try:
        clock = FixedClock(parse_instant(args.now)) if args.now else SystemClock()
    except ValueError:
        print(f"--now: cannot read {args.now!r} as a date-time; write e.g. 2022-04-12T09:00",
              file=sys.stderr)
        return 2
    answerer = Answerer(knowledge, clock)
    show = as_json if args.json else as_readable
    questions = [" ".join(args.question)] if args.question else (line.rstrip("\n") for line in stdin)
    for question in questions:
        print(show(question, answerer.ask(question, args.lang)), file=out, flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "check":
        return run_check(args.directory, sys.stdout)
    return run_ask(args, sys.stdin, sys.stdout)


if __name__ == "__main__":
    sys.exit(main())
