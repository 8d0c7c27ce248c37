"""WARC web archives (.warc, .warc.gz) → one Article per archived HTML page, via warcio.

Each ``response`` record of status 200 with an HTML content type (and each HTML
``resource`` record) is read by ``html.html_to_article`` with url = WARC-Target-URI and the
publication date from the page itself, else the record's WARC-Date. Other records
(requests, metadata, images, redirects, errors) are skipped. A page that yields no article
gives a Failure naming ``archive#N`` (N = the record's position in the archive, from 1), and
so does the rest of the archive being unreadable: the pages read before the damage are kept.

``raw_ref`` is ``archive#N`` as well, and ``meta["warc_offset"]`` holds the record's byte
offset, so the raw page can be read again with ``warcio`` (``ArchiveIterator`` + seek).

Inflating is bounded (``limits``): an archived page is read up to ``SAYSO_MAX_BYTES`` after
any ``Content-Encoding`` is undone (a bigger one is that entry's Failure), and the whole
archive stops at ``SAYSO_MAX_INFLATED_BYTES`` decompressed (skipped records included), so a
small .warc.gz that inflates to gigabytes costs neither the memory nor the time.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from datetime import datetime
from typing import Any, BinaryIO  # Any: warcio is untyped (no stubs)

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

from sayso.dates import parse_datetime
from sayso.ingest.html import charset_of, html_to_article
from sayso.ingest.limits import MAX_INFLATED_BYTES, human_size, max_bytes, over_limit_reason
from sayso.ingest.registry import Deferred, RawInput, reader, seen_before
from sayso.ingest.sources import raw_ref
from sayso.model import Article, Failure

HTML_TYPES = ("text/html", "application/xhtml+xml")
NOT_WARC = "not a WARC archive, or cut off before its first record"


@reader("warc")
def read_warc(raw: RawInput) -> Iterator[Article | Failure | Deferred]:
    """The articles of a WARC archive, then one Failure if it is cut off or damaged."""
    try:
        yield from read_records(raw)
    finally:
        if raw.stream is not None:
            raw.stream.close()


def read_records(raw: RawInput) -> Iterator[Article | Failure | Deferred]:
    base_ref = raw_ref(raw) or raw.source
    records = bounded_records(raw.stream or io.BytesIO(raw.data))
    page_cap = max_bytes()
    number = pages = 0
    while True:
        record = None
        try:  # only warcio's reading is guarded here: its errors mean a damaged archive
            record = next(records, None)
            if record is None:
                break
            number += 1
            page = html_page(record, page_cap)
            records.read_to_end(record)
        except Exception as exc:  # noqa: BLE001 - warcio raises many kinds on bad input
            detail = damage_detail(exc)
            failed_at = number if record is not None else number + 1
            if isinstance(exc, InflatedTooMuch):
                yield Failure(raw.source, inflated_reason(failed_at, pages))
            elif failed_at == 1 and record is None:
                yield Failure(raw.source, f"{NOT_WARC} ({first_line(detail)})")
            else:
                yield Failure(raw.source, damaged_reason(failed_at, pages, detail))
            return
        if record.rec_type is None:
            yield Failure(raw.source, damaged_reason(number, pages, "no WARC-Type header"))
            return
        if not fully_read(record):
            yield Failure(raw.source, damaged_reason(number, pages, "the archive ends inside it"))
            return
        if page is None:
            continue
        pages += 1
        content_type, body = page
        if len(body) > page_cap:
            yield Failure(
                f"{raw.source}#{number}",
                f"archived page over {human_size(page_cap)} once decompressed: skipped "
                "(raise the cap with SAYSO_MAX_BYTES=<bytes> if it is a genuine article)",
            )
            continue
        if seen_before(raw, f"{raw.source}#{number}", body, f"#{number}"):
            continue
        entry = record_page(record, body, content_type, number, raw.source, base_ref,
                            records.get_record_offset())
        yield entry if raw.defer else entry.read()
    if number == 0:
        yield Failure(raw.source, NOT_WARC)
    elif pages == 0:
        yield Failure(
            raw.source,
            f"no HTML pages in this WARC archive ({number} records: requests, media, "
            "redirects or errors only)",
        )


def fully_read(record: Any) -> bool:
    """Whether the record's whole declared Content-Length was in the archive."""
    return getattr(record.raw_stream, "limit", 0) == 0


class InflatedTooMuch(Exception):
    """The archive inflated past SAYSO_MAX_INFLATED_BYTES."""


class BoundedReader(DecompressingBufferedReader):
    """warcio's reader, stopping once the archive has inflated past ``cap`` bytes, and
    reading lines (record and HTTP headers) of at most ``line_cap`` bytes: a header line
    of a gigabyte of zeros would otherwise be held whole."""

    def __init__(self, stream: Any, cap: int, line_cap: int) -> None:
        super().__init__(stream)
        self.cap = cap
        self.line_cap = line_cap

    def _process_read(self, data: bytes) -> None:
        super()._process_read(data)
        if self.num_read > self.cap:
            raise InflatedTooMuch

    def readline(self, length: int | None = None) -> bytes:
        return super().readline(length or self.line_cap)


def bounded_records(stream: BinaryIO) -> ArchiveIterator:
    """warcio's record iterator over ``stream``, reading through a BoundedReader."""
    records = ArchiveIterator(stream)
    records.reader = BoundedReader(records.fh, MAX_INFLATED_BYTES.value(), max_bytes())
    return records


def inflated_reason(number: int, pages: int) -> str:
    return over_limit_reason(
        f"the archive inflates to too much data (stopped in record {number}; the "
        f"{pages} page(s) before it were read)",
        None,
        MAX_INFLATED_BYTES,
    )


def html_page(record: Any, cap: int) -> tuple[str, bytes] | None:
    """(content type, body) of a record holding an archived HTML page, else None. The body
    is read up to ``cap`` + 1 bytes once its Content-Encoding is undone."""
    if record.rec_type == "response":
        if record.http_headers is None or record.http_headers.get_statuscode() != "200":
            return None
        content_type = record.http_headers.get_header("Content-Type") or ""
    elif record.rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type") or ""
    else:
        return None
    if content_type.split(";", 1)[0].strip().lower() not in HTML_TYPES:
        return None
    return content_type, record.content_stream().read(cap + 1)


def record_page(
    record: Any,
    body: bytes,
    content_type: str,
    number: int,
    source: str,
    base_ref: str,
    offset: int,
) -> Deferred:
    """The archived page of ``record``, to be read by ``archived_page`` (see ``Deferred``):
    what it needs of the record is taken now, while the archive is read."""
    entry = f"{source}#{number}"
    return Deferred(
        entry,
        archived_page,
        (body,),
        {
            "source": entry,
            "url": target_uri(record),
            "raw_ref": f"{base_ref}#{number}",
            "declared_charset": charset_of(content_type),
            "fallback_published": warc_date(record),
            "offset": offset,
        },
    )


def archived_page(body: bytes, *, offset: int, **page: Any) -> Article | Failure:
    """An archived HTML page read (``html_to_article``), with its record's offset."""
    article = html_to_article(body, **page)
    if isinstance(article, Article):
        article.format = "warc"
        article.meta["warc_offset"] = offset
    return article


def target_uri(record: Any) -> str | None:
    uri = (record.rec_headers.get_header("WARC-Target-URI") or "").strip()
    # WARC/1.0's grammar showed the URI in angle brackets and some crawlers wrote them
    return uri.removeprefix("<").removesuffix(">") or None


def warc_date(record: Any) -> datetime | None:
    return parse_datetime(record.rec_headers.get_header("WARC-Date"))


def damaged_reason(number: int, pages: int, detail: str) -> str:
    return (
        f"the archive is cut off or damaged at record {number} ({first_line(detail)}); "
        f"the {pages} page(s) before it were read"
    )


def damage_detail(exc: Exception) -> str:
    """What warcio found wrong, when it says so in words; never Python's own words
    ("'NoneType' object has no attribute ...") from a record it could not parse."""
    if isinstance(exc, ArchiveLoadFailed | StatusAndHeadersParserException | zlib.error):
        return str(exc) or "unreadable"
    return "a record header that cannot be read"


def first_line(detail: str) -> str:
    return detail.strip().splitlines()[0] if detail.strip() else "unreadable"
