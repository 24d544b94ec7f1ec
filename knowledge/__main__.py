"""Staff command line: `python -m knowledge check [DIR] [--generalisation]`, `ask [--explain]`;
French unless `--lang en` (knowledge/cli_lang.py), its sentences in knowledge/cli_texts.py."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from .answer import Answer, Answerer
from .checks import Generalisation, check_phrasings, generalisation
from .cli_lang import argparse_in, configure_tool_logging, quiet_on_broken_pipe, run_lang, tool_options
from .cli_texts import cli_text
from .clock import FixedClock, SystemClock, parse_instant
from .loader import DEFAULT_DIR, load_knowledge
from .yamlsource import KnowledgeError


def _parser(lang: str) -> argparse.ArgumentParser:
    """The command line's parser, its help in `lang` (build it within argparse_in(lang))."""

    def helptext(key: str) -> str:
        return cli_text(lang, key)

    options = tool_options(lang)
    parser = argparse.ArgumentParser(
        prog="python -m knowledge", description=helptext("description"), parents=[options]
    )
    sub = parser.add_subparsers(
        dest="command", required=True, title=helptext("commands"), metavar="{check,ask}"
    )
    check = sub.add_parser(
        "check", help=helptext("help_check"), description=helptext("help_check"), parents=[options]
    )
    check.add_argument("directory", nargs="?", help=helptext("help_directory"))
    check.add_argument("--dir", dest="folder", help=helptext("help_dir_check"))
    check.add_argument("--generalisation", action="store_true", help=helptext("help_generalisation"))
    check.add_argument("--min", type=float, metavar="SHARE", help=helptext("help_min"))
    ask = sub.add_parser(
        "ask", help=helptext("help_ask"), description=helptext("help_ask"), parents=[options]
    )
    ask.add_argument("question", nargs="*", help=helptext("help_question"))
    ask.add_argument("--json", action="store_true", help=helptext("help_json"))
    ask.add_argument("--now", help=helptext("help_now"))
    ask.add_argument("--dir", default=str(DEFAULT_DIR), help=helptext("help_dir"))
    ask.add_argument("--explain", action="store_true", help=helptext("help_explain"))
    return parser


def run_check(
    directory: str, out: TextIO, leave_one_out: bool = False, floor: float | None = None, lang: str = "fr"
) -> int:
    """`check`: every problem with file, line and fix in `lang`, then their count; 1 if any."""
    try:
        knowledge = load_knowledge(directory)
        problems = check_phrasings(knowledge)
    except KnowledgeError as error:
        problems = error.problems
    for problem in problems:
        print(problem.text(lang), file=out)
    if problems:
        print(cli_text(lang, "problems_found", n=len(problems)), file=out)
        return 1
    counts = {"entries": len(knowledge.entries), "categories": len(knowledge.categories)}
    print(cli_text(lang, "check_ok", **counts, events=len(knowledge.events)), file=out)
    if not leave_one_out:
        return 0
    report = generalisation(knowledge)
    print_generalisation(report, out, lang)
    home = sum(g.home for g in report) / max(sum(g.asked for g in report), 1)
    return 1 if floor is not None and home < floor else 0


def print_generalisation(report: list[Generalisation], out: TextIO, lang: str = "fr") -> None:
    """Per entry, weakest first: how many phrasings find their entry when left out."""
    print(cli_text(lang, "gen_title"), file=out)
    columns = ("entry", "phrasings", "found", "offered", "share")
    print(cli_text(lang, "gen_header", **{c: cli_text(lang, f"col_{c}") for c in columns}), file=out)
    for g in sorted(report, key=lambda g: (g.share, g.entry_id)):
        print(f"{g.entry_id:28} {g.asked:9} {g.home:6} {g.offered:8} {g.share:6.0%}", file=out)
    weakest = sorted((g for g in report if g.astray), key=lambda g: g.share)[:5]
    if weakest:
        print(cli_text(lang, "gen_astray"), file=out)
    for g in weakest:
        for question, went in g.astray[:3]:
            print(f"  {g.entry_id}: “{question}” → {went}", file=out)
    asked = sum(g.asked for g in report)
    home, offered = sum(g.home for g in report), sum(g.offered for g in report)
    shares = {"home_share": home / asked, "found_share": (home + offered) / asked}
    print(cli_text(lang, "gen_overall", home=home, asked=asked, **shares), file=out)


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


def as_explained(explanation: dict[str, Any], lang: str = "fr") -> str:
    """The matcher's reading of a question, for staff (its labels in `lang`)."""
    terms = explanation["terms"]
    unknown = explanation["unknown"]
    weight, score, coverage = (cli_text(lang, key) for key in ("weight", "score", "coverage"))
    lines = [cli_text(lang, "read_as", view=explanation["view"])]
    lines += [f"  {t['term']:28} {weight} {t['weight']}" for t in terms]
    if unknown:
        lines.append(cli_text(lang, "unknown_words"))
        lines += [f"  {u['word']:28} {weight} {u['weight']}" for u in unknown]
    lines.append(cli_text(lang, "candidates"))
    lines += [
        f"  {c['entry']:26} {score} {c['score']:5}  {coverage} {c['coverage']:.2f}  "
        f"{cli_text(lang, 'closest')} “{c['closest phrasing']}”"
        for c in explanation["candidates"]
    ]
    lines.append(cli_text(lang, "decision", decision=explanation["decision"], reason=explanation["reason"]))
    return "\n".join(lines)


def as_readable(question: str, answer: Answer, lang: str = "fr") -> str:
    """The answer to `question`, its kind, entry and score, and the runners-up (labels in `lang`)."""
    entry, score = cli_text(lang, "entry"), cli_text(lang, "score")
    lines = [
        f"Q: {question}",
        f"→ {answer.kind}"
        + (f" · {entry} {answer.entry.id}" if answer.entry else "")
        + (f" · {score} {answer.score}" if answer.score is not None else "")
        + f" · {answer.lang}",
        "",
        answer.text,
        "",
    ]
    runners = [c for c in answer.candidates if not answer.entry or c.entry.id != answer.entry.id]
    if runners:
        lines.append(
            cli_text(lang, "runners_up") + ", ".join(f"{c.entry.id} ({c.score})" for c in runners[:3])
        )
    return "\n".join(lines)


def run_ask(args: argparse.Namespace, stdin: TextIO, out: TextIO, lang: str = "fr") -> int:
    """`ask`: what the bot would answer; `--lang` also answers as a user of that language."""
    try:
        knowledge = load_knowledge(args.dir)
    except KnowledgeError as error:
        print(error.text(lang), file=sys.stderr)
        return 1
    try:
        clock = FixedClock(parse_instant(args.now)) if args.now else SystemClock()
    except ValueError:
        print(cli_text(lang, "bad_now", value=args.now), file=sys.stderr)
        return 2
    answerer = Answerer(knowledge, clock)
    questions = [" ".join(args.question)] if args.question else (line.rstrip("\n") for line in stdin)
    for question in questions:
        answer = answerer.ask(question, getattr(args, "lang", None))
        if not args.explain:
            shown = as_json(question, answer) if args.json else as_readable(question, answer, lang)
            print(shown, file=out, flush=True)
        elif args.json:
            record = json.loads(as_json(question, answer))
            record["explain"] = answerer.matcher.explain(question, lang)
            print(json.dumps(record, ensure_ascii=False), file=out, flush=True)
        else:
            explained = as_explained(answerer.matcher.explain(question, lang), lang)
            print(as_readable(question, answer, lang) + "\n" + explained + "\n", file=out, flush=True)
    return 0


@quiet_on_broken_pipe
def main(argv: list[str] | None = None) -> int:
    """`python -m knowledge …`; returns the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    lang = run_lang(argv)
    with argparse_in(lang):
        args = _parser(lang).parse_args(argv)
    configure_tool_logging(getattr(args, "verbose", False))
    if args.command == "check":
        folder = args.folder or args.directory or str(DEFAULT_DIR)
        return run_check(folder, sys.stdout, args.generalisation, args.min, lang)
    return run_ask(args, sys.stdin, sys.stdout, lang)


if __name__ == "__main__":
    sys.exit(main())
