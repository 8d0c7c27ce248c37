"""A store holding the Belarus–Russia examples as the whole pipeline reads them (quotes,
actors, relations), on each back-end, for the relation API and pages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sayso.model import Article
from tests.conftest import fresh_pg_schema


def fill(url: str, articles: dict[str, Article]) -> None:
    from sayso.actors.article import ResolvedArticle
    from sayso.engine.pipeline import save_analysed
    from sayso.store import Store

    with Store(url) as store:
        save_analysed(store, [ResolvedArticle(a, []) for a in articles.values()], set())


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def relations_db(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    _analysed_examples: dict[str, Article],
) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('relations') / 'relations.db'}"
        fill(url, _analysed_examples)
        yield url
        return
    with fresh_pg_schema() as url:
        fill(url, _analysed_examples)
        yield url


@pytest.fixture(scope="module")
def rclient(relations_db: str) -> Iterator:  # type: ignore[type-arg]  # TestClient
    from fastapi.testclient import TestClient

    from sayso.web import create_app

    with TestClient(create_app(relations_db), raise_server_exceptions=False) as test_client:
        yield test_client
