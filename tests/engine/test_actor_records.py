"""Ingest fills the actor tables with knowledge-base details of the actors it stores."""

from __future__ import annotations

from pathlib import Path

from sayso.engine.batch import ingest
from sayso.store import Store

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "lukashenko-allies-2024-08-15.txt"


def test_ingest_stores_speaker_roles_and_aliases_from_the_knowledge_base(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'actors.db'}")
    summary = ingest([str(EXAMPLE)], store)
    assert not summary.failures
    lukashenko = store.get_actor("wd:Q9188")
    assert lukashenko is not None
    assert "President of Belarus" in {role.title for role in lukashenko.roles}
    assert "Alyaksandr Lukashenka" in lukashenko.aliases
    store.close()
