"""Who said, demanded, proposed or rejected what: the claims of a document's sentences, read from the parse.

Each sentence of a document gets its claims (:mod:`assistant.speakers` reads them from the dependency parse): who
is speaking or acting (a named entity or a lexicon actor, a pronoun or a description resolved to one, the speaker
of a quotation, the source of "according to X"), the kind of act (demand, propose, reject, say) and its content,
all as exact spans of the original text; a sentence that reports no act is about its main subject.

Example:
    >>> text = "President Volodymyr Zelenskyy called for a ceasefire. “Free the prisoners,” he said."
    >>> [(c.actor, c.act, c.content) for c in analyze(text, ((0, len(text)),))]
    [('Volodymyr Zelenskyy', 'demand', 'a ceasefire'), ('Volodymyr Zelenskyy', 'demand', 'Free the prisoners')]

Actors are grouped here (:func:`actor_group`: "the Kremlin" → Russia, a person by surname) with the lexicon's
aliases (:mod:`assistant.lexicon`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import lexicon
from .text import sentence_spans

if TYPE_CHECKING:
    from .nlp import ParsedSentence


@dataclass(frozen=True)
class Claim:
    """One sentence with who it is attributed to and what act it reports (spans are document offsets)."""

    start: int  # the sentence
    end: int
    actor: str | None  # as written (or resolved from a pronoun), e.g. "Zelenskyy"
    act: str | None  # demand / propose / reject / say, or None when no act is reported
    verb: str  # the act as written, e.g. "had reiterated calls for"
    content: str  # what was demanded/said, as written
    content_start: int
    antecedent: tuple[int, int] | None = None  # the sentence naming the actor, when resolved from a pronoun
    source: str | None = None  # "according to X"
    actor_label: str | None = None  # the parse's entity label of the actor: PERSON, ORG, GPE or NORP (None: unknown)
    actor_key: str | None = None  # the actor's group as the document settles it (a person's surname as it writes it)

    @property
    def group(self) -> str | None:
        return self.actor_key or actor_group(self.actor, self.actor_label)


def actor_group(name: str | None, label: str | None = None) -> str | None:
    """The canonical actor for a name ("the Kremlin" -> "Russia"), or the name itself.

    With the parse's entity ``label``, an organisation keeps its whole name unless it is a country's state body
    ("Liberal Democrats", "British Athletics"; "the Welsh government" -> "Wales"), a person is the surname:

    >>> actor_group("Liberal Democrats", "NORP"), actor_group("British Athletics", "ORG"), actor_group("the UK government", "ORG")
    ('Liberal Democrats', 'British Athletics', 'United Kingdom')
    >>> actor_group("Russia’s Ministry of Defence", "ORG"), actor_group("Welsh Rugby Union", "ORG")
    ('Russia', 'Welsh Rugby Union')
    >>> actor_group("British Transport Police", "ORG"), actor_group("the Russian police", "ORG")
    ('British Transport Police', 'Russia')
    >>> actor_group("Rhun ap Iorwerth", "PERSON"), actor_group("Richard Horwell QC", "PERSON")
    ('ap Iorwerth', 'Horwell')

    >>> actor_group("the Kremlin"), actor_group("Russia’s Ministry of Defence"), actor_group("Volodymyr Zelenskyy")
    ('Russia', 'Russia', 'Zelenskyy')
    >>> actor_group("Michael Jordan"), actor_group("Jordan’s foreign minister"), actor_group("Jordan")
    ('Jordan', 'Jordan’s foreign minister', 'Jordan')
    >>> actor_group("Health Inspectorate Wales"), actor_group("Transport for London"), actor_group("the Russian police")
    ('Health Inspectorate Wales', 'Transport for London', 'Russia')
    >>> actor_group("the Russian Foreign Minister"), actor_group("Ukrainian Foreign Ministry")  # offices of a state
    ('Russia', 'Ukraine')
    >>> actor_group("Volodymyr Zelensky"), actor_group("Zelenskiy")  # one spelling per person
    ('Zelenskyy', 'Zelenskyy')
    """
    if not name:
        return None
    group = lexicon.actor_group(name)
    if group:
        return group
    if label == "PERSON":
        return surname(name)
    if label in ("ORG", "NORP", "FAC"):
        return _organisation_group(name)
    if is_person_name(name):  # "Volodymyr Zelensky" and "Zelenskyy" are the same person
        return lexicon.canonical_person(name.split()[-1])
    raw = re.findall(r"[A-Za-z.]+(?:'s)?", lexicon.fold(name))
    words = [w.removesuffix("'s") for w in raw]
    for n in (3, 2, 1):  # "South Sudan's army": the longest alias inside the name
        for i in range(len(words) - n + 1):
            group = lexicon.word_group(" ".join(words[i : i + n]))
            if group:
                rest = [w for w in words[:i] + words[i + n :] if not lexicon.word_group(w)]
                office = any(lexicon.is_state_body(w) or lexicon.is_title(w) for w in rest)  # "Foreign Minister"
                if not raw[i + n - 1].endswith("'s") and not office and any(w[:1].isupper() for w in rest):
                    return name  # "Health Inspectorate Wales", "Transport for London": an organisation named for a place
                return group
    return lexicon.canonical_person(name) if len(name.split()) == 1 else name  # "Zelenskiy" -> "Zelenskyy"


def surname(name: str) -> str:
    """A person's surname as written, particles kept and honorifics, titles and post-nominals left out.

    >>> surname("Mr ap Iorwerth"), surname("Faisal al-Mekdad"), surname("Volodymyr Zelensky"), surname("Mr Garcia")
    ('ap Iorwerth', 'Mekdad', 'Zelenskyy', 'Garcia')
    """
    words = [w for w in name.split() if not lexicon.is_title(w.rstrip(".")) and not lexicon.is_honorific(w)]
    while len(words) > 1 and words[-1].isupper() and len(words[-1]) <= 4:  # "Richard Horwell QC"
        words.pop()
    if not words:
        return name
    k = len(words) - 1
    while k > 0 and words[k - 1] in lexicon.speaker_words("name_particles"):  # "Rhun ap Iorwerth": particles belong
        k -= 1
    last = " ".join(words[k:])
    if k == len(words) - 1:
        last = re.sub(r"^(?:[a-z]{1,3}-)(?=[A-Z])", "", last)  # "al-Mekdad" is "Mr Mekdad"
    return lexicon.canonical_person(last)


def _organisation_group(name: str) -> str:
    """An organisation's group: the country when the rest of its name only says which body of the state it is
    ("the Russian embassy", "the UK government"), the alias a longer name contains ("Amnesty International UK"),
    else the name whole without a leading "the" ("Welsh Rugby Union")."""
    words = [w.removesuffix("'s") for w in re.findall(r"[\w.&-]+(?:'s)?", lexicon.fold(name))]
    if words and words[0].lower() == "the":
        words = words[1:]
    if any(w[:1].isupper() and w.lower() in lexicon.speaker_role_names("police") for w in words):
        return " ".join(words)  # a named force ("British Transport Police", "Police Scotland"), unlike "the Russian police"
    for n in (3, 2, 1):
        for i in range(len(words) - n + 1):
            group = lexicon.word_group(" ".join(words[i : i + n]))
            if not group:
                continue
            rest = words[:i] + words[i + n :]
            # "Russia’s Ministry of Defence": a body of the state, whatever its own name
            if n > 1 or any(lexicon.is_state_body(w) for w in rest) or all(w.islower() for w in rest):
                return group
    return re.sub(r"^the\s+", "", name.strip(), flags=re.I)


def actor_groups(name: str | None) -> set[str]:
    """Canonical actors of a possibly compound name ("Kyiv and Moscow" -> {"Ukraine", "Russia"})."""
    if not name:
        return set()
    return {g for part in re.split(r"\s+and\s+", name) if (g := actor_group(part.strip()))}


def same_actor(a: str | None, b: str | None) -> bool:
    """True when two names refer to the same actor (aliases, surnames and compounds included)."""
    return bool(actor_groups(a) & actor_groups(b))


def is_person_name(name: str) -> bool:
    """A rough test: two or more capitalised words that are not a place or an organisation.

    >>> is_person_name("Michael Jordan"), is_person_name("Jordanian officials"), is_person_name("Foreign Ministry")
    (True, False, False)
    """
    if lexicon.org_word_pattern().search(name) or "’s" in name or "'s" in name:
        return False
    parts = name.split()
    if lexicon.actor_group(name) or any(lexicon.word_group(p) for p in parts):
        return False
    return len(parts) >= 2 and all(p[:1].isupper() for p in parts)


_WHOLE_QUOTE = re.compile(r"^[“\"](?P<q>[^“”\"]+?)[,.!?]?[”\"]$")


def is_whole_quotation(sentence: str) -> bool:
    """True for a sentence that is all quotation, with no speaker of its own (“The second was intercepted.”)."""
    return _WHOLE_QUOTE.match(sentence) is not None


PARSE = True  # read documents with the parser; False (the unit tier, no model): sentences with no claims read


def analyze(
    text: str,
    segments: tuple[tuple[int, int], ...],
    parsed: Sequence[ParsedSentence] | None = None,
    parse: bool | None = None,
) -> list[Claim]:
    """Claims for every sentence of the given segments of ``text``, read from the parse.

    ``parsed``: the parser's sentences of those segments, when the caller has them (never parsed again); without
    them the text is parsed when ``parse`` (default: :data:`PARSE`) is on. With the parser off every sentence comes
    back with no actor and no act: who said what is never guessed without the parse.
    """
    if parsed is None and not (PARSE if parse is None else parse):
        return [Claim(a, b, None, None, "", text[a:b], a) for s, e in segments for a, b in sentence_spans(text, s, e)]
    from .speakers import assemble

    return assemble(text, segments, parsed)
