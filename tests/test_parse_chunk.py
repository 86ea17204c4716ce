"""Parsing (titles, dates, furniture, formats) and chunking with exact offsets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES, SEED
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.chunking import chunk_document, split_segment
from assistant.config import Settings
from assistant.errors import ConfigError, InputError
from assistant.parse import front_matter, is_furniture, max_file_bytes, parse_date, parse_file, scan_text
from assistant.types import Document

pytestmark = pytest.mark.unit  # pure: no model, no Chroma

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
        ("2025-06-02T10:00:00Z", "2025-06-02"),
        ("Monday, 2 June 2025 at 10:00", "2025-06-02"),
        ("  2 Jun   2025. ", "2025-06-02"),
        ("2025-06-02", "2025-06-02"),
        ("2/6/2025", "2025-06-02"),  # day first, as before
        ("Mon, 02 Jun 2025 10:00:00 +0000", "2025-06-02"),
        ("2025-06-02T23:30:00-05:00", "2025-06-02"),  # the date as written, whatever the machine's time zone
        # junk, partial and relative dates: None, never "today"
        ("", None),
        ("   ", None),
        ("hello world", None),
        ("Read Entire Article", None),
        ("Jun 2025", None),
        ("2025", None),
        ("31 June 2025", None),
        ("3 hours ago", None),
        ("yesterday", None),
        ("1748822400", None),  # a bare number is not a date
        ("x" * 500, None),
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


def test_front_matter_yaml_dates_quotes_and_source(tmp_path):
    f = tmp_path / "talks.md"
    f.write_text(
        "---\n"
        'title: "Talks: day two"\n'
        "published: 2025-06-04\n"  # YAML reads this as a date object
        "url: https://example.org/day-two\n"
        "source: Wire\n"
        "tags: [talks, istanbul]\n"
        "---\n\n"
        "# Heading that is not the title\n\nThe delegations met again.\n"
    )
    (doc,), _ = parse_file(f)
    assert (doc.title, doc.published, doc.url, doc.source) == (
        "Talks: day two",
        "2025-06-04",
        "https://example.org/day-two",
        "Wire",
    )
    indexed = "\n".join(doc.text[s:e] for s, e in doc.segments)
    assert "tags" not in indexed and indexed.startswith("# Heading")


@pytest.mark.parametrize(
    "value,iso",
    [("2025-06-04 10:30:00", "2025-06-04"), ("2025-06-04T23:30:00-05:00", "2025-06-04"), ("'4 June 2025'", "2025-06-04")],
)
def test_front_matter_datetime_and_date_key(tmp_path, value, iso):
    f = tmp_path / "d.md"
    f.write_text(f"---\ndate: {value}\n---\nBody text.\n")
    (doc,), _ = parse_file(f)
    assert doc.published == iso and doc.title == "Body text."


def test_bad_yaml_front_matter_is_still_ingested(tmp_path):
    """Invalid YAML: the block is still skipped and its simple ``key: value`` lines still read (as before PyYAML)."""
    f = tmp_path / "bad.md"
    f.write_text("---\ntitle: Talks: day two\npublished: 4 June 2025\nurl: [unclosed\n---\nThe body.\n")
    (doc,), _ = parse_file(f)
    assert (doc.title, doc.published, doc.url) == ("Talks: day two", "2025-06-04", "[unclosed")
    assert [doc.text[s:e] for s, e in doc.segments] == ["The body."]


def test_impossible_yaml_date_does_not_stop_the_file(tmp_path):
    f = tmp_path / "odd.md"
    f.write_text("---\ntitle: Odd date\npublished: 2025-06-31\n---\nThe body.\n")
    (doc,), _ = parse_file(f)
    assert (doc.title, doc.published) == ("Odd date", None)


def test_front_matter_needs_a_closing_line():
    meta, start = front_matter("---\ntitle: never closed\nBody.\n")
    assert (meta, start) == ({}, 0)
    meta, start = front_matter("---\n- a\n- b\n---\nBody.\n")  # a YAML list, not a mapping
    assert meta == {} and start == len("---\n- a\n- b\n---\n")


def test_html_segments_are_article_text_only():
    (doc,), _ = parse_file(FIXTURES / "talks-report.html")
    pieces = [doc.text[s:e] for s, e in doc.segments]
    assert pieces and all(p == p.strip() and p for p in pieces)
    assert all(0 <= s < e <= len(doc.text) for s, e in doc.segments)
    indexed = "\n".join(pieces)
    for junk in ("tracking", "ignore previous instructions", "not article text", "Home", "World", "menu", "sport", "©"):
        assert junk not in indexed
    for line in (
        "Kremlin responds to Kyiv's memorandum",
        "The Kremlin said on Thursday it was studying Ukraine's proposal.",
        "First point: prisoner exchanges.",
        "Second point: return of children.",
    ):
        assert line in doc.text.split("\n")  # each block on its own line
    assert "\n\nThe Kremlin said" in doc.text  # blocks are separated by a blank line
    for c in chunk_document(doc):
        assert doc.text[c.start : c.end] == c.text


def test_html_metadata_and_navigation_on_a_richer_page(tmp_path):
    f = tmp_path / "rich.html"
    f.write_text(
        "<html><head><title>Talks resume | The Daily</title>"
        '<meta property="og:site_name" content="The Daily">'
        '<link rel="canonical" href="https://example.org/talks?b=2&amp;a=1">'
        '<meta property="og:url" content="https://example.org/other">'
        "</head><body><nav><a href='/'>Home</a> <a href='/w'>World news</a></nav>"
        "<div role='banner'>Subscribe banner</div>"
        "<article><h1>Talks resume in Istanbul</h1>"
        '<time datetime="2025-06-02T10:00:00+03:00">2 June</time>'
        "<p>Delegations from Russia and Ukraine met in Istanbul on Monday for a second round of talks.</p>"
        "<p>Both sides agreed to exchange <b>all</b> severely wounded prisoners.</p>"
        "<script>var secret = 'script text';</script></article>"
        "<footer>Copyright The Daily</footer></body></html>"
    )
    (doc,), _ = parse_file(f)
    assert doc.title == "Talks resume in Istanbul"
    assert doc.published == "2025-06-02"
    assert doc.url == "https://example.org/talks?b=2&a=1"  # the canonical link as written, before og:url
    assert doc.source == "The Daily"
    indexed = "\n".join(doc.text[s:e] for s, e in doc.segments)
    assert "exchange all severely wounded prisoners." in indexed
    for junk in ("Home", "World news", "Subscribe", "script text", "Copyright"):
        assert junk not in doc.text


def test_html_date_from_a_published_line_when_the_page_declares_none(tmp_path):
    f = tmp_path / "line.html"
    f.write_text(
        "<html><body><main><p>Published On 2 Jun 2025</p>"
        "<p>The article body is this sentence, and it is long enough to count.</p></main></body></html>"
    )
    (doc,), _ = parse_file(f)
    assert doc.published == "2025-06-02"
    assert [doc.text[s:e] for s, e in doc.segments] == ["The article body is this sentence, and it is long enough to count."]


def test_max_file_bytes_comes_from_settings(monkeypatch):
    assert max_file_bytes(Settings.from_env(data_dir="/tmp/x", env={"ASSISTANT_MAX_FILE_MB": "0.5"})) == 500_000
    monkeypatch.setenv("ASSISTANT_MAX_FILE_MB", "2")
    assert max_file_bytes() == 2_000_000
    monkeypatch.setenv("ASSISTANT_MAX_FILE_MB", "lots")
    with pytest.raises(ConfigError, match="ASSISTANT_MAX_FILE_MB='lots'"):
        max_file_bytes()


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
