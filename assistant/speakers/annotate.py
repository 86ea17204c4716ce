"""Each merged claim's actor labelled and grouped: its entity label, the person a longer phrase names, the
organisation a one-word description stands for, a person's group key as the document settles it ("Mr Garcia")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from .. import lexicon
from ..nlp import ParsedEntity, ParsedSentence
from .names import ACTOR_LABELS, _acronyms, _last_word, _lexicon_actor, _particles, person_words

if TYPE_CHECKING:
    from ..attribution import Claim


def _annotate(text: str, sentences: Sequence[ParsedSentence], claims: list[Claim]) -> list[Claim]:
    """Each actor's entity label, the person a longer phrase names ("Executive Council … Robert Goot" -> "Robert
    Goot"), and a person's group as the document settles it: the short form it uses ("Mr Garcia" for "Alvaro
    Garcia Linera")."""
    ents = [e for s in sentences for e in s.entities if e.label in ACTOR_LABELS]
    short = _short_forms(text, ents)
    people = person_words(text, ents)
    acronyms = _acronyms(text, ents)
    out = []
    for c in claims:
        if not c.actor or re.search(r"\s(?:and|&)\s", c.actor):
            out.append(c)
            continue
        actor, label = c.actor, None
        named = _named_before(text, c, ents, people)
        lead = re.fullmatch(r"(?P<n>[A-Z][a-z]+)\s+(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})", actor)
        if lead and (lead.group("n").lower() in lexicon.speaker_words("spokes_nouns") or lexicon.is_title(lead.group("n"))):
            actor = lead.group("name")  # "Lawyer Gankhuugiin Batbayar": the person the occupation names
            out.append(replace(c, actor=actor, actor_label="PERSON", actor_key=_person_key(actor, short)))
            continue
        if named is not None:  # "the Authority" after "the Sorvik Port Authority": the organisation, whole
            actor, label = named, "ORG"
            out.append(replace(c, actor=actor, actor_label=label, actor_key=acronyms.get(actor)))
            continue
        ent = _actor_entity(text, c, ents)
        if ent is not None:
            label = ent.label
            if label == "PERSON" and ent.text != actor and ent.text in actor and not re.search(r"[’']s\b", ent.text):
                actor = ent.text
        known = _lexicon_actor(actor)
        if ent is None and known is None and c.actor_label == "ORG":  # the parse read an organisation ("X, a … group")
            label = "ORG"
        if known == "person" or (known is None and _last_word(actor) in people):
            label = "PERSON"
        elif known == "thing" and label == "PERSON":
            label = None
        key = _person_key(actor, short) if label == "PERSON" else acronyms.get(actor)
        out.append(replace(c, actor=actor, actor_label=label, actor_key=key))
    return out


def _named_before(text: str, claim: Claim, ents: Sequence[ParsedEntity], people: set[str]) -> str | None:
    """The organisation a one-word description stands for: "the Authority" is the nearest "… Authority" of two or
    more words named before it ("the Sorvik Port Authority"); None when the actor is anything else."""
    actor = re.sub(r"^the\s+", "", claim.actor or "", flags=re.I)
    if not re.fullmatch(r"[A-Z][a-z]+", actor) or _lexicon_actor(actor) or actor.lower() in people:
        return None
    before = [e for e in ents if e.label == "ORG" and e.end <= claim.start and len(e.text.split()) > 1
              and _last_word(e.text) == actor.lower()]  # fmt: skip
    return re.sub(r"^the\s+", "", before[-1].text, flags=re.I) if before else None


def _actor_entity(text: str, claim: Claim, ents: list[ParsedEntity]) -> ParsedEntity | None:
    """The entity the claim's actor is written as: where it stands in the sentence naming it, else anywhere."""
    actor = claim.actor or ""
    spans = [claim.antecedent, (claim.start, claim.end), (0, len(text))]
    for span in spans:
        if span is None:
            continue
        at = text.find(actor, span[0], span[1])
        if at < 0:
            continue
        best, overlap = None, 0
        for e in ents:
            o = min(e.end, at + len(actor)) - max(e.start, at)
            if e.end == at + len(actor) and o > 0:  # the name that ends the phrase is its head ("Lawyer X Y")
                return e
            if o > overlap:
                best, overlap = e, o
        if best is not None:
            return best
    return None


def _short_forms(text: str, ents: list[ParsedEntity]) -> set[str]:
    """The short forms a document refers to people by: "Mr ap Iorwerth" -> "ap Iorwerth", a one-word PERSON."""
    forms = {e.text for e in ents if e.label == "PERSON" and len(e.text.split()) == 1}
    for m in re.finditer(rf"\b(?P<h>[A-Z][a-z]+)\.?\s+(?P<n>{_particles()}[A-Z][\w’'-]+)", text):
        if lexicon.is_honorific(m.group("h")):
            forms.add(m.group("n"))
    return forms


def _person_key(actor: str, short: set[str]) -> str:
    """A person's group: the longest short form of the document inside the name, else the surname."""
    from ..attribution import surname

    words = [w for w in actor.split() if not lexicon.is_honorific(w) and not lexicon.is_title(w.rstrip("."))]
    bare = [re.sub(r"^[a-z]{1,3}-(?=[A-Z])", "", w) for w in words]
    particles = lexicon.speaker_words("name_particles")
    for form in short:  # "Iorwerth" where the document writes "Mr ap Iorwerth": the surname with its particle
        fw = form.split()
        if len(words) == 1 and len(fw) > 1 and fw[-1] == words[0] and all(w in particles for w in fw[:-1]):
            return lexicon.canonical_person(form)
    for form in sorted(short, key=lambda f: -len(f.split())):
        fw = form.split()
        if len(fw) < len(words) and any(bare[i : i + len(fw)] == fw or words[i : i + len(fw)] == fw
                                        for i in range(1, len(words) - len(fw) + 1)):  # fmt: skip (not a first name)
            return lexicon.canonical_person(form)
    return surname(actor)
