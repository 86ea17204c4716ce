"""Question analysis: what kind of question this is (who demanded what, what did X say, who said "…", a factual
question) and what it is about (actor, act, topic words, required numbers).

Functions of the question text alone (no store). With the parser on (:data:`assistant.attribution.PARSE`, the
product) the question's names are read from its parse (:func:`question_names`: entities, proper-noun runs and the
lexicon's names, lower case included); the unit tier, which loads no model, reads them from capitalisation instead.
The subject between an auxiliary and the act verb is syntax either way (``_subject_of``).

Example:
    >>> info = analyze_question("What did Zelenskyy call for?")
    >>> info.kind, info.actor, info.act
    ('actor_act', 'Zelenskyy', 'demand')
    >>> analyze_question("Who demanded what?").kind
    'who_what'
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import attribution, lexicon
from .text import capitalized_phrases, content_stems, numbers, stem

if TYPE_CHECKING:
    from .nlp import ParsedSentence


def _stems(kind: str) -> frozenset[str]:
    """Stems of the lexicon's generic words: ``topic`` (set the scene: "talks") or ``question`` (ask: "happened")."""
    words = {"topic": lexicon.generic_topic_words, "question": lexicon.generic_question_words}[kind]
    return lexicon.derived(f"question.generic-{kind}-stems", lambda _: frozenset(stem(w) for w in words()))


@dataclass
class QuestionInfo:
    """What kind of question this is and what it is about."""

    kind: str  # who_what | actor_act | who_act | speaker | factual
    wh: str | None
    actor: str | None = None
    act: str | None = None
    topic: list[str] = field(default_factory=list)  # content stems the answer must be about
    quote: str | None = None  # for "who said '…'?"
    act_word: str | None = None  # the verb as asked ("called"), to prefer claims that use it
    topic_text: str = ""  # the topic words as asked
    required: list[str] = field(default_factory=list)  # numbers and ordinals the answer must contain
    exclude: list[str] = field(default_factory=list)  # content stems the answer leaves out ("besides a ceasefire")


def _exclusion(q: str) -> tuple[str, list[str]]:
    """The question without its "besides X" part, and the content stems of X."""
    phrases = lexicon.alternation(lexicon.exclusion_phrases())
    m = re.search(rf"(?:^|,\s*|\s)(?:{phrases})\s+(?P<x>[^,?]+?)(?=,|\?|$)", q, re.I)
    if not m:
        return q, []
    rest = (q[: m.start()] + q[m.end() :]).strip(" ,")
    return rest, content_stems(m.group("x"))


def analyze_question(question: str) -> QuestionInfo:
    """Classify a question (attribution, grouped, speaker or factual) and pull out actor, act and topic."""
    q, exclude = _exclusion(question.strip().rstrip("?").strip())
    return _analyze(asked(q), exclude)


def asked(q: str) -> str:
    """The question inside an imperative that frames it ("Tell me what Russia demanded" → "what Russia demanded",
    "Please list what Kyiv proposed" → "what Kyiv proposed"), read from the parse: a verb with no subject opening
    the sentence whose clause or object starts with a question word. Any other text comes back unchanged (and is
    not parsed: a question opening with a question word or an auxiliary is not framed)."""
    first = (q.split() or [""])[0]
    if not attribution.PARSE or first[:1].upper() + first[1:].lower() in lexicon.question_start_words():
        return q  # a question opening with a question word or an auxiliary (the lexicon's) frames nothing
    sents = _parsed(q)
    if len(sents) != 1:
        return q
    sent = sents[0]
    toks, r = sent.tokens, sent.root
    if toks[r].tag != "VB" or any(t.pos not in ("INTJ", "PUNCT") for t in toks[:r]):
        return q
    kids = [k for k, t in enumerate(toks) if t.head == r and k != r]
    if any(toks[k].dep in ("nsubj", "nsubjpass", "expl") for k in kids):
        return q
    for k in kids:
        if toks[k].dep in ("ccomp", "dobj", "xcomp"):
            a, b = sent.subtree_span(k)
            first = next(t for t in toks if t.start == a)
            if first.tag in ("WP", "WDT", "WRB", "WP$"):
                return q[a:b]
    return q


def _analyze(q: str, exclude: list[str]) -> QuestionInfo:
    low = q.lower()
    wh_match = re.match(r"^(how many|how much|who|whom|whose|what|which|when|where|why|how)\b", low)
    wh = wh_match.group(1) if wh_match else None
    m = re.match(r"^who\s+(?:has\s+|have\s+|had\s+)?(\w+)(?:\s+for)?\s+what\b", low)
    if m and lexicon.act_of(m.group(1)):
        return QuestionInfo("who_what", "who", act=lexicon.act_of(m.group(1)))
    m = re.match(
        r"^who\s+(?:said|wrote|stated|claimed|made the claim)\s*(?:that\s*)?[:,]?\s*[\"“'‘]?(.+?)[\"”'’]?$", q, re.I
    )
    if m and len(m.group(1).split()) >= 4:
        return QuestionInfo("speaker", "who", act="say", quote=m.group(1), topic=content_stems(m.group(1)))
    words = re.findall(r"[\w’']+", q)
    act = None
    act_word = None
    for w in words:
        if lexicon.act_of(w.lower()):
            act, act_word = lexicon.act_of(w.lower()), w
            break
    if act is None:
        for w in words:
            if lexicon.act_of_noun(w.lower()):
                act, act_word = lexicon.act_of_noun(w.lower()), w
                break
    rejecting = lexicon.alternation(lexicon.rejection_adjectives())
    if act == "demand" and re.search(rf"\bcall(?:s|ed)?\b.*\b(?:{rejecting})\b", low):
        act, act_word = "reject", None  # "What has Moscow called unacceptable?"
    actor = _subject_of(q, act_word) or _question_actor(q)
    skip = {stem(w) for w in (act_word or "").split()} | {"call", "for"}
    if actor:
        skip |= {stem(w) for w in actor.split()} | {stem(w.strip("’'s")) for w in actor.split()}
    topic = [s for s in content_stems(q) if s not in skip and s not in _stems("topic")]
    topic_text = " ".join(w for w in words if content_stems(w) and content_stems(w)[0] in topic)
    if wh == "who" and act:
        return QuestionInfo("who_act", wh, act=act, topic=topic, act_word=act_word, topic_text=topic_text,
                            exclude=exclude)  # fmt: skip
    if act and actor and (wh in ("what", "which", None) or low.startswith(("did ", "does ", "has "))):
        return QuestionInfo("actor_act", wh, actor=actor, act=act, topic=topic, act_word=act_word, topic_text=topic_text,
                            exclude=exclude)  # fmt: skip
    required = sorted(numbers(q)) + [w.lower() for w in words if w.lower() in lexicon.ordinals()]
    factual_topic = [t for t in content_stems(q) if t not in _stems("question")]
    return QuestionInfo("factual", wh, actor=actor, topic=factual_topic, required=required, exclude=exclude)


_AUXILIARY = r"\b(?:did|does|do|has|have|had|is|was|were|are|will|would|could|can)\s+"


def _subject_of(q: str, act_word: str | None) -> str | None:
    """The subject between the auxiliary and the act verb: "what else did <X> demand", "what has <the kremlin> said".

    It wins over the first capitalised phrase ("Besides a ceasefire, what else did Zelenskyy demand?"); a lower-case
    subject is capitalised as a name ("what did zelensky say?" → "Zelensky").
    """
    if not act_word:
        return None
    m = re.search(rf"{_AUXILIARY}(?P<x>(?:[\w’'.-]+\s+){{0,3}}?[\w’'.-]+)\s+(?:also\s+|else\s+|ever\s+)?"
                  rf"{re.escape(act_word)}\b", q, re.I)  # fmt: skip
    if not m:
        return None
    subject = re.sub(r"^(?:the|a|an)\s+", "", m.group("x"), flags=re.I)
    words = subject.split()
    if not words or words[0].lower() in lexicon.stopwords() or words[0].lower() in lexicon.question_words():
        return None  # "what did it say", "what did they demand": no name here
    if not any(w[:1].isupper() for w in words):  # written in lower case: a name only if one word or a known actor
        if len(words) > 1 and not lexicon.actor_group(subject):
            return None  # "what did the port authority reject": a description, not a name
        subject = " ".join(w.capitalize() for w in words)
    return subject.removesuffix("’s").removesuffix("'s")


def _question_actor(q: str) -> str | None:
    """The first name in the question (see :func:`question_names`), e.g. "Ukraine" in "According to Ukraine, …"."""
    if attribution.PARSE:
        return next(iter(_parsed_names(q)), None)
    for phrase in capitalized_phrases(q):  # the no-model fallback (unit tier): runs of capitalised words
        words = phrase.split()
        while words and words[0] in lexicon.not_names():
            words = words[1:]
        if words:
            return " ".join(words).removesuffix("’s").removesuffix("'s")
    for w in re.findall(r"[a-z]+", q.lower()):  # lower-case "what does russia want"
        if len(w) > 2 and (group := lexicon.word_group(w)):
            return group
    return None


def question_entities(question: str) -> list[str]:
    """The names in the question, in order, that an answer must mention (see :func:`question_names`)."""
    if attribution.PARSE:
        return list(_parsed_names(question))
    out = []
    for phrase in capitalized_phrases(question):  # the no-model fallback (unit tier)
        words = [w for w in phrase.split() if w not in lexicon.not_names()]
        if words:
            out.append(" ".join(words).removesuffix("’s").removesuffix("'s"))
    return out


# -- names from the parse ------------------------------------------------------------------------------------------
# Entity labels that are values, not names: a date, a time or a number in a question is never a name it must mention.
VALUE_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
_MAX_LEXICON_WORDS = 4  # the longest lexicon name looked up in lower case ("bosnia and herzegovina", "the white house")


def question_names(question: str) -> list[str]:
    """The names in a question as people write them, in order, read from its parse (the parser is loaded once).

    A name is a named entity that is not a value (not a date or a number), a run of proper nouns the entity
    recogniser missed or cut ("Ursula von der Leyen"), a capitalised noun inside the question, or a name the lexicon
    knows (an actor, an alias, a person's spelling) — in lower case too ("russia" → "Russia"). A word that opens a
    question or a clause ("What", "Did", "According") is never one. A leading "the" and a possessive are dropped.

    >>> question_names("According to Ukraine, how many drones did Russia launch overnight?")
    ['Ukraine', 'Russia']
    >>> question_names("what did zelensky and the white house say?")
    ['Zelensky', 'White House']
    """
    return list(_parsed_names(question))


@functools.lru_cache(maxsize=256)  # a question is analysed several times per turn (engine, follow-ups, filters)
def _parsed(question: str) -> tuple[ParsedSentence, ...]:
    from .nlp import parse

    return tuple(parse(question))


@functools.lru_cache(maxsize=256)
def _parsed_names(question: str) -> tuple[str, ...]:
    spans: list[tuple[int, int]] = []
    for sent in _parsed(question):
        spans.extend(_name_spans(question, sent))
    return tuple(dict.fromkeys(n for n in (_written(question[a:b]) for a, b in sorted(spans)) if n))


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
    """A name as shown: no leading article or possessive; capitalised when the question was typed in lower case."""
    name = re.sub(r"^(?:the|a|an)\s+", "", name.strip(), flags=re.I)
    name = re.sub(r"\s*[’']s$", "", name)
    if name and not any(c.isupper() for c in name):
        connectors = set(lexicon.name_connectors())
        name = " ".join(w if w in connectors else w[:1].upper() + w[1:] for w in name.split())
    return name
