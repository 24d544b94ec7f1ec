"""`eig-bot learned export [--apply]`: the accepted phrasings as YAML to paste; --apply writes
them into the FAQ files, comments and layout kept, checks, and clears the overlay. A learned
phrasing that would lead to another entry is refused, saying which."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.staff_cli import learned_export
from knowledge.clock import FixedClock
from knowledge.learned import Phrasing, conflicts
from knowledge.loader import load_knowledge
from storage.store import Store
from tests.helpers import NOW
from tests.knowledge_edits import copy_knowledge

QUESTION = "le truc pour les dev"


@pytest.fixture
def knowledge_dir(tmp_path: Path) -> Path:
    return copy_knowledge(tmp_path)


async def accept(store: Store, text: str, entry: str, status: str = "accepted") -> int:
    pid = await store.record_proposal(text, "fr", "chosen", entry, 70.0, NOW)
    await store.decide_proposal(pid, status, entry if status == "accepted" else None, NOW)
    return pid


async def export(store: Store, directory: Path, apply: bool = False) -> tuple[int, str]:
    out = io.StringIO()
    status = await learned_export(store, directory, apply, FixedClock(NOW), out)
    return status, out.getvalue()


async def test_export_prints_the_phrasings_per_file_and_entry_and_the_out_of_scope_questions(
    store, knowledge_dir
):
    await accept(store, QUESTION, "profile-dev")
    await accept(store, 'le "vrai" salaire', "pay")
    await accept(store, "je peux venir avec mon chien", "", "out_of_scope")
    await accept(store, "Est-ce que les locaux ont un parking pour vélo ?", "", "out_of_scope")
    await accept(store, "et le truc ?", "", "out_of_scope")
    status, printed = await export(store, knowledge_dir)
    assert status == 0
    assert (
        '# faq/candidature.yaml\n- id: profile-dev\n  questions:\n    fr:\n      - "le truc pour les dev"\n'
        in printed
    )
    assert '- id: pay\n  questions:\n    fr:\n      - "le \\"vrai\\" salaire"' in printed
    assert "# lexicon.yaml, out_of_scope:" in printed
    assert 'out_of_scope:\n  learned: ["chien"]\n  premises: ["vélo"]\n' in printed
    assert "sans mot à apprendre" in printed and '#   "et le truc ?"' in printed
    assert len(await store.decided_proposals("accepted")) == 2  # printing changes nothing


async def test_apply_writes_the_phrasing_keeping_every_comment_and_line(store, knowledge_dir):
    await accept(store, QUESTION, "profile-dev")
    faq = knowledge_dir / "faq" / "candidature.yaml"
    before = faq.read_text(encoding="utf-8").splitlines()
    status, printed = await export(store, knowledge_dir, apply=True)
    assert status == 0 and "la vérification passe ; 1 formulation(s) et 0 question(s) hors sujet" in printed
    after = faq.read_text(encoding="utf-8").splitlines()
    added = [line for line in after if line not in before]
    assert [line.strip() for line in added] == [f'- "{QUESTION}"']
    assert [line for line in after if line != added[0]] == before  # comments and layout as they were
    assert QUESTION in load_knowledge(knowledge_dir).entry("profile-dev").questions["fr"]
    assert await store.decided_proposals("accepted") == []  # now in the YAML, out of the overlay


async def test_apply_writes_the_out_of_scope_words_into_the_lexicon_keeping_its_lines(store, knowledge_dir):
    await accept(store, "je peux venir avec mon chien", "", "out_of_scope")
    await accept(store, "Est-ce que les locaux ont un parking pour vélo ?", "", "out_of_scope")
    lexicon = knowledge_dir / "lexicon.yaml"
    before = lexicon.read_text(encoding="utf-8").splitlines()
    status, printed = await export(store, knowledge_dir, apply=True)
    assert status == 0 and "0 formulation(s) et 2 question(s) hors sujet sorties de la surcouche" in printed
    after = lexicon.read_text(encoding="utf-8").splitlines()
    added = [line for line in after if line not in before]
    assert [line.strip() for line in added] == ["bureau attitré, bâtiment,", '"vélo"]', 'learned: ["chien"]']
    assert [line for line in before if line not in after] == ["             bureau attitré, bâtiment]"]
    assert after[after.index('  learned: ["chien"]') + 1 :] == before[before.index("smalltalk:") - 1 :]
    assert [line for line in before if line.lstrip().startswith("#")] == [
        line for line in after if line.lstrip().startswith("#")
    ]  # every comment kept
    out_of_scope = load_knowledge(knowledge_dir).lexicon.out_of_scope
    assert out_of_scope["learned"] == ("chien",) and out_of_scope["premises"][-1] == "vélo"
    assert await store.decided_proposals("out_of_scope") == []  # now in the YAML, out of the overlay


async def test_apply_refuses_a_conflict_and_writes_nothing(store, knowledge_dir):
    await accept(store, "accompagnement", "pay")  # already a phrasing of support-programme
    files = {p: p.read_text(encoding="utf-8") for p in (knowledge_dir / "faq").glob("*.yaml")}
    status, _ = await export(store, knowledge_dir, apply=True)
    assert status == 1
    assert {p: p.read_text(encoding="utf-8") for p in files} == files
    assert len(await store.decided_proposals("accepted")) == 1


def test_a_learned_phrasing_leading_to_another_entry_is_a_conflict_that_names_it(knowledge):
    assert conflicts(knowledge, [Phrasing("profile-dev", "fr", QUESTION)]) == []
    elsewhere = [Phrasing("pay", "fr", "combien de temps dure la mission")]
    (problem,) = conflicts(knowledge, elsewhere, lang="en")
    assert problem.startswith("“combien de temps dure la mission” of 'pay' leads to 'duration'")
    (problem,) = conflicts(knowledge, elsewhere)
    assert problem.startswith("« combien de temps dure la mission » de 'pay' mène à 'duration'")
    (problem,) = conflicts(knowledge, [Phrasing("gone", "fr", QUESTION)], lang="en")
    assert problem == f"“{QUESTION}”: the entry 'gone' is gone"
