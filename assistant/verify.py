"""Citation verification: every quote is its span, every sentence is supported by what it cites.

The offline checker scores a sentence against the union of its cited quotes:
content-word coverage, names (read from the sentence's parse; aliases allowed: "Moscow"
supports "Russia"), numbers and negation must agree, and embedding similarity adds to it.

Example:
    >>> check_support("Zelenskyy called for a ceasefire.", ["Zelenskyy had reiterated calls for a ceasefire."]).supported
    True
    >>> check_support("Putin called for a ceasefire.", ["Zelenskyy had reiterated calls for a ceasefire."]).supported
    False
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from . import lexicon
from .names import names_in
from .text import content_lemmas, negated, normalize, numbers, words

SUPPORT_THRESHOLD = 0.7
_MARKER = re.compile(r"\s*\[\d+\]")


@dataclass(frozen=True)
class Support:
    """How well a sentence is supported by its quotes."""

    score: float
    supported: bool
    problems: tuple[str, ...] = ()


def strip_markers(text: str) -> str:
    """The sentence without citation markers and markdown emphasis."""
    return _MARKER.sub("", text).replace("**", "").strip(" -*")


def _entities(sentence: str, quotes_norm: str, quotes: str) -> list[str]:
    """The names in the sentence (:func:`assistant.names.names_in`, from its parse; an owner joined with what it owns)
    that its quotes must hold. The sentence is parsed only when a name could be missing: not when it is quoted whole,
    nor when every capitalised word in it is in the quotes (a name is capitalised, and one whose words are all in the
    quotes is found word by word)."""
    if normalize(sentence) in quotes_norm:
        return []
    if all(_name_found(w, quotes_norm, quotes) for w in words(sentence) if w[:1].isupper()):
        return []
    return names_in(sentence, owners_joined=True)


def _has_word(phrase: str, text_norm: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(normalize(phrase))}(?!\w)", text_norm) is not None


def _name_found(name: str, quotes_norm: str, quotes: str) -> bool:
    """``name`` as whole words; a name that is also a word ("US", "WHO") only as written."""
    if lexicon.case_sensitive(name):
        return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", quotes) is not None
    return _has_word(name, quotes_norm)


def _entity_found(entity: str, quotes_norm: str, quotes: str) -> bool:
    """A name is found as whole words, word by word, or as another name of the same actor."""
    if _name_found(entity, quotes_norm, quotes):
        return True
    parts = [p for p in re.split(r"[\s’']+", entity) if len(p) > 2 and p not in ("and", "of")]
    if parts and all(_name_found(p, quotes_norm, quotes) for p in parts):
        return True
    # "Moscow" or "the Kremlin" for "Russia": only a name that is itself an actor's alias
    group = lexicon.actor_group(entity)
    if not group:
        return False
    folded = lexicon.fold(quotes_norm)
    return any(_name_found(a, folded, quotes) for a in lexicon.aliases(group))


def mentions(entity: str, text: str) -> bool:
    """True when ``text`` names ``entity``: whole words, word by word, or another name of the same actor.

    >>> mentions("Moscow", "The Kremlin said so."), mentions("the Élysée", "Paris agreed."), mentions("US", "tell us")
    (True, True, False)
    """
    return _entity_found(entity, normalize(text), text)


def check_support(
    sentence: str,
    quotes: Sequence[str],
    embed: Callable[[list[str]], np.ndarray] | None = None,
    similarity: float | None = None,
) -> Support:
    """Score how well ``quotes`` support ``sentence`` (0..1) and say what is missing."""
    text = strip_markers(sentence)
    if not quotes:
        return Support(0.0, False, ("no citation",))
    joined = " ".join(quotes)
    problems: list[str] = []
    s_lemmas = set(content_lemmas(text))
    q_lemmas = set(content_lemmas(joined))
    coverage = len(s_lemmas & q_lemmas) / len(s_lemmas) if s_lemmas else 1.0
    if coverage < 1.0:
        missing = sorted(s_lemmas - q_lemmas)[:5]
        problems.append(f"words not in the cited text: {', '.join(missing)}")
    quotes_norm = normalize(joined)
    entities = _entities(text, quotes_norm, joined)
    found = [e for e in entities if _entity_found(e, quotes_norm, joined)]
    entity_share = len(found) / len(entities) if entities else 1.0
    if len(found) < len(entities):
        problems.append(f"names not in the cited text: {', '.join(e for e in entities if e not in found)}")
    nums_ok = numbers(text) <= numbers(joined)
    if not nums_ok:
        problems.append(f"numbers not in the cited text: {', '.join(sorted(numbers(text) - numbers(joined)))}")
    neg_ok = not (negated(text) and not negated(joined))
    if not neg_ok:
        problems.append("negation not in the cited text")
    score = coverage * entity_share * (1.0 if nums_ok else 0.3) * (1.0 if neg_ok else 0.3)
    if similarity is None and embed is not None:
        vecs = embed([text, joined])
        similarity = float(vecs[0] @ vecs[1])
    if similarity is not None:  # embedding similarity of the sentence and its quotes
        score = 0.85 * score + 0.15 * float(np.clip(similarity, 0.0, 1.0))
    supported = score >= SUPPORT_THRESHOLD and nums_ok and neg_ok and entity_share == 1.0
    return Support(round(score, 4), supported, tuple(problems))


def quote_matches(document_text: str, start: int, end: int, quote: str) -> bool:
    """True when ``quote`` is exactly the document text at [start:end]."""
    return 0 <= start <= end <= len(document_text) and document_text[start:end] == quote


def find_quote(document_text: str, quote: str, hint: int = 0) -> tuple[int, int] | None:
    """The exact span of ``quote`` in the document, tolerant of whitespace and quote-mark differences."""
    quote = quote.strip()
    if not quote:
        return None
    pos = document_text.find(quote)
    if pos != -1:
        return pos, pos + len(quote)
    tokens = re.findall(r"\w+|[^\w\s]", quote)
    if not tokens:
        return None

    def tok(t: str) -> str:
        if t in '"“”':
            return '["“”]'
        if t in "'‘’":
            return "['‘’]"
        if t in "-–—":
            return "[-–—]"
        return re.escape(t)

    pattern = r"\s*".join(tok(t) for t in tokens)
    matches = list(re.finditer(pattern, document_text, flags=re.I))
    if not matches:
        return None
    best = min(matches, key=lambda m: abs(m.start() - hint))
    return best.start(), best.end()
