"""Hybrid retrieval: dense (Chroma) + BM25 (bm25s), fused by reciprocal rank, rescored by sentence.

The BM25 index is persisted beside the collection (``DATA_DIR/bm25/COLLECTION``) and
rebuilt by ingest/remove whenever chunks change; a stale or missing index (e.g. after
another client wrote to a Chroma server) is rebuilt on load.

Example:
    >>> from assistant.config import Settings
    >>> from assistant.store import Store
    >>> r = Retriever(Store.open(Settings.from_env(data_dir=DATA_DIR)))
    >>> r.retrieve("Who called for a ceasefire?", k=2)[0].chunk.doc_id
    'istanbul-talks-2025-06-02'
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from . import lexicon
from .embeddings import QueryVectors
from .lemmas import VERSION as LEMMAS
from .store import Store
from .text import content_lemmas, sentence_spans
from .types import Chunk, Filters, Passage

__all__ = ["Filters", "LexicalIndex", "Retriever", "sentence_overlap"]

RRF_K = 60
CANDIDATES = 30


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
            bm25.index([content_lemmas(t) or ["_"] for t in texts], show_progress=False)
        index = cls(ids, bm25 if ids else None, cls._fingerprint(ids))
        folder = cls.folder(store)
        folder.parent.mkdir(parents=True, exist_ok=True)
        _remove_leftovers(folder)
        tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f"{folder.name}.tmp-"))  # this build's own
        try:
            if ids:
                bm25.save(str(tmp))
            (tmp / "ids.json").write_text(json.dumps({"ids": ids, "fingerprint": index.fingerprint,
                                                      "tokens": tokens_version()}))  # fmt: skip
            _swap_in(tmp, folder)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)  # gone already unless the swap failed
        return index

    @classmethod
    def load(cls, store: Store) -> LexicalIndex:
        """The saved index, rebuilt when missing or out of date with the collection."""
        import bm25s

        folder = cls.folder(store)
        try:
            meta = json.loads((folder / "ids.json").read_text())
            ids = meta["ids"]
            if len(ids) != store.chunk_count() or meta.get("tokens") != tokens_version():
                raise ValueError("stale")  # other chunks, or tokens made by another stemmer or stopword list
            bm25 = bm25s.BM25.load(str(folder)) if ids else None
            if bm25 is not None and bm25.scores.get("num_docs") != len(ids):
                raise ValueError("ids.json and the index were read from two different builds")
            return cls(ids, bm25, meta["fingerprint"])
        except (OSError, ValueError, KeyError):
            return cls.build(store)

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        """(chunk id, BM25 score) of the best k chunks with a positive score."""
        if self.bm25 is None:
            return []
        tokens = [t for t in content_lemmas(query) + _alias_lemmas(query) if t in self.bm25.vocab_dict]
        if not tokens:
            return []
        scores = self.bm25.get_scores(tokens)
        top = np.argsort(-scores)[:k]
        return [(self.ids[i], float(scores[i])) for i in top if scores[i] > 0]


def _remove_leftovers(folder: Path, age: float = 3600.0) -> None:
    """Delete the temp and set-aside folders of rebuilds that died (older than ``age`` seconds)."""
    for p in folder.parent.glob(f"{folder.name}.*-*"):
        try:
            if p.name.startswith((f"{folder.name}.tmp-", f"{folder.name}.old-")) and time.time() - p.stat().st_mtime > age:
                shutil.rmtree(p, ignore_errors=True)
        except OSError:  # removed by another rebuild meanwhile
            pass


def _swap_in(new: Path, folder: Path, attempts: int = 50) -> None:
    """Put the folder ``new`` in place of ``folder``: the old one is renamed aside to a unique name, then deleted.

    Safe when several threads or processes rebuild at once: each writes its own temp folder, and when
    another rebuild's folder lands in place between our two renames, it is moved aside in turn (the last
    rebuild wins; every candidate is a complete index).
    """
    for _ in range(attempts):
        aside = folder.with_name(f"{folder.name}.old-{uuid.uuid4().hex}")
        try:
            os.rename(folder, aside)
        except FileNotFoundError:  # no index yet, or another rebuild moved it aside first
            aside = None
        try:
            os.rename(new, folder)
            return
        except OSError:  # another rebuild's folder took the place meanwhile: try again
            continue
        finally:
            if aside is not None:
                shutil.rmtree(aside, ignore_errors=True)
    raise OSError(f"Could not put the BM25 index in place at {folder} after {attempts} attempts")


def tokens_version() -> str:
    """What the index's tokens depend on: the stemmer and the lexicon (its stopwords); saved with the index, and a
    saved index made otherwise is rebuilt on load."""
    return f"{LEMMAS}+lexicon-{lexicon.get().fingerprint[:12]}"


def _alias_lemmas(query: str) -> list[str]:
    """Other names of the actors a query names ("Moscow" -> russia, kremlin), for the lexical search."""
    extra: list[str] = []
    for word in re.findall(r"[A-Za-z.]+", query):
        group = lexicon.actor_group(word) if word[:1].isupper() else None
        if group:
            extra += [content_lemmas(a)[0] for a in lexicon.aliases(group) if " " not in a and content_lemmas(a)]
    return list(dict.fromkeys(extra))


def sentence_overlap(query_lemmas: set[str], text: str, spans: Sequence[tuple[int, int]] | None = None) -> float:
    """Best share of the query's content lemmas found in one sentence of ``text`` (its sentences: ``spans``, offsets
    into ``text``, or split here when not given).

    >>> sentence_overlap({"ceasefire", "demand"}, "Kyiv demanded a ceasefire. Moscow refused.", [(0, 26), (27, 42)])
    1.0
    """
    if not query_lemmas:
        return 0.0
    best = 0.0
    for s, e in sentence_spans(text) if spans is None else spans:
        best = max(best, len(query_lemmas & set(content_lemmas(text[s:e]))) / len(query_lemmas))
    return best


class Retriever:
    """Dense + BM25 retrieval with reciprocal rank fusion and sentence-level rescoring."""

    def __init__(self, store: Store, sentences: Callable[[Chunk], Sequence[tuple[int, int]]] | None = None) -> None:
        """``sentences``: a chunk's sentences as document offsets, as split at ingest (the
        :class:`~assistant.corpus.Corpus` reads them from the stored analyses); without it they are split here."""
        self.store = store
        self.sentences = sentences
        self.query_vectors = QueryVectors(store.embedder)  # the answer engine reuses the question's vector
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
        if filters is not None:
            filters.validate()
        filtered = filters is not None and any(vars(filters).values())
        self.store.chunk_index.require()  # say what to do before embedding anything
        dense = self.store.search(self.query_vectors.vector(query), k=CANDIDATES, filters=filters)
        lexical = self.lexical.search(query, CANDIDATES * 2 if filtered else CANDIDATES)
        chunks: dict[str, Chunk] = {p.chunk.chunk_id: p.chunk for p in dense}
        missing = [cid for cid, _ in lexical if cid not in chunks]
        if missing:
            for c in self.store.get_chunks(missing, filters=filters):
                chunks[c.chunk_id] = c
        fused: dict[str, float] = {}
        for rank, p in enumerate(dense):
            fused[p.chunk.chunk_id] = fused.get(p.chunk.chunk_id, 0.0) + 1.0 / (RRF_K + rank + 1)
        rank = 0
        for cid, _ in lexical:
            if cid in chunks:  # filtered out otherwise
                fused[cid] = fused.get(cid, 0.0) + 1.0 / (RRF_K + rank + 1)
                rank += 1
        q = set(content_lemmas(query))
        scored = [Passage(chunks[cid], score + 0.02 * self._overlap(q, chunks[cid])) for cid, score in fused.items()]
        scored.sort(key=lambda p: -p.score)
        return scored[:k]

    def _overlap(self, query_lemmas: set[str], chunk: Chunk) -> float:
        if not query_lemmas:
            return 0.0
        if self.sentences is None:
            return sentence_overlap(query_lemmas, chunk.text)
        spans = [(s - chunk.start, e - chunk.start) for s, e in self.sentences(chunk)]
        return sentence_overlap(query_lemmas, chunk.text, spans)

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
