"""Quotation marks on real sentences: every convention, apostrophes, nesting, paragraphs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sayso.nlp.attribution.quotes import find_quotes


def quoted(text: str) -> list[str]:
    return [text[q.start:q.end] for q in find_quotes(text)]


@pytest.mark.parametrize("text, expected", [
    ("“We are allies, and no more words are needed,” he explained.",
     "We are allies, and no more words are needed,"),
    ("Lukashenko noted that both Russia and Belarus ‘need to follow in the footsteps of the "
     "two presidents’.", "need to follow in the footsteps of the two presidents"),
    ('"We will stand back to back," he said.', "We will stand back to back,"),
    ("He said: 'We will stand back to back.'", "We will stand back to back."),
    ("Le président a déclaré: «Nous sommes alliés».", "Nous sommes alliés"),
    ("Der Präsident sagte: „Wir sind Verbündete“.", "Wir sind Verbündete"),
    ("Er sagte: ‚Wir sind Verbündete‘.", "Wir sind Verbündete"),
    ("Il a dit: ‹Nous sommes alliés›.", "Nous sommes alliés"),
])
def test_every_mark_convention(text: str, expected: str) -> None:
    assert quoted(text) == [expected]


def test_apostrophes_are_not_quotation_marks() -> None:
    text = ("“Someone wanted to grab Monomakh's hat in the Kremlin,” he said, adding that "
            "it’s a story from the 1990’s and the leaders’ summit changed nothing.")
    assert quoted(text) == ["Someone wanted to grab Monomakh's hat in the Kremlin,"]


def test_quote_opened_curly_and_closed_straight() -> None:
    text = ("“[There were allegations that] someone wanted to grab Monomakh's hat in the "
            "Kremlin – and so on and so forth,\" the Belarusian leader said.")
    assert quoted(text)[0].startswith("[There were allegations")
    assert quoted(text)[0].endswith("so forth,")


def test_nested_quote_with_the_same_marks() -> None:
    text = ("“A few days later Putin and I met, and he told me, “I am asking you to cover us "
            "from the rear.” I then said that we would not allow it.”")
    outer, inner = find_quotes(text)
    assert text[inner.start:inner.end] == "I am asking you to cover us from the rear."
    assert inner.parent is outer and outer.parent is None
    assert text[outer.start:outer.end].endswith("would not allow it.")


def test_quote_running_over_paragraphs() -> None:
    text = ("“We have a tradition of meeting on the Day of the Russian Constitution.\n\n"
            "“This is no accident: it is a good tradition,” Putin said.")
    (q,) = find_quotes(text)
    assert q.paragraphs == 2 and q.balanced
    assert text[q.start:q.end].endswith("a good tradition,")


def test_unbalanced_quote_closes_at_paragraph_end_flagged() -> None:
    text = "“We are allies, and no more words are needed, he explained.\n\nNext paragraph."
    (q,) = find_quotes(text)
    assert not q.balanced
    assert text[q.start:q.end] == "We are allies, and no more words are needed, he explained."


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .,\n\"'“”‘’«»„‚‹›:")), max_size=80))
def test_never_raises_and_spans_are_valid(text: str) -> None:
    for q in find_quotes(text):
        assert 0 <= q.start <= q.end <= len(text)


def test_hard_wrapped_quote_goes_on_at_a_line_starting_with_a_capital() -> None:
    # The White House wire fixture as one outlet wraps it (tests/fixtures/store).
    text = (
        "The First Lady remarked, “Every reunion is a reminder of times: war. My representative"
        " and\nI continue working with the governments of Russia and Ukraine.”\n\nNext."
    )
    (q,) = find_quotes(text)
    assert q.balanced
    assert text[q.start : q.end].endswith("governments of Russia and Ukraine.")
