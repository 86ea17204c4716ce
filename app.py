"""The fact-check assistant in the browser (Gradio): chat with the evidence beside every answer.

Run ``python app.py`` (``make run`` does it after ingesting ``corpus/``). Binds 127.0.0.1
unless ``GRADIO_SERVER_NAME`` says otherwise; the port comes from ``GRADIO_SERVER_PORT``
(Gradio's default 7860). ``share`` is off and Gradio analytics are off: nothing leaves the
machine. Article text is untrusted: everything taken from an article is HTML-escaped.
"""

from __future__ import annotations

import html
import os
import re
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import gradio as gr  # noqa: E402

from assistant.chat import Assistant  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.errors import AssistantError  # noqa: E402
from assistant.ingest import ingest, remove  # noqa: E402
from assistant.store import Store  # noqa: E402
from assistant.types import Answer, Citation  # noqa: E402

ROOT = Path(__file__).resolve().parent
EXAMPLES = [
    "Who demanded what at the Istanbul talks?",
    "What did Zelenskyy call for?",
    "What does Russia demand?",
    "How many Ukrainian drones did Russia say it intercepted?",
    "What did China demand at the talks?",
]
UPLOAD_TYPES = [".txt", ".md", ".html", ".htm", ".json", ".jsonl"]
CSS = """
#evidence .cite { border-left: 3px solid #888; padding: 4px 10px; margin: 10px 0; }
#evidence .cite.unsupported { border-left-color: #c00; }
#evidence mark { background: #ffe066; padding: 0 2px; }
#evidence .related { border-left-color: #bbb; opacity: 0.85; }
#evidence .flag { color: #b00; font-weight: 600; }
#evidence .meta, #positions .meta { color: #666; font-size: 0.9em; }
#positions mark { background: #ffe066; padding: 0 2px; }
#positions-table td, #positions-table th { vertical-align: top; padding: 4px 8px; border-bottom: 1px solid #ddd; }
"""


def esc(text: str | None) -> str:
    """HTML-escape untrusted text (article text, titles, quotes)."""
    return html.escape(text or "", quote=True)


def safe_url(url: str | None) -> str | None:
    """Only http(s) links from articles are made clickable."""
    return url if url and re.match(r"^https?://[^\s\"'<>]+$", url) else None


def answer_markdown(answer: Answer, turn: int) -> str:
    """The answer for the chat: escaped, with each [n] a link to its evidence card."""
    text = esc(answer.answer)
    text = re.sub(r"\[(\d+)\]", lambda m: f"[[{m.group(1)}]](#ev-{turn}-{m.group(1)})", text)
    for note in answer.notes:
        text += f"\n\n*note: {esc(note)}*"
    return text


def paragraph_html(doc_text: str, start: int, end: int) -> str:
    """The paragraph around [start:end] with the span highlighted; every piece escaped."""
    para_start = doc_text.rfind("\n", 0, start) + 1
    para_end = doc_text.find("\n", end)
    para_end = len(doc_text) if para_end == -1 else para_end
    para_start = max(para_start, start - 600)
    para_end = min(para_end, end + 600)
    return (
        f"{'…' if para_start > 0 and doc_text[para_start - 1] != chr(10) else ''}{esc(doc_text[para_start:start])}"
        f"<mark>{esc(doc_text[start:end])}</mark>{esc(doc_text[end:para_end])}"
    )


def card(c: Citation, doc_text: str | None, turn: int, css: str = "", label: str | None = None) -> str:
    link = safe_url(c.url)
    meta = " · ".join(esc(x) for x in (c.published, c.doc_id) if x)
    title = f'<a href="{esc(link)}" target="_blank" rel="noopener noreferrer">{esc(c.title)}</a>' if link else esc(c.title)
    body = paragraph_html(doc_text, c.start, c.end) if doc_text else f"<mark>{esc(c.quote)}</mark>"
    return (
        f'<div class="cite {css}" id="ev-{turn}-{c.n}"><b>{label or f"[{c.n}]"}</b> {title}'
        f'<div class="meta">{meta} · chars {c.start}–{c.end}</div><p>{body}</p></div>'
    )


def evidence_html(answer: Answer, docs: dict[str, str], turn: int) -> str:
    """The evidence panel for one answer."""
    parts: list[str] = []
    flagged = [s for s in answer.sentences if not s.supported]
    if flagged:
        parts.append("<p class='flag'>⚠ Not supported by the cited text:</p><ul>")
        parts += [f"<li class='flag'>{esc(s.text)}</li>" for s in flagged]
        parts.append("</ul>")
    unsupported_ns = {n for s in flagged for n in s.citations}
    for c in answer.citations:
        parts.append(card(c, docs.get(c.doc_id), turn, "unsupported" if c.n in unsupported_ns else ""))
    if answer.abstained:
        parts.append("<p><b>The articles don't answer this.</b> Nearest passages — related, not support:</p>")
        parts += [card(c, docs.get(c.doc_id), turn, "related", "related") for c in answer.related]
    return "\n".join(parts) or "<p>No evidence.</p>"


def articles_html(bot: Assistant) -> str:
    rows = "".join(
        f"<tr><td>{esc(d.title)}</td><td>{esc(d.published or '')}</td><td>{esc(d.source or '')}</td>"
        f"<td>{d.chunks}</td><td><code>{esc(d.doc_id)}</code></td></tr>"
        for d in bot.store.documents()
    )
    return (
        f"<p>Engine: <b>{esc(bot.engine)}</b> · data: {esc(bot.store.settings.where)}</p>"
        "<table><tr><th>title</th><th>date</th><th>source</th><th>chunks</th><th>id</th></tr>"
        f"{rows}</table>"
    )


def make_respond(bot: Assistant):
    """The chat handler: yields (history, evidence, cleared box), streaming drafts while an LLM writes."""

    def doc_texts(answer: Answer) -> dict[str, str]:
        out = {}
        for c in answer.citations + answer.related:
            entry = bot.extractive.docs.get(c.doc_id)
            if entry:
                out[c.doc_id] = entry[0].text
        return out

    def respond(message: str, history: list[dict[str, Any]] | None):
        history = list(history or [])
        if not message or not message.strip():
            yield history, gr.update(), ""
            return
        turn = sum(1 for m in history if m.get("role") == "user") + 1
        prior = [{"role": m["role"], "content": _plain(m.get("content"))} for m in history]
        history = history + [{"role": "user", "content": message}, {"role": "assistant", "content": "…"}]
        try:
            streamed = ""
            for event in bot.ask_stream(message, history=prior):
                if isinstance(event, str):
                    streamed += event
                    history[-1] = {"role": "assistant", "content": "*drafting…* " + esc(streamed[-400:])}
                    yield list(history), gr.update(), ""
                else:
                    history[-1] = {"role": "assistant", "content": answer_markdown(event, turn)}
                    yield history, evidence_html(event, doc_texts(event), turn), ""
        except AssistantError as e:
            history[-1] = {"role": "assistant", "content": f"⚠ {esc(str(e))}"}
            yield history, "", ""

    return respond


def positions_html(bot: Assistant) -> str:
    """Actor × act table of the positions map; each item links to its span highlighted in its sentence."""
    from assistant.positions import POSITION_ACTS

    found = bot.store.positions(acts=POSITION_ACTS)
    if not found:
        return "<p>No positions yet: ingest articles in the Corpus tab.</p>"
    acts = [a for a in POSITION_ACTS if any(p.act == a for p in found)]
    groups = sorted({p.group for p in found})
    rows = []
    for g in groups:
        cells = []
        for a in acts:
            items = [p for p in found if p.group == g and p.act == a]
            cells.append("<td>" + "<br>".join(
                f'<a href="#pos-{esc(p.position_id)}">{esc(p.content[:90])}{"…" if len(p.content) > 90 else ""}</a>'
                for p in items) + "</td>")  # fmt: skip
        names = sorted({p.actor for p in found if p.group == g})
        rows.append(f"<tr><th>{esc(g)}<br><small>{esc(', '.join(names))}</small></th>{''.join(cells)}</tr>")
    spans = []
    for p in found:
        entry = bot.extractive.docs.get(p.doc_id)
        if entry is None:
            continue
        text = entry[0].text
        before, after = esc(text[p.sentence_start : p.start]), esc(text[p.end : p.sentence_end])
        sentence = f"{before}<mark>{esc(text[p.start : p.end])}</mark>{after}"
        spans.append(
            f'<div class="cite" id="pos-{esc(p.position_id)}"><b>{esc(p.actor)}</b> — {esc(p.act)}'
            f'<div class="meta">{esc(p.date or "")} · {esc(p.doc_id)} · chars {p.start}–{p.end}</div><p>{sentence}</p></div>'
        )
    head = "".join(f"<th>{esc(a)}</th>" for a in acts)
    return (f"<table id='positions-table'><tr><th>actor</th>{head}</tr>{''.join(rows)}</table>"
            f"<h4>Spans</h4>{''.join(spans)}")  # fmt: skip


def build(bot: Assistant) -> gr.Blocks:
    """The page. The Assistant is shared (warmed up once); conversations live in each session."""
    respond = make_respond(bot)

    def upload(files: list[Any] | None, progress=gr.Progress()):
        paths = [Path(f if isinstance(f, str) else f.name) for f in (files or [])]
        if not paths:
            return "<p>Choose files first.</p>", articles_html(bot), gr.update()
        lines = []
        for i, p in enumerate(paths):
            progress((i, len(paths)), desc=f"ingesting {p.name}")
            report = ingest([p], bot.store)
            if report.skipped:
                lines += [f"<li class='flag'>{esc(Path(s.path).name)}: {esc(s.error)}</li>" for s in report.skipped]
            if report.documents or report.unchanged:
                lines.append(f"<li>{esc(p.name)}: {report.documents} new or changed, {report.unchanged} unchanged "
                             f"({report.chunks} chunks)</li>")  # fmt: skip
        bot.refresh()
        return f"<ul>{''.join(lines)}</ul>", articles_html(bot), gr.update(choices=_doc_ids(bot))

    def drop(doc_id: str | None):
        if doc_id:
            removed, _ = remove([doc_id], bot.store)
            bot.refresh()
            msg = f"<p>Removed {esc(', '.join(removed))}.</p>" if removed else f"<p>Not found: {esc(doc_id)}</p>"
        else:
            msg = "<p>Choose an article.</p>"
        return msg, articles_html(bot), gr.update(choices=_doc_ids(bot), value=None)

    with gr.Blocks(title="Fact-check assistant") as demo:
        gr.Markdown("## Fact-check assistant\nAnswers about the ingested articles; every sentence cited.")
        with gr.Tab("Chat"):
            with gr.Row():
                with gr.Column(scale=3):
                    chatbot = gr.Chatbot(label="Conversation", height=520, elem_id="chat")
                    box = gr.Textbox(label="Question", placeholder=EXAMPLES[0], elem_id="question")
                    with gr.Row():
                        send = gr.Button("Ask", variant="primary", elem_id="ask")
                        clear = gr.Button("New conversation")
                    gr.Examples(EXAMPLES, inputs=box)
                with gr.Column(scale=2):
                    gr.Markdown("### Evidence")
                    evidence = gr.HTML("<p>Ask a question: the cited passages appear here.</p>", elem_id="evidence")
            send.click(respond, [box, chatbot], [chatbot, evidence, box], api_name="ask")
            box.submit(respond, [box, chatbot], [chatbot, evidence, box], api_name=False)
            clear.click(lambda: ([], "", ""), None, [chatbot, evidence, box], api_name=False)
        with gr.Tab("Positions"):
            gr.Markdown("Who demanded, proposed or rejected what, extracted from every article at ingest. "
                        "Click an item to see its exact span.")  # fmt: skip
            positions = gr.HTML(positions_html(bot), elem_id="positions")
        with gr.Tab("Corpus"):
            listing = gr.HTML(articles_html(bot), elem_id="articles")
            files = gr.File(label="Add articles", file_count="multiple", file_types=UPLOAD_TYPES)
            add = gr.Button("Ingest", elem_id="ingest")
            result = gr.HTML()
            with gr.Row():
                which = gr.Dropdown(choices=_doc_ids(bot), label="Remove an article", value=None)
                rm = gr.Button("Remove")
            add.click(upload, files, [result, listing, which], api_name="upload")
            rm.click(drop, which, [result, listing, which], api_name="remove")
            demo.load(lambda: (articles_html(bot), gr.update(choices=_doc_ids(bot)), positions_html(bot)), None,
                      [listing, which, positions], api_name=False)  # fmt: skip
            add.click(lambda: positions_html(bot), None, positions, api_name=False)
            rm.click(lambda: positions_html(bot), None, positions, api_name=False)
    return demo


def _doc_ids(bot: Assistant) -> list[str]:
    return [d.doc_id for d in bot.store.documents()]


def _plain(content: Any) -> str:
    """A chat message's text without the app's links and markup, for follow-up rewriting."""
    if isinstance(content, list):
        content = " ".join(str(c.get("text", "")) if isinstance(c, dict) else str(c) for c in content)
    text = re.sub(r"\[\[(\d+)\]\]\(#ev-[\d-]+\)", r"[\1]", str(content or ""))
    return html.unescape(text)


def main() -> None:
    store = Store.open(Settings.from_env())
    if not store.exists() or not store.stats()["chunks"]:
        print(f"Ingesting {ROOT / 'corpus'} into {store.settings.where} …", file=sys.stderr)
        ingest([ROOT / "corpus"], store)
    bot = Assistant(store)
    bot.ask(EXAMPLES[1])  # warm up once: model, BM25 index, document cache
    demo = build(bot)
    demo.queue(default_concurrency_limit=1)
    demo.launch(server_name=os.environ.get("GRADIO_SERVER_NAME", "127.0.0.1"), share=False, css=CSS)


if __name__ == "__main__":
    main()
