"""The slash commands: one table, COMMANDS, of names (French, English), descriptions and handlers.

A handler takes (ctx, user, args) and returns the replies; `one(screen)` makes a handler of a
screen that takes no argument. The table also gives /aide and the Telegram command menu.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from knowledge.model import Text
from storage.records import Person

from . import faq, language, learning, privacy, reload, reminders_ui, staff, webinars
from .context import Context
from .replies import Reply
from .texts import text

Handler = Callable[[Context, Person, str], Awaitable[list[Reply]]]
Screen = Callable[[Context, Person], Awaitable[Reply]]
MAX_ARGS_CHARS = 200  # what a handler sees of the words after the command


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


def one(screen: Screen) -> Handler:
    """A command handler that shows one screen, ignoring arguments."""

    async def handler(ctx: Context, user: Person, args: str) -> list[Reply]:
        return [await screen(ctx, user)]

    return handler


def find(name: str) -> Command | None:
    """The command of that name, French or English, whatever the case."""
    name = name.lower()
    return next((c for c in COMMANDS if name in c.names), None)


def language_of_name(name: str) -> str | None:
    """The language a command's name is in ('en' for /help), None for a name both share."""
    command = find(name)
    if command is None or command.fr == command.en:
        return None
    return "en" if name.lower() == command.en else "fr"


def help_text(ctx: Context, user: Person) -> str:
    """/aide: the commands this user may use, in their language."""
    lang = user.lang
    lines = [
        f"• /{c.name(lang)} — {c.description.get(lang)}"
        for c in COMMANDS
        if not c.admin or ctx.is_admin(user)
    ]
    return text(lang, "help", commands="\n".join(lines))


async def start(ctx: Context, user: Person, args: str) -> list[Reply]:
    """Welcome; deep links t.me/<bot>?start=webinaires open a screen directly."""
    if args.lower() in ("webinaires", "webinars"):
        return [await webinars.list_reply(ctx, user)]
    if args.lower() in ("rappels", "reminders"):
        return [await reminders_ui.screen(ctx, user)]
    name = f" {user.first_name}" if user.first_name else ""
    return [faq.menu_reply(ctx.answerer, user.lang, text(user.lang, "welcome", name=name))]


async def show_help(ctx: Context, user: Person, args: str) -> list[Reply]:
    return [Reply(help_text(ctx, user))]


async def browse(ctx: Context, user: Person, args: str) -> list[Reply]:
    return [faq.menu_reply(ctx.answerer, user.lang, text(user.lang, "faq_categories"))]


COMMANDS: tuple[Command, ...] = (
    Command("start", "start", Text("accueil et menu des sujets", "welcome and topics"), start),
    Command("aide", "help", Text("ce que je sais faire", "what I can do"), show_help),
    Command("faq", "faq", Text("parcourir les questions par sujet", "browse questions by topic"), browse),
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
        "langue",
        "language",
        Text("choisir la langue de mes réponses", "choose the language of my answers"),
        one(language.screen),
    ),
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
        staff.export,
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
        "apprendre",
        "learn",
        Text("revoir ce que la connaissance peut apprendre", "review what the knowledge can learn"),
        learning.review,
        admin=True,
    ),
    Command(
        "stats", "stats", Text("statistiques d'usage", "usage statistics"), one(staff.usage_stats), admin=True
    ),
    Command(
        "reload",
        "reload",
        Text("recharger les fichiers YAML", "reload the YAML files"),
        reload.reload,
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
