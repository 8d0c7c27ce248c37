"""The pipeline, in one place: read → analyse (``nlp``) → resolve actors (``actors``) → code
relations (``events``) → store.

Every way into sayso runs these functions: ``sayso extract`` and ``sayso.extract`` (read and
analyse), ``sayso ingest`` (the same, in worker processes with ``--workers``, then stored by
``batch.py``) and the web upload. So one file gives the same speakers and actor ids
whichever way it comes in.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from sayso.engine.actors import actor_records
from sayso.model import Article, Failure

if TYPE_CHECKING:  # imported on use below: resolution and the store are heavy imports
    from spacy.tokens import Doc

    from sayso.actors.article import ResolvedArticle
    from sayso.ingest.registry import Deferred
    from sayso.store import Store
    from sayso.store.write import SaveResult


# In ``Article.meta`` of an article analysed in part: how many characters were analysed.
ANALYSED_CHARS = "analysed_chars"


def analyse_article(article: Article) -> ResolvedArticle:
    """The whole analysis of one article: statements and entities, then their actors, then
    the relations (PLOVER events) between those actors, all on one spaCy parse.

    A pure function of the article and the knowledge base (both load once per process).
    """
    # Imported on first use: spaCy is heavy, and a process that only reads and stores
    # (the parent of batch workers, ``import sayso``) never needs it.
    from sayso.actors.article import ResolvedArticle
    from sayso.nlp import needs_parsing, parse

    if not needs_parsing(article):  # kept, flagged, not analysed (e.g. not English)
        return ResolvedArticle(article, [])
    text = article.text
    part = analysed_part(article)
    analysed = len(part.text)
    resolved = analyse_parsed(part, parse(part.text))
    if analysed < len(text):  # the findings' offsets hold in the whole text: put it back
        from sayso.ingest.checks import add_warnings

        resolved.article.text = text
        resolved.article.meta[ANALYSED_CHARS] = analysed
        add_warnings(resolved.article, [unanalysed_warning(analysed, len(text))])
    return resolved


def analysed_part(article: Article) -> Article:
    """``article``, or when its text is longer than SAYSO_MAX_ANALYSED_CHARS a copy holding
    the text's start, cut at a break (``nlp.pipeline.slice_end``)."""
    from sayso.ingest.limits import MAX_ANALYSED_CHARS
    from sayso.nlp.pipeline import slice_end

    limit = MAX_ANALYSED_CHARS.value()
    if len(article.text) <= limit:
        return article
    return dataclasses.replace(article, text=article.text[: slice_end(article.text, 0, limit)])


def unanalysed_warning(analysed: int, total: int) -> str:
    from sayso.ingest.limits import MAX_ANALYSED_CHARS

    return (
        f"only the first {analysed:,} of {total:,} characters were analysed "
        f"({MAX_ANALYSED_CHARS.env}); the rest is stored and searchable, without statements"
    )


def analyse_parsed(article: Article, doc: Doc) -> ResolvedArticle:
    """The analysis of an article on its spaCy parse ``doc``: statements and entities, their
    actors, the relations between them."""
    from sayso.actors.article import ResolvedArticle, resolve_article
    from sayso.events import code_events
    from sayso.nlp import analyse_doc

    article = analyse_doc(article, doc)
    if not article.entities:  # nothing to resolve: skip loading the KB; no actor, no relation
        return ResolvedArticle(article, [])
    resolved = resolve_article(article)
    resolved.article.relations = code_events(resolved.article, doc)
    return resolved


def read_entries(items: Sequence[Article | Deferred | Failure]) -> list[Article | Failure]:
    """Pages still to read (``Deferred``: ``sayso ingest`` may leave reading to its workers)
    read, each to its Article or Failure; articles and failures as they are."""
    from sayso.ingest import finish

    return [item if isinstance(item, Article | Failure) else finish(item) for item in items]


def needs_models(items: Sequence[Article | Failure]) -> bool:
    """Whether analysing ``items`` needs spaCy (and so, likely, the knowledge base): not
    when none is an article to analyse (failures, pages without an article, articles kept
    but not analysed such as non-English ones)."""
    # not_analysed_because, not nlp.needs_parsing (the same test): importing sayso.nlp
    # imports spaCy (~2.5 s)
    return any(isinstance(item, Article) and item.not_analysed_because is None
               for item in items)


def analyse_articles(
    items: Sequence[Article | Deferred | Failure],
) -> list[ResolvedArticle | Failure]:
    """``analyse_article`` over several articles, their texts parsed together by spaCy's
    ``nlp.pipe`` (cheaper than one call per article). Each article is its own unit: one
    whose analysis raises is that article's ``Failure``, the others are analysed. Pages
    still to read are read first (``read_entries``); one that cannot be read is its
    Failure, and failures pass through."""
    read = read_entries(items)
    articles = [item for item in read if isinstance(item, Article)]
    if not articles:  # pages without an article: nothing to import (spaCy takes ~2.5 s)
        return [item for item in read if isinstance(item, Failure)]  # all of them

    from sayso.nlp import needs_parsing
    from sayso.nlp.pipeline import SLICE_CHARS, get_nlp

    # A long text is parsed alone, in slices (nlp.pipeline.parse), never whole in a batch.
    parsed = [a for a in articles if needs_parsing(a) and len(a.text) <= SLICE_CHARS]
    docs: dict[int, Doc] = {}
    if len(parsed) > 1:
        nlp = get_nlp()
        nlp.max_length = max(nlp.max_length, *(len(a.text) + 1 for a in parsed))
        try:
            docs = {id(a): doc for a, doc in zip(parsed, nlp.pipe(a.text for a in parsed),
                                                 strict=True)}
        except Exception:  # noqa: BLE001 - parsed again one by one below, to name the culprit
            docs = {}
    results: list[ResolvedArticle | Failure] = []
    for article in read:
        if isinstance(article, Failure):
            results.append(article)
            continue
        try:
            doc = docs.get(id(article))
            if doc is None:
                results.append(analyse_article(article))
                continue
            results.append(analyse_parsed(article, doc))
        except Exception as exc:  # noqa: BLE001 - one article's bug must not stop the others
            results.append(analysis_failure(article, exc))
    with_band_keys(results)
    return results


def with_band_keys(results: list[ResolvedArticle | Failure]) -> None:
    """Each article's LSH band keys, for the store's near-duplicate check: computed here,
    where articles are analysed in parallel, rather than by the one writer."""
    from sayso.store.dedup import text_band_keys

    for item in results:
        if not isinstance(item, Failure):
            item.band_keys = (item.article.id, text_band_keys(item.article.text))


def analysis_failure(article: Article, exc: BaseException) -> Failure:
    """An article whose analysis raised: named, with what to do (never a traceback)."""
    if isinstance(exc, MemoryError):
        why = "not enough memory to analyse it (split the text, or give sayso more memory)"
    elif isinstance(exc, RecursionError):
        why = "analysis went too deep on this text (is it generated?)"
    else:
        why = (f"analysis failed ({type(exc).__name__}: {str(exc)[:200]}): a sayso bug; "
               "please report it with this input (the other inputs are analysed)")
    return Failure(article.source, why)


def warm_up() -> None:
    """Load what analysis needs (spaCy, the knowledge base) now rather than inside the
    first article's analysis: an analysing process does it when the first batch that
    needs them comes (``sandbox.serve``), outside the articles' time limit."""
    from sayso.actors import load_kb
    from sayso.nlp.pipeline import get_nlp

    get_nlp()
    load_kb()


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
    store: Store,
    batch: Sequence[ResolvedArticle],
    actors_written: set[str],
    *,
    durable: bool = True,
) -> list[SaveResult | Exception]:
    """Store analysed articles (one transaction, see ``Store.save_batch``), then the details
    (aliases, dated roles) of the actors they name that ``actors_written`` lacks; the ids
    written are added to it so a long run writes each actor once. ``durable=False``: the
    caller commits durably next (``Store.save_batch``)."""
    results = store.save_batch(
        [resolved.article for resolved in batch],
        band_keys=[resolved.band_keys for resolved in batch],
        durable=durable,
    )
    stored = [r for r, out in zip(batch, results, strict=True) if not isinstance(out, Exception)]
    records = actor_records(stored, actors_written)
    if records:
        store.load_actors(records, durable=durable)
    return results
