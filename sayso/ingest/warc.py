"""WARC web archives (.warc, .warc.gz) → one Article per archived HTML page, via warcio.

Each ``response`` record of status 200 with an HTML content type (and each HTML
``resource`` record) is read by ``html.html_to_article`` with url = WARC-Target-URI and the
publication date from the page itself, else the record's WARC-Date. Other records
(requests, metadata, images, redirects, errors) are skipped. A page that yields no article
gives a Failure naming ``archive#N`` (N = the record's position in the archive, from 1), and
so does the rest of the archive being unreadable: the pages read before the damage are kept.

``raw_ref`` is ``archive#N`` as well, and ``meta["warc_offset"]`` holds the record's byte
offset, so the raw page can be read again with ``warcio`` (``ArchiveIterator`` + seek).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from sayso.dates import parse_datetime
from sayso.ingest.html import charset_of, html_to_article
from sayso.ingest.registry import RawInput, reader
from sayso.model import Article, Failure

HTML_TYPES = ("text/html", "application/xhtml+xml")
NOT_WARC = "not a WARC archive, or cut off before its first record"


@reader("warc")
def read_warc(raw: RawInput) -> Iterator[Article | Failure]:
    """The articles of a WARC archive, then one Failure if it is cut off or damaged."""
    base_ref = raw.path or raw.url or raw.source
    records = ArchiveIterator(io.BytesIO(raw.data))
    number = pages = 0
    while True:
        record = None
        try:  # only warcio's reading is guarded here: its errors mean a damaged archive
            record = next(records, None)
            if record is None:
                break
            number += 1
            page = html_page(record)
            records.read_to_end(record)
        except Exception as exc:  # noqa: BLE001 - warcio raises many kinds on bad input
            detail = str(exc) or type(exc).__name__
            failed_at = number if record is not None else number + 1
            if failed_at == 1 and record is None:
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
        article = record_article(record, body, content_type, number, raw.source, base_ref)
        if isinstance(article, Article):
            article.format = "warc"
            article.meta["warc_offset"] = records.get_record_offset()
        yield article
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


def html_page(record: Any) -> tuple[str, bytes] | None:
    """(content type, body) of a record holding an archived HTML page, else None."""
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
    return content_type, record.content_stream().read()


def record_article(
    record: Any, body: bytes, content_type: str, number: int, source: str, base_ref: str
) -> Article | Failure:
    entry = f"{source}#{number}"
    return html_to_article(
        body,
        source=entry,
        url=target_uri(record),
        raw_ref=f"{base_ref}#{number}",
        declared_charset=charset_of(content_type),
        fallback_published=warc_date(record),
    )


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


def first_line(detail: str) -> str:
    return detail.strip().splitlines()[0] if detail.strip() else "unreadable"
