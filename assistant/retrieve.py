"""Hybrid retrieval: dense (Chroma) + BM25 (bm25s), fused by reciprocal rank, rescored by sentence.

The BM25 index is persisted beside the collection (``DATA_DIR/bm25/COLLECTION``) and
rebuilt by ingest/remove whenever chunks change; a stale or missing index (e.g. after
another client wrote to a Chroma server) is rebuilt on load.

Example:
    >>> from assistant.config import Settings
    >>> from assistant.store import Store
    >>> r = Retriever(Store.open(Settings.from_env(data_dir="/tmp/fca-doc")))
    >>> r.retrieve("Who called for a ceasefire?", k=2)[0].chunk.doc_id
    'istanbul-talks-2025-06-02'
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from . import lexicon
from .store import Store
from .text import content_stems, sentence_spans
from .types import Chunk, Passage

RRF_K = 60
CANDIDATES = 30


@dataclass
class Filters:
    """Metadata filters passed through to retrieval."""

    doc_id: str | None = None
    source: str | None = None
    published_from: str | None = None  # ISO date, inclusive
    published_to: str | None = None

    def where(self) -> dict[str, Any] | None:
        from .store import day_number

        clauses: list[dict[str, Any]] = []
        if self.doc_id:
            clauses.append({"doc_id": self.doc_id})
        if self.source:
            clauses.append({"source": self.source})
        for value, op in ((self.published_from, "$gte"), (self.published_to, "$lte")):
            if value:
                day = day_number(value)
                if day is None:
                    from .errors import ConfigError

                    raise ConfigError(f"Invalid date {value!r}: use YYYY-MM-DD")
                clauses.append({"published_day": {op: day}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}


class LexicalIndex:
    """A BM25 index over every chunk of a collection, persisted on disk."""

    def __init__(self, ids: list[str], bm25: Any, fingerprint: str) -> None:
        self.ids = ids
        self.bm25 = bm25
        self.fingerprint = fingerprint

    @staticmethod
    def folder(store: Store) -> Path:
        return store.settings.data_dir / "bm25" / store.settings.collection

    @staticmethod
    def _fingerprint(ids: list[str]) -> str:
        return hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()

    @classmethod
    def build(cls, store: Store) -> LexicalIndex:
        """Index every chunk in the store and save the index."""
        import bm25s

        ids, texts = store.all_chunk_texts()
        bm25 = bm25s.BM25()
        if ids:
            bm25.index([content_stems(t) or ["_"] for t in texts], show_progress=False)
        index = cls(ids, bm25 if ids else None, cls._fingerprint(ids))
        folder = cls.folder(store)
        tmp = folder.with_name(folder.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if ids:
            bm25.save(str(tmp))
        (tmp / "ids.json").write_text(json.dumps({"ids": ids, "fingerprint": index.fingerprint}))
        shutil.rmtree(folder, ignore_errors=True)
        tmp.rename(folder)
        return index

    @classmethod
    def load(cls, store: Store) -> LexicalIndex:
        """The saved index, rebuilt when missing or out of date with the collection."""
        import bm25s

        folder = cls.folder(store)
        try:
            meta = json.loads((folder / "ids.json").read_text())
            ids = meta["ids"]
            if len(ids) != store.chunk_count():
                raise ValueError("stale")
            bm25 = bm25s.BM25.load(str(folder)) if ids else None
            return cls(ids, bm25, meta["fingerprint"])
        except (OSError, ValueError, KeyError):
            return cls.build(store)

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        """(chunk id, BM25 score) of the best k chunks with a positive score."""
        if self.bm25 is None:
            return []
        tokens = [t for t in content_stems(query) + _alias_stems(query) if t in self.bm25.vocab_dict]
        if not tokens:
            return []
        scores = self.bm25.get_scores(tokens)
        top = np.argsort(-scores)[:k]
        return [(self.ids[i], float(scores[i])) for i in top if scores[i] > 0]


def _alias_stems(query: str) -> list[str]:
    """Other names of the actors a query names ("Moscow" -> russia, kremlin), for the lexical search."""
    extra: list[str] = []
    for word in re.findall(r"[A-Za-z.]+", query):
        group = lexicon.actor_group(word) if word[:1].isupper() else None
        if group:
            extra += [content_stems(a)[0] for a in lexicon.aliases(group) if " " not in a and content_stems(a)]
    return list(dict.fromkeys(extra))


def sentence_overlap(query_stems: set[str], text: str) -> float:
    """Best share of the query's content stems found in one sentence of ``text``."""
    if not query_stems:
        return 0.0
    best = 0.0
    for s, e in sentence_spans(text):
        best = max(best, len(query_stems & set(content_stems(text[s:e]))) / len(query_stems))
    return best


class Retriever:
    """Dense + BM25 retrieval with reciprocal rank fusion and sentence-level rescoring."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lexical: LexicalIndex | None = None

    @property
    def lexical(self) -> LexicalIndex:
        if self._lexical is None:
            self._lexical = LexicalIndex.load(self.store)
        return self._lexical

    def refresh(self) -> None:
        """Reload the BM25 index (after an ingest in this process)."""
        self._lexical = None

    def retrieve(self, query: str, k: int = 8, filters: Filters | None = None) -> list[Passage]:
        """The k best chunks for ``query``, best first; ``score`` is the fused score."""
        if k < 1:
            raise ValueError(f"k must be at least 1, got {k}")
        where = filters.where() if filters else None
        dense = self.store.search(query, k=CANDIDATES, where=where)
        lexical = self.lexical.search(query, CANDIDATES * 2 if where else CANDIDATES)
        chunks: dict[str, Chunk] = {p.chunk.chunk_id: p.chunk for p in dense}
        missing = [cid for cid, _ in lexical if cid not in chunks]
        if missing:
            for c in self.store.get_chunks(missing, where=where):
                chunks[c.chunk_id] = c
        fused: dict[str, float] = {}
        for rank, p in enumerate(dense):
            fused[p.chunk.chunk_id] = fused.get(p.chunk.chunk_id, 0.0) + 1.0 / (RRF_K + rank + 1)
        rank = 0
        for cid, _ in lexical:
            if cid in chunks:  # filtered out by ``where`` otherwise
                fused[cid] = fused.get(cid, 0.0) + 1.0 / (RRF_K + rank + 1)
                rank += 1
        q = set(content_stems(query))
        scored = [
            Passage(chunks[cid], score + 0.02 * sentence_overlap(q, chunks[cid].text)) for cid, score in fused.items()
        ]
        scored.sort(key=lambda p: -p.score)
        return scored[:k]

    def as_langchain(self, k: int = 8, filters: Filters | None = None) -> Any:
        """This retriever as a LangChain ``BaseRetriever`` (imported only when asked for)."""
        return _langchain_class()(retriever=self, k=k, filters=filters)


def _langchain_class() -> type:
    from langchain_core.callbacks import CallbackManagerForRetrieverRun
    from langchain_core.documents import Document as LCDocument
    from langchain_core.retrievers import BaseRetriever

    class HybridLangChainRetriever(BaseRetriever):
        """LangChain view of :class:`Retriever`; documents carry the chunk's metadata and offsets."""

        retriever: Any
        k: int = 8
        filters: Any = None

        def _get_relevant_documents(
            self, query: str, *, run_manager: CallbackManagerForRetrieverRun
        ) -> list[LCDocument]:
            return [
                LCDocument(
                    page_content=p.chunk.text,
                    metadata={**{k: v for k, v in p.chunk.__dict__.items() if k != "text"}, "score": p.score},
                )
                for p in self.retriever.retrieve(query, k=self.k, filters=self.filters)
            ]

    return HybridLangChainRetriever
