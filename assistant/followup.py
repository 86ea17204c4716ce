"""Follow-up questions made standalone from the conversation, offline and rule-based.

"and what did Kyiv propose?", "who said that?", "what about Russia?", "what did he say…" become questions
that retrieval and the engines can answer alone. (With an LLM engine, the model rewrites first; these rules
are the fallback.)

Example:
    >>> history = [{"role": "user", "content": "What does Russia demand?"},
    ...            {"role": "assistant", "content": "Russia demands a ceasefire. [1]"}]
    >>> rewrite_followup("and what did Kyiv propose?", history)
    'what did Kyiv propose?'
    >>> rewrite_followup("What about Ukraine?", history)
    'What does Ukraine demand?'
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .errors import ConfigError
from .question import analyze_question
from .text import content_lemmas
from .verify import strip_markers

_LEAD = re.compile(r"^(?:and|so|but|also|ok|okay|then|well)\b[,\s]*", re.I)
_PRONOUN_SUBJECT = re.compile(r"(?:^|\b(?:did|does|do|has|have|had|was|is|were|are|will|would)\s+)(he|she|they)\b", re.I)
_PRONOUN_ACTOR = re.compile(r"\b(he|she|they|him|her|them|his|their)\b", re.I)
_THAT = re.compile(
    r"^(?:who|which \w+)\s+(?:said|wrote|claimed|stated|demanded|proposed)\s+(?:that|this|it)\s*\??$", re.I
)
_CITED = re.compile(r"\[\d+\]")
_WHAT_ABOUT = re.compile(r"^(?:what|how)\s+about\s+(?P<x>.+?)\??$", re.I)
_BARE_ACTOR = re.compile(r"^(?:the\s+)?(?P<x>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,3})\s*\?$")


def _history_pairs(history: Sequence[dict] | None) -> list[tuple[str, str]]:
    """(user question, assistant answer) pairs from OpenAI-style messages."""
    pairs: list[tuple[str, str]] = []
    for msg in history or []:
        if not isinstance(msg, dict):
            raise ConfigError(f"history items must be {{'role': ..., 'content': ...}} objects, got {msg!r}")
        role, content = msg.get("role"), str(msg.get("content") or "")
        if role == "user":
            pairs.append((content, ""))
        elif role == "assistant" and pairs:
            pairs[-1] = (pairs[-1][0], content)
    return pairs


def rewrite_followup(question: str, history: Sequence[dict] | None) -> str:
    """A standalone question from a follow-up and the conversation (rule-based, offline)."""
    q = _LEAD.sub("", question.strip()) or question.strip()
    pairs = _history_pairs(history)
    if not pairs:
        return q
    prev_q = pairs[0][0]
    for earlier, _ in pairs[1:]:
        prev_q = rewrite_followup(earlier, [{"role": "user", "content": prev_q}])
    prev_answer = pairs[-1][1]
    prev = analyze_question(prev_q)
    if _THAT.match(q) and prev_answer:
        lines = [ln for ln in prev_answer.splitlines() if ln.strip()]
        claims = [ln for ln in lines if _CITED.search(ln)] or lines[:1]  # claims, not headings over claims
        asked = set(content_lemmas(prev_q))  # the line that answers the question most directly (the first on ties)
        cited = max(claims, key=lambda ln: len(asked & set(content_lemmas(strip_markers(ln)))))
        first = re.split(r"(?<=[.!?”])\s+|\n", strip_markers(cited))[0]
        first = strip_markers(first).strip('“”" ')
        return f"Who said “{first}”?"
    about = _WHAT_ABOUT.match(q) or _BARE_ACTOR.match(q)
    if about and prev.actor:
        new_actor = about.group("x").strip()
        if new_actor:
            return re.sub(re.escape(prev.actor), new_actor, prev_q, count=1)
    subject = _PRONOUN_SUBJECT.search(q)
    if prev.actor and (subject or (not analyze_question(q).actor and _PRONOUN_ACTOR.search(q))):
        m = subject or _PRONOUN_ACTOR.search(q)
        word = m.group(1)
        name = prev.actor + ("’s" if word.lower() in ("his", "their") else "")
        return q[: m.start(1)] + name + q[m.end(1) :]
    return q
