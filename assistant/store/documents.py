"""The document table (``COLLECTION-docs``): one record per document with its full original text.

It keeps what citation context and incremental ingest need: the text, the fingerprint and
the pipeline version it was ingested with, and the file it came from. Each record's vector
is the mean of its chunks' vectors. Rows are converted with :meth:`Document.to_meta`,
:meth:`Document.from_meta` and :meth:`DocumentInfo.from_meta`.

Example:
    >>> from assistant.config import Settings
    >>> from assistant.embeddings import load_embedder
    >>> from assistant.store.backend import Backend
    >>> table = DocumentTable(Backend.connect(Settings.from_env(data_dir=DATA_DIR, env={}), load_embedder("minilm")))
    >>> table.get("no-such-document") is None
    True
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..types import Document, DocumentInfo
from .backend import Backend


class DocumentTable:
    """Full texts, fingerprints, pipeline versions and origins of the stored documents."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.collection = backend.collection(f"{backend.settings.collection}-docs")

    def upsert(self, docs: Sequence[Document], chunk_counts: Sequence[int], vectors: np.ndarray, pipeline: str) -> None:
        """Insert or replace documents; ``chunk_counts[i]`` chunks were stored for ``docs[i]``."""
        self.collection.upsert(
            [d.doc_id for d in docs],
            [d.text for d in docs],
            [d.to_meta(n, pipeline) for d, n in zip(docs, chunk_counts, strict=True)],
            vectors,
        )

    def delete(self, doc_ids: Sequence[str]) -> list[str]:
        """Delete these documents' records; returns the ids that were there."""
        if not doc_ids or not self.collection.exists():
            return []
        present = self.collection.ids(ids=doc_ids)
        if present:
            self.collection.delete(ids=present)
        return present

    def stored_version(self, doc_id: str) -> tuple[str, str] | None:
        """(fingerprint, pipeline) of a stored document, or None."""
        rows = self.collection.get(ids=[doc_id], texts=False)
        if not rows:
            return None
        return rows[0].meta.get("fingerprint", ""), rows[0].meta.get("pipeline", "")

    def ids_from(self, origin: str) -> list[str]:
        """Ids of the documents ingested from one file."""
        return self.collection.ids(match={"origin": origin})

    def infos(self) -> list[DocumentInfo]:
        """Every stored document (without its text), ordered by id."""
        rows = self.collection.get(texts=False)
        return sorted((DocumentInfo.from_meta(r.id, r.meta) for r in rows), key=lambda d: d.doc_id)

    def get(self, doc_id: str) -> Document | None:
        """A stored document with its full original text."""
        rows = self.collection.get(ids=[doc_id])
        return Document.from_meta(doc_id, rows[0].text or "", rows[0].meta) if rows else None

    def count(self) -> int:
        """How many documents are stored."""
        return self.collection.count()
