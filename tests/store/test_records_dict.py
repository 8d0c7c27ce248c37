"""``to_dict()`` of the store's records is ``dataclasses.asdict`` with dates as ISO 8601
strings (built directly, without asdict's deep copies): nested records, roles, lists and
metadata come out the same, and changing the dict leaves the record as it was."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime, timedelta, timezone

from sayso.actors.types import Role
from sayso.store.records import ActorRecord, ArticleRecord, EntityRecord, QuoteHit


def iso(value: object) -> object:
    """What JSON gets for a value of asdict(): dates as ISO strings, the rest as JSON has it."""
    return json.loads(json.dumps(value, default=lambda v: v.isoformat()))


def test_to_dict_is_asdict_with_iso_dates() -> None:
    when = datetime(2025, 1, 7, 22, 34, 55, tzinfo=timezone(timedelta(hours=-5)))
    quote = QuoteHit(
        id=1, statement_id="0123456789abcdef", reports=2, article_id="a1", qid="q1",
        published=when, outlet="Reuters", language="en", kind="direct", text="We agreed.",
        speaker_key="wd:Q1", speaker_name="A", speaker_text="A", cue="said",
        about_keys=["wd:Q2"], about_names=["B"], parent=None, article_title="T",
        article_url="https://x.example/1", start=0, end=10, speaker_start=11, speaker_end=12,
        cue_start=13, cue_end=17, confidence=0.9, corrected=None,
    )  # fmt: skip
    entity = EntityRecord("e1", "wd:Q2", "B", "PERSON", "BLR", "Q2", None, True, [[0, 1]])
    article = ArticleRecord(
        id="a1", url=None, source="a.txt", raw_ref=None, outlet=None, title="T", author=None,
        published=when, language="en", format="text", text="We agreed.", story_id=None,
        locations=["a.txt"], quotes=[quote], entities=[entity], ingested_at=datetime(2025, 1, 8),
        updated_at=datetime(2025, 1, 8), meta={"tags": ["x", {"y": date(2025, 1, 1)}]},
    )  # fmt: skip
    actor = ActorRecord(
        id="wd:Q1", name="A", type="PERSON", country="BLR", wikidata="Q1", sector=None,
        in_kb=True, aliases=["AA"], roles=[Role("President", "BLR", start=date(1994, 7, 20))],
        reports=3, statements=2, mentioned_in=1,
    )  # fmt: skip
    for record in (quote, article, actor):
        made = record.to_dict()
        assert json.loads(json.dumps(made)) == iso(dataclasses.asdict(record))
        assert list(made) == [f.name for f in dataclasses.fields(record)]
    made = article.to_dict()
    made["quotes"][0]["about_keys"].append("changed")
    made["meta"]["tags"].append("changed")
    assert quote.about_keys == ["wd:Q2"] and article.meta["tags"][0] == "x"
    assert len(article.meta["tags"]) == 2
    assert made["published"] == "2025-01-07T22:34:55-05:00"
