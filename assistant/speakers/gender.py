"""What a document itself shows of each person's gender, so that a "he" or "she" never names a person the text
shows to be otherwise: words of address, titles and role or kin nouns before a name or in apposition ("Mrs Lee",
"Congresswoman Waters", "Ana Ruiz, a spokeswoman for …"), and pronouns bound to a person — a possessive or a
subject pronoun after a person who is the subject of a clause with no other person between ("Lee made her case",
"Lee said she …"), a possessive before the only person of a sentence ("In her speech, Lee said …"), the pronoun
subject of the next sentence after a person who ends their sentence as its main subject ("Lee spoke. She said …";
weak evidence, only counted for a person with none of the other kinds). Read once per document from the parse it
already has; a person with evidence both ways has none.

Example:
    >>> g = Genders([("Ana Ruiz", FEMALE, True), ("Ruiz", MALE, False), ("Tom Hale", MALE, False)], ["Ana Ruiz", "Tom Hale"])
    >>> g.of("Ruiz"), g.of("Tom Hale"), g.of("Hale"), g.of("Ivo Kern")
    ('female', 'male', 'male', None)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from .. import lexicon
from ..nlp import ParsedEntity, ParsedSentence, ParsedToken
from .names import ACTOR_LABELS, _last_word, _lexicon_actor
from .quotes import _Quotes

MALE, FEMALE = "male", "female"
Person = tuple[ParsedEntity, set[int], int]  # a person named in a sentence: the entity, its tokens, its head token
_OBJECTS = ("dobj", "dative", "iobj")  # a pronoun object of a person's own verb is someone else


def pronoun_gender(word: str) -> str | None:
    """The gender a pronoun names ("she", "his"), or None for any other word."""
    low = word.lower()
    if low in lexicon.speaker_words("male_pronouns"):
        return MALE
    if low in lexicon.speaker_words("female_pronouns"):
        return FEMALE
    return None


def word_gender(word: str) -> str | None:
    """The gender a word of address, title or role noun names ("Mrs.", "spokeswoman"), or None."""
    low = word.lower().rstrip(".")
    if low in lexicon.speaker_words("male_words"):
        return MALE
    if low in lexicon.speaker_words("female_words"):
        return FEMALE
    return None


def _words(name: str) -> list[str]:
    """A name's words, lower case, without the words of address and titles before it ("Mrs Ana Ruiz" → ana, ruiz)."""
    words = [w.lower().removesuffix("’s").removesuffix("'s") for w in re.findall(r"[\w’'-]+", lexicon.fold(name))]
    while len(words) > 1 and (word_gender(words[0]) or lexicon.is_honorific(words[0]) or lexicon.is_title(words[0])):
        words = words[1:]
    return words


class Genders:
    """Each person's gender as a document shows it, from (name, gender, strong) evidence and the people it names:
    keyed by surname, or by first name and surname where two people of the document share a surname (evidence on
    the bare surname of such a family is then ambiguous and dropped). Strong evidence decides when there is any,
    else weak evidence; evidence both ways decides nothing."""

    def __init__(self, evidence: Iterable[tuple[str, str, bool]], people: Iterable[str]) -> None:
        firsts: dict[str, set[str]] = {}
        for name in people:
            words = _words(name)
            if len(words) > 1:
                firsts.setdefault(words[-1], set()).add(words[0])
        self._shared = {s for s, f in firsts.items() if len(f) > 1}  # "Donald Trump" and "Ivanka Trump"
        seen: dict[str, tuple[set[str], set[str]]] = {}  # key: (weak, strong) genders
        for name, gender, strong in evidence:
            key = self._key(name)
            if key is not None:
                seen.setdefault(key, (set(), set()))[strong].add(gender)
        decided = {k: strong or weak for k, (weak, strong) in seen.items()}
        self._gender = {k: next(iter(g)) for k, g in decided.items() if len(g) == 1}

    def _key(self, name: str) -> str | None:
        words = _words(name)
        if not words:
            return None
        if words[-1] not in self._shared:
            return words[-1]
        return f"{words[0]} {words[-1]}" if len(words) > 1 else None

    def of(self, name: str) -> str | None:
        """"male", "female", or None when the document shows nothing (or both) of the person named ``name``."""
        key = self._key(name)
        return self._gender.get(key) if key is not None else None


def untagged_person(token: ParsedToken, people: set[str]) -> bool:
    """True for a name the parser did not tag that the document shows to be a person's surname elsewhere ("Calder,
    a Vermont Democrat, made …" after "Senator Ruth Calder"): the last word of its name, a surname of ``people``."""
    return token.pos == "PROPN" and token.dep != "compound" and token.ent_type == "" and _last_word(token.text) in people


def read_genders(text: str, sentences: Sequence[ParsedSentence], quotes: _Quotes,
                 kind: Callable[[ParsedEntity], str], people: set[str]) -> Genders:  # fmt: skip
    """The document's evidence of each person's gender (see the module docstring); ``kind`` says which entities
    are people, ``people`` the surnames the document shows to be people's (a name the parser missed counts).

    A pronoun counts for a person only where nobody else could be meant: the person is the subject of a clause
    that governs the pronoun with no other subject between, no one else is named between them, earlier in the
    sentence or in the sentence before ("Trump has referenced her foundation" after a sentence naming Clinton
    says nothing of Trump)."""
    evidence: list[tuple[str, str, bool]] = []
    names: list[str] = []
    last: str | None = None  # the previous sentence's main subject, when it is the only person there
    before: set[str | None] = set()  # who the previous sentence names (None: a person it does not name)
    for sent in sentences:
        persons = _persons(sent, kind, people)
        names += [ent.text for ent, _, _ in persons]
        evidence += _named(text, sent, persons)
        others = _others(sent, persons, people)
        pronouns = [(q, g) for q, t in enumerate(sent.tokens)
                    if (g := pronoun_gender(t.text)) is not None and quotes.at(t.start) is None]  # fmt: skip
        if last is not None and pronouns:  # "Lee spoke. She said …": the subject before any person of this sentence
            q, g = pronouns[0]
            if sent.tokens[q].dep in ("nsubj", "nsubjpass") and (not others or others[0][0] > q):
                evidence.append((last, g, False))
        last = None
        for ent, toks, h in persons:
            subj, key = sent.tokens[h], _last_word(ent.text)
            if subj.dep not in ("nsubj", "nsubjpass") or quotes.at(ent.start) is not None or before - {key}:
                continue
            if any(o < min(toks) and k != key for o, k in others):
                continue
            verb = subj.head
            after = [o for o, k in others if o > max(toks) and k != key]
            elsewhere: set[str] = set()  # genders of someone else this person acts on ("Pearson remanded her and said she")
            for q, g in pronouns:
                if q > max(toks) and g not in elsewhere and (not after or after[0] > q) and _governed(sent, q, verb, toks):
                    evidence.append((ent.text, g, True))  # "Lee made her case", "Lee said she …"
                elif q > max(toks) and not _governed(sent, q, verb, toks):
                    elsewhere.add(g)
                elif q < min(toks) and sent.tokens[q].dep == "poss" and not after:
                    evidence.append((ent.text, g, True))  # "In her speech, Lee said …"
            root = sent.root
            if (verb == root or (sent.tokens[verb].dep == "conj" and sent.tokens[verb].head == root)) and not after:
                last = ent.text
        before = {k for _, k in others}
    return Genders(evidence, names)


def _persons(sent: ParsedSentence, kind: Callable[[ParsedEntity], str], people: set[str]) -> list[Person]:
    """The people a sentence names: (entity, its tokens, its head token), a surname the parser missed included."""
    ents = [e for e in sent.entities if (e.label in ACTOR_LABELS or _lexicon_actor(e.text)) and kind(e) == "person"]
    ents += [ParsedEntity(t.start, t.start + len(t.text), "PERSON", t.text) for t in sent.tokens if untagged_person(t, people)]
    out = []
    for ent in ents:
        toks = {q for q, t in enumerate(sent.tokens) if ent.start <= t.start < ent.end}
        heads = [q for q in toks if sent.tokens[q].head not in toks or sent.tokens[q].head == q]
        if toks and heads:
            out.append((ent, toks, heads[0]))
    return out


def _others(sent: ParsedSentence, persons: list[Person], people: set[str]) -> list[tuple[int, str | None]]:
    """Where a sentence may name a person, in order, each with the surname it names (None for a person noun):
    the people it names, a person noun not in apposition to a name ("the minister"), a proper noun of no entity
    (a name the parser missed), a surname of the document's people inside another name ("the Clinton Foundation")."""
    mine = {q for _, toks, _ in persons for q in toks}
    linked = mine | {sent.tokens[h].head for _, _, h in persons} | {
        q for q, t in enumerate(sent.tokens) if t.head in mine}
    out: list[tuple[int, str | None]] = [(min(toks), _last_word(ent.text)) for ent, toks, _ in persons]
    for q, t in enumerate(sent.tokens):
        if q in linked or t.pos not in ("NOUN", "PROPN"):
            continue
        if _person_noun(t.lemma):
            out.append((q, None))
        elif t.pos == "PROPN" and (not t.ent_type or _last_word(t.text) in people):
            out.append((q, _last_word(t.text)))
    return sorted(out, key=lambda o: o[0])


def _governed(sent: ParsedSentence, q: int, verb: int, toks: set[int]) -> bool:
    """True when pronoun ``q`` is in the domain of ``verb``, whose subject is a person (``toks``): not an object of
    that verb ("Lee praised her"), and no clause between them has a subject of its own that is not a pronoun
    ("Rotherham finished …, but Stubbs believes he …")."""
    t = sent.tokens[q]
    if (t.head == verb and t.dep in _OBJECTS) or (
            t.dep == "pobj" and sent.tokens[t.head].dep == "prep" and sent.tokens[t.head].head == verb):  # fmt: skip
        return False  # "Lee praised her", "Lee spoke of him"
    k = t.head
    for _ in range(len(sent.tokens)):
        if k == verb:
            return True
        if any(c.head == k and c.dep in ("nsubj", "nsubjpass") and c.pos != "PRON" and p not in toks
               for p, c in enumerate(sent.tokens)):  # fmt: skip
            return False
        if sent.tokens[k].head == k:
            return False
        k = sent.tokens[k].head
    return False


def _person_noun(lemma: str) -> bool:
    low = lemma.lower()
    return bool(lexicon.is_title(low) or word_gender(low) or lexicon.is_person_role(low)
                or low in lexicon.speaker_words("spokes_nouns"))


def _named(text: str, sent: ParsedSentence, persons: list[Person]) -> list[tuple[str, str, bool]]:
    """Evidence from the words around a name: a word of address or a title before it ("Mrs Lee", "Congresswoman
    Waters"), a role or kin noun in apposition ("Lee, a spokeswoman", "the chairwoman, Lee")."""
    out: list[tuple[str, str, bool]] = []
    for ent, toks, h in persons:
        before = re.search(r"([A-Za-z]+)(\.?)[ \t]+$", text[max(0, ent.start - 20) : ent.start])
        words = [before.group(1)] if before and (not before.group(2) or lexicon.is_honorific(before.group(1))) else []
        words += ent.text.split()[:1] if len(ent.text.split()) > 1 else []  # "Queen Rania", not "Carole King"
        words += [t.lemma for q, t in enumerate(sent.tokens)
                  if t.head in toks and q not in toks and t.dep in ("appos", "compound")]  # fmt: skip
        if sent.tokens[h].dep == "appos":
            words.append(sent.tokens[sent.tokens[h].head].lemma)
        genders = {g for w in words if (g := word_gender(w)) is not None}
        if len(genders) == 1:
            out.append((ent.text, genders.pop(), True))
    return out
