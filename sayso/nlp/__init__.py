"""Analysis: find statements (quotes) and the people and organisations in an Article.

``analyse(article)`` is a pure function of the article (and the knowledge base): it fills
``article.quotes`` and ``article.entities`` and never touches the database.
"""

from __future__ import annotations

from sayso.model import Article


def analyse(article: Article) -> Article:
    """Fill in quotes and entities. Non-English articles are kept, flagged, not analysed."""
    # Placeholder until the attribution work lands: articles pass through unanalysed.
    return article
