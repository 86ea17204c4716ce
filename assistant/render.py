"""Rendering: one structured :class:`~assistant.types.Answer` → markdown (CLI, JSON), Slack blocks, or HTML (app).

Article text is untrusted data. Each renderer escapes it here, once, for its medium: nothing for the terminal's
markdown, ``&``/``<``/``>`` for Slack (so an article can never ping ``<!channel>`` or make a link), and HTML plus
markdown escapes for the browser (so ``<script>`` or ``![x](http://…)`` in an article stays text). Links are
only ever made from an article's own http(s) URL.

Example:
    >>> from assistant.types import Answer, AnswerSentence, Block
    >>> a = Answer("q", [Block("heading", "Russia", bullet=True),
    ...     Block("sentence", sentence=AnswerSentence("Russia demands <root causes>.", [1]), bullet=True)], False, "extractive")
    >>> print(markdown(a))
    **Russia**
    - Russia demands <root causes>. [1]
    >>> print(slack_mrkdwn(a))
    *Russia*
    • Russia demands &lt;root causes&gt;. [1]
    >>> chat_markdown(a, turn=2).splitlines()[1]
    '- Russia demands &lt;root causes&gt;. [[1]](#ev-2-1)'
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from .types import Answer, Block, Citation

NOT_SUPPORTED = "not supported by the cited text"
RELATED_NOTE = "The closest passages are listed as related reading, not as support."
VERDICT_WORDS = {
    "supported": ("Supported", " by the articles."),
    "contradicted": ("Contradicted", " by the articles"),
    "mixed": ("Mixed", ": the articles disagree."),
    "claimed, not confirmed": ("Claimed, not confirmed", ": the articles only report that someone said it."),
    "not in the corpus": ("Not in the corpus", ": the articles don't say."),
}


def _verdict_parts(b: Block) -> tuple[str, str]:
    """(the verdict word, the rest of its line) — e.g. ("Contradicted", " by the articles: the article gives 162.")."""
    word, rest = VERDICT_WORDS.get(b.verdict or "", (b.verdict or "", ""))
    if b.verdict == "contradicted":
        rest += f": {b.text}." if b.text else "."
    return word, rest


def _lines(answer: Answer, escape: Callable[[str], str], bold: Callable[[str], str], bullet: str,
           markers: Callable[[list[int]], str], flag: str) -> str:  # fmt: skip
    """The answer's lines in one markup: the shared layout of every renderer."""
    if answer.abstained:
        message = next((b.text for b in answer.blocks if b.kind == "message"), "The articles don't say.")
        return escape(message + (f" {RELATED_NOTE}" if answer.related else ""))
    lines = []
    for b in answer.blocks:
        if b.kind == "sentence" and b.sentence is not None:
            s = b.sentence
            line = f"{bullet if b.bullet else ''}{escape(s.text.rstrip())} {markers(s.citations)}".rstrip()
            lines.append(line + ("" if s.supported else f" {flag}"))
        elif b.kind == "verdict":
            word, rest = _verdict_parts(b)
            lines.append(bold(word) + escape(rest))
        elif b.kind == "heading":
            lines.append(bold(escape(b.text)))
        else:  # label, message
            lines.append(escape(b.text))
    return ("\n" if any(b.bullet for b in answer.blocks) else " ").join(lines)


# -- markdown (CLI, the JSON contract's "answer") ------------------------------------------------------


def markdown(answer: Answer) -> str:
    """The answer as markdown with ``[n]`` citation markers; article text verbatim (a terminal shows it as is)."""
    return _lines(answer, lambda t: t, lambda t: f"**{t}**", "- ", lambda ns: "".join(f"[{n}]" for n in ns),
                  f"⚠ *{NOT_SUPPORTED}*")  # fmt: skip


def terminal(answer: Answer) -> str:
    """An answer for people at a terminal: the text, then each citation with its quote, related passages, notes."""
    out = [f"(understood as: {answer.standalone_question})"] if answer.standalone_question else []
    out.append(markdown(answer))
    for c in answer.citations:
        date = f", {c.published}" if c.published else ""
        out.append(f"  [{c.n}] {c.title}{date} — {c.doc_id} chars {c.start}–{c.end}: “{c.quote}”")
    for c in answer.related:
        snippet = " ".join(c.quote.split())
        snippet = snippet if len(snippet) <= 160 else snippet[:159] + "…"
        out.append(f"  related: {c.title} — {c.doc_id} chars {c.start}–{c.end}: {snippet}")
    out += [f"  note: {note}" for note in answer.notes]
    return "\n".join(out)


# -- Slack -----------------------------------------------------------------------------------------------

SLACK_SECTION_LIMIT = 2900  # Slack allows 3000 characters in a section block's text
SLACK_BLOCKS_PER_MESSAGE = 45  # Slack allows 50 blocks in a message
SLACK_QUOTE_LIMIT = 280


def slack_escape(text: str | None) -> str:
    """Escape &, < and > so article text can never become a link, a mention or <!channel>."""
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_mrkdwn(answer: Answer) -> str:
    """The answer in Slack mrkdwn, article text escaped."""
    return _lines(answer, slack_escape, lambda t: f"*{t}*", "• ", lambda ns: "".join(f"[{n}]" for n in ns),
                  f"⚠ _{NOT_SUPPORTED}_")  # fmt: skip


def _split(text: str, limit: int = SLACK_SECTION_LIMIT) -> list[str]:
    """Pieces of at most ``limit`` characters, cut at line ends where possible."""
    pieces: list[str] = []
    current = ""
    for line in text.splitlines(keepends=True):
        while len(line) > limit:
            pieces.append(current + line[: limit - len(current)]) if current else pieces.append(line[:limit])
            line = line[limit - len(current) if current else limit :]
            current = ""
        if len(current) + len(line) > limit:
            pieces.append(current)
            current = ""
        current += line
    if current.strip():
        pieces.append(current)
    return [p.rstrip("\n") for p in pieces] or [""]


def _slack_source(c: Citation, label: str) -> str:
    title = slack_escape(c.title).replace("|", "¦") or slack_escape(c.doc_id)
    url = c.url if c.url and re.match(r"^https?://[^\s<>|]+$", c.url) else None
    head = f"*{label}* " + (f"<{url}|{title}>" if url else title)
    if c.published:
        head += f" · {c.published}"
    quote = c.quote if len(c.quote) <= SLACK_QUOTE_LIMIT else c.quote[: SLACK_QUOTE_LIMIT - 1].rsplit(" ", 1)[0] + " …"
    return f"{head}\n>{slack_escape(quote)}".replace("\n\n", "\n")


def slack_messages(answer: Answer) -> list[dict[str, Any]]:
    """Slack messages (``text`` fallback + Block Kit ``blocks``) for an answer, within Slack's limits."""
    text = slack_mrkdwn(answer)
    blocks: list[dict[str, Any]] = [{"type": "section", "text": {"type": "mrkdwn", "text": p}} for p in _split(text)]
    sources = [_slack_source(c, f"[{c.n}]") for c in answer.citations]
    if answer.abstained and answer.related:
        sources = ["_Related passages — not support:_"] + [_slack_source(c, "related") for c in answer.related]
    if sources:
        blocks.append({"type": "divider"})
        blocks += [{"type": "section", "text": {"type": "mrkdwn", "text": p}} for s in sources for p in _split(s)]
    notes = [slack_escape(n) for n in answer.notes]
    unsupported = [s for s in answer.sentences if not s.supported]
    if unsupported:
        notes.append(f"⚠ {len(unsupported)} sentence(s) {NOT_SUPPORTED} are marked.")
    if notes:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": "\n".join(notes)[:2900]}]})
    return [
        {"text": text[:SLACK_SECTION_LIMIT], "blocks": blocks[i : i + SLACK_BLOCKS_PER_MESSAGE]}
        for i in range(0, len(blocks), SLACK_BLOCKS_PER_MESSAGE)
    ]


# -- HTML (the browser app) ------------------------------------------------------------------------------

_MD_ACTIVE = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


def esc(text: str | None) -> str:
    """HTML-escape untrusted text (article text, titles, quotes)."""
    return html.escape(text or "", quote=True)


def md_esc(text: str | None) -> str:
    """Untrusted text for a markdown-rendering widget: HTML-escaped, then markdown's active characters escaped,
    so neither a tag nor ``![img](url)`` nor ``[link](url)`` from an article becomes live."""
    return _MD_ACTIVE.sub(r"\\\1", esc(text))


def safe_url(url: str | None) -> str | None:
    """Only http(s) links from articles are made clickable."""
    return url if url and re.match(r"^https?://[^\s\"'<>]+$", url) else None


def chat_markdown(answer: Answer, turn: int) -> str:
    """The answer for the app's chat: article text escaped, each [n] a link to this turn's evidence card."""
    links = lambda ns: "".join(f"[[{n}]](#ev-{turn}-{n})" for n in ns)  # noqa: E731
    text = _lines(answer, md_esc, lambda t: f"**{t}**", "- ", links, f"⚠ *{NOT_SUPPORTED}*")
    return text + "".join(f"\n\n*note: {md_esc(note)}*" for note in answer.notes)


def paragraph_html(doc_text: str, start: int, end: int) -> str:
    """The paragraph around [start:end] with the span highlighted; every piece escaped."""
    para_start = doc_text.rfind("\n", 0, start) + 1
    para_end = doc_text.find("\n", end)
    para_end = len(doc_text) if para_end == -1 else para_end
    para_start = max(para_start, start - 600)
    para_end = min(para_end, end + 600)
    lead = "…" if para_start > 0 and doc_text[para_start - 1] != "\n" else ""
    return f"{lead}{esc(doc_text[para_start:start])}<mark>{esc(doc_text[start:end])}</mark>{esc(doc_text[end:para_end])}"


def card_html(c: Citation, doc_text: str | None, turn: int, css: str = "", label: str | None = None) -> str:
    """One evidence card: title (linked when the article has an http(s) URL), date, offsets, highlighted span."""
    link = safe_url(c.url)
    meta = " · ".join(esc(x) for x in (c.published, c.doc_id) if x)
    title = f'<a href="{esc(link)}" target="_blank" rel="noopener noreferrer">{esc(c.title)}</a>' if link else esc(c.title)
    body = paragraph_html(doc_text, c.start, c.end) if doc_text else f"<mark>{esc(c.quote)}</mark>"
    return (
        f'<div class="cite {css}" id="ev-{turn}-{c.n}"><b>{label or f"[{c.n}]"}</b> {title}'
        f'<div class="meta">{meta} · chars {c.start}–{c.end}</div><p>{body}</p></div>'
    )


def evidence_html(answer: Answer, docs: dict[str, str], turn: int) -> str:
    """The evidence panel for one answer (``docs``: the cited documents' texts by id)."""
    parts: list[str] = []
    flagged = [s for s in answer.sentences if not s.supported]
    if flagged:
        parts.append("<p class='flag'>⚠ Not supported by the cited text:</p><ul>")
        parts += [f"<li class='flag'>{esc(s.text)}</li>" for s in flagged]
        parts.append("</ul>")
    unsupported_ns = {n for s in flagged for n in s.citations}
    for c in answer.citations:
        parts.append(card_html(c, docs.get(c.doc_id), turn, "unsupported" if c.n in unsupported_ns else ""))
    if answer.abstained:
        parts.append("<p><b>The articles don't answer this.</b> Nearest passages — related, not support:</p>")
        parts += [card_html(c, docs.get(c.doc_id), turn, "related", "related") for c in answer.related]
    return "\n".join(parts) or "<p>No evidence.</p>"


RENDERERS: dict[str, Callable[[Answer], Any]] = {
    "markdown": markdown,
    "terminal": terminal,
    "slack": slack_messages,
}
"""Renderers by name (a new front end adds one line here, or uses one of these)."""
