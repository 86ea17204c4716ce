"""``Fallback(primary, backup)``: the primary engine answers; if it cannot, the backup does, and says so.

In the spirit of Haystack's ``FallbackChatGenerator``: the LLM engine with the offline extractive engine behind it.
Text deltas the primary streamed before failing stay streamed; the draft comes from the backup with a note.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..types import Passage
from .base import AnswerEngine, Draft, EngineUnavailable, Query

if TYPE_CHECKING:
    from ..corpus import Corpus


class Fallback:
    """Answer with ``primary``; on :class:`EngineUnavailable`, with ``backup`` (its draft carries a note)."""

    def __init__(self, primary: AnswerEngine, backup: AnswerEngine) -> None:
        self.primary, self.backup = primary, backup
        self.name = primary.name

    def draft(self, query: Query, passages: list[Passage], corpus: Corpus) -> Iterator[str | Draft]:
        try:
            yield from self.primary.draft(query, passages, corpus)
            return
        except EngineUnavailable as e:
            reason = str(e)
        for event in self.backup.draft(query, passages, corpus):
            if isinstance(event, Draft):
                event.engine = self.backup.name
                if reason:
                    event.notes.insert(0, f"{reason}; answered with the offline {self.backup.name} engine.")
            yield event

    def rewrite(self, history_text: str, question: str) -> str | None:
        """The primary's follow-up rewriting, when it has one."""
        rewrite = getattr(self.primary, "rewrite", None)
        return rewrite(history_text, question) if rewrite else None
