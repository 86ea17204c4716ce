"""The analyses table (``COLLECTION-analyses``): each document's language analysis, made once at ingest.

One record per document: the :class:`~assistant.analysis.Analysis` as compact JSON, its version in the
metadata (so ingest can tell a stale analysis without decoding it) and the document's vector (Chroma wants
one; it is the mean of the chunks' vectors, as in the document table).

Example:
    >>> from assistant.config import Settings
    >>> from assistant.embeddings import load_embedder
    >>> from assistant.store.backend import Backend
    >>> table = AnalysisTable(Backend.connect(Settings.from_env(data_dir=DATA_DIR, env={}), load_embedder("minilm")))
    >>> table.get("no-such-document") is None
    True
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..analysis import Analysis
from .backend import Backend


class AnalysisTable:
    """Stored analyses by document id."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.collection = backend.collection(f"{backend.settings.collection}-analyses")

    def upsert(self, doc_ids: Sequence[str], analyses: Sequence[Analysis], vectors: np.ndarray) -> None:
        """Insert or replace the analyses of these documents (one row each, in order)."""
        if doc_ids:
            self.collection.upsert(list(doc_ids), [a.to_json() for a in analyses],
                                   [{"doc_id": d, "version": a.version} for d, a in zip(doc_ids, analyses, strict=True)],
                                   vectors)  # fmt: skip

    def delete(self, doc_ids: Sequence[str]) -> None:
        """Delete these documents' analyses."""
        if doc_ids and self.collection.exists():
            self.collection.delete(ids=list(doc_ids))

    def version(self, doc_id: str) -> str | None:
        """The version of a document's stored analysis, or None when it has none."""
        rows = self.collection.get(ids=[doc_id], texts=False)
        return str(rows[0].meta.get("version", "")) if rows else None

    def get(self, doc_id: str) -> Analysis | None:
        """A document's stored analysis, or None (none stored, or stored in an older layout)."""
        rows = self.collection.get(ids=[doc_id])
        return Analysis.from_json(rows[0].text or "") if rows else None
