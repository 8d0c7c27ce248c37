"""HTML pages: real kremlin.ru and whitehouse.gov pages, then broken and odd input."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from sayso.ingest.html import NO_TEXT, html_to_article, html_to_text, read_html
from sayso.ingest.registry import RawInput
from sayso.model import Article, Failure

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest-web"
# kremlin.ru writes Moscow time (its RSS feed states the offset): UTC+3, UTC+4 in 2011-2014
MSK = timezone(timedelta(hours=3))
MSK_2011_2014 = timezone(timedelta(hours=4))

# Text of kremlin.ru's page chrome (menus, footer, share box, publication status, tags,
# "see also" boxes) that must never reach an article body.
KREMLIN_CHROME = (
    "Publication status",
    "Published in section",
    "Direct link",
    "Text version",
    "Send by email",
    "Message preview",
    "Version for People with Disabilities",
    "All content on this site is licensed",
    "Portal Menu",
    "Search this website",
    "Official Internet Resources",
    "Videos and Photos",
    "Amur tiger",
    "Snow leopard",
    "Last updated at",
    "Press Esc to close",
    "LiveJournal",
    "See also",
    "Using website content",
    "Topics",
    "Geography",
    "en.kremlin.ru/d/",
)


def read_page(name: str, **kwargs: object) -> Article:
    path = FIXTURES / name
    (result,) = read_html(RawInput(source=str(path), data=path.read_bytes(), path=str(path)))
    assert isinstance(result, Article), result
    return result


def assert_clean_kremlin_body(page: bytes, text: str) -> None:
    """No chrome, and none of the hidden name tooltips, in the body of a kremlin page."""
    for chrome in KREMLIN_CHROME:
        assert chrome not in text
    tree = lxml_html.fromstring(page)
    for tooltip in tree.cssselect(".read__tooltip"):
        title = " ".join(tooltip.cssselect(".tooltip_title")[0].text_content().split())
        described = tooltip.cssselect(".tooltip_description_dark")
        description = " ".join(described[0].text_content().split()) if described else ""
        visible = " ".join((tooltip.getparent().text or "").split())  # the linked name
        for leak in (f"{title}{description}", f"{title} {description}"):
            assert leak.strip() not in text or not description
        for leak in (f"{visible}{title}", f"{visible} {title}"):
            assert leak not in text
        if title != visible:  # "Lukin Vladimir": only the tooltip writes names this way
            assert title not in text


def test_kremlin_news_item_whose_manifest_date_is_null() -> None:
    article = read_page("54157.html")
    assert article.title == "Greetings to the Ninth Meeting of Russian and Belarusian Twin Cities"
    # the page shows "March 30, 2017" in <time datetime> and "10:00" beside it
    assert article.published == datetime(2017, 3, 30, 10, 0, tzinfo=MSK)
    assert article.published.isoformat() == "2017-03-30T10:00:00+03:00"
    assert article.outlet == "President of Russia"
    assert article.url == "http://en.kremlin.ru/events/president/news/54157"
    assert article.format == "html"
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0] == (
        "Vladimir Putin sent his greetings to participants in the Ninth Meeting of Russian "
        "and Belarusian Twin Cities."
    )  # the lead, with the page source's line wrapping undone
    assert paragraphs[1] == "The message reads, in part:"
    assert paragraphs[-1].startswith("The Ninth Meeting of Russian and Belarusian Twin Cities")
    assert "Events" not in paragraphs[0]  # the category link above the title
    assert_clean_kremlin_body((FIXTURES / "54157.html").read_bytes(), article.text)


def test_kremlin_transcript_keeps_speaker_turns_and_drops_name_tooltips() -> None:
    article = read_page("17766.html")
    assert article.title == "Meeting with Russian Human Rights Ombudsman Vladimir Lukin"
    assert article.published == datetime(2013, 3, 28, 19, 45, tzinfo=MSK_2011_2014)
    paragraphs = article.text.split("\n\n")
    # the speaker's name is a link carrying a hidden tooltip "Lukin Vladimir / Head of ..."
    assert any(
        p.startswith("Commissioner For Human Rights Vladimir Lukin: Mr President, indeed,")
        for p in paragraphs
    )
    assert "Vladimir Putin: Very well." in paragraphs
    assert "Lukin Vladimir" not in article.text
    assert "Head of Paralympic Committee" not in article.text
    assert_clean_kremlin_body((FIXTURES / "17766.html").read_bytes(), article.text)


@pytest.mark.parametrize(
    ("name", "title", "published"),
    [
        (
            "57147.html",
            "Telephone conversation with President of Belarus Alexander Lukashenko",
            datetime(2018, 3, 28, 20, 50, tzinfo=MSK),
        ),
        (
            "42581.html",
            "President Vladimir Putin held talks with Hamid Karzai, head of the interim "
            "administration of Afghanistan",
            datetime(2002, 3, 12, 19, 20, tzinfo=MSK),
        ),
    ],
)
def test_kremlin_pages_title_date_clean_body(name: str, title: str, published: datetime) -> None:
    article = read_page(name)
    assert (article.title, article.published) == (title, published)
    assert_clean_kremlin_body((FIXTURES / name).read_bytes(), article.text)
    assert len(article.text) > 300


def test_kremlin_announcement_is_dated_when_published_not_when_announced_or_updated() -> None:
    # The page shows "Announcement, December 18, 2012" (the day of the meeting announced),
    # "Publication date: December 17, 2012, 20:00" in its status box and "Last updated at
    # March 20, 2015" at the foot; it has no read__published element.
    article = read_page("17152.html")
    assert article.published is not None
    assert article.published.isoformat() == "2012-12-17T20:00:00+04:00"  # Moscow, 2011-2014
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0].startswith("On December 18, Vladimir Putin will meet in Moscow")
    assert not any(p.startswith("Announcement") for p in paragraphs)  # a date line, not text
    assert_clean_kremlin_body((FIXTURES / "17152.html").read_bytes(), article.text)


def test_without_a_site_rule_the_date_search_skips_updated_and_announcement_lines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A page of a site sayso has no rule for: only the generic date search remains, which
    # took the first date it met ("Last updated at March 20, 2015") before those lines
    # were left out of it.
    from dataclasses import replace

    from sayso.ingest import html

    no_sites = replace(html.html_rules(), sites=())
    monkeypatch.setattr(html, "html_rules", lambda: no_sites)
    article = read_page("17152.html")
    assert "site_rule" not in article.meta
    assert article.published is not None
    assert article.published.date().isoformat() == "2012-12-17"


def test_kremlin_see_also_box_is_not_body() -> None:
    article = read_page("42581.html")
    assert "Opening Speech at a meeting with Hamid Karzai" not in article.text  # "See also"
    assert article.text.endswith(
        "Vladimir Putin and Hamid Karzai made press statements and replied to journalists’ "
        "questions."
    )


def test_whitehouse_remarks_generic_extraction() -> None:
    article = read_page("wh-2017-trump-may-bilateral.html")
    assert article.title == (
        "Remarks by President Trump and Prime Minister May of the United Kingdom Before "
        "Bilateral Meeting"
    )
    edt = timezone(timedelta(hours=-4))
    assert article.published == datetime(2017, 9, 20, 16, 26, 59, tzinfo=edt)
    assert article.url.startswith("https://www.whitehouse.gov/the-press-office/2017/09/20/")
    paragraphs = article.text.split("\n\n")
    # the headline repeated atop the body is dropped; the dateline's <br> stays a line break
    assert paragraphs[0] == "Lotte New York Palace Hotel\nNew York, New York"
    assert "PRIME MINISTER MAY: Thank you." in paragraphs
    assert paragraphs[-1] == "END 3:31 P.M. EDT"
    for chrome in ("Skip to main content", "Briefing Room", "Subscribe", "Privacy Policy"):
        assert chrome not in article.text


def test_whitehouse_second_page() -> None:
    article = read_page("wh-2017-trump-mcmaster.html")
    assert article.title.startswith("Remarks by President Trump Announcing the Designation")
    assert article.published is not None and article.published.date().isoformat() == "2017-02-20"
    assert "General H.R. McMaster will become the National Security Advisor" in article.text


def test_raw_html_kept_by_reference() -> None:
    path = FIXTURES / "54157.html"
    article = read_page("54157.html")
    assert article.raw_ref == str(path)
    assert article.meta["raw_sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_fetched_page_is_referenced_by_url_and_site_rule_found_by_host() -> None:
    data = (FIXTURES / "57147.html").read_bytes()
    raw = RawInput(
        source="https://en.kremlin.ru/events/president/news/57147",
        data=data,
        url="https://en.kremlin.ru/events/president/news/57147",
        content_type="text/html; charset=utf-8",
    )
    (article,) = read_html(raw)
    assert isinstance(article, Article)
    assert article.raw_ref == raw.url == article.url
    assert article.meta["site_rule"] == "kremlin.ru"


def test_stdin_page_has_no_reference() -> None:
    data = (FIXTURES / "54157.html").read_bytes()
    (article,) = read_html(RawInput(source="-", data=data))
    assert isinstance(article, Article)
    assert article.raw_ref is None
    assert article.source == "-"


@pytest.mark.parametrize("fraction", [0.95, 0.9, 0.8, 0.7, 0.5, 0.3, 0.1, 0.02])
def test_truncated_page_gives_article_or_one_clear_failure(fraction: float) -> None:
    data = (FIXTURES / "17766.html").read_bytes()
    cut = data[: int(len(data) * fraction)]
    results = list(read_html(RawInput(source="cut.html", data=cut, path="cut.html")))
    assert len(results) == 1
    (result,) = results
    if isinstance(result, Failure):
        assert result.reason.startswith(NO_TEXT)
        return
    assert result.text
    assert "Publication status" not in result.text
    # what arrived is kept: the body text is a prefix-wise subset of the whole page's body
    whole = read_page("17766.html").text
    assert result.text.split("\n\n")[0] in whole


def test_page_cut_inside_the_article_keeps_the_part_that_arrived() -> None:
    data = (FIXTURES / "17766.html").read_bytes()
    cut = data[: data.index(b"following figure. In")]  # mid-paragraph
    (result,) = read_html(RawInput(source="cut.html", data=cut))
    assert isinstance(result, Article)
    assert result.title == "Meeting with Russian Human Rights Ombudsman Vladimir Lukin"
    assert "Vladimir Lukin: As always, it is erratic." in result.text


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \n",
        b"<html><head><title>x</title></head><body></body></html>",
        b"<html><body><nav><a href='/'>Home</a></nav></body>",
        b"<<<>>><div",
        bytes(range(256)) * 4,
        b"\x00\x01\x02 binary junk \xff\xfe",
    ],
)
def test_pages_without_article_text_fail_clearly(data: bytes) -> None:
    results = list(read_html(RawInput(source="bad.html", data=data)))
    assert len(results) == 1
    assert isinstance(results[0], Failure)
    assert results[0].source == "bad.html"
    assert results[0].reason.startswith(NO_TEXT)


def test_malformed_markup_with_text_gives_article() -> None:
    data = (
        b"<html><head><title>Minsk talks</title><body><div><p>Lukashenko said the talks "
        b"went well.<p>Putin agreed that <b>the allies<i> would meet again</b> in May."
        b"</div></span></table>"
    )
    (result,) = read_html(RawInput(source="m.html", data=data))
    assert isinstance(result, Article)
    assert "Lukashenko said the talks went well." in result.text
    assert "Putin agreed that the allies would meet again in May." in result.text


def test_generic_news_page_loses_its_chrome() -> None:
    """A page of no known site: trafilatura plus the generic drops keep only the story."""
    story = (FIXTURES / "54157.html").read_bytes()
    tree = lxml_html.fromstring(story)
    paragraphs = "".join(
        lxml_html.tostring(p, encoding=str) for p in tree.cssselect(".entry-content > p")
    )
    page = f"""<!doctype html><html lang="en"><head>
    <title>Putin greets twin cities | Daily Wire Service</title>
    <meta property="og:title" content="Putin greets twin cities">
    <meta property="og:site_name" content="Daily Wire Service">
    <meta name="author" content="Anna Petrova">
    <meta property="article:published_time" content="2017-03-30T12:15:00+03:00">
    </head><body>
    <header role="banner"><a href="/">Daily Wire Service</a><nav><a href="/world">World</a>
    <a href="/politics">Politics</a><a href="/sport">Sport</a></nav></header>
    <div class="cookie-banner" hidden>We use cookies to improve your experience.</div>
    <main><article><h1>Putin greets twin cities</h1>
    <p class="byline">By Anna Petrova</p>{paragraphs}</article>
    <aside><h2>Most read</h2><ul><li><a href="/a">Markets rally on rate hopes</a></li>
    <li><a href="/b">Storm closes airports</a></li></ul></aside></main>
    <footer role="contentinfo"><p>© 2017 Daily Wire Service. All rights reserved.</p>
    <a href="/privacy">Privacy policy</a></footer></body></html>"""
    (result,) = read_html(RawInput(source="wire.html", data=page.encode("utf-8")))
    assert isinstance(result, Article)
    assert "site_rule" not in result.meta
    assert result.title == "Putin greets twin cities"
    assert result.outlet == "Daily Wire Service"
    assert result.author == "Anna Petrova"
    assert result.published == datetime(2017, 3, 30, 12, 15, tzinfo=timezone(timedelta(hours=3)))
    assert "The message reads, in part:" in result.text.split("\n\n")
    assert "Mogilev, Belarus" in result.text
    for chrome in (
        "Politics",
        "cookies",
        "Most read",
        "Markets rally",
        "All rights reserved",
        "Privacy policy",
    ):
        assert chrome not in result.text


def test_html_snippet_without_document_wrapper() -> None:
    snippet = (
        b"<p>Vladimir Putin and Alexander Lukashenko met in Sochi.</p>"
        b"<p>They discussed energy prices.</p>"
    )
    (result,) = read_html(RawInput(source="snippet.html", data=snippet))
    assert isinstance(result, Article)
    assert result.text == (
        "Vladimir Putin and Alexander Lukashenko met in Sochi.\n\nThey discussed energy prices."
    )


def test_xhtml_with_xml_declaration_and_utf16_bom() -> None:
    page = (
        '<?xml version="1.0" encoding="utf-16"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
        "<head><title>Talks</title></head><body><article><p>The delegations agreed on a "
        "timetable for the next round of consultations in Minsk.</p></article></body></html>"
    )
    (result,) = read_html(RawInput(source="x.xhtml", data=page.encode("utf-16")))
    assert isinstance(result, Article)
    assert result.title == "Talks"
    assert result.text.startswith("The delegations agreed on a timetable")


def test_cp1251_page_declared_in_meta_is_decoded() -> None:
    body = "<p>Президент Беларуси заявил, что переговоры прошли успешно и продолжатся.</p>" * 3
    page = (
        '<html><head><meta charset="windows-1251"><title>Переговоры</title></head>'
        f"<body><article>{body}</article></body></html>"
    ).encode("cp1251")
    (result,) = read_html(RawInput(source="ru.html", data=page))
    assert isinstance(result, Article)
    assert result.title == "Переговоры"
    assert "Президент Беларуси заявил" in result.text


def test_http_charset_wins_over_guessing() -> None:
    page = "<html><body><article><p>Zürich talks: “we agree”.</p></article></body></html>"
    raw = RawInput(
        source="u",
        data=page.encode("latin-1", "replace"),
        content_type="text/html; charset=latin-1",
    )
    (result,) = read_html(raw)
    assert isinstance(result, Article)
    assert "Zürich" in result.text


def test_published_from_jsonld_with_offset() -> None:
    page = (
        "<html><head><title>Summit</title>"
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"datePublished": "2024-08-15T17:42:00+03:00"}</script></head>'
        "<body><article><h1>Summit</h1><p>The leaders met in Minsk on Thursday and spoke "
        "about the Union State for two hours.</p></article></body></html>"
    )
    (result,) = read_html(RawInput(source="j.html", data=page.encode()))
    assert isinstance(result, Article)
    assert result.published == datetime(2024, 8, 15, 17, 42, tzinfo=timezone(timedelta(hours=3)))
    assert result.text.startswith("The leaders met in Minsk")


def test_hidden_elements_are_not_body_text() -> None:
    page = (
        "<html><body><article><p>The minister spoke to reporters in Brussels today.</p>"
        '<p hidden>Secret tooltip text</p><span aria-hidden="true">Icon label</span>'
        "<p>She said the agreement would be signed next week.</p></article></body></html>"
    )
    (result,) = read_html(RawInput(source="h.html", data=page.encode()))
    assert isinstance(result, Article)
    assert "Secret tooltip text" not in result.text
    assert "Icon label" not in result.text


def test_html_to_text_for_fragments() -> None:
    fragment = (
        "<p>First paragraph,\nwrapped in the source.</p><p>Second<br/>with a line break.</p>"
        "<ul><li>one</li><li>two</li></ul><script>alert(1)</script>"
        "<table><tr><td>a</td><td>b</td></tr></table>tail text"
    )
    assert html_to_text(fragment) == (
        "First paragraph, wrapped in the source.\n\nSecond\nwith a line break.\n\n"
        "one\n\ntwo\n\na | b\n\ntail text"
    )
    assert html_to_text("plain words &amp; more") == "plain words & more"
    assert html_to_text("<pre>line one\n   line  two</pre><p>after</p>") == (
        "line one\nline two\n\nafter"
    )
    assert html_to_text("") == ""


def test_html_to_article_on_str_input() -> None:
    text = (FIXTURES / "54157.html").read_text(encoding="utf-8")
    result = html_to_article(text, source="s")
    assert isinstance(result, Article)
    assert result.title == "Greetings to the Ninth Meeting of Russian and Belarusian Twin Cities"


PAGE_17766 = (FIXTURES / "17766.html").read_bytes()


@settings(max_examples=60, deadline=None)
@given(
    start=st.integers(0, len(PAGE_17766)),
    length=st.integers(0, len(PAGE_17766)),
    junk=st.binary(max_size=64),
    junk_at=st.integers(0, 10_000),
)
def test_any_slice_of_a_page_with_junk_gives_one_article_or_one_failure(
    start: int, length: int, junk: bytes, junk_at: int
) -> None:
    piece = PAGE_17766[start : start + length]
    data = piece[:junk_at] + junk + piece[junk_at:]
    results = list(read_html(RawInput(source="fuzz.html", data=data)))
    assert len(results) == 1
    result = results[0]
    if isinstance(result, Failure):
        assert result.reason.startswith(NO_TEXT)
    else:
        assert result.text and result.text == result.text.strip()
        assert "Lukin Vladimir" not in result.text or start > 0  # tooltip only when cut open


SENTENCE = "<p>The minister said the talks were useful and would go on in the autumn.</p>"


@pytest.mark.parametrize(
    ("env", "page", "says"),
    [
        (
            {"SAYSO_MAX_HTML_ELEMENTS": "50"},
            f"<html><body><table><tr>{'<td>x</td>' * 60}</tr></table>{SENTENCE}</body></html>",
            "too many HTML elements (6",
        ),
        (
            {"SAYSO_MAX_HTML_ATTRIBUTES": "20"},
            # quoted values may hold ">": they do not hide the attributes after them
            "<html><body><p " + " ".join(f'a{n}=">"' for n in range(30)) + ">x</p>"
            f"{SENTENCE}</body></html>",
            "too many attributes on one HTML element (30): over the limit of 20",
        ),
        (
            {"SAYSO_MAX_HTML_ENTITIES": "100"},
            f"<html><body><p>{'&amp;' * 101}</p>{SENTENCE}</body></html>",
            "too many character references (&amp;, &#...;) (101): over the limit of 100",
        ),
        (
            {"SAYSO_MAX_HTML_CHILDREN": "40"},
            f"<html><body><table><tr>{'<td>x</td>' * 41}</tr></table>{SENTENCE}</body></html>",
            "too many children in one <tr> element (41): over the limit of 40",
        ),
    ],
)
def test_pages_over_a_parse_limit_are_refused_before_parsing(
    env: dict[str, str], page: str, says: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    failure = html_to_article(page.encode(), source="p.html")
    assert isinstance(failure, Failure)
    assert failure.reason.startswith(says), failure.reason
    (name,) = env
    assert failure.reason.endswith(f"raise it with {name}=<number>)")


def test_pages_at_the_limits_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAYSO_MAX_HTML_CHILDREN", "40")
    page = f"<html><body><table><tr>{'<td>x</td>' * 40}</tr></table>{SENTENCE}</body></html>"
    assert isinstance(html_to_article(page.encode(), source="p.html"), Article)


def test_issue_16_one_p_with_500k_attributes_is_refused_fast() -> None:
    attributes = " ".join(f"a{n}=1" for n in range(500_000))
    page = f"<html><body><p {attributes}>x</p>{SENTENCE}</body></html>".encode()
    failure = html_to_article(page, source="p.html")  # libxml2 alone would take many minutes
    assert isinstance(failure, Failure) and "(500,000)" in failure.reason


@pytest.mark.parametrize("charset", ["rot-13", "base64", "unicode-escape", "utf-7", "no-such"])
def test_a_charset_that_is_not_one_is_ignored(charset: str) -> None:
    page = f'<html><head><meta charset="{charset}"></head><body>{SENTENCE}</body></html>'
    article = html_to_article(page.encode(), source="p.html")
    assert isinstance(article, Article)
    assert article.text.startswith("The minister said")
