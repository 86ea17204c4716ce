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

from .text import capitalized_phrases, content_stems, numbers, stem

ACT_WORDS: dict[str, str] = {}
for _act, _words in {
    "demand": "demand demanded demands want wants wanted call called calls ask asked asks insist insisted insists urge "
              "urged urges seek seeks sought require required requires press pressed",
    "propose": "propose proposed proposes offer offered offers suggest suggested suggests present presented",
    "reject": "reject rejected rejects refuse refused refuses oppose opposed opposes dismiss dismissed resist resisted",
    "say": "say said says tell told tells state stated claim claimed claims write wrote announce announced",
}.items():  # fmt: skip
    for _w in _words.split():
        ACT_WORDS[_w] = _act
_ACT_NOUNS = {"demands": "demand", "demand": "demand", "position": "demand", "conditions": "demand",
              "proposal": "propose", "proposals": "propose", "terms": "demand"}  # fmt: skip
_QUESTION_START = frozenset("What Who Whom Whose Which When Where Why How Did Does Do Has Have Is Are Was Were".split())
# Words that set the scene of an attribution question rather than narrow its topic ("at the talks").
_GENERIC_TOPIC = frozenset(stem(w) for w in "talks talk negotiations meeting article articles news".split())
_ORDINALS = frozenset("first second third fourth fifth sixth seventh eighth ninth tenth".split())
# Verbs a question uses to ask rather than to name the answer ("what happened", "where are they held").
_GENERIC = frozenset(
    stem(w)
    for w in "happen happened occur occurred do done hold held take place go get know tell mean say said mention mentioned "
    "article articles story report name named".split()
)


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
    if m and m.group(1) in ACT_WORDS:
        return QuestionInfo("who_what", "who", act=ACT_WORDS[m.group(1)])
    m = re.match(
        r"^who\s+(?:said|wrote|stated|claimed|made the claim)\s*(?:that\s*)?[:,]?\s*[\"“'‘]?(.+?)[\"”'’]?$", q, re.I
    )
    if m and len(m.group(1).split()) >= 4:
        return QuestionInfo("speaker", "who", act="say", quote=m.group(1), topic=content_stems(m.group(1)))
    words = re.findall(r"[\w’']+", q)
    act = None
    act_word = None
    for w in words:
        if w.lower() in ACT_WORDS:
            act, act_word = ACT_WORDS[w.lower()], w
            break
    if act is None:
        for w in words:
            if w.lower() in _ACT_NOUNS:
                act, act_word = _ACT_NOUNS[w.lower()], w
                break
    if act == "demand" and re.search(r"\bcall(?:s|ed)?\b.*\b(?:unacceptable|unrealistic|unworkable)\b", low):
        act, act_word = "reject", None  # "What has Moscow called unacceptable?"
    actor = _question_actor(q)
    skip = {stem(w) for w in (act_word or "").split()} | {"call", "for"}
    if actor:
        skip |= {stem(w) for w in actor.split()} | {stem(w.strip("’'s")) for w in actor.split()}
    topic = [s for s in content_stems(q) if s not in skip and s not in _GENERIC_TOPIC]
    topic_text = " ".join(w for w in words if content_stems(w) and content_stems(w)[0] in topic)
    if wh == "who" and act:
        return QuestionInfo("who_act", wh, act=act, topic=topic, act_word=act_word, topic_text=topic_text)
    if act and actor and (wh in ("what", "which", None) or low.startswith(("did ", "does ", "has "))):
        return QuestionInfo("actor_act", wh, actor=actor, act=act, topic=topic, act_word=act_word, topic_text=topic_text)
    required = sorted(numbers(q)) + [w.lower() for w in words if w.lower() in _ORDINALS]
    factual_topic = [t for t in content_stems(q) if t not in _GENERIC]
    return QuestionInfo("factual", wh, actor=actor, topic=factual_topic, required=required)


def _question_actor(q: str) -> str | None:
    for phrase in capitalized_phrases(q):
        words = phrase.split()
        while words and words[0] in _QUESTION_START:
            words = words[1:]
        if words:
            return " ".join(words).removesuffix("’s").removesuffix("'s")
    from .attribution import _ALIAS_TO_GROUP

    for w in re.findall(r"[a-z]+", q.lower()):  # lower-case "what does russia want"
        if w in _ALIAS_TO_GROUP and len(w) > 2:
            return _ALIAS_TO_GROUP[w]
    return None


def question_entities(question: str) -> list[str]:
    out = []
    for phrase in capitalized_phrases(question):
        words = [w for w in phrase.split() if w not in _QUESTION_START]
        if words:
            out.append(" ".join(words).removesuffix("’s").removesuffix("'s"))
    return out
