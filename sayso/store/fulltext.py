"""Full-text search, per back-end: SQLite FTS5 or PostgreSQL tsvector + GIN.

Both index quote text and article title + text with English stemming, and both read the
same query language (what people type into search boxes): words are ANDed,
``"exact phrase"``, ``a OR b``, ``-excluded``. ``translate_fts5`` turns it into FTS5 syntax;
PostgreSQL reads it natively with ``websearch_to_tsquery``.
"""

from __future__ import annotations

import re

from sqlalchemy import (
    Connection,
    Double,
    cast,
    column,
    func,
    literal,
    literal_column,
    table,
    text,
)
from sqlalchemy.dialects.postgresql import TSQUERY

from sayso.store import schema
from sayso.store.schema import AnyColumn, AnySelect

# English stemming without a stop-word list, like SQLite's porter tokenizer: a search for
# "about" or "there" finds quotes on both back-ends (PostgreSQL's own "english" would drop
# those words and match nothing).
TS_CONFIG = "sayso_english"
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+", re.UNICODE)

SQLITE_DDL = [
    # External-content FTS5 table: the index only, the text stays in quotes. The speaker key
    # is indexed too, so "this speaker AND these words" is one merge of two posting lists.
    "CREATE VIRTUAL TABLE quotes_fts USING fts5(text, speaker_key, content='quotes', "
    "content_rowid='pk', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN "
    "INSERT INTO quotes_fts(rowid, text, speaker_key) "
    "VALUES (new.pk, new.text, new.speaker_key); END",
    "CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN "
    "INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker_key) "
    "VALUES ('delete', old.pk, old.text, old.speaker_key); END",
    "CREATE TRIGGER quotes_fts_update AFTER UPDATE OF text, speaker_key ON quotes BEGIN "
    "INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker_key) "
    "VALUES ('delete', old.pk, old.text, old.speaker_key); "
    "INSERT INTO quotes_fts(rowid, text, speaker_key) "
    "VALUES (new.pk, new.text, new.speaker_key); END",
    # Article text is stored compressed (types.BodyText), so its index is contentless and
    # kept up to date by write.py (index_article / unindex_article) with the plain text.
    "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='', "
    "tokenize='porter unicode61 remove_diacritics 2')",
]

# PostgreSQL refuses a tsvector over 1 MB ("string is too long for tsvector"), which a few
# hundred thousand distinct words reach: its indexes hold the first PG_INDEXED_CHARS
# characters of an article's text (and of a quote). Measured on adversarial texts (distinct
# hyphenated pairs of two-byte letters) a tsvector takes at most ~6.4 bytes per character,
# so 100,000 characters stay under 700 KB; a long report (~15,000 words) is indexed whole.
# SQLite's FTS5 has no such limit and indexes everything.
PG_INDEXED_CHARS = 100_000

PG_QUOTE_VECTOR = (
    f"to_tsvector('{TS_CONFIG}', left(quotes.text, {PG_INDEXED_CHARS})) || "
    "array_to_tsvector(ARRAY['@' || coalesce(quotes.speaker_key, '')])"
)

PG_ARTICLE_VECTOR = (
    f"to_tsvector('{TS_CONFIG}', coalesce(articles.title, '') || ' ' || "
    f"left(articles.text, {PG_INDEXED_CHARS}))"
)

# Expression indexes: no stored tsvector column, so the text is not held twice.
POSTGRES_DDL = [
    f"CREATE TEXT SEARCH DICTIONARY {TS_CONFIG}_stem (TEMPLATE = snowball, Language = english)",
    f"CREATE TEXT SEARCH CONFIGURATION {TS_CONFIG} (COPY = pg_catalog.english)",
    f"ALTER TEXT SEARCH CONFIGURATION {TS_CONFIG} ALTER MAPPING FOR asciiword, asciihword, "
    f"hword_asciipart, word, hword, hword_part WITH {TS_CONFIG}_stem",
    # The speaker key rides along as one extra lexeme ("@" + key), as in SQLite's index: a
    # speaker + words query is then one GIN search, never a walk over a speaker's quotes
    # recomputing each one's vector.
    "CREATE INDEX ix_quotes_fts ON quotes USING gin ((" + PG_QUOTE_VECTOR + "))",
    f"CREATE INDEX ix_articles_fts ON articles USING gin ({PG_ARTICLE_VECTOR})",
]


def create_indexes(conn: Connection) -> None:
    for ddl in SQLITE_DDL if conn.dialect.name == "sqlite" else POSTGRES_DDL:
        conn.execute(text(ddl))


def drop_indexes(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        for name in ("quotes_fts", "articles_fts"):
            for suffix in ("insert", "delete", "update"):
                conn.execute(text(f"DROP TRIGGER IF EXISTS {name}_{suffix}"))
            conn.execute(text(f"DROP TABLE IF EXISTS {name}"))
    else:
        conn.execute(text("DROP INDEX IF EXISTS ix_quotes_fts"))
        conn.execute(text("DROP INDEX IF EXISTS ix_articles_fts"))
        conn.execute(text(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {TS_CONFIG}"))
        conn.execute(text(f"DROP TEXT SEARCH DICTIONARY IF EXISTS {TS_CONFIG}_stem"))


def index_article(conn: Connection, pk: int, title: str | None, body: str) -> None:
    index_articles(conn, [(pk, title, body)])


def index_articles(conn: Connection, articles: list[tuple[int, str | None, str]]) -> None:
    """Add (pk, title, text) articles to the SQLite article index (PostgreSQL's index is
    an expression over the table: nothing to do)."""
    if conn.dialect.name == "sqlite" and articles:
        conn.execute(
            text("INSERT INTO articles_fts(rowid, title, text) VALUES (:pk, :t, :b)"),
            [{"pk": pk, "t": title or "", "b": body} for pk, title, body in articles],
        )


def unindex_article(conn: Connection, pk: int, title: str | None, body: str) -> None:
    """Remove an article from the SQLite index: FTS5 needs the exact values it indexed."""
    if conn.dialect.name == "sqlite":
        conn.execute(
            text(
                "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
                "VALUES ('delete', :pk, :t, :b)"
            ),
            {"pk": pk, "t": title or "", "b": body},
        )


def translate_fts5(query: str) -> str | None:
    """User query → FTS5 MATCH expression; None when it holds no searchable word."""
    positive: list[str] = []
    negative: list[str] = []
    pending_or = False
    for minus, phrase, bare in _TOKEN.findall(query):
        if not phrase and bare == "OR":
            pending_or = bool(positive)
            continue
        if bare.startswith("-") and len(bare) > 1:
            minus, bare = "-", bare[1:]
        prefix = bare.endswith("*")
        words = _WORD.findall(phrase if phrase else bare)
        if not words:
            continue
        term = '"' + " ".join(words) + '"' + ("*" if prefix and not phrase else "")
        if minus:
            negative.append(term)
        elif pending_or:
            positive[-1] = f"({positive[-1]} OR {term})"
            pending_or = False
        else:
            positive.append(term)
    if not positive:
        return None
    expr = " AND ".join(positive)
    for term in negative:
        expr = f"({expr}) NOT {term}" if " AND " in expr else f"{expr} NOT {term}"
    return expr


def has_words(query: str | None) -> bool:
    return bool(query and _WORD.search(query))


def pg_tsquery(query: str) -> AnyColumn:
    return func.websearch_to_tsquery(literal_column(f"'{TS_CONFIG}'"), query.replace("*", " "))


def pg_quote_vector() -> AnyColumn:
    # Must be written exactly as in the index so that PostgreSQL uses it.
    return literal_column(f"({PG_QUOTE_VECTOR})")


def pg_speakers_tsquery(speaker_keys: list[str]) -> AnyColumn:
    """A tsquery matching any of the speakers' "@key" lexemes (see PG_QUOTE_VECTOR)."""
    alternatives = " | ".join(
        "'@" + k.replace("\\", "\\\\").replace("'", "''") + "'" for k in speaker_keys
    )
    return cast(literal(alternatives or "'@'"), TSQUERY)


def pg_article_vector() -> AnyColumn:
    # Must be written exactly as in the index so that PostgreSQL uses it.
    return literal_column(f"({PG_ARTICLE_VECTOR})")


def quote_match(query: str, speaker_keys: list[str] | None = None) -> str:
    """FTS5 MATCH for the words in the quote text, and (optionally) one of the speakers."""
    words = translate_fts5(query) or '""'
    expr = f"text : ({words})"
    phrases = [" ".join(_WORD.findall(k)) for k in speaker_keys or []]
    phrases = [f'"{p}"' for p in phrases if p]
    if phrases:
        expr += f" AND speaker_key : ({' OR '.join(phrases)})"
    return expr


def probe_quotes(stmt: AnySelect, query: str) -> AnySelect:
    """SQLite: keep quotes matching ``query`` by probing the text index once per quote.

    Cheap when the words are common, so that the newest page fills after a few probes
    along another index (dates); no relevance available.
    """
    probe = text(
        "EXISTS (SELECT 1 FROM quotes_fts WHERE quotes_fts MATCH :fts_probe "
        "AND quotes_fts.rowid = quotes.pk)"
    ).bindparams(fts_probe=quote_match(query))
    return stmt.where(probe)


def among_matches(
    stmt: AnySelect, query: str, speaker_keys: list[str] | None = None
) -> AnySelect:
    """SQLite: keep quotes whose key is among the text matches of ``query`` (said by one
    of ``speaker_keys`` when given), gathered once into a temporary index. The ``+`` hides
    the key from the planner, so it walks another index (dates, or a speaker's dates,
    newest first) and checks each quote's key in that index: under a microsecond a quote,
    against tens for ``probe_quotes`` and a row read per match for ``restrict_quotes``.
    The caller still filters on the exact speaker key. No relevance available."""
    matches = text(
        "+quotes.pk IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH :fts_among)"
    ).bindparams(fts_among=quote_match(query, speaker_keys))
    return stmt.where(matches)


def restrict_quotes(
    stmt: AnySelect, dialect: str, query: str, speaker_keys: list[str] | None = None
) -> tuple[AnySelect, AnyColumn]:
    """Keep quotes matching ``query`` and (if given) spoken by one of ``speaker_keys``, which
    the text index holds too (the caller still filters on the exact key); return the
    statement and its relevance (lower = better)."""
    q = schema.quotes
    if dialect == "sqlite":
        fts = table("quotes_fts", column("rowid"), column("rank"))
        stmt = stmt.join(fts, fts.c.rowid == q.c.pk).where(
            literal_column("quotes_fts").op("MATCH")(quote_match(query, speaker_keys))
        )
        return stmt, fts.c.rank
    tsq = pg_tsquery(query)
    match = tsq.op("&&")(pg_speakers_tsquery(speaker_keys)) if speaker_keys else tsq
    stmt = stmt.where(pg_quote_vector().op("@@")(match))
    return stmt, -func.ts_rank(pg_quote_vector(), tsq).cast(Double)


def restrict_articles(stmt: AnySelect, dialect: str, query: str) -> tuple[AnySelect, AnyColumn]:
    """Keep articles matching ``query``; return the statement and its relevance."""
    a = schema.articles
    if dialect == "sqlite":
        fts = table("articles_fts", column("rowid"), column("rank"))
        stmt = stmt.join(fts, fts.c.rowid == a.c.pk).where(
            literal_column("articles_fts").op("MATCH")(translate_fts5(query) or '""')
        )
        return stmt, fts.c.rank
    tsq = pg_tsquery(query)
    stmt = stmt.where(pg_article_vector().op("@@")(tsq))
    return stmt, -func.ts_rank(pg_article_vector(), tsq).cast(Double)
