"""Who said, demanded, proposed or rejected what: rule-based attribution over article sentences.

Each sentence of a document gets its subject actor (a named subject, "he"/"it"
resolved to the nearest fitting named actor before it, the speaker after a quote,
or the source of "according to X"), the kind of act (demand, propose, reject, say)
and the content of the act, all as exact spans of the original text.

Example:
    >>> text = "President Volodymyr Zelenskyy called for a ceasefire. “Free the prisoners,” he said."
    >>> [(c.actor, c.act, c.content) for c in analyze(text, ((0, len(text)),))]
    [('Volodymyr Zelenskyy', 'demand', 'a ceasefire'), ('Volodymyr Zelenskyy', 'demand', 'Free the prisoners')]

The vocabularies (act verbs, titles, organisation words, actors and their aliases) come from
:mod:`assistant.lexicon`.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import lexicon
from .text import sentence_spans

if TYPE_CHECKING:
    from .nlp import ParsedSentence


@dataclass(frozen=True)
class _Patterns:
    """The attribution rules' patterns, composed from the lexicon's word lists (built once per lexicon)."""

    acts: re.Pattern[str]
    aux: str  # the auxiliaries before a verb, as a regex fragment
    titles: str  # the titles, as a regex alternation (for patterns compiled with re.I)
    single_titles: frozenset[str]
    title_before: re.Pattern[str]
    subordinate: re.Pattern[str]
    pronoun: re.Pattern[str]
    quote_speaker: re.Pattern[str]
    quote_speaker_after: re.Pattern[str]
    media: re.Pattern[str]
    embedded: re.Pattern[str]
    trim: re.Pattern[str]
    speech_tag: re.Pattern[str]
    time_only: re.Pattern[str]

    @classmethod
    def build(cls, lex: lexicon.Lexicon) -> _Patterns:
        alt = lexicon.alternation
        titles = lexicon.title_pattern()
        embedded = lexicon.embedded_act_words
        openers = alt(embedded("openers"))
        nouns = alt(embedded("opener_nouns"))
        return cls(
            acts=lexicon.act_regex(),
            aux=rf"(?:(?:{alt(lexicon.auxiliaries())})\s+)*",
            titles=titles,
            single_titles=frozenset(t for t in lexicon.titles() if " " not in t),
            title_before=re.compile(rf"(?:{titles})\.?\s*$", re.I),
            subordinate=re.compile(rf"^\s*(?:{alt(lexicon.subordinators())})\b"),
            pronoun=re.compile(rf"^(?:(?:{alt(lexicon.connectives())}),?\s+)?(?P<p>He|She|It|They)\b"),
            quote_speaker=re.compile(
                r"^[“\"](?P<quote>.+?)[,.!?]?[”\"],?\s+(?:(?:the\s+)?(?i:" + titles + r")\.?\s+)?"  # "…," spokesman X told
                r"(?P<who>he|she|they|it|[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*)\s+"
                rf"(?P<verb>{alt(lexicon.quote_verbs())})\b",
                re.S,
            ),
            # the speaker after the verb: "“…,” said Dmitry Peskov, the Kremlin spokesman." / "…,” said Sen. Barbara Boxer"
            quote_speaker_after=re.compile(
                r"^[“\"](?P<quote>.+?)[,.!?]?[”\"],?\s+"
                rf"(?P<verb>{alt(lexicon.quote_verbs())})\s+(?P<who>[^,;:!?“”\"]*?[A-Z][^,;:!?“”\"]*?)\s*(?:[,;:!?]|\.?$)",
                re.S,
            ),
            media=re.compile(
                r"\b(?:by|with|from|to|of|in|at|on|for)\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[\w’'-]+){0,3}\s+"
                rf"(?:{alt(lexicon.media_words())})\b"
            ),
            # Acts reported inside a sentence about something else:
            # "…, something Moscow has called “unacceptable”" / "…, conditions that Moscow has sought to insist upon"
            embedded=re.compile(
                rf",\s+(?:{openers}|an? (?:{nouns}))\s+(?:that\s+)?"
                r"(?P<actor>(?:the\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*)\s+(?:has\s+|had\s+|have\s+)?"
                rf"(?:(?P<reject>(?:{alt(embedded('rejection_verbs'))})\s+[“\"]?"
                rf"(?:{alt(embedded('rejection_adjectives'))})[”\"]?)"
                rf"|(?P<demand>(?:(?:{alt(embedded('demand_prefixes'))}) )?(?:{alt(embedded('demand_verbs'))})))"
            ),
            trim=re.compile(rf",\s+(?:{alt(lexicon.content_ends_before())})\b"),
            # "… has offered 4%, he added": the speaker's tag is not part of what was offered
            speech_tag=re.compile(
                r",\s+(?:he|she|they|it|(?:the\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*)\s+"
                rf"(?:{alt(lexicon.quote_verbs())})\b[^,;:]*$"
            ),
            time_only=re.compile(rf"(?:on\s+)?(?:{lexicon.time_pattern().pattern})"),
        )


def _rx() -> _Patterns:
    return lexicon.derived("attribution", _Patterns.build)


# "…, according to the Reuters news agency, …" / "… according to a Xinhua report." / "… according to the United
# Nations Children's Fund (Unicef)."
_ACCORDING = re.compile(
    r",?\s*according to (?:the |a |an )?(?P<src>[A-Z][\w’'.-]*(?:\s+(?:\([^()]*\)|[\w’'.-]+)){0,5}?)(?=\s*(?:[,;]|\.?$))"
)


def source_name(src: str) -> str:
    """The source an "according to" names: a known acronym in brackets first, trailing press words dropped.

    >>> source_name("United Nations Children's Fund (Unicef)"), source_name("Xinhua report"), source_name("Reuters news agency")
    ('UNICEF', 'Xinhua', 'Reuters')
    """
    bracket = re.search(r"\((?P<a>[^()]+)\)", src)
    if bracket and lexicon.actor_group(bracket.group("a")):
        return lexicon.actor_group(bracket.group("a"))  # type: ignore[return-value]
    name = re.sub(r"\s*\([^()]*\)", "", src).rstrip(" .")
    trailing = lexicon.alternation(lexicon.source_nouns() + lexicon.media_words())
    return re.sub(rf"(?:\s+(?:{trailing}))+$", "", name, flags=re.I) or name


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


def _candidates(region: str) -> list[tuple[int, str]]:
    """(offset, phrase) of capitalised phrases that could be a subject, in order."""
    out = []
    rx = _rx()
    not_names = lexicon.not_names()
    for m in re.finditer(r"[A-Z][\w’'-]*(?:\s+(?:of\s+)?[A-Z][\w’'-]*)*", region):
        phrase, pos = m.group(0), m.start()
        words = phrase.split()
        while words and (words[0] in not_names or words[0].lower() in rx.single_titles):
            pos += len(words[0]) + 1
            words = words[1:]
        if not words:
            continue
        # "Ukraine’s President Volodymyr Zelenskyy": the possessor, then the titled person
        phrase = " ".join(words)
        split = re.match(rf"^(?P<owner>\S+[’']s)\s+(?:{rx.titles})\s+(?P<name>[A-Z].*)$", phrase, re.I)
        if split:
            out.append((pos, split.group("owner")))
            out.append((pos + split.start("name"), split.group("name")))
        else:
            out.append((pos, phrase))
    return out


def _subject(region: str) -> str | None:
    """The subject actor named in the text before the verb."""
    rx = _rx()
    region = _ACCORDING.sub("", region)
    region = rx.media.sub("", region)
    # "Around the same time, X ..." / "In advance of the meeting, X ...": drop a leading phrase that names no one
    head, sep, rest = region.partition(",")
    if sep and (rx.subordinate.match(head) or not _candidates(head)):
        region = rest
    cands = _candidates(region)
    if not cands:
        return None
    if re.search(r"\bwho\s*$", region):  # "… European allies, who are seeking …"
        return cands[-1][1]
    both = re.match(r"^\s*(?:the\s+)?([A-Z][\w’'-]*)\s+and\s+([A-Z][\w’'-]*)\b", region)
    if both:  # "Kyiv and Moscow will present …"
        return f"{both.group(1)} and {both.group(2)}"
    for pos, phrase in cands:  # a title names the person: "Ukraine’s President Volodymyr Zelenskyy"
        if rx.title_before.search(region[:pos]) or re.search(rf"(?:{rx.titles})\s+of\s+[\w\s]+,\s*$", region[:pos], re.I):
            return phrase
    pos, phrase = cands[0]
    # "Russia’s Ministry of Defence": keep the possessive whole, it names the organisation
    return phrase


_WHOLE_QUOTE = re.compile(r"^[“\"](?P<q>[^“”\"]+?)[,.!?]?[”\"]$")


def is_whole_quotation(sentence: str) -> bool:
    """True for a sentence that is all quotation, with no speaker of its own (“The second was intercepted.”)."""
    return _WHOLE_QUOTE.match(sentence) is not None


PARSE = True  # check and complete the rules with the dependency parse (assistant.speakers); False: the rules alone


def rules_on() -> bool:
    """Whether the regex rules below read sentences before the parse pass: on, unless the development switch
    ``ASSISTANT_ATTRIBUTION_RULES=0`` asks for the parse pass alone (to measure it while it replaces the rules; the
    analysis version records the switch, so stored analyses are redone when it changes).

    >>> rules_on() in (True, False)
    True
    """
    return os.environ.get("ASSISTANT_ATTRIBUTION_RULES", "1").strip() != "0"


def analyze(
    text: str,
    segments: tuple[tuple[int, int], ...],
    parsed: Sequence[ParsedSentence] | None = None,
    parse: bool | None = None,
) -> list[Claim]:
    """Claims for every sentence of the given segments of ``text``, pronouns resolved.

    The rules below read each sentence; then :func:`assistant.speakers.merge` drops actors that are no named
    entity and adds what the parse shows: speakers after quotes, reported speech, "according to X", quotations
    continuing the previous speaker. ``parsed``: the parser's sentences of those segments, when the caller has
    them (never parsed again); without them the text is parsed when ``parse`` (default: :data:`PARSE`) is on,
    and read with the rules alone when it is off.
    """
    if not rules_on():  # the parse pass alone reads every sentence
        from .speakers import merge

        blank = [Claim(a, b, None, None, "", text[a:b], a) for s0, e0 in segments for a, b in sentence_spans(text, s0, e0)]
        return merge(text, segments, blank, parsed)
    claims = _rules(text, segments)
    if parsed is None and not (PARSE if parse is None else parse):
        return claims
    from .speakers import merge

    return merge(text, segments, claims, parsed)


def _rules(text: str, segments: tuple[tuple[int, int], ...]) -> list[Claim]:
    """The regex rules' claims for every sentence, pronouns resolved."""
    claims: list[Claim] = []
    last_person: tuple[str, tuple[int, int]] | None = None
    last_thing: tuple[str, tuple[int, int]] | None = None
    prev: Claim | None = None
    rx = _rx()
    named_words = functools.cache(lambda: _named_words(text))  # this call's only: no document kept afterwards
    for seg_start, seg_end in segments:
        for s, e in sentence_spans(text, seg_start, seg_end):
            sent = text[s:e]
            claim = _claim(sent, s, e, last_person, last_thing)
            # A sentence that goes on with the previous actor's demand inherits it
            # ("It has persistently referred to …" after "Russia continues to demand …").
            if (
                claim.actor
                and prev is not None
                and prev.act in ("demand", "propose")
                and claim.antecedent is not None
                and same_actor(claim.actor, prev.actor)
                and claim.act in (None, "say")
            ):
                claim = Claim(claim.start, claim.end, claim.actor, prev.act, claim.verb, claim.content,
                              claim.content_start, claim.antecedent, claim.source)  # fmt: skip
            # A sentence that is all quotation goes on with the previous speaker's words
            # ("“We shipped two shipments,” he said. “The second was intercepted.”"); names inside it are not speakers.
            whole = _WHOLE_QUOTE.match(sent)
            if whole and prev is not None and prev.act == "say" and prev.actor and claim.act in (None, "say"):
                claim = Claim(s, e, prev.actor, "say", prev.verb, whole.group("q"), s + whole.start("q"),
                              prev.antecedent or (prev.start, prev.end), claim.source)  # fmt: skip
            claims.append(claim)
            for m in rx.embedded.finditer(sent):
                act = "reject" if m.group("reject") else "demand"
                verb = m.group("reject") or m.group("demand")
                # what is rejected is what the sentence was about; a demanded "condition" is best read whole
                content = claim.content if act == "reject" and claim.act else ""
                claims.append(Claim(s, e, m.group("actor"), act, verb, content, claim.content_start, None, None))
            if claim.actor and claim.antecedent is None:
                if is_person_name(claim.actor) or _known_person(named_words, claim.actor):
                    last_person = (claim.actor, (s, e))
                else:
                    last_thing = (claim.actor, (s, e))
            for _, phrase in _candidates(sent):  # people named anywhere become "he"/"she" candidates
                if phrase != claim.actor and (
                    is_person_name(phrase) and rx.title_before.search(sent[: sent.find(phrase)])
                ):
                    if claim.actor is None or claim.antecedent is not None:
                        last_person = (phrase, (s, e))
            prev = claim
    return claims


def _named_words(text: str) -> frozenset[str]:
    """Capitalised words that follow another capitalised word or a title somewhere in the text (one scan)."""
    return frozenset(
        m.group(1)  # a lookahead, so overlapping runs ("Ukraine’s President Volodymyr Zelenskyy") are all seen
        for m in re.finditer(rf"(?=(?:\b[A-Z][\w’'-]+\s+|(?i:\b(?:{_rx().titles}))\s+)([A-Z][\w’'-]+)\b)", text)
    )


def _known_person(named_words: Callable[[], frozenset[str]], name: str) -> bool:
    """True when the document names this actor with a first name or a title somewhere (``named_words``: the
    document's, computed on first need, once per :func:`analyze` call)."""
    if len(name.split()) != 1 or lexicon.word_group(name):
        return False
    return name in named_words()


def _last_name_phrase(text: str) -> str | None:
    """The name at the end of a speaker description ("California Sen. Barbara Boxer" -> "Barbara Boxer"), a title
    or not-name word never taken for one; None when the description names no one ("a spokesman for the ministry")."""
    runs = [r for r in re.findall(r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*", text) if not lexicon.time_pattern().fullmatch(r)]
    if not runs:
        return None  # "said on Tuesday": a time, not a speaker
    words = [w for w in runs[-1].split() if not lexicon.is_title(w) and w not in lexicon.not_names()]
    return " ".join(words) or None


def _claim(sent: str, s: int, e: int, last_person, last_thing) -> Claim:
    rx = _rx()
    q = rx.quote_speaker.match(sent)
    if q:
        who = q.group("who")
        actor, antecedent = _resolve(who, last_person, last_thing)
        verb = q.group("verb")
        quote = q.group("quote")
        return Claim(s, e, actor, "say", verb, quote, s + q.start("quote"), antecedent)
    q = rx.quote_speaker_after.match(sent)
    name = _last_name_phrase(q.group("who")) if q else None
    if q and name:
        return Claim(s, e, name, "say", q.group("verb"), q.group("quote"), s + q.start("quote"), None)
    according = _ACCORDING.search(sent)
    source = source_name(according.group("src")) if according else None
    m = rx.acts.search(sent)
    if not m:
        subject = _pronoun_or_subject(sent, last_person, last_thing)
        actor, antecedent = subject
        if actor is None and source:
            return Claim(s, e, source, "say", "according to", sent, s, None, source)
        return Claim(s, e, actor, None, "", sent, s, antecedent, source)
    act = next(a for a, v in m.groupdict().items() if v)
    region = sent[: m.start()]
    aux = re.search(rx.aux + r"$", region)
    verb_start = aux.start() if aux and aux.group(0).strip() else m.start()
    pron = rx.pronoun.match(sent)
    trailing = re.search(r"(?:^|,\s*|\s)(?P<p>he|she|it|they)\s*$", sent[:verb_start], re.I)
    if pron and pron.end() <= verb_start + 1:
        actor, antecedent = _resolve(pron.group("p"), last_person, last_thing)
    elif trailing and _time_only(sent[m.end() :].strip(" .!?")):
        # "…, he added." — the content is what came before
        actor, antecedent = _resolve(trailing.group("p"), last_person, last_thing)
        content = sent[: trailing.start()].rstrip(" ,")
        return Claim(
            s, e, actor, act, sent[trailing.end() : m.end()].strip() or m.group(0), content, s, antecedent, source
        )
    elif trailing:
        actor, antecedent = _resolve(trailing.group("p"), last_person, last_thing)
    else:
        actor, antecedent = _subject(region[:verb_start] if verb_start else region), None
        if actor is None and source:
            actor = source
    content_start = m.end()
    while content_start < len(sent) and sent[content_start] in " \u00a0":
        content_start += 1
    content = sent[content_start:].rstrip(".!? ")
    trim = rx.trim.search(content) or rx.speech_tag.search(content)
    if trim:
        content = content[: trim.start()]
    verb = sent[verb_start : m.end()].strip()
    return Claim(s, e, actor, act, verb, content, s + content_start, antecedent, source)


def _time_only(rest: str) -> bool:
    """True when what follows a verb is nothing or only a time ("…, he added on Monday.")."""
    return not rest or _rx().time_only.fullmatch(rest) is not None


def _pronoun_or_subject(sent: str, last_person, last_thing):
    pron = _rx().pronoun.match(sent)
    if pron:
        return _resolve(pron.group("p"), last_person, last_thing)
    return _subject(sent[:120]), None


def _resolve(word: str, last_person, last_thing) -> tuple[str | None, tuple[int, int] | None]:
    w = word.lower()
    if w in ("he", "she"):
        return (last_person[0], last_person[1]) if last_person else (None, None)
    if w in ("it", "they"):
        return (last_thing[0], last_thing[1]) if last_thing else (None, None)
    return word, None
