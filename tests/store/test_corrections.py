"""Analysts' corrections last: a merge, a split and two speaker corrections on real
documents survive `sayso ingest` of the same files again, a re-analysis (a newer analyser
gives another analysis of the same texts), and travel to a fresh store as a file.

The documents are the repository's examples; the corrections are ones an analyst would
make on them:
- the Biden–Kishida remarks: "Indo-Pacific region" and "Indo-Pacific" are one region
  (merge); Kishida's "that whatever the situation may be, the United States …" was left
  without a speaker (speaker: Kishida); "the United States" that speaks there is its
  government, not the country (split, in that article only: its mentions move);
- the closing "Thank you." of the remarks is a courtesy an analyst credits to nobody
  (speaker: unknown).
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from sayso.store import Correction, Store, schema
from sayso.store.corrections import BadCorrection, read_jsonl, write_jsonl

REPO = Path(__file__).resolve().parents[2]
BIDEN = (
    REPO
    / "examples"
    / (
        "2022-05-23-remarks-by-president-biden-and-prime-minister-fumio-kishida-of-japan-"
        "during-bilateral-meeting.md"
    )
)
CALL = REPO / "examples" / "kremlin-57147-telephone-conversation-with-lukashenko.html"
FILES = [str(BIDEN), str(CALL)]
KISHIDA = "curated:fumio-kishida-JPN"
US_GOVERNMENT = "user:us-government-usa"


def correction(**fields: object) -> Correction:
    base: dict[str, object] = dict.fromkeys(
        ("actor", "target", "name", "type", "form", "article_id", "start", "end", "words")
    )
    base.update(by="analyst@example.org", at=datetime(2026, 12, 2, 18, 0))
    base.update(fields)
    return Correction(**base)  # type: ignore[arg-type]


def ingest(store: Store, *, reanalyse: bool = False) -> str:
    from sayso.engine.batch import ingest as run_ingest

    summary = run_ingest(FILES, store, reanalyse=reanalyse)
    assert not summary.failures, summary.failures
    return summary.line()


def quote_at(store: Store, words: str) -> dict[str, object]:
    """The one stored quote that starts with ``words``."""
    with store.engine.connect() as conn:
        row = conn.execute(
            sa.select(schema.quotes, schema.articles.c.id.label("article_id"))
            .join(schema.articles, schema.articles.c.pk == schema.quotes.c.article_pk)
            .where(schema.quotes.c.text.startswith(words))
        ).one()
    return dict(row._mapping)


def the_corrections(store: Store) -> list[Correction]:
    """The four corrections of the module docstring, made on what ``store`` read."""
    biden = store.search_articles("Kishida").items[0].id
    unspoken = quote_at(store, "that whatever the situation may be")
    vocative = quote_at(store, "Thank you.")
    assert unspoken["speaker_key"] is None and vocative["speaker_key"] == KISHIDA
    return [
        correction(
            kind="merge",
            actor="name:indo pacific region",
            target="name:indo pacific",
            name="Indo-Pacific",
        ),
        correction(
            kind="speaker",
            article_id=unspoken["article_id"],
            start=unspoken["start"],
            end=unspoken["end"],
            words=unspoken["text"],
            target=KISHIDA,
            name="Fumio Kishida",
            type="PERSON",
            at=datetime(2026, 12, 2, 18, 5),
        ),
        correction(
            kind="split",
            actor="country:USA",
            form="United States",
            article_id=biden,
            target=US_GOVERNMENT,
            name="US government",
            type="ORG",
            at=datetime(2026, 12, 2, 18, 10),
        ),
        correction(
            kind="speaker",
            article_id=vocative["article_id"],
            start=vocative["start"],
            end=vocative["end"],
            words=vocative["text"],
            actor=KISHIDA,
            at=datetime(2026, 12, 2, 18, 15),
        ),
    ]


Reading = tuple[dict[tuple[str, str], tuple[object, ...]], dict[str, tuple[str, ...]]]


def reading(store: Store) -> Reading:
    """Every stored quote's speaker, statement, correction mark and about keys (by article
    id and qid), and every article's entity keys: what the corrections change."""
    quotes: dict[tuple[str, str], tuple[object, ...]] = {}
    q, a, ab = schema.quotes, schema.articles, schema.quote_about
    with store.engine.connect() as conn:
        for row in conn.execute(
            sa.select(
                a.c.id, q.c.pk, q.c.qid, q.c.speaker_key, q.c.statement_key, q.c.corrected
            ).join(a, a.c.pk == q.c.article_pk)
        ).all():
            about = conn.execute(sa.select(ab.c.key).where(ab.c.quote_pk == row.pk)).scalars()
            quotes[(row.id, row.qid)] = (
                row.speaker_key,
                row.statement_key,
                row.corrected,
                tuple(sorted(about)),
            )
        entities = {
            article_id: tuple(sorted(e["key"] for e in stored or []))
            for article_id, stored in conn.execute(sa.select(a.c.id, a.c.entities)).all()
        }
    return quotes, entities


def check_corrected(store: Store, made: list[Correction]) -> None:
    merge, unspoken, split, vocative = made
    quotes, entities = reading(store)
    about = {k for v in quotes.values() for k in v[3]}  # type: ignore[attr-defined]
    mentioned = {k for keys in entities.values() for k in keys}
    speakers = {v[0] for v in quotes.values()}
    assert "name:indo pacific region" not in about | mentioned | speakers  # merged away …
    assert "name:indo pacific" in about and "name:indo pacific" in mentioned  # … into one
    kishida = quotes[(unspoken.article_id or "", _qid(store, unspoken))]
    assert kishida[0] == KISHIDA and kishida[2] == unspoken.id
    called = quotes[(vocative.article_id or "", _qid(store, vocative))]
    assert called[0] is None and called[2] == vocative.id
    assert split.id not in {v[2] for v in quotes.values()}  # no speaker was among its mentions
    assert US_GOVERNMENT in entities[split.article_id or ""]
    assert "country:USA" in entities[split.article_id or ""]  # "U.S.", another form, stays
    for article_id, keys in entities.items():
        if article_id != split.article_id:
            assert US_GOVERNMENT not in keys  # the split was for one article only
    assert merge.id not in {v[2] for v in quotes.values()}  # a merge of a non-speaker
    hits = store.search_quotes(speaker=KISHIDA, limit=50).items
    assert any(h.corrected == unspoken.id and h.speaker_text is None for h in hits)


def _qid(store: Store, c: Correction) -> str:
    article = store.get_article(c.article_id or "")
    assert article is not None
    [quote] = [q for q in article.quotes if (q.start, q.end) == (c.start, c.end)]
    return quote.qid


def test_corrections_survive_reingest_reanalysis_and_travel(db_url: str, tmp_path: Path) -> None:
    from sayso.engine.pipeline import read_and_analyse, save_analysed

    with Store(db_url) as store:
        ingest(store)
        made = the_corrections(store)
        added, rewritten = store.add_corrections(made)
        assert [c.id for c in added] == [c.id for c in made] and rewritten == 1
        check_corrected(store, made)
        corrected = reading(store)

        # `sayso ingest` of the same files (skipped unread: stored unchanged), then
        # `sayso ingest --reanalyse`: analysed afresh, the corrections applied again
        assert "(0 new, 0 updated, 2 unchanged)" in ingest(store)
        check_corrected(store, made)
        assert reading(store) == corrected
        ingest(store, reanalyse=True)
        check_corrected(store, made)
        assert reading(store) == corrected
        assert "(0 new, 0 updated, 2 unchanged)" in ingest(store, reanalyse=True)

        # a newer analyser: another analysis of the same texts replaces the stored one
        fresh = [r for r in read_and_analyse(FILES) if not isinstance(r, Exception)]
        for resolved in fresh:
            for quote in resolved.article.quotes:  # type: ignore[union-attr]
                quote.confidence *= 0.9
        results = save_analysed(store, fresh, set())  # type: ignore[arg-type]
        assert [r.status for r in results] == ["updated", "updated"]  # type: ignore[union-attr]
        check_corrected(store, made)

        exported = io.StringIO()
        assert write_jsonl(store.corrections(), exported) == 4

    # A colleague's fresh store: the file imported before or after ingesting the files
    for order in ("import first", "ingest first"):
        with Store(f"sqlite:///{tmp_path / order.replace(' ', '-')}.db") as colleague:
            shared = read_jsonl(io.StringIO(exported.getvalue()), "corrections.jsonl")
            if order == "import first":
                assert colleague.add_corrections(shared) == (shared, 0)
                ingest(colleague)
            else:
                ingest(colleague)
                added, rewritten = colleague.add_corrections(shared)
                assert len(added) == 4 and rewritten == 1
            check_corrected(colleague, made)
            assert colleague.add_corrections(shared) == ([], 0)  # the same file twice: no-op


def test_rename_reaches_quotes_articles_and_actor_tables(db_url: str) -> None:
    with Store(db_url) as store:
        ingest(store)
        store.correct(correction(kind="rename", actor=KISHIDA, name="Kishida Fumio"))
        assert store.get_actor(KISHIDA).name == "Kishida Fumio"  # type: ignore[union-attr]
        assert {h.speaker_name for h in store.search_quotes(speaker=KISHIDA).items} == {
            "Kishida Fumio"
        }
        ingest(store, reanalyse=True)  # the knowledge base's record is stored again: it stays
        actor = store.get_actor(KISHIDA)
        assert actor is not None and actor.name == "Kishida Fumio"
        assert "Fumio Kishida" in actor.aliases


def test_corrections_are_checked(db_url: str) -> None:
    with Store(db_url) as store:
        store.correct(correction(kind="merge", actor="name:a", target="name:b", name="B"))
        with pytest.raises(BadCorrection, match="merged into name:b already"):
            store.correct(correction(kind="merge", actor="name:a", target="name:c", name="C"))
        # merging into an actor merged away goes where it went; into itself is refused
        later = correction(kind="merge", actor="name:b", target="name:a", name="A")
        with pytest.raises(BadCorrection, match="into itself"):
            store.correct(later)
        via, _ = store.correct(
            correction(kind="merge", actor="name:x", target="name:a", name="A", note="typo")
        )
        assert via.target == "name:b"
    with pytest.raises(BadCorrection, match="needs article_id"):
        correction(kind="speaker", target=KISHIDA).check()
    bad = io.StringIO('{"kind": "merge", "actor": "name:a"}\n')
    with pytest.raises(BadCorrection, match=r"shared\.jsonl:1: .*'by'"):
        read_jsonl(bad, "shared.jsonl")
