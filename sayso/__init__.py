"""sayso: who said what, about whom, when — attributed quotes from political news."""

from sayso.model import Article, Entity, Failure, Mention, Quote, Span

__version__ = "0.1.0"
__all__ = ["Article", "Entity", "Failure", "Mention", "Quote", "Span", "extract"]


def extract(text_or_path, **kwargs):  # type: ignore[no-untyped-def]
    """See ``sayso.api.extract``; imported lazily so ``import sayso`` stays light."""
    from sayso.api import extract as _extract

    return _extract(text_or_path, **kwargs)
