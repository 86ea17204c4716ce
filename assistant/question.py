"""Question analysis: what kind of question this is (who demanded what, what did X say, who said "…", a factual
question) and what it is about (actor, act, topic words, required numbers).

Pure functions over the question text; no model, no store.

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

from . import lexicon
from .text import capitalized_phrases, content_stems, numbers, stem


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


def analyze_question(question: str) -> QuestionInfo:
    """Classify a question (attribution, grouped, speaker or factual) and pull out actor, act and topic."""
    q = question.strip().rstrip("?").strip()
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
    actor = _question_actor(q)
    skip = {stem(w) for w in (act_word or "").split()} | {"call", "for"}
    if actor:
        skip |= {stem(w) for w in actor.split()} | {stem(w.strip("’'s")) for w in actor.split()}
    topic = [s for s in content_stems(q) if s not in skip and s not in _stems("topic")]
    topic_text = " ".join(w for w in words if content_stems(w) and content_stems(w)[0] in topic)
    if wh == "who" and act:
        return QuestionInfo("who_act", wh, act=act, topic=topic, act_word=act_word, topic_text=topic_text)
    if act and actor and (wh in ("what", "which", None) or low.startswith(("did ", "does ", "has "))):
        return QuestionInfo("actor_act", wh, actor=actor, act=act, topic=topic, act_word=act_word, topic_text=topic_text)
    required = sorted(numbers(q)) + [w.lower() for w in words if w.lower() in lexicon.ordinals()]
    factual_topic = [t for t in content_stems(q) if t not in _stems("question")]
    return QuestionInfo("factual", wh, actor=actor, topic=factual_topic, required=required)


def _question_actor(q: str) -> str | None:
    for phrase in capitalized_phrases(q):
        words = phrase.split()
        while words and words[0] in lexicon.question_start_words():
            words = words[1:]
        if words:
            return " ".join(words).removesuffix("’s").removesuffix("'s")
    for w in re.findall(r"[a-z]+", q.lower()):  # lower-case "what does russia want"
        if len(w) > 2 and (group := lexicon.word_group(w)):
            return group
    return None


def question_entities(question: str) -> list[str]:
    out = []
    for phrase in capitalized_phrases(question):
        words = [w for w in phrase.split() if w not in lexicon.question_start_words()]
        if words:
            out.append(" ".join(words).removesuffix("’s").removesuffix("'s"))
    return out
