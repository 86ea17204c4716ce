"""Who "the group" is: a sentence whose subject is a description of an organisation ("The group quoted LaPierre
as saying …", "The grassroots nonprofit, which has ties to …, released a digital ad") speaks for an organisation
the article named before, best one it introduced with the same noun ("the advocacy group Everytown", "the
Everytown group").

The nouns are lexicon data (``speakers.organisation_nouns``). Pure functions over a sentence's text with its
quotations blanked; the caller checks that a candidate is a name (:func:`assistant.engines.speaker.name_in`).

Example:
    >>> description("The group quoted LaPierre as saying in 1999, …")
    'group'
    >>> description("The grassroots nonprofit, which has ties to the Koch brothers, released an ad")
    'nonprofit'
    >>> description("The group’s spokesman said …") is None, description("Group chats were busy.") is None
    (True, True)
    >>> list(introduced("LaPierre had barely stepped down when the advocacy group Everytown tweeted this.", "group"))
    ['Everytown']
    >>> description("The senator went on to say: …"), list(introduced("Then stepped in U.S. Sen. Ron Johnson, who", "senator"))
    ('senator', ['Ron Johnson'])
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import lexicon
from .owners import name_regex


def _nouns() -> str:
    """Organisation nouns and one-word titles: "the group", "the senator"."""
    return lexicon.derived("described.nouns", lambda _: lexicon.alternation(sorted(
        lexicon.speaker_words("organisation_nouns") | {t for t in lexicon.titles() if " " not in t and len(t) > 3})))


def is_title(noun: str) -> bool:
    """True when a description's noun is a person's title ("senator"), not an organisation's noun ("group")."""
    return noun not in lexicon.speaker_words("organisation_nouns") and lexicon.is_title(noun)


def description(outside: str) -> str | None:
    """The organisation noun of the definite description a sentence opens with ("The group", "This conservative
    nonprofit"), lower case, or None. A possessive ("The group’s spokesman") is someone else speaking."""

    def build(_: lexicon.Lexicon) -> re.Pattern[str]:
        openers = lexicon.alternation(lexicon.clause_openers())
        return re.compile(rf"\s*(?:(?i:{openers}),?\s+)?(?i:the|this)\s+(?:[a-z][\w-]*\s+){{0,2}}?"
                          rf"(?P<noun>(?i:{_nouns()}))\b(?![’'-])")  # fmt: skip

    m = lexicon.derived("described.subject", build).match(outside)
    return m.group("noun").lower() if m else None


def introduced(outside: str, noun: str) -> Iterator[str]:
    """Names a sentence introduces with ``noun``, as written: "the advocacy group Everytown", "the Everytown group"."""

    def build(_: lexicon.Lexicon) -> tuple[re.Pattern[str], ...]:
        if is_title(noun):  # "Sen. Ron Johnson", "senator Ron Johnson"
            forms = lexicon.alternation(lexicon.title_forms(noun))
            return (re.compile(rf"\b(?i:{forms})\.?\s+(?P<name>{name_regex()})"),)
        word = rf"(?i:{re.escape(noun)}s?)"
        return re.compile(rf"\b{word}\s+(?P<name>{name_regex()})"), re.compile(rf"(?P<name>{name_regex()})\s+{word}\b")

    for p in lexicon.derived(f"described.introduced.{noun}", build):
        for m in p.finditer(outside):
            yield m.group("name")
