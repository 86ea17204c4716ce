"""Text helpers shared by retrieval, answering and verification: sentences with offsets (from
:mod:`assistant.sentences`), tokens, stems.

Example:
    >>> text = "He left. “Stay. Now,” she said. Done."
    >>> [text[s:e] for s, e in sentence_spans(text)]
    ['He left.', '“Stay. Now,” she said.', 'Done.']
    >>> text = "“We will stay. They cannot win. We know it.\\n\\n“More to come,” he said."  # a quote left open
    >>> [text[s:e] for s, e in sentence_spans(text)]
    ['“We will stay.', 'They cannot win.', 'We know it.', '“More to come,” he said.']
    >>> content_stems("Zelenskyy called for a full ceasefire")
    ['zelenskyy', 'call', 'full', 'ceasefir']
"""

from __future__ import annotations

import functools
import re
import unicodedata

from . import lexicon
from .sentences import sentence_spans  # noqa: F401  (re-exported: the segmenter lives in assistant.sentences)

_WORD = re.compile(r"[0-9]+(?:[.,][0-9]+)*%?|[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)*\b")


def normalize(text: str) -> str:
    """Lower case, curly quotes and dashes made plain, accents kept."""
    t = unicodedata.normalize("NFKC", text).lower()
    return t.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"}))


STEMMER = "suffix-1"  # part of the lexical index's version (bump when stem() changes): the BM25 index is rebuilt


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A small suffix stripper (demanded/demands/demanding -> demand, called -> call)."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) <= 3 or w[0].isdigit():
        return w
    if w.endswith(("ies", "ied")) and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith(("ches", "shes", "xes", "zes")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if w.endswith("eed"):
        w = w[:-1]
    elif w.endswith(("ing", "ed")):
        base = w[:-3] if w.endswith("ing") else w[:-2]
        if len(base) >= 3 and any(v in base for v in "aeiouy"):
            w = base[:-1] if len(base) > 3 and base[-1] == base[-2] and base[-1] not in "lsz" else base
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return w


def words(text: str) -> list[str]:
    """Word and number tokens, as written."""
    return _WORD.findall(text)


def content_stems(text: str) -> list[str]:
    """Stems of the content words (no stopwords or question words), in order."""
    return list(_content_stems(text))


@functools.lru_cache(maxsize=50_000)  # the same sentences are stemmed by retrieval, answering and verification
def _content_stems(text: str) -> tuple[str, ...]:
    out = []
    stop, question, number_words = lexicon.stopwords(), lexicon.question_words(), lexicon.number_words()
    for w in words(text):
        lw = w.lower().replace("’", "'")
        if lw in stop or lw in question or lw.endswith("n't"):
            continue
        out.append(number_words.get(lw, stem(lw)))
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
