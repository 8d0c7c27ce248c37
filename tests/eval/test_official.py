"""`sayso eval official`: the gold set is well-formed and lines up with the readers, the
scorer gives exact figures on hand-made predictions, and the command runs end to end."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from sayso.eval.official import (
    DATA_DIR,
    GoldDocument,
    GoldStatement,
    figures,
    load_gold,
    name_rules,
    names_match,
    read_article,
    score_document,
    speaker_verdict,
)
from sayso.model import Mention, Quote

# An exchange in the layout of a White House transcript (after the remarks of 2024-09-13).
TEXT = ("Q Mr. President, what do you say to Vladimir Putin’s threat of war?\n\n"
        "PRESIDENT BIDEN: I say to you: Be quiet until I speak. Okay? That’s what I say.\n\n"
        "Q Do you take that threat seriously?\n\n"
        "PRIME MINISTER STARMER: Yeah. As the President said, we will stand with Ukraine.\n")


def span(needle: str, text: str = TEXT) -> tuple[int, int]:
    s = text.index(needle)
    return s, s + len(needle)


def gold(sid: str, kind: str, needle: str, *speakers: str, reporter: bool = False,
         optional: bool = False, cut: bool = False, text: str = TEXT) -> GoldStatement:
    s, e = span(needle, text)
    return GoldStatement(sid, kind, s, e, speakers, reporter=reporter, optional=optional,
                         cut=cut)


def said(qid: str, kind: str, start: int, end: int, name: str | None, label: str = "",
         text: str = TEXT) -> Quote:
    who = Mention(0, len(label), label, "e1" if name else None, name) if (name or label) \
        else None
    return Quote(qid, kind, start, end, text[start:end], who)  # type: ignore[arg-type]


def document(statements: list[GoldStatement], text: str = TEXT,
             author: str | None = None) -> GoldDocument:
    return GoldDocument("t.md", Path("."), "dev", "qa", "", (0, len(text)), author, statements)


def test_exact_figures_on_hand_made_predictions() -> None:
    q1 = "Mr. President, what do you say to Vladimir Putin’s threat of war?"
    biden = "I say to you: Be quiet until I speak. Okay? That’s what I say."
    q2 = "Do you take that threat seriously?"
    starmer = "Yeah. As the President said, we will stand with Ukraine."
    doc = document([
        gold("g1", "question", q1, reporter=True),
        gold("g2", "turn", biden, "Joe Biden"),
        gold("g3", "question", q2, reporter=True),
        gold("g4", "turn", starmer, "Keir Starmer"),
        gold("g5", "indirect", "we will stand with Ukraine", "Joe Biden"),
        gold("g6", "indirect", "Vladimir Putin’s threat of war", "Vladimir Putin",
             optional=True),
    ])
    b0 = span(biden)[0]
    preds = [
        said("p1", "turn", *span(q1), None, "Q"),
        said("p2", "turn", b0, span(q2)[1], "Joe Biden", "PRESIDENT BIDEN"),  # takes in q2
        said("p3", "turn", *span(starmer), "Keir Starmer", "PRIME MINISTER STARMER"),
        said("p4", "indirect", *span("we will stand with Ukraine"), "Keir Starmer", "he"),
        said("p5", "indirect", *span("Be quiet until I speak"), "Joe Biden", "I"),
        said("p6", "indirect", *span("That’s what I say"), "Vladimir Putin", "Putin"),
        said("p7", "indirect", *span("Vladimir Putin’s threat of war"), "Vladimir Putin"),
    ]
    result = score_document(doc, TEXT, preds)
    f = figures([result])
    assert (f["gold"], f["found"], f["predicted"]) == (5, 4, 5)
    assert (f["recall"], f["precision"]) == (0.8, 0.8)  # p5 ignored, p7 on an optional one
    assert (f["speaker_right"], f["speaker_wrong"], f["speaker_unknown"]) == (0.75, 1, 0)
    assert (f["turns"], f["turn_speaker_accuracy"]) == (4, 0.75)  # q2 sits in Biden's turn
    assert (f["questions"], f["merged_questions"], f["self_reports_ignored"]) == (2, 1, 1)
    assert result.merged == {"g3": 1} and result.false_pos == [5] and result.ignored == [4]
    assert f["by_kind"]["question"] == {"gold": 2, "found": 1, "speaker_right": 1}


def test_a_cut_turn_needs_a_prediction_that_starts_with_it() -> None:
    text = ("Q Happy New Year to all of you, and welcome back to the room.\n\n"
            "MS. JEAN-PIERRE: Good afternoon, everybody. I have a couple of things at the "
            "top.\n")
    turn = gold("g1", "turn", "Good afternoon, everybody.", "Karine Jean-Pierre", cut=True,
                text=text)
    doc = document([turn], text)
    whole = said("p1", "turn", turn.start, len(text) - 1, "Karine Jean-Pierre", text=text)
    assert figures([score_document(doc, text, [whole])])["found"] == 1
    early = said("p1", "turn", 2, len(text) - 1, "Karine Jean-Pierre", text=text)  # merged
    assert figures([score_document(doc, text, [early])])["found"] == 0


def test_words_of_an_authored_statement_credited_to_its_author_are_not_false() -> None:
    text = "I congratulate him on his election. I believe strongly he is the right leader.\n"
    doc = document([], text, author="Joe Biden")
    own = said("p1", "indirect", *span("he is the right leader", text), "Joe Biden", text=text)
    other = said("p2", "indirect", *span("on his election", text), "Joseph Aoun", text=text)
    r = score_document(doc, text, [own, other])
    assert r.ignored == [0] and r.false_pos == [1]


@pytest.mark.parametrize(("predicted", "canonical", "same"), [
    ("Putin", "Vladimir Putin", True),
    ("Vladimir Vladimirovich Putin", "Vladimir Putin", True),
    ("Joseph R. Biden Jr.", "Joe Biden", True),
    ("J. D. Vance", "JD Vance", True),
    ("Kamala D. Harris", "Kamala Harris", True),
    ("François Hollande", "Francois Hollande", True),
    ("Hu", "Hu Jintao", True),
    ("JEAN-PIERRE", "Karine Jean-Pierre", True),
    ("Jill Biden", "Joe Biden", False),
    ("Colin Powell", "Jerome Powell", False),
    ("Andrew Young", "Stephen Benjamin", False),
    ("Benjamin Netanyahu", "Isaac Herzog", False),
])
def test_names_match(predicted: str, canonical: str, same: bool) -> None:
    assert names_match(predicted, canonical) is same


def test_reporters_and_unnamed_speakers() -> None:
    reporter = GoldStatement("g", "question", 0, 5, (), reporter=True)
    named_reporter = GoldStatement("g", "question", 0, 5, ("Colleen Long",), reporter=True)
    unnamed = GoldStatement("g", "turn", 0, 5, ())
    q = said("p", "turn", 0, 5, None, "Q")
    assert speaker_verdict(q, reporter) == "right"
    assert speaker_verdict(q, named_reporter) == "right"
    assert speaker_verdict(said("p", "turn", 0, 5, "Colleen Long"), named_reporter) == "right"
    assert speaker_verdict(said("p", "turn", 0, 5, "Joe Biden"), reporter) == "wrong"
    assert speaker_verdict(said("p", "turn", 0, 5, None), reporter) == "unknown"  # nobody
    assert speaker_verdict(said("p", "turn", 0, 5, None, "MS. JEAN-PIERRE"), reporter) == \
        "wrong"  # an official's label, even unresolved
    assert speaker_verdict(said("p", "turn", 0, 5, "AUDIENCE MEMBER"), unnamed) == "right"
    assert speaker_verdict(said("p", "turn", 0, 5, "Donald Trump"), unnamed) == "wrong"
    assert speaker_verdict(said("p", "turn", 0, 5, None, "I"),
                           GoldStatement("g", "turn", 0, 5, ("Jake Sullivan",))) == "unknown"


# --- the shipped gold set ----------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> list[GoldDocument]:
    return load_gold(DATA_DIR)


def test_the_split_follows_its_rule(shipped: list[GoldDocument]) -> None:
    """Within each genre, by SHA-256 of the file name, the first round(0.6 n) are dev."""
    assert len(shipped) >= 36
    by_genre: dict[str, list[GoldDocument]] = {}
    for d in shipped:
        by_genre.setdefault(d.genre, []).append(d)
    for docs in by_genre.values():
        docs.sort(key=lambda d: hashlib.sha256(d.file.encode()).hexdigest())
        n_dev = round(0.6 * len(docs))
        assert [d.split for d in docs] == ["dev"] * n_dev + ["heldout"] * (len(docs) - n_dev)
    assert set(by_genre) == {"qa", "transcript", "reports", "message", "readout", "news"}


def test_gold_files_line_up_with_what_the_readers_make(shipped: list[GoldDocument]) -> None:
    sources = (DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    kinds: Counter[str] = Counter()
    for doc in shipped:
        text = read_article(doc).text  # raises when the text hash differs
        raw = json.loads((DATA_DIR / "gold" / f"{doc.file}.json").read_text(encoding="utf-8"))
        assert raw["text_length"] == len(text)
        assert f"`{doc.file}`" in sources, f"{doc.file} missing from SOURCES.md"
        s0, s1 = doc.scope
        assert 0 <= s0 < s1 <= len(text)
        turns = []
        for st, r in zip(doc.statements, raw["statements"], strict=True):
            kinds[st.kind] += 1
            where = f"{doc.file} {st.id}"
            assert s0 <= st.start < st.end <= s1, where
            assert text[st.start:st.end] == text[st.start:st.end].strip(), where
            assert r["excerpt"] == text[st.start:st.end][:60], where
            assert all(isinstance(s, str) and s.strip() for s in st.speakers), where
            if st.kind == "question":
                assert st.reporter, where
            if st.is_turn:
                a, b = r["label"]
                assert b <= st.start and not text[b:st.start].strip(), where
                assert a == 0 or text[a - 1] == "\n", where
                turns.append((st.start, st.end))
        turns.sort()
        assert all(e <= s for (_, e), (s, _) in zip(turns, turns[1:], strict=False)), doc.file
    assert kinds["turn"] and kinds["question"] and kinds["direct"] and kinds["indirect"]


def test_every_document_in_docs_has_gold() -> None:
    docs = {p.name for p in (DATA_DIR / "docs").iterdir()}
    golds = {p.name.removesuffix(".json") for p in (DATA_DIR / "gold").glob("*.json")}
    assert docs == golds


# --- the command ---------------------------------------------------------------------------

SMALL = ("kremlin-57147.html", "kremlin-53080.html")  # a dev and a held-out readout


def small_folder(tmp_path: Path) -> Path:
    for sub in ("docs", "gold"):
        (tmp_path / sub).mkdir()
    for name in SMALL:
        shutil.copy(DATA_DIR / "docs" / name, tmp_path / "docs" / name)
        shutil.copy(DATA_DIR / "gold" / f"{name}.json", tmp_path / "gold" / f"{name}.json")
    return tmp_path


def test_cli_scores_a_small_gold_folder(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from sayso.cli import app

    folder = small_folder(tmp_path)
    result = CliRunner().invoke(app, ["eval", "official", str(folder), "--errors"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    out = json.loads(lines[-1])
    assert set(out) == {"dev", "heldout", "all"}
    required = {d.split: sum(not s.optional for s in d.statements) for d in load_gold(folder)}
    assert out["dev"]["gold"] == required["dev"] and out["heldout"]["gold"] == required["heldout"]
    everything = out["all"]
    assert everything["documents"] == 2 and everything["failed"] == 0
    assert 0 <= everything["found"] <= everything["gold"]
    assert everything["found"] <= everything["predicted"] or everything["predicted"] == 0
    assert set(everything["by_genre"]) == {"readout"}
    assert "## error kinds" in lines
    listed = [ln for ln in lines if re.match(r"  (MISS|SPEAKER|FALSE|TURN|MERGED)", ln)]
    kinds_total = sum(int(ln.split()[0]) for ln in lines[lines.index("## error kinds") + 1:-1])
    assert len(listed) == kinds_total

    dev_only = CliRunner().invoke(app, ["eval", "official", str(folder), "--split", "dev"])
    assert dev_only.exit_code == 0, dev_only.output
    assert json.loads(dev_only.stdout.strip().splitlines()[-1])["dev"] == out["dev"]


def test_cli_names_a_document_whose_text_changed(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from sayso.cli import app

    folder = small_folder(tmp_path)
    page = folder / "docs" / SMALL[0]
    page.write_text(page.read_text(encoding="utf-8").replace("sincere gesture",
                                                             "sincere sign"), encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "official", str(folder)])
    assert result.exit_code == 1
    assert SMALL[0] in result.stderr and "re-annotate" in result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1])["all"]["failed"] == 1


def test_cli_refuses_a_folder_without_gold(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from sayso.cli import app

    result = CliRunner().invoke(app, ["eval", "official", str(tmp_path)])
    assert result.exit_code == 2 and "docs/ and gold/" in result.output


def test_names_file_has_no_name_in_two_groups() -> None:
    groups = json.loads((DATA_DIR / "names.json").read_text(encoding="utf-8"))["aliases"]
    names = [n for g in groups for n in g]
    assert len(names) == len(set(names)) and name_rules().alias_group
