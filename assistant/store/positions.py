"""The positions table (``COLLECTION-positions``): who demanded, proposed or rejected what, per document.

Rows are converted with :meth:`Position.to_meta` / :meth:`Position.from_meta`. Queries take
acts, a document and a publication-date range (:class:`~assistant.types.Filters`; positions carry
no source, so ``Filters.source`` does not apply to them).

Example:
    >>> from assistant.config import Settings
    >>> from assistant.embeddings import load_embedder
    >>> from assistant.store.backend import Backend
    >>> table = PositionTable(Backend.connect(Settings.from_env(data_dir=DATA_DIR, env={}), load_embedder("minilm")))
    >>> table.query(acts=("demanded",), filters=Filters(doc_id="no-such-document"))
    []
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..positions import Position
from ..types import Filters
from .backend import Backend


class PositionTable:
    """The positions extracted at ingest, with their vectors."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.collection = backend.collection(f"{backend.settings.collection}-positions")

    def upsert(self, positions: Sequence[Position], vectors: np.ndarray) -> None:
        """Insert or replace positions with their vectors (one row each, in order)."""
        if positions:
            self.collection.upsert([p.position_id for p in positions], [p.content for p in positions],
                                   [p.to_meta() for p in positions], vectors)  # fmt: skip

    def delete_docs(self, doc_ids: Sequence[str]) -> None:
        """Delete every position of these documents."""
        if doc_ids:
            self.collection.delete(match={"doc_id": list(doc_ids)})

    def query(self, acts: Sequence[str] | None = None, filters: Filters | None = None) -> list[Position]:
        """Positions with one of ``acts`` (any act when None or empty) within ``filters``, by document and offset."""
        match: dict[str, Any] = {"act": list(acts)} if acts else {}
        if filters is not None and filters.source:  # not stored with positions: it would match nothing
            filters = Filters(filters.doc_id, None, filters.published_from, filters.published_to)
        rows = self.collection.get(match=match, filters=filters)
        return sorted((Position.from_meta(r.id, r.text or "", r.meta) for r in rows), key=lambda p: (p.doc_id, p.start))
