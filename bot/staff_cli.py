"""Staff commands from the shell: exports and the reminder plan, straight from the database."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TextIO

from knowledge.clock import Clock, parse_instant
from knowledge.model import Knowledge
from knowledge.render import datetime_in_words
from reminders.exports import registrations_csv, unanswered_csv
from reminders.planner import upcoming_slots
from storage.copy import CopyRefused, copy_database
from storage.database import DatabaseUnavailable, redact_url, url_problem
from storage.store import Store


def add_subcommands(sub: argparse._SubParsersAction) -> None:
    """`export-registrations`, `unanswered` and `reminders plan` on the eig-bot parser."""
    export = sub.add_parser("export-registrations", help="CSV of webinar registrants")
    export.add_argument("--webinar", metavar="ID", help="only this webinar (an id of calendar.yaml)")
    export.add_argument("--output", metavar="FILE", help="write there instead of standard output")
    unanswered = sub.add_parser("unanswered", help="CSV of the questions the bot could not answer")
    unanswered.add_argument("--since", metavar="DATE", help="only from this date (ISO, Paris time)")
    unanswered.add_argument("--output", metavar="FILE", help="write there instead of standard output")
    reminders = sub.add_parser("reminders", help="reminder tools")
    reminders_sub = reminders.add_subparsers(dest="reminders_command", required=True)
    plan = reminders_sub.add_parser("plan", help="the reminder slots to come and who they reach")
    plan.add_argument("--now", metavar="ISO-DATETIME", help="as if it were this instant (Paris time)")
    database = sub.add_parser("db", help="database tools")
    database_sub = database.add_subparsers(dest="db_command", required=True)
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


async def run_staff_command(
    args: argparse.Namespace, store: Store, knowledge: Knowledge, clock: Clock
) -> int:
    """The subcommand `args` names, on an open store."""
    if args.command == "export-registrations":
        return await export_registrations(store, knowledge, args.webinar, args.output)
    if args.command == "unanswered":
        return await export_unanswered(store, args.since, args.output)
    return await reminders_plan(store, knowledge, clock, args.now)


STAFF_COMMANDS = ("export-registrations", "unanswered", "reminders", "db")
