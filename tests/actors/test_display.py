"""`sayso actors show` reads posts as words a reader knows, each once, with its years; the
knowledge base knows who speaks for governments in 2023–2026."""

from __future__ import annotations

from datetime import date

import pytest
from typer.testing import CliRunner

from sayso.actors.display import posts, years
from sayso.actors.types import Actor, Role
from sayso.cli import app

runner = CliRunner()


@pytest.fixture()
def overlay_free(tmp_path, monkeypatch):
    """No user overlay: the shipped knowledge base only."""
    from sayso.actors import forget_kb

    monkeypatch.setenv("SAYSO_ACTORS", str(tmp_path / "none.jsonl"))
    forget_kb()
    yield
    forget_kb()


def test_putin_reads_as_his_posts_with_their_years(kb):
    lines = posts(kb.get("wd:Q7747"), kb)
    assert "President of Russia, 2000–2008, 2012–" in lines
    assert "Prime Minister of Russia, 1999–2000, 2008–2012" in lines
    assert len(lines) == len(set(lines))  # once each
    assert not any("elite" in line or "(RUS)" in line for line in lines)


def test_a_post_known_only_by_its_code_reads_as_words(kb):
    chavez = kb.get("phx:hugo-chavez-VEN")
    lines = posts(chavez, kb)
    assert "government official in Venezuela, 1999–2013" in lines  # the 2002 coup: 2 days
    assert all(not line.startswith(("government,", "elite")) for line in lines)


def test_the_same_post_from_two_sources_shows_once():
    role = Role("Minister of Defence of Russia", "RUS", start=date(2012, 11, 6))
    twin = Role("Minister of Defence of Russia", "RUS", start=date(2012, 11, 6), sector="x")
    actor = Actor("x", "Sergei Shoigu", "PERSON", roles=[role, twin])
    assert posts(actor) == ["Minister of Defence of Russia, 2012–"]


def test_years_join_terms_that_follow_each_other():
    assert years([(date(2000, 5, 7), date(2004, 5, 7)), (date(2004, 5, 7), date(2008, 5, 7))]) == (
        "2000–2008"
    )
    assert years([(date(2023, 1, 1), date(2023, 6, 1))]) == "2023"
    assert years([(None, None)]) == ""


def test_show_karoline_leavitt_and_putin(overlay_free):
    found = runner.invoke(app, ["actors", "search", "Karoline Leavitt"])
    assert found.exit_code == 0 and "curated:karoline-leavitt-USA" in found.output
    shown = runner.invoke(app, ["actors", "show", "Karoline Leavitt", "wd:Q7747"])
    assert "post: White House Press Secretary, 2025–" in shown.output
    assert "post: President of Russia, 2000–2008, 2012–" in shown.output


def test_who_speaks_for_governments_2023_to_2026(kb):
    from sayso.actors import resolve_mention

    cases = {
        ("the White House press secretary", "2023-06-01"): "Karine Jean-Pierre",
        ("the White House press secretary", "2025-06-01"): "Karoline Leavitt",
        ("the Kremlin spokesman", "2024-06-01"): "Dmitry Peskov",
        ("Zakharova", "2024-06-01"): "Maria Zakharova",
        ("Kirby", "2024-06-01"): "John Kirby",
        ("Vice President Vance", "2025-06-01"): "JD Vance",
        ("the Russian Defence Minister", "2024-06-01"): "Andrei Belousov",
        ("the NATO Secretary General", "2025-06-01"): "Mark Rutte",
        ("US Secretary of Defense", "2024-06-01"): "Lloyd Austin",
        ("US Secretary of Defense", "2025-06-01"): "Pete Hegseth",
    }
    for (text, day), name in cases.items():
        actor = resolve_mention(text, day, kb=kb)
        assert actor is not None and actor.name == name, (text, day)
    assert resolve_mention("Vice President Vance", "2024-06-01", kb=kb) is None  # not yet
