"""What every answer engine takes and returns: a :class:`Query` and retrieved passages in, a :class:`Draft` out.

An engine selects what to say and which spans back each sentence; numbering the citations, checking every
sentence against its quotes and rendering happen after it (``assemble``, ``verify``, ``render``), the same for
every engine. Engines read documents only through the :class:`~assistant.corpus.Corpus` they are handed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from ..types import Passage, Span

if TYPE_CHECKING:
    from ..corpus import Corpus
    from ..retrieve import Filters


@dataclass(frozen=True)
class Query:
    """A standalone question (follow-ups already resolved) and the scope it is asked in."""

    text: str
    filters: Filters | None = None


@dataclass
class DraftSentence:
    """One line of a draft. ``kind``: ``sentence`` (a claim, cited and verified), ``heading`` (a group's name or a
    caption over what follows), ``label`` (a plain caption such as "Supporting:") or ``verdict`` (a claim check's)."""

    text: str
    spans: list[Span]
    kind: str = "sentence"
    relation: str | None = None  # claim checks: "supports" / "contradicts" / "reports"
    verdict: str | None = None  # kind == "verdict"

    @property
    def heading(self) -> bool:
        return self.kind != "sentence"


@dataclass
class Draft:
    """An engine's answer before numbering and verification."""

    sentences: list[DraftSentence]
    abstained: bool = False
    message: str | None = None  # why the engine abstained
    related: list[Span] = field(default_factory=list)  # closest passages when abstaining: not support
    bullets: bool = False
    notes: list[str] = field(default_factory=list)  # e.g. "LLM endpoint failed …; answered offline"
    engine: str | None = None  # the engine that wrote it, when not the one asked (a fallback)
    verdict: str | None = None  # claim checks
    judge_verdict: str | None = None


class EngineUnavailable(Exception):
    """The engine cannot answer now (endpoint down, bad reply); a :class:`Fallback` answers instead."""


@runtime_checkable
class AnswerEngine(Protocol):
    """Yields text deltas while it writes (none for offline engines), then exactly one :class:`Draft`."""

    name: str

    def draft(self, query: Query, passages: list[Passage], corpus: Corpus) -> Iterator[str | Draft]: ...


def related_spans(passages: list[Passage], n: int = 3) -> list[Span]:
    """The first ``n`` passages as spans, shown as related reading when an engine abstains."""
    return [Span(p.chunk.doc_id, p.chunk.start, p.chunk.end) for p in passages[:n]]


def final_draft(events: Iterator[str | Draft]) -> Draft:
    """The draft at the end of an engine's events (text deltas dropped)."""
    result = None
    for event in events:
        if isinstance(event, Draft):
            result = event
    if result is None:
        raise RuntimeError("the engine ended without a draft")
    return result
