"""CSS selectors on a parsed page, without the passes that cannot find anything.

Reading a page runs some 50 selectors (the drop lists, the lines that state another date,
where a publication date may be, the site rule's elements), and each is a pass of
libxml2's XPath over the whole page: 0.1-0.3 ms on a kremlin.ru page, a third of reading
it. Most find nothing, and most of those need an attribute value the page does not have
(``[role=navigation]``, ``.read__tooltip``, ``meta[property='article:published_time']``).
So the page's attribute values are read once, as plain strings in one pass
(``attribute_values``), and a selector whose attribute, class or id tests need a string
that none of them contains is not run (``could_match``). What is found is the same.
"""

from __future__ import annotations

from functools import cache
from typing import cast

from cssselect import parse
from cssselect.parser import (
    Attrib,
    Class,
    CombinedSelector,
    Element,
    Function,
    Hash,
    Matching,
    Negation,
    Pseudo,
    Relation,
    SpecificityAdjustment,
    Tree,
)
from lxml.cssselect import CSSSelector
from lxml.etree import XPath
from lxml.html import HtmlElement

ATTRIBUTE_VALUES = XPath("//@*", smart_strings=False)


def attribute_values(tree: HtmlElement) -> str:
    """Every attribute value in ``tree``, one a line (no selector's literal spans two:
    the check is only ever too lenient)."""
    # an XPath of attributes without smart strings gives plain str
    return "\n".join(cast("list[str]", ATTRIBUTE_VALUES(tree)))


@cache
def css(selector: str) -> CSSSelector:
    return CSSSelector(selector, translator="html")


def select(tree: HtmlElement, selector: str, values: str | None = None) -> list[HtmlElement]:
    """What ``selector`` matches in ``tree``, in document order; not looked for when
    ``values`` (``attribute_values`` of ``tree``, or of the page ``tree`` was cut from)
    lacks a string it needs."""
    if values is not None and not could_match(selector, values):
        return []
    # lxml's stubs type any XPath result (text, numbers, …); a CSS selector gives elements
    return cast("list[HtmlElement]", css(selector)(tree))


def could_match(selector: str, values: str) -> bool:
    """Whether some alternative of ``selector`` has every string it needs in ``values``."""
    lines = f"\n{values}\n"
    return any(all(need in lines for need in needs) for needs in needed_strings(selector))


@cache
def needed_strings(selector: str) -> tuple[tuple[str, ...], ...]:
    """For each alternative of the selector list, the strings that must be in the page's
    ``attribute_values`` (between newlines) for it to match: ``[a=v]`` needs a value that
    is v ("\nv\n"), ``[a^=v]`` one that starts with v ("\nv"), ``[a$=v]`` one that ends
    with it ("v\n"), ``[a*=v]``, ``[a~=v]``, ``[a|=v]``, a class ``.v`` or an id ``#v`` one
    that holds it (attribute values are case-sensitive); an attribute's name is not a value
    (``[hidden]`` needs none). What is under ``:not()`` or inside a pseudo-class's
    arguments is not needed."""
    return tuple(tuple(needs(alternative.parsed_tree)) for alternative in parse(selector))


def needs(tree: Tree) -> list[str]:
    if isinstance(tree, Attrib):
        return attribute_needs(tree) + needs(tree.selector)
    if isinstance(tree, Class):
        return [tree.class_name, *needs(tree.selector)]
    if isinstance(tree, Hash):
        return [f"\n{tree.id}\n", *needs(tree.selector)]
    if isinstance(tree, CombinedSelector):
        return needs(tree.selector) + needs(tree.subselector)
    if isinstance(tree, Function | Pseudo | Negation | Relation | Matching | SpecificityAdjustment):
        return needs(tree.selector)
    if isinstance(tree, Element):
        return []
    raise TypeError(f"a CSS selector part sayso does not know: {tree!r}")


def attribute_needs(attrib: Attrib) -> list[str]:
    if attrib.value is None:  # [a]
        return []
    value = cast("str", attrib.value.value)
    if attrib.operator == "=":
        return [f"\n{value}\n"]
    if attrib.operator == "^=":
        return [f"\n{value}"]
    if attrib.operator == "$=":
        return [f"{value}\n"]
    if attrib.operator in ("*=", "~=", "|="):
        return [value]
    return []  # [a!=v] (cssselect's "not equal") needs v absent
