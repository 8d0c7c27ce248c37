"""An article sent by an admin (pasted text or a file) → an analysed Article.

Files go through the same readers as ``sayso ingest`` (text, Markdown, HTML, …) and the
same pipeline (``sayso.engine.pipeline``), so an uploaded page is cleaned, analysed and
linked to actors exactly like an ingested one.
"""

from __future__ import annotations

import tempfile
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile  # what request.form() gives for a file

from sayso.model import Article, Failure
from sayso.store.keys import UPLOAD_PREFIX, content_location
from sayso.web.errors import BadParameter
from sayso.web.params import parse_day

if TYPE_CHECKING:  # resolution loads the knowledge base: imported on use
    from sayso.actors.article import ResolvedArticle

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
KNOWN_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xml", ".jsonl"}


class UploadProblem(Exception):
    """Something wrong with what was sent; ``field`` names the form field."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


async def article_from_upload(fields: dict[str, str], upload: UploadFile | None) -> ResolvedArticle:
    if upload is not None:
        data = await upload.read(MAX_UPLOAD_BYTES + 1)
        name = PurePath(upload.filename or "upload.txt").name
    else:
        text = (fields.get("text") or "").strip()
        if not text:
            raise UploadProblem("text", "is empty; paste the article text or choose a file")
        data = text.encode("utf-8")
        name = "upload.txt"
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadProblem("file", f"is larger than {MAX_UPLOAD_BYTES // 1024 // 1024} MB")
    if not data.strip():
        raise UploadProblem("file", f"{name} is empty")
    article = await run_in_threadpool(read_upload, data, name)
    # The form is applied before analysis: the title can be a headline statement, and the
    # date and outlet decide who "the President" is.
    apply_form_fields(article, fields, name)
    article.locator = upload_location(article)
    return await run_in_threadpool(analyse_upload, article)


def analyse_upload(article: Article) -> ResolvedArticle:
    """The analysis ``sayso ingest`` runs: statements, entities, then their actors."""
    from sayso.engine.pipeline import analyse_article

    return analyse_article(article)


def read_upload(data: bytes, name: str) -> Article:
    """The uploaded bytes read like a file of that name (any format ``sayso ingest`` reads)."""
    from sayso.ingest import read_inputs

    suffix = PurePath(name).suffix.lower()
    suffix = suffix if suffix in KNOWN_SUFFIXES else ".txt"
    with tempfile.TemporaryDirectory(prefix="sayso-upload-") as folder:
        path = Path(folder) / f"article{suffix}"
        path.write_bytes(data)
        results = list(read_inputs([str(path)]))
    articles = [r for r in results if isinstance(r, Article)]
    if not articles:
        reasons = "; ".join(f.reason for f in results if isinstance(f, Failure))
        raise UploadProblem("file", f"{name} could not be read: {reasons or 'no article in it'}")
    if len(articles) > 1:
        raise UploadProblem(
            "file",
            f"{name} holds {len(articles)} articles; send one at a time "
            "or use `sayso ingest` for collections",
        )
    article = articles[0]
    article.source = f"upload:{name}"
    article.raw_ref = None  # the temporary file is gone
    return article


def upload_location(article: Article) -> str | None:
    """An upload is located by its URL (sending a page again with its URL updates it);
    without one, only by its text: every upload is named ``upload.txt`` or a file name
    the admin's machine chose, which says nothing about which document it is."""
    if article.url:
        return None
    return content_location(UPLOAD_PREFIX, article.id)


def apply_form_fields(article: Article, fields: dict[str, str], name: str) -> None:
    """What the admin typed in the form wins over what the reader guessed."""
    from datetime import datetime, time

    title = (fields.get("title") or "").strip()
    outlet = (fields.get("outlet") or "").strip()
    url = (fields.get("url") or "").strip()
    if title:
        article.title = title[:500]
    if outlet:
        article.outlet = outlet[:200]
    if url:
        if not url.startswith(("http://", "https://")):
            raise UploadProblem("url", f"{url!r} is not an http(s) address")
        article.url = url
    try:
        day = parse_day("published", fields.get("published"))
    except BadParameter as exc:
        raise UploadProblem("published", exc.message) from None
    if day:
        article.published = datetime.combine(day, time.min)
