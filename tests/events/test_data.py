"""The coder's data files: complete, consistent with the PLOVER manual, and the derived ones
regenerated to the byte by ``python -m sayso.events.build``."""

from __future__ import annotations

import filecmp

from sayso.events.build import main as build
from sayso.events.coder import reading
from sayso.events.lexicon import (
    DATA,
    content_modes,
    crosswalk,
    cue_words,
    quads,
    scores,
    triggers,
)
from tests.events.conftest import need_shared

EVENTS = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
          "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE",
          "ASSAULT"}
DERIVED = ["plover.tsv", "cameo_plover.tsv", "petrarch_verbs.tsv", "petrarch_patterns.tsv",
           "petrarch_synsets.tsv", "LICENSE-petrarch2.txt"]


def test_the_manual_gives_every_type_a_quad_and_a_score() -> None:
    assert set(quads()) == EVENTS
    assert {quads()[e] for e in ("AGREE", "CONSULT", "SUPPORT", "CONCEDE")} == {1}
    assert {quads()[e] for e in ("COOPERATE", "AID", "RETREAT")} == {2}
    assert {quads()[e] for e in ("REQUEST", "ACCUSE", "REJECT", "THREATEN")} == {3}
    assert {quads()[e] for e in ("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")} == {4}
    assert all(-10 <= s <= 10 for s in scores().values())
    assert scores()[("ACCUSE", "")] < 0  # the manual's lost minus sign, restored


def test_every_trigger_reads_as_a_plover_event() -> None:
    for (lemma, _pos), readings in triggers().items():
        for t in readings:
            if t.code in ("-", "") or "light" in t.flags:
                continue
            for state in (False, True):
                r = reading(t.code, state)
                assert r is not None and r[0].event in EVENTS, (lemma, t.code)


def test_modes_are_the_manuals() -> None:
    modes = {mode for (_event, mode) in scores()}
    assert set(content_modes().values()) <= modes
    for code, plover in crosswalk().items():
        assert plover.event in EVENTS, code
        assert plover.mode is None or (plover.event, plover.mode) in scores() or \
            plover.event in ("CONSULT",), (code, plover)


def test_cue_words_cover_the_kinds_the_coder_reads() -> None:
    assert {"future", "obligation", "hypothetical", "negation", "reporting", "pronoun_we",
            "partitive", "possibility"} <= set(cue_words())


def test_licence_notes_ship_with_the_data() -> None:
    notice = (DATA / "NOTICE.md").read_text(encoding="utf-8")
    assert "CC BY-SA 4.0" in notice and "MIT" in notice
    assert "MIT License" in (DATA / "LICENSE-petrarch2.txt").read_text(encoding="utf-8")
    assert "Attribution-ShareAlike" in (DATA / "LICENSE-plover.txt").read_text(encoding="utf-8")
    for name in ("plover.tsv", "cameo_plover.tsv", "petrarch_verbs.tsv"):
        assert "see" in (DATA / name).read_text(encoding="utf-8").splitlines()[0]


def test_the_build_reproduces_the_shipped_files(tmp_path) -> None:
    source = need_shared("data/plover")
    (tmp_path / "mode_names.tsv").write_text((DATA / "mode_names.tsv").read_text())
    assert build([str(source), "--out", str(tmp_path)]) == 0
    for name in DERIVED:
        assert filecmp.cmp(tmp_path / name, DATA / name, shallow=False), name


def test_the_manual_says_which_types_need_a_recipient() -> None:
    from sayso.events.lexicon import needs_recipient

    assert needs_recipient() == {"COOPERATE", "AID", "SANCTION"}
