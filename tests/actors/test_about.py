"""'About whom' after resolution: the actors a statement mentions, never its own speaker."""

from __future__ import annotations

from pathlib import Path

import sayso

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "lukashenko-allies-2024-08-15.txt"


def test_a_statement_is_about_the_others_it_names_not_its_speaker():
    [article] = sayso.extract(EXAMPLE)
    for quote in article.quotes:
        if quote.speaker and quote.speaker.entity_id:
            assert quote.speaker.entity_id not in quote.about, quote.text
    allies = next(q for q in article.quotes if q.text.startswith("You see our relationship"))
    assert allies.speaker.entity_id == "wd:Q9188"
    # "President Putin has no such relations with anyone as with Belarus."
    assert {"wd:Q7747", "country:BLR"} <= set(allies.about)
