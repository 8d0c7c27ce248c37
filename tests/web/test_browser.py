"""The web UI in a real browser: Playwright driving Debian's Chromium against `sayso serve`.

The server runs as a subprocess on 127.0.0.1 over a temporary SQLite store filled by the
real pipeline (the example article and two en.kremlin.ru pages) plus one hostile article.
Screenshots of each page go to test-artifacts/.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.web.conftest import ADMIN_TOKEN, need
from tests.web.hostile import hostile_article

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
INPUTS = [
    REPO / "examples" / "lukashenko-allies-2024-08-15.txt",
    REPO / "tests" / "fixtures" / "ingest-web" / "57147.html",
    REPO / "tests" / "fixtures" / "ingest-web" / "42581.html",
]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_START_SECONDS = 60


def chromium_path() -> str | None:
    for candidate in (
        os.environ.get("SAYSO_CHROMIUM"),
        shutil.which("chromium"),
        "/usr/bin/chromium",
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def browser() -> Iterator:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need(False, "Playwright is not installed (pip install playwright==1.65.2)")
    executable = chromium_path()
    need(executable is not None, "Chromium is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The example and two kremlin pages through `sayso ingest`'s pipeline, plus a hostile
    article (stored as given: its text is the test, not its analysis)."""
    from sayso.engine.batch import ingest
    from sayso.store import Store

    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'sayso.db'}"
    with Store(url) as store:
        summary = ingest([str(p) for p in INPUTS], store)
        assert not summary.failures, summary.failures
        assert summary.quotes > 0, "the pipeline found no quotes in the example"
        store.save(hostile_article())
    return url


def start_server(
    store_url: str, admin_token: str | None = None, extra: list[str] | None = None
) -> tuple[subprocess.Popen, str]:
    """`sayso serve` on a free port of 127.0.0.1, once it answers; fails with its output."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("SAYSO_ADMIN_TOKEN", None)
    if admin_token:
        env["SAYSO_ADMIN_TOKEN"] = admin_token
    command = [
        sys.executable,
        "-c",
        "from sayso.cli import main; main()",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--db",
        store_url,
        "--log-level",
        "warning",
        *(extra or []),
    ]
    proc = subprocess.Popen(
        command, env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SERVER_START_SECONDS
    while True:
        if proc.poll() is not None:
            pytest.fail(f"sayso serve exited with {proc.returncode}: {proc.stdout.read()}")
        try:
            if httpx.get(base + "/api/v1", timeout=2).status_code == 200:
                return proc, base
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            stop(proc)
            pytest.fail(f"sayso serve did not answer on {base} in {SERVER_START_SECONDS}s")
        time.sleep(0.2)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def server(store_url: str) -> Iterator[str]:
    """The server as started by default: read-only."""
    proc, base = start_server(store_url)
    yield base
    stop(proc)


@pytest.fixture()
def admin_server(tmp_path: Path) -> Iterator[str]:
    """A server with uploads enabled, over its own empty store."""
    proc, base = start_server(f"sqlite:///{tmp_path / 'admin.db'}", ADMIN_TOKEN)
    yield base
    stop(proc)


def watched_page(browser, base_url: str):  # noqa: ANN001, ANN201
    """A page that records console errors, uncaught exceptions, CSP reports and dialogs."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=base_url)
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    tab.on("pageerror", lambda exc: problems.append(str(exc)))
    tab.on(
        "dialog", lambda dialog: (problems.append("dialog: " + dialog.message), dialog.dismiss())
    )
    return context, tab, problems


@pytest.fixture()
def page(browser, server) -> Iterator:  # noqa: ANN001
    """A fresh page that fails the test on any console error, CSP report or dialog."""
    context, tab, problems = watched_page(browser, server)
    yield tab
    context.close()
    assert problems == [], problems


def shoot(tab, name: str) -> None:  # noqa: ANN001
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_search_finds_lukashenko(page) -> None:  # noqa: ANN001
    page.goto("/")
    page.click("#search-form details.more-filters summary")  # "Said by" sits under More filters
    page.fill("input[name=speaker]", "Lukashenko")
    page.click("#search-form button[type=submit]")
    page.wait_for_url("**/?speaker=Lukashenko")  # empty fields are left out of the link
    assert page.locator(".result").count() >= 5
    assert page.locator(".facet li").count() >= 3
    shoot(page, "search")
    page.fill("#search-form input[name=q]", "allies")
    page.click("#search-form button[type=submit]")
    page.wait_for_url("**/?q=allies&speaker=Lukashenko")
    results = page.locator(".result")
    assert results.count() >= 1
    assert "allies" in results.first.locator("blockquote").inner_text()
    assert "Lukashenko" in results.first.locator(".meta").inner_text()


def test_article_shows_highlighted_quotes(page) -> None:  # noqa: ANN001
    page.goto("/?speaker=Lukashenko")
    page.locator(".result .meta a[href^='/articles/']").first.click()
    page.wait_for_selector(".article-text .quote")
    quotes = page.locator(".article-text .quote")
    assert quotes.count() >= 3
    speakers = page.locator(".legend li").all_inner_texts()
    assert any("Lukashenko" in s for s in speakers), speakers
    # Same speaker, same colour: the background is computed from the speaker class.
    colour = quotes.first.evaluate("el => getComputedStyle(el).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    assert page.locator(".article-text .cue").count() >= 1
    target = page.locator(".article-text .quote").filter(has_text="allies").first
    target.click()
    details = page.locator("#quote-details")
    assert "Speaker" in details.inner_text() and "Kind" in details.inner_text()
    assert page.url.endswith("#" + target.get_attribute("data-q"))  # linkable selection
    page.mouse.move(0, 0)
    shoot(page, "article")
    # Keyboard: a statement takes focus and Enter opens its details; the hash restores it.
    other = page.locator(".article-text .quote").last
    other.focus()
    page.keyboard.press("Enter")
    chosen = other.get_attribute("data-q")
    assert f"Statement {chosen}" in details.inner_text()
    page.reload()
    assert f"Statement {chosen}" in page.locator("#quote-details").inner_text()


def test_actor_page_has_chart_and_links(page) -> None:  # noqa: ANN001
    page.goto("/actors?q=Lukashenko")
    page.locator("table a[href^='/actors/']").first.click()
    page.wait_for_selector("#timeline-chart svg")
    assert "Lukashenko" in page.locator("h1").inner_text()
    assert page.locator("#timeline-chart svg rect.bar").count() >= 1
    talks_about = page.locator("section:has(h3:text('Talks about')) td a[href^='/actors/']")
    assert talks_about.count() >= 1
    shoot(page, "actor")


def test_network_graph_is_interactive(page) -> None:  # noqa: ANN001
    page.goto("/network")
    page.wait_for_selector("#graph svg g.node")
    nodes = page.locator("#graph svg g.node")
    assert nodes.count() >= 2
    assert page.locator("#graph svg path.edge").count() >= 1
    lukashenko = page.locator("#graph svg g.node").filter(has_text="Lukashenko").first
    lukashenko.click()
    info = page.locator("#graph-info")
    info.wait_for(state="visible")
    assert "Talks about" in info.inner_text()
    assert page.locator("#graph svg path.edge.hot").count() >= 1
    assert "select=" in page.url  # the selection is in the link
    page.reload()
    page.wait_for_selector("#graph svg g.node.selected")
    assert "Lukashenko" in page.locator("#graph svg g.node.selected").text_content()
    shoot(page, "network")


def test_dyad_page_points_open_their_relations(page) -> None:  # noqa: ANN001
    page.goto("/dyad")
    page.fill("input[name=a]", "Belarus")
    page.fill("input[name=b]", "Russia")
    page.select_option("select[name=interval]", "year")
    page.click("#dyad-form button[type=submit]")
    page.wait_for_selector("svg.dyad-chart circle.point")
    assert page.locator("svg.dyad-chart polyline.line, svg.dyad-chart circle.point").count() >= 2
    directions = {page.locator("svg.dyad-chart circle.point").nth(i).get_attribute(
        "data-direction") for i in range(page.locator("svg.dyad-chart circle.point").count())}
    assert directions == {"a>b", "b>a"}  # both directions drawn
    shoot(page, "dyad")
    point = page.locator('svg.dyad-chart circle.point[data-direction="b>a"]').last
    period = point.get_attribute("data-period")
    point.click()
    page.wait_for_url(f"**period={period}**")
    shown = page.locator('section[data-direction="b>a"] .result.relation')
    assert shown.count() >= 1
    first = shown.first
    assert first.locator("strong.trigger").count() == 1  # the sentence, its event word marked
    assert first.locator('a[href^="/articles/"]').count() == 1
    assert page.locator('svg.dyad-chart circle.point.selected').count() == 1
    shoot(page, "dyad-point")


def test_hostile_article_runs_nothing(page) -> None:  # noqa: ANN001
    page.goto(f"/articles/{hostile_article().id}")
    page.wait_for_selector(".article-text .quote")
    assert page.title() != "pwned"
    assert (
        page.evaluate(
            "document.querySelectorAll('.article-text img, .article-text svg, "
            ".article-text a, .article-text script').length"
        )
        == 0
    )
    assert "<script>" in page.locator(".article-text").inner_text()
    assert page.locator("h1").inner_text() == '<script>alert("title")</script>'


def test_read_only_server_offers_no_upload(browser, server) -> None:  # noqa: ANN001
    context, tab, problems = watched_page(browser, server)
    tab.goto("/")
    assert tab.locator("nav a[href='/upload']").count() == 0
    response = tab.goto("/upload")
    assert response.status == 403
    assert "read-only" in tab.locator("main").inner_text()
    context.close()
    assert [p for p in problems if "403" not in p] == []


def test_admin_uploads_an_article(browser, admin_server) -> None:  # noqa: ANN001
    context, tab, problems = watched_page(browser, admin_server)
    tab.goto("/")
    tab.click("nav a[href='/upload']")
    text = (REPO / "examples" / "lukashenko-allies-2024-08-15.txt").read_text(encoding="utf-8")
    tab.fill("#title", "Uploaded: Lukashenko on allies")
    tab.fill("#text", text)
    tab.fill("#token", "wrong-token")
    tab.click("form button[type=submit]")
    assert "wrong admin token" in tab.locator("main").inner_text()
    tab.go_back()
    tab.fill("#token", ADMIN_TOKEN)
    tab.click("form button[type=submit]")
    tab.wait_for_url("**/articles/*")
    assert tab.locator("h1").inner_text() == "Uploaded: Lukashenko on allies"
    assert tab.locator(".article-text .quote").count() >= 3
    context.close()
    # The refused token is a 401 page, which the browser reports as a failed resource.
    assert [p for p in problems if "401" not in p] == []
