"""One file, three ways in: the web upload (``POST /api/v1/articles``), ``sayso ingest`` and
``sayso.extract`` all run ``sayso.engine.pipeline``, so the same file gives the same article,
the same speakers and the same actor ids, quote by quote.

(Before the pipeline had one home the upload skipped actor resolution and stored in-document
ids such as ``e1`` where ``sayso ingest`` stored ``wd:Q9188``.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import sayso
from sayso.model import Article
from sayso.store import Store
from sayso.store.records import ArticleRecord

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
ADMIN_TOKEN = "parity-admin-token-0123456789"

# file → (speakers, entities) each of the three readings must have
EXPECTED = {
    "lukashenko-allies-2024-08-15.txt": ({"wd:Q9188", "wd:Q7747"}, {"country:BLR", "country:RUS"}),
    "kremlin-59821-meeting-with-lukashenko-2019-02-13.html": (
        {"wd:Q9188", "wd:Q7747"},
        {"country:BLR", "country:RUS"},
    ),
}


def stored_reading(record: ArticleRecord) -> list[tuple]:
    """Quote by quote: where it is, what kind, who said it, which actors it is about."""
    return [
        (
            hit.qid,
            hit.kind,
            hit.start,
            hit.end,
            hit.speaker_key,
            sorted(hit.about_keys),
        )
        for hit in sorted(record.quotes, key=lambda h: (h.start, h.end, h.qid))
    ]


def extracted_reading(article: Article) -> list[tuple]:
    """The same, from an Article in memory: speakers and actors by the id resolution gave
    them (the store files an actor-resolved entity under that same id)."""
    resolved = {e.id for e in article.entities if e.resolved}
    return [
        (
            quote.id,
            quote.kind,
            quote.start,
            quote.end,
            quote.speaker.entity_id if quote.speaker else None,
            sorted(a for a in quote.about if a in resolved),
        )
        for quote in sorted(article.quotes, key=lambda q: (q.start, q.end, q.id))
    ]


def only_actor_ids(reading: list[tuple], resolved: set[str]) -> list[tuple]:
    """A stored reading with what the store keys by name (people resolution left
    unresolved, ``name:…``) left out of the about lists, to compare with an Article's ids."""
    return [(*row[:5], [key for key in row[5] if key in resolved]) for row in reading]


def actor_details(db_url: str, actor_ids: set[str]) -> dict[str, tuple]:
    """What the store knows of each actor beyond its id: name, aliases and dated roles."""
    with Store(db_url) as store:
        found = {actor_id: store.get_actor(actor_id) for actor_id in sorted(actor_ids)}
    return {
        actor_id: (a.name, a.in_kb, sorted(a.aliases), [r.to_dict() for r in a.roles])
        for actor_id, a in found.items()
        if a is not None
    }


def via_web(path: Path, db_url: str) -> ArticleRecord:
    from fastapi.testclient import TestClient

    from sayso.web import create_app

    app = create_app(db_url, admin_token=ADMIN_TOKEN)
    with TestClient(app, raise_server_exceptions=False) as client:
        created = client.post(
            "/api/v1/articles",
            files={"file": (path.name, path.read_bytes(), "application/octet-stream")},
            headers={"authorization": f"Bearer {ADMIN_TOKEN}"},
        )
    assert created.status_code == 201, created.text
    with Store(db_url) as store:
        record = store.get_article(created.json()["id"])
    assert record is not None
    return record


def via_ingest(path: Path, db_url: str) -> ArticleRecord:
    from sayso.cli import app

    result = CliRunner().invoke(app, ["ingest", str(path), "--db", db_url])
    assert result.exit_code == 0, result.output
    with Store(db_url) as store:
        [summary] = store.search_articles(limit=5).items
        record = store.get_article(summary.id)
    assert record is not None
    return record


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_upload_ingest_and_extract_give_the_same_speakers_and_actors(
    name: str, tmp_path: Path
) -> None:
    path = EXAMPLES / name
    uploaded = via_web(path, f"sqlite:///{tmp_path / 'web.db'}")
    ingested = via_ingest(path, f"sqlite:///{tmp_path / 'cli.db'}")
    [extracted] = sayso.extract(path)

    # the same reader: the same text, hence the same article id, title and date
    assert uploaded.id == ingested.id == extracted.id
    assert uploaded.title == ingested.title == extracted.title
    assert uploaded.published == ingested.published == extracted.published

    # the two stored readings agree completely, entities included
    assert stored_reading(uploaded) == stored_reading(ingested)
    assert [(e.id, e.key, e.resolved) for e in uploaded.entities] == [
        (e.id, e.key, e.resolved) for e in ingested.entities
    ]

    # and with what sayso.extract returns, quote by quote
    resolved = {e.id for e in extracted.entities if e.resolved}
    assert only_actor_ids(stored_reading(uploaded), resolved) == extracted_reading(extracted)

    # both stores hold the same actor details (the upload used to skip them)
    actor_ids = {e.key for e in ingested.entities if e.key}
    web_actors = actor_details(f"sqlite:///{tmp_path / 'web.db'}", actor_ids)
    assert web_actors == actor_details(f"sqlite:///{tmp_path / 'cli.db'}", actor_ids)
    assert web_actors["wd:Q9188"][3], "Lukashenko's dated roles were stored"

    speakers, entities = EXPECTED[name]
    for record in (uploaded, ingested):
        assert speakers <= {h.speaker_key for h in record.quotes if h.speaker_key}
        assert entities <= {e.id for e in record.entities}
    assert speakers <= {q.speaker.entity_id for q in extracted.quotes if q.speaker}
    assert entities <= resolved

    # and the same relations (PLOVER events), whichever way the file came in
    def relations(record: ArticleRecord) -> list[tuple]:
        return [(r.rid, r.event, r.mode, r.start, r.end, [p.key for p in r.source],
                 [p.key for p in r.target]) for r in record.relations]

    assert relations(uploaded) == relations(ingested)
    assert sorted(row[:5] for row in relations(uploaded)) == sorted(
        (r.id, r.event, r.mode, r.start, r.end) for r in extracted.relations)
    assert extracted.relations, "the Belarus–Russia examples report relations"
