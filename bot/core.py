"""Transport-agnostic core: (user, command | text | button) -> replies. One table of commands."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from knowledge.answer import MAX_QUESTION_CHARS, Answerer
from knowledge.clock import Clock
from knowledge.messages import message
from knowledge.model import Entry, Knowledge, Text
from knowledge.render import referenced_events
from knowledge.watch import KnowledgeWatcher
from storage.records import Person
from storage.store import Store

from . import callbacks, faq, privacy, reminders_ui, staff, webinars
from .replies import Reply
from .texts import text

log = logging.getLogger(__name__)


Handler = Callable[["Core", Person, str], Awaitable[list[Reply]]]


@dataclass(frozen=True)
class Command:
    """A slash command: its French and English names, its description, its handler."""

    fr: str
    en: str
    description: Text
    handler: Handler
    admin: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return (self.fr,) if self.fr == self.en else (self.fr, self.en)

    def name(self, lang: str) -> str:
        return self.en if lang == "en" else self.fr


class Core:
    """Everything the bot says, decided without knowing which front end will render it."""

    def __init__(
        self, knowledge: Knowledge, clock: Clock, store: Store, admin_ids: frozenset[int] = frozenset()
    ):
        self.clock = clock
        self.store = store
        self.admin_ids = admin_ids
        self.answerer = Answerer(knowledge, clock)
        self.watcher: KnowledgeWatcher | None = None  # set by the wiring; /reload uses it

    @property
    def knowledge(self) -> Knowledge:
        return self.answerer.knowledge

    def use_knowledge(self, knowledge: Knowledge) -> None:
        """Serve new knowledge from the next message on (conversations are not interrupted)."""
        self.answerer = Answerer(knowledge, self.clock, self.answerer.matcher.thresholds)

    def command(self, name: str) -> Command | None:
        name = name.lower()
        return next((c for c in COMMANDS if name in c.names), None)

    # -- entry points ---------------------------------------------------------------------
    async def handle_command(self, user: Person, name: str, args: str = "") -> list[Reply]:
        command = self.command(name)
        if command is None:
            return [
                Reply(text(user.lang, "unknown_command", command=name[:32]) + "\n\n" + self.help_text(user))
            ]
        if command.admin and user.id not in self.admin_ids:
            return [Reply(text(user.lang, "staff_only"))]
        return await command.handler(self, user, args.strip()[:200])

    async def handle_text(self, user: Person, message_text: str) -> list[Reply]:
        question = message_text[:MAX_QUESTION_CHARS]
        answer = self.answerer.ask(question, user.language)
        if answer.kind in ("none", "suggest"):
            best = answer.candidates[0] if answer.candidates else None
            await self.store.record_unanswered(
                question, best.entry.id if best else None, best.score if best else None, self.clock.now()
            )
        await self.store.record_question(
            answer.kind, answer.entry.id if answer.entry else None, self.clock.now()
        )
        replies = [faq.answer_reply(self.answerer, answer)]
        if answer.entry is not None:
            await self._add_action_buttons(replies[0], user, answer.entry)
            replies[0].buttons.append(faq.vote_buttons(answer.entry, user.lang))
        if len(message_text) > MAX_QUESTION_CHARS:
            replies[0].text = text(answer.lang, "too_long") + "\n\n" + replies[0].text
        return replies

    async def handle_button(self, user: Person, data: str | None) -> list[Reply]:
        lang = user.lang
        parsed = callbacks.parse(data)
        knowledge = self.knowledge
        if parsed is None:
            return [faq.menu_reply(self.answerer, lang, text(lang, "stale_button"))]
        if parsed.action == "faq" and (entry := knowledge.entry(parsed.arg)):
            reply = faq.entry_reply(self.answerer, entry, lang)
            await self._add_action_buttons(reply, user, entry)
            return [reply]
        if parsed.action == "web":
            if parsed.arg == "reg":
                return await webinars.register(self, user, parsed.target)
            if parsed.arg == "cancel":
                return await webinars.cancel(self, user, parsed.target)
            return [await webinars.list_reply(self, user)]
        if parsed.action == "vote" and knowledge.entry(parsed.target):
            await self.store.record_vote(user.id, parsed.target, parsed.arg == "up", self.clock.now())
            return [Reply(text(lang, "vote_thanks"))]
        if parsed.action == "rem":
            return await self._reminder_button(user, parsed)
        if parsed.action == "forget":
            if parsed.arg == "ask":
                return [await privacy.ask_to_forget(self, user)]
            return [await privacy.answer_forget(self, user, parsed.arg == "yes")]
        if parsed.action == "cat" and (category := knowledge.category(parsed.arg)):
            return [faq.category_reply(self.answerer, category, lang)]
        if parsed.action == "menu":
            return [faq.menu_reply(self.answerer, lang, text(lang, "faq_categories"))]
        if parsed.action == "none":
            return [faq.menu_reply(self.answerer, lang, message(lang, "dont_know"))]
        return [faq.menu_reply(self.answerer, lang, text(lang, "stale_button"))]

    async def handle_other(self, user: Person, kind: str = "") -> list[Reply]:
        """A photo, sticker, voice note or anything that is not text."""
        return [Reply(text(user.lang, "not_text"))]

    async def _reminder_button(self, user: Person, parsed: callbacks.Callback) -> list[Reply]:
        if parsed.arg == "sub":
            return await reminders_ui.subscribe(self, user, parsed.target)
        if parsed.arg == "unsub":
            return await reminders_ui.unsubscribe(self, user, parsed.target)
        if parsed.arg == "stop":
            return await reminders_ui.stop(self, user)
        if parsed.arg in ("webon", "weboff"):
            return await reminders_ui.webinar_reminders(self, user, parsed.arg == "webon")
        return [await reminders_ui.screen(self, user)]

    async def _add_action_buttons(self, reply: Reply, user: Person, entry: Entry) -> None:
        """Answers about registering offer its buttons; answers naming a deadline, subscribing."""
        if entry.action == "webinars":
            reply.buttons[:0] = await webinars.webinar_buttons(self, user)
        elif entry.action == "reminders" or self._names_open_deadline(entry):
            reply.buttons[:0] = [
                row
                for row in (await reminders_ui.screen(self, user)).buttons
                if row[0].data.startswith("v1:rem:")
            ]

    def _names_open_deadline(self, entry: Entry) -> bool:
        open_ids = {d.id for d in reminders_ui.open_deadlines(self)}
        return any(e.id in open_ids for e in referenced_events(entry.answer.fr, self.knowledge))

    # -- commands -------------------------------------------------------------------------
    def help_text(self, user: Person) -> str:
        lang = user.lang
        lines = [
            f"• /{c.name(lang)} — {c.description.get(lang)}"
            for c in COMMANDS
            if not c.admin or user.id in self.admin_ids
        ]
        return text(lang, "help", commands="\n".join(lines))

    async def start(self, user: Person, args: str) -> list[Reply]:
        """Welcome; deep links t.me/<bot>?start=webinaires open a screen directly."""
        if args.lower() in ("webinaires", "webinars"):
            return [await webinars.list_reply(self, user)]
        if args.lower() in ("rappels", "reminders"):
            return [await reminders_ui.screen(self, user)]
        name = f" {user.first_name}" if user.first_name else ""
        return [faq.menu_reply(self.answerer, user.lang, text(user.lang, "welcome", name=name))]

    async def help(self, user: Person, args: str) -> list[Reply]:
        return [Reply(self.help_text(user))]

    async def browse(self, user: Person, args: str) -> list[Reply]:
        return [faq.menu_reply(self.answerer, user.lang, text(user.lang, "faq_categories"))]

    async def reload(self, user: Person, args: str) -> list[Reply]:
        """Force a reload of the knowledge folder and say what came of it."""
        if self.watcher is None:
            return [Reply(text(user.lang, "reload_unavailable"))]
        result = await self.watcher.reload(force=True)
        if result.ok:
            return [Reply(text(user.lang, "reloaded", entries=result.entries, events=result.events))]
        problems = "\n".join(f"• {p}" for p in result.problems[:40])
        return [Reply(text(user.lang, "reload_refused", n=len(result.problems), problems=problems))]

    async def export(self, user: Person, args: str) -> list[Reply]:
        webinar_id = args.split()[0] if args.split() else ""
        return [await staff.export_registrations(self, user, webinar_id)]


def one(screen: Callable[[Core, Person], Awaitable[Reply]]) -> Handler:
    """A command handler that shows one screen of a conversation module, ignoring arguments."""

    async def handler(core: Core, user: Person, args: str) -> list[Reply]:
        return [await screen(core, user)]

    return handler


COMMANDS: tuple[Command, ...] = (
    Command("start", "start", Text("accueil et menu des sujets", "welcome and topics"), Core.start),
    Command("aide", "help", Text("ce que je sais faire", "what I can do"), Core.help),
    Command(
        "faq", "faq", Text("parcourir les questions par sujet", "browse questions by topic"), Core.browse
    ),
    Command(
        "webinaires",
        "webinars",
        Text("s'inscrire aux webinaires", "register for the webinars"),
        one(webinars.list_reply),
    ),
    Command(
        "rappels",
        "reminders",
        Text("rappels avant les dates limites", "deadline reminders"),
        one(reminders_ui.screen),
    ),
    Command(
        "mesinscriptions",
        "myregistrations",
        Text("mes inscriptions", "my registrations"),
        one(webinars.my_registrations),
    ),
    Command(
        "mesdonnees",
        "mydata",
        Text("voir ce que je garde sur vous", "see what I keep about you"),
        one(privacy.my_data),
    ),
    Command("oublier", "forget", Text("effacer vos données", "erase your data"), one(privacy.ask_to_forget)),
    Command(
        "inscrits",
        "registrations",
        Text("inscriptions par webinaire", "registrations per webinar"),
        one(staff.registration_counts),
        admin=True,
    ),
    Command(
        "export",
        "export",
        Text("export CSV des inscriptions", "CSV export of registrations"),
        Core.export,
        admin=True,
    ),
    Command(
        "nonrepondues",
        "unanswered",
        Text("questions sans réponse", "unanswered questions"),
        one(staff.unanswered_report),
        admin=True,
    ),
    Command(
        "stats", "stats", Text("statistiques d'usage", "usage statistics"), one(staff.usage_stats), admin=True
    ),
    Command(
        "reload",
        "reload",
        Text("recharger les fichiers YAML", "reload the YAML files"),
        Core.reload,
        admin=True,
    ),
    Command(
        "rappels_stats",
        "reminders_stats",
        Text("état des rappels", "reminder statistics"),
        one(staff.reminder_stats),
        admin=True,
    ),
)
