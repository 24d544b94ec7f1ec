"""Dates and times in words, and event placeholders in answers."""

from datetime import date, datetime

from knowledge.model import PARIS
from knowledge.render import date_in_words, datetime_in_words, render_template, time_in_words


def test_dates_in_french_and_english_words():
    assert date_in_words(date(2022, 4, 19), "fr") == "mardi 19 avril 2022"
    assert date_in_words(date(2022, 4, 19), "en") == "Tuesday 19 April 2022"
    assert date_in_words(date(2022, 9, 1), "fr") == "jeudi 1er septembre 2022"


def test_times_are_paris_time_whatever_the_offset_given():
    moment = datetime.fromisoformat("2022-03-17T12:45:00+00:00")  # 13:45 in Paris (winter)
    assert time_in_words(moment, "fr") == "13 h 45"
    assert time_in_words(moment, "en") == "13:45"
    summer = datetime.fromisoformat("2022-04-12T07:00:00+00:00")  # 09:00 in Paris (summer)
    assert time_in_words(summer, "fr") == "9 h"


def test_datetime_in_words():
    moment = datetime(2022, 3, 17, 13, 45, tzinfo=PARIS)
    assert datetime_in_words(moment, "fr") == "jeudi 17 mars 2022 à 13 h 45"
    assert datetime_in_words(moment, "en") == "Thursday 17 March 2022 at 13:45 (Paris time)"


def test_placeholders_render_each_date_from_the_calendar(knowledge):
    text = "Du {date:interviews} au {end_date:interviews}, webinaire à {time:webinar-2022-03-17}."
    assert (
        render_template(text, knowledge, "fr")
        == "Du mardi 7 juin 2022 au lundi 13 juin 2022, webinaire à 13 h 45."
    )
