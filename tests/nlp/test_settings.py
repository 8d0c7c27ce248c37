"""Attribution tunables: one settings file, read strictly, and actually used by the passes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from sayso.model import Article
from sayso.nlp import analyse_doc
from sayso.nlp.attribution.settings import (
    SETTINGS_FILE,
    AttributionSettings,
    SettingsError,
    default_settings,
    load_settings,
)
from sayso.nlp.pipeline import get_nlp

# en.kremlin.ru, meeting with Constitutional Court judges (CC BY 4.0).
KREMLIN_TURN = ("President of Russia Vladimir Putin: Good afternoon, colleagues,\n"
                "We have a tradition of meeting on the Day of the Russian Constitution, "
                "December 12.")
FLOATING = ("As noted by Vladimir Putin, the talks were useful. “We agreed on the main points. "
            "The rest will follow within a month.”")


def run(text: str, settings: AttributionSettings) -> Article:
    return analyse_doc(Article(source="test", text=text), get_nlp()(text), settings)


def shipped_with(tmp_path: Path, old: str, new: str) -> Path:
    text = SETTINGS_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "attribution.cfg"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_the_shipped_file_gives_the_default_settings() -> None:
    settings = load_settings()
    assert settings == default_settings()
    assert settings.quotes.float_reach_chars == 600
    assert isinstance(settings.quotes.after_window, int)
    assert isinstance(settings.confidence.turn, float)


@pytest.mark.parametrize("old, new, named", [
    ("float_reach_chars = 600\n", "", "lacks float_reach_chars"),
    ("float_reach_chars = 600\n", "float_reach_chars = 600\nfloat_reach = 300\n",
     "unknown key(s) ['float_reach']"),
    ("after_window = 20", "after_window = 20.5", "after_window = '20.5' is not a whole number"),
    ("turn = 0.8", "turn = high", "turn = 'high' is not a number"),
    ("[clauses]", "[clause]", "unknown section(s) ['clause']"),
])
def test_a_faulty_settings_file_is_named_with_its_fault(
        tmp_path: Path, old: str, new: str, named: str) -> None:
    path = shipped_with(tmp_path, old, new)
    with pytest.raises(SettingsError) as err:
        load_settings(path)
    assert str(path) in str(err.value) and named in str(err.value)


def test_a_missing_settings_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="cannot read attribution settings"):
        load_settings(tmp_path / "nowhere.cfg")


def test_confidence_comes_from_the_settings() -> None:
    shipped = default_settings()
    [turn] = run(KREMLIN_TURN, shipped).quotes
    assert turn.kind == "turn" and turn.confidence == shipped.confidence.turn
    lower = replace(shipped, confidence=replace(shipped.confidence, turn=0.5))
    assert run(KREMLIN_TURN, lower).quotes[0].confidence == 0.5


def test_windows_come_from_the_settings() -> None:
    shipped = default_settings()
    assert any(q.kind == "direct" and q.cue is None for q in run(FLOATING, shipped).quotes)
    no_reach = replace(shipped, quotes=replace(shipped.quotes, float_reach_chars=0))
    # A quote without a cue and no speaker within reach is not a statement.
    assert not any(q.kind == "direct" for q in run(FLOATING, no_reach).quotes)
