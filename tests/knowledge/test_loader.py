"""Loading the YAML: the shipped files are valid; each broken edit names file, line and fix."""

from pathlib import Path

import pytest

from knowledge.loader import DEFAULT_DIR, load_knowledge, shown_from
from knowledge.model import PARIS
from knowledge.yamlsource import KnowledgeError
from tests.knowledge_edits import copy_knowledge


@pytest.fixture
def kdir(tmp_path: Path) -> Path:
    """A copy of the shipped knowledge that a test may break."""
    return copy_knowledge(tmp_path)


def problems_after(kdir: Path, file: str, old: str, new: str) -> list[str]:
    path = kdir / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(kdir)
    return [p.text("en") for p in caught.value.problems]


def line_of(kdir: Path, file: str, needle: str) -> int:
    lines = (kdir / file).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_the_shipped_knowledge_loads(knowledge):
    assert len(knowledge.entries) >= 45
    assert {c.id for c in knowledge.categories} >= {e.category for e in knowledge.entries}


def test_the_shipped_knowledge_is_the_staff_yaml_apart_from_the_code():
    assert DEFAULT_DIR.name == "data" and DEFAULT_DIR.parent.name == "knowledge"
    assert not list(DEFAULT_DIR.rglob("*.py"))
    assert (DEFAULT_DIR / "lexicon.yaml").is_file() and list((DEFAULT_DIR / "faq").glob("*.yaml"))


def test_problems_name_a_shipped_file_by_its_path_in_the_project_and_another_from_its_folder(tmp_path):
    assert (DEFAULT_DIR / "faq" / "pay.yaml").relative_to(shown_from(DEFAULT_DIR)) == Path(
        "knowledge/data/faq/pay.yaml"
    )
    assert shown_from(tmp_path / "knowledge") == tmp_path


def test_calendar_dates_are_paris_time_with_deadlines_lasting_all_day(knowledge):
    close = knowledge.event("applications-close")
    assert close.kind == "deadline"
    assert close.due.isoformat() == "2022-04-20T00:00:00+02:00"
    webinar = knowledge.event("webinar-2022-03-17")
    assert webinar.start.tzinfo == PARIS
    assert (webinar.start.hour, webinar.start.minute, webinar.end.hour) == (13, 45, 14)


def test_a_tab_is_reported_with_its_line(kdir):
    file = "faq/programme.yaml"
    line = line_of(kdir, file, "  - id: teams")
    problems = problems_after(kdir, file, "  - id: teams", "\t- id: teams")
    assert problems == [
        f"knowledge/{file}:{line}: a tab character is used for indentation"
        " — fix: indent with spaces only, never tabs"
    ]


def problem_at(file: str, line: int, what: str, fix: str) -> str:
    """A problem as the check writes it, for a file of the knowledge copy."""
    return f"knowledge/{file}:{line}: {what} — fix: {fix}"


def test_a_missing_answer_is_reported_with_the_entry_line(kdir):
    file = "faq/calendrier.yaml"
    text = (kdir / file).read_text(encoding="utf-8")
    start = text.index("  - id: duration")
    block_end = text.index("    related:", start)
    answer_at = text.index("    answer:", start)
    line = line_of(kdir, file, "  - id: duration")
    problems = problems_after(kdir, file, text[answer_at:block_end], "")
    fix = "add 'answer:' with 'fr:' and 'en:' lines below it"
    assert problem_at(file, line, "'answer' is missing", fix) in problems


def test_a_duplicate_id_names_both_places(kdir):
    file = "faq/programme.yaml"
    renamed = line_of(kdir, file, "  - id: places")
    original = line_of(kdir, file, "  - id: teams")
    assert renamed < original
    problems = problems_after(kdir, file, "  - id: places", "  - id: teams")
    what = f"duplicate id 'teams' (already used at knowledge/{file}:{renamed})"
    assert problem_at(file, original, what, "give each entry its own id") in problems


def test_an_unknown_event_id_in_an_answer_is_reported_at_the_line_holding_it(kdir):
    file = "faq/calendrier.yaml"
    line = line_of(kdir, file, "{date:applications-close}")
    problems = problems_after(kdir, file, "{date:applications-close}", "{date:applications-closed}")
    assert any(
        p.startswith(f"knowledge/{file}:{line}: the fr answer refers to unknown event 'applications-closed'")
        for p in problems
    )


def test_an_unparsable_date_is_reported(kdir):
    line = line_of(kdir, "calendar.yaml", "start: 2022-04-19")
    problems = problems_after(kdir, "calendar.yaml", "start: 2022-04-19", "start: 19 avril")
    assert problems[0].startswith(f"knowledge/calendar.yaml:{line}: the start date '19 avril' does not parse")


@pytest.mark.parametrize(
    "old, new, key",
    [
        ("start: 2022-04-19", "start: 2022-04-31", "start"),  # 31 April
        ("start: 2022-03-17T13:45", "start: 2022-02-30T13:45", "start"),  # 30 February
        ("end: 2022-03-17T14:45", "end: 2022-03-17T14:75", "end"),  # minute 75
    ],
)
def test_a_day_or_time_that_does_not_exist_is_a_problem_with_its_line_not_a_crash(kdir, old, new, key):
    line = line_of(kdir, "calendar.yaml", old)
    problems = problems_after(kdir, "calendar.yaml", old, new)
    value = new.split(": ", 1)[1]
    assert problems[0].startswith(
        f"knowledge/calendar.yaml:{line}: the {key} date '{value}' does not parse: "
    )
    assert "fix: write a real day" in problems[0]


def test_a_day_that_does_not_exist_elsewhere_is_read_as_text(kdir):
    path = kdir / "faq" / "programme.yaml"
    old = "keywords: [équipe, seul,"
    path.write_text(
        path.read_text(encoding="utf-8").replace(old, "keywords: [2022-04-31, équipe, seul,"),
        encoding="utf-8",
    )
    assert "2022-04-31" in load_knowledge(kdir).entry("teams").keywords


@pytest.mark.parametrize(
    "url, why",
    [
        ('"https://meet.example.org/eig\\r\\nX-Injected: 1"', "contains a space, a tab or a line break"),
        ('"https://meet.example.org/eig\\n"', "contains a space, a tab or a line break"),
        ('"https://meet.example.org/e ig"', "contains a space, a tab or a line break"),
        ('"https://meet.example.org/eig\\t"', "contains a space, a tab or a line break"),
        ("http://meet.example.org/eig", "is not an https:// address"),
        ("javascript:alert(1)", "is not an https:// address"),
        ("https://", "is not an https:// address"),
    ],
)
def test_a_join_url_with_a_line_break_a_space_or_not_https_is_refused_with_its_line(kdir, url, why):
    old = "    end: 2022-03-17T14:45\n"
    line = line_of(kdir, "calendar.yaml", old.strip()) + 1
    problems = problems_after(kdir, "calendar.yaml", old, f"{old}    join_url: {url}\n")
    assert len(problems) == 1
    assert problems[0].startswith(f"knowledge/calendar.yaml:{line}: join_url ")
    assert why in problems[0] and "fix: write the full link on one line" in problems[0]


def test_an_https_join_url_is_kept(kdir):
    old = "    end: 2022-03-17T14:45\n"
    path = kdir / "calendar.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            old, f"{old}    join_url: https://meet.example.org/eig?pwd=a1%20b\n", 1
        ),
        encoding="utf-8",
    )
    event = load_knowledge(kdir).event("webinar-2022-03-17")
    assert event.join_url == "https://meet.example.org/eig?pwd=a1%20b"


def test_an_unknown_related_id_points_at_its_line(kdir):
    file = "faq/programme.yaml"
    problems = problems_after(
        kdir, file, "related: [immersion, project-examples]", "related: [immersion, nowhere]"
    )
    line = line_of(kdir, file, "related: [immersion, nowhere]")
    assert (
        f"knowledge/{file}:{line}: related entry 'nowhere' does not exist"
        " — fix: use the id of an existing entry, or remove it" in problems
    )


def test_yes_no_words_in_lists_ask_for_quotes_around_the_word_as_written(kdir):
    line = line_of(kdir, "lexicon.yaml", "yep, sure")
    problems = problems_after(kdir, "lexicon.yaml", "yep, sure", "yep, Off, sure")
    assert problems == [
        f"knowledge/lexicon.yaml:{line}: in 'agree', False is not read as text"
        ' — fix: write it in quotes: "Off"'
    ]


def test_every_problem_is_reported_at_once(kdir):
    (kdir / "faq" / "broken.yaml").write_text("entries:\n  - id: Bad Id\n", encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(kdir)
    messages = [p.text("en") for p in caught.value.problems]
    assert any("knowledge/faq/broken.yaml:2: this entry has no valid 'id'" in m for m in messages)
    assert any("'answer' is missing" in m for m in messages)


def test_a_question_word_that_is_not_a_synonym_group_is_reported(kdir):
    old = "question_words: [who, when,"
    problems = problems_after(kdir, "lexicon.yaml", old, "question_words: [who, whenn,")
    line = line_of(kdir, "lexicon.yaml", "question_words: [")
    assert problems == [
        f"knowledge/lexicon.yaml:{line}: 'whenn' in question_words is not a group of "
        "the synonyms — fix: use the name of a group listed under 'synonyms:'"
    ]
