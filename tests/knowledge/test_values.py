"""Single YAML values: a date is a real day, a join link is one https:// address."""

from datetime import date, datetime

import pytest

from knowledge.model import PARIS
from knowledge.said import spoken
from knowledge.values import parse_instant, url_problem


def test_a_date_alone_lasts_all_day_and_a_naive_time_is_paris_time():
    assert parse_instant(date(2022, 4, 19), PARIS) == (datetime(2022, 4, 19, tzinfo=PARIS), True)
    assert parse_instant("2022-03-17T13:45", PARIS) == (datetime(2022, 3, 17, 13, 45, tzinfo=PARIS), False)


@pytest.mark.parametrize(
    "value, why",
    [
        ("2022-04-31", "April 2022 has 30 days"),
        ("2024-02-30", "February 2024 has 29 days"),
        ("2022-00-10", "there is no month 0"),
        ("2022-03-17T25:00", "hour must be in 0..23"),
        (17, "not a date"),
    ],
)
def test_a_day_or_time_that_does_not_exist_says_why(value, why):
    with pytest.raises(ValueError) as caught:
        parse_instant(value, PARIS)
    assert why in spoken(caught.value.args[0], "en")


def test_why_a_day_does_not_exist_is_said_in_french_by_default():
    with pytest.raises(ValueError) as caught:
        parse_instant("2022-04-31", PARIS)
    assert spoken(caught.value.args[0]) == "avril 2022 a 30 jours"


@pytest.mark.parametrize("url", ["https://meet.example.org/eig", "https://x.example/a?b=c%20d#e"])
def test_an_https_address_on_one_line_is_a_join_link(url):
    assert url_problem(url) is None


@pytest.mark.parametrize(
    "url",
    [
        "https://a.example/x\r\nSet-Cookie: y",
        "https://a.example/ x",
        "https://a.example/x\u2028",
        "https://a.example/\x00",
        "http://a.example/x",
        "ftp://a.example",
        "https://",
        "a.example",
        None,
        42,
    ],
)
def test_anything_else_is_not(url):
    assert url_problem(url) is not None
