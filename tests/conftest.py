"""Shared fixtures: database URLs for both back-ends, and hand-analysed real articles.

PostgreSQL (127.0.0.1:5432, user postgres, database ``test``) is used when reachable; each
test gets its own fresh schema, so runs and parallel sessions never see each other's rows.
When the server is unreachable PostgreSQL tests are skipped with the reason, unless
``SAYSO_REQUIRE_SERVICES=1`` (CI), where they fail.
"""

from __future__ import annotations

import json
import os
import re
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from sayso.model import Article, Entity, Failure, Mention, Quote, Span

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
PG_HOST, PG_PORT = "127.0.0.1", 5432
PG_BASE = os.environ.get("SAYSO_TEST_PG", f"postgresql+psycopg://postgres@{PG_HOST}:{PG_PORT}/test")


def services_required() -> bool:
    return os.environ.get("SAYSO_REQUIRE_SERVICES") == "1"


def postgres_reachable() -> bool:
    try:
        with socket.create_connection((PG_HOST, PG_PORT), timeout=1):
            return True
    except OSError:
        return False


def need_postgres() -> None:
    if postgres_reachable():
        return
    reason = f"PostgreSQL not reachable at {PG_HOST}:{PG_PORT}"
    if services_required():
        pytest.fail(f"{reason} (SAYSO_REQUIRE_SERVICES=1)")
    pytest.skip(reason)


@contextmanager
def fresh_pg_schema(prefix: str = "sayso_test") -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a new, empty schema (dropped afterwards)."""
    need_postgres()
    import sqlalchemy as sa

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_BASE)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{name}"'))
    try:
        yield f"{PG_BASE}?options=-csearch_path%3D{name}"
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{name}" CASCADE'))
        admin.dispose()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh, empty schema (dropped afterwards)."""
    with fresh_pg_schema() as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'sayso.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same test against SQLite and PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'sayso.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(db_url: str) -> Iterator[Any]:
    from sayso.store import Store

    s = Store(db_url)
    try:
        yield s
    finally:
        s.close()


# --- hand-analysed articles -----------------------------------------------------------

STORE_FIXTURES = FIXTURES / "store"


def find_span(text: str, needle: str, start: int = 0) -> tuple[int, int]:
    """Where ``needle`` sits in ``text``, whatever the line wrapping."""
    pattern = r"\s+".join(re.escape(w) for w in needle.split())
    match = re.compile(pattern).search(text, start)
    if match is None:
        raise ValueError(f"{needle[:40]!r} not found in fixture text")
    return match.start(), match.end()


def _entity(spec: dict[str, Any], text: str) -> Entity:
    mentions = []
    for m in spec.get("mentions", []):
        mentions.append(find_span(text, m))
    return Entity(
        id=spec["id"],
        name=spec["name"],
        type=spec["type"],
        country=spec.get("country"),
        wikidata=spec.get("wikidata"),
        mentions=mentions,
        sector=spec.get("sector"),
        resolved=spec.get("resolved", False),
    )


def _quote(spec: dict[str, Any], text: str, entities: dict[str, Entity]) -> Quote:
    start, end = find_span(text, spec["text"])
    speaker = None
    sp = spec.get("speaker")
    if sp:
        entity = entities.get(sp.get("entity") or "")
        if sp.get("text"):
            s0, s1 = find_span(text, sp["text"])
        else:  # the whole document is the speaker's (a statement): no speaker span
            s0 = s1 = 0
        speaker = Mention(
            start=s0,
            end=s1,
            text=text[s0:s1],
            entity_id=entity.id if entity else None,
            name=entity.name if entity else None,
            type=entity.type if entity else None,
            country=entity.country if entity else None,
            wikidata=entity.wikidata if entity else None,
        )
    cue = None
    if spec.get("cue"):
        c0, c1 = find_span(text, spec["cue"])
        cue = Span(c0, c1, text[c0:c1])
    return Quote(
        id=spec["id"],
        kind=spec["kind"],
        start=start,
        end=end,
        text=text[start:end],
        speaker=speaker,
        cue=cue,
        about=list(spec.get("about", [])),
        confidence=spec.get("confidence", 0.9),
    )


def build_article(spec: dict[str, Any], shared: dict[str, Any] | None = None) -> Article:
    path = STORE_FIXTURES / spec["file"]
    text = path.read_text(encoding="utf-8")
    analysis = shared if spec.get("wire") and shared else spec
    entities = [_entity(e, text) for e in analysis.get("entities", [])]
    by_id = {e.id: e for e in entities}
    quotes = [_quote(q, text, by_id) for q in analysis.get("quotes", [])]
    return Article(
        source=str(path),
        text=text,
        title=spec.get("title"),
        published=datetime.fromisoformat(spec["published"]) if spec.get("published") else None,
        url=spec.get("url"),
        language=spec.get("language"),
        outlet=spec.get("outlet"),
        format="text",
        raw_ref=str(path),
        quotes=quotes,
        entities=entities,
    )


@pytest.fixture(scope="session")
def fixture_spec() -> dict[str, Any]:
    return json.loads((STORE_FIXTURES / "articles.json").read_text(encoding="utf-8"))


@pytest.fixture
def articles(fixture_spec: dict[str, Any]) -> dict[str, Article]:
    """Fresh Article objects keyed by fixture file name (tests may modify them)."""
    return {
        spec["file"]: build_article(spec, fixture_spec.get("wire"))
        for spec in fixture_spec["articles"]
    }


@pytest.fixture
def kb_actors(fixture_spec: dict[str, Any]) -> list[dict[str, Any]]:
    return fixture_spec["actors"]


# --- articles analysed by the whole pipeline (relations need the real coder) --------------

EXAMPLES = REPO / "examples"
BELARUS_RUSSIA = (
    "lukashenko-allies-2024-08-15.txt",
    "kremlin-57147-telephone-conversation-with-lukashenko.html",
    "kremlin-59821-meeting-with-lukashenko-2019-02-13.html",
)


@pytest.fixture(scope="session")
def _analysed_examples() -> dict[str, Article]:
    from sayso.engine.pipeline import read_and_analyse

    out = {}
    for item in read_and_analyse([str(EXAMPLES / name) for name in BELARUS_RUSSIA]):
        assert not isinstance(item, Failure), item
        out[Path(item.article.source).name] = item.article
    return out


@pytest.fixture
def analysed_examples(_analysed_examples: dict[str, Article]) -> dict[str, Article]:
    """The Belarus–Russia examples through the whole pipeline (quotes, actors, relations),
    analysed once per session; each test gets its own copies."""
    import copy

    return copy.deepcopy(_analysed_examples)
