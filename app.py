"""Browser front end (Gradio). For now: passage search over the ingested corpus, with exact offsets.

The full chat with cited answers and an evidence panel replaces this once the answer
engine lands. Run ``python app.py`` (binds 127.0.0.1; honours GRADIO_SERVER_NAME and
GRADIO_SERVER_PORT; analytics off, nothing leaves the machine).
"""

from __future__ import annotations

import html
import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402

from assistant.config import Settings  # noqa: E402
from assistant.errors import AssistantError  # noqa: E402
from assistant.store import Store  # noqa: E402
from assistant.types import Passage  # noqa: E402


def render(passages: list[Passage]) -> str:
    """Passages as HTML; article text is untrusted, so every piece of it is escaped."""
    if not passages:
        return "<p>No passages found.</p>"
    parts = []
    for n, p in enumerate(passages, start=1):
        c = p.chunk
        meta = " · ".join(x for x in (c.published, c.doc_id, f"chars {c.start}–{c.end}") if x)
        parts.append(
            f"<div class='passage'><b>[{n}] {html.escape(c.title)}</b> <small>{html.escape(meta)}</small>"
            f"<blockquote>{html.escape(c.text)}</blockquote></div>"
        )
    return "\n".join(parts)


def build(store: Store) -> gr.Blocks:
    """The page, bound to one opened store (warmed up once, shared by all users; no per-user state)."""

    def search(question: str) -> str:
        if not question.strip():
            return "<p>Type a question.</p>"
        try:
            return render(store.search(question, k=4))
        except AssistantError as e:
            return f"<p class='error'>{html.escape(str(e))}</p>"

    with gr.Blocks(title="Fact-check assistant") as demo:
        stats = store.stats()
        gr.Markdown(
            f"### Fact-check assistant\n{stats['documents']} articles, {stats['chunks']} passages. "
            "Answers with citations are coming; for now, the passages that best match your question."
        )
        q = gr.Textbox(label="Question", placeholder="Who demanded what at the Istanbul talks?")
        out = gr.HTML()
        q.submit(search, q, out)
        gr.Button("Search").click(search, q, out)
    return demo


if __name__ == "__main__":
    store = Store.open(Settings.from_env())
    store.search("warm up", k=1) if store.exists() else None
    build(store).launch(server_name=os.environ.get("GRADIO_SERVER_NAME", "127.0.0.1"), share=False)
