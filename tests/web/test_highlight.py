"""The article highlighter: every statement wrapped, all article text escaped and inert."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

from sayso.web.highlight import highlight, legend, speaker_classes

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = (REPO / "examples" / "lukashenko-allies-2024-08-15.txt").read_text(encoding="utf-8")


def span_of(text: str, words: str, after: int = 0) -> dict:
    start = text.index(words, after)
    return {"start": start, "end": start + len(words), "text": words}


def quote(
    qid: str,
    text: str,
    words: str,
    speaker: str | None,
    cue: str | None = None,
    speaker_words: str | None = None,
    parent: str | None = None,
    kind: str = "direct",
    confidence: float = 0.9,
) -> dict:
    """A quote as the store's flat row (``QuoteHit.to_dict()``) carries it."""
    content = span_of(text, words)
    said = span_of(text, speaker_words) if speaker_words else {}
    cue_span = span_of(text, cue, max(0, content["start"] - 200)) if cue else {}
    return {
        "qid": qid,
        "kind": kind,
        **content,
        "parent": parent,
        "confidence": confidence,
        "speaker_key": speaker,
        "speaker_name": speaker,
        "speaker_text": said.get("text"),
        "speaker_start": said.get("start"),
        "speaker_end": said.get("end"),
        "cue": cue_span.get("text"),
        "cue_start": cue_span.get("start"),
        "cue_end": cue_span.get("end"),
        "about_keys": [],
        "about_names": [],
    }


class TagBalance(HTMLParser):
    """Checks the output is well nested and collects its text and tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):  # noqa: ANN001, ANN201
        self.stack.append(tag)
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):  # noqa: ANN001, ANN201
        assert self.stack and self.stack[-1] == tag, f"unbalanced </{tag}>"
        self.stack.pop()

    def handle_data(self, data):  # noqa: ANN001, ANN201
        self.text.append(data)


def parse(markup: str) -> TagBalance:
    parser = TagBalance()
    parser.feed(markup)
    parser.close()
    assert parser.stack == []
    return parser


def example_quotes() -> list[dict]:
    return [
        quote(
            "q1",
            EXAMPLE,
            "need to follow in the footsteps of the two presidents",
            "Aleksandr Lukashenko",
            cue="noted",
            speaker_words="Aleksandr Lukashenko noted"[:20],
        ),
        quote(
            "q2",
            EXAMPLE,
            "You see our relationship, they are absolutely close.",
            "Aleksandr Lukashenko",
            cue="explained",
        ),
        quote(
            "q9",
            EXAMPLE,
            "I am asking you to cover us from the rear.",
            "Vladimir Putin",
            cue="told",
            parent="q8",
        ),
        quote(
            "q8",
            EXAMPLE,
            "It has turned out that we are now standing back to back.",
            "Aleksandr Lukashenko",
        ),
    ]


def test_text_survives_unchanged_and_tags_nest() -> None:
    out = highlight(EXAMPLE, example_quotes())
    parsed = parse(out)
    assert "".join(parsed.text) == EXAMPLE


def test_each_quote_is_wrapped_with_its_speaker_colour_and_details() -> None:
    quotes = example_quotes()
    parsed = parse(highlight(EXAMPLE, quotes))
    quote_tags = [attrs for tag, attrs in parsed.tags if "quote" in attrs.get("class", "").split()]
    assert {t["data-q"] for t in quote_tags} == {"q1", "q2", "q8", "q9"}
    by_id = {t["data-q"]: t for t in quote_tags}
    lukashenko, putin = by_id["q1"]["class"].split()[1], by_id["q9"]["class"].split()[1]
    assert lukashenko == by_id["q2"]["class"].split()[1] == "spk-0"
    assert putin != lukashenko
    assert by_id["q2"]["title"] == "Aleksandr Lukashenko · direct · confidence 0.90"
    cues = [attrs for tag, attrs in parsed.tags if attrs.get("class", "").startswith("cue")]
    assert {c["data-q"] for c in cues} == {"q1", "q2", "q9"}


def test_nested_quote_is_marked_nested() -> None:
    quotes = example_quotes()
    quotes[3]["end"] = EXAMPLE.index("rear.") + len("rear.") + 2  # q8 now contains q9
    parsed = parse(highlight(EXAMPLE, quotes))
    nested = [a for _, a in parsed.tags if "nested" in a.get("class", "").split()]
    assert [a["data-q"] for a in nested] == ["q9"]


def test_crossing_spans_are_split_but_stay_one_statement() -> None:
    text = "alpha beta gamma delta"
    quotes = [
        {"qid": "a", "kind": "direct", "start": 0, "end": 10},
        {"qid": "b", "kind": "direct", "start": 6, "end": 16},
    ]
    out = highlight(text, quotes)
    parsed = parse(out)
    assert "".join(parsed.text) == text
    pieces = [a["data-q"] for _, a in parsed.tags]
    assert pieces.count("b") == 2 and pieces.count("a") == 1


def test_hostile_article_text_is_inert() -> None:
    text = (
        'Intro <script>alert("x")</script> and <img src=x onerror="alert(1)"> '
        'and <a href="javascript:alert(2)">click</a>. '
        'He said "<b onmouseover=alert(3)>hi</b>".'
    )
    start = text.index("<b ")
    quotes = [
        {
            "qid": 'q"1><script>',
            "kind": "direct",
            "start": start,
            "end": len(text) - 2,
            "speaker_name": "<img src=x onerror=alert(4)>",
            "speaker_text": "He",
            "speaker_start": 75,
            "speaker_end": 77,
            "confidence": 1.0,
        }
    ]
    out = highlight(text, quotes)
    parsed = parse(out)
    assert {tag for tag, _ in parsed.tags} == {"span"}
    for _, attrs in parsed.tags:
        assert not any(name.startswith("on") for name in attrs)
    assert "<script" not in out and "<img" not in out and "<a " not in out
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == text


def test_spans_outside_the_text_are_dropped_not_fatal() -> None:
    quotes = [
        {"qid": "x", "kind": "direct", "start": 5, "end": 5000},
        {"qid": "y", "kind": "direct", "start": 50, "end": 10},
        {"qid": "z", "kind": "direct", "start": None, "end": 3},
    ]
    parsed = parse(highlight("short text", quotes))
    assert "".join(parsed.text) == "short text"
    assert [a["data-q"] for _, a in parsed.tags] == ["x"]


def test_legend_counts_quotes_per_speaker_in_colour_order() -> None:
    rows = legend(example_quotes())
    assert [(r["label"], r["count"], r["class"]) for r in rows] == [
        ("Aleksandr Lukashenko", 3, "spk-0"),
        ("Vladimir Putin", 1, "spk-1"),
    ]
    assert speaker_classes([{"qid": "u", "start": 0}]) == {"unknown": "spk-unknown"}


def test_we_and_we_are_one_speaker() -> None:
    from sayso.web.highlight import legend

    rows = legend(
        [
            {"qid": "q1", "speaker_text": "We", "start": 10},
            {"qid": "q2", "speaker_text": "we", "start": 90},
            {"qid": "q3", "speaker_key": "wd:Q1", "speaker_name": "Someone", "start": 50},
        ]
    )
    assert [(r["label"], r["count"]) for r in rows] == [("We", 2), ("Someone", 1)]


def test_mentioned_lists_an_actor_once() -> None:
    """Real repeats from a White House briefing: "Quad" under one key twice, "Secret
    Service" as a new actor and as a bare name, "National Security Council" in the
    knowledge base and as a bare name; two KB actors sharing a name stay apart."""
    from sayso.web.highlight import mentioned

    entities = [
        {"key": "name:quad", "name": "Quad", "mentions": [[1, 5]]},
        {"key": "new:secret-service-xx", "name": "Secret Service", "mentions": [[9, 23]]},
        {"key": "name:quad", "name": "Quad", "mentions": [[40, 44]]},
        {"key": "name:secret service", "name": "Secret Service", "mentions": [[60, 74]]},
        {
            "key": "name:national security council",
            "name": "National Security Council",
            "mentions": [[80, 105]],
        },
        {
            "key": "phx:national-security-council-USA",
            "name": "National Security Council",
            "mentions": [[110, 135]],
        },
        {"key": "wd:Q1", "name": "John Smith", "mentions": [[140, 150]]},
        {"key": "wd:Q2", "name": "John Smith", "mentions": [[160, 170]]},
    ]
    rows = [(r["key"], r["name"], len(r["mentions"])) for r in mentioned(entities)]
    assert rows == [
        ("name:quad", "Quad", 2),
        ("new:secret-service-xx", "Secret Service", 2),
        ("phx:national-security-council-USA", "National Security Council", 2),
        ("wd:Q1", "John Smith", 1),
        ("wd:Q2", "John Smith", 1),
    ]
