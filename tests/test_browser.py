"""`workbench serve` in a real browser: Playwright drives Debian's Chromium (no browser download).

The served app draws on a canvas, so what it shows is read from the WebSocket frames the page
receives; what it did is read from the store.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.serving import WAIT_S, serving, until
from tests.tui.helpers import ReviewStore, build_review_store
from workbench.records import Role, SegmentStatus
from workbench.review.passwords import hash_password
from workbench.settings import set_setting
from workbench.store import Store

CHROMIUM = Path("/usr/bin/chromium")
playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')"
)
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"Chromium is not installed at {CHROMIUM} (apt-get install chromium); "
    "the browser tests drive it",
)

PASSWORD = "correct horse battery"
_ESCAPE = re.compile(rb"\x1b\[[0-9;?<>=]*[A-Za-z~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, ReviewStore]]:
    """`workbench serve` on a review store with a reviewer account, at a free local port."""
    review_store = build_review_store(tmp_path / "review.db")
    with Store.open(review_store.path) as store:
        store.accounts.add("anna", Role.REVIEWER, hash_password(PASSWORD))
    with serving(review_store.path, tmp_path / "serve.log") as server:
        yield server.url, review_store


class Tab:
    """One browser tab on the served app: every URL it asked for and the text it was sent."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.urls: list[str] = []
        self.received = b""
        # Where the text sent since the latest key starts: waits look only at what came after.
        self.since_key = 0
        page.on("request", lambda request: self.urls.append(request.url))
        page.on("websocket", self._watch)
        # Anything not for this machine is refused, so a failure cannot leak a request either.
        page.route(
            "**/*",
            lambda route: (
                route.continue_()
                if urlsplit(route.request.url).hostname == "127.0.0.1"
                else route.abort()
            ),
        )

    def _watch(self, websocket: Any) -> None:
        self.urls.append(websocket.url)
        websocket.on("framereceived", self._received)

    def _received(self, payload: str | bytes) -> None:
        data = payload.encode() if isinstance(payload, str) else payload
        self.received += _ESCAPE.sub(b"", data)

    def until(self, condition: Callable[[], Any], what: str, wait_s: float = WAIT_S) -> None:
        try:
            # Playwright's sync API delivers events only while it is called: wait through it.
            until(condition, what, lambda: self.page.wait_for_timeout(100), wait_s)
        except AssertionError as failure:
            shown = self.received[-3000:].decode(errors="replace")
            raise AssertionError(f"{failure}; the latest text received:\n{shown}") from None

    def wait_for_text(self, text: str, wait_s: float = WAIT_S) -> None:
        self.until(lambda: text.encode() in self.received[self.since_key :], repr(text), wait_s)

    def press_until(self, key: str, text: str) -> None:
        """Press `key` until the app shows `text`: on this shared machine a key press between
        the browser and the served app is now and then lost (seen 1 in ~10 runs)."""
        for _ in range(3):
            self.keys(key)
            try:
                self.wait_for_text(text, wait_s=WAIT_S / 4)
                return
            except AssertionError:
                continue
        self.wait_for_text(text)

    def keys(self, *keys: str) -> None:
        self.since_key = len(self.received)
        for key in keys:
            self.page.keyboard.press(key)

    def type(self, text: str, echo: Callable[[int], str]) -> None:
        """Type `text` a key at a time, each once the app has drawn the one before."""
        for typed, key in enumerate(text, start=1):
            self.since_key = len(self.received)
            self.page.keyboard.type(key)
            self.wait_for_text(echo(typed))

    def log_in(self, name: str, password: str) -> None:
        self.type(name, lambda typed: name[:typed])
        self.keys("Tab")
        # The password field shows a bullet per character.
        self.type(password, lambda typed: "•" * typed)
        self.keys("Enter")


@pytest.fixture
def tab(served: tuple[str, ReviewStore]) -> Iterator[Tab]:
    url, _ = served
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox"], headless=True
        )
        try:
            opened = Tab(browser.new_page(viewport={"width": 1400, "height": 900}))
            opened.page.goto(url)
            opened.wait_for_text("log in")
            opened.page.locator(".xterm-helper-textarea").focus()
            yield opened
        finally:
            browser.close()


def _local_only(urls: list[str]) -> None:
    assert urls, "the page made no requests at all"
    assert {urlsplit(url).hostname for url in urls} == {"127.0.0.1"}, urls


def test_log_in_edit_and_approve_in_a_browser(served: tuple[str, ReviewStore], tab: Tab) -> None:
    _, review_store = served
    segment_id = review_store.article_segment_ids[0]
    tab.log_in("anna", PASSWORD)
    tab.wait_for_text("Nytt bibliotek")
    tab.press_until("Enter", f"segment {segment_id}")
    tab.press_until("e", "editing")
    tab.type(" today", lambda typed: "Umeå" + " today"[:typed])
    tab.press_until("Control+s", f"Saved segment {segment_id}")

    def edited() -> bool:
        with Store.open(review_store.path) as store:
            return store.documents.segment(segment_id).status == SegmentStatus.EDITED

    tab.until(edited, "the edit to be saved")
    tab.press_until("a", f"Approved segment {segment_id}")

    def approved() -> bool:
        with Store.open(review_store.path) as store:
            return store.documents.segment(segment_id).status == SegmentStatus.APPROVED

    tab.until(approved, "the approval")
    with Store.open(review_store.path) as store:
        latest = store.reviews.history(segment_id)[-1]
        assert latest.text == "New library opens in Umeå today"
        assert latest.author == "anna"
        assert store.reviews.approvals([segment_id])[segment_id][0] == "anna"
        assert store.accounts.failed_logins("anna", "127.0.0.1") == (0, None)
    _local_only(tab.urls)


def test_a_wrong_password_changes_nothing(served: tuple[str, ReviewStore], tab: Tab) -> None:
    _, review_store = served
    with Store.open(review_store.path) as store:
        before = store.content_digest()
    tab.log_in("anna", "not the password")
    tab.wait_for_text("Wrong name or password.")
    with Store.open(review_store.path) as store:
        assert store.content_digest() == before
        assert store.accounts.failed_logins("anna", "127.0.0.1")[0] == 1
    _local_only(tab.urls)


_OPEN_A_TAB = """(url) => new Promise((resolve) => {
    const seen = {opened: false, frames: 0, code: null};
    const socket = new WebSocket(url);
    socket.onopen = () => { seen.opened = true; };
    socket.onmessage = () => { seen.frames += 1; };
    socket.onclose = (event) => { seen.code = event.code; resolve(seen); };
    setTimeout(() => { resolve(seen); socket.close(); }, 15000);
})"""


def _browser(playwright: Any) -> Any:
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=["--no-sandbox"], headless=True
    )


def test_a_page_of_another_origin_cannot_open_a_tab(
    served: tuple[str, ReviewStore], tmp_path: Path
) -> None:
    url, _ = served
    socket_url = url.replace("http://", "ws://") + "ws?width=80&height=24"
    # Another site's page on this machine (another port is another origin).
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<p>another site</p>")
    site = ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(tmp_path / "site"))
    )
    threading.Thread(target=site.serve_forever, daemon=True).start()
    try:
        with playwright_api.sync_playwright() as playwright:
            browser = _browser(playwright)
            try:
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{site.server_port}/index.html")
                refused = page.evaluate(_OPEN_A_TAB, socket_url)
                # The server's own page, in the same browser, still opens one.
                page.goto(url + "static/css/xterm.css")
                accepted = page.evaluate(_OPEN_A_TAB, socket_url)
            finally:
                browser.close()
    finally:
        site.shutdown()
    assert refused["opened"] is False and refused["frames"] == 0, refused
    assert accepted["opened"] is True and accepted["frames"] > 0, accepted
    assert "refused a tab" in (tmp_path / "serve.log").read_text()


def test_a_tab_over_the_limit_says_why(tmp_path: Path) -> None:
    review_store = build_review_store(tmp_path / "review.db")
    with (
        serving(review_store.path, tmp_path / "serve.log", "--max-tabs-per-client", "1") as server,
        playwright_api.sync_playwright() as playwright,
    ):
        browser = _browser(playwright)
        try:
            first = Tab(browser.new_page())
            first.page.goto(server.url)
            first.wait_for_text("log in")
            second = browser.new_page()
            second.goto(server.url)
            message = second.locator(".closed-dialog .message")
            message.wait_for(state="visible", timeout=WAIT_S * 1000)
            assert "Too many tabs open from your address (1)" in message.inner_text()
        finally:
            browser.close()


@pytest.fixture
def served_with_model(
    tmp_path: Path, install_model: Callable[[str], Path]
) -> Iterator[tuple[str, ReviewStore]]:
    """As `served`, with the marker fixture installed where the served app looks for models."""
    install_model("marker")
    review_store = build_review_store(tmp_path / "review.db")
    with Store.open(review_store.path) as store:
        store.accounts.add("anna", Role.REVIEWER, hash_password(PASSWORD))
    with serving(review_store.path, tmp_path / "serve.log") as server:
        yield server.url, review_store


def test_completion_in_the_browser_and_the_setting_that_turns_it_off(
    served_with_model: tuple[str, ReviewStore],
) -> None:
    url, review_store = served_with_model
    first, second = review_store.article_segment_ids[:2]
    with playwright_api.sync_playwright() as playwright:
        browser = _browser(playwright)
        try:
            tab = Tab(browser.new_page(viewport={"width": 1400, "height": 900}))
            tab.page.goto(url)
            tab.wait_for_text("log in")
            tab.page.locator(".xterm-helper-textarea").focus()
            tab.log_in("anna", PASSWORD)
            tab.wait_for_text("Nytt bibliotek")
            # On: the ghost text comes, tab takes its next word.
            tab.press_until("Enter", f"segment {first}")
            tab.press_until("e", "editing")
            tab.keys("Control+l")
            tab.type("[en] Nytt ", lambda typed: "[en] Nytt "[:typed].rstrip() or "[")
            tab.wait_for_text("bibliotek öppnar")
            tab.keys("Tab")
            tab.wait_for_text("[en] Nytt bibliotek")
            tab.press_until("Control+s", f"Saved segment {first}")
            # Off (set by an administrator meanwhile): the next editor completes nothing.
            with Store.open(review_store.path) as store:
                set_setting(store, "completion", "off", "admin")
            tab.press_until("j", f"segment {second}")
            tab.press_until("e", "editing")
            tab.keys("Control+l")
            tab.type("[en] Bib", lambda typed: "[en] Bib"[:typed])
            tab.page.wait_for_timeout(1500)  # time a completion would have had to come
            tab.keys("Tab")
            tab.press_until("Control+s", f"Saved segment {second}")
        finally:
            browser.close()

    def saved() -> list[str | None]:
        with Store.open(review_store.path) as store:
            return [store.documents.segment(i).target for i in (first, second)]

    until(lambda: saved()[1] == "[en] Bib", "the second save")
    assert saved() == ["[en] Nytt bibliotek", "[en] Bib"]
