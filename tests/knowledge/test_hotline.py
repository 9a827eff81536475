"""The hotline numbers are written once, in knowledge/hotline.yml, and reach every text that names them."""

import functools
import re
import threading
import urllib.request
from http.server import ThreadingHTTPServer
from pathlib import Path

import yaml

from bot.knowledge import get_knowledge
from bot.knowledge.hotline import (
    DOMAIN_TEMPLATE,
    hotline,
    hotlines,
    with_hotline,
    write_domain_responses,
)

ROOT = Path(__file__).resolve().parents[2]
NUMBERS = tuple(
    yaml.safe_load((ROOT / "knowledge" / "hotline.yml").read_text(encoding="utf-8"))["numbers"]
)
PLACEHOLDER = re.compile(r"\$\{?hotlines?\}?")


def test_the_numbers_come_from_the_knowledge_base():
    assert hotlines() == NUMBERS and hotline() == NUMBERS[0]
    assert (
        with_hotline("拨打 ${hotline}；热线 ${hotlines}；$5 不变")
        == f"拨打 {NUMBERS[0]}；热线 {' 或 '.join(NUMBERS)}；$5 不变"
    )


def test_answers_are_filled_in():
    answers = get_knowledge().answers
    assert " 或 ".join(NUMBERS) in answers["ask_hotline"].text
    assert not [a.intent for a in answers.values() if PLACEHOLDER.search(a.text)]


def test_the_domain_responses_that_name_the_hotline_are_generated(tmp_path):
    target = write_domain_responses(DOMAIN_TEMPLATE, tmp_path / "hotline.yml")
    responses = yaml.safe_load(target.read_text(encoding="utf-8"))["responses"]
    texts = [v["text"] for variants in responses.values() for v in variants]
    assert {
        "utter_goodbye",
        "utter_iamabot",
        "utter_no_answer_yet",
        "utter_ticket_cancelled",
    } <= set(responses)
    assert all(NUMBERS[0] in t for t in texts) and not [t for t in texts if "$" in t or "{" in t]


def test_no_number_is_written_anywhere_else():
    """Python, the domain, the answers and the web page say ${hotline}; only knowledge/hotline.yml has the numbers.
    (Training examples, tests and docs quote what customers type and read.)"""
    generated = {Path("domain/hotline.yml"), Path("knowledge/hotline.yml")}
    files = [
        p
        for folder in ("bot", "actions", "domain", "knowledge", "web", "bench", "eval")
        for p in (ROOT / folder).rglob("*")
        if p.is_file()
        and p.suffix in (".py", ".yml", ".in", ".html", ".js")
        and p.relative_to(ROOT) not in generated
    ]
    found = [
        str(p.relative_to(ROOT))
        for p in files
        if any(
            n in line
            for line in p.read_text(encoding="utf-8").splitlines()
            if not line.lstrip().startswith("#")
            for n in NUMBERS
        )
    ]
    assert found == []


def test_the_chat_page_is_served_with_the_numbers():
    from bot.channels.webpage import PAGE_DIR, PageHandler

    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(PageHandler, directory=str(PAGE_DIR))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        page = urllib.request.urlopen(f"{base}/").read().decode("utf-8")
        script = urllib.request.urlopen(f"{base}/page.js").read().decode("utf-8")
        css = urllib.request.urlopen(f"{base}/page.css")
        assert css.status == 200
    finally:
        server.shutdown()
        server.server_close()
    assert " / ".join(NUMBERS) in page and " / ".join(NUMBERS) in script
    assert not PLACEHOLDER.search(page) and "${hotline" not in script
