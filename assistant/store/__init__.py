"""The store: chunks with embeddings, a document table with full texts, the positions map and the analyses.

:class:`Store` is a thin facade over four tables sharing one backend connection:

- :mod:`.backend` — the only module importing ``chromadb``: the client (embedded
  ``PersistentClient`` under the data dir by default, ``HttpClient`` when ``CHROMA_HOST`` is
  set), the embedder check, batched writes, and filters translated to ``where`` dicts;
- :mod:`.chunks` — the chunk index (collection ``NAME``), searched by vector;
- :mod:`.documents` — the document table (``NAME-docs``): full original text (for citation
  context), fingerprint and pipeline version (for incremental ingest), origin file;
- :mod:`.positions` — the positions table (``NAME-positions``);
- :mod:`.analyses` — each document's language analysis (``NAME-analyses``), versioned.

Example:
    >>> from assistant.config import Settings
    >>> store = Store.open(Settings.from_env(data_dir=DATA_DIR))
    >>> store.stats()["chunks"] >= 0
    True
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..analysis import Analysis
from ..config import Settings
from ..embeddings import Embedder, load_embedder
from ..positions import Position
from ..types import Chunk, Document, DocumentInfo, Filters, Passage, day_number
from .analyses import AnalysisTable
from .backend import Backend
from .chunks import ChunkIndex
from .documents import DocumentTable
from .positions import PositionTable

__all__ = ["DocumentWrite", "Store", "day_number"]


@dataclass(frozen=True)
class DocumentWrite:
    """One document to store: its chunks with their vectors, its positions with theirs, and its analysis."""

    doc: Document
    chunks: Sequence[Chunk]
    vectors: np.ndarray
    positions: Sequence[Position] = ()
    position_vectors: np.ndarray | None = None
    analysis: Analysis | None = None


class Store:
    """Chunks, documents and positions of one corpus."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.settings: Settings = backend.settings
        self.embedder: Embedder = backend.embedder
        self.chunk_index = ChunkIndex(backend)
        self.document_table = DocumentTable(backend)
        self.position_table = PositionTable(backend)
        self.analysis_table = AnalysisTable(backend)

    @classmethod
    def open(cls, settings: Settings, embedder: Embedder | None = None) -> Store:
        """Connect to the embedded database or the configured server."""
        return cls(Backend.connect(settings, embedder or load_embedder(settings.embedder)))

    @property
    def _tables(self) -> tuple[ChunkIndex, DocumentTable, PositionTable, AnalysisTable]:
        return self.chunk_index, self.document_table, self.position_table, self.analysis_table

    def exists(self) -> bool:
        """True when the corpus has been ingested into this store."""
        return self.chunk_index.collection.exists() and self.document_table.collection.exists()

    def check(self) -> None:
        """Raise EmbedderMismatchError now rather than at the first query."""
        self.chunk_index.collection.open()
        self.document_table.collection.open()

    def drop(self) -> None:
        """Delete the four collections (used by ``ingest --rebuild``)."""
        for table in self._tables:
            table.collection.drop()

    # -- writes ------------------------------------------------------------------------------

    def write_documents(self, items: Sequence[DocumentWrite], pipeline: str) -> None:
        """Store new or changed documents in a few batched calls; their old chunks and positions are replaced.

        New chunks are written first and the document records last, so an interrupted write
        leaves the old fingerprints and the next ingest redoes those documents.
        """
        if not items:
            return
        for it in items:
            if len(it.chunks) != len(it.vectors):
                raise ValueError(f"{it.doc.doc_id}: {len(it.chunks)} chunks but {len(it.vectors)} vectors")
        for table in self._tables:  # all four checked against the embedder before anything is written
            table.collection.open(create=True)
        chunks = [c for it in items for c in it.chunks]
        vectors = np.concatenate([it.vectors for it in items]) if chunks else np.zeros((0, 1), dtype=np.float32)
        self.chunk_index.upsert(chunks, vectors)
        doc_ids = [it.doc.doc_id for it in items]
        self.chunk_index.delete_stale(doc_ids, keep={c.chunk_id for c in chunks})
        self.position_table.delete_docs(doc_ids)
        if any(it.positions for it in items):
            positions = [p for it in items for p in it.positions]
            self.position_table.upsert(positions, np.concatenate([it.position_vectors for it in items if it.positions]))
        # the document table last: a record is written only once its chunks, positions and analysis are in
        doc_vectors = np.stack([it.vectors.mean(axis=0) if len(it.vectors) else np.zeros(vectors.shape[1]) for it in items])
        analysed = [(k, it.analysis) for k, it in enumerate(items) if it.analysis is not None]
        self.analysis_table.delete([it.doc.doc_id for it in items if it.analysis is None])
        self.analysis_table.upsert([items[k].doc.doc_id for k, _ in analysed], [a for _, a in analysed],
                                   doc_vectors[[k for k, _ in analysed]])  # fmt: skip
        self.document_table.upsert([it.doc for it in items], [len(it.chunks) for it in items], doc_vectors, pipeline)

    def delete_documents(self, doc_ids: Sequence[str]) -> int:
        """Remove documents with their chunks and positions; returns how many documents were removed."""
        if not doc_ids or not self.exists():
            return 0
        self.chunk_index.delete_docs(doc_ids)
        self.position_table.delete_docs(doc_ids)
        self.analysis_table.delete(doc_ids)
        return len(self.document_table.delete(doc_ids))

    # -- reads -------------------------------------------------------------------------------

    def stored_version(self, doc_id: str) -> tuple[str, str] | None:
        """(fingerprint, pipeline) of a stored document, or None."""
        return self.document_table.stored_version(doc_id)

    def analysis_version(self, doc_id: str) -> str | None:
        """The version of a document's stored analysis, or None when it has none."""
        return self.analysis_table.version(doc_id)

    def analysis(self, doc_id: str) -> Analysis | None:
        """A document's stored analysis (None: none stored; check ``.version`` before trusting it)."""
        return self.analysis_table.get(doc_id)

    def chunks_with_vectors(self, doc_id: str) -> tuple[list[Chunk], np.ndarray]:
        """A document's stored chunks, in order, with their vectors."""
        return self.chunk_index.with_vectors(doc_id)

    def doc_ids_from(self, origin: str) -> list[str]:
        """Ids of the documents ingested from one file."""
        return self.document_table.ids_from(origin)

    def documents(self) -> list[DocumentInfo]:
        """Every stored document (without its text), ordered by id."""
        return self.document_table.infos()

    def document(self, doc_id: str) -> Document | None:
        """A stored document with its full original text."""
        return self.document_table.get(doc_id)

    def chunks(self, doc_id: str) -> list[Chunk]:
        """The stored chunks of a document, in order."""
        return self.chunk_index.of_document(doc_id)

    def chunk_count(self) -> int:
        """How many chunks the collection holds."""
        return self.chunk_index.count()

    def all_chunk_texts(self) -> tuple[list[str], list[str]]:
        """(ids, texts) of every chunk, read in pages."""
        return self.chunk_index.all_texts()

    def get_chunks(self, ids: Sequence[str], filters: Filters | None = None) -> list[Chunk]:
        """Chunks by id (those within ``filters`` when given)."""
        return self.chunk_index.get(ids, filters)

    def search(self, query: str | np.ndarray, k: int = 5, filters: Filters | None = None) -> list[Passage]:
        """The k chunks nearest to ``query`` (a text, or its vector from :class:`~assistant.embeddings.QueryVectors`),
        best first, within ``filters``."""
        if k < 1:
            raise ValueError(f"k must be at least 1, got {k}")
        if isinstance(query, str):
            self.chunk_index.require()  # say what to do before embedding anything
            query = self.embedder.embed([query])[0]
        return self.chunk_index.search(query, k, filters)

    def positions(
        self,
        actor: str | None = None,
        acts: Sequence[str] | None = None,
        doc_id: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        filters: Filters | None = None,
    ) -> list[Position]:
        """Stored positions by document and offset, filtered by actor (surface form or group), acts, document and
        date range (``filters``, the keywords overriding its fields; a keyword date that is not a date is ignored)."""
        filters = filters or Filters()
        if doc_id:
            filters = dataclasses.replace(filters, doc_id=doc_id)
        if date_from and day_number(date_from) is not None:
            filters = dataclasses.replace(filters, published_from=date_from)
        if date_to and day_number(date_to) is not None:
            filters = dataclasses.replace(filters, published_to=date_to)
        found = self.position_table.query(acts, filters)
        return Position.match_actor(found, actor) if actor else found

    def stats(self) -> dict[str, Any]:
        """Counts and configuration, for ``assistant stats``."""
        return {
            "collection": self.settings.collection,
            "where": self.settings.where,
            "documents": self.document_table.count(),
            "chunks": self.chunk_index.count(),
            "embedder": self.embedder.identity,
            "embedder_spec": self.embedder.spec,
        }
