"""Staff command line: `python -m knowledge check [DIR] [--generalisation]`, `ask [--explain]`."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from .answer import Answer, Answerer
from .checks import Generalisation, check_phrasings, generalisation
from .clock import FixedClock, SystemClock, parse_instant
from .loader import DEFAULT_DIR, load_knowledge
from .yamlsource import KnowledgeError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m knowledge", description="Check the knowledge files, or try a question."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate every YAML file of the knowledge folder")
    check.add_argument("directory", nargs="?", help="knowledge folder (default: the shipped one)")
    check.add_argument("--dir", dest="folder", help="knowledge folder, like ask --dir")
    check.add_argument(
        "--generalisation",
        action="store_true",
        help="also ask every phrasing with itself left out, and say per entry how many "
        "still find their entry (entries with few are missing ways of being asked)",
    )
    check.add_argument(
        "--min",
        type=float,
        metavar="SHARE",
        help="with --generalisation: exit 1 if fewer than SHARE (0-1) find their entry",
    )
    ask = sub.add_parser("ask", help="show what the bot would answer")
    ask.add_argument("question", nargs="*", help="the question; without it, one per line on stdin")
    ask.add_argument("--json", action="store_true", help="one JSON object per question")
    ask.add_argument("--now", help="answer as if it were this ISO date-time (Paris time)")
    ask.add_argument("--dir", default=str(DEFAULT_DIR), help="knowledge folder")
    ask.add_argument("--lang", help="the user's Telegram language, e.g. en")
    ask.add_argument(
        "--explain",
        action="store_true",
        help="also show which words counted, the candidates' scores and why the bot "
        "answered, offered or declined",
    )
    return parser


def run_check(directory: str, out: TextIO, leave_one_out: bool = False, floor: float | None = None) -> int:
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
    print(
        f"OK: {len(knowledge.entries)} entries, {len(knowledge.categories)} categories, "
        f"{len(knowledge.events)} events.",
        file=out,
    )
    if not leave_one_out:
        return 0
    report = generalisation(knowledge)
    print_generalisation(report, out)
    home = sum(g.home for g in report) / max(sum(g.asked for g in report), 1)
    return 1 if floor is not None and home < floor else 0


def print_generalisation(report: list[Generalisation], out: TextIO) -> None:
    """Per entry, weakest first: how many phrasings find their entry when left out."""
    print("\nGeneralisation: each phrasing asked with itself left out of the index.", file=out)
    print(f"{'entry':28} {'phrasings':>9} {'found':>6} {'offered':>8} {'share':>6}", file=out)
    for g in sorted(report, key=lambda g: (g.share, g.entry_id)):
        print(f"{g.entry_id:28} {g.asked:9} {g.home:6} {g.offered:8} {g.share:6.0%}", file=out)
    weakest = sorted((g for g in report if g.astray), key=lambda g: g.share)[:5]
    if weakest:
        print(
            "\nWhere the weakest entries' phrasings go instead (add phrasings or keywords there):", file=out
        )
    for g in weakest:
        for question, went in g.astray[:3]:
            print(f"  {g.entry_id}: “{question}” → {went}", file=out)
    asked = sum(g.asked for g in report)
    home, offered = sum(g.home for g in report), sum(g.offered for g in report)
    print(
        f"\nOverall: {home}/{asked} phrasings find their entry ({home / asked:.1%}), "
        f"{(home + offered) / asked:.1%} found or offered.",
        file=out,
    )


def as_json(question: str, answer: Answer) -> str:
    """The one-line JSON record of `ask --json`."""
    return json.dumps(
        {
            "question": question,
            "entry": answer.entry.id if answer.entry else None,
            "score": answer.score,
            "answer": answer.text,
            "suggestions": [e.id for e in answer.suggestions],
        },
        ensure_ascii=False,
    )


def as_explained(explanation: dict[str, Any]) -> str:
    """The matcher's reading of a question, for staff."""
    terms = explanation["terms"]
    unknown = explanation["unknown"]
    lines = [f"Read as ({explanation['view']}):"]
    lines += [f"  {t['term']:28} weight {t['weight']}" for t in terms]
    if unknown:
        lines.append("Words the knowledge never uses (they weigh against every entry):")
        lines += [f"  {u['word']:28} weight {u['weight']}" for u in unknown]
    lines.append("Candidates:")
    lines += [
        f"  {c['entry']:26} score {c['score']:5}  coverage {c['coverage']:.2f}  "
        f"closest phrasing: “{c['closest phrasing']}”"
        for c in explanation["candidates"]
    ]
    lines.append(f"Decision: {explanation['decision']} — {explanation['reason']}")
    return "\n".join(lines)


def as_readable(question: str, answer: Answer) -> str:
    lines = [
        f"Q: {question}",
        f"→ {answer.kind}"
        + (f" · entry {answer.entry.id}" if answer.entry else "")
        + (f" · score {answer.score}" if answer.score is not None else "")
        + f" · {answer.lang}",
        "",
        answer.text,
        "",
    ]
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
        print(f"--now: cannot read {args.now!r} as a date-time; write e.g. 2022-04-12T09:00", file=sys.stderr)
        return 2
    answerer = Answerer(knowledge, clock)
    show = as_json if args.json else as_readable
    questions = [" ".join(args.question)] if args.question else (line.rstrip("\n") for line in stdin)
    for question in questions:
        answer = answerer.ask(question, args.lang)
        if not args.explain:
            print(show(question, answer), file=out, flush=True)
        elif args.json:
            record = json.loads(as_json(question, answer))
            record["explain"] = answerer.matcher.explain(question)
            print(json.dumps(record, ensure_ascii=False), file=out, flush=True)
        else:
            print(
                as_readable(question, answer)
                + "\n"
                + as_explained(answerer.matcher.explain(question))
                + "\n",
                file=out,
                flush=True,
            )
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "check":
        folder = args.folder or args.directory or str(DEFAULT_DIR)
        return run_check(folder, sys.stdout, args.generalisation, args.min)
    return run_ask(args, sys.stdin, sys.stdout)


if __name__ == "__main__":
    sys.exit(main())
