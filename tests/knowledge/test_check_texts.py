"""The catalogues of the knowledge's shell tools and check: every sentence in both languages,
with the same {placeholders}, and every key the code names is in them."""

import ast
import string
from pathlib import Path

import pytest

from knowledge.check_texts import CHECK_TEXTS
from knowledge.cli_lang import ARGPARSE_TEXTS
from knowledge.cli_texts import CLI_TEXTS
from knowledge.reason_texts import REASON_TEXTS
from knowledge.said import say
from knowledge.yamlsource import Problem

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"
CATALOGUES = {"check": CHECK_TEXTS, "cli": CLI_TEXTS, "argparse": ARGPARSE_TEXTS, "reason": REASON_TEXTS}


def fields_of(template: str) -> set[str]:
    """The names of a template's {placeholders}."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("name", CATALOGUES)
def test_every_key_has_both_languages_with_the_same_placeholders(name):
    tables = CATALOGUES[name]
    assert set(tables) == {"fr", "en"}
    assert set(tables["fr"]) == set(tables["en"]), set(tables["fr"]) ^ set(tables["en"])
    for key, french in tables["fr"].items():
        assert french.strip() and tables["en"][key].strip(), key
        assert fields_of(french) == fields_of(tables["en"][key]), key


def keys_named_in_code(paths: list[Path] | None = None, say_name: str = "say") -> set[str]:
    """The catalogue keys written in `paths` (knowledge/ by default): say("key", …) (or another
    `say_name`) and fields.problem(file, line, "message", "fix", …)."""
    keys = set()
    for path in KNOWLEDGE.glob("*.py") if paths is None else paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            named = node.args[:1] if name == say_name else node.args[2:4] if name == "problem" else []
            keys |= {
                arg.value for arg in named if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            }
    return keys


def test_every_key_the_code_names_is_in_the_check_catalogue():
    keys = keys_named_in_code()
    assert len(keys) > 50  # the walk finds them
    assert keys - set(CHECK_TEXTS["fr"]) == set()


def test_every_reason_the_matcher_names_is_in_its_catalogue():
    keys = keys_named_in_code([KNOWLEDGE / "decision.py", KNOWLEDGE / "views.py"], "reason")
    assert len(keys) > 10  # the walk finds them
    assert keys - set(REASON_TEXTS["fr"]) == set()


def test_a_problem_reads_in_french_unless_asked_in_english():
    problem = Problem(
        "faq/pay.yaml", 12, say("unknown_key", key="keyword"), say("did_you_mean", close="keywords")
    )
    assert (
        str(problem)
        == "faq/pay.yaml:12 : clé inconnue 'keyword' — correction : vouliez-vous dire 'keywords' ?"
    )
    assert problem.text("en") == "faq/pay.yaml:12: unknown key 'keyword' — fix: did you mean 'keywords'?"
    assert Problem("calendar.yaml", 0, say("duplicate_event", id="x")).text("en") == (
        "calendar.yaml: duplicate event id 'x'"
    )
