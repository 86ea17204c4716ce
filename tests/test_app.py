"""The Gradio app: escaping, its API through gradio_client from another process, and a real browser."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant import render
from assistant.types import Answer, AnswerSentence, Block, Citation
from conftest import ROOT, child_env, free_port, wait_for_http

EVIL = "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\">"
CHROMIUM = Path("/usr/bin/chromium")


def chat_text(content) -> str:
    """A chat message's text as gradio_client returns it (a string, or a list of text parts)."""
    if isinstance(content, list):
        return " ".join(str(c.get("text", "")) if isinstance(c, dict) else str(c) for c in content)
    return str(content)


def evil_answer() -> tuple[Answer, dict[str, str]]:
    doc = f"Evil headline {EVIL}\n\nThe minister said {EVIL} talks would resume.\n"
    start = doc.index("The minister")
    end = len(doc) - 1
    c = Citation(1, "evil", f"Title {EVIL}", "javascript:alert(1)", None, "2025-06-03", start, end, doc[start:end])
    sentence = AnswerSentence(f"The minister said {EVIL} talks would resume. ![t](http://127.0.0.1:9/t.png)", [1], False, 0.2)
    a = Answer("q", [Block("sentence", sentence=sentence)], False, "extractive", [c])
    return a, {"evil": doc}


@pytest.mark.unit
def test_everything_from_articles_is_escaped():
    a, docs = evil_answer()
    for out in (render.chat_markdown(a, 1), render.evidence_html(a, docs, 1)):
        assert "<script>" not in out and "<img" not in out and "&lt;script&gt;" in out
    panel = render.evidence_html(a, docs, 1)
    assert "javascript:" not in panel  # only http(s) links are made clickable
    assert "<mark>The minister said &lt;script&gt;" in panel and "Not supported by the cited text" in panel
    chat = render.chat_markdown(a, 3)
    assert "[[1]](#ev-3-1)" in chat and "![t](" not in chat  # markdown from the article stays text: no image fetched


@pytest.mark.unit
def test_paragraph_highlight():
    text = "First paragraph.\n\nBefore the span. THE SPAN. After it.\n\nLast."
    s = text.index("THE SPAN")
    assert render.paragraph_html(text, s, s + 8) == "Before the span. <mark>THE SPAN</mark>. After it."


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("app-data")
    port = free_port()
    log = open(data / "app.log", "w")
    env = child_env(ASSISTANT_DATA_DIR=str(data), GRADIO_SERVER_PORT=str(port), HOME=str(data))
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py")], stdout=log, stderr=subprocess.STDOUT, env=env,
                            cwd=str(data))  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    wait_for_http(url, proc, data / "app.log", "app")
    yield url, data
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


def test_binds_loopback_only(server):
    url, data = server
    assert url.startswith("http://127.0.0.1:")
    assert "Running on local URL:  http://127.0.0.1:" in (data / "app.log").read_text()


def test_api_ask_follow_up_upload_remove(server, tmp_path):
    from gradio_client import Client, handle_file

    url, _ = server
    client = Client(url, verbose=False)
    history, evidence, box = client.predict("What does Russia demand?", [], api_name="/ask")
    text = chat_text(history[-1]["content"])
    assert "root causes" in text and box == ""
    assert "<mark>Russia continues to demand" in evidence
    history, evidence, _ = client.predict("and what did Kyiv propose?", history, api_name="/ask")
    assert "roadmap for lasting peace" in chat_text(history[-1]["content"]) and len(history) == 4

    other = Client(url, verbose=False)  # another user: a conversation of its own
    mine, _, _ = other.predict("Who called for a ceasefire?", [], api_name="/ask")
    assert len(mine) == 2

    good = tmp_path / "wire-update.txt"
    good.write_text("Turkiye offers third round\n\nTurkiye offered on Tuesday to host a third round of talks.\n")
    bad = tmp_path / "empty.md"
    bad.write_text("")
    result, listing, _ = client.predict([handle_file(str(good)), handle_file(str(bad))], api_name="/upload")
    assert "wire-update.txt: 1 new or changed" in result and "empty.md: empty file" in result
    assert "Turkiye offers third round" in listing
    history, _, _ = client.predict("Who offered to host a third round of talks?", [], api_name="/ask")
    assert "Turkiye offered on Tuesday" in chat_text(history[-1]["content"])
    result, listing, _ = client.predict("wire-update", api_name="/remove")
    assert "Removed wire-update" in result and "Turkiye offers third round" not in listing


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed (.ci/run installs it)")
def test_browser_asks_and_shows_highlighted_evidence(server, tmp_path):
    from playwright.sync_api import sync_playwright

    url, data = server
    evil = tmp_path / "evil-article.txt"  # plain text: the markup reaches the page as article text
    evil.write_text(f"Evil headline\n\nThe minister said {EVIL} prisoner talks would resume in Ankara.\n")
    from gradio_client import Client, handle_file

    Client(url, verbose=False).predict([handle_file(str(evil))], api_name="/upload")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],  # fmt: skip
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url, wait_until="load")  # the session heartbeat (chat state) keeps a stream open
        page.locator("#question textarea").wait_for(timeout=30_000)
        page.locator("#question textarea").fill("What did Zelenskyy call for?")
        page.locator("#ask").click()
        mark = page.locator("#evidence mark").first
        mark.wait_for(timeout=60_000)
        assert "Zelenskyy" in mark.inner_text()
        chat = page.locator("#chat").inner_text()
        assert "full and unconditional ceasefire" in chat and "direct meeting with Putin" in chat
        page.locator("#chat a[href='#ev-1-2']").first.click()  # a citation marker is a link to its card
        shot = tmp_path / "chat.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 20_000

        page.get_by_role("tab", name="Positions").click()
        table = page.locator("#positions-table")
        table.wait_for(timeout=30_000)
        assert "banning Ukraine from joining NATO" in table.inner_text() and "Zelenskyy" in table.inner_text()
        page.locator("#positions-table a", has_text="direct meeting with Putin").first.click()
        assert "direct meeting with Putin" in page.locator("#positions mark", has_text="direct meeting").first.inner_text()
        page.screenshot(path=str(tmp_path / "positions.png"), full_page=True)
        page.get_by_role("tab", name="Chat").click()

        page.locator("#question textarea").fill("What did the minister say about prisoner talks in Ankara?")
        page.locator("#ask").click()
        page.locator("#evidence mark", has_text="minister").first.wait_for(timeout=60_000)
        assert page.evaluate("window.__pwned") is None  # the article's script and onerror never ran
        assert "<script>" in page.locator("#evidence").inner_text()  # shown as text
        page.screenshot(path=str(tmp_path / "escaped.png"), full_page=True)
        browser.close()
    os.environ["LAST_APP_SCREENSHOT"] = str(shot)


def test_chat_streams_drafts_when_the_llm_engine_is_on(seeded_store, monkeypatch):
    import threading
    from http.server import ThreadingHTTPServer

    from test_llm_engine import ChatAPI

    from assistant.service import Assistant

    sys.path.insert(0, str(ROOT))
    import app  # here, not at the top: importing Gradio takes seconds, and `pytest -m unit` needs none of it

    ChatAPI.scenario, ChatAPI.requests = "good", []
    api = ThreadingHTTPServer(("127.0.0.1", 0), ChatAPI)
    threading.Thread(target=api.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()  # quick shutdown()
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{api.server_address[1]}/v1")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-local-test")
    try:
        respond = app.make_respond(Assistant(seeded_store))
        updates = list(respond("What did Zelenskyy call for?", [], []))
    finally:
        api.shutdown()
    drafts = [u for u in updates[:-1] if "drafting" in u[0][-1]["content"]]
    assert len(drafts) >= 3  # the answer grows on screen while the model writes
    final_history, evidence, box, conversation = updates[-1]
    assert "full and unconditional ceasefire" in final_history[-1]["content"] and "<mark>" in evidence and box == ""
