"""Fixtures: a temporary store holding the example article, the app over it, a browser."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import fresh_pg_schema
from tests.web.goldarticle import gold_actors, gold_article

REQUIRE_SERVICES = os.environ.get("SAYSO_REQUIRE_SERVICES") == "1"
ADMIN_TOKEN = "test-admin-token-0123456789"


def need(condition: bool, reason: str) -> None:
    """Skip with ``reason`` unless services are required (CI), where it fails instead."""
    if condition:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (SAYSO_REQUIRE_SERVICES=1)")
    pytest.skip(reason)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def gold_db(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    """A store with the hand-checked reading of the example article, on each back-end
    (the web adapter runs some SQL of its own, so both dialects are exercised)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('web-store') / 'gold.db'}"
        fill_gold(url)
        yield url
        return
    with fresh_pg_schema() as url:
        fill_gold(url)
        yield url


def fill_gold(url: str) -> None:
    from sayso.store import Store

    with Store(url) as store:
        store.load_actors(gold_actors())
        store.save(gold_article())


@pytest.fixture(scope="session")
def client(gold_db: str) -> Iterator:
    from fastapi.testclient import TestClient

    from sayso.web import create_app

    with TestClient(create_app(gold_db), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture()
def admin_client(tmp_path: Path) -> Iterator:
    """An app with uploads enabled, over its own empty store."""
    from fastapi.testclient import TestClient

    from sayso.web import create_app

    app = create_app(f"sqlite:///{tmp_path / 'admin.db'}", admin_token=ADMIN_TOKEN)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client
