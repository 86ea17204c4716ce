"""Question analysis: what kind of question this is (who demanded what, what did X say, who said "…", a factual
question) and what it is about (actor, act, topic words, required numbers).

Functions of the question text alone (no store). With the parser on (:data:`assistant.attribution.PARSE`, the
product) the question's names are read from its parse (:func:`assistant.names.names_in`: entities, proper-noun runs
and the lexicon's names, lower case included); the unit tier, which loads no model, reads them from capitalisation.
The subject between an auxiliary and the act verb is syntax either way (``_subject_of``).

Example:
    >>> info = analyze_question("What did Zelenskyy call for?")
    >>> info.kind, info.actor, info.act
    ('actor_act', 'Zelenskyy', 'demand')
    >>> analyze_question("Who demanded what?").kind
    'who_what'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import attribution, lexicon
from .lemmas import lemma
from .names import names_in, parsed
from .names import names_in as question_names  # noqa: F401  (re-exported: the questions' own name)
from .text import capitalized_phrases, content_lemmas, numbers


def _lemmas(kind: str) -> frozenset[str]:
    """Stems of the lexicon's generic words: ``topic`` (set the scene: "talks") or ``question`` (ask: "happened")."""
    words = {"topic": lexicon.generic_topic_words, "question": lexicon.generic_question_words}[kind]
    return lexicon.derived(f"question.generic-{kind}-stems", lambda _: frozenset(lemma(w) for w in words()))


@dataclass
class QuestionInfo:
    """What kind of question this is and what it is about."""

    kind: str  # who_what | actor_act | who_act | speaker | factual
    wh: str | None
    actor: str | None = None
    act: str | None = None
    topic: list[str] = field(default_factory=list)  # content lemmas the answer must be about
    quote: str | None = None  # for "who said '…'?"
    act_word: str | None = None  # the verb as asked ("called"), to prefer claims that use it
    topic_text: str = ""  # the topic words as asked
    required: list[str] = field(default_factory=list)  # numbers and ordinals the answer must contain
    exclude: list[str] = field(default_factory=list)  # content lemmas the answer leaves out ("besides a ceasefire")


def _exclusion(q: str) -> tuple[str, list[str]]:
    """The question without its "besides X" part, and the content lemmas of X."""
    phrases = lexicon.alternation(lexicon.exclusion_phrases())
    m = re.search(rf"(?:^|,\s*|\s)(?:{phrases})\s+(?P<x>[^,?]+?)(?=,|\?|$)", q, re.I)
    if not m:
        return q, []
    rest = (q[: m.start()] + q[m.end() :]).strip(" ,")
    return rest, content_lemmas(m.group("x"))


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
    sents = parsed(q)
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
        return QuestionInfo("speaker", "who", act="say", quote=m.group(1), topic=content_lemmas(m.group(1)))
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
    skip = {lemma(w) for w in (act_word or "").split()} | {"call", "for"}
    if actor:
        skip |= {lemma(w) for w in actor.split()} | {lemma(w.strip("’'s")) for w in actor.split()}
    topic = [s for s in content_lemmas(q) if s not in skip and s not in _lemmas("topic")]
    topic_text = " ".join(w for w in words if content_lemmas(w) and content_lemmas(w)[0] in topic)
    if wh == "who" and act:
        return QuestionInfo("who_act", wh, act=act, topic=topic, act_word=act_word, topic_text=topic_text,
                            exclude=exclude)  # fmt: skip
    if act and actor and (wh in ("what", "which", None) or low.startswith(("did ", "does ", "has "))):
        return QuestionInfo("actor_act", wh, actor=actor, act=act, topic=topic, act_word=act_word, topic_text=topic_text,
                            exclude=exclude)  # fmt: skip
    required = sorted(numbers(q)) + [w.lower() for w in words if w.lower() in lexicon.ordinals()]
    factual_topic = [t for t in content_lemmas(q) if t not in _lemmas("question")]
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
    """The first name in the question (see :func:`assistant.names.names_in`), e.g. "Ukraine" in "According to Ukraine, …"."""
    if attribution.PARSE:
        return next(iter(names_in(q)), None)
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
    """The names in the question, in order, that an answer must mention (see :func:`assistant.names.names_in`)."""
    return names_in(question)

