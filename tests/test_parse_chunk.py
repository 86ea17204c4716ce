"""Parsing (titles, dates, furniture, formats) and chunking with exact offsets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES, SEED
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.chunking import chunk_document, split_segment
from assistant.errors import InputError
from assistant.parse import is_furniture, parse_date, parse_file, scan_text
from assistant.types import Document

ALL_FIXTURES = [SEED, *sorted(FIXTURES.iterdir())]


def seed_doc() -> Document:
    docs, problems = parse_file(SEED)
    assert problems == []
    return docs[0]


def test_seed_title_date_and_id():
    doc = seed_doc()
    assert doc.title == "Russia and Ukraine swap fire as they head to Istanbul peace talks"
    assert doc.published == "2025-06-02"
    assert doc.doc_id == "istanbul-talks-2025-06-02"
    assert doc.text == SEED.read_text(encoding="utf-8")  # the original, untouched


def test_seed_furniture_is_not_indexed_but_offsets_stay_exact():
    doc = seed_doc()
    indexed = "\n".join(doc.text[s:e] for s, e in doc.segments)
    for furniture in ("1 day ago 31", "Read Entire Article", "International | | | |", "Published On 2 Jun 2025"):
        assert furniture in doc.text
        assert furniture not in indexed
    for c in chunk_document(doc):
        assert "Read Entire Article" not in c.text and "1 day ago" not in c.text
    # the last sentence of the article body is kept
    assert "undergoing medical supervision, he added." in indexed


@pytest.mark.parametrize(
    "line,expected",
    [
        ("1 day ago 31", True),
        ("3 hours ago", True),
        ("Read Entire Article", True),
        ("International | | | |", True),
        ("Advertisement", True),
        ("Zelenskyy also called for a direct meeting with Putin.", False),
        ("Massive bombardment", False),
        ("A day ago the delegations met", False),
    ],
)
def test_furniture_lines(line, expected):
    assert is_furniture(line) is expected


@pytest.mark.parametrize(
    "raw,iso",
    [
        ("2 Jun 2025", "2025-06-02"),
        ("2 June 2025", "2025-06-02"),
        ("June 2, 2025", "2025-06-02"),
        ("2025-06-05T09:30:00Z", "2025-06-05"),
        ("Monday, 2 June 2025 at 10:15", "2025-06-02"),
        ("sometime soon", None),
    ],
)
def test_parse_date(raw, iso):
    assert parse_date(raw) == iso


def test_html_drops_scripts_styles_and_navigation():
    (doc,), _ = parse_file(FIXTURES / "talks-report.html")
    assert doc.title == "Kremlin responds to Kyiv's memorandum"
    assert doc.published == "2025-06-05"
    assert doc.url == "https://example.org/kremlin-responds"
    assert "studying Ukraine's proposal" in doc.text
    assert "Second point: return of children." in doc.text
    for junk in ("tracking", "not article text", "Home", "menu", "sport results", "color: red", "©"):
        assert junk not in doc.text
    assert "meeting between the leaders\nwas not yet" in doc.text  # <br> is a line break


def test_markdown_front_matter():
    (doc,), _ = parse_file(FIXTURES / "long-repeats.md")
    assert (doc.title, doc.published, doc.url) == ("Long repeats", "2025-06-04", "https://example.org/long")
    assert all("title:" not in doc.text[s:e] for s, e in doc.segments)


def test_jsonl_records_and_ids():
    docs, problems = parse_file(FIXTURES / "wire.jsonl")
    assert problems == []
    assert docs[0].doc_id == "wire-001" and docs[0].source == "Wire" and docs[0].published == "2025-06-03"
    assert docs[1].doc_id.startswith("wire-") and docs[1].published == "2025-06-04"
    again, _ = parse_file(FIXTURES / "wire.jsonl")
    assert [d.doc_id for d in again] == [d.doc_id for d in docs]  # ids derived from content are stable


def test_json_array(tmp_path):
    f = tmp_path / "batch.json"
    f.write_text(json.dumps([{"id": "a1", "title": "A", "text": "Alpha text."}, {"title": "B", "text": "Beta."}]))
    docs, problems = parse_file(f)
    assert [d.title for d in docs] == ["A", "B"] and problems == []


# -- bad input: one clear error each ---------------------------------------------------------


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n \n", "empty file"),
        ("binary.txt", bytes(range(256)) * 4, "binary file"),
        ("latin1.txt", "Caf\u00e9 au lait, na\u00efve r\u00e9sum\u00e9".encode("latin-1"), "not valid UTF-8"),
        ("scripts.html", b"<html><script>alert(1)</script><style>p{}</style></html>", "no article text"),
        ("furniture.txt", b"1 day ago 31\nRead Entire Article\n", "no article text"),
        ("report.pdf", b"%PDF-1.4", "unsupported file type '.pdf'"),
        ("broken.json", b'{"title": "x", "text": ', "invalid JSON"),
    ],
)
def test_bad_files_raise_clear_errors(tmp_path, name, content, message):
    f = tmp_path / name
    f.write_bytes(content)
    with pytest.raises(InputError, match=message):
        parse_file(f)


def test_non_utf8_error_names_the_byte_and_the_fix(tmp_path):
    f = tmp_path / "latin1.txt"
    f.write_bytes("Caf\u00e9".encode("latin-1"))
    with pytest.raises(InputError) as e:
        parse_file(f)
    assert "byte 0xe9 at offset 3" in str(e.value) and "re-save the file as UTF-8" in str(e.value)


def test_oversized_file_is_refused_without_reading_it(tmp_path):
    f = tmp_path / "huge.txt"
    with open(f, "wb") as out:
        out.truncate(50 * 1024 * 1024)  # 50 MB
    with pytest.raises(InputError, match=r"52\.4 MB, over the 20 MB limit .*ASSISTANT_MAX_FILE_MB"):
        parse_file(f)


def test_vanished_file(tmp_path):
    with pytest.raises(InputError, match="disappeared"):
        parse_file(tmp_path / "gone.txt")


def test_malformed_jsonl_line_skips_only_that_line(tmp_path):
    f = tmp_path / "mixed.jsonl"
    f.write_text(
        '{"id": "ok-1", "title": "One", "text": "First record."}\n'
        "{not json}\n"
        '{"id": "no-text", "title": "Two"}\n'
        '{"id": "ok-2", "title": "Three", "text": "Third record."}\n'
    )
    docs, problems = parse_file(f)
    assert [d.doc_id for d in docs] == ["ok-1", "ok-2"]
    assert [(w.rsplit(":", 1)[1], e.split(" ")[0]) for w, e in problems] == [("2", "invalid"), ("3", "record")]


# -- chunking ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ALL_FIXTURES, ids=lambda p: p.name)
def test_every_chunk_of_every_fixture_is_exact(path: Path):
    for doc in parse_file(path)[0]:
        chunks = chunk_document(doc)
        assert chunks, doc.doc_id
        for c in chunks:
            assert doc.text[c.start : c.end] == c.text
            assert c.text == c.text.strip() and c.text
        # order, overlap and no lost text inside a segment
        for seg_start, seg_end in doc.segments:
            inside = [c for c in chunks if seg_start <= c.start < seg_end]
            assert inside[0].start == seg_start and inside[-1].end == seg_end
            for a, b in zip(inside, inside[1:]):
                assert a.start < b.start <= a.end or not doc.text[a.end : b.start].strip()


def test_repeated_sentences_map_to_their_own_occurrence():
    (doc,), _ = parse_file(FIXTURES / "long-repeats.md")
    chunks = chunk_document(doc, chunk_size=120, chunk_overlap=40)
    starts = [c.start for c in chunks]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    texts = [c.text for c in chunks]
    assert len(texts) > len(set(texts))  # identical chunk texts exist...
    assert len({c.chunk_id for c in chunks}) == len(chunks)  # ...yet each has its own place and id
    covered = set()
    for c in chunks:
        covered.update(range(c.start, c.end))
    for s, e in doc.segments:
        gaps = [i for i in range(s, e) if i not in covered and not doc.text[i].isspace()]
        assert gaps == []


def test_chunk_sizes_of_seed_are_in_range():
    chunks = chunk_document(seed_doc())
    body = [c for c in chunks if len(c.text) > 200]
    assert all(len(c.text) <= 1000 for c in chunks)
    assert sum(len(c.text) for c in body) / len(body) > 600
    assert any(a.end > b.start for a, b in zip(body, body[1:]))  # chunks overlap


def test_chunking_is_deterministic():
    a, b = chunk_document(seed_doc()), chunk_document(seed_doc())
    assert [c.chunk_id for c in a] == [c.chunk_id for c in b]


@settings(max_examples=60, deadline=None)
@given(
    sentences=st.lists(
        st.sampled_from(["Kyiv proposed a roadmap.", "Moscow refused.", "Talks resumed!", "Why?"]),
        min_size=1,
        max_size=80,
    ),
    seps=st.lists(st.sampled_from([" ", "  ", "\n", "\n\n", " \n "]), min_size=1, max_size=80),
    size=st.integers(min_value=30, max_value=300),
)
def test_offsets_exact_on_random_repetitive_text(sentences, seps, size):
    text = "".join(s + seps[i % len(seps)] for i, s in enumerate(sentences)).strip()
    segments, _ = scan_text(text)
    for s, e in segments:
        spans = split_segment(text, s, e, size, size // 3)
        assert spans[0][0] == s and spans[-1][1] == e
        for (a0, a1), (b0, _b1) in zip(spans, spans[1:]):
            assert a0 < b0 and (b0 <= a1 or not text[a1:b0].strip())
