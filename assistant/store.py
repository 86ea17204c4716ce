"""The Chroma store: chunks with embeddings, and a document table with full texts.

The only module that imports ``chromadb``. Embedded (``PersistentClient`` under
the data dir) by default; a Chroma server (``HttpClient``) when ``CHROMA_HOST``
is set. Two collections per corpus: ``NAME`` holds the chunks, ``NAME-docs``
holds one record per document with its full original text (for citation
context) and its fingerprint (for incremental ingest).

Example:
    >>> from assistant.config import Settings
    >>> store = Store.open(Settings.from_env(data_dir="/tmp/fca-doc"))
    >>> store.stats()["chunks"] >= 0
    True
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import chromadb
import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.config import Settings as ChromaSettings
from chromadb.utils.embedding_functions import register_embedding_function

from .config import Settings
from .embeddings import Embedder, LangChainEmbeddings, load_embedder
from .errors import EmbedderMismatchError, StoreError
from .positions import Position
from .types import Chunk, Document, DocumentInfo, Passage

log = logging.getLogger(__name__)
EF_NAME = "fact-check-assistant"


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
class DocumentWrite:
    """One document to store: its chunks with their vectors, and its positions with theirs."""

    doc: Document
    chunks: Sequence[Chunk]
    vectors: np.ndarray
    positions: Sequence[Position] = ()
    position_vectors: np.ndarray | None = None


def _clean(meta: dict[str, Any]) -> dict[str, Any]:
    """Chroma metadata cannot hold None."""
    return {k: v for k, v in meta.items() if v is not None}


def day_number(iso: str | None) -> int | None:
    """Days since 1970-01-01 of an ISO date, for range filters (Chroma compares numbers only)."""
    if not iso:
        return None
    try:
        return (date.fromisoformat(iso[:10]) - date(1970, 1, 1)).days
    except ValueError:
        return None


def _chunk_from(id_: str, text: str, meta: dict[str, Any]) -> Chunk:
    return Chunk(
        chunk_id=id_,
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


def _info_from(id_: str, meta: dict[str, Any]) -> DocumentInfo:
    return DocumentInfo(
        doc_id=id_,
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


class Store:
    """Chunks and documents of one corpus in Chroma."""

    def __init__(self, client: Any, settings: Settings, embedder: Embedder) -> None:
        self._client = client
        self.settings = settings
        self.embedder = embedder
        self._ef = AssistantEmbeddingFunction(embedder.spec, embedder)
        self._chunks: Any = None
        self._docs: Any = None
        self._positions: Any = None
        self._batch_size: int | None = None
        self._query_vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    @classmethod
    def open(cls, settings: Settings, embedder: Embedder | None = None) -> Store:
        """Connect to the embedded database or the configured server."""
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
        return cls(client, settings, embedder or load_embedder(settings.embedder))

    # -- collections -------------------------------------------------------------------------

    @property
    def docs_name(self) -> str:
        return f"{self.settings.collection}-docs"

    def _existing(self, name: str) -> Any | None:
        try:
            col = self._client.get_collection(name, embedding_function=self._ef)
        except chromadb.errors.NotFoundError:
            return None
        except ValueError as e:  # built by something else entirely
            raise StoreError(f"Collection {name!r} at {self.settings.where} cannot be opened: {e}") from e
        self._check_embedder(col)
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

    def _collection(self, name: str, create: bool) -> Any | None:
        col = self._existing(name)
        if col is None and create:
            col = self._client.get_or_create_collection(
                name,
                embedding_function=self._ef,
                configuration={"hnsw": {"space": "cosine"}},
                metadata={"embedder": self.embedder.identity, "embedder_spec": self.embedder.spec},
            )
        return col

    def chunks_collection(self, create: bool = False) -> Any | None:
        if self._chunks is None:
            self._chunks = self._collection(self.settings.collection, create)
        return self._chunks

    def docs_collection(self, create: bool = False) -> Any | None:
        if self._docs is None:
            self._docs = self._collection(self.docs_name, create)
        return self._docs

    @property
    def positions_name(self) -> str:
        return f"{self.settings.collection}-positions"

    def positions_collection(self, create: bool = False) -> Any | None:
        if self._positions is None:
            self._positions = self._collection(self.positions_name, create)
        return self._positions

    def positions(
        self,
        actor: str | None = None,
        acts: Sequence[str] | None = None,
        doc_id: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
    ) -> list[Position]:
        """Stored positions, filtered by actor (surface form or group), acts, document and date range."""
        col = self.positions_collection()
        if col is None:
            return []
        clauses: list[dict[str, Any]] = []
        if acts:
            clauses.append({"act": {"$in": list(acts)}})
        if doc_id:
            clauses.append({"doc_id": doc_id})
        for value, op in ((date_from, "$gte"), (date_to, "$lte")):
            if value and day_number(value) is not None:
                clauses.append({"published_day": {op: day_number(value)}})
        where = None if not clauses else clauses[0] if len(clauses) == 1 else {"$and": clauses}
        got = col.get(where=where, include=["documents", "metadatas"])
        out = [
            Position(i, m["doc_id"], m["actor"], m["group"], m["act"], d, int(m["start"]), int(m["end"]),
                     int(m["sentence_start"]), int(m["sentence_end"]), m.get("date"), m.get("target"),
                     m.get("antecedent_start"), m.get("antecedent_end"))
            for i, d, m in zip(got["ids"], got["documents"], got["metadatas"])
        ]  # fmt: skip
        if actor:
            from .attribution import same_actor
            from .positions import normalise_actor

            want = normalise_actor(actor)
            out = [p for p in out if p.group == want or same_actor(p.actor, actor) or actor.lower() in p.actor.lower()]
        return sorted(out, key=lambda p: (p.doc_id, p.start))

    def exists(self) -> bool:
        """True when the corpus has been ingested into this store."""
        return self.chunks_collection() is not None and self.docs_collection() is not None

    def check(self) -> None:
        """Raise EmbedderMismatchError now rather than at the first query."""
        self.chunks_collection()
        self.docs_collection()

    def drop(self) -> None:
        """Delete both collections (used by ``ingest --rebuild``)."""
        for name in (self.settings.collection, self.docs_name, self.positions_name):
            try:
                self._client.delete_collection(name)
            except (chromadb.errors.NotFoundError, ValueError):
                pass
        self._chunks = self._docs = self._positions = None

    def max_batch(self) -> int:
        """The largest batch Chroma accepts in one add/upsert."""
        try:
            return int(self._client.get_max_batch_size())
        except Exception:  # older servers do not report it
            return 5000

    def _batches(self, n: int) -> Iterable[slice]:
        if self._batch_size is None:  # asked of Chroma once (a request, in server mode), not per write
            self._batch_size = max(1, min(self.max_batch(), 5000))
        size = self._batch_size
        for i in range(0, n, size):
            yield slice(i, i + size)

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
        col = self.chunks_collection(create=True)
        docs = self.docs_collection(create=True)
        positions = self.positions_collection(create=True)
        chunks = [c for it in items for c in it.chunks]
        ids = [c.chunk_id for c in chunks]
        vectors = np.concatenate([it.vectors for it in items]) if chunks else np.zeros((0, 1), dtype=np.float32)
        metas = [
            _clean({"doc_id": c.doc_id, "index": c.index, "start": c.start, "end": c.end, "title": c.title, "url": c.url,
                    "path": c.path, "published": c.published, "published_day": day_number(c.published), "source": c.source})
            for c in chunks
        ]  # fmt: skip
        for s in self._batches(len(ids)):
            col.upsert(ids=ids[s], embeddings=vectors[s], documents=[c.text for c in chunks[s]], metadatas=metas[s])
        doc_ids = [it.doc.doc_id for it in items]
        keep = set(ids)
        old = col.get(where={"doc_id": {"$in": doc_ids}}, include=[])["ids"]
        stale = [i for i in old if i not in keep]
        for s in self._batches(len(stale)):
            col.delete(ids=stale[s])
        positions.delete(where={"doc_id": {"$in": doc_ids}})
        pos = [p for it in items for p in it.positions]
        if pos:
            pos_vectors = np.concatenate([it.position_vectors for it in items if it.positions])
            pos_metas = [
                _clean({"doc_id": p.doc_id, "actor": p.actor, "group": p.group, "act": p.act, "start": p.start, "end": p.end,
                        "sentence_start": p.sentence_start, "sentence_end": p.sentence_end, "date": p.date,
                        "published_day": day_number(p.date), "target": p.target,
                        "antecedent_start": p.antecedent_start, "antecedent_end": p.antecedent_end})
                for p in pos
            ]  # fmt: skip
            pos_ids = [p.position_id for p in pos]
            for s in self._batches(len(pos)):
                positions.upsert(ids=pos_ids[s], embeddings=pos_vectors[s], documents=[p.content for p in pos[s]],
                                 metadatas=pos_metas[s])  # fmt: skip
        # the document table last: a record is written only once its chunks and positions are in
        doc_vectors = np.stack([it.vectors.mean(axis=0) if len(it.vectors) else np.zeros(vectors.shape[1]) for it in items])
        doc_metas = [
            _clean({"title": it.doc.title, "kind": it.doc.kind, "origin": it.doc.origin, "url": it.doc.url,
                    "path": it.doc.path, "published": it.doc.published, "published_day": day_number(it.doc.published),
                    "source": it.doc.source, "chunks": len(it.chunks), "chars": len(it.doc.text),
                    "fingerprint": it.doc.fingerprint, "pipeline": pipeline,
                    "segments": ";".join(f"{a}:{b}" for a, b in it.doc.segments)})
            for it in items
        ]  # fmt: skip
        for s in self._batches(len(items)):
            docs.upsert(ids=doc_ids[s], embeddings=doc_vectors[s], documents=[it.doc.text for it in items[s]],
                        metadatas=doc_metas[s])  # fmt: skip

    def delete_documents(self, doc_ids: Sequence[str]) -> int:
        """Remove documents and their chunks; returns how many documents were removed."""
        col, docs = self.chunks_collection(), self.docs_collection()
        if col is None or docs is None or not doc_ids:
            return 0
        present = docs.get(ids=list(doc_ids), include=[])["ids"]
        positions = self.positions_collection()
        for doc_id in doc_ids:
            col.delete(where={"doc_id": doc_id})
            if positions is not None:
                positions.delete(where={"doc_id": doc_id})
        if present:
            docs.delete(ids=present)
        return len(present)

    # -- reads -------------------------------------------------------------------------------

    def stored_version(self, doc_id: str) -> tuple[str, str] | None:
        """(fingerprint, pipeline) of a stored document, or None."""
        docs = self.docs_collection()
        if docs is None:
            return None
        got = docs.get(ids=[doc_id], include=["metadatas"])
        if not got["ids"]:
            return None
        meta = got["metadatas"][0]
        return meta.get("fingerprint", ""), meta.get("pipeline", "")

    def doc_ids_from(self, origin: str) -> list[str]:
        """Ids of the documents ingested from one file."""
        docs = self.docs_collection()
        if docs is None:
            return []
        return list(docs.get(where={"origin": origin}, include=[])["ids"])

    def documents(self) -> list[DocumentInfo]:
        """Every stored document (without its text), ordered by id."""
        docs = self.docs_collection()
        if docs is None:
            return []
        got = docs.get(include=["metadatas"])
        return sorted((_info_from(i, m) for i, m in zip(got["ids"], got["metadatas"])), key=lambda d: d.doc_id)

    def document(self, doc_id: str) -> Document | None:
        """A stored document with its full original text."""
        docs = self.docs_collection()
        if docs is None:
            return None
        got = docs.get(ids=[doc_id], include=["metadatas", "documents"])
        if not got["ids"]:
            return None
        m, text = got["metadatas"][0], got["documents"][0]
        segments = tuple((int(a), int(b)) for a, b in (p.split(":") for p in (m.get("segments") or "").split(";") if p))
        return Document(
            doc_id=doc_id,
            title=m.get("title", ""),
            text=text,
            segments=segments,
            kind=m.get("kind", ""),
            origin=m.get("origin", ""),
            url=m.get("url"),
            path=m.get("path"),
            published=m.get("published"),
            source=m.get("source"),
        )

    def chunks(self, doc_id: str) -> list[Chunk]:
        """The stored chunks of a document, in order."""
        col = self.chunks_collection()
        if col is None:
            return []
        got = col.get(where={"doc_id": doc_id}, include=["documents", "metadatas"])
        out = [_chunk_from(i, d, m) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"])]
        return sorted(out, key=lambda c: c.index)

    def chunk_count(self) -> int:
        """How many chunks the collection holds."""
        col = self.chunks_collection()
        return col.count() if col is not None else 0

    def all_chunk_texts(self) -> tuple[list[str], list[str]]:
        """(ids, texts) of every chunk, read in pages."""
        col = self.chunks_collection()
        ids: list[str] = []
        texts: list[str] = []
        if col is None:
            return ids, texts
        total, page = col.count(), 1000
        for offset in range(0, total, page):
            got = col.get(include=["documents"], limit=page, offset=offset)
            ids.extend(got["ids"])
            texts.extend(got["documents"])
        return ids, texts

    def get_chunks(self, ids: Sequence[str], where: dict[str, Any] | None = None) -> list[Chunk]:
        """Chunks by id (those matching ``where`` when given)."""
        col = self.chunks_collection()
        if col is None or not ids:
            return []
        got = col.get(ids=list(ids), where=where or None, include=["documents", "metadatas"])
        return [_chunk_from(i, d, m) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"])]

    def embed_query(self, query: str) -> np.ndarray:
        """The query's vector; the last few are kept, since retrieval and answering both need it."""
        with self._lock:
            vec = self._query_vectors.get(query)
        if vec is None:
            vec = self.embedder.embed([query])[0]
            with self._lock:  # shared by the Slack workers
                self._query_vectors[query] = vec
                while len(self._query_vectors) > 64:
                    self._query_vectors.popitem(last=False)
        return vec

    def search(self, query: str, k: int = 5, where: dict[str, Any] | None = None) -> list[Passage]:
        """The k chunks nearest to ``query`` (cosine), best first."""
        if k < 1:
            raise ValueError(f"k must be at least 1, got {k}")
        col = self.chunks_collection()
        if col is None:
            raise StoreError(
                f"Nothing ingested in collection {self.settings.collection!r} at {self.settings.where}: "
                "run `assistant ingest corpus/` first."
            )
        got = col.query(
            query_embeddings=self.embed_query(query).reshape(1, -1),
            n_results=k,
            where=where or None,
            include=["documents", "metadatas", "distances"],
        )
        return [
            Passage(_chunk_from(i, d, m), 1.0 - float(dist))
            for i, d, m, dist in zip(got["ids"][0], got["documents"][0], got["metadatas"][0], got["distances"][0])
        ]

    def stats(self) -> dict[str, Any]:
        """Counts and configuration, for ``assistant stats``."""
        col, docs = self.chunks_collection(), self.docs_collection()
        return {
            "collection": self.settings.collection,
            "where": self.settings.where,
            "documents": docs.count() if docs is not None else 0,
            "chunks": col.count() if col is not None else 0,
            "embedder": self.embedder.identity,
            "embedder_spec": self.embedder.spec,
        }

    def langchain_vectorstore(self) -> Any:
        """The chunk collection as a LangChain ``Chroma`` vector store (langchain-chroma)."""
        from langchain_chroma import Chroma

        self.chunks_collection(create=True)
        return Chroma(
            client=self._client,
            collection_name=self.settings.collection,
            embedding_function=LangChainEmbeddings(self.embedder),
        )
