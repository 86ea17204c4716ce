"""A document's analysis: who said what in each sentence, its named entities and its sentences — made once, at ingest.

:func:`analyze_document` parses the document with the language layer (:mod:`assistant.nlp`) and reads the
attributions from that parse (:func:`assistant.attribution.analyze`). It also keeps the sentence boundaries
(:func:`assistant.sentences.sentence_spans`) of the document and of each of its chunks, as retrieval and the
answers read them. The result is stored beside the document with :func:`analysis_version` — the attribution
rules (:mod:`assistant.speakers`), the lexicon, the stored layout and the parser model — so a change to any of
them re-analyses the document on the next ingest without re-embedding it, and the query path never parses an
article nor splits its sentences (only the question's).

With :data:`assistant.attribution.PARSE` off (the unit tier, no model) the sentences are kept but no one is read as
saying anything and no entities are found.

Example:
    >>> from assistant.types import Document
    >>> text = "Ukraine proposed a roadmap for peace on Monday. Russia rejected it."
    >>> a = analyze_document(Document("d1", "Talks", text, ((0, len(text)),), "txt", "/tmp/d1.txt"))
    >>> [(c.actor, c.act) for c in a.claims]
    [('Ukraine', 'propose'), ('Russia', 'reject')]
    >>> [(text[e.start : e.end], e.label) for e in a.entities]
    [('Ukraine', 'GPE'), ('Monday', 'DATE'), ('Russia', 'GPE')]
    >>> [text[s:e] for s, e in a.sentences]
    ['Ukraine proposed a roadmap for peace on Monday.', 'Russia rejected it.']
    >>> a.chunk_sentences(0, len(text)) == list(a.sentences)
    True
    >>> Analysis.from_json(a.to_json()) == a
    True
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from . import attribution
from .attribution import Claim, analyze
from .chunking import chunk_document
from .positions import rules_version
from .sentences import sentence_spans
from .types import Document

FORMAT = 2  # the stored JSON's layout (2: with the sentences); part of the version, so a change re-analyses
UNPARSED = "unparsed"  # the parser part of the version when the document was not parsed (the unit tier)

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Entity:
    """A named entity of the document: ``text[start:end]`` with its OntoNotes label (PERSON, ORG, DATE, ...)."""

    start: int
    end: int
    label: str


@dataclass(frozen=True)
class Analysis:
    """What the language layer found in one document; every offset indexes the document's text."""

    claims: tuple[Claim, ...]
    entities: tuple[Entity, ...]
    version: str
    sentences: tuple[Span, ...] = ()  # the document's sentences, segment by segment (those the claims are read in)
    # each chunk's (start, end) with the sentences of the chunk's own text, as retrieval and the answers read it:
    # they differ from the document's where a chunk cuts a paragraph (a quotation it does not close, ...)
    chunks: tuple[tuple[int, int, tuple[Span, ...]], ...] = field(default=(), repr=False)
    # (sentence start, where its context starts: see :func:`context_start`) for each sentence whose claim has an actor
    contexts: tuple[Span, ...] = field(default=(), repr=False)

    @property
    def parsed(self) -> bool:
        """True when the parser read the document (its entities can be trusted to be all it found)."""
        return not self.version.endswith(f"+{UNPARSED}")

    def entities_in(self, start: int, end: int, labels: Sequence[str] | None = None) -> list[Entity]:
        """The entities inside ``[start, end)`` (with one of ``labels`` when given), in text order."""
        return [e for e in self.entities if start <= e.start and e.end <= end and (labels is None or e.label in labels)]

    def chunk_sentences(self, start: int, end: int) -> list[Span] | None:
        """The sentences of the chunk ``[start, end)`` as split at ingest (document offsets), or None when the
        analysis has no chunk there (chunked otherwise)."""
        spans = self._by_chunk.get((start, end))
        return list(spans) if spans is not None else None

    def context_start(self, start: int) -> int | None:
        """Where the context of the sentence at ``start`` begins (:func:`context_start`), or None when that sentence
        has no claim with an actor."""
        return self._contexts.get(start)

    @functools.cached_property
    def _by_chunk(self) -> dict[Span, tuple[Span, ...]]:
        return {(s, e): spans for s, e, spans in self.chunks}

    @functools.cached_property
    def _contexts(self) -> dict[int, int]:
        return dict(self.contexts)

    def to_json(self) -> str:
        """Compact JSON for the store (claims as field lists, entities as triples, sentences as flat offset lists)."""
        fields = [f.name for f in dataclasses.fields(Claim)]
        return json.dumps(
            {
                "format": FORMAT,
                "version": self.version,
                "claim_fields": fields,
                "claims": [[getattr(c, f) for f in fields] for c in self.claims],
                "entities": [[e.start, e.end, e.label] for e in self.entities],
                "sentences": _flat(self.sentences),
                "chunks": [[s, e, _flat(spans)] for s, e, spans in self.chunks],
                "contexts": _flat(self.contexts),
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, raw: str) -> Analysis | None:
        """The stored analysis, or None when it was written in another layout (re-analyse it then)."""
        try:
            data = json.loads(raw)
        except ValueError:
            return None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return None
        fields = data["claim_fields"]
        if fields != [f.name for f in dataclasses.fields(Claim)]:
            return None  # Claim gained or lost a field since: re-analyse
        claims = tuple(Claim(**{f: _tuple(v) for f, v in zip(fields, row, strict=True)}) for row in data["claims"])
        entities = tuple(Entity(s, e, label) for s, e, label in data["entities"])
        chunks = tuple((s, e, _pairs(flat)) for s, e, flat in data["chunks"])
        return cls(claims, entities, data["version"], _pairs(data["sentences"]), chunks, _pairs(data["contexts"]))


def _tuple(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


def _flat(spans: Sequence[Span]) -> list[int]:
    return [i for span in spans for i in span]


def _pairs(flat: Sequence[int]) -> tuple[Span, ...]:
    return tuple(zip(flat[::2], flat[1::2], strict=True))


def _parsing(parse: bool | None) -> bool:
    """Whether documents are read with the parser: ``parse`` when given, else the one switch, attribution.PARSE."""
    return attribution.PARSE if parse is None else parse


def parser_identity(parse: bool | None = None) -> str:
    """What the parse depends on (model files and spaCy version), known without loading the model."""
    if not _parsing(parse):
        return UNPARSED
    from .nlp import expected_identity

    return expected_identity()


def analysis_version(parse: bool | None = None) -> str:
    """The version stored with each analysis: rules and lexicon (:func:`~assistant.positions.rules_version`), the
    stored layout (:data:`FORMAT`) and the parser. A stored analysis of another version is made again.

    >>> "+analysis-2+" in analysis_version(parse=False)
    True
    """
    return f"{rules_version()}+analysis-{FORMAT}+{parser_identity(parse)}"


def analyze_document(doc: Document, parse: bool | None = None) -> Analysis:
    """Parse the document's segments once and read its claims and entities from that parse (``parse=False``: not
    parsed, no one read as speaking; None: as :data:`assistant.attribution.PARSE` says); split the document and each of its chunks
    (:func:`~assistant.chunking.chunk_document`, as ingest chunks it) into sentences."""
    parse = _parsing(parse)
    segments = doc.segments or ((0, len(doc.text)),)
    parsed = None
    if parse:
        from .nlp import parse_segments

        parsed = parse_segments(doc.text, segments)
    claims = analyze(doc.text, segments, parsed=parsed, parse=parse)
    entities = tuple(Entity(e.start, e.end, e.label) for s in parsed or () for e in s.entities)
    sentences = tuple(span for a, b in segments for span in sentence_spans(doc.text, a, b))
    # a chunk shares its whole paragraphs with the document: their sentences come from the splitter's cache
    chunks = tuple((c.start, c.end, tuple(sentence_spans(doc.text, c.start, c.end))) for c in chunk_document(doc))
    contexts = tuple((s, context_start(doc.text, s)) for s in sorted({c.start for c in claims if c.actor}))
    return Analysis(tuple(claims), entities, analysis_version(parse), sentences, chunks, contexts)


def context_start(text: str, start: int) -> int:
    """Where the context of the sentence at ``start`` begins: the sentence before it on its line, or for the first
    sentence of a line the last sentence in the 600 characters before it (the previous paragraph's last one, its
    tail when longer); ``start`` when there is none. "What did X say about Y?" looks for Y there too.

    >>> text = "Talks.\\n\\nKyiv wants a truce. It said so."
    >>> text[context_start(text, text.index("It")) :], text[context_start(text, text.index("Kyiv")) :][:6]
    ('Kyiv wants a truce. It said so.', 'Talks.')
    """
    para_start = text.rfind("\n", 0, start) + 1
    if start - para_start < 2:
        before = sentence_spans(text, max(0, start - 600), max(0, start - 1))
    else:
        before = sentence_spans(text, para_start, start)
    return before[-1][0] if before else start
