"""The report page (``bin/staff report --html``) in a real browser: every chart image loaded."""

import os
from pathlib import Path

import pytest

from bot.staff.cli import main
from tests.browser.test_widget import ARTIFACTS, BROWSER_ARGS, CHROMIUM
from tests.staff.report_data import fill

pytestmark = pytest.mark.slow  # a real Chromium (make test-fast leaves it out)


@pytest.fixture
def report_page(tmp_path, monkeypatch):
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser test needs {CHROMIUM} in CI")
        pytest.skip(f"browser test needs {CHROMIUM}: apt-get install chromium fonts-noto-cjk")
    url = f"sqlite:///{tmp_path / 'tickets.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    fill(url)
    page = tmp_path / "report.html"
    assert main(["report", "--since", "7d", "--html", str(page)]) == 0
    return page


def test_every_chart_of_the_report_page_loads(report_page):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=BROWSER_ARGS
        )
        page = browser.new_page(locale="zh-CN", viewport={"width": 1200, "height": 900})
        page.goto(report_page.as_uri())
        images = page.locator("#charts img")
        assert images.count() == 8
        widths = page.eval_on_selector_all(
            "#charts img", "imgs => imgs.map(i => i.complete ? i.naturalWidth : 0)"
        )
        assert len(widths) == 8 and all(w > 0 for w in widths), widths
        assert "自助解决 2（50.0%）" in page.inner_text("pre")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
        browser.close()
