"""Staff commands from the shell: exports and the reminder plan, straight from the database."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TextIO

from knowledge.checks import check_phrasings
from knowledge.clock import Clock, parse_instant
from knowledge.learned import Phrasing, conflicts
from knowledge.learned_yaml import phrasings_yaml, write_phrasings
from knowledge.loader import load_knowledge
from knowledge.model import Knowledge
from knowledge.render import datetime_in_words
from knowledge.yamlsource import KnowledgeError
from reminders.exports import registrations_csv, unanswered_csv
from reminders.planner import upcoming_slots
from storage.copy import CopyRefused, copy_database
from storage.database import DatabaseUnavailable, redact_url, url_problem
from storage.records import Proposal
from storage.store import Store


def _group(sub: argparse._SubParsersAction, name: str, help: str) -> argparse._SubParsersAction:
    """A command made of sub-commands (`eig-bot reminders plan`); named alone, it lists them."""
    group = sub.add_parser(name, help=help)
    group.set_defaults(group=group)
    return group.add_subparsers(dest=f"{name}_command", title="sub-commands")


def missing_subcommand(args: argparse.Namespace) -> int | None:
    """`eig-bot reminders` without a sub-command: its sub-commands, one a line, on stderr; 2."""
    group: argparse.ArgumentParser | None = getattr(args, "group", None)
    if group is None or getattr(args, f"{args.command}_command", None) is not None:
        return None
    print(f"{group.prog}: choose a sub-command\n\n{group.format_help()}", file=sys.stderr, end="")
    return 2


def add_subcommands(sub: argparse._SubParsersAction) -> None:
    """`export-registrations`, `unanswered`, `reminders plan`, `learned export` and `db copy`."""
    export = sub.add_parser("export-registrations", help="CSV of webinar registrants")
    export.add_argument("--webinar", metavar="ID", help="only this webinar (an id of calendar.yaml)")
    export.add_argument("--output", metavar="FILE", help="write there instead of standard output")
    unanswered = sub.add_parser("unanswered", help="CSV of the questions the bot could not answer")
    unanswered.add_argument("--since", metavar="DATE", help="only from this date (ISO, Paris time)")
    unanswered.add_argument("--output", metavar="FILE", help="write there instead of standard output")
    reminders_sub = _group(sub, "reminders", "reminder tools")
    plan = reminders_sub.add_parser("plan", help="the reminder slots to come and who they reach")
    plan.add_argument("--now", metavar="ISO-DATETIME", help="as if it were this instant (Paris time)")
    learned_sub = _group(sub, "learned", "the phrasings staff accepted with /apprendre")
    export_learned = learned_sub.add_parser("export", help="print them as YAML ready to paste")
    export_learned.add_argument(
        "--apply", action="store_true", help="write them into the knowledge files, check, clear the overlay"
    )
    database_sub = _group(sub, "db", "database tools")
    copy = database_sub.add_parser("copy", help="copy the SQLite database into an empty PostgreSQL one")
    copy.add_argument("--to", metavar="POSTGRESQL-URL", required=True, help="the empty PostgreSQL database")
    copy.add_argument(
        "--from", dest="source", metavar="FILE", help="the SQLite file (default: DATABASE_PATH)"
    )


def _write(content: str, output: str | None, stdout: TextIO | None) -> None:
    if output:
        Path(output).write_text(content, encoding="utf-8")
    else:
        (stdout or sys.stdout).write(content)


async def export_registrations(
    store: Store, knowledge: Knowledge, webinar: str | None, output: str | None, stdout: TextIO | None = None
) -> int:
    webinars = {w.id: w for w in knowledge.events_of_kind("webinar")}
    if webinar and webinar not in webinars:
        print(f"--webinar: unknown webinar {webinar!r}; known: {', '.join(webinars)}", file=sys.stderr)
        return 2
    _write(registrations_csv(await store.registrations(webinar_id=webinar), webinars), output, stdout)
    return 0


async def export_unanswered(
    store: Store, since: str | None, output: str | None, stdout: TextIO | None = None
) -> int:
    try:
        start = parse_instant(since) if since else None
    except ValueError:
        print(f"--since: cannot read {since!r}; write e.g. {date(2022, 3, 7).isoformat()}", file=sys.stderr)
        return 2
    _write(unanswered_csv(await store.unanswered(since=start)), output, stdout)
    return 0


async def reminders_plan(
    store: Store, knowledge: Knowledge, clock: Clock, now_option: str | None, stdout: TextIO | None = None
) -> int:
    """One line per slot to come: when, which event and rule, how many people it will reach."""
    try:
        now = parse_instant(now_option) if now_option else clock.now()
    except ValueError:
        print(f"--now: cannot read {now_option!r}; write e.g. 2022-04-12T08:00", file=sys.stderr)
        return 2
    slots = upcoming_slots(knowledge, now)
    stdout = stdout or sys.stdout
    print(f"Reminder slots after {datetime_in_words(now, 'fr')}: {len(slots)}", file=stdout)
    for slot in slots:
        reach = await store.count_pending(slot.key, slot.event.id, slot.kind, slot.due)
        print(
            f"{slot.due.isoformat()}  {slot.key:32s}  {reach:6d} recipient(s)  "
            f"({datetime_in_words(slot.due, 'fr')})",
            file=stdout,
        )
    return 0


async def database_copy(source: str | Path | None, target: str, stdout: TextIO | None = None) -> int:
    """`eig-bot db copy`: the SQLite database into an empty PostgreSQL one (storage.copy)."""
    if source is None:
        print("db copy --from: name the SQLite file to copy (DATABASE_URL is set)", file=sys.stderr)
        return 2
    if (problem := url_problem(target)) is not None:
        print(f"db copy --to: this is not a PostgreSQL address ({problem})", file=sys.stderr)
        return 2
    try:
        copied = await copy_database(source, target)
    except (CopyRefused, DatabaseUnavailable) as error:
        print(f"db copy: {error}", file=sys.stderr)
        return 2
    rows = ", ".join(f"{count} {table}" for table, count in copied.items())
    print(f"copied {str(source)!r} into {redact_url(target)}: {rows}", file=stdout or sys.stdout)
    return 0


def _phrasing(proposal: Proposal) -> Phrasing:
    return Phrasing(proposal.target or "", proposal.lang, proposal.text)


async def learned_export(
    store: Store, directory: Path, apply: bool, clock: Clock, stdout: TextIO | None = None
) -> int:
    """`eig-bot learned export [--apply]`: the accepted phrasings (and the questions judged out of
    scope) as YAML; with --apply, written into the FAQ files, checked, and out of the overlay."""
    out = stdout or sys.stdout
    accepted = await store.decided_proposals("accepted")
    out_of_scope = [p.text for p in await store.decided_proposals("out_of_scope")]
    phrasings = [_phrasing(p) for p in accepted]
    print(phrasings_yaml(directory, phrasings, out_of_scope) or "# nothing learned yet", file=out)
    if not apply or not phrasings:
        return 0
    problems = conflicts(load_knowledge(directory), phrasings)
    if problems:
        print("Not written, conflicts:\n" + "\n".join(f"  {p}" for p in problems), file=sys.stderr)
        return 1
    before = write_phrasings(directory, phrasings)
    try:
        found = [str(p) for p in check_phrasings(load_knowledge(directory))]
    except KnowledgeError as error:
        found = [str(p) for p in error.problems]
    if found:
        for path, content in before.items():
            path.write_text(content, encoding="utf-8")
        print("Not written, the check failed:\n" + "\n".join(f"  {p}" for p in found), file=sys.stderr)
        return 1
    cleared = await store.mark_exported([p.id for p in accepted], clock.now())
    files = ", ".join(str(path.relative_to(directory)) for path in before)
    print(f"# written into {files}; the check passes; {cleared} phrasing(s) out of the overlay", file=out)
    return 0


async def run_staff_command(
    args: argparse.Namespace, store: Store, knowledge: Knowledge, clock: Clock, knowledge_dir: str | Path = ""
) -> int:
    """The subcommand `args` names, on an open store."""
    if args.command == "export-registrations":
        return await export_registrations(store, knowledge, args.webinar, args.output)
    if args.command == "unanswered":
        return await export_unanswered(store, args.since, args.output)
    if args.command == "learned":
        return await learned_export(store, Path(knowledge_dir), args.apply, clock)
    return await reminders_plan(store, knowledge, clock, args.now)


STAFF_COMMANDS = ("export-registrations", "unanswered", "reminders", "learned", "db")
