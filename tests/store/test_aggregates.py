"""The counts kept on write (``store/aggregates.py``) equal the counts computed from the
quotes after every kind of write: a first ingest (one by one and in batches), a changed
article at the same URL (the old one deleted), a re-analysis of the same text, and
analysts' corrections rewriting stored articles; on SQLite and PostgreSQL. And what the
store reads from them (facets, totals, timelines, network, actor counts) is what it reads
from the quotes."""

from __future__ import annotations

import io
import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import update

from sayso.model import Article, Entity, Mention, Quote, Span
from sayso.store import Correction, QuoteFilters, Store, aggregates, export, read, schema

SPEAKERS = [f"Q{100 + i}" for i in range(6)]
NAMES = {key: f"Person {key}" for key in SPEAKERS}
OUTLETS = ["kremlin.ru", "whitehouse.gov", None]
WORDS = [
    "allies",
    "sanctions",
    "peace",
    "trade",
    "border",
    "energy",
    "grain",
    "talks",
    "treaty",
    "security",
]


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(8)).capitalize() + "."


def make_article(i: int, rng: random.Random, said: list[tuple[str, str]]) -> Article:
    """An article of 2-5 quotes; some repeat an earlier statement (same speaker, same
    words: syndication); dates spread over three years with offsets, some undated."""
    quotes_text: list[tuple[str, str]] = []
    for _ in range(rng.randint(2, 5)):
        if said and rng.random() < 0.3:
            quotes_text.append(rng.choice(said))
        else:
            pair = (rng.choice(SPEAKERS), sentence(rng))
            said.append(pair)
            quotes_text.append(pair)
    entities = {k: Entity(k, NAMES[k], "PERSON", resolved=True) for k in SPEAKERS}
    body, quotes = "", []
    for n, (speaker, words) in enumerate(quotes_text):
        start = len(body)
        body += words + " "
        about = rng.sample([k for k in SPEAKERS if k != speaker], rng.choice((0, 1, 2)))
        if rng.random() < 0.1:
            about.append(speaker)  # speaking of oneself: not a network edge
        quotes.append(
            Quote(
                id=f"q{n + 1}",
                kind=rng.choice(("direct", "indirect", "mixed")),
                start=start,
                end=start + len(words),
                text=words,
                speaker=Mention(0, 0, "", entity_id=speaker, name=NAMES[speaker]),
                cue=Span(0, 0, ""),
                about=about,
                confidence=0.9,
            )
        )
    body += f"(article {i})"
    published = None
    if rng.random() > 0.1:
        offset = timezone(timedelta(hours=rng.choice((-5, 0, 3))))
        day = datetime(2022, 12, 31, 22, 30) + timedelta(days=rng.randrange(3 * 365))
        published = day.replace(tzinfo=offset) if rng.random() < 0.8 else day.replace(tzinfo=UTC)
    return Article(
        source=f"test/{i}.txt",
        text=body,
        title=f"Article {i}",
        published=published,
        url=f"https://news.example/{i}",
        language=rng.choice(("en", "en", "fr")),
        outlet=rng.choice(OUTLETS),
        quotes=quotes,
        entities=list(entities.values()),
    )


def correction(**fields: Any) -> Correction:
    base: dict[str, Any] = dict.fromkeys(
        ("actor", "target", "name", "type", "form", "article_id", "start", "end", "words")
    )
    base.update(by="analyst@example.org", at=datetime(2026, 12, 3, 9, 0), **fields)
    return Correction(**base)


def assert_kept(store: Store) -> None:
    with store.engine.connect() as conn:
        assert aggregates.stored(conn) == aggregates.expected(conn)


def base_facets(store: Store, filters: QuoteFilters) -> dict[str, Any]:
    """The facets computed from the quotes (the aggregates bypassed)."""
    with store.engine.connect() as conn:
        return {name: read._facet(conn, filters, name, "report", 12) for name in read.FACETS}


def test_counts_follow_every_write(db_url: str) -> None:
    rng = random.Random(7)
    said: list[tuple[str, str]] = []
    articles = [make_article(i, rng, said) for i in range(40)]
    with Store(db_url) as store:
        store.load_actors([{"id": k, "name": v, "type": "PERSON"} for k, v in NAMES.items()])
        for article in articles[:10]:
            store.save(article)
        assert_kept(store)
        for start in range(10, 40, 15):  # the batched (bulk) path
            results = store.save_batch(articles[start : start + 15])
            assert not [r for r in results if isinstance(r, Exception)]
        assert_kept(store)
        with store.engine.connect() as conn:
            cells = aggregates.stored(conn)
        assert cells[("", "", "")][0] == store.stats().quotes
        assert cells[("", "", "")][1] == store.stats().statements

        # A changed text at the same URL replaces (deletes) the stored article.
        changed = make_article(3, rng, said)
        assert store.save(changed).status == "updated"
        assert_kept(store)
        # The same text analysed anew: another speaker, the analysis replaced.
        again = articles[5]
        first = again.quotes[0]
        other = next(k for k in SPEAKERS if k != first.speaker.entity_id)
        moved = replace(first, speaker=Mention(0, 0, "", entity_id=other, name=NAMES[other]))
        assert store.save(replace(again, quotes=[moved, *again.quotes[1:]])).status == "updated"
        assert_kept(store)

        # Corrections rewrite stored articles: a merge, a rename, a speaker fix.
        _, rewritten = store.correct(
            correction(kind="merge", actor=SPEAKERS[4], target=SPEAKERS[0], name=NAMES[SPEAKERS[0]])
        )
        assert rewritten
        assert_kept(store)
        store.correct(correction(kind="rename", actor=SPEAKERS[3], name="Someone Else"))
        assert_kept(store)
        quote = store.search_quotes(speaker=SPEAKERS[1], limit=1).items[0]
        _, rewritten = store.correct(
            correction(
                kind="speaker",
                actor=SPEAKERS[1],
                target=SPEAKERS[2],
                article_id=quote.article_id,
                start=quote.start,
                end=quote.end,
                words=quote.text,
            )
        )
        assert rewritten == 1
        assert_kept(store)
        with store.engine.connect() as conn:
            assert ("speaker=" + SPEAKERS[4], "", "") not in aggregates.stored(conn)


def test_reads_from_kept_counts_equal_reads_from_quotes(db_url: str) -> None:
    rng = random.Random(11)
    said: list[tuple[str, str]] = []
    with Store(db_url) as store:
        store.load_actors([{"id": k, "name": v, "type": "PERSON"} for k, v in NAMES.items()])
        store.save_batch([make_article(i, rng, said) for i in range(60)])
        cases = [
            QuoteFilters(),
            QuoteFilters(speaker=SPEAKERS[0]),
            QuoteFilters(about=SPEAKERS[1]),
            QuoteFilters(since="2024-01-01", until="2024-12-31"),
        ]
        for filters in cases:
            assert store.counts_kept(filters)
            assert store.facets(filters, limit=12) == base_facets(store, filters)
            with store.engine.connect() as conn:
                for by in ("report", "statement"):
                    assert store.count_quotes(filters, by=by) == int(
                        conn.execute(
                            read.filtered_quotes(conn, filters, [read._count(by)])[0]
                        ).scalar()
                    )
                    for interval in ("month", "year"):
                        kept = store.timeline(filters, interval=interval, by=by)
                        plain = read.timeline(conn, filters, interval, by, within=10**9)
                        assert kept == plain
        # not kept: words, outlet; counted over the quotes (within a bound)
        assert not store.counts_kept(QuoteFilters(query="allies"))
        assert not store.counts_kept(QuoteFilters(outlet="kremlin.ru"))
        assert not store.counts_kept(QuoteFilters(since="2024-01-01", until="2024-06-30"))

        for filters in (QuoteFilters(), QuoteFilters(speaker=SPEAKERS[2])):
            kept_net = store.network(filters, dates=False, limit=500)
            with store.engine.connect() as conn:
                full = read.counted_network(conn, filters, 1, 500)
            assert [
                (e.source, e.target, e.reports, e.statements, e.first, e.last)
                for e in kept_net.edges
            ] == [
                (e.source, e.target, e.reports, e.statements, e.first, e.last) for e in full.edges
            ]
            assert kept_net.nodes == full.nodes
        year = QuoteFilters(since="2023-01-01", until="2023-12-31")
        with store.engine.connect() as conn:
            counted = read.counted_network(conn, year, 1, 2000)
        assert {
            (e.source, e.target, e.reports, e.statements)
            for e in store.network(year, dates=False).edges
        } == {(e.source, e.target, e.reports, e.statements) for e in counted.edges}

        actor = SPEAKERS[0]
        links = store.actor_links(actor, side="source")
        about_actor = store.network(about=actor).edges
        assert sorted((e.source, e.reports, e.first, e.last) for e in links) == sorted(
            (e.source, e.reports, e.first, e.last)
            for e in about_actor
            if e.target == actor and e.source != actor
        )
        record = store.get_actor(actor)
        assert record is not None
        assert record.reports == store.count_quotes(QuoteFilters(speaker=actor))
        assert record.statements == len(
            {q.statement_id for q in store.iter_quotes(QuoteFilters(speaker=actor))}
        )


def test_bounded_facets_count_the_newest_matches(db_url: str) -> None:
    rng = random.Random(3)
    said: list[tuple[str, str]] = []
    with Store(db_url) as store:
        store.save_batch([make_article(i, rng, said) for i in range(20)])
        filters = QuoteFilters(outlet="kremlin.ru")
        newest = store.search_quotes(filters, limit=5).items
        counted = store.facets(filters, fields=["speaker"], within=5)["speaker"]
        assert sum(v.count for v in counted) == len(newest)
        everything = store.facets(filters, fields=["speaker"], within=10**6)["speaker"]
        assert everything == store.facets(filters, fields=["speaker"])["speaker"]
        for by in ("report", "statement"):  # counted among the newest / grouped in SQL
            among = store.facets(filters, by=by, limit=12, within=10**6)
            assert among == store.facets(filters, by=by, limit=12)
            counted = store.timeline(filters, interval="week", by=by, within=10**6)
            assert counted == store.timeline(filters, interval="week", by=by)
        for chosen in (filters, QuoteFilters(speaker=SPEAKERS[0])):  # counted / kept
            found, months = store.summary(chosen, limit=12, within=10**6)
            assert found == store.facets(chosen, limit=12)
            assert months == store.timeline(chosen, interval="month")


def test_network_with_days_reads_kept_edges_and_equals_the_counted_one(db_url: str) -> None:
    """What the REST network and the GEXF export read (edges with every day) comes from
    the kept counts where they cover the filters, and is what counting the quotes gives."""
    rng = random.Random(5)
    said: list[tuple[str, str]] = []
    with Store(db_url) as store:
        store.load_actors([{"id": k, "name": v, "type": "PERSON"} for k, v in NAMES.items()])
        store.save_batch([make_article(i, rng, said) for i in range(60)])
        cases = [
            (QuoteFilters(), 1, 2000),
            (QuoteFilters(), 3, 2000),
            (QuoteFilters(), 1, 7),  # cut inside tied counts
            (QuoteFilters(speaker=SPEAKERS[3]), 1, 300),
            (QuoteFilters(since="2024-01-01", until="2024-12-31"), 2, 300),
            (QuoteFilters(about=SPEAKERS[1]), 1, 300),  # not kept: counted
        ]
        for filters, at_least, limit in cases:
            with store.engine.connect() as conn:
                counted = read.counted_network(conn, filters, at_least, limit)
            found = store.network(filters, min_reports=at_least, limit=limit)
            assert found == counted, (filters, at_least, limit)
            assert any(e.dates for e in found.edges)  # some edges are only undated
        gexf_kept, gexf_counted = io.BytesIO(), io.BytesIO()
        export.export_network(store, gexf_kept)
        with store.engine.connect() as conn:
            tree = export.network_gexf(read.counted_network(conn, QuoteFilters(), 1, 1_000_000))
        tree.write(gexf_counted, encoding="utf-8", xml_declaration=True)
        assert gexf_kept.getvalue() == gexf_counted.getvalue()

        # the edges and counts are the kept ones: a cell changed by hand shows
        top = store.network(limit=1).edges[0]
        with store.engine.begin() as conn:
            conn.execute(
                update(schema.agg_counts)
                .where(
                    schema.agg_counts.c.filter == "",
                    schema.agg_counts.c.dim == "edge",
                    schema.agg_counts.c.value == top.source + aggregates.SEP + top.target,
                )
                .values(reports=top.reports + 1000)
            )
        assert store.network(limit=1).edges[0].reports == top.reports + 1000


def test_search_summary_is_the_page_total_facets_and_timeline_read_apart(db_url: str) -> None:
    """The search page's one read (``search_summary``) gives what the separate calls give:
    the page (and its cursor), the bounded total, facets and months, counted among the
    newest matches only when more match than that."""
    rng = random.Random(8)
    said: list[tuple[str, str]] = []
    with Store(db_url) as store:
        store.load_actors([{"id": k, "name": v, "type": "PERSON"} for k, v in NAMES.items()])
        store.save_batch([make_article(i, rng, said) for i in range(40)])
        cases = [
            QuoteFilters(),  # kept
            QuoteFilters(speaker=SPEAKERS[1]),  # kept
            QuoteFilters(query="allies"),  # words alone
            QuoteFilters(query="peace -trade", speaker=SPEAKERS[2]),
            QuoteFilters(query="grain", about=SPEAKERS[0]),
            QuoteFilters(outlet="kremlin.ru", since="2023-03-01"),
            QuoteFilters(query="nosuchword"),
        ]
        for filters in cases:
            for within, bound in ((10**6, 10**6), (15, 10**6), (15, 20), (4, 3)):
                for sort, limit in (("date", 5), ("relevance", 5), ("date", 50)):
                    got = store.search_summary(
                        filters,
                        sort=sort,
                        limit=limit,
                        fields=["speaker", "about", "outlet"],
                        facet_limit=12,
                        within=within,
                        count_bound=bound,
                    )
                    expected_page = store.search_quotes(filters, sort=sort, limit=limit)
                    assert got.page == expected_page, (filters, within, sort)
                    assert got.total == store.count_quotes(filters, at_most=bound)
                    assert got.total == min(store.count_quotes(filters), bound + 1)
                    found, months = store.summary(
                        filters, fields=["speaker", "about", "outlet"], limit=12, within=within
                    )
                    assert (got.facets, got.timeline) == (found, months)
                    if not store.counts_kept(filters):
                        weeks = store.timeline(filters, interval="week", within=within)
                        assert got.weeks == weeks
                    exact = store.counts_kept(filters) or store.count_quotes(filters) <= within
                    assert got.within == (None if exact else within)
            if got.page.next_cursor:  # the next page is read as before
                after = got.page.next_cursor
                following = store.search_summary(filters, after=after, limit=limit)
                assert following.page == store.search_quotes(filters, after=after, limit=limit)


def test_a_batched_ingest_keeps_the_counts_rebuild_computes(db_url: str) -> None:
    """Batches longer than a bulk chunk, statements repeated within and across batches,
    and an article replaced at its URL inside a batch (its counts removed mid-batch): the
    counts summed per batch are the ones ``aggregates.rebuild`` writes from the quotes."""
    rng = random.Random(15)
    said: list[tuple[str, str]] = []
    articles = [make_article(i, rng, said) for i in range(90)]
    with Store(db_url) as store:
        for start in range(0, 60, 30):
            assert not [e for e in store.save_batch(articles[start : start + 30])
                        if isinstance(e, Exception)]
        changed = [make_article(i, rng, said) for i in (4, 33)]  # new texts at stored URLs
        results = store.save_batch([*articles[60:75], changed[0], *articles[75:], changed[1]])
        assert [r.status for r in results if not isinstance(r, Exception)].count("updated") == 2
        with store.engine.begin() as conn:
            kept = aggregates.stored(conn)
            aggregates.rebuild(conn)
            assert aggregates.stored(conn) == kept
        assert kept[("", "", "")][:2] == (store.stats().quotes, store.stats().statements)


def test_concurrent_writers_on_postgresql_count_each_statement_once(pg_url: str) -> None:
    """A writer storing a report of a statement while another's transaction holding a
    report of the same statement (same speaker, same words, another article) is still open:
    the statement counts once. (Before, the second writer read no other report, the first
    being uncommitted, and counted the statement again.)"""
    import threading
    import time

    from sayso.store import write

    rng = random.Random(16)
    said: list[tuple[str, str]] = []
    first, warm = make_article(1, rng, said), make_article(2, rng, [])
    wire = replace(first, text="Wire copy. " + first.text, url="https://wire.example/1",
                   quotes=[replace(q, start=q.start + 11, end=q.end + 11) for q in first.quotes])
    with Store(pg_url) as holder, Store(pg_url) as other:
        holder.save(warm)  # the actors stored and committed: neither writer waits on them
        errors: list[BaseException] = []

        def second_writer() -> None:
            try:
                other.save(wire)
            except BaseException as exc:  # noqa: BLE001 - reported by the test below
                errors.append(exc)

        with holder.engine.begin() as conn:
            write.save_article(conn, first)
            thread = threading.Thread(target=second_writer)
            thread.start()
            time.sleep(1.5)  # the second writer reaches the point where it waits for us
        thread.join()
        assert not errors
        assert_kept(holder)
        total = holder.stats()
        with holder.engine.connect() as conn:
            assert aggregates.stored(conn)[("", "", "")][:2] == (total.quotes, total.statements)
