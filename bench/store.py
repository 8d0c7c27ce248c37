"""Store benchmark: a generated store of N articles / M quotes, then the issue's targets.

    python bench/store.py                          # 200,000 articles, 1,000,000 quotes, SQLite
    python bench/store.py --articles 20000         # smaller
    python bench/store.py --db postgresql+psycopg://postgres@127.0.0.1:5432/test

Targets (issue 5): speaker + full-text query, first page, p95 < 50 ms; storing one analysed
article < 5 ms on average; database size < 3x the raw text it holds.

How the store is made: articles are mixes of real sentences (White House and Kremlin texts
from ../shared/corpora, else the test fixtures), published over ten years by 40 outlets;
each has ``--quotes-per-article`` quotes (sentences of the article) by speakers drawn from a
Zipf-like distribution over 5,000 actors, each quote about 1-2 actors; one quote in ten is
a syndicated report of an existing statement. Rows go in with bulk inserts (PostgreSQL:
COPY) with the full-text indexes built once at the end — the way to load a big archive —
then the timed parts use the normal ``Store`` API: ``save()`` for the per-article cost and
``search_quotes()`` for the queries. For PostgreSQL a fresh schema is created and dropped
(``--keep`` keeps it).

Article lengths (``--length``): like real political news by default (see NEWS_LOG_MEAN);
``--length short`` gives the 2.2 kB articles this bench used at first.

Reference (same run): the time of one bare INSERT of the article row alone, so the
per-article figure can be read as a multiple of the cheapest possible write.

The measured figures, and how they moved, are kept in docs/store.md ("Benchmark"). How the
store's size is measured: see ``database_bytes``.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import statistics
import sys
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sqlalchemy import func, select, text  # noqa: E402

from sayso.model import Article, Entity, Mention, Quote, Span  # noqa: E402
from sayso.store import (  # noqa: E402
    QuoteFilters,
    Store,
    aggregates,
    dedup,
    fulltext,
    schema,
    write,
)
from sayso.store.keys import fold, statement_int, statement_key  # noqa: E402
from sayso.store.types import pack_json  # noqa: E402

OUTLETS = [f"Outlet {i:02d}" for i in range(40)]
FIRST = [
    "Anna",
    "Boris",
    "Carla",
    "Dmitri",
    "Elena",
    "Farid",
    "Greta",
    "Hiro",
    "Ines",
    "Jonas",
    "Kofi",
    "Lena",
    "Mateo",
    "Nadia",
    "Oleg",
    "Priya",
    "Quentin",
    "Rosa",
    "Sven",
    "Tamar",
]
LAST = [
    "Abbott",
    "Berger",
    "Costa",
    "Dumont",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Horvat",
    "Ivanova",
    "Jensen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Novak",
    "Okafor",
    "Petrov",
    "Quinn",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Ueda",
    "Varga",
    "Weber",
    "Xu",
    "Yilmaz",
]
START = datetime(2015, 1, 1)
DAYS = 3650

# Article lengths. "news": drawn like real political news: PolNeAR train (840 US news
# articles, ../shared/data/polnear/train/text) has lengths in characters with median 3,543,
# mean 4,558, 10th-90th percentiles 1,467-8,622, close to a log-normal with these
# parameters (mean and standard deviation of ln(length)). "short": the 14-26 sentences
# (about 2,200 characters, half of real news) this bench used first, kept to compare.
NEWS_LOG_MEAN, NEWS_LOG_SD = 8.17, 0.75
NEWS_MIN_CHARS, NEWS_MAX_CHARS = 600, 40_000
LENGTHS = ("news", "short")


# --- corpus -----------------------------------------------------------------------------


def shared_dir() -> Path | None:
    for candidate in (os.environ.get("SAYSO_SHARED"), REPO / ".." / "shared", Path("/work/shared")):
        if candidate and Path(candidate, "corpora").is_dir():
            return Path(candidate)
    return None


def sentence_pool() -> list[str]:
    texts: list[str] = []
    shared = shared_dir()
    if shared:
        for path in sorted((shared / "corpora" / "whitehouse-md").rglob("*.md")):
            texts.append(path.read_text(encoding="utf-8").split("---", 2)[-1])
        try:
            import lxml.html

            for path in sorted((shared / "corpora" / "kremlin-en" / "pages").glob("*.html")):
                root = lxml.html.parse(str(path)).getroot()
                texts += [p.text_content() for p in root.cssselect("div.read__content p")]
        except Exception:  # noqa: BLE001 - the White House texts alone are enough
            pass
    if not texts:
        texts = [
            p.read_text(encoding="utf-8")
            for p in (REPO / "tests" / "fixtures" / "store").glob("*.txt")
        ]
    pool = []
    for body in texts:
        flat = " ".join(body.replace("#", " ").replace("*", " ").split())
        pool += [s for s in re.split(r"(?<=[.!?”])\s+", flat) if 6 <= len(s.split()) <= 60]
    return sorted(set(pool))


class Generator:
    """Deterministic synthetic archive built from real sentences."""

    def __init__(self, seed: int, n_actors: int = 5000, length: str = "news"):
        self.rng = random.Random(seed)
        self.length = length
        self.pool = sentence_pool()
        self.actors = [
            (f"A{i:05d}", f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]} {i}")
            for i in range(n_actors)
        ]
        # Zipf-like: a few actors speak a lot, most rarely.
        self.weights = [1.0 / (i + 1) ** 1.1 for i in range(n_actors)]
        self.cum = list(_accumulate(self.weights))

    def actor(self) -> tuple[str, str]:
        r = self.rng.random() * self.cum[-1]
        return self.actors[_bisect(self.cum, r)]

    def article(self, i: int, quotes: int) -> Article:
        rng = self.rng
        sentences = self._sentences(quotes)
        body = ""
        offsets = []
        for s in sentences:
            offsets.append((len(body), len(body) + len(s)))
            body += s + (" " if rng.random() < 0.7 else "\n\n")
        body += f"\n\n(ref {i})\n"
        published = START + timedelta(days=rng.randrange(DAYS), seconds=rng.randrange(86400))
        entities: dict[str, Entity] = {}
        qs = []
        for n, idx in enumerate(rng.sample(range(len(sentences)), min(quotes, len(sentences)))):
            start, end = offsets[idx]
            sid, sname = self.actor()
            speaker_entity = entities.setdefault(sid, Entity(sid, sname, "PERSON", resolved=True))
            about = []
            for _ in range(rng.choice((1, 1, 2))):
                aid, aname = self.actor()
                if aid != sid and aid not in about:
                    entities.setdefault(aid, Entity(aid, aname, "PERSON", resolved=True))
                    about.append(aid)
            qs.append(
                Quote(
                    id=f"q{n + 1}",
                    kind=rng.choice(("direct", "direct", "indirect", "mixed")),
                    start=start,
                    end=end,
                    text=body[start:end],
                    speaker=Mention(0, 0, "", entity_id=sid, name=speaker_entity.name),
                    cue=Span(0, 0, ""),
                    about=about,
                    confidence=0.9,
                )
            )
        return Article(
            source=f"bench/{i}.txt",
            text=body,
            title=sentences[0][:120],
            published=published,
            url=f"https://news.example/{i}",
            language="en",
            outlet=rng.choice(OUTLETS),
            quotes=qs,
            entities=list(entities.values()),
        )


    def _sentences(self, quotes: int) -> list[str]:
        rng = self.rng
        if self.length == "short":
            return rng.sample(self.pool, rng.randint(14, 26))
        target = min(
            NEWS_MAX_CHARS,
            max(NEWS_MIN_CHARS, int(rng.lognormvariate(NEWS_LOG_MEAN, NEWS_LOG_SD))),
        )
        sentences: list[str] = []
        size = 0
        while size < target or len(sentences) < quotes:
            sentence = self.pool[rng.randrange(len(self.pool))]
            sentences.append(sentence)
            size += len(sentence) + 1
        return sentences


def _accumulate(values: list[float]) -> list[float]:
    total, out = 0.0, []
    for v in values:
        total += v
        out.append(total)
    return out


def _bisect(cum: list[float], r: float) -> int:
    lo, hi = 0, len(cum) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if cum[mid] < r:
            lo = mid + 1
        else:
            hi = mid
    return lo


# --- bulk load --------------------------------------------------------------------------


# The tables the bulk loader fills, in an order that satisfies their foreign keys.
BULK_TABLES = ("stories", "articles", "article_locations", "article_bands", "quotes", "quote_about")


class BulkLoader:
    """Rows straight into the tables, many at a time; indexes for full text built at the end."""

    def __init__(self, store: Store):
        self.store = store
        self.pg = store.dialect == "postgresql"
        self.next = {"articles": 1, "stories": 1, "statements": 1, "quotes": 1}
        self.statements: list[tuple[int, str]] = []  # (key, speaker) to re-report
        self.buffers: dict[str, list[dict[str, Any]]] = {t: [] for t in BULK_TABLES}
        self.raw_bytes = 0

    def add(self, article: Article, rng: random.Random, now: datetime) -> None:
        pk = self._pk("articles")
        published = article.published
        self.raw_bytes += len(article.text.encode("utf-8"))
        b = self.buffers
        b["articles"].append(
            {
                "pk": pk,
                "id": article.id,
                "url": article.url,
                "source": article.source,
                "raw_ref": None,
                "outlet": article.outlet,
                "title": article.title,
                "author": None,
                "published": published,
                "language": "en",
                "format": "text",
                "text": article.text,
                "meta": None,
                "entities": self._entities(article),
                "story_pk": None,
                "analysis_hash": "bench",
                "quote_count": len(article.quotes),
                "ingested_at": now,
                "updated_at": now,
            }
        )
        b["article_locations"].append(
            {"locator": article.url, "article_pk": pk, "outlet": article.outlet, "seen_at": now}
        )
        for key in sorted(set(dedup.text_band_keys(article.text))):
            b["article_bands"].append({"band_key": key, "article_pk": pk})
        for q in article.quotes:
            speaker = q.speaker.entity_id if q.speaker else None
            if self.statements and rng.random() < 0.1:  # a syndicated report
                st_key, speaker = rng.choice(self.statements)
            else:  # a new statement (the counter makes its key unique)
                n = self._pk("statements")
                st_key = statement_int(statement_key(speaker, q.text + str(n)))
                if rng.random() < 0.05:
                    self.statements.append((st_key, speaker))
            qpk = self._pk("quotes")
            b["quotes"].append(
                {
                    "pk": qpk,
                    "article_pk": pk,
                    "statement_key": st_key,
                    "qid": q.id,
                    "kind": q.kind,
                    "start": q.start,
                    "end": q.end,
                    "text": q.text,
                    "confidence": q.confidence,
                    "parent": None,
                    "speaker_key": speaker,
                    "speaker_name": q.speaker.name if q.speaker else None,
                    "speaker_text": None,
                    "speaker_start": None,
                    "speaker_end": None,
                    "cue_text": None,
                    "cue_start": None,
                    "cue_end": None,
                    "sort_date": published,
                    "outlet": article.outlet,
                    "language": "en",
                }
            )
            for about in q.about:
                b["quote_about"].append({"quote_pk": qpk, "key": about})

    def _entities(self, article: Article) -> Any:
        """The packed entity list, as ``Store.save`` writes it (pre-packed for COPY)."""
        records = write._entity_records(article.entities)
        return pack_json(records) if self.pg and records else records

    def _pk(self, table: str) -> int:
        value = self.next[table]
        self.next[table] += 1
        return value

    def flush(self) -> None:
        with self.store.engine.connect() as conn, conn.begin():
            for table_name in BULK_TABLES:
                rows = self.buffers[table_name]
                if rows:
                    table = schema.metadata.tables[table_name]
                    if self.pg:
                        copy_rows(conn, table, rows)
                    else:
                        conn.execute(table.insert(), rows)
                    rows.clear()

    def load_actors(self, actors: list[tuple[str, str]], now: datetime) -> None:
        rows = [
            {
                "id": a,
                "name": n,
                "name_key": fold(n),
                "type": "PERSON",
                "country": None,
                "wikidata": None,
                "sector": None,
                "in_kb": True,
                "updated_at": now,
            }
            for a, n in actors
        ]
        with self.store.engine.connect() as conn, conn.begin():
            conn.execute(schema.actors.insert(), rows)


def copy_rows(conn: Any, table: Any, rows: list[dict[str, Any]]) -> None:
    """PostgreSQL COPY: the fastest bulk path (text format, tab-separated)."""
    columns = [c.name for c in table.columns]
    buf = io.StringIO()
    for row in rows:
        buf.write("\t".join(_copy_value(row.get(c)) for c in columns) + "\n")
    raw = conn.connection.dbapi_connection
    cols = ", ".join(f'"{c}"' for c in columns)
    with raw.cursor() as cur, cur.copy(f"COPY {table.name} ({cols}) FROM STDIN") as copy:
        copy.write(buf.getvalue())


def _copy_value(value: Any) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, bytes):
        return "\\\\x" + value.hex()  # bytea hex input, its backslash escaped for COPY
    s = str(value)
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def without_fulltext(store: Store) -> None:
    with store.engine.connect() as conn, conn.begin():
        fulltext.drop_indexes(conn)


def rebuild_fulltext(store: Store) -> None:
    with store.engine.connect() as conn, conn.begin():
        if store.dialect == "postgresql":
            conn.execute(text("SET LOCAL maintenance_work_mem = '512MB'"))
        fulltext.create_indexes(conn)
        if store.dialect == "sqlite":
            conn.execute(text("INSERT INTO quotes_fts(quotes_fts) VALUES ('rebuild')"))
            index_articles(conn)
    # What one does after a bulk load: statistics for the planner and, on PostgreSQL, a
    # vacuum that sets the visibility map (else autovacuum does it during the timings).
    outside_transaction(store, "VACUUM ANALYZE" if store.dialect == "postgresql" else "ANALYZE")
    if store.dialect == "sqlite":
        outside_transaction(store, "PRAGMA wal_checkpoint(TRUNCATE)")


def outside_transaction(store: Store, sql: str) -> None:
    raw = store.engine.raw_connection()
    try:
        if store.dialect == "postgresql":
            raw.dbapi_connection.autocommit = True  # type: ignore[union-attr]
        cur = raw.cursor()
        cur.execute(sql)
        cur.close()
    finally:
        if store.dialect == "postgresql":
            raw.dbapi_connection.autocommit = False  # type: ignore[union-attr]
        raw.close()


def index_articles(conn: Any) -> None:
    """The SQLite article index is contentless (text is stored compressed): feed it."""
    a = schema.articles
    last = 0
    while True:
        rows = conn.execute(
            select(a.c.pk, a.c.title, a.c.text).where(a.c.pk > last).order_by(a.c.pk).limit(5000)
        ).all()
        if not rows:
            return
        conn.execute(
            text("INSERT INTO articles_fts(rowid, title, text) VALUES (:pk, :t, :b)"),
            [{"pk": r.pk, "t": r.title or "", "b": r.text} for r in rows],
        )
        last = rows[-1].pk


def fix_sequences(store: Store) -> None:
    """After COPY with explicit keys, move PostgreSQL's sequences past them."""
    if store.dialect != "postgresql":
        return
    with store.engine.connect() as conn, conn.begin():
        for table in ("articles", "stories", "quotes"):
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'pk'), "
                    f"(SELECT coalesce(max(pk), 1) FROM {table}))"
                )
            )


# --- measurements -----------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def query_cases(store: Store, rng: random.Random, n: int) -> list[tuple[str, str]]:
    """(speaker id, word) pairs a user might ask: a speaker weighted by how much they speak,
    and a content word from one of their quotes (so the query has results)."""
    q = schema.quotes
    cases: list[tuple[str, str]] = []
    with store.engine.connect() as conn:
        top = conn.execute(
            select(q.c.speaker_key, func.count())
            .group_by(q.c.speaker_key)
            .order_by(func.count().desc())
            .limit(500)
        ).all()
        speakers = [s for s, _ in top]
        weights = [c for _, c in top]
        while len(cases) < n:
            speaker = rng.choices(speakers, weights)[0]
            sample = (
                conn.execute(
                    select(q.c.text)
                    .where(q.c.speaker_key == speaker)
                    .order_by(q.c.sort_date.desc())
                    .limit(50)
                )
                .scalars()
                .all()
            )
            words = [w for w in re.findall(r"[A-Za-z]{5,}", rng.choice(sample))]
            if words:
                cases.append((speaker, rng.choice(words).lower()))
    return cases


def time_queries(store: Store, cases: list[tuple[str, str]], **extra: Any) -> dict[str, float]:
    times, empty = [], 0
    for speaker, word in cases:
        filters = QuoteFilters(speaker=speaker, query=word)
        t0 = time.perf_counter()
        page = store.search_quotes(filters, limit=20, **extra)
        times.append((time.perf_counter() - t0) * 1000)
        empty += not page.items
    return {
        "p50_ms": statistics.median(times),
        "p95_ms": percentile(times, 95),
        "max_ms": max(times),
        "empty": empty,
    }


def time_text_only(store: Store, cases: list[tuple[str, str]]) -> dict[str, float]:
    times = []
    for _, word in cases:
        t0 = time.perf_counter()
        store.search_quotes(QuoteFilters(query=word), limit=20)
        times.append((time.perf_counter() - t0) * 1000)
    return {"p50_ms": statistics.median(times), "p95_ms": percentile(times, 95)}


def time_saves(
    store: Store, gen: Generator, n: int, offset: int, quotes: int
) -> tuple[float, float]:
    """(wall, CPU) milliseconds per ``Store.save``. On a shared machine the wall time counts
    other processes' turns too; the CPU time of this process is what storing costs here
    (for SQLite that is all of it; PostgreSQL's server-side work is only in the wall time)."""
    articles = [gen.article(offset + i, quotes) for i in range(n)]
    t0, c0 = time.perf_counter(), time.process_time()
    for a in articles:
        store.save(a)
    return (time.perf_counter() - t0) / n * 1000, (time.process_time() - c0) / n * 1000


def time_batched_saves(
    store: Store, gen: Generator, n: int, offset: int, quotes: int, batch: int = 32
) -> tuple[float, float]:
    """(wall, CPU) ms per article through ``Store.save_batch`` (what ``sayso ingest`` does)."""
    articles = [gen.article(offset + i, quotes) for i in range(n)]
    t0, c0 = time.perf_counter(), time.process_time()
    for i in range(0, n, batch):
        results = store.save_batch(articles[i : i + batch])
        assert not any(isinstance(r, Exception) for r in results), results
    return (time.perf_counter() - t0) / n * 1000, (time.process_time() - c0) / n * 1000


def time_cpu_reference(gen: Generator, n: int, offset: int) -> float:
    """Reference for the machine's speed (same run): the pure-Python part of storing an
    article (``write.prepare``: analysis hash, shingles, MinHash), no database. On a shared
    machine every timing moves with its load; the ratio of a save to this moves less."""
    articles = [gen.article(offset + i, 5) for i in range(n)]
    c0 = time.process_time()
    for a in articles:
        write.prepare(a, with_bands=True)
    return (time.process_time() - c0) / n * 1000


def time_bare_insert(store: Store, gen: Generator, n: int, offset: int) -> float:
    """Reference: one INSERT of the article row alone per transaction (no analysis)."""
    articles = [gen.article(offset + i, 0) for i in range(n)]
    now = datetime.now()
    t0 = time.perf_counter()
    for a in articles:
        with (
            store.engine.connect().execution_options(sqlite_begin="IMMEDIATE") as conn,
            conn.begin(),
        ):
            conn.execute(schema.stories.insert(), {"title": None, "created_at": now})
            conn.execute(
                schema.articles.insert(),
                {
                    "id": a.id,
                    "url": a.url,
                    "source": a.source,
                    "format": "text",
                    "text": a.text,
                    "analysis_hash": "ref",
                    "quote_count": 0,
                    "ingested_at": now,
                    "updated_at": now,
                },
            )
    return (time.perf_counter() - t0) / n * 1000


def database_bytes(store: Store, sqlite_path: Path | None) -> int:
    if sqlite_path is not None:
        outside_transaction(store, "PRAGMA wal_checkpoint(TRUNCATE)")
        return sum(p.stat().st_size for p in sqlite_path.parent.glob(sqlite_path.name + "*"))
    with store.engine.connect() as conn:
        return int(
            conn.execute(
                text(
                    "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'm')"
                )
            ).scalar()
            or 0
        )


# --- main -------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=200_000)
    ap.add_argument("--quotes-per-article", type=int, default=5)
    ap.add_argument("--db", default=None, help="postgresql+psycopg://… (default: SQLite file)")
    ap.add_argument("--dir", default="/tmp/sayso-bench", help="folder for the SQLite file")
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--saves", type=int, default=1000)
    ap.add_argument("--keep", action="store_true", help="keep the database afterwards")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--length",
        choices=LENGTHS,
        default="news",
        help="article lengths: like real news (default) or the short ones used at first",
    )
    ap.add_argument(
        "--reuse",
        action="store_true",
        help="SQLite: measure an existing bench file instead of generating it",
    )
    args = ap.parse_args()

    sqlite_path, schema_name = None, None
    if args.db and args.db.startswith("postgres"):
        import sqlalchemy as sa

        schema_name = f"sayso_bench_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(args.db)
        with admin.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema_name}"))
        url = f"{args.db}{'&' if '?' in args.db else '?'}options=-csearch_path%3D{schema_name}"
    else:
        Path(args.dir).mkdir(parents=True, exist_ok=True)
        sqlite_path = Path(args.dir) / f"bench-{args.articles}.db"
        if not args.reuse:
            for p in Path(args.dir).glob(sqlite_path.name + "*"):
                p.unlink()
        url = f"sqlite:///{sqlite_path}"

    try:
        run(url, args, sqlite_path)
    finally:
        if schema_name and not args.keep:
            with admin.begin() as conn:
                conn.execute(text(f"DROP SCHEMA {schema_name} CASCADE"))


def generate(store: Store, gen: Generator, args: argparse.Namespace, now: datetime) -> int:
    """Bulk-load the synthetic archive; returns the bytes of raw text it holds."""
    t0 = time.perf_counter()
    loader = BulkLoader(store)
    loader.load_actors(gen.actors, now)
    without_fulltext(store)
    for i in range(args.articles):
        loader.add(gen.article(i, args.quotes_per_article), gen.rng, now)
        if (i + 1) % 5000 == 0:
            loader.flush()
        if (i + 1) % 50000 == 0:
            print(
                f"  {i + 1} articles generated and inserted ({time.perf_counter() - t0:.0f} s)",
                flush=True,
            )
    loader.flush()
    t_rows = time.perf_counter() - t0
    rebuild_fulltext(store)
    fix_sequences(store)
    t_agg = time.perf_counter()
    with store.engine.connect() as conn, conn.begin():  # the rows bypassed Store.save
        cells = aggregates.rebuild(conn)
    print(f"kept counts: {cells:,} cells in {time.perf_counter() - t_agg:.0f} s", flush=True)
    t_gen = time.perf_counter() - t0
    stats = store.stats()
    print(
        f"generated {stats.articles} articles, {stats.quotes} quotes, {stats.statements} "
        f"statements in {t_gen:.0f} s (rows {t_rows:.0f} s, full-text indexes "
        f"{t_gen - t_rows:.0f} s)",
        flush=True,
    )
    return loader.raw_bytes


def raw_text_bytes(store: Store) -> int:
    a = schema.articles
    total, last = 0, 0
    with store.engine.connect() as conn:
        while True:
            rows = conn.execute(
                select(a.c.pk, a.c.text).where(a.c.pk > last).order_by(a.c.pk).limit(10000)
            ).all()
            if not rows:
                return total
            total += sum(len(r.text.encode("utf-8")) for r in rows)
            last = rows[-1].pk


def run(url: str, args: argparse.Namespace, sqlite_path: Path | None) -> None:
    store = Store(url)
    gen = Generator(args.seed, length=args.length)
    now = datetime.now()
    print(
        f"backend {store.dialect}; {args.articles} articles x {args.quotes_per_article} "
        f"quotes; {args.length} article lengths; sentence pool {len(gen.pool)}",
        flush=True,
    )

    if args.reuse and store.stats().articles:
        raw = raw_text_bytes(store)
        print(f"reusing {sqlite_path}: {store.stats().articles} articles", flush=True)
    else:
        raw = generate(store, gen, args, now)
    size = database_bytes(store, sqlite_path)
    print(
        f"size: database {size / 1e6:.0f} MB, raw text {raw / 1e6:.0f} MB, "
        f"ratio {size / raw:.2f}x (target < 3x)",
        flush=True,
    )

    rng = random.Random(args.seed + 1)
    cases = query_cases(store, rng, args.queries)
    store.search_quotes(QuoteFilters(query="warmup"), limit=20)
    by_date = time_queries(store, cases)
    by_rank = time_queries(store, cases[: args.queries // 3], sort="relevance")
    text_only = time_text_only(store, cases[: args.queries // 3])
    print(
        f"speaker + full text, first page (20), newest first: p50 {by_date['p50_ms']:.1f} ms, "
        f"p95 {by_date['p95_ms']:.1f} ms, max {by_date['max_ms']:.1f} ms over {len(cases)} "
        f"queries ({by_date['empty']} empty) (target p95 < 50 ms)",
        flush=True,
    )
    print(
        f"  same, best match first: p50 {by_rank['p50_ms']:.1f} ms, p95 "
        f"{by_rank['p95_ms']:.1f} ms; full text alone: p50 {text_only['p50_ms']:.1f} ms, "
        f"p95 {text_only['p95_ms']:.1f} ms",
        flush=True,
    )

    offset = args.articles + random.randrange(10**9)  # URLs never stored before
    # Texts never stored before either: with --reuse the generator would otherwise start
    # over and write near-copies of the articles earlier runs saved (the story path).
    gen.rng = random.Random(offset)
    per_save, per_save_cpu = time_saves(store, gen, args.saves, offset, args.quotes_per_article)
    batched, batched_cpu = time_batched_saves(
        store, gen, args.saves, offset + args.saves, args.quotes_per_article
    )
    reference = time_bare_insert(store, gen, max(100, args.saves // 5), offset + 2 * args.saves)
    cpu_ref = time_cpu_reference(gen, max(100, args.saves // 5), offset + 3 * args.saves)
    print(
        f"store one analysed article ({args.quotes_per_article} quotes, ~"
        f"{len(gen.article(0, 5).entities)} entities): {per_save:.2f} ms on average over "
        f"{args.saves} (CPU {per_save_cpu:.2f} ms; target < 5 ms); load average "
        f"{os.getloadavg()[0]:.1f}; reference bare article INSERT {reference:.2f} ms "
        f"({per_save / reference:.1f}x)",
        flush=True,
    )
    print(
        f"  in batches of 32 as `sayso ingest` writes (one commit per batch): "
        f"{batched:.2f} ms per article (CPU {batched_cpu:.2f} ms)",
        flush=True,
    )
    print(
        f"  machine-speed reference (same run): preparing one article, no database, "
        f"{cpu_ref:.2f} ms CPU; batched save = {batched / cpu_ref:.1f}x, one-article "
        f"save = {per_save / cpu_ref:.1f}x that",
        flush=True,
    )
    store.close()


if __name__ == "__main__":
    main()
