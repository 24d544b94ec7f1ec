"""The console's terminal: wrapping at word boundaries, piped input echoed, messages between prompts."""

from __future__ import annotations

import asyncio
import io

import pytest

from bot.terminal import PROMPT, Terminal, wrap

SALARY = (
    "Les EIG sont rémunéré(e)s 3 500 euros net par mois jusqu'à 5 années d'expérience, "
    "et 4 000 euros net par mois au-delà."
)


def test_text_is_wrapped_at_word_boundaries_to_the_width() -> None:
    lines = wrap(SALARY, 30).split("\n")
    assert len(lines) > 3 and all(len(line) <= 30 for line in lines)
    assert " ".join(lines) == SALARY  # only spaces became line ends


def test_numbers_urls_buttons_and_kept_phrases_are_never_cut() -> None:
    url = "https://www.numerique.gouv.fr/publications/appel-a-candidatures-eig-2022/"
    command = "eig-bot console --clock-start 2022-03-10T10:00"
    shown = wrap(
        f"{SALARY}\nVoir {url} pour tout.\n[1] 🔔 Me rappeler : Clôture des candidatures\nLancez {command}",
        24,
        (command,),
    )
    lines = shown.split("\n")
    assert "3 500 euros" in shown.replace("\n", " ") and all(not line.endswith(" 3") for line in lines)
    assert url in lines and command in lines
    assert "[1] 🔔 Me rappeler : Clôture des candidatures" in lines


def test_a_list_item_goes_on_under_its_text() -> None:
    assert wrap("• une ligne assez longue pour aller à la ligne", 20).split("\n") == [
        "• une ligne assez",
        "  longue pour aller",
        "  à la ligne",
    ]


def test_short_lines_and_empty_lines_are_left_as_they_are() -> None:
    assert wrap("Titre\n─────\n\nTexte", 80) == "Titre\n─────\n\nTexte"


async def test_piped_lines_are_echoed_after_the_prompt_and_output_is_not_wrapped() -> None:
    out = io.StringIO()
    terminal = Terminal(io.StringIO("première\r\nseconde\n"), out)
    assert [await terminal.read_line() for _ in range(3)] == ["première", "seconde", None]
    terminal.write(SALARY)  # a StringIO is no terminal: whole lines
    assert out.getvalue() == f"{PROMPT}première\n{PROMPT}seconde\n{SALARY}\n\n"


async def test_a_message_while_no_line_is_read_is_written_like_a_reply() -> None:
    out = io.StringIO()
    Terminal(io.StringIO(), out).notify("⏰ Rappel")
    assert out.getvalue() == "⏰ Rappel\n\n"


async def test_a_failing_read_reaches_the_reader() -> None:
    class Broken(io.StringIO):
        def readline(self, size: int | None = -1) -> str:
            raise OSError("gone")

    terminal = Terminal(Broken(), io.StringIO())
    with pytest.raises(OSError, match="gone"):
        await asyncio.wait_for(terminal.read_line(), 5)
