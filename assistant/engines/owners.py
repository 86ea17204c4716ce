"""Whose ad, tweet or post a statement was made in: "the ad says …", "reads a post", "said the narrator" name a
vehicle, not a speaker; its maker is named where the article says whose it is ("Baldwin’s ad", "a new ad from
Priorities USA Action", "Two groups paid for the ad", "the Becoming American Initiative launched its first ad").

The words are lexicon data (``speaker_vehicles``, ``vehicle_voices``, ``vehicle_owner_verbs``,
``vehicle_speech_verbs``). Pure functions over a document's text and sentence spans; names are checked by the caller
(:func:`assistant.engines.speaker.name_in` and the parser's entity labels), so a capitalised common word is never an
owner.

Example:
    >>> vehicle_phrase("“Crime is up,” the ad says.")
    ('the ad', 'ad')
    >>> vehicle_phrase("In Smith’s ad, released online on July 31, the narrator asserts:")
    ('the narrator', 'narrator')
    >>> vehicle_phrase("Crime is up, the mayor says.") is None
    True
    >>> text = "Rivers Action paid for the ad. “Crime is up,” the ad says."
    >>> [m for m in owner_candidates(text[:30], "ad")]
    ['Rivers Action']
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import lexicon
from ..lemmas import lemma


def name_regex() -> str:
    """A capitalised name, "&", its connectors, "the" and "and" inside it ("Priorities USA Action", "Lake and Co")."""

    def build(lex: lexicon.Lexicon) -> str:
        inner = lexicon.alternation(lexicon.name_connectors() + lex.words("organisation_joiners"))
        return rf"[A-Z][\w’'.&-]*(?:\s+(?:(?:{inner})\s+)?[A-Z][\w’'.&-]*)*"

    return lexicon.derived("owners.name", build)


def _speech() -> re.Pattern[str]:
    """A vehicle or voice next to a speech verb: "the ad says", "reads a post", "said the narrator"."""

    def build(lex: lexicon.Lexicon) -> re.Pattern[str]:
        things = lexicon.alternation(lex.words("speaker_vehicles") + lex.words("vehicle_voices"))
        vehicles = {w.lower() for w in lex.words("speaker_vehicles")}
        verbs = lexicon.alternation(
            [w for w in lex.words("speaker_cues") if w.lower() not in vehicles] + list(lex.words("vehicle_speech_verbs"))
        )
        det = rf"(?:{lexicon.alternation(lex.words('determiners'))})"
        return re.compile(
            rf"\b{det}\s+(?:[\w’'-]+\s+){{0,3}}?(?P<v1>{things})\b(?:,[^,]{{0,80}},)?\s+(?:\w+\s+)?(?:{verbs})\b"
            rf"|\b(?:{verbs})\s+(?:{det}\s+)?(?:[\w’'-]+\s+){{0,3}}?(?P<v2>{things})\b"
            rf"|\b{det}\s+(?:[\w’'-]+\s+){{0,3}}?(?P<v3>{lexicon.alternation(lex.words('vehicle_voices'))})\b",
            re.I,
        )

    return lexicon.derived("owners.speech", build)


def vehicle_phrase(outside: str) -> tuple[str, str] | None:
    """The vehicle or voice a sentence says a statement is made in: (the phrase naming it as written, the vehicle
    word in lower case), or None. ``outside``: the sentence with its quotations blanked.

    >>> vehicle_phrase("“Crime is up,” reads one viral Facebook post.")
    ('one viral Facebook post', 'post')
    """
    m = _speech().search(outside)
    if m is None:
        return None
    group = "v1" if m.group("v1") else "v2" if m.group("v2") else "v3"
    start = lexicon.derived("owners.determiner", lambda lex: re.compile(
        rf"\b(?:{lexicon.alternation(lex.words('determiners'))})\s", re.I))  # fmt: skip
    det = [d for d in start.finditer(outside, m.start(), m.end(group))]
    if not det:  # "stated a May 7 Facebook post" run together, "said Facebook posts": the words after the verb
        return outside[m.start() : m.end(group)].split(None, 1)[-1], m.group(group).lower()
    begin = det[-1].start()
    return outside[begin : m.end(group)], m.group(group).lower()


def vehicle_subject(outside: str) -> str | None:
    """The vehicle a sentence opens with as its subject ("The post was flagged …", "This video, shared 3,000 times,
    …"), as written, or None: an article speaking about the vehicle a statement came in.

    >>> vehicle_subject("The viral post was flagged as false."), vehicle_subject("The mayor was flagged.")
    ('The viral post', None)
    """

    def build(lex: lexicon.Lexicon) -> re.Pattern[str]:
        return re.compile(rf"\s*(?i:{lexicon.alternation(lex.words('determiners'))})\s+(?:[\w’'-]+\s+){{0,2}}?"
                          rf"(?:{lexicon.alternation(lex.words('speaker_vehicles'))})\b")  # fmt: skip

    m = lexicon.derived("owners.subject", build).match(outside)
    return m.group(0).strip() if m else None


def _family(vehicle: str) -> str:
    """The vehicle words an owner is named with: the vehicle itself, singular or plural; any vehicle for a voice."""
    if vehicle in lexicon.word_set("vehicle_voices"):
        return lexicon.alternation(lexicon.speaker_vehicles())
    return lexicon.alternation([w for w in lexicon.speaker_vehicles() if lemma(w) == lemma(vehicle)] or [vehicle])


def _owner_patterns(vehicle: str) -> tuple[tuple[re.Pattern[str], ...], re.Pattern[str], re.Pattern[str]]:
    """The compiled patterns of :func:`owner_candidates` for a vehicle, built once per vehicle word: the three that
    name the owner, the owner verb before the vehicle, and the clause openers."""

    def build(lex: lexicon.Lexicon) -> tuple[tuple[re.Pattern[str], ...], re.Pattern[str], re.Pattern[str]]:
        veh, name = _family(vehicle), name_regex()
        stop = lexicon.alternation(sorted(lexicon.stopwords()))
        by = lexicon.alternation(lex.words("owner_prepositions"))
        named = (
            rf"(?P<name>{name})[’']s?\s+(?:[\w-]+\s+){{0,3}}?(?:{veh})\b",
            rf"\b(?:{veh})\b[^.;:]{{0,60}}?\b(?:{by})\s+(?:the\s+)?(?:[a-z][\w-]*\s+){{0,3}}(?P<name>{name})",
            # "a Johnson radio ad", not "told X the ad"
            rf"(?P<name>{name})\s+(?:(?!(?:{stop})\b)[a-z][\w-]*\s+){{0,2}}(?:{veh})\b",
        )
        verbs = lexicon.alternation(lex.words("vehicle_owner_verbs"))
        opener = lexicon.alternation(lex.words("clause_openers"))
        return (tuple(re.compile(p) for p in named), re.compile(rf"\b(?:{verbs})\s+(?:[\w’'$-]+\s+){{0,5}}?(?:{veh})\b", re.I),
                re.compile(rf"[;:]|\b(?:{opener})\b"))  # fmt: skip

    return lexicon.derived(f"owners.patterns.{vehicle}", build)


def owner_candidates(outside: str, vehicle: str) -> Iterator[str]:
    """Names a sentence gives as the owner of a ``vehicle`` (see :func:`vehicle_phrase`), most telling first:
    "Baldwin’s ad", "an ad from X" / "paid for by X", "X released … an ad", "a Johnson radio ad"."""
    named, released, clause_break = _owner_patterns(vehicle)
    for p in named:
        for m in p.finditer(outside):
            yield m.group("name")
    for m in released.finditer(outside):
        clause = without_relatives(clause_break.split(outside[: m.start()])[-1])
        yield from (n.group(0) for n in re.finditer(name_regex(), clause))


def without_relatives(text: str) -> str:
    """``text`` with its relative and parenthetical clauses blanked (same length): a name in ", which has ties to the
    Koch brothers," or "(R-Texas)" is not the subject of the clause around it.

    >>> without_relatives("The nonprofit, which has ties to the Koch brothers, released an ad")
    'The nonprofit,                                    , released an ad'
    """
    relative = lexicon.alternation(lexicon.relative_pronouns())
    text = re.sub(rf",\s*(?:{relative})\b[^,;:]*,", lambda m: "," + " " * (len(m.group(0)) - 2) + ",", text)
    return re.sub(r"\([^()]*\)", lambda m: " " * len(m.group(0)), text)
