"""The website chat widget in a real browser (Debian's Chromium driven by Playwright)."""

import os
import threading
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from bot.build import WIDGET_BUNDLE
from bot.channels.webpage import PAGE_DIR, PageHandler
from harness.servers import ROOT, free_port
from tests.conftest import PAGE_PORT

pytestmark = pytest.mark.slow  # a real Chromium (make test-fast leaves it out)

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def page_url(servers):
    if not Path(CHROMIUM).exists() or not WIDGET_BUNDLE.exists():
        missing = (
            CHROMIUM if not Path(CHROMIUM).exists() else f"{WIDGET_BUNDLE} (npm during make setup)"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser test needs {missing} in CI")
        pytest.skip(f"browser test needs {missing}: apt-get install chromium fonts-noto-cjk")
    port = PAGE_PORT  # the origin the servers' CORS allows (tests/conftest.py)
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(PageHandler, directory=str(PAGE_DIR)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{port}/?rasa={servers.url}"
    server.shutdown()


@pytest.fixture
def page(page_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=BROWSER_ARGS
        )
        context = browser.new_context(locale="zh-CN", viewport={"width": 900, "height": 900})
        page = context.new_page()
        yield page
        browser.close()


def bot_says(page, text, timeout=30_000):
    page.locator(".rw-response", has_text=text).last.wait_for(timeout=timeout)


def test_chat_through_a_step_click_a_button_and_keep_it_after_reload(page, page_url):
    page.goto(page_url)
    bot_says(page, "小海")  # the greeting, from the init payload

    page.locator(".rw-new-message").fill("电视黑屏了，有声音没图像")
    page.keyboard.press("Enter")
    bot_says(page, "待机指示灯")
    page.locator(".rw-reply", has_text="指示灯亮着").click()
    bot_says(page, "HDMI 线")

    page.reload()
    bot_says(page, "HDMI 线")  # the conversation is still there
    page.locator(".rw-new-message").fill("还是黑屏")
    page.keyboard.press("Enter")
    bot_says(page, "信号源")  # and it goes on with the same session after the reload

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "widget.png"), full_page=True)
    assert page.locator("#status").is_hidden()


def test_the_page_says_so_when_the_bot_is_unreachable(page, page_url):
    dead = page_url.split("?")[0] + f"?rasa=http://127.0.0.1:{free_port()}"
    page.goto(dead)
    status = page.locator("#status")
    status.wait_for(state="visible", timeout=15_000)
    assert "连接不上" in status.inner_text() and "4006-100-100" in status.inner_text()


def test_markup_typed_by_a_customer_is_shown_as_text_never_run(page, page_url):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(page_url)
    bot_says(page, "小海")
    attack = "<img src=x onerror=alert(1)><script>alert(2)</script>"
    page.locator(".rw-new-message").fill(attack)
    page.keyboard.press("Enter")
    page.locator(".rw-client", has_text="onerror").last.wait_for(timeout=10_000)
    page.wait_for_timeout(1500)
    assert dialogs == []
    assert page.locator("img[src='x']").count() == 0
