"""The staff command line: `python -m knowledge check` and `python -m knowledge ask`."""

import json
import subprocess
import sys

import pytest

from knowledge.__main__ import main
from knowledge.loader import load_knowledge
from tests.knowledge_edits import SLICE, copy_knowledge

pytestmark = pytest.mark.usefixtures("shipped_knowledge_once")  # parsed once per session


def run(args: list[str], stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "knowledge", *args], input=stdin, capture_output=True, text=True, timeout=120
    )


def test_check_passes_on_the_shipped_knowledge(capsys):
    assert main(["check", "--lang", "en"]) == 0
    assert capsys.readouterr().out.startswith("OK: ")


def test_check_fails_with_file_and_line_on_a_broken_folder(tmp_path, capsys):
    target = copy_knowledge(tmp_path)
    path = target / "faq" / "programme.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("  - id: teams", "\t- id: teams", 1), encoding="utf-8"
    )
    assert main(["check", str(target)]) == 1
    out = capsys.readouterr().out
    assert "knowledge/faq/programme.yaml:" in out and "tab" in out


def test_check_reports_a_day_that_does_not_exist_with_file_and_line_not_a_traceback(tmp_path):
    target = copy_knowledge(tmp_path)
    path = target / "calendar.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    line = lines.index("    start: 2022-04-19") + 1
    path.write_text(
        path.read_text(encoding="utf-8").replace("start: 2022-04-19", "start: 2022-04-31"), encoding="utf-8"
    )
    result = run(["check", str(target), "--lang", "en"])
    assert result.returncode == 1
    assert result.stdout.startswith(f"knowledge/calendar.yaml:{line}: the start date '2022-04-31'")
    assert "Traceback" not in result.stdout + result.stderr


def test_ask_json_prints_exactly_the_documented_fields():
    result = run(["ask", "--json", "--now", "2022-03-20T10:00", "Quel est le salaire ?"])
    assert result.returncode == 0
    record = json.loads(result.stdout)
    assert list(record) == ["question", "entry", "score", "answer", "suggestions"]
    assert record["question"] == "Quel est le salaire ?"
    assert record["entry"] == "pay" and isinstance(record["score"], float)
    assert "3 500" in record["answer"] and record["suggestions"] == []


def test_ask_reads_one_question_per_line_and_answers_in_order():
    result = run(["ask", "--json"], stdin="salaire\nquel temps fait-il ?\nbonjour\n")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["question"] for r in records] == ["salaire", "quel temps fait-il ?", "bonjour"]
    assert records[0]["entry"] == "pay"
    assert records[1]["entry"] is None and records[1]["answer"]
    assert records[2]["entry"] is None and records[2]["answer"]


def test_ask_now_changes_what_the_answer_says_about_passed_deadlines(capsys):
    main(["ask", "--json", "--now", "2022-05-01T12:00", "date limite"])
    assert "passée" in json.loads(capsys.readouterr().out)["answer"]


def test_ask_without_json_shows_entry_score_and_runners_up(capsys):
    main(["ask", "--lang", "en", "--now", "2022-03-20T10:00", "Quels métiers sont recherchés ?"])
    out = capsys.readouterr().out
    assert "entry profiles" in out and "score" in out and "Runners-up:" in out


def test_ask_rejects_a_bad_now(capsys):
    assert main(["ask", "--now", "tomorrow", "salaire"]) == 2
    assert "--now" in capsys.readouterr().err


def test_ask_explain_shows_the_reading_the_candidates_and_the_reason(capsys):
    main(["--lang", "en", "ask", "--explain", "--now", "2022-03-20T10:00", "Quel est le salaire net ?"])
    out = capsys.readouterr().out
    assert "Read as (whole message):" in out and "@net" in out and "@pay" in out
    assert "net-or-gross" in out and "closest phrasing" in out
    assert "Decision: answer — score" in out


def test_ask_explain_with_json_adds_the_explanation_to_each_line(capsys):
    main(["ask", "--json", "--explain", "blabla salaire"])
    record = json.loads(capsys.readouterr().out)
    assert list(record)[:5] == ["question", "entry", "score", "answer", "suggestions"]
    assert record["explain"]["decision"] in ("answer", "suggest")
    assert {"view", "terms", "unknown", "candidates", "reason"} <= set(record["explain"])


# On a SLICE of the knowledge: leave-one-out over the whole of it takes seconds, and its share
# has its own test (test_generalisation.py).
def test_check_generalisation_prints_a_line_per_entry_and_the_overall_share(tmp_path, capsys):
    folder = copy_knowledge(tmp_path, SLICE)
    assert main(["check", str(folder), "--generalisation", "--lang=en"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK: ")
    table = out.split("share\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert len(table) == len(load_knowledge(folder).entries)
    assert "phrasings find their entry" in out.splitlines()[-1]


def test_check_generalisation_exits_1_below_the_floor_it_is_given(tmp_path, capsys):
    folder = str(copy_knowledge(tmp_path, SLICE))
    assert main(["check", folder, "--generalisation", "--min", "0.99"]) == 1
