"""Which language a question or an article is in: the assistant reads English only, and says so.

The only module that imports ``py3langid`` (langid.py's model, inside the pip package: nothing is downloaded).
Its guess alone is unreliable on a short English question ("What did Putin say?" comes out Indonesian), so a
text counts as *not English* only when it has few English function words (< 20 %, from the lexicon's
stopwords) and enough letters to judge, and the model is confident of another language (≥ 0.5) and gives
English almost nothing (< 0.05). A text with enough function words, or too short to judge, is English
without asking the model at all (so an English corpus and most questions never load it).

Measured on development data: no English text refused among the 85 bundled gold questions, 200 ClaimDecomp
"Who said that …?" questions and their 200 PolitiFact articles, 1,122 XSum summary sentences and 464 BBC
articles; the only texts flagged are the two Welsh-language BBC articles and three Welsh sentences.

Example:
    >>> is_english("What did Putin say?"), is_english("Quelles sont les exigences de la Russie ?")
    (True, False)
    >>> detect("Chi ha chiesto un cessate il fuoco?").name
    'Italian'
    >>> is_english("Erdogan?")  # too short to judge: read as English
    True
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

from . import lexicon
from .errors import InputError

CONFIDENT = 0.5  # the model's probability of the other language
ENGLISH_FLOOR = 0.05  # the model's probability of English
FUNCTION_WORDS = 0.2  # share of English function words in the text
MIN_WORDS, MIN_LETTERS = 3, 8  # below both, a text is too short to judge (scripts without spaces count letters)
SAMPLE = 3000  # characters of an article looked at

_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Language:
    """The model's best guess and the evidence the decision uses."""

    code: str  # ISO 639-1, e.g. "fr"
    probability: float
    english: float  # the model's probability of English
    function_words: float  # share of the text's words that are English function words
    words: int
    letters: int

    @property
    def name(self) -> str:
        """The language's English name ("French"), or its code when unknown."""
        try:
            from babel import Locale

            return str(Locale.parse(self.code).english_name)
        except Exception:  # babel does not know every langid code
            return self.code

    @property
    def is_english(self) -> bool:
        """English unless the model was asked (few function words, long enough: see :func:`detect`) and is
        confident of another language."""
        return self.code == "en" or not (self.probability >= CONFIDENT and self.english < ENGLISH_FLOOR)


class _Identifier:
    """The langid model, loaded once (0.6 s) by the first caller; threads share it."""

    def __init__(self) -> None:
        self._model: Any = None
        self._lock = threading.Lock()

    def rank(self, text: str) -> dict[str, float]:
        with self._lock:
            if self._model is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                self._model = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
            return {code: float(p) for code, p in self._model.rank(text)}


_IDENTIFIER = _Identifier()


def detect(text: str) -> Language:
    """The language of ``text`` (its first few thousand characters)."""
    sample = text[:SAMPLE]
    words = _WORD.findall(sample.lower())
    function = lexicon.stopwords() | lexicon.question_words()
    share = sum(w in function for w in words) / len(words) if words else 0.0
    letters = sum(len(w) for w in words)
    if share >= FUNCTION_WORDS or (len(words) < MIN_WORDS and letters < MIN_LETTERS):
        return Language("en", 1.0, 1.0, share, len(words), letters)  # English by its function words, or too short:
        # decided without the model (most questions and every English article: no 0.6 s model load)
    ranks = _IDENTIFIER.rank(sample)
    code = max(ranks, key=ranks.__getitem__)
    return Language(code, ranks[code], ranks.get("en", 0.0), share, len(words), letters)


def is_english(text: str) -> bool:
    """False only when ``text`` is confidently in another language (see the module's notes)."""
    return detect(text).is_english


def require_english(text: str, what: str = "question") -> None:
    """Raise InputError, naming the language, when ``text`` is not English."""
    lang = detect(text)
    if not lang.is_english:
        raise InputError(
            f"I can only read English: this {what} looks like {lang.name} ({lang.code}). "
            + ("Ask it in English, e.g. 'What did Russia demand?'" if what == "question" else "Add it in English.")
        )
