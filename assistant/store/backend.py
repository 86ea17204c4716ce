"""The Chroma backend: the only module of the product that imports ``chromadb``.

It connects (an embedded ``PersistentClient`` under the data dir by default, an
``HttpClient`` when ``CHROMA_HOST`` is set), opens collections and checks the embedder
they were built with, writes and reads in batches no larger than Chroma accepts, and
translates backend-neutral filters (:func:`where_clause`) into Chroma ``where`` dicts.
Rows come back as :class:`Row` (id, text, metadata, distance); the tables
(``chunks``, ``documents``, ``positions``) turn them into the product's dataclasses.

Example:
    >>> from assistant.config import Settings
    >>> from assistant.embeddings import load_embedder
    >>> backend = Backend.connect(Settings.from_env(data_dir=DATA_DIR, env={}), load_embedder("minilm"))
    >>> backend.collection("articles").name
    'articles'
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import chromadb
import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.config import Settings as ChromaSettings
from chromadb.utils.embedding_functions import register_embedding_function

from ..config import Settings
from ..embeddings import Embedder, load_embedder
from ..errors import EmbedderMismatchError, StoreError
from ..types import Filters, day_number

EF_NAME = "fact-check-assistant"
MAX_BATCH = 5000  # never more per call, whatever the backend reports


@register_embedding_function
class AssistantEmbeddingFunction(EmbeddingFunction[Documents]):
    """The product's embedder as a Chroma ``EmbeddingFunction``.

    Registered with Chroma, so a collection reopened by name (even by plain
    chromadb code that imports this module) rebuilds this function from its
    persisted config instead of falling back to Chroma's downloading default.
    """

    def __init__(self, spec: str = "minilm", embedder: Embedder | None = None) -> None:
        self.spec = spec
        self._embedder = embedder

    def __call__(self, input: Documents) -> Embeddings:
        if self._embedder is None:
            self._embedder = load_embedder(self.spec)
        return list(self._embedder.embed(list(input)))

    @staticmethod
    def name() -> str:
        return EF_NAME

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"

    def supported_spaces(self) -> list[str]:  # type: ignore[override]
        return ["cosine", "l2", "ip"]

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> AssistantEmbeddingFunction:
        return AssistantEmbeddingFunction(config.get("spec", "minilm"))

    def get_config(self) -> dict[str, Any]:
        return {"spec": self.spec}


@dataclass(frozen=True)
class Row:
    """One stored record: its id, text (None when not asked for), metadata and, for queries, distance."""

    id: str
    text: str | None
    meta: dict[str, Any]
    distance: float | None = None


def where_clause(match: Mapping[str, Any] | None = None, filters: Filters | None = None) -> dict[str, Any] | None:
    """A Chroma ``where`` dict: ``match`` maps a field to a value (equal) or a list/tuple/set (one of), and
    ``filters`` adds document, source and publication-date bounds (dates are compared as day numbers).

    Example:
        >>> where_clause({"act": ("demanded", "urged")}, Filters(doc_id="d", published_from="2025-06-03"))
        {'$and': [{'act': {'$in': ['demanded', 'urged']}}, {'doc_id': 'd'}, {'published_day': {'$gte': 20242}}]}
        >>> where_clause({"origin": "/corpus/a.txt"}), where_clause()
        ({'origin': '/corpus/a.txt'}, None)
    """
    clauses: list[dict[str, Any]] = []
    for key, value in (match or {}).items():
        if isinstance(value, list | tuple | set | frozenset):
            if not value:
                raise ValueError(f"where_clause: {key!r} must list at least one value (leave it out to match any)")
            clauses.append({key: {"$in": list(value)}})
        else:
            clauses.append({key: value})
    if filters is not None:
        filters.validate()
        if filters.doc_id:
            clauses.append({"doc_id": filters.doc_id})
        if filters.source:
            clauses.append({"source": filters.source})
        for value, op in ((filters.published_from, "$gte"), (filters.published_to, "$lte")):
            if value:
                clauses.append({"published_day": {op: day_number(value)}})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


class Backend:
    """A connection to Chroma (embedded or server) and the embedder its collections are built with."""

    def __init__(self, client: Any, settings: Settings, embedder: Embedder) -> None:
        self.client = client
        self.settings = settings
        self.embedder = embedder
        self._ef = AssistantEmbeddingFunction(embedder.spec, embedder)
        self._batch_size: int | None = None
        self._lock = threading.Lock()

    @classmethod
    def connect(cls, settings: Settings, embedder: Embedder) -> Backend:
        """Connect to the embedded database under ``settings.data_dir`` or to the configured server."""
        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        if settings.server:
            host, port = settings.server
            try:
                client = chromadb.HttpClient(host=host, port=port, settings=chroma_settings)
                client.heartbeat()
            except Exception as e:  # the HTTP client raises ValueError and transport errors alike
                raise StoreError(
                    f"Cannot reach the {settings.where}: {e} Start it (`chroma run --path DIR --host {host} "
                    f"--port {port}`) or unset CHROMA_HOST to use the embedded database."
                ) from e
        else:
            path = settings.data_dir / "chroma"
            try:
                path.mkdir(parents=True, exist_ok=True)
                client = chromadb.PersistentClient(path=str(path), settings=chroma_settings)
            except (OSError, ValueError, chromadb.errors.ChromaError) as e:
                raise StoreError(f"Cannot open the Chroma database at {path}: {e}") from e
        return cls(client, settings, embedder)

    def collection(self, name: str) -> Collection:
        """A handle on collection ``name``, opened on first use."""
        return Collection(self, name)

    def open(self, name: str, create: bool = False) -> Any | None:
        """The Chroma collection ``name`` (created when ``create``), None when absent; refused if built by another embedder."""
        try:
            col = self.client.get_collection(name, embedding_function=self._ef)
        except chromadb.errors.NotFoundError:
            col = None
        except ValueError as e:  # built by something else entirely
            raise StoreError(f"Collection {name!r} at {self.settings.where} cannot be opened: {e}") from e
        if col is not None:
            self._check_embedder(col)
        elif create:
            col = self.client.get_or_create_collection(
                name,
                embedding_function=self._ef,
                configuration={"hnsw": {"space": "cosine"}},
                metadata={"embedder": self.embedder.identity, "embedder_spec": self.embedder.spec},
            )
        return col

    def _check_embedder(self, col: Any) -> None:
        stored = (col.metadata or {}).get("embedder")
        if stored and stored != self.embedder.identity:
            spec = (col.metadata or {}).get("embedder_spec", "?")
            raise EmbedderMismatchError(
                f"Collection {col.name!r} at {self.settings.where} was built with embedder {stored} "
                f"({spec}), but {self.embedder.identity} ({self.embedder.spec}) is in use. Re-ingest with "
                f"`assistant ingest --rebuild PATH...`, or set ASSISTANT_EMBEDDER={spec} to query it."
            )

    def delete_collection(self, name: str) -> None:
        """Delete collection ``name``; nothing happens when it does not exist."""
        try:
            self.client.delete_collection(name)
        except (chromadb.errors.NotFoundError, ValueError):
            pass

    def max_batch(self) -> int:
        """The largest batch Chroma accepts in one add/upsert."""
        try:
            return int(self.client.get_max_batch_size())
        except Exception:  # older servers do not report it
            return MAX_BATCH

    def batches(self, n: int) -> Iterator[slice]:
        """Slices covering ``range(n)`` no larger than the backend accepts (asked once, not per write)."""
        if self._batch_size is None:  # a request, in server mode
            size = max(1, min(self.max_batch(), MAX_BATCH))
            with self._lock:
                self._batch_size = size
        size = self._batch_size
        for i in range(0, n, size):
            yield slice(i, i + size)


def _rows(got: Mapping[str, Any]) -> list[Row]:
    ids = got["ids"]
    texts = got.get("documents") or [None] * len(ids)
    metas = got.get("metadatas") or [{}] * len(ids)
    return [Row(i, t, dict(m or {})) for i, t, m in zip(ids, texts, metas)]


class Collection:
    """One collection: opened (or, for writes, created) on first use, then kept."""

    def __init__(self, backend: Backend, name: str) -> None:
        self.backend = backend
        self.name = name
        self._col: Any = None

    def open(self, create: bool = False) -> Any | None:
        """The Chroma collection, None while it does not exist (and ``create`` is false)."""
        if self._col is None:
            self._col = self.backend.open(self.name, create)
        return self._col

    def drop(self) -> None:
        """Delete the collection from the backend."""
        self.backend.delete_collection(self.name)
        self._col = None

    def exists(self) -> bool:
        return self.open() is not None

    def count(self) -> int:
        """How many records it holds (0 when it does not exist)."""
        col = self.open()
        return col.count() if col is not None else 0

    def upsert(self, ids: Sequence[str], texts: Sequence[str], metas: Sequence[dict[str, Any]], vectors: np.ndarray) -> None:
        """Insert or replace records, in batches; creates the collection."""
        if not (len(ids) == len(texts) == len(metas) == len(vectors)):
            raise ValueError(f"{self.name}: {len(ids)} ids, {len(texts)} texts, {len(metas)} metadatas, {len(vectors)} vectors")
        col = self.open(create=True)
        for s in self.backend.batches(len(ids)):
            col.upsert(ids=list(ids[s]), embeddings=vectors[s], documents=list(texts[s]), metadatas=list(metas[s]))

    def delete(self, ids: Sequence[str] | None = None, match: Mapping[str, Any] | None = None) -> None:
        """Delete records by id (in batches) or those matching ``match`` (see :func:`where_clause`)."""
        col = self.open()
        if col is None:
            return
        if ids is not None:
            for s in self.backend.batches(len(ids)):
                col.delete(ids=list(ids[s]))
        elif match:
            col.delete(where=where_clause(match))

    def ids(self, ids: Sequence[str] | None = None, match: Mapping[str, Any] | None = None) -> list[str]:
        """Ids of the records among ``ids`` and/or matching ``match``."""
        col = self.open()
        if col is None:
            return []
        return list(col.get(ids=list(ids) if ids is not None else None, where=where_clause(match), include=[])["ids"])

    def get(
        self,
        ids: Sequence[str] | None = None,
        match: Mapping[str, Any] | None = None,
        filters: Filters | None = None,
        texts: bool = True,
        limit: int | None = None,
        offset: int | None = None,
    ) -> list[Row]:
        """Records by id and/or matching ``match`` and ``filters``, with their metadata (and texts when ``texts``)."""
        col = self.open()
        if col is None:
            return []
        include = ["documents", "metadatas"] if texts else ["metadatas"]
        got = col.get(
            ids=list(ids) if ids is not None else None,
            where=where_clause(match, filters),
            include=include,
            limit=limit,
            offset=offset,
        )
        return _rows(got)

    def vectors(self, ids: Sequence[str]) -> np.ndarray:
        """The stored vectors of these records, in the order of ``ids`` (each must exist)."""
        col = self.open()
        if col is None or not ids:
            return np.zeros((0, 0), dtype=np.float32)
        got = col.get(ids=list(ids), include=["embeddings"])
        by_id = dict(zip(got["ids"], got["embeddings"]))
        missing = [i for i in ids if i not in by_id]
        if missing:
            raise StoreError(
                f"Collection {self.name!r} has no record {missing[0]!r}: re-ingest with `assistant ingest --rebuild`"
            )
        return np.asarray([by_id[i] for i in ids], dtype=np.float32)

    def texts(self, page: int = 1000) -> tuple[list[str], list[str]]:
        """(ids, texts) of every record, read ``page`` at a time."""
        col = self.open()
        ids: list[str] = []
        texts: list[str] = []
        if col is None:
            return ids, texts
        for offset in range(0, col.count(), page):
            got = col.get(include=["documents"], limit=page, offset=offset)
            ids.extend(got["ids"])
            texts.extend(got["documents"])
        return ids, texts

    def query(self, vector: np.ndarray, k: int, filters: Filters | None = None) -> list[Row]:
        """The k records nearest to ``vector``, nearest first, with their distance; the collection must exist."""
        col = self.open()
        if col is None:
            raise StoreError(f"Collection {self.name!r} does not exist at {self.backend.settings.where}")
        got = col.query(
            query_embeddings=np.asarray(vector, dtype=np.float32).reshape(1, -1),
            n_results=k,
            where=where_clause(None, filters),
            include=["documents", "metadatas", "distances"],
        )
        return [
            Row(i, t, dict(m or {}), float(d))
            for i, t, m, d in zip(got["ids"][0], got["documents"][0], got["metadatas"][0], got["distances"][0])
        ]
