"""Grouping near-duplicate questions, so that staff see which answers are missing most."""

from knowledge.grouping import Group, group_questions


def groups(texts: list[str], **options: float) -> list[tuple[str, int, list[str]]]:
    return [(g.text, g.count, g.variants) for g in group_questions(texts, **options)]


def test_wordings_of_the_same_question_make_one_group_counting_every_message():
    asked = [
        "y a-t-il du télétravail ?",
        "Y a t il du teletravail",
        "télétravail possible ?",
        "prix du bitcoin",
    ]
    assert groups(asked) == [
        ("y a-t-il du télétravail ?", 3, ["y a-t-il du télétravail ?", "télétravail possible ?"]),
        ("prix du bitcoin", 1, ["prix du bitcoin"]),
    ]


def test_case_accents_punctuation_and_stopwords_do_not_make_another_wording():
    [group] = group_questions(["Le salaire ?", "salaire", "SALAIRE !"])
    assert (group.count, group.variants) == (3, ["Le salaire ?"])


def test_the_commonest_wording_names_the_group_even_when_another_came_first():
    assert groups(["salaires des EIG", "salaire EIG", "Salaire EIG ?"]) == [
        ("salaire EIG", 3, ["salaire EIG", "salaires des EIG"])
    ]


def test_groups_come_most_asked_first_then_in_alphabetical_order():
    assert [g.text for g in group_questions(["zèbre", "avion", "bateau", "bateau"])] == [
        "bateau",
        "avion",
        "zèbre",
    ]


def test_a_higher_threshold_keeps_close_wordings_apart():
    assert groups(["salaires des EIG", "salaire EIG", "Salaire EIG ?"], threshold=100) == [
        ("salaire EIG", 2, ["salaire EIG"]),
        ("salaires des EIG", 1, ["salaires des EIG"]),
    ]


def test_a_message_without_words_groups_by_its_text():
    assert groups(["???", "???", "!!!"]) == [("???", 2, ["???"]), ("!!!", 1, ["!!!"])]


def test_no_question_no_group():
    assert group_questions([]) == []
    assert Group("x").count == 0 and Group("x").variants == []
