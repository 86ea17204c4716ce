"""Text helpers shared by retrieval, answering and verification: sentences with offsets (from
:mod:`assistant.sentences`), tokens, lemmas.

Example:
    >>> text = "He left. “Stay. Now,” she said. Done."
    >>> [text[s:e] for s, e in sentence_spans(text)]
    ['He left.', '“Stay. Now,” she said.', 'Done.']
    >>> text = "“We will stay. They cannot win. We know it.\\n\\n“More to come,” he said."  # a quote left open
    >>> [text[s:e] for s, e in sentence_spans(text)]
    ['“We will stay.', 'They cannot win.', 'We know it.', '“More to come,” he said.']
    >>> content_lemmas("Zelenskyy called for a full ceasefire")
    ['zelenskyy', 'call', 'full', 'ceasefire']
"""

from __future__ import annotations

import functools
import re
import unicodedata

from . import lexicon
from .lemmas import lemma
from .sentences import sentence_spans  # noqa: F401  (re-exported: the segmenter lives in assistant.sentences)

_WORD = re.compile(r"[0-9]+(?:[.,][0-9]+)*%?|[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)*\b")


def normalize(text: str) -> str:
    """Lower case, curly quotes and dashes made plain, accents kept."""
    t = unicodedata.normalize("NFKC", text).lower()
    return t.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"}))


def words(text: str) -> list[str]:
    """Word and number tokens, as written."""
    return _WORD.findall(text)


def content_lemmas(text: str) -> list[str]:
    """Stems of the content words (no stopwords or question words), in order."""
    return list(_content_lemmas(text))


@functools.lru_cache(maxsize=50_000)  # the same sentences are reduced by retrieval, answering and verification
def _content_lemmas(text: str) -> tuple[str, ...]:
    out = []
    stop, question, number_words = lexicon.stopwords(), lexicon.question_words(), lexicon.number_words()
    for w in words(text):
        lw = w.lower().replace("’", "'")
        if lw in stop or lw in question or lw.endswith("n't"):
            continue
        out.append(number_words.get(lw, lemma(lw)))
    return tuple(out)


def numbers(text: str) -> set[str]:
    """Numbers in the text (digits and number words), normalised ("1,000" -> "1000")."""
    found = {n.replace(",", "") for n in _NUMBER.findall(text)}
    number_words = lexicon.number_words()
    found |= {number_words[w.lower()] for w in words(text) if w.lower() in number_words}
    for m in re.finditer(r"\b(\d+)-year-old\b", text):
        found.add(m.group(1))
    return found


def negated(text: str) -> bool:
    """True when the text contains a negation word."""
    lw = [w.lower().replace("’", "'") for w in words(text)]
    negations = lexicon.negations()
    return any(w in negations or w.endswith("n't") for w in lw)


def capitalized_phrases(text: str) -> list[str]:
    """Runs of capitalised words ("Volodymyr Zelenskyy", "Kursk"), sentence-initial ones included."""
    return [m.group(0) for m in re.finditer(r"\b[A-Z][\w’'-]*(?:\s+(?:of\s+)?[A-Z][\w’'-]*)*", text)]
