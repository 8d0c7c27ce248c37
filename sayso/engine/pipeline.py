"""The pipeline, in one place: read → analyse (``nlp``) → resolve actors (``actors``) → code
relations (``events``) → store.

Every way into sayso runs these functions: ``sayso extract`` and ``sayso.extract`` (read and
analyse), ``sayso ingest`` (the same, in worker processes with ``--workers``, then stored by
``batch.py``) and the web upload. So one file gives the same speakers and actor ids
whichever way it comes in.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from sayso.engine.actors import actor_records
from sayso.model import Article, Failure

if TYPE_CHECKING:  # imported on use below: resolution and the store are heavy imports
    from sayso.actors.article import ResolvedArticle
    from sayso.store import Store
    from sayso.store.write import SaveResult


def analyse_article(article: Article) -> ResolvedArticle:
    """The whole analysis of one article: statements and entities, then their actors, then
    the relations (PLOVER events) between those actors, all on one spaCy parse.

    A pure function of the article and the knowledge base (both load once per process).
    """
    # Imported on first use: spaCy is heavy, and a process that only reads and stores
    # (the parent of batch workers, ``import sayso``) never needs it.
    from sayso.actors.article import ResolvedArticle, resolve_article
    from sayso.events import code_events
    from sayso.nlp import analyse_doc, is_analysable, parse

    if not is_analysable(article):  # kept, flagged, not analysed (e.g. not English)
        return ResolvedArticle(article, [])
    doc = parse(article.text)
    article = analyse_doc(article, doc)
    if not article.entities:  # nothing to resolve: skip loading the KB; no actor, no relation
        return ResolvedArticle(article, [])
    resolved = resolve_article(article)
    resolved.article.relations = code_events(resolved.article, doc)
    return resolved


def analyse_each(items: Iterable[Article | Failure]) -> Iterator[ResolvedArticle | Failure]:
    """Each article analysed; failures (inputs that could not be read) pass through."""
    for item in items:
        yield item if isinstance(item, Failure) else analyse_article(item)


def read_and_analyse(inputs: Iterable[str]) -> Iterator[ResolvedArticle | Failure]:
    """Read the inputs (paths, folders, globs, URLs, ``-``) and analyse their articles.

    Failures are yielded, not raised, so a batch goes on past a bad input.
    """
    from sayso.ingest import read_inputs  # the readers pull in trafilatura: load on use

    return analyse_each(read_inputs(inputs))


def save_analysed(
    store: Store, batch: Sequence[ResolvedArticle], actors_written: set[str]
) -> list[SaveResult | Exception]:
    """Store analysed articles (one transaction, see ``Store.save_batch``), then the details
    (aliases, dated roles) of the actors they name that ``actors_written`` lacks; the ids
    written are added to it so a long run writes each actor once."""
    results = store.save_batch([resolved.article for resolved in batch])
    stored = [r for r, out in zip(batch, results, strict=True) if not isinstance(out, Exception)]
    records = actor_records(stored, actors_written)
    if records:
        store.load_actors(records)
    return results
