"""Corrections on the web: the REST API (read by anyone, written with the admin token) and,
in a real browser, the actor page's merge/split dialog and the "wrong speaker" action,
with screenshots in test-artifacts/.

The store holds two example articles read by the real pipeline (the Biden–Kishida remarks
and the Putin–Lukashenko call); each test works on its own copy of it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web import test_browser
from tests.web.conftest import ADMIN_TOKEN
from tests.web.test_browser import shoot, start_server, stop, watched_page

REPO = Path(__file__).resolve().parents[2]
FILES = [
    REPO
    / "examples"
    / (
        "2022-05-23-remarks-by-president-biden-and-prime-minister-fumio-kishida-of-japan-"
        "during-bilateral-meeting.md"
    ),
    REPO / "examples" / "kremlin-57147-telephone-conversation-with-lukashenko.html",
]
AUTH = {"Authorization": f"Bearer {ADMIN_TOKEN}"}

browser = test_browser.browser  # the module's Chromium, shared


@pytest.fixture(scope="module")
def analysed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from sayso.engine.batch import ingest
    from sayso.store import Store

    path = tmp_path_factory.mktemp("corrections-web") / "sayso.db"
    with Store(f"sqlite:///{path}") as store:
        summary = ingest([str(p) for p in FILES], store)
        assert not summary.failures, summary.failures
    return path


@pytest.fixture()
def db_url(analysed_db: Path, tmp_path: Path) -> str:
    copy = tmp_path / "sayso.db"
    shutil.copy(analysed_db, copy)
    return f"sqlite:///{copy}"


@pytest.fixture()
def client(db_url: str) -> Iterator:
    from fastapi.testclient import TestClient

    from sayso.web import create_app

    with TestClient(create_app(db_url, admin_token=ADMIN_TOKEN)) as test_client:
        yield test_client


def quote_with(client, words: str) -> dict:  # noqa: ANN001
    hits = client.get("/api/v1/quotes", params={"q": words, "limit": 5}).json()["items"]
    return next(h for h in hits if h["text"].startswith(words))


def test_rest_records_lists_and_marks_a_speaker_correction(client) -> None:  # noqa: ANN001
    quote = quote_with(client, "that whatever the situation may be")
    assert quote["speaker_key"] is None and quote["corrected"] is None
    body = {
        "action": "speaker",
        "quote": f"{quote['article_id']}:{quote['qid']}",
        "speaker": "Fumio Kishida",
        "by": "analyst",
        "note": "the Prime Minister's own words",
    }
    assert client.post("/api/v1/corrections", json=body).status_code == 401
    made = client.post("/api/v1/corrections", json=body, headers=AUTH)
    assert made.status_code == 201, made.text
    [record] = made.json()["corrections"]
    assert made.json()["articles"] == 1 and record["by"] == "analyst"
    fixed = quote_with(client, "that whatever the situation may be")
    assert fixed["speaker_key"] == "curated:fumio-kishida-JPN"
    assert fixed["corrected"] == record["id"]
    listed = client.get("/api/v1/corrections", params={"article": quote["article_id"]}).json()
    assert [c["id"] for c in listed["corrections"]] == [record["id"]]
    assert client.get(f"/api/v1/corrections/{record['id']}").json()["note"] == body["note"]
    page = client.get(f"/articles/{quote['article_id']}").text
    assert "1 speaker corrected by hand" in page
    search = client.get("/", params={"speaker": "curated:fumio-kishida-JPN"}).text
    assert "speaker corrected by hand" in search
    again = client.post("/api/v1/corrections", json=body, headers=AUTH)
    assert again.status_code == 400 and "already has that speaker" in again.text


def test_rest_explains_refusals(client) -> None:  # noqa: ANN001
    bad = client.post(
        "/api/v1/corrections",
        json={"action": "merge", "actor": "wd:Q7747", "into": "nobody:here", "by": "a"},
        headers=AUTH,
    )
    assert bad.status_code == 400 and "sayso actors search" in bad.text
    nobody = client.post(
        "/api/v1/corrections", json={"action": "rename", "actor": "wd:Q7747"}, headers=AUTH
    )
    assert nobody.status_code == 400 and "your name" in nobody.text
    assert client.get("/api/v1/corrections/0000000000000000").status_code == 404


def test_read_only_server_offers_no_corrections(db_url: str) -> None:
    from fastapi.testclient import TestClient

    from sayso.web import create_app

    with TestClient(create_app(db_url)) as reader:
        page = reader.get("/actors/wd:Q7747").text
        assert "Correct this actor" not in page and "<dialog" not in page
        assert reader.post("/api/v1/corrections", json={}, headers=AUTH).status_code == 403
        assert reader.get("/quotes/0123456789abcdef:q1/speaker").status_code == 403


@pytest.fixture()
def admin_site(db_url: str) -> Iterator[str]:
    proc, base = start_server(db_url, ADMIN_TOKEN)
    yield base
    stop(proc)


@pytest.mark.browser
def test_merge_and_split_dialog(browser, admin_site) -> None:  # noqa: ANN001
    context, tab, problems = watched_page(browser, admin_site)
    # Merge: "the Indo-Pacific region" and "the Indo-Pacific" are one region.
    tab.goto("/actors/name:indo%20pacific%20region")
    tab.click("button[data-open=correct-actor]")
    dialog = tab.locator("dialog#correct-actor")
    dialog.wait_for(state="visible")
    tab.fill("#merge-other", "Indo-Pacific")
    tab.fill("#merge-by", "analyst")
    tab.fill("#merge-note", "one region, two names")
    tab.fill("#merge-token", ADMIN_TOKEN)
    shoot(tab, "corrections-merge-dialog")
    dialog.locator("form[data-panel=merge] button[type=submit]").click()
    tab.wait_for_url("**/actors/name:indo%20pacific?corrected=*")
    assert "Correction recorded: merged name:indo pacific region" in tab.inner_text("main")
    assert "one region, two names" in tab.locator("[data-testid=corrections]").inner_text()
    tab.goto("/actors/name:indo%20pacific%20region")
    assert "Merged by hand into" in tab.locator("[data-testid=merged-notice]").inner_text()

    # Split: "the United States" that speaks in the remarks is its government.
    tab.goto("/actors/country:USA")
    tab.click("button[data-open=correct-actor]")
    dialog.locator("[data-tab=split]").click()
    split = dialog.locator("form[data-panel=split]")
    split.wait_for(state="visible")
    split.locator("label", has_text="“the United States”").first.locator("input").check()
    tab.fill("#split-new", "US government")
    tab.select_option("#split-type", "ORG")
    tab.fill("#split-by", "analyst")
    tab.fill("#split-token", "wrong-token")
    split.locator("button[type=submit]").click()
    assert "wrong admin token" in tab.inner_text("main")
    tab.goto("/actors/country:USA")
    tab.click("button[data-open=correct-actor]")
    dialog.locator("[data-tab=split]").click()
    split.locator("label", has_text="“the United States”").first.locator("input").check()
    tab.fill("#split-new", "US government")
    tab.select_option("#split-type", "ORG")
    tab.fill("#split-by", "analyst")
    tab.fill("#split-token", ADMIN_TOKEN)
    shoot(tab, "corrections-split-dialog")
    split.locator("button[type=submit]").click()
    tab.wait_for_url("**/actors/user:us-government-xx?corrected=*")
    assert tab.locator("h1").inner_text() == "US government"
    assert "split mentions" in tab.locator("[data-testid=corrections]").inner_text()
    shoot(tab, "corrections-split-done")
    context.close()
    assert [p for p in problems if "401" not in p] == []


@pytest.mark.browser
def test_wrong_speaker_action(browser, admin_site) -> None:  # noqa: ANN001
    context, tab, problems = watched_page(browser, admin_site)
    tab.goto("/?q=%22whatever+the+situation%22")
    tab.locator(".result .meta a[href^='/articles/']").first.click()
    innermost = tab.locator(".article-text .quote:not(:has(.quote))")  # not Kishida's turn
    target = innermost.filter(has_text="whatever the situation").first
    target.click()
    details = tab.locator("#quote-details")
    assert "Your visit to Japan this time" in details.inner_text()  # words, not a speaker
    details.locator("a", has_text="Wrong speaker?").click()
    tab.wait_for_url("**/speaker")
    tab.fill("#speaker", "Fumio Kishida")
    tab.fill("#speaker-by", "analyst")
    tab.fill("#speaker-note", "his own words, before 'Your visit to Japan'")
    tab.fill("#speaker-token", ADMIN_TOKEN)
    shoot(tab, "corrections-wrong-speaker-form")
    tab.click("form[data-testid=speaker-form] button[type=submit]")
    tab.wait_for_url("**/articles/*?corrected=*")
    assert "Correction recorded: speaker of" in tab.inner_text("main")
    details = tab.locator("#quote-details")
    assert "Fumio Kishida" in details.inner_text()
    assert "speaker set by hand" in details.inner_text()
    tab.mouse.move(0, 0)
    shoot(tab, "corrections-wrong-speaker-done")
    context.close()
    assert problems == []
