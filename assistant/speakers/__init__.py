"""Who said what, read from the dependency parse: the pass :func:`assistant.attribution.analyze` uses.

It reads the parse (:mod:`assistant.nlp`): the subject of an act verb wherever it stands ("“…,” said X", "“…,” X said", "…, he
added"), reported speech ("X told the BBC that Y", "X was quoted as saying Y"), "according to X", a quotation
with no speaker of its own (the previous speaker's), pronoun speakers resolved to the nearest fitting named
entity (he/she → a person; it/they → an organisation, a country or a lexicon actor) and descriptions ("the
company", "a Welsh government spokesman") to the entity they stand for. An actor is always a named entity —
spaCy's PERSON/ORG/GPE/NORP or a name the lexicon knows — never a capitalised common word. Every span indexes
the original text.

:func:`assemble` turns the reading into claims, sentence by sentence.

Example:
    >>> text = "“We will not accept this,” said Dmitry Peskov, the Kremlin spokesman. “It is over,” he added."
    >>> [(f.actor, f.act, text[f.content_start : f.content_end]) for f in read(text, ((0, len(text)),))[1]]
    [('Dmitry Peskov', 'say', 'We will not accept this'), ('Dmitry Peskov', 'say', 'It is over')]

The package, by role: :mod:`.acts` reads the speech acts sentence by sentence; :mod:`.actors` resolves subjects,
pronouns and names to entities, :mod:`.descriptions` the descriptions and roles standing for one; :mod:`.content`
finds the span of what was said; :mod:`.quotes` the quotations; :mod:`.mentions` holds a document's reading state
(its entities and mentions); :mod:`.gender` what it shows of each person's gender (a "she" never names a man);
:mod:`.names` what counts as a name; :mod:`.assemble` makes the claims of each sentence; :mod:`.annotate` labels
and groups actors.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..nlp import ParsedSentence, parse_segments
from .actors import WINDOW
from .acts import Found, _Reader
from .assemble import assemble
from .names import ACTOR_LABELS, person_words
from .quotes import _Quotes, quotations

__all__ = ["ACTOR_LABELS", "WINDOW", "Found", "assemble", "parse_segments", "person_words", "quotations", "read"]


def _read(text: str, segments: Sequence[tuple[int, int]], parsed: Sequence[ParsedSentence] | None = None) -> _Reader:
    sentences = list(parsed) if parsed is not None else parse_segments(text, segments)
    reader = _Reader(text, sentences, _Quotes(quotations(text, segments)))
    for si in range(len(reader.sentences)):
        reader.sentence(si)
    reader.quote_next()
    # a sentence that found no speaker is read again now that the quotations going on are attributed: "“….” /
    # “….” / Denmark has a similar system. / He said …" (the "he" is the one quoted just before)
    done = {f.sentence for f in reader.found}
    for si in range(len(reader.sentences)):
        if si not in done:
            reader.sentence(si)
    reader.found.sort(key=lambda f: f.anchor)
    reader.restated()
    return reader


def read(text: str, segments: Sequence[tuple[int, int]]) -> tuple[list[ParsedSentence], list[Found]]:
    """The document's sentences (parsed) and every attribution the parse shows, in text order."""
    reader = _read(text, segments)
    return reader.sentences, reader.found
