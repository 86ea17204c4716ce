"""The assistant in Slack (slack-bolt): mentions and DMs answered in threads, and ``/factcheck``.

The only module that imports ``slack_bolt``. Run with ``assistant slack``: Socket Mode
when ``SLACK_APP_TOKEN`` is set, otherwise an HTTP server (``--port``, default 3000,
path ``/slack/events``) that verifies Slack's request signatures with
``SLACK_SIGNING_SECRET``. Tokens come from the environment only and are never logged.

Answers are rendered by ``assistant.render.slack_messages`` (Block Kit, article text escaped there).

Example:
    >>> question_text("<@U123> Did Russia say &lt;no&gt;?")
    'Did Russia say <no>?'
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

from slack_bolt import App, BoltResponse
from slack_bolt.request import BoltRequest
from slack_sdk import WebClient

from .claims import is_statement
from .errors import AssistantError, ConfigError
from .render import slack_escape, slack_messages
from .service import Assistant

log = logging.getLogger("assistant.slack")
EMPTY_HELP = "Ask me about the articles, e.g. *Who demanded what at the Istanbul talks?* or `/factcheck Russia demanded …`"


def question_text(text: str | None) -> str:
    """A Slack message's text as a question: mentions removed, entities unescaped."""
    text = re.sub(r"<@[A-Z0-9]+(?:\|[^>]*)?>", " ", text or "")
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return re.sub(r"\s+", " ", text).strip()


class SlackBot:
    """The Bolt app and its handlers around one shared :class:`Assistant`."""

    def __init__(
        self,
        assistant: Assistant,
        bot_token: str,
        signing_secret: str | None,
        *,
        api_url: str | None = None,
        workers: int = 4,
    ) -> None:
        if not bot_token:
            raise ConfigError("Slack bot token missing: set SLACK_BOT_TOKEN (xoxb-…) from your app's OAuth page")
        self.assistant = assistant
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._seen_lock = threading.Lock()
        client = WebClient(token=bot_token, base_url=api_url or "https://slack.com/api/")
        self.app = App(
            client=client,
            signing_secret=signing_secret,
            listener_executor=ThreadPoolExecutor(max_workers=workers, thread_name_prefix="slack-answer"),
            request_verification_enabled=signing_secret is not None,
        )
        self.app.use(self._once)
        self.app.event("app_mention")(self._on_mention)
        self.app.event("message")(self._on_message)
        self.app.command("/factcheck")(self._on_command)
        self.app.error(self._on_error)

    # -- plumbing ----------------------------------------------------------------------------

    def _once(self, body: dict[str, Any], next: Any) -> BoltResponse | None:
        """Answer each event once, however often Slack delivers it (retries, reconnects)."""
        event_id = body.get("event_id")
        if event_id:
            with self._seen_lock:
                if event_id in self._seen:
                    log.info("duplicate delivery of %s ignored", event_id)
                    return BoltResponse(status=200, body="")
                self._seen[event_id] = None
                while len(self._seen) > 10_000:
                    self._seen.popitem(last=False)
        next()
        return None

    def _on_error(self, error: Exception, body: dict[str, Any]) -> None:
        log.error("unhandled error for %s: %s", body.get("event_id") or body.get("command"), error)

    def _history(self, client: WebClient, channel: str, thread_ts: str, current_ts: str, bot_user: str | None):
        """The thread so far as conversation history (oldest first, the current message left out)."""
        resp = client.conversations_replies(channel=channel, ts=thread_ts, limit=50)
        history = []
        for m in resp.get("messages", []):
            if m.get("ts") == current_ts:
                continue
            mine = bool(m.get("bot_id")) or (bot_user is not None and m.get("user") == bot_user)
            text = m.get("text", "") if mine else question_text(m.get("text"))
            if text:
                history.append({"role": "assistant" if mine else "user", "content": text})
        return history

    def _answer(self, question: str, history: list[dict[str, str]] | None, claim: bool = False) -> list[dict[str, Any]]:
        """Messages to post: the answer (a verdict for a claim), or a short polite error (logged, no stack trace)."""
        if not question:
            return [{"text": EMPTY_HELP}]
        try:
            if claim:
                return slack_messages(self.assistant.check(question))
            return slack_messages(self.assistant.ask(question, history=history or None))
        except AssistantError as e:
            log.warning("could not answer %r: %s", question[:80], e)
            return [{"text": f"Sorry, I couldn't answer that: {slack_escape(str(e))}"}]
        except Exception:
            log.exception("error while answering %r", question[:80])
            return [{"text": "Sorry, something went wrong while answering; it has been logged. Please try again."}]

    def _reply_in_thread(self, event: dict[str, Any], client: WebClient, context: Any) -> None:
        channel, ts = event["channel"], event["ts"]
        thread_ts = event.get("thread_ts") or ts
        history = None
        if event.get("thread_ts"):
            try:
                history = self._history(client, channel, event["thread_ts"], ts, context.get("bot_user_id"))
            except Exception as e:  # the answer can still be given without the thread
                log.warning("could not read thread %s: %s", thread_ts, e)
        for message in self._answer(question_text(event.get("text")), history):
            client.chat_postMessage(channel=channel, thread_ts=thread_ts, unfurl_links=False, **message)

    # -- listeners ---------------------------------------------------------------------------

    def _on_mention(self, event: dict[str, Any], client: WebClient, context: Any) -> None:
        self._reply_in_thread(event, client, context)

    def _on_message(self, event: dict[str, Any], client: WebClient, context: Any) -> None:
        if event.get("channel_type") != "im" or event.get("bot_id") or event.get("subtype"):
            return  # only people's direct messages; channel messages come as app_mention
        self._reply_in_thread(event, client, context)

    def _on_command(self, ack: Any, command: dict[str, Any], respond: Any) -> None:
        question = (command.get("text") or "").strip()
        ack(text="Checking the articles…" if question else EMPTY_HELP)  # within Slack's 3 seconds
        if not question:
            return
        # "/factcheck Russia demanded …" is a claim to check; "/factcheck Who demanded …?" a question
        for message in self._answer(question, None, claim=is_statement(question)):
            respond(response_type="in_channel", replace_original=False, **message)


class _EventsHandler(BaseHTTPRequestHandler):
    app: App
    path_prefix = "/slack/events"

    def log_message(self, fmt: str, *args: Any) -> None:
        log.debug("http: " + fmt, *args)

    def do_GET(self) -> None:
        self._send(200 if self.path == "/health" else 404, "ok" if self.path == "/health" else "not found", {})

    def do_POST(self) -> None:
        url = urlparse(self.path)
        if url.path != self.path_prefix:
            return self._send(404, "not found", {})
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8")
        req = BoltRequest(body=raw, query=parse_qs(url.query), headers={k.lower(): [v] for k, v in self.headers.items()})
        resp = self.app.dispatch(req)
        self._send(resp.status, resp.body, resp.headers)

    def _send(self, status: int, body: str, headers: dict[str, Any]) -> None:
        raw = (body or "").encode("utf-8")
        self.send_response(status)
        for name, values in headers.items():
            if name.lower() != "content-length":
                for v in values if isinstance(values, (list, tuple)) else [values]:
                    self.send_header(name, v)
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)


def http_server(bot: SlackBot, host: str = "0.0.0.0", port: int = 3000) -> ThreadingHTTPServer:
    """A threaded HTTP server that hands Slack's requests to Bolt (signatures verified by Bolt)."""
    handler = type("Handler", (_EventsHandler,), {"app": bot.app})
    return ThreadingHTTPServer((host, port), handler)


def run(assistant: Assistant, port: int | None = None, host: str = "0.0.0.0") -> None:
    """``assistant slack``: Socket Mode with SLACK_APP_TOKEN, else the HTTP server."""
    app_token = os.environ.get("SLACK_APP_TOKEN")
    secret = os.environ.get("SLACK_SIGNING_SECRET")
    workers = int(os.environ.get("SLACK_WORKERS", "4"))
    if not app_token and not secret:
        raise ConfigError(
            "Slack HTTP mode needs SLACK_SIGNING_SECRET (Basic Information page of your app); "
            "or set SLACK_APP_TOKEN (xapp-…) for Socket Mode"
        )
    bot = SlackBot(assistant, os.environ.get("SLACK_BOT_TOKEN", ""), secret if not app_token else None,
                   api_url=os.environ.get("SLACK_API_URL"), workers=workers)  # fmt: skip
    if app_token:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        log.info("Slack: Socket Mode")
        SocketModeHandler(bot.app, app_token).start()
        return
    port = port or int(os.environ.get("PORT", "3000"))
    server = http_server(bot, host, port)
    log.info("Slack: listening on http://%s:%d/slack/events", host, port)
    print(f"Slack events endpoint: http://{host}:{port}/slack/events (Ctrl-C to stop)", flush=True)
    server.serve_forever()
