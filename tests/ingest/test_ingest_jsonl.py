"""JSON lines: one article per line; a bad line is one Failure, the others are kept."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sayso.ingest import read_inputs
from sayso.model import Article, Failure

RUSSIAN = "Лукашенко заявил журналистам, что Россия и Беларусь остаются союзниками."


def write_jsonl(tmp_path, lines: list[str]):
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_articles_with_fields_and_synonyms(tmp_path):
    path = write_jsonl(
        tmp_path,
        [
            json.dumps(
                {
                    "title": "Allies",
                    "published": "2024-08-15T17:42:00",
                    "text": "Lukashenko said the two countries are allies.",
                    "url": "https://example.org/a",
                    "outlet": "BelTA",
                    "author": "Staff",
                }
            ),
            "",
            json.dumps(
                {
                    "headline": "Synonyms",
                    "date": "2024-08-16",
                    "body": "Body field.",
                    "link": "https://example.org/b",
                    "source": {"name": "Example News"},
                    "authors": ["A", "B"],
                },
                ensure_ascii=False,
            ),
            json.dumps({"content": RUSSIAN, "timestamp": 1723740120}, ensure_ascii=False),
        ],
    )
    first, second, third = read_inputs([str(path)])
    assert (first.title, first.published, first.url, first.outlet, first.author) == (
        "Allies",
        datetime(2024, 8, 15, 17, 42),
        "https://example.org/a",
        "BelTA",
        "Staff",
    )
    assert first.source == first.raw_ref == "articles.jsonl#L1"
    assert first.format == "jsonl" and first.language == "en"
    assert (second.source, second.title, second.text) == (
        "articles.jsonl#L3",
        "Synonyms",
        "Body field.",
    )
    assert second.published == datetime(2024, 8, 16)
    assert (second.outlet, second.author) == ("Example News", "A, B")
    assert third.text == RUSSIAN and third.language == "ru" and not third.is_english
    assert third.published == datetime(2024, 8, 15, 16, 42, tzinfo=UTC)


def test_bad_lines_are_one_failure_for_the_file_and_the_rest_is_kept(tmp_path):
    path = write_jsonl(
        tmp_path,
        [
            json.dumps({"title": "ok", "text": "First good line."}),
            '{"title": "truncated", "text": "This line was cut off in the midd',
            "[1, 2, 3]",
            json.dumps({"title": "no text here"}),
            json.dumps({"title": "bad date", "published": "yesterday-ish", "text": "Kept."}),
        ],
    )
    items = list(read_inputs([str(path)]))
    assert [type(i).__name__ for i in items] == ["Article", "Article", "Failure"]
    _, kept, failure = items
    assert failure.source == "articles.jsonl"
    assert failure.reason.startswith("3 lines could not be read, the other 2 were (line 2: ")
    assert "line 2: not valid JSON (Unterminated string" in failure.reason
    assert "line 3: a JSON list, not an object" in failure.reason
    assert "line 4: no article text" in failure.reason
    assert failure.reason.endswith("fix or remove the bad lines")
    assert isinstance(kept, Article)
    assert kept.published is None and kept.meta["unparsed_published"] == "yesterday-ish"
    assert kept.meta["warnings"] == [
        "published date 'yesterday-ish' is not a real date sayso reads: left empty"
    ]


def test_garbage_file_is_one_failure_counting_its_lines(tmp_path):
    path = tmp_path / "garbage.jsonl"
    path.write_text("".join(f"not json {n}\n" for n in range(5000)))
    [failure] = read_inputs([str(path)])
    assert isinstance(failure, Failure)
    assert failure.reason.startswith(
        "no article in it: none of its 5,000 lines is a JSON object with a text field "
        "(line 1: not valid JSON (Expecting value at column 1); line 2: "
    )
    assert "; and 4,997 more)" in failure.reason


def test_unicode_line_separators_inside_strings_do_not_split_lines(tmp_path):
    path = tmp_path / "u.jsonl"
    path.write_text('{"text": "Before\u2028after\u0085end."}\n', encoding="utf-8")
    [article] = read_inputs([str(path)])
    assert article.text == "Before\u2028after\u0085end."
