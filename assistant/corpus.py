"""The corpus as the answer side sees it: documents, their analyses, sentence vectors and the positions map.

:class:`Corpus` is owned by the :class:`~assistant.service.Assistant` and handed to the engines, the assembly
of answers, the browser app, Slack and the evals; nothing else reads documents for answering. It reads from a
:class:`DocumentSource` — the Chroma :class:`~assistant.store.Store`, or :class:`MemorySource` for tests and
examples — and keeps each document's analysis (who said what in each sentence) and sentence embeddings in
bounded caches guarded by a lock (the app's sessions and Slack's workers share one corpus).

Example:
    >>> from assistant.types import Document
    >>> text = "Kyiv proposed a roadmap for peace. Moscow rejected it."
    >>> corpus = Corpus.in_memory([Document("d1", "Talks", text, ((0, len(text)),), "txt", "/tmp/d1.txt")])
    >>> doc, claims = corpus.get("d1")
    >>> [(c.actor, c.act) for c in claims]
    [('Kyiv', 'propose'), ('Moscow', 'reject')]
    >>> [p.act for p in corpus.positions(actor="Ukraine")]
    ['proposed']
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

import numpy as np

from .analysis import Analysis, analysis_version, analyze_document
from .attribution import Claim
from .sentences import sentence_spans
from .types import Chunk, Document, DocumentInfo, Passage

if TYPE_CHECKING:
    from .positions import Position
    from .retrieve import Filters

Embed = Callable[[list[str]], np.ndarray]


class DocumentSource(Protocol):
    """Where documents and positions come from (the store, or memory)."""

    def document(self, doc_id: str) -> Document | None: ...

    def analysis(self, doc_id: str) -> Analysis | None: ...

    def documents(self) -> list[DocumentInfo]: ...

    def positions(
        self, actor: str | None = None, acts: Sequence[str] | None = None, filters: Filters | None = None
    ) -> list[Position]: ...


class MemorySource:
    """Documents held in memory, analysed and their positions extracted on creation (tests, examples, one-off checks)."""

    def __init__(self, documents: Sequence[Document], parse: bool | None = None) -> None:
        from .positions import extract_positions

        self._docs = {d.doc_id: d for d in documents}
        self._analyses = {d.doc_id: analyze_document(d, parse) for d in documents}
        self._positions = [p for d in documents for p in extract_positions(d, self._analyses[d.doc_id].claims)]

    def document(self, doc_id: str) -> Document | None:
        return self._docs.get(doc_id)

    def analysis(self, doc_id: str) -> Analysis | None:
        return self._analyses.get(doc_id)

    def documents(self) -> list[DocumentInfo]:
        return [
            DocumentInfo(d.doc_id, d.title, 0, len(d.text), d.kind, d.origin, d.fingerprint, d.url, d.path, d.published,
                         d.source)  # fmt: skip
            for d in sorted(self._docs.values(), key=lambda d: d.doc_id)
        ]

    def positions(self, actor=None, acts=None, filters=None) -> list[Position]:
        from .positions import Position

        f = filters
        out = [
            p for p in self._positions
            if (not acts or p.act in acts) and (not f or not f.doc_id or p.doc_id == f.doc_id)
            and (not f or not f.published_from or (p.date or "") >= f.published_from)
            and (not f or not f.published_to or (p.date or "9999") <= f.published_to)
        ]  # fmt: skip
        return sorted(Position.match_actor(out, actor) if actor else out, key=lambda p: (p.doc_id, p.start))


class Corpus:
    """Documents and their claims, read once; sentence vectors computed once; the positions map."""

    def __init__(
        self,
        source: DocumentSource,
        embed: Embed | None = None,
        query_vector: Callable[[str], np.ndarray] | None = None,
        size: int = 256,
    ) -> None:
        self.source = source
        self.embed = embed  # None: no embedding model (verification and ranking use words only)
        self._query_vector = query_vector
        self.size = size
        self._docs: OrderedDict[str, tuple[Document, Analysis]] = OrderedDict()
        self._vectors: dict[str, np.ndarray] = {}  # by text
        self._lock = threading.RLock()

    @classmethod
    def in_memory(cls, documents: Sequence[Document], embed: Embed | None = None, parse: bool | None = None) -> Corpus:
        """A corpus of the given documents, no database (``embed`` optional; ``parse=False``: no parser loaded,
        so no one is read as saying anything)."""
        return cls(MemorySource(documents, parse), embed)

    def get(self, doc_id: str) -> tuple[Document, list[Claim]] | None:
        """The document and its claims (one per sentence and reported act), or None when it is not stored."""
        entry = self._entry(doc_id)
        return (entry[0], list(entry[1].claims)) if entry else None

    def analysis(self, doc_id: str) -> Analysis | None:
        """The document's analysis (claims and named entities), or None when it is not stored."""
        entry = self._entry(doc_id)
        return entry[1] if entry else None

    def chunk_sentences(self, chunk: Chunk) -> list[tuple[int, int]]:
        """The sentences of a chunk (document offsets), as split at ingest and stored with the document's analysis.

        Only a chunk its document's analysis does not know (a store chunked otherwise) is split here."""
        entry = self._entry(chunk.doc_id)
        spans = entry[1].chunk_sentences(chunk.start, chunk.end) if entry else None
        if spans is None:
            spans = [(s + chunk.start, e + chunk.start) for s, e in sentence_spans(chunk.text)]
        return spans

    def _entry(self, doc_id: str) -> tuple[Document, Analysis] | None:
        with self._lock:
            if doc_id in self._docs:
                self._docs.move_to_end(doc_id)
                return self._docs[doc_id]
        doc = self.source.document(doc_id)
        if doc is None:
            return None
        analysis = self.source.analysis(doc_id)
        if analysis is None or analysis.version != analysis_version(parse=analysis.parsed):
            # stored before the rules, lexicon or parser changed: analysed here (`assistant ingest` stores it again);
            # one read without the parser on purpose (``Corpus.in_memory(..., parse=False)``) stays so
            analysis = analyze_document(doc)
        entry = (doc, analysis)
        with self._lock:
            self._docs[doc_id] = entry
            if len(self._docs) > self.size:
                self._docs.popitem(last=False)
        return entry

    def document(self, doc_id: str) -> Document | None:
        entry = self.get(doc_id)
        return entry[0] if entry else None

    def entries(self, passages: Sequence[Passage]) -> list[tuple[Document, list[Claim]]]:
        """(document, claims) for the documents of the passages, in retrieval order, each once."""
        return [e for d in dict.fromkeys(p.chunk.doc_id for p in passages) if (e := self.get(d))]

    def documents(self) -> list[DocumentInfo]:
        """Every document (without text), ordered by id."""
        return self.source.documents()

    def positions(
        self, actor: str | None = None, acts: Sequence[str] | None = None, filters: Filters | None = None
    ) -> list[Position]:
        """Positions from the map, for an actor (any of its names) and acts, within the filters' article and dates."""
        return self.source.positions(actor=actor, acts=acts, filters=filters)

    def query_vector(self, text: str) -> np.ndarray | None:
        """The query's embedding (cached by the retriever that embedded it first), or None without a model."""
        if self._query_vector is not None:
            return self._query_vector(text)
        return self.embed([text])[0] if self.embed is not None else None

    def sentence_vectors(self, keys: list[tuple[str, int, int]]) -> np.ndarray | None:
        """Embeddings of document sentences ``(doc_id, start, end)``, each computed once; None without a model."""
        if self.embed is None:
            return None
        texts = []
        for d, s, e in keys:
            doc = self.document(d)
            texts.append(doc.text[s:e] if doc else "")
        return self.text_vectors(texts)

    def text_vectors(self, texts: list[str]) -> np.ndarray | None:
        """Embeddings of texts, each text embedded once (the model gives a text the same vector whatever batch it
        is in, so a cached vector is the one a new batch would give); None without a model."""
        if self.embed is None:
            return None
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if missing:
            vecs = self.embed(missing)
            with self._lock:
                self._vectors.update(zip(missing, vecs))
                while len(self._vectors) > 50_000:
                    self._vectors.pop(next(iter(self._vectors)))
        with self._lock:
            return np.stack([self._vectors[t] for t in texts]) if texts else np.zeros((0, 0), dtype=np.float32)

    def clear(self) -> None:
        """Forget cached documents and vectors (after an ingest or a removal)."""
        with self._lock:
            self._docs.clear()
            self._vectors.clear()
