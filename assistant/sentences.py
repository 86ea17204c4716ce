"""Sentence boundaries with exact character offsets: pysbd (the Golden Rules segmenter) inside each paragraph.

pysbd knows English abbreviations ("Dec. 4", "Gov. Bruce Rauner", "U.S."), initials, decimals and list items, and
keeps a quotation whole with its speaker. Around it this module keeps the document's layout:

- a blank line ("\\n\\n") always ends a sentence: pysbd sees one paragraph at a time, so a quotation left open in
  one paragraph never swallows the next;
- a single line break ends a sentence (a heading, a list item, a dateline) unless it falls inside a quotation
  that closes later in the same paragraph: that quotation is one sentence however it is wrapped;
- every span indexes the original text and neither starts nor ends with whitespace. pysbd's sentences are put
  back on the text by their non-space characters (its own ``char_span`` searches the whole text once per
  sentence, and silently drops a sentence it cannot find).

pysbd is imported in this module only.

Example:
    >>> text = "Speaking in Chicago on Dec. 4, Gov. Bruce Rauner predicted a win. U.S. aid rose 3.5 percent."
    >>> [text[s:e] for s, e in sentence_spans(text)]
    ['Speaking in Chicago on Dec. 4, Gov. Bruce Rauner predicted a win.', 'U.S. aid rose 3.5 percent.']
    >>> text = "Talks resume\\n“We will stay,\\nwe will not leave.\\nNever,” he said.\\n\\n“Open. Still open"
    >>> [text[s:e] for s, e in sentence_spans(text)]
    ['Talks resume', '“We will stay,\\nwe will not leave.\\nNever,” he said.', '“Open.', 'Still open']
"""

from __future__ import annotations

import functools
import re

from pysbd.languages import Language
from pysbd.lists_item_replacer import ListItemReplacer
from pysbd.processor import Processor

from . import lexicon

_ENGLISH = Language.get_language_code("en")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_OPEN_QUOTES, _CLOSE_QUOTES = "“‘«", "”’»"
# A stop pysbd may read as a boundary, other than a final one; the closing marks after a final stop.
_AMBIGUOUS = re.compile(r"[!?。．！？]|\.(?!\d)")  # pysbd never cuts at a full stop before a digit ("3.5", ".9")
_FINAL = ".!?。．！？\"”’')]» "
# A full stop after a plain word (not after a "." or inside a word), then space and a capital or opening quote.
_PLAIN_STOP = re.compile(r"(?<![\w.’'-])([A-Za-z]{2,})\.(?=\s+[A-Z“\"])")
_QUOTE_CUT = re.compile(r"[^.!?…\s][\"”’']$")  # a sentence pysbd ended at a closing quote with no stop before it
_CLOSING_MARKS = '"”’»'
_HYPHENATED_TITLE = re.compile(r"\w-([A-Za-z]+)\.$")
_PREPOSITIVE = frozenset(a.lower() for a in _ENGLISH.Abbreviation.PREPOSITIVE_ABBREVIATIONS)  # pysbd's: "sen", "st"
_POSSESSIVE = re.compile(r"[’']s\b")
_QUOTE_END = re.compile(r"[!?][\"”’']$")  # a sentence ending with a quoted question or exclamation
_MARK = re.compile(r"[“”‘’'\"()\[\]«»]|--")
_NOT_PLAIN = frozenset([a.lower() for a in _ENGLISH.Abbreviation.ABBREVIATIONS] + ListItemReplacer.ROMAN_NUMERALS)  # pysbd's


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence in ``text[start:end]``; a quotation stays whole with its speaker.

    >>> text = "“Second – the release. Third – the return,” he said. Mr. Smith left."
    >>> [text[s:e] for s, e in sentence_spans(text)]
    ['“Second – the release. Third – the return,” he said.', 'Mr. Smith left.']
    >>> sentence_spans("  x. Y.  ", 1)
    [(2, 4), (5, 7)]
    """
    end = len(text) if end is None else end
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"sentence_spans: start={start}, end={end} must satisfy 0 <= start <= end <= len(text)={len(text)}")
    return [(s + start, e + start) for s, e in _passage_spans(text[start:end])]


def _passage_spans(text: str, cached: bool = True) -> list[tuple[int, int]]:
    """The sentences of ``text`` as offsets into it. A blank line always ends a sentence, so each paragraph is
    segmented on its own and (``cached``) cached by its own text, not the whole document's: the cache must not keep
    documents alive, and a passage sharing whole paragraphs with one segmented before (a chunk of a document
    analysed at ingest) reuses their sentences."""
    paragraph = _paragraph_spans if cached else _paragraph_spans.__wrapped__
    spans: list[tuple[int, int]] = []
    para_start = 0
    for m in [*_BLANK_LINE.finditer(text), None]:
        para_end = m.start() if m else len(text)
        spans.extend((s + para_start, e + para_start) for s, e in paragraph(text[para_start:para_end]))
        if m:
            para_start = m.end()
    return spans


@functools.lru_cache(maxsize=50_000)
def _paragraph_spans(text: str) -> tuple[tuple[int, int], ...]:
    """The sentences of one paragraph (no blank line inside), as offsets into it."""
    return tuple(span for a, b in lines(text, 0, len(text)) for span in _segment(text, a, b))


def lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The paragraph ``text[start:end]`` cut at its line breaks (also the unit the parser reads), except those inside
    a quotation that closes later in the paragraph (curly quotes nest; a straight double quote toggles; an
    apostrophe is not a quote).
    News text that breaks paragraphs with one line break runs a quotation over them by opening it on each and
    closing it on the last only: those lines are read together ("…so nice. One … window.\\n\"I also had …\"")."""
    out: list[tuple[int, int]] = []
    depth, straight_open, s = 0, False, start
    for i in range(start, end):
        ch = text[i]
        if ch in _OPEN_QUOTES:
            depth += 1
        elif ch in _CLOSE_QUOTES and not (ch == "’" and i + 1 < end and text[i + 1].isalpha()):
            depth = max(0, depth - 1)
        elif ch == '"' and not (straight_open and (i == start or text[i - 1] == "\n")):
            straight_open = not straight_open  # (a line opening with a quote while one is open re-opens it: the
            # quotation goes on from the paragraph before, so the mark that closes it is still to come)
        elif ch == "\n" and not ((depth or straight_open) and _closes(text, i + 1, end)):
            out.append((s, i))
            s, depth, straight_open = i + 1, 0, False
    out.append((s, end))
    return out


def _closes(text: str, i: int, end: int) -> bool:
    """True when a closing quotation mark follows ``i`` within ``text[:end]``."""
    window = text[i:end]
    return any(q in window for q in '”»"') or re.search(r"’(?![A-Za-z])", window) is not None


def _segment(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of one unit ``text[start:end]`` (line breaks inside it are read as spaces), as offsets."""
    flat = text[start:end].replace("\n", " ").replace("\r", " ")  # same length: pysbd splits at every line break
    raw: list[tuple[int, int]] = []
    for a, b in _pieces(flat):
        piece = flat[a:b]
        if _AMBIGUOUS.search(piece.rstrip().rstrip(_FINAL)):
            raw.extend((a + s, a + e) for s, e in _pysbd(piece))
        else:  # no stop inside: one sentence, pysbd would say the same
            raw.append((a, b))
    spans: list[tuple[int, int]] = []
    for s, e in raw:
        s, e = _trim(flat, s, e)
        if spans and flat[s : s + 1] in _CLOSING_MARKS and flat[s + 1 : s + 2].isspace():  # "years." + '"\nIn a …'
            spans[-1], s = (spans[-1][0], s + 1), s + 1  # the closing mark ends the sentence before it
            s, e = _trim(flat, s, e)
        if spans and _goes_on(flat, spans[-1][1], s, flat[s:e]):
            spans[-1] = (spans[-1][0], e)
        elif e > s:
            spans.append((s, e))
    return [(start + s, start + e) for s, e in spans]


def _pieces(flat: str) -> list[tuple[int, int]]:
    """``flat`` cut where pysbd cuts too: after a full stop that follows a plain word of two letters or more (not
    an abbreviation pysbd knows, a roman numeral or a part of "U.S."), before a capital, outside any quotation,
    brackets or dashes pysbd pairs up. Only for speed: pysbd's abbreviation pass costs time quadratic in its input
    (the agreement is measured in benchmarks/sentences.py)."""
    cuts, last = [], 0
    marks = _MARK.finditer(flat)
    mark = next(marks, None)
    curly = single = paren = square = arrow = 0
    straight = dashes = False
    for m in _PLAIN_STOP.finditer(flat):
        while mark is not None and mark.start() < m.end():  # the marks before this stop open or close pairs
            ch, i = mark.group(), mark.start()
            prev, nxt = flat[i - 1 : i] or " ", flat[i + 1 : i + 2] or " "
            if ch == "“":
                curly += 1
            elif ch == "”":
                curly = max(0, curly - 1)
            elif ch == "‘" or ch == "'" and (prev.isspace() or prev in "(["):
                single += 1
            elif ch in "’'" and single and not nxt.isalpha():  # ’ or ' closing a single quotation (not an apostrophe)
                single -= 1
            elif ch == '"':
                straight = not straight
            elif ch == "--":
                dashes = not dashes
            elif ch in "([«":
                paren, square, arrow = paren + (ch == "("), square + (ch == "["), arrow + (ch == "«")
            elif ch in ")]»":
                paren, square, arrow = max(0, paren - (ch == ")")), max(0, square - (ch == "]")), max(0, arrow - (ch == "»"))
            mark = next(marks, None)
        if curly or single or paren or square or arrow or straight or dashes or m.group(1).lower() in _NOT_PLAIN:
            continue
        cuts.append((last, m.end(1) + 1))
        last = m.end(1) + 1
    cuts.append((last, len(flat)))
    return cuts


def _pysbd(piece: str) -> list[tuple[int, int]]:
    """pysbd's sentences of ``piece``, put back on it by their characters."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for sentence in Processor(piece, _ENGLISH).process():
        target = sentence.strip()
        if not target:
            continue
        while pos < len(piece) and piece[pos].isspace():
            pos += 1
        if piece.startswith(target, pos):
            spans.append((pos, pos + len(target)))
        else:  # pysbd changed the spacing inside the sentence: walk its non-space characters
            spans.append((pos, _walk(piece, pos, target)))
        pos = spans[-1][1]
    if piece[pos:].strip():  # never lose text: what pysbd did not return ends the last sentence
        spans[-1:] = [(spans[-1][0] if spans else 0, len(piece.rstrip()))]
    return spans


def _goes_on(flat: str, prev_end: int, start: int, target: str) -> bool:
    """Post-rules where pysbd cuts news text too soon: the sentence ``target`` (at ``start``) goes on the one
    before it (ending at ``prev_end``) when it is only closing marks ("…loans." + "’’"); when it starts with a
    comma, semicolon, colon or dash (pysbd cuts after "D-Calif." in "Nancy Pelosi, D-Calif., and …"), a lower-case
    letter or a possessive ("David A. Clarke Jr." + "’s own words"): no sentence of news text starts so; when the
    one before ends with a title pysbd did not see because a hyphen, not a space, comes before it ("then-Sen." +
    "Hillary Clinton said", "Minneapolis-St." + "Paul"); when pysbd ended
    the one before at a closing quote with no stop inside it ("“She didn’t ‘get credit,’”" + "Hannah-Jones said");
    and when a quoted question or exclamation is followed by its speaker ("“…, were they different?”" + "Roebuck
    said.": a name, then a verb of saying from the lexicon). After a quotation ending in a full stop a name and a
    verb start a new sentence ("…a “great opportunity.”" + "Blitzer asked Trump why.")."""
    if not any(c.isalnum() for c in target) or target[0] in ",;:—–" or target[0].islower() or _POSSESSIVE.match(target):
        return True
    if _QUOTE_CUT.search(flat, 0, prev_end):
        return True
    title = _HYPHENATED_TITLE.search(flat, 0, prev_end)
    if title and title.group(1).lower() in _PREPOSITIVE:
        return True
    return bool(_QUOTE_END.search(flat, 0, prev_end) and _speaker_after_quote().match(flat, start))


def _speaker_after_quote() -> re.Pattern[str]:
    """One to three capitalised words, then a verb of saying: "Roebuck said", "Rattner asked", "Sen. Warren wrote".
    The verbs are the lexicon's: the quote verbs and speaker cues as written, and the lemmas of the "say" act with
    a regular ending ("ask" -> "asked")."""

    def build(lex: lexicon.Lexicon) -> re.Pattern[str]:
        nouns = lexicon.speaker_cue_nouns()
        written = [*lexicon.quote_verbs(), *(w for w in lexicon.speaker_cues() if w.lower() not in nouns and " " not in w)]
        lemmas = [v for v, acts in lexicon.speaker_verbs().items() if any(a == "say" and p is None for a, p in acts)]
        verbs = f"{lexicon.alternation(written)}|(?:{lexicon.alternation(lemmas)})(?:e?s|e?d)?"
        return re.compile(rf"(?:[A-Z][\w’'.-]*\s+){{1,3}}(?:{verbs})\b")

    return lexicon.derived("sentences.speaker_after_quote", build)


def _walk(flat: str, pos: int, target: str) -> int:
    """The end in ``flat`` of ``target`` read from ``pos``, comparing non-space characters only."""
    want = [c for c in target if not c.isspace()]
    k = 0
    while pos < len(flat) and k < len(want):
        if not flat[pos].isspace():
            if flat[pos] != want[k]:
                break
            k += 1
        pos += 1
    return pos


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e
