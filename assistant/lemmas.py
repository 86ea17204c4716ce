"""Words reduced to their dictionary form with the English model's own lemmatizer tables — no hand-written suffix rules.

spaCy's rule lemmatizer reduces a word for a part of speech: the word's exceptions ("said" -> "say"), then its suffix
rules, keeping only forms its word index lists ("demanded" -> "demand", never "demande"). Retrieval and the checks
compare a question, a claim or an answer with article sentences that the query path never tags, so :func:`lemma` reads
a word without its part of speech: the first reduction the tables give it as a verb, then a noun, an adjective, an
adverb, repeated until nothing changes, so that every form of a word meets at one key ("meetings" -> "meeting" ->
"meet", as "met"). A word no table knows keeps its form, except an unknown plural ("ceasefires", "Sorviks"), which gets the
form the model's first noun rule gives (what spaCy does for a noun it does not know).

The tables come from the pinned model package (``lemmatizer/lookups/lookups.bin``, sha256-checked against
:data:`assistant.nlp.MODEL_SHA256`); they are read once, without loading spaCy.

Example:
    >>> [lemma(w) for w in ("demanded", "demands", "demanding", "said", "talks", "ceasefires", "Zelenskyy’s")]
    ['demand', 'demand', 'demand', 'say', 'talk', 'ceasefire', 'zelenskyy']
    >>> [lemma(w) for w in ("united", "units", "news", "children", "stopped", "2025")]  # no false conflation
    ['unite', 'unit', 'news', 'child', 'stop', '2025']
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .checksums import check_sha256
from .nlp import MODEL_PIN, MODEL_SHA256, model_dir

VERSION = "spacy-lookups-1"  # part of the lexical index's version: bump when lemma() changes (the index is rebuilt)
TABLES = "lemmatizer/lookups/lookups.bin"  # the rule lemmatizer's tables inside the model's data directory
# the tables are keyed by spaCy's 64-bit string hashes of the part-of-speech names (spacy.strings.hash_string);
# written out so that reading them needs no spaCy (a parsed test checks them against spaCy)
POS_KEYS = {
    "verb": 6360137228241296794,
    "noun": 16833663260455505849,
    "adj": 12401032943472870168,
    "adv": 10054248821341768113,
}
ORDER = ("verb", "noun", "adj", "adv")  # the part of speech whose reduction wins when several reduce a word


@dataclass(frozen=True)
class _Tables:
    rules: dict[str, list[tuple[str, str]]]  # pos -> (suffix, replacement), in the model's order
    exceptions: dict[str, dict[str, list[str]]]  # pos -> word -> its lemmas
    index: dict[str, frozenset[str]]  # pos -> the base forms the model knows


@functools.cache
def _tables() -> _Tables:
    import srsly  # spaCy's serialisation library (a dependency of spaCy): the tables are msgpack

    path = model_dir() / TABLES
    check_sha256(path, MODEL_SHA256[TABLES], MODEL_PIN)
    data = srsly.msgpack_loads(path.read_bytes())
    return _Tables(
        rules={p: [(a, b) for a, b in data["lemma_rules"].get(k, [])] for p, k in POS_KEYS.items()},
        exceptions={p: data["lemma_exc"].get(k, {}) for p, k in POS_KEYS.items()},
        index={p: frozenset(data["lemma_index"].get(k, ())) for p, k in POS_KEYS.items()},
    )


def _reduced(word: str, pos: str, t: _Tables) -> str | None:
    """The word's lemma as ``pos`` when the tables reduce it to another known form, else None."""
    for form in t.exceptions[pos].get(word, ()):
        if form != word:
            return form
    for suffix, new in t.rules[pos]:
        if suffix and word.endswith(suffix):
            form = word[: len(word) - len(suffix)] + new
            if form and form != word and form in t.index[pos]:
                return form
    return None


@functools.lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The lower-cased dictionary form of one word (a possessive "'s" dropped); numbers are kept as written."""
    w = word.lower().replace("’", "'").removesuffix("'s")
    if not w or not w[0].isalpha():
        return w
    t = _tables()
    form = w
    for _ in range(3):  # to a fixed point, so every form of a word meets at one key: "meetings" -> "meeting" -> "meet"
        reduced = next((f for f in (_reduced(form, pos, t) for pos in ORDER) if f), None)
        if reduced is None:
            break
        form = reduced
    if form != w or any(w in t.index[pos] for pos in ORDER):
        return form
    suffix, new = t.rules["noun"][0]  # a word no table knows: spaCy's form for a noun it does not know
    if w.endswith(suffix) and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        return w[: len(w) - len(suffix)] + new
    return w
