"""A document's analysis: who said what in each sentence, and its named entities — made once, at ingest.

:func:`analyze_document` parses the document with the language layer (:mod:`assistant.nlp`) and reads the
attributions from that parse (:func:`assistant.attribution.analyze`). The result is stored beside the document
with :func:`analysis_version` — the attribution rules, the lexicon and the parser model — so a change to any
of them re-analyses the document on the next ingest without re-embedding it, and the query path never parses
an article (only the question).

With :data:`assistant.attribution.PARSE` off (the unit tier) the rules read the text alone and no entities are
found.

Example:
    >>> from assistant.types import Document
    >>> text = "Ukraine proposed a roadmap for peace on Monday. Russia rejected it."
    >>> a = analyze_document(Document("d1", "Talks", text, ((0, len(text)),), "txt", "/tmp/d1.txt"))
    >>> [(c.actor, c.act) for c in a.claims]
    [('Ukraine', 'propose'), ('Russia', 'reject')]
    >>> [(text[e.start : e.end], e.label) for e in a.entities]
    [('Ukraine', 'GPE'), ('Monday', 'DATE'), ('Russia', 'GPE')]
    >>> Analysis.from_json(a.to_json()) == a
    True
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass

from . import attribution
from .attribution import Claim, analyze
from .positions import rules_version
from .types import Document

FORMAT = 1  # the stored JSON's layout; bump when it changes
RULES_ONLY = "rules-only"  # the parser part of the version when the rules read alone


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

    @property
    def parsed(self) -> bool:
        """True when the parser read the document (its entities can be trusted to be all it found)."""
        return not self.version.endswith(f"+{RULES_ONLY}")

    def entities_in(self, start: int, end: int, labels: Sequence[str] | None = None) -> list[Entity]:
        """The entities inside ``[start, end)`` (with one of ``labels`` when given), in text order."""
        return [e for e in self.entities if start <= e.start and e.end <= end and (labels is None or e.label in labels)]

    def to_json(self) -> str:
        """Compact JSON for the store (claims as field lists, entities as triples)."""
        fields = [f.name for f in dataclasses.fields(Claim)]
        return json.dumps(
            {
                "format": FORMAT,
                "version": self.version,
                "claim_fields": fields,
                "claims": [[getattr(c, f) for f in fields] for c in self.claims],
                "entities": [[e.start, e.end, e.label] for e in self.entities],
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
        return cls(claims, entities, data["version"])


def _tuple(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


def _parsing(parse: bool | None) -> bool:
    """Whether documents are read with the parser: ``parse`` when given, else the one switch, attribution.PARSE."""
    return attribution.PARSE if parse is None else parse


def parser_identity(parse: bool | None = None) -> str:
    """What the parse depends on (model files and spaCy version), known without loading the model."""
    if not _parsing(parse):
        return RULES_ONLY
    from .nlp import expected_identity

    return expected_identity()


def analysis_version(parse: bool | None = None) -> str:
    """The version stored with each analysis: rules and lexicon (:func:`~assistant.positions.rules_version`) and the
    parser. A stored analysis of another version is made again."""
    return f"{rules_version()}+{parser_identity(parse)}"


def analyze_document(doc: Document, parse: bool | None = None) -> Analysis:
    """Parse the document's segments once and read its claims and entities from that parse (``parse=False``: the
    rules alone; None: as :data:`assistant.attribution.PARSE` says)."""
    parse = _parsing(parse)
    segments = doc.segments or ((0, len(doc.text)),)
    parsed = None
    if parse:
        from .nlp import parse_segments

        parsed = parse_segments(doc.text, segments)
    claims = analyze(doc.text, segments, parsed=parsed, parse=parse)
    entities = tuple(Entity(e.start, e.end, e.label) for s in parsed or () for e in s.entities)
    return Analysis(tuple(claims), entities, analysis_version(parse))

