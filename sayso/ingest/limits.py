"""Every limit and policy of reading inputs, in one place: what one input may cost.

A crawl, a feed or a colleague can hand sayso anything; each limit below keeps one input
from taking unbounded memory or time, so that the rest of a batch goes on. An input over a
limit gives one ``Failure`` that names the limit and the variable raising it (or, for
metadata, the field is dropped with a warning in ``Article.meta["warnings"]``).

Each limit has a documented default and a ``SAYSO_*`` environment override (a whole
number); README's "Limits" section lists them (``limits_table()`` writes it). The
policies (following symbolic links, fetching from private addresses) are off unless asked
for, with ``--follow-links`` / ``--allow-private`` or their variables.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Protocol

from sayso.config import env_int

TRUE_WORDS = ("1", "true", "yes", "on")


@dataclass(frozen=True, slots=True)
class Limit:
    """One limit: its variable, default and what it bounds (a sentence for the README)."""

    env: str
    default: int
    meaning: str
    unit: str = ""  # "bytes" for sizes (shown as "20 MB"), else a plain count

    def value(self) -> int:
        """The limit in force: the environment's whole number, else the default."""
        return env_int(self.env, self.default)

    def shown(self, n: int | None = None) -> str:
        n = self.value() if n is None else n
        return human_size(n) if self.unit == "bytes" else f"{n:,}"

    def raise_hint(self) -> str:
        return f"raise it with {self.env}=<{self.unit or 'number'}>"


MAX_BYTES = Limit(
    "SAYSO_MAX_BYTES",
    20 * 1024 * 1024,
    "bytes read from one input (file, stdin, fetched URL) and inflated from one archived page",
    "bytes",
)
# Inflating more than this is time spent on something that holds no article worth it: a
# 20 MB .warc.gz of real pages inflates to ~100-200 MB; a zip bomb to terabytes. (Reading
# 512 MB of inflated records takes 2-4 s.)
MAX_INFLATED_BYTES = Limit(
    "SAYSO_MAX_INFLATED_BYTES",
    512 * 1024 * 1024,
    "bytes decompressed from one archive (all records of a .warc.gz, skipped ones included)",
    "bytes",
)
# The largest real page among 5,073 kremlin.ru pages and the test fixtures has 2,500
# elements; parsing costs ~0.2 ms per element in trafilatura.
MAX_HTML_ELEMENTS = Limit(
    "SAYSO_MAX_HTML_ELEMENTS",
    100_000,
    "HTML elements in one page, counted before parsing",
)
# libxml2 compares each attribute of an element with all the earlier ones: 200,000
# attributes on one <p> take six minutes to parse.
MAX_HTML_ATTRIBUTES = Limit(
    "SAYSO_MAX_HTML_ATTRIBUTES",
    1_000,
    "attributes on one HTML element, counted before parsing",
)
# trafilatura's table reading is quadratic in the cells of a row (40,000 cells: 14 s).
MAX_HTML_CHILDREN = Limit(
    "SAYSO_MAX_HTML_CHILDREN",
    10_000,
    "children of one HTML element (the cells of one table row, the paragraphs of one block)",
)
MAX_HTML_ENTITIES = Limit(
    "SAYSO_MAX_HTML_ENTITIES",
    500_000,
    "character references (&amp;, &#1041;) in one page",
)
# markdown-it-py spends 20-100 µs on each mark of dense markup and keeps a token of ~300
# bytes for it: 2 MB of links take 30 s and 600 MB; 50,000 marks 1-3 s and 40 MB. Real
# articles have a few thousand.
MAX_MARKDOWN_MARKS = Limit(
    "SAYSO_MAX_MARKDOWN_MARKS",
    50_000,
    "Markdown marks (brackets, asterisks, underscores, backticks, <, !, ~, &) in one file, "
    "counted before parsing",
)
# A row of metadata is sent whole by the API: keep it small next to the text.
MAX_META_BYTES = Limit(
    "SAYSO_MAX_META_BYTES",
    256 * 1024,
    "metadata kept per article (front matter, extra JSONL fields), as JSON; the largest "
    "fields are dropped first, each with a warning; longer front matter is not parsed",
    "bytes",
)

# Analysis takes 0.05-2 s for a real article on one core (the longest kremlin.ru transcripts,
# ~100,000 characters, about 10 s); a slow machine or a busy one may take several times that.
MAX_ARTICLE_SECONDS = Limit(
    "SAYSO_ARTICLE_SECONDS",
    300,
    "seconds of analysis per article (wall time): an article over it is stopped and "
    "reported as failed, the run goes on",
)

# spaCy's parse of a long text is kept whole for the analysis (one Doc, ~110 bytes a token
# once tok2vec's output is dropped) next to the slices it is joined from: 1,000,000
# characters (~200,000 tokens) peak at ~450 MB with the model; a 20 MB text analysed whole
# would pass 1 GB (and take an hour of one core). Real articles are under 200,000.
MAX_ANALYSED_CHARS = Limit(
    "SAYSO_MAX_ANALYSED_CHARS",
    1_000_000,
    "characters of one article analysed, from its start (cut at a paragraph, line or "
    "sentence break): the rest is stored and searchable, without statements, with a warning",
)

LIMITS = (
    MAX_BYTES,
    MAX_INFLATED_BYTES,
    MAX_HTML_ELEMENTS,
    MAX_HTML_ATTRIBUTES,
    MAX_HTML_CHILDREN,
    MAX_HTML_ENTITIES,
    MAX_MARKDOWN_MARKS,
    MAX_META_BYTES,
    MAX_ARTICLE_SECONDS,
    MAX_ANALYSED_CHARS,
)

# Article fields that name something, in characters: longer is not a title or a name but a
# page read wrongly. The field is dropped with a warning. (The store's outlet column holds
# 200 characters.)
MAX_FIELD_CHARS = {"title": 1_000, "author": 500, "outlet": 200}

# Publication years an article may have: anything else is a misread date, dropped with a
# warning. (A year-1 date with a +14:00 offset cannot even be put in UTC.)
PUBLISHED_YEARS = (1800, 2200)

# Fetching a URL (sayso.ingest.http): seconds to connect, between two reads, and for the
# whole download (a server dripping a byte at a time never trips the read timeout), and
# redirects followed.
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 30.0
TOTAL_TIMEOUT = 120.0
MAX_REDIRECTS = 5

# Warnings kept per article; the rest are counted in the last one.
MAX_WARNINGS = 20


class Seen(Protocol):
    """Whether the store already holds an entry read from these very bytes, analysed by
    this very analyser: then reading it (and analysing it) can be skipped. ``source`` is
    the entry's ``Article.source``; ``key`` where its bytes come from on this machine (the
    real path, ``#N`` for the Nth record of an archive, or the URL)."""

    def __call__(self, source: str, key: str, data: bytes) -> bool: ...


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """What reading may do beyond the inputs named: both off unless asked for; and, for
    ``sayso ingest``, which entries need not be read again (``seen``)."""

    follow_links: bool = False  # read what symbolic links in walked folders point to
    allow_private: bool = False  # fetch from loopback, private, link-local addresses
    seen: Seen | None = field(default=None, compare=False)

    @classmethod
    def from_env(cls) -> ReadOptions:
        """SAYSO_FOLLOW_LINKS=1 and SAYSO_ALLOW_PRIVATE=1 (set by the CLI flags too)."""
        return cls(
            follow_links=env_flag("SAYSO_FOLLOW_LINKS"),
            allow_private=env_flag("SAYSO_ALLOW_PRIVATE"),
        )


def env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in TRUE_WORDS


def max_bytes() -> int:
    """Largest input sayso reads, in bytes: env SAYSO_MAX_BYTES, default 20 MB."""
    return MAX_BYTES.value()


def human_size(n: int) -> str:
    """``20971520`` → ``"20 MB"``; ``1536`` → ``"1.5 KB"``; small counts stay in bytes."""
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= size:
            return f"{n / size:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} bytes"


def too_big_reason(size: int | None, cap: int) -> str:
    """The Failure reason for an input over the cap (``size`` None when only known to be over)."""
    if size is None:
        what = ""
    elif human_size(size) == human_size(cap):  # "20 MB, over the 20 MB cap" would puzzle
        what = f" ({size:,} bytes)"
    else:
        what = f" ({human_size(size)})"
    return (
        f"too large{what}: over the {human_size(cap)} size cap "
        "(split it, or raise the cap with SAYSO_MAX_BYTES=<bytes>)"
    )


def over_limit_reason(what: str, found: int | None, limit: Limit) -> str:
    """``"too many HTML elements (800,000): over the limit of 100,000 (...)"``: what is over
    which limit, and how to raise it when the input is genuine."""
    count = f" ({limit.shown(found)})" if found is not None else ""
    return (
        f"{what}{count}: over the limit of {limit.shown()} (refused so that one input cannot "
        f"stall the run; if it is a genuine article, {limit.raise_hint()})"
    )


def limits_table() -> str:
    """The README's table of limits, from the definitions above."""
    rows = ["| variable | default | bounds |", "|---|---|---|"]
    for limit in LIMITS:
        rows.append(f"| `{limit.env}` | {limit.shown(limit.default)} | {limit.meaning} |")
    return "\n".join(rows)
