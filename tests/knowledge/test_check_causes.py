"""`python -m knowledge check` says each mistake once, at its own line, with the right fix (issue 13)."""

import re
from pathlib import Path

import pytest

from knowledge.__main__ import main
from tests.knowledge.test_loader import line_of, problems_after
from tests.knowledge_edits import copy_knowledge


@pytest.fixture
def kdir(tmp_path: Path) -> Path:
    """A copy of the shipped knowledge that a test may break."""
    return copy_knowledge(tmp_path)


def test_a_day_that_does_not_exist_is_the_only_problem_though_answers_refer_to_its_event(kdir):
    old = "    start: 2022-04-19"  # applications-close, which many answers name in {date:…}
    line = line_of(kdir, "calendar.yaml", old)
    problems = problems_after(kdir, "calendar.yaml", old, "    start: 2022-04-31")
    assert problems == [
        f"knowledge/calendar.yaml:{line}: the start date '2022-04-31' does not parse: day is out of "
        "range for month — fix: write a real day, e.g. 2022-04-19 or 2022-03-17T13:45 (Paris time)"
    ]


def test_an_entry_without_category_is_the_only_problem_though_others_relate_to_it(kdir):
    file = "faq/programme.yaml"
    text = (kdir / file).read_text(encoding="utf-8")
    start = text.index("  - id: teams\n")
    line = line_of(kdir, file, "  - id: teams")
    broken = text[:start] + text[start:].replace("    category: programme\n", "", 1)
    (kdir / file).write_text(broken, encoding="utf-8")
    problems = problems_after(kdir, file, "  - id: teams", "  - id: teams")
    assert problems == [
        f"knowledge/{file}:{line}: the entry has no 'category' — fix: add 'category: <category id>'"
    ]


def test_a_category_without_title_is_the_only_problem_though_entries_use_it(kdir):
    old = '    title: {fr: "Le programme", en: "The programme"}\n'
    line = line_of(kdir, "categories.yaml", "  - id: programme")
    problems = problems_after(kdir, "categories.yaml", old, "")
    assert problems == [
        f"knowledge/categories.yaml:{line}: 'title' is missing "
        "— fix: add 'title:' with 'fr:' and 'en:' lines below it"
    ]


def test_an_unknown_event_in_each_language_is_reported_at_the_line_of_that_text(kdir):
    file = "faq/calendrier.yaml"
    fr = "le {date:programme-start}, jusqu'au"
    en = "on {date:programme-start}"
    fr_line, en_line = line_of(kdir, file, fr), line_of(kdir, file, en)
    path = kdir / file
    text = path.read_text(encoding="utf-8").replace(fr, fr.replace("start", "begin"), 1)
    path.write_text(text.replace(en, en.replace("start", "begin"), 1), encoding="utf-8")
    problems = problems_after(kdir, file, "{date:programme-begin}", "{date:programme-begin}")
    fix = "fix: use an id from calendar.yaml: applications-close, applications-open, interviews, "
    fix += "programme-end, programme-start, project-choices, projects-revealed, webinar-2022-03-17, "
    fix += "webinar-2022-03-24"
    assert problems == [
        f"knowledge/{file}:{fr_line}: the fr answer refers to unknown event 'programme-begin' — {fix}",
        f"knowledge/{file}:{en_line}: the en answer refers to unknown event 'programme-begin' — {fix}",
    ]


def test_an_unknown_placeholder_field_is_reported_at_its_line_with_the_closest_field(kdir):
    file = "faq/calendrier.yaml"
    old = "{end_date:interviews}. Les"
    line = line_of(kdir, file, old)
    problems = problems_after(kdir, file, old, "{end_dat:interviews}. Les")
    assert problems == [
        f"knowledge/{file}:{line}: the fr answer has an unknown placeholder '{{end_dat:…}}' "
        "— fix: did you mean '{end_date:interviews}'?"
    ]


@pytest.mark.parametrize(
    "file, old, new",
    [
        ("faq/programme.yaml", "    keywords: [EIG", "    keyword: [EIG"),
        ("faq/programme.yaml", "    answer:", "    anwser:"),
        ("faq/programme.yaml", "    category: programme", "    categry: programme"),
        ("calendar.yaml", "    start: 2022-04-19", "    strat: 2022-04-19"),
        ("calendar.yaml", "    kind: deadline", "    knd: deadline"),
        ("categories.yaml", 'title: {fr: "Le', 'titel: {fr: "Le'),
        ("categories.yaml", 'title: {fr: "Le', 'title: {f: "Le'),
        ("reminders.yaml", "{hours_before: 1}", "{hour_before: 1}"),
    ],
)
def test_a_misspelt_key_is_the_only_problem_with_the_closest_key_as_fix(kdir, file, old, new):
    line = line_of(kdir, file, old)
    meant, key = next((a, b) for a, b in zip(old.split(":"), new.split(":"), strict=False) if a != b)
    meant, key = meant.strip(" {"), key.strip(" {")
    problems = problems_after(kdir, file, old, new)
    assert problems == [f"knowledge/{file}:{line}: unknown key '{key}' — fix: did you mean '{meant}'?"]


def test_an_unknown_key_without_a_close_one_lists_the_allowed_keys(kdir):
    file = "faq/programme.yaml"
    old = "    keywords: [EIG"
    line = line_of(kdir, file, old)
    problems = problems_after(kdir, file, old, "    tags: [EIG")
    assert problems == [
        f"knowledge/{file}:{line}: unknown key 'tags' — fix: use one of: "
        "id, category, questions, answer, keywords, related, action"
    ]


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "Yes"])
def test_an_unquoted_yes_or_no_text_asks_for_quotes_around_that_word_at_its_line(kdir, word):
    old = 'title: {fr: "Le programme", en: "The programme"}'
    line = line_of(kdir, "categories.yaml", old)
    problems = problems_after(kdir, "categories.yaml", old, f"title: {{fr: oui, en: {word}}}")
    assert problems == [
        f"knowledge/categories.yaml:{line}: the 'en' text of 'title' is read as a yes/no value, "
        f'not as text — fix: write it in quotes: "{word}"'
    ]


def test_an_unquoted_yes_in_an_answer_written_on_its_own_line_is_reported_there(kdir):
    file = "faq/programme.yaml"
    text = (kdir / file).read_text(encoding="utf-8")
    start = text.index("  - id: teams\n")
    answer = text.index("    answer:\n", start)
    en = text.index("      en:", answer)
    line = text[:en].count("\n") + 1
    end = en + re.search(r"\n    [a-z_]+:", text[en:]).start()  # the entry's next key
    (kdir / file).write_text(text[:en] + "      en: yes" + text[end:], encoding="utf-8")
    problems = problems_after(kdir, file, "      en: yes", "      en: yes")
    assert problems == [
        f"knowledge/{file}:{line}: the 'en' text of 'answer' is read as a yes/no value, "
        'not as text — fix: write it in quotes: "yes"'
    ]


@pytest.mark.parametrize("args", [["--dir", "./some/folder"], ["some/folder/"]])
def test_check_names_files_from_the_folder_as_typed_on_the_command_line(tmp_path, monkeypatch, capsys, args):
    (tmp_path / "some").mkdir()
    folder = copy_knowledge(tmp_path).rename(tmp_path / "some" / "folder")
    line = line_of(folder, "faq/programme.yaml", "    keywords: [EIG")
    path = folder / "faq" / "programme.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    keywords: [EIG", "    keyword: [EIG", 1))
    monkeypatch.chdir(tmp_path)
    assert main(["check", *args]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"some/folder/faq/programme.yaml:{line}: unknown key 'keyword' — fix: did you mean 'keywords'?",
        "1 problem(s) found.",
    ]
