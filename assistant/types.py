"""The small dataclasses that cross module boundaries (no SDK objects do)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from .errors import ConfigError


def day_number(iso: str | None) -> int | None:
    """Days since 1970-01-01 of an ISO date, for range filters (the store compares numbers only); None if not a date.

    Example:
        >>> day_number("2025-06-03"), day_number("2025-06-03T10:00:00Z"), day_number("soon"), day_number(None)
        (20242, 20242, None, None)
    """
    if not iso:
        return None
    try:
        return (date.fromisoformat(iso[:10]) - date(1970, 1, 1)).days
    except ValueError:
        return None


def _stored(meta: dict[str, Any]) -> dict[str, Any]:
    """Metadata as stored: the store cannot hold None, so absent values are left out."""
    return {k: v for k, v in meta.items() if v is not None}


@dataclass
class Filters:
    """Metadata filters for retrieval and the positions map, backend-neutral (the store translates them).

    Example:
        >>> Filters(source="Reuters", published_from="2025-06-01").validate()
        >>> Filters(published_to="June").validate()
        Traceback (most recent call last):
        ...
        assistant.errors.ConfigError: Invalid date 'June': use YYYY-MM-DD
    """

    doc_id: str | None = None
    source: str | None = None
    published_from: str | None = None  # ISO date, inclusive
    published_to: str | None = None

    def validate(self) -> None:
        """Raise ConfigError for a date that is not YYYY-MM-DD."""
        for value in (self.published_from, self.published_to):
            if value and day_number(value) is None:
                raise ConfigError(f"Invalid date {value!r}: use YYYY-MM-DD")


@dataclass(frozen=True)
class Document:
    """One article. ``text`` is the original text; every offset in the product points into it."""

    doc_id: str
    title: str
    text: str
    segments: tuple[tuple[int, int], ...]  # regions of ``text`` to index (page furniture left out)
    kind: str  # txt, md, html, json, jsonl
    origin: str  # the file it came from (absolute path), for change tracking and `remove PATH`
    url: str | None = None
    path: str | None = None
    published: str | None = None  # ISO date, e.g. "2025-06-02"
    source: str | None = None  # the outlet, e.g. "Reuters", when known

    @property
    def fingerprint(self) -> str:
        """sha256 of everything stored about the document; a change means re-ingest."""
        payload = json.dumps(
            [self.doc_id, self.title, self.text, self.segments, self.url, self.path, self.published, self.source],
            ensure_ascii=False,
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def to_meta(self, chunks: int, pipeline: str) -> dict[str, Any]:
        """The document table's metadata for this document (its text is stored beside it)."""
        return _stored({
            "title": self.title, "kind": self.kind, "origin": self.origin, "url": self.url, "path": self.path,
            "published": self.published, "published_day": day_number(self.published), "source": self.source,
            "chunks": chunks, "chars": len(self.text), "fingerprint": self.fingerprint, "pipeline": pipeline,
            "segments": ";".join(f"{a}:{b}" for a, b in self.segments),
        })  # fmt: skip

    @classmethod
    def from_meta(cls, doc_id: str, text: str, meta: dict[str, Any]) -> Document:
        """The document as stored by :meth:`to_meta`."""
        segments = tuple((int(a), int(b)) for a, b in (p.split(":") for p in (meta.get("segments") or "").split(";") if p))
        return cls(
            doc_id=doc_id,
            title=meta.get("title", ""),
            text=text,
            segments=segments,
            kind=meta.get("kind", ""),
            origin=meta.get("origin", ""),
            url=meta.get("url"),
            path=meta.get("path"),
            published=meta.get("published"),
            source=meta.get("source"),
        )


@dataclass(frozen=True)
class Chunk:
    """A piece of a document: ``document.text[start:end] == text``."""

    chunk_id: str
    doc_id: str
    index: int
    start: int
    end: int
    text: str
    title: str
    url: str | None = None
    path: str | None = None
    published: str | None = None
    source: str | None = None

    def to_meta(self) -> dict[str, Any]:
        """The chunk index's metadata for this chunk (its text is stored beside it).

        Example:
            >>> Chunk("d-0", "d", 0, 0, 5, "Hello", "T", published="2025-06-03").to_meta()
            {'doc_id': 'd', 'index': 0, 'start': 0, 'end': 5, 'title': 'T', 'published': '2025-06-03', 'published_day': 20242}
        """
        return _stored({
            "doc_id": self.doc_id, "index": self.index, "start": self.start, "end": self.end, "title": self.title,
            "url": self.url, "path": self.path, "published": self.published,
            "published_day": day_number(self.published), "source": self.source,
        })  # fmt: skip

    @classmethod
    def from_meta(cls, chunk_id: str, text: str, meta: dict[str, Any]) -> Chunk:
        """The chunk as stored by :meth:`to_meta`."""
        return cls(
            chunk_id=chunk_id,
            doc_id=meta["doc_id"],
            index=int(meta["index"]),
            start=int(meta["start"]),
            end=int(meta["end"]),
            text=text,
            title=meta.get("title", ""),
            url=meta.get("url"),
            path=meta.get("path"),
            published=meta.get("published"),
            source=meta.get("source"),
        )


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its similarity score (higher is closer)."""

    chunk: Chunk
    score: float


@dataclass(frozen=True)
class DocumentInfo:
    """What the store knows about a document, without its text."""

    doc_id: str
    title: str
    chunks: int
    chars: int
    kind: str
    origin: str
    fingerprint: str
    url: str | None = None
    path: str | None = None
    published: str | None = None
    source: str | None = None

    @classmethod
    def from_meta(cls, doc_id: str, meta: dict[str, Any]) -> DocumentInfo:
        """What the document table stores about a document (see :meth:`Document.to_meta`)."""
        return cls(
            doc_id=doc_id,
            title=meta.get("title", ""),
            chunks=int(meta.get("chunks", 0)),
            chars=int(meta.get("chars", 0)),
            kind=meta.get("kind", ""),
            origin=meta.get("origin", ""),
            fingerprint=meta.get("fingerprint", ""),
            url=meta.get("url"),
            path=meta.get("path"),
            published=meta.get("published"),
            source=meta.get("source"),
        )


@dataclass(frozen=True)
class Skipped:
    """An input that was not ingested, and why."""

    path: str
    error: str


@dataclass
class IngestReport:
    """What one ingest run did."""

    documents: int = 0  # new or changed documents written
    chunks: int = 0  # chunks written for them
    unchanged: int = 0  # documents already stored as they are
    reanalysed: int = 0  # unchanged documents whose analysis was made again (new rules, lexicon or parser); not re-embedded
    removed: int = 0  # documents dropped because their record left a re-ingested file
    skipped: list[Skipped] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Span:
    """A stretch of a document: ``document.text[start:end]``."""

    doc_id: str
    start: int
    end: int


@dataclass(frozen=True)
class Citation:
    """A numbered citation; ``quote == document.text[start:end]``."""

    n: int
    doc_id: str
    title: str
    url: str | None
    path: str | None
    published: str | None
    start: int
    end: int
    quote: str


@dataclass
class AnswerSentence:
    """One sentence of an answer, the citations backing it and the support check's verdict."""

    text: str
    citations: list[int]
    supported: bool = True
    score: float = 1.0


@dataclass
class Block:
    """One piece of an answer, in reading order; renderers (``assistant.render``) turn blocks into markdown,
    Slack mrkdwn or HTML, escaping article text there and only there.

    ``kind``: ``sentence`` (a claim: its citations and support check in ``sentence``), ``heading`` (an actor's
    name over their items, or a caption such as "The articles disagree on the figures:"), ``label`` (a plain
    caption: "Supporting:"), ``verdict`` (a claim check's verdict; ``text`` is the reason, when it has one) or
    ``message`` (why the answer
    abstains).
    """

    kind: str
    text: str = ""
    sentence: AnswerSentence | None = None
    bullet: bool = False  # shown as a list item
    verdict: str | None = None

    def to_json(self) -> dict:
        out: dict = {"kind": self.kind, "text": self.sentence.text if self.sentence else self.text}
        if self.sentence:
            out |= {"citations": self.sentence.citations, "supported": self.sentence.supported}
        if self.verdict:
            out["verdict"] = self.verdict
        return out


@dataclass
class Answer:
    """The result of ``Assistant.ask``: structured blocks, numbered citations; ``to_json`` is the contract."""

    question: str
    blocks: list[Block]
    abstained: bool
    engine: str
    citations: list[Citation] = field(default_factory=list)
    related: list[Citation] = field(default_factory=list)  # closest passages when abstaining: not support
    timings_ms: dict[str, float] = field(default_factory=dict)
    standalone_question: str | None = None  # the follow-up rewritten with the history
    notes: list[str] = field(default_factory=list)  # e.g. "LLM endpoint unreachable: answered offline"
    verdict: str | None = None  # claim checks: supported / contradicted / mixed / claimed, not confirmed / not in the corpus
    supporting: list[int] = field(default_factory=list)  # citation numbers for and against the claim
    contradicting: list[int] = field(default_factory=list)
    reporting: list[int] = field(default_factory=list)  # sentences that only report that someone said it
    judge_verdict: str | None = None  # an LLM judge's verdict, when one is configured (beside, not instead)

    @property
    def sentences(self) -> list[AnswerSentence]:
        """The answer's claims (the sentence blocks), each with its citations and support check."""
        return [b.sentence for b in self.blocks if b.sentence is not None]

    @property
    def answer(self) -> str:
        """The answer as markdown with [n] citation markers (``render.markdown``)."""
        from .render import markdown

        return markdown(self)

    def to_json(self) -> dict:
        return {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "engine": self.engine,
            "citations": [asdict(c) for c in self.citations],
            "sentences": [asdict(s) for s in self.sentences],
            "related": [asdict(c) for c in self.related],
            "timings_ms": {k: round(v, 2) for k, v in self.timings_ms.items()},
            "standalone_question": self.standalone_question,
            "notes": self.notes,
            "verdict": self.verdict,
            "supporting": self.supporting,
            "contradicting": self.contradicting,
            "reporting": self.reporting,
            "judge_verdict": self.judge_verdict,
            "blocks": [b.to_json() for b in self.blocks],
        }
