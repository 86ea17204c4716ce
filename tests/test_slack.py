"""Slack at the protocol level: a local Slack Web API on 127.0.0.1 and real signed event requests."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from assistant.config import Settings
from assistant.render import slack_escape, slack_messages, slack_mrkdwn
from assistant.service import Assistant
from assistant.slack import SlackBot, http_server, question_text
from assistant.store import Store
from assistant.types import Answer, AnswerSentence, Block, Citation
from conftest import free_port, send_json

SECRET = "test-signing-secret"
TOKEN = "xoxb-test-token"
WORKERS = 4


class SlackAPI(BaseHTTPRequestHandler):
    """The Web API methods the bot uses, answering as Slack does, recording every call."""

    calls: list[tuple[str, dict]] = []
    thread: list[dict] = []

    def log_message(self, *args):
        pass

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        ctype = self.headers.get("Content-Type", "")
        args = json.loads(raw) if "json" in ctype else {k: v[0] for k, v in urllib.parse.parse_qs(raw).items()}
        method = self.path.rsplit("/", 1)[-1]
        type(self).calls.append((self.path, args | {"_auth": self.headers.get("Authorization")}))
        if self.path.startswith("/response/"):
            return self._json({"ok": True})
        if method == "auth.test":
            return self._json({"ok": True, "url": "https://test.slack.com/", "team": "Test", "user": "factbot",
                               "team_id": "T1", "user_id": "UBOT", "bot_id": "BBOT"})  # fmt: skip
        if method == "conversations.replies":
            return self._json({"ok": True, "messages": type(self).thread, "has_more": False})
        if method == "chat.postMessage":
            return self._json({"ok": True, "channel": args.get("channel"), "ts": f"{time.time():.6f}",
                               "message": {"text": args.get("text")}})  # fmt: skip
        self._json({"ok": False, "error": "unknown_method"})

    def _json(self, payload: dict):
        send_json(self, 200, payload, "application/json; charset=utf-8")


@pytest.fixture(scope="module")
def slack(seeded_store):
    SlackAPI.calls, SlackAPI.thread = [], []
    api = ThreadingHTTPServer(("127.0.0.1", 0), SlackAPI)
    threading.Thread(target=api.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    api_url = f"http://127.0.0.1:{api.server_address[1]}/api/"
    bot = SlackBot(Assistant(seeded_store, engine="extractive"), TOKEN, SECRET, api_url=api_url, workers=WORKERS)
    server = http_server(bot, "127.0.0.1", free_port())
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    events_url = f"http://127.0.0.1:{server.server_address[1]}/slack/events"
    yield bot, events_url, f"http://127.0.0.1:{api.server_address[1]}"
    server.shutdown()
    api.shutdown()


def post(url: str, body: str, content_type: str, *, secret: str = SECRET, age: int = 0, headers: dict | None = None,
         ts: str | None = None):  # fmt: skip
    ts = ts or str(int(time.time()) - age)
    sig = "v0=" + hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    req = urllib.request.Request(url, data=body.encode(), method="POST", headers={
        "Content-Type": content_type, "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": sig, **(headers or {})})  # fmt: skip
    t0 = time.monotonic()
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read().decode(), time.monotonic() - t0
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(), time.monotonic() - t0


def event(event_id: str, ev: dict) -> str:
    return json.dumps({"token": "x", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
                       "event_id": event_id, "event_time": int(time.time()), "event": ev,
                       "authorizations": [{"user_id": "UBOT", "is_bot": True}]})  # fmt: skip


def wait_for(pred, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [c for c in list(SlackAPI.calls) if pred(c)]
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"no matching Web API call; calls: {[c[0] for c in SlackAPI.calls]}")


def settled(bot: SlackBot) -> None:
    """Wait until every answer the bot had started has finished (instead of sleeping and hoping).

    Bolt queues a listener on the executor before it acknowledges the request. Here every worker runs a marker
    task at the same moment; as the queue is first in, first out and a worker runs one task at a time, every
    task queued before the markers has then finished, and its Web API calls are recorded."""
    executor = bot.app.listener_runner.listener_executor
    barrier = threading.Barrier(WORKERS)
    for marker in [executor.submit(barrier.wait, 30) for _ in range(WORKERS)]:
        marker.result(timeout=60)


def posted(channel: str, thread_ts: str):
    return wait_for(lambda c: c[0].endswith("chat.postMessage") and c[1].get("channel") == channel
                    and c[1].get("thread_ts") == thread_ts)  # fmt: skip


def blocks_text(args: dict) -> str:
    blocks = args["blocks"] if isinstance(args["blocks"], list) else json.loads(args["blocks"])
    return "\n".join(b.get("text", {}).get("text", "") for b in blocks if b["type"] == "section")


def test_mention_gets_a_threaded_reply_with_citations(slack):
    _, url, _ = slack
    status, _, took = post(url, event("Ev1", {"type": "app_mention", "user": "U1", "channel": "C1", "ts": "100.1",
                                              "text": "<@UBOT> What did Zelenskyy call for?"}), "application/json")  # fmt: skip
    assert status == 200 and took < 3
    (path, args), = posted("C1", "100.1")
    text = blocks_text(args)
    assert "full and unconditional ceasefire" in text and "[1]" in text
    assert "*[1]* Russia and Ukraine swap fire as they head to Istanbul peace talks · 2025-06-02" in text
    assert "\n>Zelenskyy" in text and args["_auth"] == f"Bearer {TOKEN}"
    print("\nRecorded Web API calls for a mention:")
    for p, a in SlackAPI.calls:
        shown = {k: v for k, v in a.items() if k not in ("_auth", "blocks", "text")}
        if "blocks" in a:
            blocks = a["blocks"] if isinstance(a["blocks"], list) else json.loads(a["blocks"])
            shown["blocks"] = [b["type"] + (": " + b["text"]["text"][:70] if "text" in b else "") for b in blocks]
        print(f"  POST {p} {json.dumps(shown, ensure_ascii=False, indent=1)}")


def test_thread_follow_up_uses_the_thread_history(slack):
    _, url, _ = slack
    SlackAPI.thread = [
        {"type": "message", "user": "U1", "ts": "200.1", "text": "<@UBOT> What does Russia demand?"},
        {"type": "message", "bot_id": "BBOT", "user": "UBOT", "ts": "200.2",
         "text": "• Russia continues to demand that a ceasefire agreement must address the “root causes” [1]"},
        {"type": "message", "user": "U1", "ts": "200.3", "thread_ts": "200.1", "text": "<@UBOT> and what did Kyiv propose?"},
    ]  # fmt: skip
    post(url, event("Ev2", {"type": "app_mention", "user": "U1", "channel": "C1", "ts": "200.3", "thread_ts": "200.1",
                            "text": "<@UBOT> and what did Kyiv propose?"}), "application/json")  # fmt: skip
    (_, args), = posted("C1", "200.1")
    assert "roadmap for lasting peace" in blocks_text(args)
    replies = [a for p, a in SlackAPI.calls if p.endswith("conversations.replies")]
    assert replies and replies[-1]["ts"] == "200.1" and replies[-1]["channel"] == "C1"


def test_direct_message(slack):
    _, url, _ = slack
    post(url, event("Ev3", {"type": "message", "channel_type": "im", "user": "U2", "channel": "D9", "ts": "300.1",
                            "text": "How many Ukrainian drones did Russia say it intercepted?"}), "application/json")  # fmt: skip
    (_, args), = posted("D9", "300.1")
    assert "162 Ukrainian drones" in blocks_text(args)


def test_slash_command_acks_fast_then_answers(slack):
    _, url, api = slack
    form = urllib.parse.urlencode({"command": "/factcheck", "text": "What did China demand at the talks?",
                                   "user_id": "U1", "channel_id": "C2", "team_id": "T1",
                                   "response_url": f"{api}/response/abc", "trigger_id": "t1"})  # fmt: skip
    status, body, took = post(url, form, "application/x-www-form-urlencoded")
    assert status == 200 and took < 3 and "Checking the articles" in body
    (_, args), = wait_for(lambda c: c[0] == "/response/abc")
    assert args["response_type"] == "in_channel"
    assert "The articles don" in args["text"] and "Related passages — not support" in blocks_text(args)


def test_slash_command_checks_a_claim(slack):
    _, url, api = slack
    form = urllib.parse.urlencode({"command": "/factcheck", "text": "Russia called for a full and unconditional ceasefire",
                                   "user_id": "U1", "channel_id": "C2", "team_id": "T1",
                                   "response_url": f"{api}/response/claim", "trigger_id": "t2"})  # fmt: skip
    assert post(url, form, "application/x-www-form-urlencoded")[0] == 200
    (_, args), = wait_for(lambda c: c[0] == "/response/claim")
    text = blocks_text(args)
    assert text.startswith("*Contradicted* by the articles: the article attributes this to Zelenskyy, not Russia")
    assert "full and unconditional ceasefire" in text


def test_bad_signature_and_stale_timestamp_are_rejected(slack):
    bot, url, _ = slack
    body = event("Ev4", {"type": "app_mention", "user": "U1", "channel": "C1", "ts": "400.1", "text": "<@UBOT> hi"})
    assert post(url, body, "application/json", secret="wrong-secret")[0] == 401
    assert post(url, body, "application/json", age=600)[0] == 401
    settled(bot)
    assert not [c for c in SlackAPI.calls if c[1].get("thread_ts") == "400.1"]


def test_retried_event_is_answered_once(slack):
    bot, url, _ = slack
    body = event("Ev5", {"type": "app_mention", "user": "U1", "channel": "C5", "ts": "500.1",
                         "text": "<@UBOT> Who called for a ceasefire?"})  # fmt: skip
    assert post(url, body, "application/json")[0] == 200
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert post(url, body, "application/json", headers=retry)[0] == 200
    posted("C5", "500.1")
    settled(bot)
    assert len([c for c in SlackAPI.calls if c[1].get("thread_ts") == "500.1"]) == 1


def test_replayed_slash_command_is_answered_once(slack):
    bot, url, api = slack
    form = urllib.parse.urlencode({"command": "/factcheck", "text": "What did Zelenskyy call for?",
                                   "user_id": "U1", "channel_id": "C2", "team_id": "T1",
                                   "response_url": f"{api}/response/replay", "trigger_id": "t3"})  # fmt: skip
    ts = str(int(time.time()))
    status, body, _ = post(url, form, "application/x-www-form-urlencoded", ts=ts)
    assert status == 200 and "Checking the articles" in body
    status, body, _ = post(url, form, "application/x-www-form-urlencoded", ts=ts)  # same signature and timestamp
    assert status == 200 and body == ""
    wait_for(lambda c: c[0] == "/response/replay")
    settled(bot)
    assert len([c for c in SlackAPI.calls if c[0] == "/response/replay"]) == 1
    # the same command typed again is a new request (new timestamp, new signature): answered again
    status, body, _ = post(url, form, "application/x-www-form-urlencoded", ts=str(int(ts) - 7))
    assert status == 200 and "Checking the articles" in body
    deadline = time.monotonic() + 30
    while len([c for c in SlackAPI.calls if c[0] == "/response/replay"]) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len([c for c in SlackAPI.calls if c[0] == "/response/replay"]) == 2


def test_health_and_unknown_paths(slack):
    _, url, _ = slack
    base = url.removesuffix("/slack/events")
    with urllib.request.urlopen(f"{base}/health", timeout=5) as r:
        assert r.status == 200 and r.read() == b"ok"
    for method, path in [("GET", "/nope"), ("GET", "/slack/events"), ("POST", "/slack/other")]:
        req = urllib.request.Request(base + path, data=b"{}" if method == "POST" else None, method=method)
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(req, timeout=5)
        assert err.value.code == 404
    assert post(base + "/slack/other", "{}", "application/json")[0] == 404


def test_many_mentions_at_once_are_answered_independently(slack):
    _, url, _ = slack
    qs = ["What did Zelenskyy call for?", "What does Russia demand?", "Who is the governor of Kherson?",
          "What did Kyiv propose?", "How many drones were intercepted over the Kursk region?", "Who demanded what?"]  # fmt: skip
    bodies = [event(f"Ev6-{i}", {"type": "app_mention", "user": "U1", "channel": "C6", "ts": f"600.{i}",
                                 "text": f"<@UBOT> {q}"}) for i, q in enumerate(qs)]  # fmt: skip
    threads = [threading.Thread(target=post, args=(url, b, "application/json")) for b in bodies]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    expected = ["full and unconditional", "root causes", "Oleksandr Prokudin", "roadmap", "57", "Zelenskyy"]
    for i, needle in enumerate(expected):
        (_, args), = posted("C6", f"600.{i}")
        assert needle in blocks_text(args), (qs[i], blocks_text(args)[:200])


def test_failures_become_a_polite_reply(slack, embedder, tmp_path):
    bot, url, _ = slack
    # the store is gone (e.g. the Chroma server lost its data): a short reply, no stack trace
    broken = Store.open(Settings.from_env(data_dir=tmp_path, env={}), embedder)
    saved = bot.assistant
    bot.assistant = Assistant(broken, engine="extractive")
    try:
        post(url, event("Ev7", {"type": "app_mention", "user": "U1", "channel": "C7", "ts": "700.1",
                                "text": "<@UBOT> What does Russia demand?"}), "application/json")  # fmt: skip
        (_, args), = posted("C7", "700.1")
        assert args["text"].startswith("Sorry, I couldn't answer that: Nothing ingested")
        assert "Traceback" not in args["text"]
        post(url, event("Ev8", {"type": "app_mention", "user": "U1", "channel": "C7", "ts": "701.1",
                                "text": "<@UBOT>"}), "application/json")  # fmt: skip
        (_, args), = posted("C7", "701.1")
        assert args["text"].startswith("Ask me about the articles")
    finally:
        bot.assistant = saved


def test_llm_endpoint_down_still_answers_and_says_so(slack, monkeypatch):
    bot, url, _ = slack
    from assistant.llm import LLMEngine

    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{free_port()}/v1")
    saved = bot.assistant
    bot.assistant = Assistant(saved.store, engine="llm", llm=LLMEngine(timeout=2))
    try:
        post(url, event("Ev9", {"type": "app_mention", "user": "U1", "channel": "C9", "ts": "900.1",
                                "text": "<@UBOT> What does Russia demand?"}), "application/json")  # fmt: skip
        (_, args), = posted("C9", "900.1")
        blocks = args["blocks"] if isinstance(args["blocks"], list) else json.loads(args["blocks"])
        assert "root causes" in blocks_text(args)
        assert any("answered with the offline extractive engine" in json.dumps(b) for b in blocks if b["type"] == "context")
    finally:
        bot.assistant = saved


@pytest.mark.unit
def test_formatting_escapes_and_splits():
    evil = "<!channel> <https://evil.example|click> & more"
    assert slack_escape(evil) == "&lt;!channel&gt; &lt;https://evil.example|click&gt; &amp; more"
    grouped = Answer("q", [Block("heading", "Russia", bullet=True),
                           Block("sentence", sentence=AnswerSentence("demands <x>", [1]), bullet=True)], False, "extractive")
    assert slack_mrkdwn(grouped) == "*Russia*\n• demands &lt;x&gt; [1]"
    assert question_text("<@UBOT> Did Russia say &lt;no&gt;?") == "Did Russia say <no>?"
    long_quote = "word " * 200
    cites = [Citation(i, "d", f"Title {i}", "https://example.org/a", None, "2025-06-02", 0, 10, long_quote)
             for i in range(1, 61)]  # fmt: skip
    lines = [Block("sentence", sentence=AnswerSentence("A long answer line. " * 40, []), bullet=True) for _ in range(10)]
    answer = Answer("q", lines, False, "extractive", cites)
    msgs = slack_messages(answer)
    assert len(msgs) >= 2  # over 50 blocks: split into several messages
    for m in msgs:
        assert len(m["blocks"]) <= 50 and len(m["text"]) <= 3000
        for b in m["blocks"]:
            if b["type"] == "section":
                assert len(b["text"]["text"]) <= 3000
    src = next(b["text"]["text"] for b in msgs[0]["blocks"] if b["type"] == "section" and "Title 1" in b["text"]["text"])
    assert "<https://example.org/a|Title 1>" in src and src.endswith(" …") and len(src) < 400


@pytest.mark.integration
@pytest.mark.skipif(not os.environ.get("SLACK_BOT_TOKEN"), reason="set SLACK_BOT_TOKEN to run the live Slack test")
def test_live_slack_auth(monkeypatch, embedder, tmp_path):
    monkeypatch.setenv("NETGUARD_OFF", "1")
    store = Store.open(Settings.from_env(data_dir=tmp_path, env={}), embedder)
    bot = SlackBot(Assistant(store, engine="extractive"), os.environ["SLACK_BOT_TOKEN"],
                   os.environ.get("SLACK_SIGNING_SECRET", "unused"))  # fmt: skip
    assert bot.app.client.auth_test()["ok"]
