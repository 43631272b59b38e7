"""The workspace as a person uses it, in a real browser: Playwright driving Debian's chromium.

The database is the replayed fixture site (`monitor replay fixtures/`); the app runs under uvicorn
on loopback in a thread. Screenshots at desktop and phone width are written to
$MONITOR_SCREENSHOTS (else a temporary folder); they are never committed. Skips cleanly when
chromium or the playwright package is absent.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

CHROMIUM = Path("/usr/bin/chromium")
playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")]

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
FUDAN = "District partners with Fudan to build sci-tech park"
BAOSHAN = "Baoshan inks deal to drive sci-tech innovation"
JIADING = "Jiading and Tongji University sign deal on intelligent vehicles"
FORUM = "Jiading forum seeks closer Yangtze River Delta ties in auto industry"


class Site:
    """A replayed database served on loopback; ``store()`` opens it for checks."""

    def __init__(self, folder: Path) -> None:
        from monitor.config import load_settings

        self.db = folder / "browser.db"
        self.settings = load_settings(environ={"MONITOR_DB": str(self.db),
                                               "MONITOR_REPORTS_DIR": str(folder / "reports")})
        self.url = ""

    def store(self) -> Any:
        from monitor.store.sqlite import Store

        return Store.open(self.db)

    def article_id(self, title: str) -> str:
        with self.store() as store:
            return str(store.db.execute("select id from articles where title = ?", [title]).fetchone()[0])


def _replay(site: Site) -> None:
    from monitor.cli import cli
    from monitor.models import Classification

    result = CliRunner().invoke(cli, ["--db", str(site.db), "replay", str(FIXTURES)])
    assert result.exit_code == 0, result.output
    with site.store() as store:  # one verdict the classifier asks a reader to look at
        forum = site.article_id(FORUM)
        store.save_classification(forum, Classification(partnership=False, score=0.3, version="test",
                                                        check=["parties-unread"]))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    import uvicorn

    from monitor.web.app import create_app
    from monitor.web.auth import Auth

    site = Site(tmp_path_factory.mktemp("browser"))
    # In its own thread: playwright's sync API may already hold this thread's event loop.
    replay = threading.Thread(target=_replay, args=(site,))
    replay.start()
    replay.join(120)
    assert site.article_id(FORUM), "the replay stored nothing"
    app = create_app(site.settings, Auth(users={}, token=None, required=False, local_user="analyst"))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    site.url = f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
    yield site
    server.should_exit = True
    thread.join(5)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("MONITOR_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def page(browser: Any, site: Site) -> Iterator[Any]:
    context = browser.new_context(viewport=DESKTOP)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield opened
    context.close()
    assert not errors, f"console errors (a CSP violation shows here): {errors}"


def _digest_of(site: Site) -> Any:
    from monitor.report.digest import build_digest, latest_day

    with site.store() as store:
        day = latest_day(store, site.settings.tz)
        assert day is not None
        return build_digest(store, day, site.settings)


def _feed_of(site: Site) -> str:
    from monitor.report.feed import render_atom

    with site.store() as store:
        return render_atom(store, site.settings)


def test_day_page_shows_the_replayed_announcements(page: Any, site: Site, shots: Path) -> None:
    page.goto(site.url + "/")
    page.screenshot(path=str(shots / "day-desktop.png"), full_page=True)
    assert page.locator("h2", has_text="Partnership announcements").count() == 1
    assert page.get_by_role("link", name=FUDAN).is_visible()


def test_day_page_reads_on_a_phone_without_sideways_scrolling(browser: Any, site: Site, shots: Path) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True)
    phone = context.new_page()
    phone.goto(site.url + "/")
    phone.screenshot(path=str(shots / "day-phone.png"), full_page=True)
    width = phone.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= PHONE["width"]


def test_search_box_finds_an_article(page: Any, site: Site, shots: Path) -> None:
    page.goto(site.url + "/")
    page.get_by_role("searchbox", name="Search articles").fill("wetland")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=wetland")
    page.screenshot(path=str(shots / "search-desktop.png"), full_page=True)
    assert page.get_by_role("link", name="New wetland park opens on Chongming Island").is_visible()


def test_search_filter_by_kind_keeps_a_shareable_url(page: Any, site: Site) -> None:
    page.goto(site.url + "/search")
    page.get_by_label("Kind").select_option("mou")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**kind=mou**")
    titles = page.locator("ul.results > li > a[data-article]").all_inner_texts()
    assert titles == ["Fengxian town signs MoU with cosmetics maker on green factory"]


def test_opening_an_article_highlights_its_evidence(page: Any, site: Site, shots: Path) -> None:
    page.goto(site.url + "/")
    page.get_by_role("link", name=FUDAN).click()
    page.wait_for_url("**/article/**")
    page.screenshot(path=str(shots / "article-desktop.png"), full_page=True)
    assert page.locator("mark").first.inner_text().startswith("Qingpu District and Fudan University")


def test_confirming_an_announcement_marks_it_reviewed_in_the_digest(page: Any, site: Site) -> None:
    page.goto(f"{site.url}/article/{site.article_id(FUDAN)}")
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm").click()
    assert page.get_by_text("reviewed by analyst").is_visible()
    item = next(i for i in _digest_of(site).partnerships if i.title == FUDAN)
    assert (item.reviewed, item.reviewed_by) == (True, "analyst")


def test_rejecting_an_announcement_takes_it_out_of_digest_and_feed(page: Any, site: Site) -> None:
    page.goto(f"{site.url}/article/{site.article_id(BAOSHAN)}")
    with page.expect_navigation():
        page.get_by_role("button", name="Reject").click()
    assert BAOSHAN not in {i.title for i in _digest_of(site).partnerships}
    assert BAOSHAN not in _feed_of(site)


def test_correcting_a_party_shows_in_digest_and_feed(page: Any, site: Site, shots: Path) -> None:
    page.goto(f"{site.url}/article/{site.article_id(JIADING)}")
    page.get_by_label("Parties (one per line)").fill("Jiading District\nTongji University")
    with page.expect_navigation():
        page.get_by_role("button", name="Save correction").click()
    page.screenshot(path=str(shots / "article-reviewed-desktop.png"), full_page=True)
    item = next(i for i in _digest_of(site).partnerships if i.title == JIADING)
    assert item.parties == ["Jiading District", "Tongji University"]  # one party fewer than the classifier's
    assert "Parties: Jiading District; Tongji University." in _feed_of(site)


def test_keyboard_confirms_the_current_item_to_check(page: Any, site: Site) -> None:
    page.goto(site.url + "/")
    page.keyboard.press("j")
    assert page.locator("ul.to-check > li.current").count() == 1
    with page.expect_navigation():  # the form posts, then the app sends the reader back
        page.keyboard.press("c")
    with site.store() as store:
        assert [r["action"] for r in store.reviews(site.article_id(FORUM))] == ["confirm"]
