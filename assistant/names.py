"""Names in a short text — a question, a claim, an answer sentence — as people write them, read from its parse.

A name is a named entity that is not a value (not a date or a number), a run of proper nouns the entity recogniser
missed or cut ("Ursula von der Leyen"), a capitalised noun inside the text, or a name the lexicon knows (an actor,
an alias, a person's spelling) — in lower case too ("russia" → "Russia"). A word that opens a question or a clause
("What", "Did", "According") is never one. A leading "the" and a possessive are dropped.

The text is parsed here, once (:func:`parsed` caches it): articles are never parsed on the query path, their names
are in their stored analysis. Without the parser (:data:`assistant.attribution.PARSE` off: the unit tier, which loads
no model) names are read from capitalisation instead.

Example:
    >>> names_in("According to Ukraine, how many drones did Russia launch overnight?")
    ['Ukraine', 'Russia']
    >>> names_in("what did zelensky and the white house say?")
    ['Zelensky', 'White House']
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from . import attribution, lexicon
from .text import capitalized_phrases

if TYPE_CHECKING:
    from .nlp import ParsedSentence

# Entity labels that are values, not names: a date, a time or a number in a question is never a name it must mention.
VALUE_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
_POSSESSIVE = re.compile(r"[’']s\s+")  # between an owner and what it owns: "Ukraine’s Ministry of Defence"
_MAX_LEXICON_WORDS = 4  # the longest lexicon name looked up in lower case ("bosnia and herzegovina", "the white house")


def names_in(text: str, *, owners_joined: bool = False) -> list[str]:
    """The names in ``text``, in order (see the module's description). With ``owners_joined`` a name owned by the
    name before it is one name with its owner, as written ("Ukraine’s Ministry of Defence", not "Ukraine" and
    "Ministry of Defence"): what an answer sentence must find in its quote.

    >>> names_in("Russia’s Ministry of Defence said so."), names_in("Russia’s Ministry of Defence said so.", owners_joined=True)
    (['Russia', 'Ministry of Defence'], ['Russia’s Ministry of Defence'])
    """
    if attribution.PARSE:
        return list(_parsed_names(text, owners_joined))
    out = []
    for phrase in capitalized_phrases(text):  # the no-model fallback (unit tier): runs of capitalised words
        words = [w for w in phrase.split() if w not in lexicon.not_names()]
        if words:
            out.append(" ".join(words).removesuffix("’s").removesuffix("'s"))
    return out


@functools.lru_cache(maxsize=1024)  # a question is analysed several times per turn (engine, follow-ups, filters)
def parsed(text: str) -> tuple[ParsedSentence, ...]:
    """The sentences of a short text as the parser reads them (loaded once)."""
    from .nlp import parse

    return tuple(parse(text))


@functools.lru_cache(maxsize=1024)
def _parsed_names(text: str, owners_joined: bool = False) -> tuple[str, ...]:
    spans: list[tuple[int, int]] = []
    for sent in parsed(text):
        spans.extend(_name_spans(text, sent))
    spans.sort()
    if owners_joined:
        for k in range(len(spans) - 1, 0, -1):
            if _POSSESSIVE.fullmatch(text[spans[k - 1][1] : spans[k][0]]):
                spans[k - 1 : k + 1] = [(spans[k - 1][0], spans[k][1])]
    return tuple(dict.fromkeys(n for n in (_written(text[a:b]) for a, b in spans) if n))


def _name_spans(text: str, sent: ParsedSentence) -> list[tuple[int, int]]:
    """(start, end) of each name in one parsed sentence: entities joined with the proper-noun runs over them."""
    toks = sent.tokens
    value = {k for k, t in enumerate(toks) if t.ent_type in VALUE_LABELS}
    entities = [(e.start, e.end) for e in sent.entities if e.label not in VALUE_LABELS and _cased_or_known(e.text, e.label)]
    named = [k not in value and _name_token(sent, k) for k in range(len(toks))]
    connectors = set(lexicon.name_connectors())
    spans: list[tuple[int, int]] = []
    k = 0
    while k < len(toks):  # runs of name tokens, connectors between two of them joining ("Charles de Gaulle")
        if not named[k]:
            k += 1
            continue
        j = k
        while True:
            m = j + 1
            while m < len(toks) and toks[m].text in connectors:  # lower case only: "Club for Growth", "von der"
                m += 1
            if m >= len(toks) or not named[m]:
                break
            j = m
        spans.append((toks[k].start, toks[j].end))
        k = j + 1
    for a, b in entities:  # an entity is a name, whole; a run over part of it takes it in ("Ursula von der" + "Leyen")
        hit = [s for s in spans if s[0] < b and a < s[1]]
        spans = [s for s in spans if s not in hit] + [(min([a, *(s[0] for s in hit)]), max([b, *(s[1] for s in hit)]))]
    spans.extend(_lexicon_spans(text, sent, list(spans), value))
    return _merged(text, spans)


def _name_token(sent: ParsedSentence, k: int) -> bool:
    """A proper noun, or a capitalised noun that does not open the sentence; never a word that opens a question."""
    t = sent.tokens[k]
    if not t.text[:1].isupper() or t.text in lexicon.not_names() or not any(c.isalpha() for c in t.text):
        return False
    return t.pos == "PROPN" or (t.pos == "NOUN" and not _opens_clause(sent, k))


def _opens_clause(sent: ParsedSentence, k: int) -> bool:
    """True when token ``k`` starts the sentence or follows a colon, a dash or an opening quotation mark."""
    return k == 0 or sent.tokens[k - 1].text in (":", "—", "–", "-", "“", '"', "‘", "'")


def _cased_or_known(name: str, label: str) -> bool:
    """A name written with a capital, or in lower case one the lexicon knows or the recogniser reads as a person."""
    return any(c.isupper() for c in name) or label == "PERSON" or _known(name)


def _known(name: str) -> bool:
    """True when the lexicon knows the name: an actor or one of its aliases, or a person's spelling."""
    bare = re.sub(r"^the\s+", "", name, flags=re.I)
    if lexicon.actor_group(bare) or lexicon.is_known_person(bare):
        return True
    return len(bare) > 2 and " " not in bare and lexicon.word_group(bare) is not None


def _lexicon_spans(text: str, sent: ParsedSentence, covered: list[tuple[int, int]], value: set[int]) -> list[tuple[int, int]]:
    """Names the lexicon knows among the words no other rule took ("What did Zelenskyy call for?", where the
    recogniser sees no entity; "what does russia want"), the longest first."""
    toks = sent.tokens
    free = [not any(a <= t.start < b for a, b in covered) and k not in value and t.text not in lexicon.not_names()
            and t.text.lower() not in lexicon.stopwords() and t.text.lower() not in lexicon.question_words()
            for k, t in enumerate(toks)]  # fmt: skip
    out: list[tuple[int, int]] = []
    k = 0
    while k < len(toks):
        for j in range(min(len(toks), k + _MAX_LEXICON_WORDS) - 1, k - 1, -1):
            if all(free[k : j + 1]) and any(c.isalpha() for c in toks[k].text) and _known(text[toks[k].start : toks[j].end]):
                out.append((toks[k].start, toks[j].end))
                k = j
                break
        k += 1
    return out


def _merged(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans in order, overlapping ones and ones only a space apart joined ("Turkish" + "Foreign Minister Hakan
    Fidan": one name, as it is written)."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and (a < out[-1][1] or not text[out[-1][1] : a].strip()):
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def _written(name: str) -> str:
    """A name as shown: no leading article or possessive; capitalised when the text was typed in lower case."""
    name = re.sub(r"^(?:the|a|an)\s+", "", name.strip(), flags=re.I)
    name = re.sub(r"\s*[’']s$", "", name)
    if name and not any(c.isupper() for c in name):
        connectors = set(lexicon.name_connectors())
        name = " ".join(w if w in connectors else w[:1].upper() + w[1:] for w in name.split())
    return name
