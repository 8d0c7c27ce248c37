"""What HTML (a page, a feed entry, raw HTML in Markdown) would cost to parse, measured
before a parser sees it, against the limits of ``sayso.ingest.limits``.

Parsers are fast per element but not always per input: libxml2 compares each attribute of
an element with all the earlier ones (200,000 attributes on one ``<p>`` take six minutes),
trafilatura's table reading is quadratic in the cells of a row, and every element costs
memory and time in every later pass. So the markup is measured first, in linear time with
regular expressions that never backtrack (possessive quantifiers):

- ``check_markup(text)`` before parsing: start tags (elements), attributes on one element,
  character references (``&amp;``, ``&#1041;``);
- ``check_tree(tree)`` after libxml2's parse, before trafilatura: children of one element;
- ``check_markdown(text)`` before markdown-it: the marks that make its tokens.

Over a limit, ``TooComplex`` is raised with a message naming the limit and how to raise it.
Counts err on the side of more (a ``<b`` inside a script counts as an element), which only
matters for pages near a limit that is far above any real page's.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast

from lxml.etree import XPath

from sayso.ingest.limits import (
    MAX_HTML_ATTRIBUTES,
    MAX_HTML_CHILDREN,
    MAX_HTML_ELEMENTS,
    MAX_HTML_ENTITIES,
    MAX_MARKDOWN_MARKS,
    over_limit_reason,
)

if TYPE_CHECKING:
    from lxml.etree import _Element

START_TAG = re.compile(r"<[A-Za-z]")
ENTITY = re.compile(r"&(?:#[0-9]++|#[xX][0-9a-fA-F]++|[A-Za-z][A-Za-z0-9]*+);?")
# One start tag up to its attributes' end: quoted values may hold ">" and "<".
WHOLE_TAG = re.compile(
    r"""<[A-Za-z][^\s/>]*+(?:[\s/]++(?:[^\s"'>/=]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s"'>]*+))?+)?+)*+"""
)
ATTRIBUTE = re.compile(r"""[^\s"'>/=]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s"'>]*+))?+""")
# The shortest attribute is two characters (" a"): a tag shorter than twice the limit
# cannot be over it, so only longer tags are counted one by one.
CHARS_PER_ATTRIBUTE = 2


# The first element (in document order) with more than ``$cap`` children: what ``len()``
# counts, elements, comments and processing instructions, not text.
OVER_CHILDREN = XPath(
    "(descendant-or-self::*[count(*|comment()|processing-instruction()) > $cap])[1]"
)

# Characters that open or close Markdown inline syntax (links, emphasis, code, HTML,
# strikethrough, entities): each may become a token.
MARKDOWN_MARKS = "[]*_`<!~&"


class TooComplex(ValueError):
    """Markup over a parse limit; the message says which and what to do."""


def check_markup(text: str) -> None:
    """Raise TooComplex if ``text`` has more elements, attributes on one element or
    character references than the limits allow."""
    elements = len(START_TAG.findall(text))
    if elements > MAX_HTML_ELEMENTS.value():
        raise TooComplex(over_limit_reason("too many HTML elements", elements, MAX_HTML_ELEMENTS))
    max_attributes = MAX_HTML_ATTRIBUTES.value()
    longest = CHARS_PER_ATTRIBUTE * max_attributes
    for tag in WHOLE_TAG.finditer(text):
        if tag.end() - tag.start() > longest:
            attributes = len(ATTRIBUTE.findall(tag.group())) - 1  # the tag's name
            if attributes > max_attributes:
                raise TooComplex(
                    over_limit_reason(
                        "too many attributes on one HTML element", attributes, MAX_HTML_ATTRIBUTES
                    )
                )
    max_entities = MAX_HTML_ENTITIES.value()
    if text.count("&") > max_entities:
        entities = len(ENTITY.findall(text))
        if entities > max_entities:
            raise TooComplex(
                over_limit_reason(
                    "too many character references (&amp;, &#...;)", entities, MAX_HTML_ENTITIES
                )
            )


def check_tree(tree: _Element) -> None:
    """Raise TooComplex if an element of the parsed ``tree`` has more children than the
    limit allows (a table row of 50,000 cells)."""
    cap = MAX_HTML_CHILDREN.value()
    # counted by libxml2: walking the tree from Python makes an object of every element
    over = cast("list[_Element]", OVER_CHILDREN(tree, cap=cap))
    if over:
        raise TooComplex(
            over_limit_reason(
                f"too many children in one <{over[0].tag}> element",
                len(over[0]),
                MAX_HTML_CHILDREN,
            )
        )


def check_markdown(text: str) -> None:
    """Raise TooComplex if ``text`` holds more Markdown marks than the limit allows."""
    cap = MAX_MARKDOWN_MARKS.value()
    if len(text) <= cap:
        return
    marks = sum(text.count(mark) for mark in MARKDOWN_MARKS)
    if marks > cap:
        raise TooComplex(over_limit_reason("too much Markdown markup", marks, MAX_MARKDOWN_MARKS))
