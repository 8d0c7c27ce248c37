"""The PolNeAR scorer in sayso.eval agrees with ../shared/tools/polnear_score.py."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pytest

from sayso.eval.polnear import article_attributions, load_split, read_ann, score, write_predictions
from sayso.model import Article, Mention, Quote, Span

REPO = Path(__file__).resolve().parents[2]


def shared() -> Path | None:
    cands = [Path(os.environ["SAYSO_SHARED"])] if os.environ.get("SAYSO_SHARED") else []
    cands += [REPO.parent / "shared", REPO.parent.parent / "shared"]
    return next((c for c in cands if (c / "data" / "polnear" / "dev").is_dir()), None)


SHARED = shared()
needs_polnear = pytest.mark.skipif(SHARED is None, reason="../shared/data/polnear not found "
                                   "(set SAYSO_SHARED)")


def test_read_ann_skips_broken_lines_and_keeps_roles() -> None:
    ann = ("T1\tSource 0 2\the\nT2\tCue 3 7\tsaid\nT3\tContent 8 20;22 30\tx\n"
           "a stray line of text\n"
           "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n")
    (row,) = read_ann(ann)
    assert row == {"content": [(8, 20), (22, 30)], "source": [(0, 2)], "cue": [(3, 7)]}


def test_writer_merges_a_quote_continued_after_its_cue() -> None:
    text = "“We will win,” he said. “They will lose.”"
    cue, who = Span(17, 21, "said"), Mention(14, 16, "he")
    a = Article(source="t", text=text, quotes=[
        Quote("q1", "direct", 1, 13, text[1:13], who, cue),
        Quote("q2", "direct", 25, 40, text[25:40], who, cue)])
    (row,) = article_attributions(a)
    assert row["content"] == [[0, 14], [24, 41]] and row["source"] == [[14, 16]]


@needs_polnear
def test_same_numbers_as_the_shared_scorer(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("polnear_score",
                                                  SHARED / "tools" / "polnear_score.py")
    ref = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ref)
    split = SHARED / "data" / "polnear" / "dev"
    gold = load_split(split)
    # Predictions that exercise every branch: exact, partial, missing sources, noise.
    preds = {}
    for n, (name, doc) in enumerate(gold.items()):
        rows = []
        for k, r in enumerate(doc.attributions):
            if k % 4 == 3:
                continue
            s, e = r["content"][0]
            e = e if k % 3 else max(s + 1, e - 7)
            rows.append({"content": [[s, e]], "source": r.get("source") if k % 5 else None,
                         "cue": r.get("cue")})
        rows.append({"content": [[0, 40 + n]], "source": None, "cue": None})
        preds[name] = rows
    path = tmp_path / "pred.jsonl"
    write_predictions(path, preds)
    ref_preds = {json.loads(ln)["doc"]: json.loads(ln)["attributions"]
                 for ln in path.read_text().splitlines()}
    ref_gold = ref.load_gold(split)
    for direct in (False, True):
        assert score(gold, preds, direct) == ref.score(ref_gold, ref_preds, direct)


def test_cli_eval_on_a_small_split(tmp_path: Path) -> None:
    """A two-line made-up split in PolNeAR's layout: the CLI scores it and writes predictions
    the scorer can read back."""
    from typer.testing import CliRunner

    from sayso.cli import app

    text = "“We will win the vote next week,” Senator Jane Doe said on Monday.\n"
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "doc1.txt").write_text(text)
    s = text.index("“")
    e = text.index("”") + 1
    src = text.index("Senator")
    cue = text.index("said")
    (tmp_path / "attributions" / "doc1_abcd.ann").write_text(
        f"T1\tSource {src} {src + 18}\tSenator Jane Doe\nT2\tCue {cue} {cue + 4}\tsaid\n"
        f"T3\tContent {s} {e}\tx\nE1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n")
    out = tmp_path / "pred.jsonl"
    result = CliRunner().invoke(app, ["eval", "polnear", str(tmp_path), "--predictions",
                                      str(out)])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output.strip().splitlines()[-1])
    assert figures["exact"]["f1"] == 1.0 and figures["source_acc_on_matched"] == 1.0
    assert json.loads(out.read_text())["doc"] == "doc1"


def test_cli_eval_names_a_wrong_folder(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from sayso.cli import app

    result = CliRunner().invoke(app, ["eval", "polnear", str(tmp_path)])
    assert result.exit_code == 2
