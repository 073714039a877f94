"""The HTML article as a reader sees it: Debian's Chromium, driven by Playwright, lays out the
rendered seed article on a wide screen."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support import SWEDISH_SEED

CHROMIUM = Path("/usr/bin/chromium")
playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')"
)
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)",
)

# Characters on each full line of every paragraph, from the boxes Chromium laid the text out in.
_LINE_LENGTHS = """
() => [...document.querySelectorAll("article p")].flatMap((p) => {
  const range = document.createRange();
  range.selectNodeContents(p);
  const tops = new Map();
  const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const box = range.getBoundingClientRect();
      if (box.width) tops.set(Math.round(box.top), (tops.get(Math.round(box.top)) || 0) + 1);
    }
  }
  return [...tops.values()].slice(0, -1);  // the last line of a paragraph may be short
})
"""


def test_article_lines_keep_a_readable_measure_on_a_wide_screen(  # type: ignore[no-untyped-def]
    invoke, install_model, tmp_path: Path
) -> None:
    install_model("marker")
    assert invoke("run", str(SWEDISH_SEED)).exit_code == 0
    page_path = tmp_path / "article.html"
    assert invoke("render", "1", "--format", "html", "-o", page_path).exit_code == 0
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox"], headless=True
        )
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(page_path.as_uri())
            lengths = page.evaluate(_LINE_LENGTHS)
            box = page.locator("article").bounding_box()
            font_px = page.evaluate(
                "parseFloat(getComputedStyle(document.querySelector('article p')).fontSize)"
            )
        finally:
            browser.close()
    assert len(lengths) > 20, json.dumps(lengths)
    # a comfortable measure is 45–85 characters; the unstyled page gave ~200 at this width
    assert max(lengths) <= 85 and sum(lengths) / len(lengths) >= 45, lengths
    assert box is not None and box["x"] > 200  # centred, not stuck to the left edge
    assert font_px >= 16
