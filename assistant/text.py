"""Text helpers shared by retrieval, answering and verification: sentences with offsets, tokens, stems.

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

_WORD = re.compile(r"[0-9]+(?:[.,][0-9]+)*%?|[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)*\b")
_OPEN_QUOTES, _CLOSE_QUOTES = "“‘«", "”’»"


def _abbreviation() -> re.Pattern[str]:
    """Matches an abbreviation (or an initial) ending in a full stop: "Mr.", "U.S."."""
    return lexicon.derived(
        "text.abbreviation", lambda _: re.compile(rf"(?:\b(?:{lexicon.alternation(lexicon.abbreviations())})|\b[A-Z])\.$")
    )


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence in ``text[start:end]``; never splits inside “quotes” or at "Mr."."""
    end = len(text) if end is None else end
    # Cached by the passage's own text (not the whole document: the cache must not keep documents alive);
    # the splitter only ever looks inside [start, end), so offsets shift by ``start``.
    return [(s + start, e + start) for s, e in _passage_spans(text[start:end])]


@functools.lru_cache(maxsize=20_000)
def _passage_spans(text: str) -> tuple[tuple[int, int], ...]:
    return _sentence_spans(text, 0, len(text))


def _sentence_spans(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    abbreviation = _abbreviation()
    depth = 0
    straight_open = False
    s = start
    i = start
    while i < end:
        ch = text[i]
        if ch in _OPEN_QUOTES and not (ch == "’" and i > start and text[i - 1].isalpha()):
            depth += 1
        elif ch in _CLOSE_QUOTES and not (ch == "’" and i + 1 < end and text[i + 1].isalpha()):
            depth = max(0, depth - 1)
        elif ch == '"':
            straight_open = not straight_open
        if ch == "\n" and (i + 1 < end and text[i + 1] == "\n" or depth == 0 and not straight_open):
            _push(text, s, i, spans)
            s, depth, straight_open = i + 1, 0, False
        elif ch in ".!?" and (depth == 0 and not straight_open or not _closes_in_paragraph(text, i + 1, end)):
            j = i + 1
            while j < end and text[j] in '"”’)]':
                j += 1
            if (j >= end or text[j].isspace()) and not abbreviation.search(text[max(s, i - 6) : i + 1]):
                k = j
                while k < end and text[k] in " \t":
                    k += 1
                if k >= end or text[k] == "\n" or text[k].isupper() or text[k] in '“"‘(' or text[k].isdigit():
                    _push(text, s, j, spans)
                    s = j
                    i = j
                    continue
        i += 1
    _push(text, s, end, spans)
    return tuple(spans)


def _closes_in_paragraph(text: str, i: int, end: int) -> bool:
    """True when a closing quote mark follows ``i`` before the paragraph ends: the open quotation is whole and
    stays one sentence with its speaker. A quotation never closed (a quote running on to the next paragraph, or a
    stray mark) does not hold its sentences together."""
    para_end = text.find("\n\n", i, end)
    window = text[i : para_end if para_end >= 0 else end]
    return any(q in window for q in '”»"') or re.search(r"’(?![A-Za-z])", window) is not None


def _push(text: str, s: int, e: int, spans: list[tuple[int, int]]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        spans.append((s, e))


def normalize(text: str) -> str:
    """Lower case, curly quotes and dashes made plain, accents kept."""
    t = unicodedata.normalize("NFKC", text).lower()
    return t.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"}))


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
