"""The LLM answer engine: any OpenAI-compatible chat model writes the answer, citing verbatim quotes.

The model returns, per sentence, source ids and verbatim quotes (``prompts/answer.md``); they are mapped here
to exact spans of the documents, tolerant of whitespace and quote marks. A quote that is not in its source
(fabricated, or a wrong source id) gives no citation, so its sentence is flagged as unsupported. The client
(``assistant.llm``, the only module that imports the SDKs) is passed in; endpoint failures become
:class:`~assistant.engines.base.EngineUnavailable`, which a :class:`~assistant.engines.fallback.Fallback` catches.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..types import Passage, Span
from ..verify import find_quote
from .base import Draft, DraftSentence, EngineUnavailable, Query, related_spans

if TYPE_CHECKING:
    from ..corpus import Corpus
    from ..llm import LLMEngine as LLMClient


def _source_index(sid: str, n: int) -> int | None:
    """The passage index of a source id such as "S2" (0-based), or None when there is no such passage."""
    idx = int(sid[1:]) - 1 if sid[:1].upper() == "S" and sid[1:].isdigit() else -1
    return idx if 0 <= idx < n else None


def draft_from_reply(reply: dict, passages: list[Passage], corpus: Corpus) -> Draft:
    """Map an LLM reply's per-sentence (source id, verbatim quote) to exact spans; notes say what was dropped."""
    notes: list[str] = []
    if reply.get("abstain") or not reply.get("sentences"):
        return Draft([], abstained=True, message="The articles don't say.", related=related_spans(passages))
    sentences = []
    for item in reply["sentences"]:
        if not isinstance(item, dict) or not str(item.get("text", "")).strip():
            continue
        spans: list[Span] = []
        for cit in item.get("citations") or []:
            if not isinstance(cit, dict):
                continue
            sid, quote = str(cit.get("source", "")).strip().lstrip("[").rstrip("]"), str(cit.get("quote", ""))
            idx = _source_index(sid, len(passages))
            if idx is None:
                notes.append(f"citation to unknown source {sid!r} dropped")
                continue
            chunk = passages[idx].chunk
            doc = corpus.document(chunk.doc_id)
            found = find_quote(doc.text, quote, hint=chunk.start) if doc else None
            if found is None or not (chunk.start <= found[0] and found[1] <= chunk.end):
                notes.append(f"quote not found in {sid}: {quote[:60]!r}")
                continue
            spans.append(Span(chunk.doc_id, *found))
        sentences.append(DraftSentence(str(item["text"]).strip(), spans))
    if not sentences:
        return Draft([], abstained=True, message="The articles don't say.", related=related_spans(passages), notes=notes)
    return Draft(sentences, bullets=len(sentences) > 2, notes=notes)


class LLMAnswerEngine:
    """Streams the model's reply as text deltas, then yields the draft mapped to exact spans."""

    name = "llm"

    def __init__(self, client: LLMClient | None = None) -> None:
        if client is None:
            from ..llm import LLMEngine as LLMClient

            client = LLMClient()
        self.client = client

    def draft(self, query: Query, passages: list[Passage], corpus: Corpus) -> Iterator[str | Draft]:
        from ..llm import LLMError

        if not passages:
            raise EngineUnavailable("")  # nothing retrieved: nothing for a model to quote (the fallback abstains)
        try:
            stream = self.client.stream(query.text, passages)
            while True:
                try:
                    yield next(stream)
                except StopIteration as stop:
                    reply = stop.value
                    break
        except LLMError as e:
            raise EngineUnavailable(f"LLM endpoint failed ({e})") from e
        yield draft_from_reply(reply, passages, corpus)

    def rewrite(self, history_text: str, question: str) -> str | None:
        """A standalone version of a follow-up, or None when the endpoint fails."""
        from ..llm import LLMError

        try:
            return self.client.rewrite(history_text, question)
        except LLMError:
            return None
