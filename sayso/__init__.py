"""sayso: who said what, about whom, when — attributed quotes from political news.

``sayso.extract(path_or_text)`` → analysed Articles (see ``sayso.python_api``). Importing
sayso stays light: readers and models load on the first call.
"""

from sayso.model import Article, Entity, Failure, Mention, Quote, Span
from sayso.python_api import InputError, extract
from sayso.version import __version__

__all__ = [
    "Article",
    "Entity",
    "Failure",
    "InputError",
    "Mention",
    "Quote",
    "Span",
    "__version__",
    "extract",
]
