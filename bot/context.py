"""What every screen works with: the store, the knowledge (through its answerer), the clock, the admins.

The screens (faq, questions, webinars, reminders_ui, privacy, staff, reload) take a Context as
their first argument and import nothing above them; Core builds the one Context of the bot.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime

from knowledge.answer import Answerer
from knowledge.clock import Clock
from knowledge.learned import Phrasing, with_phrasings
from knowledge.learned_scope import Declined, learn_declined
from knowledge.model import Knowledge
from knowledge.watch import KnowledgeWatcher
from storage.records import Person
from storage.store import Store

from .recent import RecentQuestions


@dataclass
class Context:
    """The bot's dependencies, shared by every conversation; `answerer` changes on a knowledge edit."""

    answerer: Answerer
    clock: Clock
    store: Store
    admin_ids: frozenset[int] = frozenset()
    watcher: KnowledgeWatcher | None = None  # set by the composition root; /reload uses it
    yaml: Knowledge | None = None  # the knowledge as the YAML has it, without learned phrasings
    learned: tuple[Phrasing, ...] = ()  # the phrasings staff accepted (the overlay in the store)
    out_of_scope: tuple[str, ...] = ()  # the questions staff marked out of scope (in the store too)
    declined: tuple[Declined, ...] = ()  # what each of them taught the lexicon
    recent: RecentQuestions = field(default_factory=RecentQuestions)

    @classmethod
    def of(
        cls, knowledge: Knowledge, clock: Clock, store: Store, admin_ids: frozenset[int] = frozenset()
    ) -> Context:
        return cls(Answerer(knowledge, clock), clock, store, admin_ids, yaml=knowledge)

    @property
    def knowledge(self) -> Knowledge:
        return self.answerer.knowledge

    def now(self) -> datetime:
        return self.clock.now()

    def is_admin(self, user: Person) -> bool:
        return user.id in self.admin_ids

    def use_knowledge(self, knowledge: Knowledge) -> None:
        """Serve new knowledge (the YAML's), with the learned phrasings and out-of-scope words
        laid over it, from the next message on (conversations are not interrupted)."""
        self.yaml = knowledge
        learned, self.declined = learn_declined(with_phrasings(knowledge, self.learned), self.out_of_scope)
        self.answerer = Answerer(learned, self.clock, self.answerer.matcher.thresholds)

    def base(self) -> Knowledge:
        """The YAML's knowledge, without the learned phrasings."""
        return self.yaml or self.knowledge

    async def load_learned(self, built: tuple[tuple[Phrasing, ...], Knowledge] | None = None) -> bool:
        """Lay the phrasings accepted in the store over the YAML, and the words of the questions
        marked out of scope over its lexicon (at start, after a decision, and now and then for
        those another process decided); True if they changed.
        `built`: phrasings and the knowledge already built with them (its matcher is reused)."""
        rows = await self.store.decided_proposals("accepted")
        learned = tuple(Phrasing(p.target or "", p.lang, p.text) for p in rows if p.target)
        declined = tuple(p.text for p in await self.store.decided_proposals("out_of_scope"))
        if (learned, declined) == (self.learned, self.out_of_scope) and built is None:
            return False
        self.learned, self.out_of_scope = learned, declined
        thresholds = self.answerer.matcher.thresholds

        def build() -> tuple[Answerer, tuple[Declined, ...]]:
            phrased = built[1] if built is not None and built[0] == learned else None
            knowledge, taught = learn_declined(phrased or with_phrasings(self.base(), learned), declined)
            return Answerer(knowledge, self.clock, thresholds), taught

        self.answerer, self.declined = await asyncio.to_thread(build)
        return True
