"""Staff commands from the shell: exports and the reminder plan, straight from the database;
what they say is in bot/shell_texts.py, in the run's language (`lang`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from knowledge.checks import check_phrasings
from knowledge.clock import Clock, parse_instant
from knowledge.learned import Phrasing, conflicts, with_phrasings
from knowledge.learned_scope import learn_declined
from knowledge.learned_yaml import phrasings_yaml, write_out_of_scope, write_phrasings
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

from .shell_texts import shell_text


def _group(
    sub: argparse._SubParsersAction, name: str, help: str, lang: str, options: argparse.ArgumentParser
) -> argparse._SubParsersAction:
    """A command made of sub-commands (`eig-bot reminders plan`); named alone, it lists them."""
    group = sub.add_parser(name, help=help, description=help, parents=[options])
    group.set_defaults(group=group)
    return group.add_subparsers(dest=f"{name}_command", title=shell_text(lang, "sub_commands"))


def missing_subcommand(args: argparse.Namespace, lang: str = "fr") -> int | None:
    """`eig-bot reminders` without a sub-command: its sub-commands, one a line, on stderr; 2.
    (Call it within knowledge.cli_lang.argparse_in(lang), for the help's own words.)"""
    group: argparse.ArgumentParser | None = getattr(args, "group", None)
    if group is None or getattr(args, f"{args.command}_command", None) is not None:
        return None
    print(
        shell_text(lang, "choose_sub_command", prog=group.prog, help=group.format_help()),
        file=sys.stderr,
        end="",
    )
    return 2


def add_subcommands(sub: argparse._SubParsersAction, lang: str, options: argparse.ArgumentParser) -> None:
    """`export-registrations`, `unanswered`, `reminders plan`, `learned export` and `db copy`, their
    help in `lang`; each takes the `options` (--lang, --verbose)."""

    def command(group: argparse._SubParsersAction, name: str, key: str) -> argparse.ArgumentParser:
        return group.add_parser(name, help=helptext(key), description=helptext(key), parents=[options])

    def helptext(key: str) -> str:
        return shell_text(lang, key)

    export = command(sub, "export-registrations", "help_export")
    export.add_argument("--webinar", metavar="ID", help=helptext("help_webinar"))
    export.add_argument("--output", metavar="FILE", help=helptext("help_output"))
    unanswered = command(sub, "unanswered", "help_unanswered")
    unanswered.add_argument("--since", metavar="DATE", help=helptext("help_since"))
    unanswered.add_argument("--output", metavar="FILE", help=helptext("help_output"))
    reminders_sub = _group(sub, "reminders", helptext("help_reminders"), lang, options)
    plan = command(reminders_sub, "plan", "help_plan")
    plan.add_argument("--now", metavar="ISO-DATETIME", help=helptext("help_now"))
    learned_sub = _group(sub, "learned", helptext("help_learned"), lang, options)
    export_learned = command(learned_sub, "export", "help_learned_export")
    export_learned.add_argument("--apply", action="store_true", help=helptext("help_apply"))
    database_sub = _group(sub, "db", helptext("help_db"), lang, options)
    copy = command(database_sub, "copy", "help_copy")
    copy.add_argument("--to", metavar="POSTGRESQL-URL", required=True, help=helptext("help_to"))
    copy.add_argument("--from", dest="source", metavar="FILE", help=helptext("help_from"))


def _write(content: str, output: str | None, stdout: TextIO | None) -> None:
    if output:
        Path(output).write_text(content, encoding="utf-8")
    else:
        (stdout or sys.stdout).write(content)


async def export_registrations(
    store: Store,
    knowledge: Knowledge,
    webinar: str | None,
    output: str | None,
    stdout: TextIO | None = None,
    lang: str = "fr",
) -> int:
    """`eig-bot export-registrations`: the registrations as CSV; an unknown webinar is refused."""
    webinars = {w.id: w for w in knowledge.events_of_kind("webinar")}
    if webinar and webinar not in webinars:
        print(shell_text(lang, "unknown_webinar", id=webinar, known=", ".join(webinars)), file=sys.stderr)
        return 2
    _write(registrations_csv(await store.registrations(webinar_id=webinar), webinars), output, stdout)
    return 0


async def export_unanswered(
    store: Store, since: str | None, output: str | None, stdout: TextIO | None = None, lang: str = "fr"
) -> int:
    """`eig-bot unanswered`: the questions the bot could not answer, as CSV."""
    try:
        start = parse_instant(since) if since else None
    except ValueError:
        print(shell_text(lang, "bad_since", value=since), file=sys.stderr)
        return 2
    _write(unanswered_csv(await store.unanswered(since=start)), output, stdout)
    return 0


async def reminders_plan(
    store: Store,
    knowledge: Knowledge,
    clock: Clock,
    now_option: str | None,
    stdout: TextIO | None = None,
    lang: str = "fr",
) -> int:
    """One line per slot to come: when, which event and rule, how many people it will reach."""
    try:
        now = parse_instant(now_option) if now_option else clock.now()
    except ValueError:
        print(shell_text(lang, "bad_now", value=now_option), file=sys.stderr)
        return 2
    slots = upcoming_slots(knowledge, now)
    stdout = stdout or sys.stdout
    print(shell_text(lang, "plan_title", when=datetime_in_words(now, lang), n=len(slots)), file=stdout)
    for slot in slots:
        reach = await store.count_pending(slot.key, slot.event.id, slot.kind, slot.due)
        when = datetime_in_words(slot.due, lang)
        print(
            shell_text(lang, "plan_slot", due=slot.due.isoformat(), slot=slot.key, reach=reach, when=when),
            file=stdout,
        )
    return 0


async def database_copy(
    source: str | Path | None, target: str, stdout: TextIO | None = None, lang: str = "fr"
) -> int:
    """`eig-bot db copy`: the SQLite database into an empty PostgreSQL one (storage.copy)."""
    if source is None:
        print(shell_text(lang, "copy_no_source"), file=sys.stderr)
        return 2
    if (problem := url_problem(target)) is not None:
        print(shell_text(lang, "copy_not_postgres", problem=problem.text(lang)), file=sys.stderr)
        return 2
    try:
        copied = await copy_database(source, target)
    except (CopyRefused, DatabaseUnavailable) as error:
        print(shell_text(lang, "copy_refused", error=error.text(lang)), file=sys.stderr)
        return 2
    rows = ", ".join(f"{count} {table}" for table, count in copied.items())
    print(
        shell_text(lang, "copied", source=str(source), target=redact_url(target), rows=rows),
        file=stdout or sys.stdout,
    )
    return 0


def _phrasing(proposal: Proposal) -> Phrasing:
    return Phrasing(proposal.target or "", proposal.lang, proposal.text)


async def learned_export(
    store: Store, directory: Path, apply: bool, clock: Clock, stdout: TextIO | None = None, lang: str = "fr"
) -> int:
    """`eig-bot learned export [--apply]`: the accepted phrasings as YAML, and the words the
    questions judged out of scope taught (lexicon.yaml's `out_of_scope`, derived as the bot does);
    with --apply, written into the files, checked, and out of the overlay."""
    out = stdout or sys.stdout
    accepted = await store.decided_proposals("accepted")
    out_of_scope = await store.decided_proposals("out_of_scope")
    phrasings = [_phrasing(p) for p in accepted]
    yaml_knowledge = load_knowledge(directory)
    _, declined = learn_declined(with_phrasings(yaml_knowledge, phrasings), [p.text for p in out_of_scope])
    print(
        phrasings_yaml(directory, phrasings, declined, lang) or shell_text(lang, "nothing_learned"),
        file=out,
    )
    if not apply or not (phrasings or out_of_scope):
        return 0
    problems = conflicts(yaml_knowledge, phrasings, lang=lang)
    if problems:
        listed = "\n".join(f"  {p}" for p in problems)
        print(shell_text(lang, "not_written_conflicts", problems=listed), file=sys.stderr)
        return 1
    before = {**write_phrasings(directory, phrasings), **write_out_of_scope(directory, declined)}
    try:
        found = [p.text(lang) for p in check_phrasings(load_knowledge(directory))]
    except KnowledgeError as error:
        found = [p.text(lang) for p in error.problems]
    if found:
        for path, content in before.items():
            path.write_text(content, encoding="utf-8")
        listed = "\n".join(f"  {p}" for p in found)
        print(shell_text(lang, "not_written_check", problems=listed), file=sys.stderr)
        return 1
    cleared = await store.mark_exported([p.id for p in (*accepted, *out_of_scope)], clock.now())
    files = ", ".join(str(path.relative_to(directory)) for path in before) or "—"
    phrased, declined_n = cleared - len(out_of_scope), len(out_of_scope)
    print(shell_text(lang, "written", files=files, n=phrased, m=declined_n), file=out)
    return 0


async def run_staff_command(
    args: argparse.Namespace, store: Store, knowledge: Knowledge, clock: Clock, knowledge_dir: str | Path = ""
) -> int:
    """The subcommand `args` names, on an open store, in the run's language (`args.lang`)."""
    lang = getattr(args, "lang", "fr")
    if args.command == "export-registrations":
        return await export_registrations(store, knowledge, args.webinar, args.output, lang=lang)
    if args.command == "unanswered":
        return await export_unanswered(store, args.since, args.output, lang=lang)
    if args.command == "learned":
        return await learned_export(store, Path(knowledge_dir), args.apply, clock, lang=lang)
    return await reminders_plan(store, knowledge, clock, args.now, lang=lang)


STAFF_COMMANDS = ("export-registrations", "unanswered", "reminders", "learned", "db")
