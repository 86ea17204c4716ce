"""The chunk index: every chunk of every document, with its embedding, in one collection (``COLLECTION``).

Rows are converted with :meth:`Chunk.to_meta` / :meth:`Chunk.from_meta`, so a field added to
:class:`~assistant.types.Chunk` is stored and read in one place.

Example:
    >>> from assistant.config import Settings
    >>> from assistant.embeddings import load_embedder
    >>> from assistant.store.backend import Backend
    >>> index = ChunkIndex(Backend.connect(Settings.from_env(data_dir=DATA_DIR, env={}), load_embedder("minilm")))
    >>> index.count() >= 0
    True
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..errors import StoreError
from ..types import Chunk, Filters, Passage
from .backend import Backend


class ChunkIndex:
    """Chunks with their vectors: written per document, read by id or document, searched by vector."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.collection = backend.collection(backend.settings.collection)

    def upsert(self, chunks: Sequence[Chunk], vectors: np.ndarray) -> None:
        """Insert or replace chunks with their vectors (one row each, in order)."""
        if len(chunks) != len(vectors):
            raise ValueError(f"{len(chunks)} chunks but {len(vectors)} vectors")
        self.collection.upsert([c.chunk_id for c in chunks], [c.text for c in chunks], [c.to_meta() for c in chunks], vectors)

    def delete_stale(self, doc_ids: Sequence[str], keep: set[str]) -> None:
        """Delete the chunks of these documents whose id is not in ``keep`` (left over from an older version)."""
        if not doc_ids:
            return
        stale = [i for i in self.collection.ids(match={"doc_id": list(doc_ids)}) if i not in keep]
        self.collection.delete(ids=stale)

    def delete_docs(self, doc_ids: Sequence[str]) -> None:
        """Delete every chunk of these documents."""
        for doc_id in doc_ids:
            self.collection.delete(match={"doc_id": doc_id})

    def get(self, ids: Sequence[str], filters: Filters | None = None) -> list[Chunk]:
        """Chunks by id (those within ``filters`` when given)."""
        if not ids:
            return []
        return [Chunk.from_meta(r.id, r.text or "", r.meta) for r in self.collection.get(ids=ids, filters=filters)]

    def of_document(self, doc_id: str) -> list[Chunk]:
        """The chunks of a document, in order."""
        rows = self.collection.get(match={"doc_id": doc_id})
        return sorted((Chunk.from_meta(r.id, r.text or "", r.meta) for r in rows), key=lambda c: c.index)

    def with_vectors(self, doc_id: str) -> tuple[list[Chunk], np.ndarray]:
        """The chunks of a document, in order, with their stored vectors (re-analysis without re-embedding)."""
        chunks = self.of_document(doc_id)
        return chunks, self.collection.vectors([c.chunk_id for c in chunks])

    def search(self, vector: np.ndarray, k: int = 5, filters: Filters | None = None) -> list[Passage]:
        """The k chunks nearest to ``vector`` (cosine), best first; the score is the cosine similarity."""
        if k < 1:
            raise ValueError(f"k must be at least 1, got {k}")
        self.require()
        return [Passage(Chunk.from_meta(r.id, r.text or "", r.meta), 1.0 - (r.distance or 0.0))
                for r in self.collection.query(vector, k, filters)]  # fmt: skip

    def require(self) -> None:
        """Raise StoreError, saying what to do, when nothing has been ingested."""
        if not self.collection.exists():
            settings = self.backend.settings
            raise StoreError(
                f"Nothing ingested in collection {settings.collection!r} at {settings.where}: "
                "run `assistant ingest corpus/` first."
            )

    def count(self) -> int:
        """How many chunks are stored."""
        return self.collection.count()

    def all_texts(self) -> tuple[list[str], list[str]]:
        """(ids, texts) of every chunk, read in pages."""
        return self.collection.texts()
