"""Texts kept for staff lose e-mail addresses, phone numbers and long numbers, nothing else."""

import pytest

from storage.scrub import scrub


def test_the_message_of_the_issue_keeps_its_question_and_loses_the_person():
    assert (
        scrub("mon mail est jean.dupont@example.fr et mon tel 06 12 34 56 78")
        == "mon mail est [e-mail] et mon tel [téléphone]"
    )


@pytest.mark.parametrize("address", ["jean.dupont@example.fr", "Zoé_B+eig@mail.example.org", "x@localhost"])
def test_an_e_mail_address_becomes_a_placeholder(address):
    assert scrub(f"écrivez-moi à {address}, merci") == "écrivez-moi à [e-mail], merci"


@pytest.mark.parametrize(
    "phone",
    [
        "06 12 34 56 78",
        "0612345678",
        "06.12.34.56.78",
        "06-12-34-56-78",
        "01 23 45 67 89",
        "+33 6 12 34 56 78",
        "+33612345678",
        "+33 (0)6 12 34 56 78",
        "0033 6 12 34 56 78",
        "+1 (415) 555-2671",
        "+44 20 7946 0958",
        "+49 30 1234567",
    ],
)
def test_a_phone_number_french_or_international_becomes_a_placeholder(phone):
    assert scrub(f"appelez le {phone} (soir)") == "appelez le [téléphone] (soir)"


@pytest.mark.parametrize(
    ("text", "scrubbed"),
    [
        ("mon numéro fiscal 123456789", "mon numéro fiscal [numéro]"),
        ("dossier 12345678", "dossier [numéro]"),
        ("NIR 1 85 05 78 006 084 36", "NIR [numéro]"),
        ("carte 4970 1012 3456 7890 ?", "carte [numéro] ?"),
        ("06 12 34 56 78 90", "[numéro]"),  # too long for a phone, still a number
    ],
)
def test_long_digit_runs_become_a_placeholder(text, scrubbed):
    assert scrub(text) == scrubbed


@pytest.mark.parametrize(
    "text",
    [
        "Quel est le salaire ? 3 500 euros net ?",
        "puis-je postuler le 25 avril 2022 ?",
        "le 2022-04-20 est-il trop tard ?",
        "j'ai 10 ans d'expérience, de 2012-2022",
        "+2 ans d'expérience",
        "1234567 candidats ?",
        "y a-t-il du télétravail ?",
        "inscris-moi au webinaire @eig_bot",
    ],
)
def test_dates_amounts_and_short_numbers_are_kept(text):
    assert scrub(text) == text
