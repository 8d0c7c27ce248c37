"""What a page says about itself: title, author, URL, site name, description, and the date
trafilatura's date search (htmldate) finds, searched only when asked for.

This is trafilatura's ``extract_metadata`` (the pinned 2.3.1) step for step, less what
sayso never stores, which cost half of reading a kremlin.ru page:

- categories, tags and licence are not read at all;
- the date search runs only when the caller asks for its date (``PageMeta.found_date``):
  ``html.published_datetime`` asks only when the page's own markup and its site rule give no
  date (every kremlin.ru page gives one);
- the author search runs only when some element could give an author
  (``author_candidates``): its XPaths (``AUTHOR_XPATHS``) test the element's own
  attributes, which pruning a copy of the page (as it does first) leaves as they are, and
  it takes an element's text, which pruning only shortens. So when no attribute value has
  what they look for, or the elements that have it hold no text, it would find nothing:
  kremlin.ru pages have one such element, ``<link rel="author">``, without text.

So every field is what ``extract_metadata`` gives on the same tree (the test
``test_page_meta_is_trafilaturas_extract_metadata`` compares them on real pages).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from typing import cast

from lxml.etree import XPath
from lxml.html import HtmlElement

from sayso.ingest.selectors import attribute_values

# What trafilatura's AUTHOR_XPATHS test, by way of a superset: one needle per literal they
# look for in an attribute ("uthor" covers author, Author, AuthorCard and authorName;
# "yline" Byline and byline; "byl" the class "byl"). Besides attributes they match an
# <author> element, an element with a <rel> child whose text is "me" (``rel='me'``: a
# child element, not the attribute) and, of the rel attribute, only rel="author".
AUTHOR_NEEDLES = re.compile(
    "uthor|yline|byl|BBL|username|channel-name|zuozhe|bianji|xiaobian|submitted-by|"
    "posted-by|journalist-name|screenname|writer"
)
REL_VALUES = XPath("//@rel", smart_strings=False)
# Elements that may match whatever the other attributes say.
AUTHOR_BY_REL = XPath("//*[@rel='author'] | //author | //*[rel]")


@dataclass(slots=True)
class PageMeta:
    title: str | None = None
    author: str | None = None
    sitename: str | None = None
    url: str | None = None
    description: str | None = None
    date_search: Callable[[], str | None] | None = None
    _date: tuple[str | None] | None = None

    def found_date(self) -> str | None:
        """The publication date (YYYY-MM-DD) trafilatura's date search finds, searched on
        the first call; None if it finds none or fails."""
        if self._date is None:
            try:
                self._date = (self.date_search() if self.date_search else None,)
            except Exception:  # noqa: BLE001 - broken metadata must not lose the body text
                self._date = (None,)
        return self._date[0]


def page_meta(tree: HtmlElement, default_url: str | None, values: str | None = None) -> PageMeta:
    """``extract_metadata(tree, default_url=...)``'s title, author, URL, site name,
    description and (when asked) date. Raises what it raises. ``values``: the
    ``attribute_values`` of ``tree`` or of the page it was cut from, if known."""
    from htmldate import find_date
    from trafilatura.metadata import (
        META_URL,
        Document,
        examine_meta,
        extract_author,
        extract_domain,
        extract_meta_json,
        extract_sitename,
        extract_title,
        extract_url,
        set_date_params,
    )

    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None
    with suppress(Exception):  # as extract_metadata: bugs in its JSON-LD reader
        metadata = extract_meta_json(tree, metadata)
    if not metadata.title:
        metadata.title = extract_title(tree)
    if not metadata.author and author_candidates(tree, values):
        metadata.author = extract_author(tree)
    if not metadata.url:
        metadata.url = extract_url(tree, default_url)
    if metadata.url:
        metadata.hostname = extract_domain(metadata.url, fast=True)
    date_config = {**set_date_params(True), "url": metadata.url}
    if not metadata.sitename:
        metadata.sitename = extract_sitename(tree)
    if metadata.sitename:
        metadata.sitename = metadata.sitename.lstrip("@")  # a Twitter handle
        name = metadata.sitename
        if name and "." not in name and not name[0].isupper():
            metadata.sitename = name.title()
    elif metadata.url and (match := META_URL.match(metadata.url)):
        metadata.sitename = match[1]
    metadata.clean_and_trim()

    def date_search() -> str | None:
        dated = Document(date=find_date(tree, **date_config))
        dated.clean_and_trim()  # as extract_metadata trims every field
        return dated.date

    return PageMeta(
        title=metadata.title,
        author=metadata.author,
        sitename=metadata.sitename,
        url=metadata.url,
        description=metadata.description,
        date_search=date_search,
    )


def author_candidates(tree: HtmlElement, values: str | None = None) -> bool:
    """Whether trafilatura's author search could find an author in ``tree``: some element
    that may match its XPaths has text (it takes an element's text, 3 to 119 characters;
    pruning a copy only removes text).

    The attribute values (``values``: of ``tree``, or of the page it was cut from, which
    has them all) show whether any but rel has a needle; most pages have none, and then
    only the elements ``AUTHOR_BY_REL`` names need a look (kremlin.ru: a <link
    rel="author">). A cut ``tree`` has no more needles, outside rel, than its page."""
    if values is None:
        values = attribute_values(tree)
    # (each match is in one value: no needle holds the newline that joins them)
    in_rel = AUTHOR_NEEDLES.findall("\n".join(cast("list[str]", REL_VALUES(tree))))
    if len(AUTHOR_NEEDLES.findall(values)) > len(in_rel):
        return True  # an id, class, itemprop... may name the author
    elements = cast("list[HtmlElement]", AUTHOR_BY_REL(tree))
    return any("".join(element.itertext()).split() for element in elements)
