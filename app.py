"""The fact-check assistant in the browser (Gradio): chat with the evidence beside every answer.

Run ``python app.py [--engine NAME]`` (``make run`` does it after ingesting ``corpus/``). Binds 127.0.0.1
unless ``GRADIO_SERVER_NAME`` says otherwise; the port comes from ``GRADIO_SERVER_PORT``
(Gradio's default 7860). ``share`` is off and Gradio analytics are off: nothing leaves the
machine. Article text is untrusted: ``assistant.render`` escapes everything taken from an article.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import gradio as gr  # noqa: E402

from assistant.config import Settings  # noqa: E402
from assistant.errors import AssistantError  # noqa: E402
from assistant.ingest import ingest, remove  # noqa: E402
from assistant.render import chat_markdown, esc, evidence_html, md_esc  # noqa: E402
from assistant.service import Assistant  # noqa: E402
from assistant.store import Store  # noqa: E402
from assistant.types import Answer  # noqa: E402

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


def articles_html(bot: Assistant) -> str:
    rows = "".join(
        f"<tr><td>{esc(d.title)}</td><td>{esc(d.published or '')}</td><td>{esc(d.source or '')}</td>"
        f"<td>{d.chunks}</td><td><code>{esc(d.doc_id)}</code></td></tr>"
        for d in bot.corpus.documents()
    )
    return (
        f"<p>Engine: <b>{esc(bot.engine)}</b> · data: {esc(bot.store.settings.where)}</p>"
        "<table><tr><th>title</th><th>date</th><th>source</th><th>chunks</th><th>id</th></tr>"
        f"{rows}</table>"
    )


def make_respond(bot: Assistant):
    """The chat handler: yields (chat, evidence, cleared box, conversation), streaming drafts while an LLM writes.

    ``conversation`` is the session's plain history (questions and markdown answers) for follow-ups; the chat
    widget shows the rendered, escaped answers.
    """

    def doc_texts(answer: Answer) -> dict[str, str]:
        return {c.doc_id: doc.text for c in answer.citations + answer.related if (doc := bot.corpus.document(c.doc_id))}

    def respond(message: str, chat: list[dict[str, Any]] | None, conversation: list[dict[str, str]] | None = None):
        chat, conversation = list(chat or []), list(conversation or [])
        if not message or not message.strip():
            yield chat, gr.update(), "", conversation
            return
        turn = sum(1 for m in chat if m.get("role") == "user") + 1
        chat = chat + [{"role": "user", "content": message}, {"role": "assistant", "content": "…"}]
        try:
            streamed = ""
            for event in bot.ask_stream(message, history=conversation):
                if isinstance(event, str):
                    streamed += event
                    chat[-1] = {"role": "assistant", "content": "*drafting…* " + md_esc(streamed[-400:])}
                    yield list(chat), gr.update(), "", conversation
                else:
                    chat[-1] = {"role": "assistant", "content": chat_markdown(event, turn)}
                    conversation = conversation + [{"role": "user", "content": message},
                                                   {"role": "assistant", "content": event.answer}]  # fmt: skip
                    yield chat, evidence_html(event, doc_texts(event), turn), "", conversation
        except AssistantError as e:
            chat[-1] = {"role": "assistant", "content": f"⚠ {md_esc(str(e))}"}
            yield chat, "", "", conversation

    return respond


def positions_html(bot: Assistant) -> str:
    """Actor × act table of the positions map; each item links to its span highlighted in its sentence."""
    from assistant.positions import POSITION_ACTS

    found = bot.corpus.positions(acts=POSITION_ACTS)
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
        doc = bot.corpus.document(p.doc_id)
        if doc is None:
            continue
        text = doc.text
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
            conversation = gr.State([])  # this session's plain history, for follow-ups
            send.click(respond, [box, chatbot, conversation], [chatbot, evidence, box, conversation], api_name="ask")
            box.submit(respond, [box, chatbot, conversation], [chatbot, evidence, box, conversation], api_name=False)
            clear.click(lambda: ([], "", "", []), None, [chatbot, evidence, box, conversation], api_name=False)
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
    return [d.doc_id for d in bot.corpus.documents()]


def main(argv: list[str] | None = None) -> None:
    import argparse

    from assistant import engines

    parser = argparse.ArgumentParser(description="The fact-check assistant in the browser.")
    parser.add_argument("--engine", choices=engines.names(), help="default: llm when an endpoint is configured")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    store = Store.open(settings)
    if not store.exists() or not store.stats()["chunks"]:
        print(f"Ingesting {ROOT / 'corpus'} into {store.settings.where} …", file=sys.stderr)
        ingest([ROOT / "corpus"], store)
    bot = Assistant(store, args.engine)
    bot.ask(EXAMPLES[1])  # warm up once: model, BM25 index, document cache
    demo = build(bot)
    demo.queue(default_concurrency_limit=1)
    demo.launch(server_name=settings.app_host, share=False, css=CSS)


if __name__ == "__main__":
    main()
