"""Split documents into overlapping, sentence-aware chunks with exact character offsets.

LangChain's ``RecursiveCharacterTextSplitter`` chooses the cut points (paragraphs,
then lines, then sentences, then words); this module maps every piece back to its
exact position with a cursor that only moves forward, so a repeated sentence is
never pinned to its first occurrence. Each segment of a document (the text between
page-furniture lines) is split on its own, so no chunk spans furniture.

Example:
    >>> from assistant.types import Document
    >>> text = "Kyiv proposed a roadmap. Moscow refused."
    >>> doc = Document("d", "t", text, ((0, len(text)),), "txt", "/tmp/d.txt")
    >>> [(c.start, c.end) for c in chunk_document(doc)]
    [(0, 40)]
"""

from __future__ import annotations

import hashlib

from .types import Chunk, Document

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200
SEPARATORS = ["\n\n", "\n", ". ", "! ", "? ", "; ", ": ", ", ", " ", ""]
# Anything that changes which chunks a document gets; part of the pipeline version stored with each
# document (``ingest.pipeline_version``), so a change of chunking re-ingests it.
CHUNKING_VERSION = f"chunks-v1:{CHUNK_SIZE}:{CHUNK_OVERLAP}"


def _splitter(chunk_size: int, chunk_overlap: int):  # -> RecursiveCharacterTextSplitter (imported on first use)
    """A new splitter (cheap to build, and no shared state between threads or calls)."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    return RecursiveCharacterTextSplitter(
        chunk_size=chunk_size,
        chunk_overlap=chunk_overlap,
        separators=SEPARATORS,
        keep_separator="end",  # a sentence keeps its full stop; pieces stay contiguous
        strip_whitespace=True,
    )


def chunk_id(doc_id: str, start: int, end: int, text: str) -> str:
    """An id derived from the content and its place: same input, same id."""
    return hashlib.sha1(f"{doc_id}\x00{start}\x00{end}\x00{text}".encode()).hexdigest()[:24]


def split_segment(text: str, start: int, end: int, chunk_size: int, chunk_overlap: int) -> list[tuple[int, int]]:
    """(start, end) offsets into ``text`` of the chunks of ``text[start:end]``."""
    segment = text[start:end]
    pieces = _splitter(chunk_size, chunk_overlap).split_text(segment)
    if not pieces:
        return []

    def next_free(i: int) -> int:  # first non-space position at or after i
        while i < len(segment) and segment[i].isspace():
            i += 1
        return i

    # Forward pass over every place each piece can stand: chunk k+1 begins after chunk k
    # began and no later than the first non-space character after chunk k ended. With
    # repeated text a piece can fit several places; keep them all (with a back link)
    # and pick, at the end, a chain that reaches the end of the segment.
    layers: list[dict[int, int]] = [{0: -1}] if segment.startswith(pieces[0]) else [{}]
    for k in range(1, len(pieces)):
        prev, piece, layer = layers[-1], pieces[k], {}
        lo = min(prev, default=0) + 1
        hi = max((next_free(q + len(pieces[k - 1])) for q in prev), default=-1)
        pos = segment.find(piece, lo, hi + len(piece))
        while pos != -1:
            back = next((q for q in prev if q < pos <= next_free(q + len(pieces[k - 1]))), None)
            if back is not None:
                layer[pos] = back
            pos = segment.find(piece, pos + 1, hi + len(piece))
        if not layer:
            raise AssertionError(f"chunk {k} not found in order near {start + lo}: {piece[:60]!r}")
        layers.append(layer)
    ends = [p for p in layers[-1] if next_free(p + len(pieces[-1])) == len(segment)]
    if not ends:
        raise AssertionError(f"chunks do not reach the end of the segment at {end}")
    spans, pos = [], ends[0]
    for k in range(len(pieces) - 1, -1, -1):
        spans.append((start + pos, start + pos + len(pieces[k])))
        pos = layers[k][pos]
    return spans[::-1]


def chunk_document(doc: Document, chunk_size: int = CHUNK_SIZE, chunk_overlap: int = CHUNK_OVERLAP) -> list[Chunk]:
    """The chunks of a document, in order; ``doc.text[c.start:c.end] == c.text`` for each."""
    if not 0 <= chunk_overlap < chunk_size:
        raise ValueError(f"chunk_overlap must be in [0, chunk_size), got {chunk_overlap} with size {chunk_size}")
    chunks: list[Chunk] = []
    for seg_start, seg_end in doc.segments:
        for s, e in split_segment(doc.text, seg_start, seg_end, chunk_size, chunk_overlap):
            piece = doc.text[s:e]
            chunks.append(
                Chunk(
                    chunk_id=chunk_id(doc.doc_id, s, e, piece),
                    doc_id=doc.doc_id,
                    index=len(chunks),
                    start=s,
                    end=e,
                    text=piece,
                    title=doc.title,
                    url=doc.url,
                    path=doc.path,
                    published=doc.published,
                    source=doc.source,
                )
            )
    return chunks
