"""`python -m knowledge check` says each mistake once, at its own line, with the right fix (issue 13)."""

import re
from pathlib import Path

import pytest

from knowledge.__main__ import main
from knowledge.loader import load_knowledge
from knowledge.yamlsource import KnowledgeError
from tests.knowledge_edits import copy_knowledge

PROGRAMME = "faq/programme.yaml"
CALENDRIER = "faq/calendrier.yaml"


@pytest.fixture
def kdir(tmp_path: Path) -> Path:
    """A copy of the shipped knowledge that a test may break."""
    return copy_knowledge(tmp_path)


def problems_of(kdir: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(kdir)
    return [p.text("en") for p in caught.value.problems]


def edit(kdir: Path, file: str, old: str, new: str) -> int:
    """Replace the first `old` of the file by `new`; the line `old` started on."""
    path = kdir / file
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def only_problem(kdir: Path, file: str, old: str, new: str) -> str:
    """After the edit, the one problem found, which must be at the line of `old`; its message."""
    prefix = f"knowledge/{file}:{edit(kdir, file, old, new)}: "
    problems = problems_of(kdir)
    assert len(problems) == 1 and problems[0].startswith(prefix), problems
    return problems[0].removeprefix(prefix)


def test_a_day_that_does_not_exist_is_the_only_problem_though_answers_refer_to_its_event(kdir):
    # applications-close, which many answers name in {date:…}
    assert only_problem(kdir, "calendar.yaml", "    start: 2022-04-19", "    start: 2022-04-31") == (
        "the start date '2022-04-31' does not parse: April 2022 has 30 days"
        " — fix: write a real day, e.g. 2022-04-19 or 2022-03-17T13:45 (Paris time)"
    )


@pytest.mark.parametrize(
    "old, new, why",
    [
        ("start: 2022-03-17T13:45", "start: 2022-02-29T13:45", "February 2022 has 28 days"),
        ("start: 2022-04-19", "start: 2022-13-19", "there is no month 13"),
    ],
)
def test_a_day_that_does_not_exist_says_why(kdir, old, new, why):
    value = new.split(": ", 1)[1]
    assert only_problem(kdir, "calendar.yaml", old, new).startswith(
        f"the start date '{value}' does not parse: {why} — fix: write a real day"
    )


def test_an_unknown_category_is_the_only_problem_though_others_relate_to_the_entry(kdir):
    old = "  - id: teams\n    category: programme\n"
    assert only_problem(kdir, PROGRAMME, old, "  - id: teams\n    category: programm\n").startswith(
        "unknown category 'programm' — fix: use one of: accompagnement, calendrier,"
    )


def test_an_entry_without_category_is_the_only_problem_though_others_relate_to_it(kdir):
    old = "  - id: teams\n    category: programme\n"  # other entries have related: [teams, …]
    assert only_problem(kdir, PROGRAMME, old, "  - id: teams\n") == (
        "the entry has no 'category' — fix: add 'category: <category id>'"
    )


def test_a_category_without_title_is_the_only_problem_though_entries_use_it(kdir):
    old = '  - id: programme\n    title: {fr: "Le programme", en: "The programme"}\n'
    assert only_problem(kdir, "categories.yaml", old, "  - id: programme\n") == (
        "'title' is missing — fix: add 'title:' with 'fr:' and 'en:' lines below it"
    )


def test_an_unknown_event_in_each_language_is_reported_at_the_line_of_that_text(kdir):
    fr_line = edit(kdir, CALENDRIER, "le {date:programme-start}, jusqu'au", "le {date:programme-begin},")
    en_line = edit(kdir, CALENDRIER, "on {date:programme-start}", "on {date:programme-begin}")
    fix = (
        "fix: use an id from calendar.yaml: applications-close, applications-open, interviews, "
        "programme-end, programme-start, project-choices, projects-revealed, webinar-2022-03-17, "
        "webinar-2022-03-24"
    )
    assert problems_of(kdir) == [
        f"knowledge/{CALENDRIER}:{fr_line}: the fr answer refers to unknown event 'programme-begin' — {fix}",
        f"knowledge/{CALENDRIER}:{en_line}: the en answer refers to unknown event 'programme-begin' — {fix}",
    ]


def test_an_unknown_placeholder_field_is_reported_at_its_line_with_the_closest_field(kdir):
    assert only_problem(kdir, CALENDRIER, "{end_date:interviews}. Les", "{end_dat:interviews}. Les") == (
        "the fr answer has an unknown placeholder '{end_dat:…}' — fix: did you mean '{end_date:interviews}'?"
    )


@pytest.mark.parametrize(
    "file, old, new",
    [
        (PROGRAMME, "    keywords: [EIG", "    keyword: [EIG"),
        (PROGRAMME, "    answer:", "    anwser:"),
        (PROGRAMME, "    category: programme", "    categry: programme"),
        ("calendar.yaml", "    start: 2022-04-19", "    strat: 2022-04-19"),
        ("calendar.yaml", "    kind: deadline", "    knd: deadline"),
        ("categories.yaml", 'title: {fr: "Le', 'titel: {fr: "Le'),
        ("categories.yaml", 'title: {fr: "Le', 'title: {f: "Le'),
        ("reminders.yaml", "{hours_before: 1}", "{hour_before: 1}"),
    ],
)
def test_a_misspelt_key_is_the_only_problem_with_the_closest_key_as_fix(kdir, file, old, new):
    meant, key = next((a, b) for a, b in zip(old.split(":"), new.split(":"), strict=False) if a != b)
    meant, key = meant.strip(" {"), key.strip(" {")
    assert only_problem(kdir, file, old, new) == f"unknown key '{key}' — fix: did you mean '{meant}'?"


def test_an_unknown_key_without_a_close_one_lists_the_allowed_keys(kdir):
    assert only_problem(kdir, PROGRAMME, "    keywords: [EIG", "    tags: [EIG") == (
        "unknown key 'tags' — fix: use one of: id, category, questions, answer, keywords, related, action"
    )


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "Yes"])
def test_an_unquoted_yes_or_no_text_asks_for_quotes_around_that_word_at_its_line(kdir, word):
    old = 'title: {fr: "Le programme", en: "The programme"}'
    assert only_problem(kdir, "categories.yaml", old, f"title: {{fr: oui, en: {word}}}") == (
        "the 'en' text of 'title' is read as a yes/no value, not as text"
        f' — fix: write it in quotes: "{word}"'
    )


def test_an_unquoted_yes_in_an_answer_written_on_its_own_line_is_reported_there(kdir):
    text = (kdir / PROGRAMME).read_text(encoding="utf-8")
    en = text.index("      en:", text.index("    answer:\n", text.index("  - id: teams\n")))
    english = text[en : en + re.search(r"\n    [a-z_]+:", text[en:]).start()]  # up to the next key
    assert only_problem(kdir, PROGRAMME, english, "      en: yes") == (
        "the 'en' text of 'answer' is read as a yes/no value, not as text — fix: write it in quotes: \"yes\""
    )


@pytest.mark.parametrize("args", [["--dir", "./some/folder"], ["some/folder/"]])
def test_check_names_files_from_the_folder_as_typed_on_the_command_line(tmp_path, monkeypatch, capsys, args):
    (tmp_path / "some").mkdir()
    folder = copy_knowledge(tmp_path).rename(tmp_path / "some" / "folder")
    line = edit(folder, PROGRAMME, "    keywords: [EIG", "    keyword: [EIG")
    monkeypatch.chdir(tmp_path)
    assert main(["check", *args, "--lang", "en"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"some/folder/{PROGRAMME}:{line}: unknown key 'keyword' — fix: did you mean 'keywords'?",
        "1 problem(s) found.",
    ]


@pytest.mark.parametrize(
    "file, old, new",
    [
        ("calendar.yaml", "\nevents:", "\nevnts:"),  # or every {date:…} would name an unknown event
        ("categories.yaml", "categories:", "categorie:"),  # or every entry's category is unknown
        (PROGRAMME, "entries:", "entrie:"),  # or every related entry of the file does not exist
        ("lexicon.yaml", "\nsynonyms:", "\nsynonym:"),  # or no question word is a synonym group
    ],
)
def test_a_misspelt_top_key_is_the_only_problem_of_the_whole_knowledge(kdir, file, old, new):
    meant, key = old.strip(" \n:"), new.strip(" \n:")
    at = edit(kdir, file, old, new) + old.startswith("\n")
    assert problems_of(kdir) == [f"knowledge/{file}:{at}: unknown key '{key}' — fix: did you mean '{meant}'?"]
