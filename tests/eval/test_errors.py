"""The error-analysis script finds matched direct quotes whose source is wrong."""

from __future__ import annotations

from sayso.eval.errors import category, misses
from sayso.eval.polnear import GoldDoc

TEXT = "Mayor Ann Lee spoke first. “We will fix the bridge,” she said. “It is safe,” he said."


def spans(fragment: str) -> list[tuple[int, int]]:
    s = TEXT.index(fragment)
    return [(s, s + len(fragment))]


def test_lists_only_matched_quotes_with_a_wrong_source() -> None:
    gold = GoldDoc("d", TEXT, [
        {"content": spans("“We will fix the bridge,”"), "source": spans("Mayor Ann Lee"),
         "cue": spans("said")},
        {"content": spans("“It is safe,”"), "source": spans("he"), "cue": spans("said.")[:1]},
    ])
    preds = {"d": [
        {"content": spans("“We will fix the bridge,”"), "source": spans("she"),
         "cue": spans("said")},
        {"content": spans("“It is safe,”"), "source": spans("he"), "cue": None},
    ]}
    found = list(misses({"d": gold}, preds))
    assert len(found) == 1
    doc, g, p = found[0]
    assert g["source"] == spans("Mayor Ann Lee")
    assert category(doc, g, p) == "same cue: we pronoun, gold name"
