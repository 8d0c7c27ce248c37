"""Search, filters, sorting, keyset pagination, facets, timeline, network — on both back-ends."""

from __future__ import annotations

import pytest

from sayso.model import Article
from sayso.store import BadFilter, QuoteFilters, Store
from sayso.store.fulltext import translate_fts5


@pytest.fixture
def full(store: Store, articles: dict[str, Article], kb_actors: list[dict]) -> Store:
    store.load_actors(kb_actors)
    for article in articles.values():
        store.save(article)
    return store


def texts(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [h.text for h in page.items]


def test_full_text_uses_stems_and_phrases(full: Store) -> None:
    assert len(full.search_quotes(query="budgets").items) == 1  # stem of "budget"
    assert len(full.search_quotes(query='"war aims"').items) == 1
    assert full.search_quotes(query='"aims war"').items == []
    assert len(full.search_quotes(query="reunion OR budget").items) == 4
    assert len(full.search_quotes(query="Ukraine -Congress").items) == 4


def test_common_words_are_searchable_on_both_back_ends(full: Store) -> None:
    # "there" and "are" are stop words to PostgreSQL's stock English configuration
    assert [h.qid for h in full.search_quotes(query='"there are"').items] == ["q2"]


def test_speaker_about_and_text_combined(full: Store) -> None:
    hits = full.search_quotes(speaker="Biden", about="Putin", query="Kyiv").items
    assert len(hits) == 1 and hits[0].speaker_key == "Q6279"
    assert set(hits[0].about_keys) == {"Q212", "Q7747"}
    assert full.search_quotes(speaker="Biden", query="reunion").items == []
    assert len(full.search_quotes(about="Russia").items) == 3  # the wire quote, 3 reports


def test_date_outlet_language_kind_filters(full: Store) -> None:
    assert len(full.search_quotes(since="2026-07-31").items) == 1
    assert len(full.search_quotes(until="2026-07-30").items) == 6  # until = whole day
    assert len(full.search_quotes(since="2022", until="2022").items) == 2
    assert len(full.search_quotes(outlet=["kremlin.ru", "Daily Ledger"]).items) == 3
    assert len(full.search_quotes(kind="indirect").items) == 2
    assert full.search_quotes(language="ru").items == []
    with pytest.raises(BadFilter):
        full.search_quotes(since="last tuesday")


def test_sorted_newest_first_and_by_relevance(full: Store) -> None:
    dates = [h.published for h in full.search_quotes(limit=50).items]
    assert dates == sorted(dates, reverse=True)
    best = full.search_quotes(query="Ukraine", sort="relevance").items[0]
    assert best.text.count("Ukraine") >= 2  # the quote naming Ukraine twice ranks first


@pytest.mark.parametrize("sort", ["date", "relevance"])
def test_keyset_pagination_visits_every_quote_once(full: Store, sort: str) -> None:
    filters = QuoteFilters(query="Ukraine OR budget OR results")
    expected = {h.id for h in full.search_quotes(filters, sort=sort, limit=100).items}
    seen: list[int] = []
    after = None
    for _ in range(20):  # bounded: a cursor that does not advance must fail, not hang
        page = full.search_quotes(filters, sort=sort, after=after, limit=2)
        seen.extend(h.id for h in page.items)
        if page.next_cursor is None:
            break
        after = page.next_cursor
    assert len(seen) == len(set(seen)) and set(seen) == expected and len(seen) >= 4
    with pytest.raises(BadFilter):
        full.search_quotes(after="not-a-cursor")


def test_articles_full_text_and_pagination(full: Store) -> None:
    page = full.search_articles("Vitebsk")
    assert [a.title for a in page.items] == [
        "The Presidents of Russia, Belarus and Ukraine met in Vitebsk"
    ]
    first = full.search_articles(limit=4)
    rest = full.search_articles(limit=4, after=first.next_cursor)
    ids = [a.id for a in first.items + rest.items]
    assert len(ids) == len(set(ids)) == 6
    assert len(full.search_articles("children", outlet="Harbor Times").items) == 1


def test_facets_timeline_network(full: Store) -> None:
    facets = full.facets()
    assert facets["outlet"][0].count == 2
    assert {f.value for f in facets["about"]} >= {"Q212", "Q159"}
    years = full.timeline(interval="year")
    assert [(p.period, p.count) for p in years] == [
        ("2003-01-01", 2),
        ("2022-01-01", 2),
        ("2026-01-01", 3),
    ]
    assert [(p.period, p.count) for p in full.timeline(interval="year", by="statement")][-1] == (
        "2026-01-01",
        1,
    )
    net = full.network()
    edge = {(e.source, e.target): e for e in net.edges}[("Q432473", "Q159")]
    assert (edge.reports, edge.statements) == (3, 1)
    assert edge.dates == ["2026-07-30", "2026-07-31"]
    labels = {n.id: n.label for n in net.nodes}
    assert labels["Q432473"] == "Melania Trump"


def test_stats(full: Store) -> None:
    s = full.stats()
    assert (s.articles, s.quotes, s.statements, s.stories) == (6, 7, 5, 1)  # 1: the wire


def test_query_language_translates_to_fts5() -> None:
    assert translate_fts5('allies "no more words"') == '"allies" AND "no more words"'
    assert translate_fts5("Putin OR Lukashenko -Kuchma") == '("Putin" OR "Lukashenko") NOT "Kuchma"'
    assert translate_fts5("integrat*") == '"integrat"*'
    assert translate_fts5('"; DROP TABLE quotes; --') == '"DROP TABLE quotes"'
    assert translate_fts5("-only") is None


def test_statements_page_counts_syndicated_reports_once(full: Store) -> None:
    first = full.search_statements(limit=2)
    rest = full.search_statements(limit=10, after=first.next_cursor)
    statements = first.items + rest.items
    assert len(statements) == 5 and rest.next_cursor is None
    wire = statements[0]  # newest
    assert wire.speaker_name == "Melania Trump"
    assert wire.reports == 3 and len(wire.article_ids) == 3
    assert wire.text.startswith("While diplomacy and peacebuilding")
    biden = [s.id for s in statements if s.speaker_key == "Q6279"]
    assert len(biden) == 2  # filtered, the same order as in the full listing
    assert [s.id for s in full.search_statements(speaker="Biden").items] == biden


def test_actor_listing_most_quoted_or_mentioned_first(full: Store) -> None:
    first = full.list_actors(limit=3)
    rest = full.list_actors(limit=50, after=first.next_cursor)
    actors = first.items + rest.items
    assert actors[0].id == "Q212"  # Ukraine: mentioned in 5 reports
    assert len({a.id for a in actors}) == len(actors) == full.stats().actors
    assert [a.id for a in full.list_actors(type="COUNTRY").items] == ["Q212", "Q159"]


@pytest.mark.parametrize("text_first", [True, False])
def test_both_sqlite_plans_give_the_same_quotes(
    full: Store, monkeypatch: pytest.MonkeyPatch, text_first: bool
) -> None:
    """SQLite starts from the text matches or from the speaker/date index (see plan_quotes);
    force each way and check the answers agree with the unfiltered truth."""
    from sayso.store import search

    limit = 10**9 if text_first else 1
    monkeypatch.setattr(search, "TEXT_FIRST_MIN", limit)
    monkeypatch.setattr(search, "TEXT_FIRST_MAX", limit)
    everything = full.search_quotes(query="Ukraine OR budget OR results", limit=100).items
    for filters in (
        {"speaker": "Biden"},
        {"about": "Russia"},
        {"since": "2022-01-01"},
        {"speaker": "Putin", "until": "2010"},
    ):
        page = full.search_quotes(query="Ukraine OR budget OR results", limit=1, **filters)
        seen = list(page.items)
        while page.next_cursor:
            page = full.search_quotes(
                query="Ukraine OR budget OR results", limit=1, after=page.next_cursor, **filters
            )
            seen += page.items
        expected = [
            h.id
            for h in everything
            if h.id in {x.id for x in full.search_quotes(limit=100, **filters).items}
        ]
        assert [h.id for h in seen] == expected


@pytest.mark.parametrize(
    "query", ["Ukraine OR budget OR results", "Ukraine -Congress", '"war aims"', "zzz"]
)
def test_words_alone_walking_the_dates_gives_what_sorting_the_matches_gives(
    full: Store, monkeypatch: pytest.MonkeyPatch, query: str
) -> None:
    """Words (and one speaker), newest first: SQLite sorts few matches by date, or for many
    walks the date index checking each quote among the matches (fulltext.among_matches);
    force each way and compare every page, the facets and the timeline (undated last)."""
    from sayso.store import search

    def read(first_min: int, crossing: float) -> list[object]:
        monkeypatch.setattr(search, "TEXT_FIRST_MIN", first_min)
        monkeypatch.setattr(search, "WALK_CROSSING", crossing)
        seen = []
        for filters in (
            {},
            {"kind": "direct"},
            {"outlet": ["kremlin.ru", "Daily Ledger"]},
            {"speaker": "Q6279"},  # one speaker: the walk follows the speaker's dates
            {"speaker": "Biden"},
        ):
            page = full.search_quotes(query=query, limit=2, **filters)
            seen.append([h.id for h in page.items])
            while page.next_cursor:
                page = full.search_quotes(query=query, limit=2, after=page.next_cursor, **filters)
                seen.append([h.id for h in page.items])
            summary = full.search_summary(
                QuoteFilters(query=query, **filters),
                limit=3,
                fields=["speaker", "outlet"],
                facet_limit=5,
                interval="month",
                within=4,
                count_bound=100,
            )
            seen.append((summary.total, summary.facets, summary.timeline, summary.weeks))
            seen.append(([h.id for h in summary.page.items], summary.page.next_cursor))
        return seen

    from sayso.store import fulltext

    walks: list[str] = []
    among = fulltext.among_matches
    monkeypatch.setattr(
        fulltext, "among_matches", lambda s, q, keys: walks.append(q) or among(s, q, keys)
    )
    walked = read(1, 0.0)
    assert bool(walks) == (full.dialect == "sqlite" and query != "zzz")  # the walk was taken
    walks.clear()
    assert walked == read(10**9, 0.0)
    assert not walks
    assert any(walked[0]) or query == "zzz"


def test_undated_articles_and_statements_are_listed_last(
    full: Store, articles: dict[str, Article]
) -> None:
    import dataclasses

    undated = dataclasses.replace(
        articles["kremlin-29538.txt"],
        published=None,
        text=articles["kremlin-29538.txt"].text + "\nUndated copy.\n",
        url="https://example.org/undated",
    )
    full.save(undated)
    listed = [a.id for a in full.search_articles(limit=100).items]
    assert listed[-1] == undated.id and len(listed) == 7
    first = full.search_articles(limit=6)
    assert [a.id for a in full.search_articles(after=first.next_cursor).items] == [undated.id]
    statements = full.search_statements(speaker="Putin", limit=100).items
    assert [s.reports for s in statements] == [2, 2]  # the undated copy reports them again
    assert all(s.first_published and s.first_published.year == 2003 for s in statements)
    dates = [h.published for h in full.search_quotes(speaker="Putin").items]
    assert dates[2:] == [None, None] and all(dates[:2])

    lone = dataclasses.replace(
        articles["kremlin-42141.txt"],
        published=None,
        url="https://example.org/undated-2",
        quotes=[
            dataclasses.replace(articles["kremlin-29538.txt"].quotes[0], text="Undated words.")
        ],
    )
    full.save(lone)
    newest_last = full.search_statements(limit=100).items
    assert newest_last[-1].text == "Undated words." and newest_last[-1].first_published is None


def test_iterating_page_by_page_gives_every_match_once_in_order(full: Store) -> None:
    everything = full.search_quotes(limit=100).items
    assert [h.id for h in full.iter_quotes(batch=2)] == [h.id for h in everything]
    ukraine = full.search_quotes(query="Ukraine", limit=100).items
    assert [h.id for h in full.iter_quotes(query="Ukraine", batch=1)] == [h.id for h in ukraine]


def _cursor(first: object, second: object) -> str:
    import base64
    import json

    raw = json.dumps([first, second]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


# Cursors the store did not hand out, each for the list it is given to: damaged, of another
# list or order, or with values no query can use (a row id beyond SQL integers, a rank that
# is not finite, a date in year 0 once converted to UTC).
FOREIGN_CURSORS = [
    ("search_quotes", {}, "not-a-cursor"),
    ("search_quotes", {}, _cursor(1, 2)),
    ("search_quotes", {}, _cursor("2024-01-01", 10**22)),
    ("search_quotes", {}, _cursor("2024-01-01", True)),
    ("search_quotes", {}, _cursor("0001-01-01T00:00:00+01:00", 1)),
    ("search_quotes", {"query": "Ukraine", "sort": "relevance"}, _cursor("2024-01-01", 1)),
    ("search_quotes", {"query": "Ukraine", "sort": "relevance"}, _cursor(1e308, 1)),
    ("search_quotes", {"query": "Ukraine", "sort": "relevance"}, _cursor(10**400, 1)),
    ("search_articles", {}, _cursor("2024-01-01", -1)),
    ("search_articles", {}, "%%%"),
    ("search_statements", {}, _cursor("2024-01-01", 1)),
    ("search_statements", {}, _cursor("x", "0123456789abcdef")),
    ("search_statements", {}, _cursor("0001-01-01T00:00:00+01:00", "0123456789abcdef")),
    ("list_actors", {}, _cursor("x", "y")),
    ("list_actors", {}, _cursor(10**22, "x")),
]


@pytest.mark.parametrize(("method", "options", "cursor"), FOREIGN_CURSORS)
def test_the_store_refuses_cursors_it_did_not_hand_out(
    full: Store, method: str, options: dict, cursor: str
) -> None:
    from sayso.store import BadCursor

    with pytest.raises(BadCursor, match="next_cursor") as refused:
        getattr(full, method)(after=cursor, **options)
    assert refused.value.field == "after"


def test_cursors_in_year_one_still_page(full: Store) -> None:
    """The undated stand-in sorts at year 1: a cursor there is valid and pages on."""
    assert full.search_quotes(after=_cursor("0001-01-01T00:00:00", 10**9)).items == []


def test_bad_dates_name_the_filter(full: Store) -> None:
    with pytest.raises(BadFilter, match="^until: '2024-02-30' is not a real date") as bad:
        full.search_quotes(until="2024-02-30")
    assert bad.value.field == "until"
    with pytest.raises(BadFilter, match="outside the years"):
        full.search_quotes(since="0001-01-01T00:00:00+01:00")


@pytest.mark.parametrize(
    ("since", "until"), [("0001", None), (None, "9999-12-31"), ("0001", "0001")]
)
def test_day_filters_at_the_ends_of_the_calendar(full: Store, since: str, until: str) -> None:
    """A local day of year 1 or 9999 widens the UTC bound past what a datetime holds: it is
    clamped, not an OverflowError (found by the generated API requests)."""
    everything = full.count_quotes()
    found = full.count_quotes(QuoteFilters(since=since, until=until))
    assert found == (0 if until == "0001" else everything)


def test_facets_of_a_speaker_no_name_matches_are_empty(full: Store) -> None:
    """A speaker that folds to nothing (control characters) names no actor: every facet is
    empty, not an IndexError (found by the generated API requests on /api/v1/search)."""
    for speaker in ("\x9c", "/\x1a\x01"):
        found = full.facets(QuoteFilters(speaker=speaker), fields=["speaker", "about", "outlet"])
        assert found == {"speaker": [], "about": [], "outlet": []}
        assert full.count_quotes(QuoteFilters(speaker=speaker)) == 0
