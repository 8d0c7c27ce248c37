"""Plain text: the official-site layout (Posted:/title/credits) and text kept unchanged."""

from __future__ import annotations

from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from sayso.ingest import read_raw
from sayso.ingest.registry import RawInput
from sayso.ingest.text import is_credit_line, parse_posted_layout
from sayso.model import Article, Failure


def read_text(data: bytes, name: str = "doc.txt") -> list[Article | Failure]:
    return list(read_raw(RawInput(source=name, data=data, path=name, hints={"format": "text"})))


def test_example_article_layout(example):
    data = example.read_bytes()
    [article] = read_text(data, str(example))
    assert article.title == "Lukashenko on Belarus-Russia relations: we are allies, no more words"
    assert article.published == datetime(2024, 8, 15, 17, 42, 0)
    assert article.published.isoformat() == "2024-08-15T17:42:00"
    assert "Photo:" not in article.text
    assert "Posted:" not in article.text
    assert not article.text.startswith(article.title)
    # The lead sentence after the title is the body's first paragraph.
    assert article.text.startswith(
        "In an interview with Rossiya TV channel today, President Aleksandr Lukashenko commented"
    )
    paragraphs = article.text.split("\n\n")
    assert all(p and p == p.strip() and "\n" not in p for p in paragraphs)
    assert len(paragraphs) == len([ln for ln in data.decode().splitlines() if ln.strip()]) - 3
    assert article.meta["dropped_lines"] == ["Photo: www.president.gov.by"]
    assert article.language == "en" and article.is_english
    assert article.raw_ref == str(example)


def test_example_offsets_map_body_back_to_the_file(example):
    file_text = example.read_text(encoding="utf-8")
    [article] = read_text(example.read_bytes())
    for body_start, file_start, length in article.meta["offsets"]:
        assert (
            article.text[body_start : body_start + length]
            == file_text[file_start : file_start + length]
        )
    # A gold quote given in file offsets lands on the same words in the body.
    quote = "need to follow in the footsteps of the two presidents"
    file_start = file_text.index(quote)
    for body_start, start, length in article.meta["offsets"]:
        if start <= file_start < start + length:
            at = body_start + file_start - start
            assert article.text[at : at + len(quote)] == quote
            break
    else:
        raise AssertionError("quote not mapped")


def test_other_text_is_unchanged_with_odd_spacing():
    text = (
        "  Indented first line\twith a tab.\r\n"
        "Second line, CRLF above,   three spaces.\n\n\n\n"
        "\u00a0No-break space start. Trailing spaces   \n"
        "Photo: this file has no Posted header, so this line stays.\n"
        "Last line without newline"
    )
    [article] = read_text(text.encode("utf-8"))
    assert article.text == text
    assert article.title is None and article.published is None
    start = text.index("three spaces")
    assert article.text[start : start + len("three spaces")] == "three spaces"


def test_offsets_in_plain_text_are_characters_of_the_file():
    text = "Лукашенко said: “We are allies.” Then he left.\n"
    [article] = read_text(text.encode("utf-8"))
    assert article.text.index("We are allies.") == text.index("We are allies.")


def test_non_english_text_is_kept_and_flagged():
    russian = (
        "Президент Беларуси Александр Лукашенко заявил, что Россия и Беларусь — "
        "союзники. «Мы союзники, и больше слов не надо», — сказал он журналистам.\n"
    )
    [article] = read_text(russian.encode("cp1251"))
    assert article.text == russian
    assert article.language == "ru"
    assert not article.is_english


def test_header_with_title_but_no_body_is_a_failure():
    [item] = read_text(b"Posted: 01.02.2024 10:00:00\n\nOnly a title\n\nPhoto: x.by\n")
    assert isinstance(item, Failure)
    assert "no body text" in item.reason


def test_impossible_date_is_not_a_header():
    text = "Posted: 31.02.2024 10:00:00\n\nTitle\n\nBody.\n"
    [article] = read_text(text.encode())
    assert article.text == text and article.published is None


def test_header_without_time():
    layout = parse_posted_layout("Posted: 5.3.2024\nTitle\nBody paragraph.\n")
    assert layout is not None
    assert layout.published == datetime(2024, 3, 5)
    assert (layout.title, layout.body) == ("Title", "Body paragraph.")


def test_credit_lines():
    assert is_credit_line("Photo: www.president.gov.by")
    assert is_credit_line("Photos: BelTA")
    assert is_credit_line("Фото: пресс-служба")
    assert not is_credit_line("Photographers gathered outside.")
    assert not is_credit_line("The photo: " + "x" * 10)


# ---- properties --------------------------------------------------------------------------


@settings(max_examples=300)
@given(st.binary(max_size=3000))
def test_never_raises_whatever_the_bytes(data):
    for item in read_text(data):
        assert isinstance(item, Article | Failure)


@settings(max_examples=300)
@given(st.binary(max_size=500))
def test_never_raises_with_a_header_in_front(data):
    for item in read_text(b"Posted: 15.08.2024 17:42:00\n\nTitle\n\n" + data):
        assert isinstance(item, Article | Failure)


def no_header_text():
    # Without NULs: NUL on every other byte is how BOM-less UTF-16 is recognised.
    chars = st.characters(codec="utf-8", exclude_characters="\x00")
    return st.text(chars, max_size=2000).filter(lambda t: parse_posted_layout(t) is None)


@settings(max_examples=200)
@given(no_header_text())
def test_text_unchanged_when_there_is_no_header(text):
    data = text.encode("utf-8")
    for item in read_text(data):
        if isinstance(item, Article):
            assert item.text == text.removeprefix("\ufeff")


LINE = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=80),
    st.builds(lambda s: "Photo: " + s, st.text(max_size=40)),
    st.builds(lambda s: "  photos :" + s, st.text(max_size=40)),
    st.just(""),
)


@settings(max_examples=300)
@given(
    st.integers(1, 28),
    st.integers(1, 12),
    st.integers(1900, 2100),
    st.text(min_size=1, max_size=60),
    st.lists(LINE, max_size=30),
    st.sampled_from(["\n", "\r\n", "\n\n"]),
)
def test_body_never_holds_a_credit_line_when_the_header_is_recognised(
    day, month, year, title, lines, newline
):
    text = newline.join([f"Posted: {day:02d}.{month:02d}.{year} 09:05:00", title, *lines])
    layout = parse_posted_layout(text)
    if layout is None:  # only when nothing follows the header to be a title
        assert len([ln for ln in text.splitlines() if ln.strip()]) < 2
        return
    assert layout.published == datetime(year, month, day, 9, 5)
    for line in layout.body.splitlines():
        assert not is_credit_line(line.strip())
    for body_start, file_start, length in layout.offsets:
        assert (
            layout.body[body_start : body_start + length] == text[file_start : file_start + length]
        )
