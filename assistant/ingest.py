"""Ingest files and folders into the store: parse, chunk, embed, analyse, write. Idempotent and incremental.

Unchanged documents are skipped by fingerprint; a changed file replaces its old
chunks; records that left a re-ingested file are removed. A bad file (or JSONL
line) is reported and skipped, and the rest of the ingest goes on.

Each new document is analysed (:func:`~assistant.analysis.analyze_document`: the parse, who said what, the
entities) on a worker thread while the embedder runs on the chunks, and the analysis is stored with it. An
unchanged document whose stored analysis is of another version (new rules, lexicon or parser model) is
analysed again and keeps its chunks and vectors: nothing is re-embedded.

Example:
    >>> from assistant.config import Settings
    >>> from assistant.store import Store
    >>> store = Store.open(Settings.from_env(data_dir=DATA_DIR))
    >>> report = ingest([CORPUS], store)
    >>> report.skipped
    []
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .analysis import Analysis, analysis_version, analyze_document
from .chunking import CHUNKING_VERSION, chunk_document
from .errors import InputError
from .language import SAMPLE, detect
from .parse import RECORD_KINDS, SUPPORTED, TEXT_KINDS, max_file_bytes, parse_file
from .positions import extract_positions
from .retrieve import LexicalIndex
from .store import DocumentWrite, Store
from .types import Chunk, Document, IngestReport, Skipped

EMBED_GROUP = 2048  # chunks embedded and written together; bounds memory on large corpora
FLUSH_DOCS = 512  # documents written together at most (re-analysed ones have nothing to embed)
PROGRESS_MIN_DOCS = 5


def pipeline_version() -> str:
    """What decides a document's chunks and vectors; stored with each document, so a change re-ingests it on the
    next run (the analysis has its own version, :func:`~assistant.analysis.analysis_version`)."""
    return CHUNKING_VERSION


def discover(paths: Iterable[str | Path]) -> tuple[list[Path], list[Skipped]]:
    """Supported files under the given files and folders (hidden files skipped), sorted, deduplicated."""
    files: list[Path] = []
    problems: list[Skipped] = []
    for raw in paths:
        p = Path(raw).expanduser()
        if p.is_dir():
            found = sorted(
                f
                for f in p.rglob("*")
                if f.is_file()
                and f.suffix.lower() in {**TEXT_KINDS, **RECORD_KINDS}
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            if not found:
                problems.append(Skipped(str(p), f"no {'/'.join(SUPPORTED)} files in this folder"))
            files.extend(found)
        elif p.exists():
            files.append(p)
        else:
            problems.append(Skipped(str(p), "no such file or folder"))
    seen: set[Path] = set()
    unique = []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, problems


class _Progress:
    def __init__(self, total: int, enabled: bool) -> None:
        self.bar = None
        if enabled and total > PROGRESS_MIN_DOCS:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="doc", desc="ingest", file=sys.stderr, leave=False)

    def update(self, n: int = 1) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def ingest(
    paths: Sequence[str | Path],
    store: Store,
    *,
    progress: bool = False,
    prune: bool = False,
    on_skip: Callable[[Skipped], None] | None = None,
) -> IngestReport:
    """Ingest files and folders into ``store``; returns what was written, kept and skipped.

    With ``prune``, documents that came from a file under one of the given folders that no
    longer exists are removed too (what ``make run`` does with ``corpus/``).
    """
    report = IngestReport()

    def skip(path: str, error: str) -> None:
        s = Skipped(path, error)
        report.skipped.append(s)
        if on_skip:
            on_skip(s)

    files, problems = discover(paths)
    for p in problems:
        skip(p.path, p.error)
    limit = max_file_bytes(store.settings)
    pipeline = pipeline_version()
    version = analysis_version()
    pending: list[_Pending] = []
    seen_ids: dict[str, str] = {}
    bar = _Progress(len(files), progress)
    analyser = ThreadPoolExecutor(max_workers=1, thread_name_prefix="analyse")  # the parse overlaps the embedding
    try:
        for f in files:
            try:
                docs, bad_records = parse_file(f, limit)
            except InputError as e:
                skip(str(f), str(e))
                bar.update()
                continue
            for where, err in bad_records:
                skip(where, err)
            current: set[str] = set()
            for doc in docs:
                if doc.doc_id in seen_ids:
                    skip(
                        doc.path or str(f),
                        f"document id {doc.doc_id!r} is also used by {seen_ids[doc.doc_id]}: "
                        "rename the file or give the record a distinct 'id'",
                    )
                    continue
                seen_ids[doc.doc_id] = doc.path or str(f)
                current.add(doc.doc_id)
                if store.stored_version(doc.doc_id) == (doc.fingerprint, pipeline):
                    report.unchanged += 1
                    if store.analysis_version(doc.doc_id) != version:  # same text and chunks: analyse again only
                        chunks, vectors = store.chunks_with_vectors(doc.doc_id)
                        pending.append(_Pending(doc, chunks, analyser.submit(analyze_document, doc), vectors))
                        report.reanalysed += 1
                    continue
                lang = detect(" ".join(doc.text[a:b] for a, b in doc.segments or ((0, len(doc.text)),))[:SAMPLE])
                if not lang.is_english:
                    skip(doc.path or str(f), f"not in English (it looks like {lang.name}, {lang.code}): "
                                             "the assistant reads English articles only")  # fmt: skip
                    current.discard(doc.doc_id)
                    continue
                try:
                    pending.append(_Pending(doc, chunk_document(doc), analyser.submit(analyze_document, doc)))
                except (AssertionError, ValueError) as e:  # never expected; report, don't abort the run
                    skip(doc.path or str(f), f"could not be chunked: {e}")
                    current.discard(doc.doc_id)
                if sum(len(p.chunks) for p in pending if p.vectors is None) >= EMBED_GROUP or len(pending) >= FLUSH_DOCS:
                    _flush(pending, store, report, pipeline, skip)
            if not bad_records:  # records gone from a fully read file are removed
                gone = [d for d in store.doc_ids_from(str(f.resolve())) if d not in current]
                report.removed += store.delete_documents(gone)
            bar.update()
        _flush(pending, store, report, pipeline, skip)
    finally:
        bar.close()
        analyser.shutdown(cancel_futures=True)
    if prune:
        report.removed += _prune(paths, store)
    if report.documents or report.removed or not LexicalIndex.folder(store).exists():
        LexicalIndex.build(store)  # keep BM25 in sync with the collection
    return report


def _prune(paths: Sequence[str | Path], store: Store) -> int:
    """Remove documents whose source file under one of the given folders is gone."""
    folders = [Path(p).expanduser().resolve() for p in paths if Path(p).is_dir()]
    gone = [
        d.doc_id
        for d in store.documents()
        if d.origin and any(Path(d.origin).is_relative_to(f) for f in folders) and not Path(d.origin).exists()
    ]
    return store.delete_documents(gone)


@dataclass
class _Pending:
    """A document waiting to be written: its chunks, its analysis being made, and its vectors when already stored."""

    doc: Document
    chunks: list[Chunk]
    analysis: Future[Analysis]
    vectors: np.ndarray | None = None  # None: to embed


def _flush(
    pending: list[_Pending], store: Store, report: IngestReport, pipeline: str, skip: Callable[[str, str], None]
) -> None:
    """Embed the pending documents' chunks in one go (their analyses run meanwhile) and write them in batched calls."""
    if not pending:
        return
    texts = [c.text for p in pending if p.vectors is None for c in p.chunks]
    vectors = store.embedder.embed(texts) if texts else None
    writes: list[DocumentWrite] = []
    offset = 0
    for p in pending:
        doc, chunks = p.doc, p.chunks
        if p.vectors is None:
            doc_vectors = vectors[offset : offset + len(chunks)]  # type: ignore[index]
            offset += len(chunks)
        else:
            doc_vectors = p.vectors
        try:
            analysis = p.analysis.result()
        except Exception as e:  # a parser failure on one document: report it, keep the others
            skip(doc.path or doc.doc_id, f"could not be analysed ({type(e).__name__}: {e}); it was not stored")
            continue
        positions = extract_positions(doc, analysis.claims)
        # a position is filed under the vector of the chunk holding its sentence (no extra embedding)
        holder = [next((j for j, c in enumerate(chunks) if c.start <= q.sentence_start < c.end), 0) for q in positions]
        writes.append(DocumentWrite(doc, chunks, doc_vectors, positions, doc_vectors[holder], analysis))
        if p.vectors is None:
            report.documents += 1
            report.chunks += len(chunks)
    store.write_documents(writes, pipeline)
    pending.clear()


def remove(targets: Sequence[str], store: Store) -> tuple[list[str], list[str]]:
    """Remove documents by id or by the file they came from; returns (removed ids, targets not found)."""
    removed: list[str] = []
    missing: list[str] = []
    for t in targets:
        ids = store.doc_ids_from(str(Path(t).expanduser().resolve()))
        if not ids and store.stored_version(t) is not None:
            ids = [t]
        if not ids:
            missing.append(t)
            continue
        store.delete_documents(ids)
        removed.extend(ids)
    if removed:
        LexicalIndex.build(store)
    return removed, missing
