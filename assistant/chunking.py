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

from langchain_text_splitters import RecursiveCharacterTextSplitter

from .types import Chunk, Document

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200
SEPARATORS = ["\n\n", "\n", ". ", "! ", "? ", "; ", ": ", ", ", " ", ""]
# Anything that changes which chunks a document gets; stored with each document so a
# change of chunking re-ingests it.
PIPELINE_VERSION = f"chunks-v1:{CHUNK_SIZE}:{CHUNK_OVERLAP}"


def _splitter(chunk_size: int, chunk_overlap: int) -> RecursiveCharacterTextSplitter:
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
    spans: list[tuple[int, int]] = []
    prev_start, prev_end = -1, 0
    for piece in _splitter(chunk_size, chunk_overlap).split_text(segment):
        # A chunk begins after the previous one began and no later than just past its end.
        pos = segment.find(piece, prev_start + 1)
        gap_limit = prev_end + len(segment[prev_end:]) - len(segment[prev_end:].lstrip())
        if pos < 0 or (spans and pos > gap_limit):
            raise AssertionError(f"chunk not found in order at {start + prev_end}: {piece[:60]!r}")
        spans.append((start + pos, start + pos + len(piece)))
        prev_start, prev_end = pos, pos + len(piece)
    return spans


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
