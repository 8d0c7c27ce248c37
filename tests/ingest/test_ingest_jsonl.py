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
    assert first.source == f"{path}#L1" and first.raw_ref == f"{path}#L1"
    assert first.format == "jsonl" and first.language == "en"
    assert (second.source, second.title, second.text) == (f"{path}#L3", "Synonyms", "Body field.")
    assert second.published == datetime(2024, 8, 16)
    assert (second.outlet, second.author) == ("Example News", "A, B")
    assert third.text == RUSSIAN and third.language == "ru" and not third.is_english
    assert third.published == datetime(2024, 8, 15, 16, 42, tzinfo=UTC)


def test_bad_lines_are_failures_naming_the_line_and_the_rest_is_kept(tmp_path):
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
    assert [type(i).__name__ for i in items] == [
        "Article",
        "Failure",
        "Failure",
        "Failure",
        "Article",
    ]
    _, truncated, array, no_text, kept = items
    for failure, line in ((truncated, 2), (array, 3), (no_text, 4)):
        assert isinstance(failure, Failure)
        assert failure.source == str(path)
        assert failure.reason.startswith(f"line {line}: ")
        assert str(failure).startswith(f"{path}: line {line}: ")
    assert "not valid JSON" in truncated.reason and "Unterminated string" in truncated.reason
    assert "not an object" in array.reason
    assert "no article text" in no_text.reason
    assert isinstance(kept, Article)
    assert kept.published is None and kept.meta["unparsed_published"] == "yesterday-ish"


def test_unicode_line_separators_inside_strings_do_not_split_lines(tmp_path):
    path = tmp_path / "u.jsonl"
    path.write_text('{"text": "Before\u2028after\u0085end."}\n', encoding="utf-8")
    [article] = read_inputs([str(path)])
    assert article.text == "Before\u2028after\u0085end."
