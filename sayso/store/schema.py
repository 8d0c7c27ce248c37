"""The tables, in SQLAlchemy Core: one definition for SQLite and PostgreSQL.

Alembic migrations (``sayso/store/migrations``) create and change these tables; a test
checks that the migrated database and this metadata agree. Full-text indexes are
dialect-specific (FTS5 virtual tables on SQLite, a generated ``tsvector`` column with a GIN
index on PostgreSQL) and live only in the migrations, see ``fulltext.py``.

Design notes:
- Integer surrogate keys (``pk``) keep the big tables and their indexes small; the public
  article id is the content hash (``Article.id``).
- ``article_locations`` maps where an article was found (its URL, else its source) to the
  stored article: the same text found at two places is one article with two locations, and
  a changed text at a known location replaces the article it used to point to.
- Quotes carry copies of their article's date, outlet and language so that search and
  keyset pagination need no join; ``sort_date`` is never null (``NO_DATE`` stands in).
- A statement (the same words by the same speaker, however many articles report them) is
  the set of quotes sharing ``statement_key``; its public id is that key in hex.
- ``speaker_key`` / ``about.key`` name who is meant: a knowledge-base actor id once resolved,
  otherwise ``"name:" + normalised name`` (see ``keys.py``).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeAlias  # Any: see AnySelect

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    literal,
    text,
)

from sayso.store.types import BodyText, PackedJSON, UtcDateTime

if TYPE_CHECKING:
    from sqlalchemy import BindParameter, ColumnElement, Row, Select

# A SELECT, a column expression and a result row whatever the values in them: SQLAlchemy's
# generics carry the column types (Select[*Ts], ColumnElement[T], Row[*Ts]); the query
# builders and row readers take any.
AnySelect: TypeAlias = "Select[*tuple[Any, ...]]"
AnyColumn: TypeAlias = "ColumnElement[Any]"
AnyRow: TypeAlias = "Row[*tuple[Any, ...]]"

# Stands in for an unknown publication date in sort keys (sorts before every real date).
NO_DATE = datetime(1, 1, 1)


def no_date() -> BindParameter[datetime]:
    """NO_DATE as a SQL literal of the date column type (e.g. inside coalesce(), where
    SQLAlchemy would otherwise send it as a string that SQLite's integer dates do not read)."""
    return literal(NO_DATE, UtcDateTime())


# Big-table primary keys: BIGINT on PostgreSQL, INTEGER (the rowid alias) on SQLite.
PK = BigInteger().with_variant(Integer(), "sqlite")

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

stories = Table(
    "stories",
    metadata,
    Column("pk", PK, primary_key=True, autoincrement=True),
    Column("first_published", UtcDateTime),  # of the article that started it
    Column("created_at", UtcDateTime, nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("pk", PK, primary_key=True, autoincrement=True),
    Column("id", String(16), nullable=False, unique=True),  # content hash = Article.id
    Column("url", Text),
    Column("source", Text, nullable=False),
    Column("raw_ref", Text),
    Column("outlet", String(200)),
    Column("title", Text),
    Column("author", Text),
    Column("published", UtcDateTime),
    # The UTC offset (minutes east) the source stated for ``published``; NULL: it stated
    # none. Read back, the date is shown in it (dates.with_offset): the source's local day.
    Column("published_offset", SmallInteger),
    Column("language", String(16)),
    Column("format", String(16), nullable=False),
    Column("text", BodyText, nullable=False),  # compressed on SQLite, see types.py
    Column("meta", JSON),
    # The people and organisations of the article, with where each is mentioned: a list of
    # EntityRecord dicts, read and written whole (a row each cost 5x the space).
    Column("entities", PackedJSON),
    Column("story_pk", PK, ForeignKey("stories.pk"), index=True),
    Column("analysis_hash", String(16), nullable=False),  # what changed on re-ingest?
    Column("quote_count", Integer, nullable=False),
    Column("ingested_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Index("ix_articles_published", "published"),
    Index("ix_articles_outlet", "outlet"),
)

article_locations = Table(
    "article_locations",
    metadata,
    Column("locator", Text, primary_key=True),  # URL, else source as the user named it
    Column(
        "article_pk", PK, ForeignKey("articles.pk", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("outlet", String(200)),
    Column("seen_at", UtcDateTime, nullable=False),
)

# Persistent MinHash LSH: one row per (band hash, article) of each article's signature.
# No foreign key: rows are removed with the article by recomputing its band keys, which
# lets this one primary-key index serve both lookups and deletes.
# Where each stored article was read from, with a digest of those bytes and of the
# analyser: ``sayso ingest`` skips an input whose key and digest are here (migration 0007);
# article_pk NULL: the input holds no article (model.NoArticle, migration 0012).
ingested_inputs = Table(
    "ingested_inputs",
    metadata,
    Column("key", Text, primary_key=True),  # real path, path#N in an archive, or URL
    Column("digest", String(32), nullable=False),
    Column(
        "article_pk", PK, ForeignKey("articles.pk", ondelete="CASCADE"), nullable=True, index=True
    ),
)

article_bands = Table(
    "article_bands",
    metadata,
    Column("band_key", BigInteger, primary_key=True, autoincrement=False),
    Column("article_pk", PK, primary_key=True, autoincrement=False),
    sqlite_with_rowid=False,
)

quotes = Table(
    "quotes",
    metadata,
    Column("pk", PK, primary_key=True, autoincrement=True),
    Column("article_pk", PK, ForeignKey("articles.pk", ondelete="CASCADE"), nullable=False),
    # The statement this quote reports: keys.statement_key(speaker key, words) as a signed
    # 64-bit integer (keys.statement_int). A statement is all quotes with the same key; its
    # words, speaker and first date are read from them, so it needs no table of its own.
    Column("statement_key", BigInteger, nullable=False),
    Column("qid", String(32), nullable=False),  # Quote.id inside the article
    Column("kind", String(16), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("parent", String(32)),
    Column("speaker_key", String(200)),
    Column("speaker_name", Text),
    Column("speaker_text", Text),
    Column("speaker_start", Integer),
    Column("speaker_end", Integer),
    Column("cue_text", Text),
    Column("cue_start", Integer),
    Column("cue_end", Integer),
    # The analyst's correction (corrections.id) that set this quote's speaker; None: as read.
    Column("corrected", String(16)),
    # Copies of the article's fields, so search filters and sorts without a join.
    Column("sort_date", UtcDateTime, nullable=False),
    Column("published_offset", SmallInteger),  # the article's: local days for filters
    Column("outlet", String(200)),
    Column("language", String(16)),
    Index("ix_quotes_article_pk", "article_pk"),
    Index("ix_quotes_statement_key", "statement_key"),
    Index("ix_quotes_speaker_key_sort_date", "speaker_key", "sort_date"),
    Index("ix_quotes_sort_date", "sort_date"),
)

# Actors mentioned inside a quote ("about"); their names are in ``actors``.
quote_about = Table(
    "quote_about",
    metadata,
    Column(
        "quote_pk",
        PK,
        ForeignKey("quotes.pk", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    Column("key", String(200), primary_key=True),
    Index("ix_quote_about_key", "key", "quote_pk"),
    sqlite_with_rowid=False,
)

# Mentions that are not a quote's speaker: addressees of quotes (role "addressee").
quote_mentions = Table(
    "quote_mentions",
    metadata,
    Column("quote_pk", PK, ForeignKey("quotes.pk", ondelete="CASCADE"), nullable=False, index=True),
    Column("role", String(16), nullable=False),
    Column("key", String(200)),
    Column("name", Text),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
)

actors = Table(
    "actors",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("name", Text, nullable=False),
    Column("name_key", String(200), nullable=False, index=True),
    Column("type", String(16)),
    Column("country", String(3)),
    Column("wikidata", String(32), index=True),
    Column("sector", String(40)),
    # False for speakers/targets known only by name ("name:…" ids), not from the KB.
    Column("in_kb", Boolean, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

actor_aliases = Table(
    "actor_aliases",
    metadata,
    Column("actor_id", String(200), ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True),
    Column("alias", Text, primary_key=True),
    Column("alias_key", String(200), nullable=False, index=True),
)

# Each word of every actor's name key and alias key (NULL ``alias``: the name), written by
# triggers on actors and actor_aliases (migration 0013): a name is looked up by one of its
# words through the index, then matched as a whole (search.resolve_actor_keys).
actor_words = Table(
    "actor_words",
    metadata,
    Column("word", String(200), nullable=False, index=True),
    Column("actor_id", String(200), nullable=False, index=True),
    Column("name_key", String(200), nullable=False),
    Column("alias", Text),
)

actor_roles = Table(
    "actor_roles",
    metadata,
    Column("pk", PK, primary_key=True, autoincrement=True),
    Column(
        "actor_id",
        String(200),
        ForeignKey("actors.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("title", Text, nullable=False),
    Column("country", String(3)),
    Column("org", Text),
    Column("start", String(10)),  # ISO date, possibly partial ("2024" or "2024-05")
    Column("end", String(10)),
)

# PLOVER-coded relations between actors (``Article.relations``, ``sayso.events``): one row
# per event, replaced with the article's analysis. Like quotes, a row carries copies of its
# article's date and outlet so that lists and dyad series need no join.
relations = Table(
    "relations",
    metadata,
    Column("pk", PK, primary_key=True, autoincrement=True),
    Column("article_pk", PK, ForeignKey("articles.pk", ondelete="CASCADE"), nullable=False),
    Column("rid", String(32), nullable=False),  # Event.id inside the article ("r1")
    Column("event", String(16), nullable=False),  # PLOVER type: AGREE … ASSAULT
    Column("mode", String(40)),
    Column("context", Text),  # PLOVER contexts, comma-separated ("military,economic")
    Column("quad", Integer, nullable=False),  # 1..4: verbal/material cooperation/conflict
    Column("score", Float, nullable=False),  # PLOVER score, -10 .. +10
    Column("time", String(16)),  # None: at the article's date; past | future | hypothetical
    Column("negated", Boolean, nullable=False),
    Column("kind", String(16), nullable=False),  # statement | action
    Column("qid", String(32)),  # the quote it comes from (Quote.id), None for narration
    Column("statement_key", BigInteger),  # that quote's statement (quotes.statement_key)
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("trigger_text", Text),
    Column("trigger_start", Integer),
    Column("trigger_end", Integer),
    Column("cameo", String(8)),
    Column("confidence", Float, nullable=False),
    Column("inferred", String(32)),  # roles filled from the statement ("source,target")
    Column("sort_date", UtcDateTime, nullable=False),
    Column("outlet", String(200)),
    Index("ix_relations_article_pk", "article_pk"),
    Index("ix_relations_sort_date", "sort_date"),
    Index("ix_relations_event_sort_date", "event", "sort_date"),
)

# The actors of a relation, as PLOVER lists them: role "source" (PLOVER's actor) or
# "target" (its recipient), in the order the words name them.
relation_actors = Table(
    "relation_actors",
    metadata,
    Column(
        "relation_pk",
        PK,
        ForeignKey("relations.pk", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    Column("role", String(8), primary_key=True),
    Column("position", Integer, primary_key=True, autoincrement=False),
    Column("key", String(200)),  # actor id, "name:…", or None (a country known only by code)
    Column("name", Text),
    Column("type", String(16)),
    Column("country", String(3)),
    Column("sector", String(40)),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Index("ix_relation_actors_key", "key", "role"),
    Index("ix_relation_actors_country", "country", "role"),
    sqlite_with_rowid=False,
)

# Analysts' corrections (corrections.py): records of their own, applied to every article
# the store keeps, whenever it keeps it again. ``id`` is a hash of the record, the same on
# every machine (exports and imports); ``pk`` only orders the rows of one database.
corrections = Table(
    "corrections",
    metadata,
    Column("pk", PK, primary_key=True, autoincrement=True),
    Column("id", String(16), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),  # merge | split | rename | speaker
    Column("actor", String(200), index=True),
    Column("target", String(200)),
    Column("name", Text),
    Column("type", String(16)),
    Column("form", Text),
    Column("article_id", String(16), index=True),
    Column("start", Integer),
    Column("end", Integer),
    Column("words", Text),
    Column("by", String(200), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("note", Text),
)

# Counts kept up to date on write (aggregates.py): per filter (every quote, a speaker's, an
# actor's mentions, a year's) and dim (speaker, about, outlet, language, kind, month, year,
# network edge), how many reports and distinct statements, first and last local day.
agg_counts = Table(
    "agg_counts",
    metadata,
    Column("filter", String(220), primary_key=True),
    Column("dim", String(16), primary_key=True),
    Column("value", String(420), primary_key=True),
    Column("reports", BigInteger, nullable=False),
    Column("statements", BigInteger, nullable=False),
    Column("first", String(10)),
    Column("last", String(10)),
    # Only the network's edges are too many to sort per request (hundreds of thousands for
    # every quote); the other dims are read by their key and sorted. A partial index keeps
    # writes cheap: most cells change without moving an index entry.
    Index(
        "ix_agg_counts_edges",
        "filter",
        "reports",
        "value",
        sqlite_where=text("dim = 'edge'"),
        postgresql_where=text("dim = 'edge'"),
    ),
    sqlite_with_rowid=False,
)
