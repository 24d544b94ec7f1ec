"""The knowledge learns from real questions, with staff approval (issue 14).

The signals: a question left without a sure answer, a "did you mean" press, a "not helpful"
vote, the same question from several people. Staff review the proposals with /apprendre;
an accepted phrasing is answered at once, for everyone, and after a restart.
"""

from __future__ import annotations

from bot import callbacks
from bot.core import Core
from bot.replies import Reply
from knowledge.clock import FixedClock
from knowledge.model import Knowledge
from storage.records import Person
from storage.store import Store
from tests.helpers import ADMIN_ID

ANA, BO = Person(7, "Ana", None, "fr"), Person(8, "Bo", None, "fr")
STAFF, OTHER_STAFF = Person(ADMIN_ID, "Staff", None, "fr"), Person(2, "Staff 2", None, "fr")
VAGUE = "le truc pour les dev"  # offers commons, profile-dev, where-call
CHOSEN = "profile-dev"


def datas(reply: Reply) -> list[str]:
    return [b.data for row in reply.buttons for b in row]


def labels(reply: Reply) -> list[str]:
    return [b.label for row in reply.buttons for b in row]


def learn_button(reply: Reply, sub: str, arg: str = "") -> str:
    return next(d for d in datas(reply) if d.startswith(f"v1:learn:{sub}:") and d.endswith(arg))


async def answered_with(core: Core, question: str) -> str | None:
    """The entry whose answer a person asking `question` gets (None: no answer)."""
    (reply,) = await core.handle_text(BO, question)
    knowledge = core.context.knowledge
    return next(
        (
            e.id
            for e in knowledge.entries
            if reply.text == core.context.answerer.entry_text(e, "fr", question)
        ),
        None,
    )


async def only_proposal(store: Store):
    (proposal,) = await store.pending_proposals()
    return proposal


# -- the signals ----------------------------------------------------------------------------


async def test_a_question_without_a_sure_answer_becomes_a_proposal_without_its_asker(core: Core, store):
    (reply,) = await core.handle_text(ANA, VAGUE)
    assert f"v1:faq:{CHOSEN}" in datas(reply)  # "did you mean"
    proposal = await only_proposal(store)
    assert (proposal.text, proposal.signal, proposal.entry, proposal.askers) == (
        VAGUE,
        "unanswered",
        "commons",
        1,
    )


async def test_a_did_you_mean_press_proposes_the_question_as_a_phrasing_of_the_entry_chosen(
    core: Core, store
):
    await core.handle_text(ANA, VAGUE)
    await core.handle_button(ANA, callbacks.encode("faq", CHOSEN))
    proposal = await only_proposal(store)
    assert (proposal.signal, proposal.entry, proposal.askers) == ("chosen", CHOSEN, 1)
    assert proposal.score is not None and proposal.score > 50


async def test_browsing_to_an_entry_is_no_signal(core: Core, store):
    await core.handle_button(ANA, callbacks.encode("faq", CHOSEN))
    await core.handle_text(ANA, "combien de temps dure la mission")  # answered: no proposal
    await core.handle_button(ANA, callbacks.encode("faq", "duration"))
    assert await store.pending_proposals() == []


async def test_a_not_helpful_vote_after_an_answer_is_a_negative_example(core: Core, store):
    await core.handle_text(ANA, "c'est payé combien pour un stagiaire")  # answered with 'pay'
    await core.handle_button(ANA, callbacks.encode("vote", "down", "pay"))
    proposal = await only_proposal(store)
    assert (proposal.text, proposal.signal, proposal.entry) == (
        "c'est payé combien pour un stagiaire",
        "not_helpful",
        "pay",
    )


async def test_a_helpful_vote_is_no_signal(core: Core, store):
    await core.handle_text(ANA, "c'est payé combien pour un stagiaire")
    await core.handle_button(ANA, callbacks.encode("vote", "up", "pay"))
    assert await store.pending_proposals() == []


async def test_a_question_several_people_ask_comes_first(core: Core, store):
    await core.handle_text(ANA, "je peux venir avec mon chien")
    for person in (ANA, BO):
        await core.handle_text(person, VAGUE)
    first, second = await store.pending_proposals()
    assert (first.text, first.askers) == (VAGUE, 2)
    assert second.askers == 1


async def test_near_duplicates_asked_by_several_people_are_reviewed_first(core: Core, store):
    for _ in range(3):
        await core.handle_text(ANA, "je peux venir avec mon chien")  # one proposal, asked 3 times
    for wording in (
        "y a-t-il du télétravail ?",
        "télétravail possible ?",
        "teletravail possible",
        "du télétravail ?",
    ):
        await core.handle_text(BO, wording)  # three proposals, 4 askings in all
    assert [p.askers for p in await store.pending_proposals()] == [3, 2, 1, 1]
    (card,) = await core.handle_command(STAFF, "apprendre")
    assert "télétravail" in card.text.splitlines()[1]


# -- the review ------------------------------------------------------------------------------


async def test_staff_review_the_most_asked_proposal_first_with_its_buttons(core: Core, store):
    await core.handle_text(ANA, VAGUE)
    await core.handle_button(ANA, callbacks.encode("faq", CHOSEN))
    (card,) = await core.handle_command(STAFF, "apprendre")
    assert f"« {VAGUE} »" in card.text and "1 en attente" in card.text
    title = core.context.knowledge.entry(CHOSEN).title("fr")
    assert labels(card)[0].startswith("➕ formulation de « " + title[:20])
    assert labels(card)[1:] == ["une autre entrée…", "🚫 hors sujet", "ignorer"]


async def test_accepting_a_phrasing_answers_it_at_once_for_everyone(core: Core, store):
    await core.handle_text(ANA, VAGUE)
    await core.handle_button(ANA, callbacks.encode("faq", CHOSEN))
    (card,) = await core.handle_command(STAFF, "apprendre")
    (done,) = await core.handle_button(STAFF, learn_button(card, "to", CHOSEN))
    assert done.text.startswith(f"✅ Appris, pour tout le monde : « {VAGUE} »")
    assert "Aucune proposition en attente" in done.text  # the next one, none here
    assert await answered_with(core, VAGUE) == CHOSEN
    assert (await store.decided_proposals("accepted"))[0].target == CHOSEN


async def test_another_entry_offers_the_three_nearest_then_the_topics(core: Core, store):
    await core.handle_text(ANA, VAGUE)
    (card,) = await core.handle_command(STAFF, "apprendre")
    (pick,) = await core.handle_button(STAFF, learn_button(card, "other"))
    nearest = [d.rsplit("-", 1)[0] for d in datas(pick) if ":learn:to:" in d]
    assert len(nearest) == 3 and not any(d.endswith("-commons") for d in datas(pick))
    (topics,) = await core.handle_button(STAFF, learn_button(pick, "cats"))
    (entries,) = await core.handle_button(STAFF, datas(topics)[0])
    (done,) = await core.handle_button(STAFF, learn_button(entries, "to"))
    assert done.text.startswith("✅ Appris")


async def test_out_of_scope_and_ignore_are_recorded_and_the_next_proposal_shows(core: Core, store):
    await core.handle_text(ANA, "je peux venir avec mon chien")
    await core.handle_text(BO, VAGUE)
    await core.handle_text(ANA, VAGUE)
    (card,) = await core.handle_command(STAFF, "apprendre")
    (next_card,) = await core.handle_button(STAFF, learn_button(card, "oos"))
    assert next_card.text.startswith(f"🚫 Noté : « {VAGUE} » — hors sujet. Aucun mot n'en est appris")
    assert "« je peux venir avec mon chien »" in next_card.text
    (last,) = await core.handle_button(STAFF, learn_button(next_card, "skip"))
    assert "Aucune proposition en attente" in last.text
    assert [p.text for p in await store.decided_proposals("out_of_scope")] == [VAGUE]
    assert [p.text for p in await store.decided_proposals("ignored")] == ["je peux venir avec mon chien"]


DOG = "je peux venir avec mon chien"
DOG_AGAIN = "Puis-je amener mon chien au bureau ?"  # answered with 'teams' before


async def test_out_of_scope_declines_another_question_with_the_same_unknown_word_at_once_and_after_a_restart(
    knowledge: Knowledge, clock: FixedClock, store: Store
):
    core = Core(knowledge, clock, store, frozenset({STAFF.id}))
    replica = Core(knowledge, clock, store, frozenset({STAFF.id}))
    assert await answered_with(core, DOG_AGAIN) == "teams"
    await core.handle_text(ANA, DOG)
    (card,) = await core.handle_command(STAFF, "apprendre")
    (done,) = await core.handle_button(STAFF, learn_button(card, "oos"))
    assert done.text.startswith("🚫 Noté : les questions à venir sur «chien» sont déclinées")
    assert await answered_with(core, DOG_AGAIN) is None
    assert await answered_with(core, "Quel est le salaire ?") == "pay"  # known words: as before
    assert await replica.context.load_learned() and await answered_with(replica, DOG_AGAIN) is None
    after = Core(knowledge, clock, store, frozenset({STAFF.id}))  # a restart: YAML, then the overlay
    await after.context.load_learned()
    assert await answered_with(after, DOG_AGAIN) is None
    after.context.use_knowledge(knowledge)  # the watcher's reload of the YAML keeps them
    assert await answered_with(after, DOG_AGAIN) is None
    assert after.context.knowledge.lexicon.out_of_scope["learned"] == ("chien",)


async def test_staff_are_told_in_their_language_what_out_of_scope_taught(core: Core, store):
    english_staff = Person(ADMIN_ID, "Staff", None, "en")
    await store.record_proposal(
        "is there a daycare for kids?", "en", "unanswered", None, None, clock_now(core)
    )
    (card,) = await core.handle_command(english_staff, "learn")
    (done,) = await core.handle_button(english_staff, learn_button(card, "oos"))
    assert done.text.startswith("🚫 Noted: future questions about “daycare” are declined, for everyone")
    await store.record_proposal("do you offer a gym?", "en", "unanswered", None, None, clock_now(core))
    (card,) = await core.handle_command(english_staff, "learn")
    (done,) = await core.handle_button(english_staff, learn_button(card, "oos"))
    assert done.text.startswith("🚫 Noted: “do you offer a gym?” — out of scope. No word of it is learned")


async def test_two_reviewers_never_decide_the_same_proposal_twice(
    knowledge: Knowledge, clock: FixedClock, store: Store
):
    admins = frozenset({STAFF.id, OTHER_STAFF.id})
    first, second = (
        Core(knowledge, clock, store, admins),
        Core(knowledge, clock, store, admins),
    )  # two replicas
    await first.handle_text(ANA, VAGUE)
    await first.handle_button(ANA, callbacks.encode("faq", CHOSEN))
    (card_1,) = await first.handle_command(STAFF, "apprendre")
    (card_2,) = await second.handle_command(OTHER_STAFF, "learn")
    await first.handle_button(STAFF, learn_button(card_1, "to", CHOSEN))
    (late,) = await second.handle_button(OTHER_STAFF, learn_button(card_2, "to", CHOSEN))
    assert late.text.startswith("Un autre membre de l'équipe a déjà traité cette proposition.")
    assert [p.target for p in await store.decided_proposals("accepted")] == [CHOSEN]
    assert await answered_with(second, VAGUE) is None  # the other replica learns it on its next look
    assert await second.context.load_learned() and await answered_with(second, VAGUE) == CHOSEN
    assert not await second.context.load_learned()  # nothing new: no rebuild


async def test_a_phrasing_that_would_lead_elsewhere_is_refused_and_says_where(core: Core, store):
    await store.record_proposal("accompagnement", "fr", "unanswered", "pay", 40.0, clock_now(core))
    (card,) = await core.handle_command(STAFF, "apprendre")
    (refused,) = await core.handle_button(STAFF, learn_button(card, "to", "pay"))
    assert "Pas accepté, cela créerait un conflit" in refused.text
    assert "est déjà une formulation de 'support-programme'" in refused.text
    assert (await only_proposal(store)).status == "pending"


async def test_only_staff_review(core: Core, store):
    pid = await store.record_proposal(VAGUE, "fr", "chosen", CHOSEN, 70.0, clock_now(core))
    (refusal,) = await core.handle_command(ANA, "apprendre")
    assert refusal.text == "Cette commande est réservée à l'équipe du programme."
    (refusal,) = await core.handle_button(ANA, callbacks.encode("learn", "to", f"{pid}-{CHOSEN}"))
    assert refusal.text == "Cette commande est réservée à l'équipe du programme."
    assert (await only_proposal(store)).status == "pending"


async def test_the_learned_phrasings_survive_a_restart_and_a_knowledge_reload(
    knowledge: Knowledge, clock: FixedClock, store: Store
):
    before = Core(knowledge, clock, store, frozenset({STAFF.id}))
    pid = await store.record_proposal(VAGUE, "fr", "chosen", CHOSEN, 70.0, clock.now())
    await before.handle_button(STAFF, callbacks.encode("learn", "to", f"{pid}-{CHOSEN}"))
    after = Core(knowledge, clock, store, frozenset({STAFF.id}))  # a restart: YAML, then the overlay
    await after.context.load_learned()
    assert await answered_with(after, VAGUE) == CHOSEN
    after.context.use_knowledge(knowledge)  # the watcher's reload of the YAML keeps them
    assert await answered_with(after, VAGUE) == CHOSEN


async def test_stats_count_the_proposals_waiting_and_decided_this_week(core: Core, store):
    await core.handle_text(ANA, VAGUE)
    await core.handle_text(ANA, "je peux venir avec mon chien")
    (card,) = await core.handle_command(STAFF, "apprendre")
    await core.handle_button(STAFF, learn_button(card, "to"))
    (stats,) = await core.handle_command(STAFF, "stats")
    assert (
        "• propositions (/apprendre) : 1 en attente ; cette semaine, 1 acceptées, 0 hors sujet, 0 ignorées"
        in stats.text
    )


def clock_now(core: Core):
    return core.context.now()
