"""The store: keep analysed articles, deduplicate them, search and export them.

One code path for SQLite (default ``sqlite:///sayso.db``, WAL mode) and PostgreSQL
(``postgresql+psycopg://user@host:5432/db``). The schema is created or upgraded by the
alembic migrations in ``sayso/store/migrations`` the first time a ``Store`` opens a
database (or with ``sayso db upgrade``).

Writing::

    from sayso.store import Store
    store = Store("sqlite:///sayso.db")          # or Store() to use $SAYSO_DB
    result = store.save(article)                 # SaveResult(article_id, status, quotes)
    result.status                                # "new" | "updated" | "unchanged"
    store.load_actors([{"id": "Q28353", "name": "Aleksandr Lukashenko", "type": "PERSON",
                        "aliases": ["Lukashenka"], "roles": [{"title": "President of Belarus",
                        "country": "BLR", "start": "1994-07-20", "end": None}]}])

Each ``save`` is one transaction: the article and all its analysis, or nothing. Saving the
same text again is a no-op; a changed text at the same URL (or source) replaces the old
article; near-duplicate texts (syndicated copies, re-headed wire stories) are grouped into
one *story* (MinHash LSH; ``story_id`` is None for an article with no copy); the same words
by the same speaker in several articles are one *statement* with several *reports*.

Keys: an article's id is the hash of its text (``Article.id``); a quote's id is an integer
(``QuoteHit.id``) stable while its article is stored; a statement's id is the hash of
its speaker key and folded words, 16 hex digits like an article id and as stable across
databases (``QuoteHit.statement_id``); actors are knowledge-base ids, or
``"name:<folded name>"`` for people known only by name.

Reading (every result is a dataclass from ``sayso.store.records`` with ``to_dict()``; a
quote, ``QuoteHit``, is one flat row whose fields are the columns of every quote table the
web and the CLI write)::

    page = store.search_quotes(speaker="Lukashenko", query="allies", since="2024-01-01",
                               limit=20)                    # newest first
    page = store.search_quotes(QuoteFilters(query="sanctions"), sort="relevance")
    for hit in page.items:                                  # QuoteHit
        hit.text, hit.speaker_name, hit.about_names, hit.published, hit.outlet, hit.reports
    next_page = store.search_quotes(speaker="Lukashenko", after=page.next_cursor)

    store.count_quotes(speaker="Putin")                     # every report
    store.count_quotes(speaker="Putin", by="statement")     # syndication not counted twice
    store.facets(query="Ukraine")                           # {"speaker": [FacetValue], ...}
    store.timeline(speaker="Putin", interval="month", by="statement")
    store.network(since="2024-01-01")                       # Network(nodes, edges with dates)
    store.get_article(article_id)                           # ArticleRecord with quotes
    store.get_statement(hit.statement_id)                   # StatementRecord with its quotes
    store.search_statements(speaker="Putin")                # Page of StatementSummary
    store.get_story(record.story_id)                        # StoryRecord: the copies
    store.get_actor("Q28353"); store.find_actors("Lukashenko")
    store.list_actors(type="PERSON", limit=50)              # Page of ActorRecord, most used
    store.search_articles("Belarus Russia", outlet="kremlin.ru")
    store.stats()

Filters (``QuoteFilters`` fields or keywords): ``query`` (full text: words, "phrases",
``OR``, ``-not``), ``speaker`` and ``about`` (actor id or name; a list = any), ``since``,
``until`` (inclusive dates), ``outlet``, ``language``, ``kind`` (str or list),
``article_id``, ``statement_id``, ``story_id``. Speakers not linked to the knowledge base
have keys ``"name:<folded name>"`` (``QuoteHit.speaker_key``).

A value the store cannot use raises ``BadFilter`` naming the filter (``.field``); a cursor
it did not hand out for that list raises ``BadCursor`` (a ``BadFilter`` on ``after``).

Corrections (``sayso.store.corrections``): analysts' merges, splits, renames and speaker
fixes are records of their own, applied to every article the store keeps, whenever it
keeps it again (so they survive re-ingest and re-analysis)::

    store.correct(Correction(kind="merge", actor="name:leavitt", target="new:…", …))
    store.corrections(actor="wd:Q7747"); store.add_corrections(read_from_a_file)
    hit.corrected                     # the id of the correction that set this speaker

Exports: ``sayso.store.export`` writes quotes, articles and actors as CSV, JSONL or
Parquet and the speaker → mentioned-actor network as GEXF.
"""

from sayso.store.corrections import BadCorrection, Correction
from sayso.store.cursors import BadCursor
from sayso.store.db import StoreError
from sayso.store.records import (
    ActorRecord,
    ArticleRecord,
    ArticleSummary,
    BadFilter,
    FacetValue,
    Network,
    NetworkEdge,
    NetworkNode,
    Page,
    QuoteFilters,
    QuoteHit,
    SearchSummary,
    StatementRecord,
    StatementSummary,
    Stats,
    StoryRecord,
    TimelinePoint,
)
from sayso.store.store import Store
from sayso.store.write import SaveResult

__all__ = [
    "ActorRecord",
    "ArticleRecord",
    "ArticleSummary",
    "BadCorrection",
    "BadCursor",
    "BadFilter",
    "Correction",
    "FacetValue",
    "Network",
    "NetworkEdge",
    "NetworkNode",
    "Page",
    "QuoteFilters",
    "QuoteHit",
    "SaveResult",
    "SearchSummary",
    "StatementRecord",
    "StatementSummary",
    "Stats",
    "Store",
    "StoreError",
    "StoryRecord",
    "TimelinePoint",
]
