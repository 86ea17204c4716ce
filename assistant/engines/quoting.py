"""The text around a quotation that tells who spoke, read as scraped news pages write it: the words a sentence quotes
(a name inside them is what was said), a speech verb run into the name before it ("Trumpsaid"), the plain-text
copy of an embedded post that the article also quotes, and the vehicles a sentence names ("a tweet", "tweeted").

Pure functions over text; word lists come from the lexicon (``speaker_cues``, ``speaker_vehicles``).
"""

from __future__ import annotations

import re

from .. import lexicon
from ..text import normalize
from .statements import QUOTE_PAIR

COPY_RUN = 8  # words in a row an embedded post shares with the quotation of it


def without_quoted(claim: str, sentence: str) -> str:
    """``claim`` without the words a sentence quotes from it: a name inside the quotation ("“This Russia thing with
    Trump …,” Trump said") is what was said, not whom the claim is about, so the speaker after it still counts.

    >>> without_quoted("This thing with Trump is made up. It is an excuse.", "“This thing with Trump is made up,” Trump said.")
    '. it is an excuse.'
    """
    out = normalize(claim)
    for q in QUOTE_PAIR.finditer(sentence):
        words = normalize(q.group(0)).strip("\"' ").rstrip(",.!?")
        if len(words.split()) >= 4 and words in out:
            out = out.replace(words, "")
    return out


def unglued(outside: str, text: str) -> str:
    """``outside`` with a speech verb run into the name before it parted from it, where a scraped page lost the space
    around a link ("Trumpsaid May 11" → "Trump said May 11"): only when the article writes that name on its own too.
    The result is for reading who spoke, not for offsets (it may be longer).

    >>> unglued("“…,” Trumpsaid May 11.", "Trump spoke. “…,” Trumpsaid May 11.")
    '“…,” Trump said May 11.'
    >>> unglued("It was unsaid.", "It was unsaid. Un said.")
    'It was unsaid.'
    """

    def part(m: re.Match[str]) -> str:
        name = m.group("name")
        alone = re.search(rf"(?<![\w’'-]){re.escape(name)}(?![\w-])", text) is not None
        return f"{name} {m.group('verb')}" if alone else m.group(0)

    glued = lexicon.derived("speaker.glued", lambda _: re.compile(
        rf"\b(?P<name>[A-Z][a-z’']{{2,}})(?P<verb>{lexicon.alternation(lexicon.speaker_cues())})(?![a-z])"))  # fmt: skip
    return glued.sub(part, outside)


def quoted_copies(text: str, spans: list[tuple[int, int]], index: int, run: int = COPY_RUN) -> list[int]:
    """The other sentences that quote a run of ``run`` words of sentence ``index`` ("“It has to be measured in the
    human toll …” said Walker" for the tweet the article then shows as plain text), nearest first."""

    def words(piece: str) -> list[str]:
        return re.findall(r"[\w’'$%/-]+", piece.lower())

    mine = words(text[spans[index][0] : spans[index][1]])
    runs = {" ".join(mine[k : k + run]) for k in range(len(mine) - run + 1)}
    if not runs:
        return []
    found = []
    for j, (a, b) in enumerate(spans):
        sentence = text[a:b]
        if j == index:
            continue
        if QUOTE_PAIR.search(sentence):  # quotations opened and closed here
            said = " ".join(" ".join(words(q.group(0))) for q in QUOTE_PAIR.finditer(sentence))
        elif (opens := re.search(r"[“\"]", sentence)) is not None:  # a quotation opens and goes on
            said = " ".join(words(sentence[opens.start() :]))
        else:
            continue
        if any(r in said for r in runs):
            found.append(j)
    return sorted(found, key=lambda j: abs(j - index))


def vehicles(outside: str) -> set[str]:
    """The vehicles a sentence names, as a noun or a verb made of one ("a tweet", "tweeted", "the ads"), singular.

    >>> sorted(vehicles("Republicans tweeted June 29 and posted an ad.")), vehicles("He added it.")
    (['ad', 'post', 'tweet'], set())
    """
    words = lexicon.derived("speaker.vehicle_words", lambda _: re.compile(
        rf"\b({lexicon.alternation(lexicon.speaker_vehicles())})(?:s|ed|ing)?\b", re.I))  # fmt: skip
    return {lexicon.vehicle_singular(w) for w in words.findall(outside)}
