"""What counts as a name in the parse pass: the entity labels an actor may have, a name without its possessive,
its last word, a name the lexicon knows, the surnames a document shows to be people's, the acronyms it spells out."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .. import lexicon
from ..nlp import ParsedEntity

ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})


def _bare(name: str) -> str:
    """A name without its possessive ending: "Mike Bloomberg’s" -> "Mike Bloomberg".

    >>> _bare("Mike Bloomberg’s"), _bare("Reuters")
    ('Mike Bloomberg', 'Reuters')
    """
    return re.sub(r"\s*[’']s$", "", name) or name


def _last_word(name: str) -> str:
    words = re.findall(r"[\w’'-]+", lexicon.fold(name))
    return words[-1].lower().removesuffix("'s") if words else ""


def _lexicon_actor(name: str) -> str | None:
    """"person" or "thing" when the lexicon knows the name (an actor group, or a person's spelling), else None."""
    for part in re.split(r"\s+and\s+", name):
        part = part.strip()
        if lexicon.actor_group(part) or any(lexicon.word_group(w) for w in re.findall(r"[\w’'.-]+", part)):
            return "thing"
        if lexicon.is_known_person(part.split()[-1] if part.split() else part):
            return "person"
    return None


def _particles() -> str:
    """A regex fragment: the surname particles the lexicon lists, each followed by a space, optional."""
    return rf"(?:(?:{lexicon.alternation(lexicon.speaker_words('name_particles'))})\s+)*"


def person_words(text: str, ents: Sequence[ParsedEntity]) -> set[str]:
    """Lower-case surnames the document shows to be people's: a PERSON entity's last word, a word after an
    honorific or a title ("Mr Szijjarto", "chairman Tony Stewart")."""
    words = {_last_word(e.text) for e in ents if e.label == "PERSON"}
    # the name is a lookahead: matches overlap, so "… failed. Mrs Eva Stone" still reads "Mrs" as an honorific
    for m in re.finditer(rf"\b(?P<h>[A-Za-z][a-z]+)\.?\s+(?=(?P<n>(?:[A-Z][\w’'-]+\s+)?{_particles()}[A-Z][\w’'-]+))", text):
        if lexicon.is_honorific(m.group("h")) or lexicon.is_title(m.group("h")):
            words.add(_last_word(m.group("n")))
    return words


def _acronyms(text: str, ents: Sequence[ParsedEntity]) -> dict[str, str]:
    """Acronyms the document spells out, to the organisation's group: "the British Geological Survey (BGS)", or an
    organisation named in full whose initials it is ("Welsh Rugby Union" for "WRU")."""
    from ..attribution import actor_group

    out: dict[str, str] = {}
    orgs = [e for e in ents if e.label == "ORG" and len(e.text.split()) > 1]
    for e in orgs:
        name = re.sub(r"^the\s+", "", e.text, flags=re.I)
        initials = "".join(w[0] for w in name.split() if w[0].isupper())
        group = actor_group(name, "ORG") or name
        bracket = re.match(r"\s*\((?P<a>[A-Z]{2,6})\)", text[e.end : e.end + 12])
        for acronym in filter(None, (initials if len(initials) > 1 else None, bracket and bracket.group("a"))):
            out.setdefault(acronym, group)
    return {a: g for a, g in out.items() if not lexicon.actor_group(a)}
