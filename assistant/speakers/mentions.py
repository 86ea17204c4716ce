"""The state of one document's reading: its sentences, quotations, and the named entities it mentions (spaCy's,
the names the lexicon knows and the surnames of people it names that spaCy missed), each a person or a thing, and
each person's gender as the document shows it (:mod:`.gender`); the base :mod:`.actors`, :mod:`.content` and
:mod:`.acts` build on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..nlp import ParsedEntity, ParsedSentence
from .gender import read_genders, untagged_person
from .names import ACTOR_LABELS, _acronyms, _bare, _last_word, _lexicon_actor, person_words
from .quotes import _Quotes

if TYPE_CHECKING:
    from .acts import Found


@dataclass(frozen=True)
class _Mention:
    start: int
    text: str
    kind: str
    sentence: int


def _bare_singular(sent: ParsedSentence, q: int) -> bool:
    """True when token ``q`` opens a noun phrase with a singular common noun and no determiner ("interim injunction")."""
    while q < len(sent.tokens) and sent.tokens[q].tag in ("JJ", "JJR", "JJS"):
        q += 1
    return q < len(sent.tokens) and sent.tokens[q].tag == "NN" and sent.tokens[q].dep in ("nsubj", "nsubjpass", "compound")


class _Document:
    """The state of one document's reading: sentences, quotations, mentions and what was found so far."""

    def __init__(self, text: str, sentences: list[ParsedSentence], quotes: _Quotes) -> None:
        self.text = text
        self.sentences = sentences
        self._sentence_starts = [s.start for s in sentences]  # to find the sentence at an offset
        self.quotes = quotes
        self.found: list[Found] = []
        self._chain: dict[tuple[int, int], tuple[str, str, None, tuple[int, int]] | None] = {}  # pronoun subjects resolved
        self._depth = 0  # how many sentences back the pronoun chain being resolved now reaches
        # "that" opening a clause; not one before a bare singular noun, a determiner the parser took for a mark
        # ("said that piece has been written …", "said that interim injunction will …")
        self.marks = {t.start for s in sentences for q, t in enumerate(s.tokens) if t.dep == "mark"
                      and not (t.text.lower() == "that" and _bare_singular(s, q + 1))}  # fmt: skip
        self.negated = {s.tokens[t.head].start for s in sentences for t in s.tokens if t.dep == "neg"}
        self.passive = {s.tokens[t.head].start for s in sentences for t in s.tokens  # "Wang is accused of …"
                        if t.dep in ("auxpass", "nsubjpass") and s.tokens[t.head].lemma.lower() != "quote"}
        self.mentions: list[_Mention] = []
        self.entities: list[tuple[ParsedEntity, int]] = []  # actor entities and their sentence
        self.people = person_words(text, [e for s in sentences for e in s.entities])
        self.genders = read_genders(text, sentences, quotes, self.kind, self.people)  # as the text shows them
        full: dict[str, set[str]] = {}  # a surname: the full names of people named so far with it
        for si, sent in enumerate(sentences):
            seen = set()
            for ent in sent.entities:
                if (ent.label in ACTOR_LABELS or _lexicon_actor(ent.text)) and ent.text.lower() != ent.text:
                    self.entities.append((ent, si))
                    seen.update(range(ent.start, ent.end))
                    if quotes.at(ent.start) is None:  # "Mike Bloomberg’s" is a mention of "Mike Bloomberg"
                        self.mentions.append(_Mention(ent.start, _bare(ent.text), self.kind(ent), si))
                    if self.kind(ent) == "person" and len(ent.text.split()) > 1:
                        full.setdefault(_last_word(ent.text), set()).add(_bare(ent.text))
            for t in sent.tokens:  # names spaCy misses that the lexicon knows ("Zelenskyy", "Kyiv"), or that the
                if t.pos == "PROPN" and t.start not in seen and quotes.at(t.start) is None:  # document shows a surname
                    if kind := _lexicon_actor(t.text):
                        self.mentions.append(_Mention(t.start, t.text, kind, si))
                    elif untagged_person(t, self.people):  # by the full name it stands for, when only one
                        names = full.get(_last_word(t.text), set())
                        self.mentions.append(_Mention(t.start, next(iter(names)) if len(names) == 1 else t.text, "person", si))
        self.mentions.sort(key=lambda m: m.start)
        self._mention_starts = [m.start for m in self.mentions]
        ents = [e for e, _ in self.entities]
        self.names = {e.text for e in ents} | {_last_word(e.text) for e in ents}  # what the document names somewhere
        self.acronyms = _acronyms(text, ents)  # "ILO" for the "International Labour Organisation" named before

    def kind(self, ent: ParsedEntity) -> str:
        """"person" or "thing" for an entity, the document's evidence first ("Mr Szijjarto" makes it a person)."""
        known = _lexicon_actor(ent.text)
        if known:
            return known
        return "person" if ent.label == "PERSON" or _last_word(ent.text) in self.people else "thing"

    def _span(self, si: int) -> tuple[int, int]:
        return self.sentences[si].start, self.sentences[si].end
