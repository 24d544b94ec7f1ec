"""One language per run of `python -m knowledge`: French by default, English with --lang en,
argparse's own words included; no log line unless asked."""

import argparse
import json
import re
import subprocess
import sys

import pytest

from knowledge.__main__ import main
from knowledge.cli_lang import argparse_in, log_level, run_lang
from tests.knowledge_edits import copy_knowledge

pytestmark = pytest.mark.usefixtures("shipped_knowledge_once")

WHERE = re.compile(r"^(\S+:\d+) ?: ")


def broken_folder(tmp_path):
    """A copy of the knowledge with three mistakes: a misspelt key, a day that does not exist,
    an unknown placeholder field."""
    folder = copy_knowledge(tmp_path)
    for file, old, new in [
        ("faq/programme.yaml", "    keywords: [EIG", "    keyword: [EIG"),
        ("calendar.yaml", "start: 2022-04-19", "start: 2022-04-31"),
        ("faq/calendrier.yaml", "{date:", "{dat:"),
    ]:
        path = folder / file
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def check_lines(capsys, *args: str) -> list[str]:
    assert main(["check", *args]) == 1
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out.splitlines()


def test_the_check_speaks_french_by_default_and_english_with_lang_en_about_the_same_lines(tmp_path, capsys):
    folder = str(broken_folder(tmp_path))
    french, english = check_lines(capsys, folder), check_lines(capsys, folder, "--lang", "en")
    assert french[-1] == "3 problème(s) trouvé(s)." and english[-1] == "3 problem(s) found."
    assert [WHERE.match(line)[1] for line in french[:-1]] == [WHERE.match(line)[1] for line in english[:-1]]
    pairs = dict(zip(french, english, strict=True))
    assert pairs[next(f for f in french if "clé inconnue 'keyword'" in f)].endswith(
        "unknown key 'keyword' — fix: did you mean 'keywords'?"
    )
    assert "— correction : vouliez-vous dire 'keywords' ?" in next(f for f in french if "'keyword'" in f)
    day = next(f for f in french if "la date start '2022-04-31' ne se lit pas : avril 2022 a 30 jours" in f)
    assert "the start date '2022-04-31' does not parse: April 2022 has 30 days" in pairs[day]
    field = next(
        f for f in french if "emplacement inconnu '{dat:…}' — correction : vouliez-vous dire '{date:" in f
    )
    assert "unknown placeholder '{dat:…}' — fix: did you mean '{date:" in pairs[field]


def test_lang_is_read_before_or_after_the_sub_command(tmp_path, capsys):
    folder = str(broken_folder(tmp_path))
    assert check_lines(capsys, "--lang=en", folder) == check_lines(capsys, folder, "--lang", "en")
    assert main(["--lang", "en", "check", folder]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == "3 problem(s) found."


def test_help_is_in_french_and_in_english_with_lang_en(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["check", "--help"])
    assert stop.value.code == 0
    french = capsys.readouterr().out
    assert french.startswith("utilisation : python -m knowledge check")
    assert "affiche cette aide et s'arrête" in french and "vérifier chaque fichier YAML" in french
    with pytest.raises(SystemExit):
        main(["--lang", "en", "check", "--help"])
    english = capsys.readouterr().out
    assert english.startswith("usage: python -m knowledge check")
    assert "show this help message and exit" in english and "validate every YAML file" in english


def test_a_mistyped_command_line_is_refused_in_the_run_language(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["check", "--min", "half"])
    assert stop.value.code == 2
    assert "erreur : argument --min : valeur float invalide : 'half'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["check", "--min", "half", "--lang", "en"])
    assert "error: argument --min: invalid float value: 'half'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["check", "--lang", "de"])
    assert "choix inconnu : 'de' (possibles : 'fr', 'en')" in capsys.readouterr().err


def test_argparse_speaks_english_again_after_a_run():
    with argparse_in("fr"):
        assert argparse._("usage: ") == "utilisation : "  # type: ignore[attr-defined]
    assert argparse._("usage: ") == "usage: "  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "argv, lang",
    [
        ([], "fr"),
        (["check", "--lang", "en"], "en"),
        (["--lang=en", "ask", "x"], "en"),
        (["ask", "--lang", "fr"], "fr"),
        (["check", "--lang", "de"], "fr"),  # argparse refuses it, in French
        (["ask", "--", "--lang", "en"], "fr"),  # a question, not an option
    ],
)
def test_the_run_language_is_the_one_written_anywhere_before_a_double_dash(argv, lang):
    assert run_lang(argv) == lang


def test_logs_are_quiet_unless_asked():
    assert log_level(verbose=False, environ={}) == "WARNING"
    assert log_level(verbose=True, environ={}) == "INFO"
    assert log_level(verbose=False, environ={"LOG_LEVEL": "debug"}) == "DEBUG"
    assert log_level(verbose=True, environ={"LOG_LEVEL": "nonsense"}) == "INFO"


def test_a_check_run_prints_its_result_and_nothing_on_stderr():
    result = subprocess.run(
        [sys.executable, "-m", "knowledge", "check"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.startswith("OK : ") and len(result.stdout.splitlines()) == 1


def test_ask_writes_its_labels_in_the_run_language(capsys):
    question = ["ask", "--explain", "--now", "2022-03-20T10:00", "Quel est le salaire net ?"]
    assert main(question) == 0
    french = capsys.readouterr().out
    assert "→ answer · entrée net-or-gross" in french and "Candidates :" in french
    assert "formulation la plus proche :" in french and "Décision : answer — score " in french
    assert "Lu comme (message entier) :" in french and "aucun rival proche dans un autre sujet" in french
    assert main([*question, "--lang", "en"]) == 0
    english = capsys.readouterr().out
    assert "→ answer · entry net-or-gross" in english and "Candidates:" in english
    assert "closest phrasing:" in english and "Decision: answer — score " in english
    assert "Read as (whole message):" in english and "no close rival in another topic" in english


def decision_line(out: str) -> str:
    """The line of `ask --explain`'s output that gives the decision and its reason."""
    return next(line for line in out.splitlines() if line.startswith(("Décision : ", "Decision: ")))


@pytest.mark.parametrize(
    "question, french, english",
    [
        (
            "les agents ils aident ?",
            r"Décision : suggest — score [\d.]+ < [\d.]+ : proposé",
            r"score [\d.]+ < [\d.]+: offered",
        ),
        (
            "Je suis juriste. Combien de candidats ?",
            r"Décision : none — hors sujet : statistics \(lexicon\.yaml\)",
            r"Decision: none — out of scope: statistics \(lexicon\.yaml\)",
        ),
    ],
)
def test_ask_explains_its_decision_in_the_run_language(capsys, question, french, english):
    assert main(["ask", "--explain", question]) == 0
    said = decision_line(capsys.readouterr().out)
    assert re.fullmatch(french, said), said
    assert main(["ask", "--explain", "--lang", "en", question]) == 0
    assert re.search(english, decision_line(capsys.readouterr().out))
    assert main(["ask", "--json", "--explain", question]) == 0
    record = json.loads(capsys.readouterr().out)
    assert said.partition(" — ")[2] == record["explain"]["reason"]  # --json: the run's language too
