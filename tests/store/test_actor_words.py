"""A name means the actors whose name or alias holds its words in sequence: looked up through
the words index (``actor_words``, kept by triggers) it gives what a scan of every name and
alias gives, after every kind of write to actors and aliases, on both back-ends."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from sayso.store import Store, schema
from sayso.store.keys import NAME_PREFIX, fold
from sayso.store.migrate import downgrade, upgrade
from sayso.store.search import resolve_actor_keys

ACTORS = [
    {"id": "Q82327", "name": "Aleksandr Lukashenko", "aliases": ["Lukashenka", "Bats'ka"]},
    {"id": "Q7747", "name": "Vladimir Putin", "aliases": ["Putin", "V. V. Putin"]},
    {"id": "Q1", "name": "Alexander Lukashenko Jr", "aliases": []},
    {"id": "Q2", "name": "Anna Abbott 1000", "aliases": ["A. Abbott"]},
    {"id": "Q3", "name": "Anna Abbott 100", "aliases": []},
]
NOW = datetime(2026, 12, 3, 17, 0)
PROBES = [
    "Lukashenko",
    "lukashenka",
    "Aleksandr Lukashenko",
    "Putin",
    "V V Putin",
    "Vladimir",
    "Abbott 100",
    "Anna Abbott",
    "abbott",
    "Bats ka",
    "Sviatlana Tsikhanouskaya",
    "Tsikhanouskaya",
    "Kremlin",
]


def scanned(conn: sa.Connection, value: str) -> list[str]:
    """What the name means by a scan of every name and alias (no index): the reference."""
    folded = fold(value)
    keys = {NAME_PREFIX + folded}
    for table, id_col, key_col in (
        (schema.actors, "id", "name_key"),
        (schema.actor_aliases, "actor_id", "alias_key"),
    ):
        padded = sa.literal_column("' '") + table.c[key_col] + sa.literal_column("' '")
        found = sa.select(table.c[id_col]).where(padded.like(f"% {folded} %"))
        keys.update(conn.execute(found).scalars())
    return sorted(keys)


def assert_index_matches_scan(store: Store) -> None:
    with store.engine.connect() as conn:
        for name in PROBES:
            assert resolve_actor_keys(conn, [name]) == scanned(conn, name), name


def test_names_found_by_word_equal_a_scan_after_every_write(db_url: str) -> None:
    with Store(db_url) as store:
        store.load_actors(ACTORS)
        assert_index_matches_scan(store)
        with store.engine.connect() as conn:
            assert resolve_actor_keys(conn, ["Lukashenko"]) == ["Q1", "Q82327", "name:lukashenko"]
        # loaded again: a new name and other aliases (the old ones deleted and replaced)
        changed = [dict(ACTORS[0], name="Sviatlana Tsikhanouskaya", aliases=["Tsikhanouskaya"])]
        store.load_actors(changed + ACTORS[1:2])
        assert_index_matches_scan(store)
        actors = schema.actors
        with store.engine.begin() as conn:
            # a rename as corrections write it; an actor stored by an ingest; one deleted
            conn.execute(
                actors.update().where(actors.c.id == "Q7747").values(name_key=fold("The Kremlin"))
            )
            conn.execute(
                actors.insert(),
                {
                    "id": "name:vladimir",
                    "name": "Vladimir",
                    "name_key": "vladimir",
                    "in_kb": False,
                    "updated_at": NOW,
                },
            )
            conn.execute(actors.delete().where(actors.c.id == "Q2"))
        assert_index_matches_scan(store)
        with store.engine.connect() as conn:
            assert "Q7747" in resolve_actor_keys(conn, ["Kremlin"])
            assert "Q7747" in resolve_actor_keys(conn, ["Putin"])  # still an alias
            assert "Q2" not in resolve_actor_keys(conn, ["Anna Abbott"])


def test_the_words_of_actors_stored_before_the_index_are_indexed_on_upgrade(db_url: str) -> None:
    with Store(db_url) as store:
        downgrade(store.engine, "0012")  # no words table, no triggers
        store.load_actors(ACTORS)
        upgrade(store.engine)
        assert_index_matches_scan(store)
        with store.engine.connect() as conn:
            assert conn.execute(sa.select(sa.func.count()).select_from(schema.actor_words)).scalar()


def test_words_kept_by_row_triggers_carry_over_to_statement_triggers_and_back(
    db_url: str,
) -> None:
    """0014 (PostgreSQL: one trigger call per statement instead of per row) keeps the words
    of the actors written under 0013's row triggers, and keeps them right on every kind of
    write after it; downgraded again, the row triggers take over."""
    with Store(db_url) as store:
        downgrade(store.engine, "0013")
        store.load_actors(ACTORS[:3])
        upgrade(store.engine)
        assert_index_matches_scan(store)
        store.load_actors(ACTORS[2:] + [dict(ACTORS[0], aliases=["Lukashenka"])])
        with store.engine.begin() as conn:
            conn.execute(schema.actors.delete().where(schema.actors.c.id == "Q7747"))
        assert_index_matches_scan(store)
        with store.engine.connect() as conn:
            assert resolve_actor_keys(conn, ["Bats ka"]) == ["name:bats ka"]
            w = schema.actor_words
            words = conn.execute(sa.select(w.c.word, w.c.actor_id, w.c.alias)).all()
        assert len(words) == len(set(words))  # each word of a name or an alias once
        downgrade(store.engine, "0013")
        store.load_actors([dict(ACTORS[1], aliases=["V. V. Putin"])])
        assert_index_matches_scan(store)
