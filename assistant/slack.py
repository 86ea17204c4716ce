"""The assistant in Slack (slack-bolt): mentions and DMs answered in threads, and ``/factcheck``.

The only module that imports ``slack_bolt``. Run with ``assistant slack``: Socket Mode
when ``SLACK_APP_TOKEN`` is set, otherwise an HTTP server (``--port``, default 3000,
path ``/slack/events``; Bolt's WSGI adapter on a threaded ``wsgiref`` server) where Bolt
verifies Slack's request signatures with ``SLACK_SIGNING_SECRET``. Settings come from
:class:`~assistant.config.Settings`; tokens come from the environment only and are never logged.

Answers are rendered by ``assistant.render.slack_messages`` (Block Kit, article text escaped there).

Example:
    >>> question_text("<@U123> Did Russia say &lt;no&gt;?")
    'Did Russia say <no>?'
"""

from __future__ import annotations

import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App, BoltResponse
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.request import BoltRequest
from slack_sdk import WebClient

from .claims import is_statement
from .config import Settings
from .errors import AssistantError, ConfigError
from .render import slack_escape, slack_messages
from .service import Assistant

log = logging.getLogger("assistant.slack")
EVENTS_PATH = "/slack/events"
SEEN_LIMIT = 10_000  # deliveries remembered for de-duplication
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

    @staticmethod
    def _delivery_key(req: BoltRequest, body: dict[str, Any]) -> str | None:
        """What identifies one delivery: the event id (Slack's retries are re-signed but keep it), else the
        signature and its timestamp (a replayed slash command or action). None in Socket Mode (no signature)."""
        if body.get("event_id"):
            return f"event:{body['event_id']}"
        signature = req.headers.get("x-slack-signature") or []
        timestamp = req.headers.get("x-slack-request-timestamp") or []
        if signature and timestamp:
            return f"signed:{timestamp[0]}:{signature[0]}"
        return None

    def _once(self, req: BoltRequest, body: dict[str, Any], next: Any) -> BoltResponse | None:
        """Answer each delivery once, however often it arrives (Slack's retries, reconnects, replays).

        Runs after Bolt's signature check, so only genuine requests are remembered."""
        key = self._delivery_key(req, body)
        if key:
            with self._seen_lock:
                if key in self._seen:
                    log.info("duplicate delivery of %s ignored", body.get("event_id") or body.get("command") or "a request")
                    return BoltResponse(status=200, body="")
                self._seen[key] = None
                while len(self._seen) > SEEN_LIMIT:
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


class _QuietRequestHandler(WSGIRequestHandler):
    def log_message(self, fmt: str, *args: Any) -> None:
        log.debug("http: " + fmt, *args)


class SlackHTTPServer(ThreadingMixIn, WSGIServer):
    """A ``wsgiref`` server handling each request in its own thread (``serve_forever``/``shutdown``)."""

    daemon_threads = True


def wsgi_app(bot: SlackBot, path: str = EVENTS_PATH) -> Callable[[dict, Callable], Iterable[bytes]]:
    """The WSGI application: Bolt's adapter on ``path`` (POST), ``GET /health`` answering "ok", 404 elsewhere."""
    bolt = SlackRequestHandler(bot.app, path=path)

    def app(environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/health" and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", "2")])
            return [b"ok"]
        return bolt(environ, start_response)

    return app


def http_server(bot: SlackBot, host: str = "127.0.0.1", port: int = 3000) -> SlackHTTPServer:
    """A threaded HTTP server that hands Slack's requests to Bolt (signatures verified by Bolt).

    Call ``serve_forever()`` to run it and ``shutdown()`` to stop it; ``server_address`` is where it listens.
    """
    return make_server(host, port, wsgi_app(bot), server_class=SlackHTTPServer, handler_class=_QuietRequestHandler)


def main(argv: Sequence[str]) -> int:
    """``assistant slack [--port P] [--host H] [--engine E] [--data-dir …]``: the front end's own options."""
    import argparse

    from . import engines
    from .cli import EXIT_OK, add_common_arguments, open_assistant

    p = argparse.ArgumentParser(prog="assistant slack", description="Answer in Slack (Socket Mode with SLACK_APP_TOKEN, "
                                "else HTTP with SLACK_SIGNING_SECRET).")  # fmt: skip
    p.add_argument("--port", type=int, help="HTTP mode port (default $PORT or 3000)")
    p.add_argument("--host", default="127.0.0.1", help="HTTP mode address (default 127.0.0.1; 0.0.0.0: every interface)")
    p.add_argument("--engine", choices=engines.names(), help="default: llm when an endpoint is configured")
    add_common_arguments(p)
    args = p.parse_args(list(argv))
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    run(open_assistant(args), port=args.port, host=args.host)
    return EXIT_OK


def run(assistant: Assistant, port: int | None = None, host: str = "127.0.0.1", settings: Settings | None = None) -> None:
    """``assistant slack``: Socket Mode with SLACK_APP_TOKEN, else the HTTP server (``settings`` default: the environment)."""
    settings = settings or Settings.from_env()
    app_token, secret = settings.slack_app_token, settings.slack_signing_secret
    if not app_token and not secret:
        raise ConfigError(
            "Slack HTTP mode needs SLACK_SIGNING_SECRET (Basic Information page of your app); "
            "or set SLACK_APP_TOKEN (xapp-…) for Socket Mode"
        )
    bot = SlackBot(assistant, settings.slack_bot_token or "", secret if not app_token else None,
                   api_url=settings.slack_api_url, workers=settings.slack_workers)  # fmt: skip
    if app_token:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        log.info("Slack: Socket Mode")
        SocketModeHandler(bot.app, app_token).start()
        return
    port = port or settings.slack_port
    server = http_server(bot, host, port)
    log.info("Slack: listening on http://%s:%d%s", host, port, EVENTS_PATH)
    print(f"Slack events endpoint: http://{host}:{port}{EVENTS_PATH} (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
