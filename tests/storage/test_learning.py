"""Proposals learned from real questions, on SQLite and PostgreSQL alike: kept without any user
id and scrubbed, counted per question, the strongest signal kept, decided once, purged with
the unanswered questions but for the live overlay."""

import asyncio
from datetime import datetime, timedelta

from knowledge.clock import FixedClock
from knowledge.model import PARIS
from storage.retention import UnansweredRetention
from tests.storage.backends import columns

NOW = datetime(2022, 3, 10, 12, 0, tzinfo=PARIS)


async def test_a_proposal_keeps_the_question_scrubbed_and_no_user_id(store):
    pid = await store.record_proposal(
        "mon tel 06 12 34 56 78, on bosse où ?", "fr", "unanswered", "teams", 74.0, NOW
    )
    proposal = await store.proposal(pid)
    assert proposal.text == "mon tel [téléphone], on bosse où ?"
    assert (proposal.signal, proposal.entry, proposal.score, proposal.askers) == (
        "unanswered",
        "teams",
        74.0,
        1,
    )
    assert proposal.status == "pending" and proposal.last_seen == NOW
    assert not any("user" in c or "voter" in c for c in await columns(store, "proposals"))


async def test_the_same_question_asked_again_counts_one_more_asker_and_comes_first(store):
    await store.record_proposal("Quel horaire de travail ?", "fr", "unanswered", None, None, NOW)
    for minutes in (1, 2):
        await store.record_proposal(
            "on bosse où ?", "fr", "unanswered", "teams", 74.0, NOW + timedelta(minutes=minutes)
        )
    await store.record_proposal("On bosse OÙ", "fr", "unanswered", "teams", 74.0, NOW)  # same words, folded
    first, second = await store.pending_proposals()
    assert (first.text, first.askers) == ("on bosse où ?", 3)
    assert first.last_seen == NOW + timedelta(minutes=2)
    assert second.askers == 1


async def test_choosing_an_entry_is_the_strongest_signal_and_not_another_asker(store):
    pid = await store.record_proposal("on bosse où ?", "fr", "unanswered", "project-types", 74.0, NOW)
    assert await store.record_proposal("on bosse où ?", "fr", "chosen", "teams", 74.0, NOW) == pid
    await store.record_proposal("on bosse où ?", "fr", "unanswered", "project-types", 74.0, NOW)
    proposal = await store.proposal(pid)
    assert (proposal.signal, proposal.entry, proposal.askers) == ("chosen", "teams", 2)


async def test_a_proposal_is_decided_once_even_by_two_reviewers_at_the_same_time(store):
    pid = await store.record_proposal("on bosse où ?", "fr", "chosen", "teams", 74.0, NOW)
    first, second = await asyncio.gather(
        store.decide_proposal(pid, "accepted", "teams", NOW),
        store.decide_proposal(pid, "accepted", "projects", NOW),
    )
    assert sorted([first, second]) == [False, True]
    (accepted,) = await store.decided_proposals("accepted")
    assert accepted.target in ("teams", "projects") and await store.pending_proposals() == []


async def test_the_counts_give_what_waits_and_what_was_decided_this_week(store):
    ids = [await store.record_proposal(f"question {n}", "fr", "unanswered", None, None, NOW) for n in "abcde"]
    await store.decide_proposal(ids[0], "accepted", "pay", NOW - timedelta(days=10))
    await store.decide_proposal(ids[1], "accepted", "pay", NOW)
    await store.decide_proposal(ids[2], "out_of_scope", None, NOW)
    await store.decide_proposal(ids[3], "ignored", None, NOW)
    counts = await store.proposal_counts(NOW - timedelta(days=7))
    assert (counts["pending"], counts["accepted"], counts["out_of_scope"], counts["ignored"]) == (1, 1, 1, 1)


async def test_exported_proposals_still_count_as_what_was_decided(store):
    phrasing = await store.record_proposal("on bosse où ?", "fr", "chosen", "teams", 74.0, NOW)
    declined = await store.record_proposal(
        "je peux venir avec mon chien", "fr", "unanswered", None, None, NOW
    )
    await store.decide_proposal(phrasing, "accepted", "teams", NOW)
    await store.decide_proposal(declined, "out_of_scope", None, NOW)
    assert await store.mark_exported([phrasing, declined], NOW) == 2
    assert await store.decided_proposals("out_of_scope") == []  # in lexicon.yaml, out of the overlay
    counts = await store.proposal_counts(NOW - timedelta(days=7))
    assert (counts["pending"], counts["accepted"], counts["out_of_scope"]) == (0, 1, 1)


async def test_exported_proposals_leave_the_overlay(store):
    pid = await store.record_proposal("on bosse où ?", "fr", "chosen", "teams", 74.0, NOW)
    await store.decide_proposal(pid, "accepted", "teams", NOW)
    assert await store.mark_exported([pid], NOW) == 1
    assert await store.decided_proposals("accepted") == []
    assert (await store.proposal(pid)).status == "exported"


async def test_retention_purges_old_proposals_but_keeps_the_live_overlay(store):
    old = NOW - timedelta(days=100)
    kept = await store.record_proposal("accepted long ago", "fr", "chosen", "pay", 60.0, old)
    await store.decide_proposal(kept, "accepted", "pay", old)
    declined = await store.record_proposal("out of scope long ago", "fr", "unanswered", None, None, old)
    await store.decide_proposal(declined, "out_of_scope", None, old)  # its words are live too
    await store.record_proposal("pending long ago", "fr", "unanswered", None, None, old)
    recent = await store.record_proposal("pending today", "fr", "unanswered", None, None, NOW)
    assert await UnansweredRetention(store, FixedClock(NOW)).purge() == 1
    assert [p.id for p in await store.pending_proposals()] == [recent]
    assert [p.id for p in await store.decided_proposals("accepted")] == [kept]
    assert [p.id for p in await store.decided_proposals("out_of_scope")] == [declined]
