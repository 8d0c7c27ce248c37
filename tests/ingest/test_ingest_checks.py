"""What leaves ingest is safe to store and publish: checks.checked on real inputs, the
limits in one place and the README that documents them."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sayso.config import env_int
from sayso.ingest import read_inputs, read_raw
from sayso.ingest.checks import checked, without_credentials
from sayso.ingest.limits import (
    CONNECT_TIMEOUT,
    LIMITS,
    MAX_FIELD_CHARS,
    MAX_REDIRECTS,
    PUBLISHED_YEARS,
    READ_TIMEOUT,
    TOTAL_TIMEOUT,
    limits_table,
)
from sayso.ingest.registry import READERS, RawInput
from sayso.model import Article, Failure

REPO = Path(__file__).resolve().parents[2]


def test_jsonl_line_with_a_lone_surrogate_is_read_and_storable(tmp_path: Path) -> None:
    # issue 16: this line aborted `sayso ingest good.txt s.jsonl` ("internal error")
    path = tmp_path / "s.jsonl"
    path.write_text('{"text":"\\ud800 Putin said \\"x\\"."}\n')
    [article] = read_inputs([str(path)])
    assert isinstance(article, Article)
    assert article.text == '\ufffd Putin said "x".'
    assert article.id  # the content hash encodes the text as UTF-8: it would have raised
    json.dumps(article.to_dict()).encode("utf-8")


def test_nul_and_surrogates_become_one_replacement_character_each() -> None:
    article = checked(Article(source="x", text="a\x00b\udcffc", title="T\ud800"))
    assert isinstance(article, Article)
    assert (article.text, article.title) == ("a\ufffdb\ufffdc", "T\ufffd")


def test_credentials_never_leave_ingest() -> None:
    article = checked(
        Article(
            source="https://user:secret@example.org/a",
            text="Body.",
            url="https://user:secret@example.org/a?x=1#f",
            raw_ref="https://user:secret@example.org/a",
        )
    )
    assert isinstance(article, Article)
    assert article.source == article.raw_ref == "https://example.org/a"
    assert article.url == "https://example.org/a?x=1#f"
    failure = checked(Failure("http://u:p@example.org/", "HTTP 404 Not Found: check the URL"))
    assert failure == Failure("http://example.org/", "HTTP 404 Not Found: check the URL")
    assert without_credentials("corpus/a@b.txt") == "corpus/a@b.txt"


def test_fields_that_cannot_be_what_they_claim_are_dropped_with_a_warning() -> None:
    article = checked(
        Article(
            source="x.jsonl#L1",
            text="Body.",
            title="t" * (MAX_FIELD_CHARS["title"] + 1),
            outlet="o" * (MAX_FIELD_CHARS["outlet"] + 1),
            author="A. Author",
            url="javascript:alert(1)",
            published=datetime.fromisoformat("0001-01-01T00:00:00+14:00"),
        )
    )
    assert isinstance(article, Article)
    assert (article.title, article.outlet, article.url, article.published) == (None,) * 4
    assert article.author == "A. Author"
    assert article.meta["warnings"] == [
        "url dropped: 'javascript:alert(1)' is not an http(s) URL",
        "title dropped: 1,001 characters, over 1,000",
        "outlet dropped: 201 characters, over 200",
        "published date 0001-01-01T00:00:00+14:00 dropped: it cannot be put in UTC",
    ]


@pytest.mark.parametrize(
    ("stamp", "kept"),
    [
        (datetime(2024, 8, 15, tzinfo=UTC), True),
        (datetime(PUBLISHED_YEARS[0], 1, 1), True),
        (datetime(PUBLISHED_YEARS[0] - 1, 12, 31), False),
        (datetime.fromisoformat("9999-12-31T23:00:00-14:00"), False),
    ],
)
def test_publication_dates_outside_the_plausible_years_are_dropped(
    stamp: datetime, kept: bool
) -> None:
    article = checked(Article(source="x", text="Body.", published=stamp))
    assert isinstance(article, Article)
    assert (article.published == stamp) is kept


def test_metadata_is_plain_json_within_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAYSO_MAX_META_BYTES", "1000")
    meta = {
        "id": float("nan"),
        "tags": ["x" * 2000],
        "when": datetime(2024, 8, 15),
        "big": 10**40,
        "deep": nested(100),
        "small": {"a": 1},
    }
    article = checked(Article(source="x", text="Body.", meta=meta))
    assert isinstance(article, Article)
    assert article.meta["id"] is None and article.meta["when"] == "2024-08-15T00:00:00"
    assert article.meta["big"] == str(10**40) and article.meta["small"] == {"a": 1}
    assert "tags" not in article.meta and "deep" not in article.meta
    assert article.meta["warnings"] == [
        "metadata field 'deep' dropped: nested too deeply",
        "metadata field 'tags' dropped: 2 KB, over the 1000 bytes metadata cap "
        "(raise it with SAYSO_MAX_META_BYTES=<bytes>)",
    ]
    json.dumps(article.meta, allow_nan=False)


def nested(depth: int) -> object:
    value: object = 1
    for _ in range(depth):
        value = [value]
    return value


def test_a_reader_that_raises_gives_a_failure_without_python_internals(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(raw: RawInput):  # noqa: ANN202 - a reader
        raise AssertionError("expected name token at '<![ x'")
        yield

    monkeypatch.setitem(READERS, "text", broken)
    [failure] = read_raw(RawInput(source="a.txt", data=b"Text.", hints={"format": "text"}))
    assert isinstance(failure, Failure)
    assert failure.reason == (
        "could not read it as plain text: the reader failed on something in it (a sayso bug: "
        "please report it with this file; the other inputs are read)"
    )


def test_limits_from_the_environment_take_ascii_digits_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for value, expected in (("2048", 2048), ("²", 7), ("①", 7), ("-5", 7), (" 12 ", 12)):
        monkeypatch.setenv("SAYSO_TEST_LIMIT", value)
        assert env_int("SAYSO_TEST_LIMIT", 7) == expected


def test_readme_documents_every_limit() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert limits_table() in readme  # written from limits.py: regenerate the table if not
    assert all(limit.env.startswith("SAYSO_") for limit in LIMITS)
    low, high = PUBLISHED_YEARS
    assert f"outside the years {low}-{high}" in readme
    for name, chars in MAX_FIELD_CHARS.items():
        assert f"{name} over {chars:,}" in readme
    assert (
        f"at most {CONNECT_TIMEOUT:g} s to connect, {READ_TIMEOUT:g} s between reads and "
        f"{TOTAL_TIMEOUT:g} s for a whole\n  download, and follows at most {MAX_REDIRECTS} "
        "redirects"
    ) in readme
