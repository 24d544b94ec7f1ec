"""What every screen works with: the store, the knowledge (through its answerer), the clock, the admins.

The screens (faq, questions, webinars, reminders_ui, privacy, staff, reload) take a Context as
their first argument and import nothing above them; Core builds the one Context of the bot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from knowledge.answer import Answerer
from knowledge.clock import Clock
from knowledge.model import Knowledge
from knowledge.watch import KnowledgeWatcher
from storage.records import Person
from storage.store import Store


@dataclass
class Context:
    """The bot's dependencies, shared by every conversation; `answerer` changes on a knowledge edit."""

    answerer: Answerer
    clock: Clock
    store: Store
    admin_ids: frozenset[int] = frozenset()
    watcher: KnowledgeWatcher | None = None  # set by the composition root; /reload uses it

    @classmethod
    def of(
        cls, knowledge: Knowledge, clock: Clock, store: Store, admin_ids: frozenset[int] = frozenset()
    ) -> Context:
        return cls(Answerer(knowledge, clock), clock, store, admin_ids)

    @property
    def knowledge(self) -> Knowledge:
        return self.answerer.knowledge

    def now(self) -> datetime:
        return self.clock.now()

    def is_admin(self, user: Person) -> bool:
        return user.id in self.admin_ids

    def use_knowledge(self, knowledge: Knowledge) -> None:
        """Serve new knowledge from the next message on (conversations are not interrupted)."""
        self.answerer = Answerer(knowledge, self.clock, self.answerer.matcher.thresholds)
