"""Who said what, read from the dependency parse: the pass :func:`assistant.attribution.analyze` uses.

The rules in :mod:`assistant.attribution` read a sentence left to right with regexes; this pass reads the parse
(:mod:`assistant.nlp`): the subject of an act verb wherever it stands ("“…,” said X", "“…,” X said", "…, he
added"), reported speech ("X told the BBC that Y", "X was quoted as saying Y"), "according to X", a quotation
with no speaker of its own (the previous speaker's), pronoun speakers resolved to the nearest fitting named
entity (he/she → a person; it/they → an organisation, a country or a lexicon actor) and descriptions ("the
company", "a Welsh government spokesman") to the entity they stand for. An actor is always a named entity —
spaCy's PERSON/ORG/GPE/NORP or a name the lexicon knows — never a capitalised common word. Every span indexes
the original text.

:func:`merge` keeps the rules' claim for a sentence when its actor is such an entity and fills the rest from
the parse.

Example:
    >>> text = "“We will not accept this,” said Dmitry Peskov, the Kremlin spokesman. “It is over,” he added."
    >>> [(f.actor, f.act, text[f.content_start : f.content_end]) for f in read(text, ((0, len(text)),))[1]]
    [('Dmitry Peskov', 'say', 'We will not accept this'), ('Dmitry Peskov', 'say', 'It is over')]
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from . import lexicon
from .nlp import ParsedEntity, ParsedSentence, parse_segments

if TYPE_CHECKING:
    from .attribution import Claim

ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
WINDOW = 3  # how many sentences back a pronoun or a description may look for what it names
_TRIM = " \t\n,.;:!?“”\"‘’—–-"
_HYPOTHETICAL = frozenset({"if", "whether", "unless"})


@dataclass(frozen=True)
class Found:
    """One attribution read from the parse; offsets index the original text."""

    sentence: int  # index of the sentence in :func:`read`'s list
    anchor: int  # offset of the act's verb (or of "according to", or of the quotation)
    actor: str
    kind: str  # "person" or "thing" (an organisation, a country, an actor group)
    act: str
    verb: str
    content_start: int
    content_end: int
    antecedent: tuple[int, int] | None = None  # the sentence naming the actor, when it was resolved
    source: str | None = None  # "according to X"
    noun: str | None = None  # the description the subject is ("source" in "a Labour source said")
    by_person: bool = False  # a person spoke, for the actor ("a spokesman for X", "he" after one)


@dataclass(frozen=True)
class _Mention:
    start: int
    text: str
    kind: str
    sentence: int


def quotations(text: str, segments: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of the words inside each quotation (“…” or "…"), quote marks left out; a quotation left open
    runs to the end of its paragraph (the next paragraph reopens it).

    >>> t = 'He said “No. Never,” and left. "Fine" she said.\\n“Open'
    >>> [t[a:b] for a, b in quotations(t, ((0, len(t)),))]
    ['No. Never,', 'Fine', 'Open']
    """
    out: list[tuple[int, int]] = []
    for seg_start, seg_end in segments:
        for m in re.finditer(r"[^\n]+", text[seg_start:seg_end]):
            opened: int | None = None
            base = seg_start + m.start()
            for i, c in enumerate(m.group(0)):
                if c == "“" or (c == '"' and opened is None):
                    opened = base + i + 1
                elif c in "”\"" and opened is not None:
                    out.append((opened, base + i))
                    opened = None
            if opened is not None:
                out.append((opened, base + len(m.group(0).rstrip())))
    return sorted(out)


class _Quotes:
    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self._starts = [s for s, _ in spans]

    def at(self, offset: int) -> tuple[int, int] | None:
        """The quotation containing ``offset``, or None."""
        k = bisect.bisect_right(self._starts, offset) - 1
        if k >= 0 and self.spans[k][0] <= offset < self.spans[k][1]:
            return self.spans[k]
        return None


def _bare(name: str) -> str:
    """A name without its possessive ending: "Mike Bloomberg’s" -> "Mike Bloomberg".

    >>> _bare("Mike Bloomberg’s"), _bare("Reuters")
    ('Mike Bloomberg', 'Reuters')
    """
    return re.sub(r"\s*[’']s$", "", name) or name


def _last_word(name: str) -> str:
    words = re.findall(r"[\w’'-]+", lexicon.fold(name))
    return words[-1].lower().removesuffix("'s") if words else ""


def _lexicon_actor(name: str) -> str | None:
    """"person" or "thing" when the lexicon knows the name (an actor group, or a person's spelling), else None."""
    for part in re.split(r"\s+and\s+", name):
        part = part.strip()
        if lexicon.actor_group(part) or any(lexicon.word_group(w) for w in re.findall(r"[\w’'.-]+", part)):
            return "thing"
        if lexicon.is_known_person(part.split()[-1] if part.split() else part):
            return "person"
    return None


def _particles() -> str:
    """A regex fragment: the surname particles the lexicon lists, each followed by a space, optional."""
    return rf"(?:(?:{lexicon.alternation(lexicon.speaker_words('name_particles'))})\s+)*"


def person_words(text: str, ents: Sequence[ParsedEntity]) -> set[str]:
    """Lower-case surnames the document shows to be people's: a PERSON entity's last word, a word after an
    honorific or a title ("Mr Szijjarto", "chairman Tony Stewart")."""
    words = {_last_word(e.text) for e in ents if e.label == "PERSON"}
    for m in re.finditer(rf"\b(?P<h>[A-Za-z][a-z]+)\.?\s+(?P<n>(?:[A-Z][\w’'-]+\s+)?{_particles()}[A-Z][\w’'-]+)", text):
        if lexicon.is_honorific(m.group("h")) or lexicon.is_title(m.group("h")):
            words.add(_last_word(m.group("n")))
    return words


class _Reader:
    """The state of one document's reading: sentences, quotations, mentions and what was found so far."""

    def __init__(self, text: str, sentences: list[ParsedSentence], quotes: _Quotes) -> None:
        self.text = text
        self.sentences = sentences
        self.quotes = quotes
        self.found: list[Found] = []
        self.marks = {t.start for s in sentences for t in s.tokens if t.dep == "mark"}  # "that" opening a clause
        self.negated = {s.tokens[t.head].start for s in sentences for t in s.tokens if t.dep == "neg"}
        self.passive = {s.tokens[t.head].start for s in sentences for t in s.tokens  # "Wang is accused of …"
                        if t.dep in ("auxpass", "nsubjpass") and s.tokens[t.head].lemma.lower() != "quote"}
        self.mentions: list[_Mention] = []
        self.entities: list[tuple[ParsedEntity, int]] = []  # actor entities and their sentence
        self.people = person_words(text, [e for s in sentences for e in s.entities])
        for si, sent in enumerate(sentences):
            seen = set()
            for ent in sent.entities:
                if ent.label in ACTOR_LABELS or _lexicon_actor(ent.text):
                    self.entities.append((ent, si))
                    seen.update(range(ent.start, ent.end))
                    if quotes.at(ent.start) is None:  # "Mike Bloomberg’s" is a mention of "Mike Bloomberg"
                        self.mentions.append(_Mention(ent.start, _bare(ent.text), self.kind(ent), si))
            for t in sent.tokens:  # names spaCy misses that the lexicon knows ("Zelenskyy", "Kyiv")
                if t.pos == "PROPN" and t.start not in seen and quotes.at(t.start) is None:
                    kind = _lexicon_actor(t.text)
                    if kind:
                        self.mentions.append(_Mention(t.start, t.text, kind, si))
        self.mentions.sort(key=lambda m: m.start)
        self._mention_starts = [m.start for m in self.mentions]
        ents = [e for e, _ in self.entities]
        self.names = {e.text for e in ents} | {_last_word(e.text) for e in ents}  # what the document names somewhere
        self.acronyms = _acronyms(text, ents)  # "ILO" for the "International Labour Organisation" named before

    def kind(self, ent: ParsedEntity) -> str:
        """"person" or "thing" for an entity, the document's evidence first ("Mr Szijjarto" makes it a person)."""
        known = _lexicon_actor(ent.text)
        if known:
            return known
        return "person" if ent.label == "PERSON" or _last_word(ent.text) in self.people else "thing"

    # -- actors ------------------------------------------------------------------------------------------
    def entity_at(self, sent: ParsedSentence, offset: int) -> ParsedEntity | None:
        for ent in sent.entities:
            if ent.start <= offset < ent.end and (ent.label in ACTOR_LABELS or _lexicon_actor(ent.text)):
                return ent
        return None

    def resolve(self, si: int, offset: int, kind: str) -> tuple[str, str, None, tuple[int, int]] | None:
        """The nearest fitting actor before ``offset``: the subject of a clause its verb governs ("When Facebook
        discovered …, it asked"), the last speaker of that kind, else the last mention."""
        sent = self.sentences[si]
        me = [q for q, t in enumerate(sent.tokens) if t.start == offset]
        verb = sent.tokens[me[0]].head if me else None
        for q, t in enumerate(sent.tokens):  # a clause of the pronoun's own verb, before it, naming its subject
            if verb is not None and t.dep == "advcl" and t.head == verb and t.start < offset and q != verb:
                for c in sent.tokens:
                    ent = self.entity_at(sent, c.start) if c.head == q and c.dep == "nsubj" else None
                    if ent is not None and self.kind(ent) == kind and self.quotes.at(c.start) is None:
                        return _bare(ent.text), kind, None, self._span(si)
        for f in reversed(self.found):
            if f.sentence < si - 1:
                break
            if (f.kind == kind or (kind == "person" and f.by_person)) and f.anchor < offset:
                return f.actor, f.kind, None, f.antecedent or self._span(f.sentence)
        pronouns = lexicon.speaker_words("person_pronouns") | lexicon.speaker_words("thing_pronouns")
        # a pronoun is never the object of its own verb ("She asked McConnell to …" is not McConnell)
        objects = {q for q, t in enumerate(sent.tokens) if verb is not None and t.head == verb and t.dep in (
            "dobj", "dative", "iobj")}
        objects |= {q for q, t in enumerate(sent.tokens) if t.dep == "pobj" and sent.tokens[t.head].head == verb
                    and sent.tokens[t.head].dep == "prep"}  # fmt: skip
        later = {_last_word(e.text) for e in sent.entities for q in objects
                 if e.start <= sent.tokens[q].start < e.end}  # fmt: skip
        if si > 0 and me and sent.tokens[me[0]].dep == "nsubj" and sent.tokens[me[0]].text.lower() in pronouns:
            centre = self._main_subject(si - 1, kind)
            if centre is not None and _last_word(centre[0]) not in later:
                return centre
        k = bisect.bisect_left(self._mention_starts, offset) - 1
        while k >= 0 and self.mentions[k].sentence >= si - WINDOW:
            m = self.mentions[k]
            if m.kind == kind and _last_word(m.text) not in later:
                return m.text, kind, None, self._span(m.sentence)
            k -= 1
        return None

    def _main_subject(self, si: int, kind: str) -> tuple[str, str, None, tuple[int, int]] | None:
        """The subject of sentence ``si``'s main clauses (the root and its conjuncts) that a pronoun subject of the
        next sentence continues: the first named one of its kind ("Rotherham finished …, but Stubbs believes …" →
        "he" is Stubbs, not a person named later in an object)."""
        sent = self.sentences[si]
        root = [q for q, t in enumerate(sent.tokens) if t.head == q]
        if not root:
            return None
        main = {root[0]} | {q for q, t in enumerate(sent.tokens) if t.dep == "conj" and t.head == root[0]}
        for t in sent.tokens:
            if t.dep == "nsubj" and t.head in main and self.quotes.at(t.start) is None:
                ent = self.entity_at(sent, t.start)
                if ent is not None and self.kind(ent) == kind:
                    return _bare(ent.text), kind, None, self._span(si)
        return None

    def _span(self, si: int) -> tuple[int, int]:
        return self.sentences[si].start, self.sentences[si].end

    def actor(self, si: int, j: int) -> tuple[str, str, int | None, tuple[int, int] | None] | None:
        """(actor, kind, where it is written or None, antecedent sentence) for the subject token ``j``, or None."""
        sent = self.sentences[si]
        t = sent.tokens[j]
        low = t.text.lower()
        if low in lexicon.speaker_words("person_pronouns") | lexicon.speaker_words("thing_pronouns"):
            verb = sent.tokens[t.head]
            if (verb.dep == "conj" and verb.head != t.head  # "Her parents set up a trust and they said": the parents
                    and self.quotes.at(sent.tokens[verb.head].start) is None):  # never a subject inside a quotation
                first = [q for q, c in enumerate(sent.tokens) if c.head == verb.head and c.dep in ("nsubj", "nsubjpass")
                         and q != verb.head]  # fmt: skip
                if first and sent.tokens[first[0]].text.lower() != low:
                    return self.actor(si, first[0])
        if low in lexicon.speaker_words("person_pronouns"):
            return self.resolve(si, t.start, "person")
        if low in lexicon.speaker_words("thing_pronouns"):
            return self.resolve(si, t.start, "thing")
        ent = self.entity_at(sent, t.start)
        if ent is not None:
            return _bare(ent.text), self.kind(ent), ent.start, None
        children = [(k, c) for k, c in enumerate(sent.tokens) if c.head == j and k != j]
        if t.pos == "PROPN":  # a name spaCy did not tag here: when the lexicon knows it or the document names it
            first = min([t.start] + [c.start for _, c in children if c.dep == "compound" and c.start < t.start])
            phrase = self.text[first : t.end]
            kind = _lexicon_actor(phrase) or _lexicon_actor(t.text)
            if kind is None and (phrase in self.names or _last_word(phrase) in self.names or phrase in self.acronyms):
                kind = "person" if _last_word(phrase) in self.people else "thing"
            if kind is None:  # "The Anti-Defamation League, a Jewish anti-bigotry organisation, said": the apposition
                for _, c in children:
                    if c.dep == "appos" and c.lemma.lower() in lexicon.speaker_words("organisation_nouns"):
                        kind = "thing"
                    elif c.dep == "appos" and lexicon.is_title(c.lemma.lower()):
                        kind = "person"
            return (phrase, kind, first, None) if kind else None
        # a description: whom it stands for ("a Welsh government spokesman", "the company", "Russian officials")
        lemma = t.lemma.lower()
        mods: list[tuple[str, str, int]] = []
        for k, c in children:
            targets = [(k, c)]
            if c.dep == "prep" and c.text.lower() in ("for", "of", "at", "from"):
                targets = [(q, d) for q, d in enumerate(sent.tokens) if d.head == k and d.dep == "pobj"]
            elif c.dep not in ("compound", "amod", "poss", "nmod", "appos"):
                continue
            for q, d in targets:
                e = self.entity_at(sent, d.start)
                if e is not None:
                    mods.append((_bare(e.text), self.kind(e), e.start))
                elif (kind := _lexicon_actor(d.text)) is not None:
                    mods.append((d.text, kind, d.start))
                elif d.dep in ("compound", "amod") and (d.lemma.lower() in lexicon.speaker_words("organisation_nouns")
                                                         or d.lemma.lower() in lexicon.speaker_words("state_bodies")):
                    for g in sent.tokens:  # "a Welsh government spokesman": the government's modifier names it
                        if g.head != q or g.dep not in ("amod", "compound", "poss"):
                            continue
                        if (e := self.entity_at(sent, g.start)) is not None:
                            mods.append((_bare(e.text), self.kind(e), e.start))
                        elif g.pos in ("PROPN", "ADJ") and g.text[:1].isupper() and _lexicon_actor(g.text):
                            mods.append((g.text, "thing", g.start))
                elif d.dep == "pobj" and q != j:  # "a spokesman for the Welsh government": look one level down
                    inner = self.actor(si, q)
                    if inner is not None and inner[2] is not None:
                        mods.append((inner[0], inner[1], inner[2]))
                    elif inner is None and d.pos == "PROPN" and lemma in lexicon.speaker_words("spokes_nouns"):
                        # "Lawyers for News Group Newspapers": whom a spokesman speaks for is an organisation
                        first = min([d.start] + [g.start for g in sent.tokens if g.head == q and g.dep == "compound"
                                                 and g.start < d.start])  # fmt: skip
                        mods.append((self.text[first : d.end], "thing", first))
        appos = [m for m in mods if m[1] == "person"]
        if appos and any(c.dep == "appos" for _, c in children):
            return appos[0][0], "person", appos[0][2], None
        spokes = lemma in lexicon.speaker_words("spokes_nouns")
        org = lemma in lexicon.speaker_words("organisation_nouns")
        title = lexicon.is_title(lemma)
        if mods and (spokes or org or title or t.pos in ("NOUN", "PROPN")):
            name, kind, where = mods[0]
            return name, kind, where, None
        dets = {c.text.lower() for _, c in children if c.dep in ("det", "poss")}
        if dets == {"the"} and t.pos == "NOUN":  # "A Labour source told the BBC … the source said": that speaker
            for f in reversed(self.found):
                if f.sentence < si - WINDOW:
                    break
                if f.noun == lemma and f.anchor < t.start:
                    return f.actor, f.kind, None, f.antecedent or self._span(f.sentence)
        source = lemma in {w.lower() for w in lexicon.source_nouns()}
        if "the" in dets and (org or title or source) and not spokes:
            return self.resolve(si, t.start, "person" if title else "thing")
        if spokes and dets <= {"a", "an", "the"} and not [c for _, c in children if c.dep in ("amod", "compound")
                                                          or (c.dep == "prep" and c.text.lower() in ("for", "of", "at"))]:
            return self.resolve(si, t.start, "thing")  # "A spokesman said": for the organisation just named
        return None

    def subject(self, sent: ParsedSentence, i: int) -> int | None:
        """The token naming who performs the act of verb ``i``: its subject, or its head's (xcomp, conj, "quoted
        as saying"), the agent of a passive, the noun a relative clause hangs on."""
        k = i
        for _ in range(4):
            kids = [(q, c) for q, c in enumerate(sent.tokens) if c.head == k and q != k]
            for q, c in kids:
                if c.dep == "nsubj" or (c.dep == "nsubjpass" and sent.tokens[k].lemma == "quote"):
                    if c.text.lower() in ("who", "that", "which") and sent.tokens[k].dep == "relcl":
                        return sent.tokens[k].head
                    return q
            for q, c in kids:
                if c.dep == "agent":
                    pobj = [p for p, d in enumerate(sent.tokens) if d.head == q and d.dep == "pobj"]
                    if pobj:
                        return pobj[0]
            t = sent.tokens[k]
            if t.dep in ("xcomp", "conj", "pcomp", "prep", "advcl") and t.head != k:
                k = t.head
                continue
            return None
        return None

    # -- content -----------------------------------------------------------------------------------------
    def trim(self, a: int, b: int) -> tuple[int, int] | None:
        while a < b and self.text[a] in _TRIM:
            a += 1
        while b > a and self.text[b - 1] in _TRIM and not (self.text[b - 1] in "?!" and re.search(r"\w", self.text[a:b])):
            b -= 1  # a question keeps its mark ("No. Why should we?")
        m = re.match(rf"(?:{lexicon.alternation(lexicon.speaker_words('content_openers'))})\s+", self.text[a:b], re.I)
        if m and b - a > m.end() and a in self.marks:  # "said that …", never "wants that brought down"
            a += m.end()
        return (a, b) if b > a else None

    def whole_quote(self, span: tuple[int, int] | None) -> tuple[int, int] | None:
        """A content inside a quotation is the whole quotation (also when the parser split it into sentences)."""
        if span is None:
            return None
        q = self.quotes.at(span[0])
        if q is None or span[1] > q[1] + 2:  # a clause quoting a few words ("accused of “…” about …") is the clause
            return span
        return self.trim(*q)

    def content(self, sent: ParsedSentence, i: int, after: int, act: str, subj: int | None = None) -> tuple[int, int] | None:
        """What verb ``i`` (its particle ending at ``after``) reports: its clause, a quotation before or after it,
        or for a demand, proposal or rejection what it governs; ``subj``: the subject's token."""
        tokens = sent.tokens
        verb = tokens[i]
        if verb.lemma.lower() == "make" and (clause := self._made_clear(sent, i)) is not None:
            return self.whole_quote(self.trim(*sent.subtree_span(clause)))
        ccomp = [q for q, c in enumerate(tokens) if c.head == i and q != i and c.dep == "ccomp"]
        if not ccomp and verb.dep == "parataxis" and tokens[verb.head].start > verb.start:
            # "“According to our information,” it said, the reports were “distorted”": the clause after the tag
            span = self.trim(sent.subtree_span(i)[1], sent.subtree_span(verb.head)[1])
            if span is not None:
                return self.whole_quote(span)
        if not ccomp:
            ccomp = self._clause_elsewhere(sent, i)
        if ccomp:
            return self.whole_quote(self.trim(*sent.subtree_span(ccomp[0])))
        # "“…,” he said" parsed without the clause: the quotation just before; "said: “…”": the one after
        for q in reversed(self.quotes.spans):
            if sent.start <= q[1] <= verb.start and (not re.search(r"\w", self.text[q[1] : verb.start].split(",")[0])
                                                     or (act == "say" and self.text[q[1] - 1 : q[1]] in (",", "?", "!")
                                                         and not re.search(r"\w", self.text[sent.start : max(q[0], sent.start)])
                                                         and self._tag_only(sent, i, subj, q[1]))):
                return self.whole_quote(self.trim(*q))
            if q[1] < sent.start:
                break
        nxt = self.quotes.at(after + 3) or self.quotes.at(after + 2)
        if nxt and nxt[0] >= after and not re.search(r"\w", self.text[after : nxt[0]]):
            return self.whole_quote(self.trim(*nxt))
        particle = self.text[verb.end : after].split()[-1].lower() if after > verb.end else ""
        phrasal = (verb.lemma.lower(), particle) in lexicon.phrasal_verbs()
        if act == "say" and not phrasal:  # "warned of …", "described … as …": the particle's object; else nothing
            return None
        skip = ("punct", "cc", "conj", "advcl", "nsubj", "nsubjpass", "mark", "parataxis", "aux", "auxpass", "neg")
        inside: set[int] = set()
        for q, c in enumerate(tokens):
            if c.head == i and q != i and c.dep not in skip and c.start >= after:
                a, b = sent.subtree_span(q)
                inside.update(range(a, b))
            elif c.head == i and q != i and c.start >= verb.start and c.end <= after:  # the particle's object
                for p, d in enumerate(tokens):
                    if d.head == q and p != q and d.dep == "pobj":
                        a, b = sent.subtree_span(p)
                        inside.update(range(a, b))
        if not inside:
            return None
        if phrasal and act == "demand" and not any(c.pos in ("VERB", "AUX") and c.start in inside for c in tokens):
            return None  # "called on Congress" with no "to …" read: what they called for is not known
        return self.whole_quote(self.trim(min(inside), max(inside) + 1))

    def _clause_elsewhere(self, sent: ParsedSentence, i: int) -> list[int]:
        """The reported clause of verb ``i`` when the parser hung it elsewhere: on the verb "saying" depends on
        ("“…,” he was quoted as saying": the clause of "quoted"), or after a phrase of the verb ("said in a
        statement that …": a "that" clause on "statement")."""
        tokens = sent.tokens
        k = i
        while tokens[k].dep in ("pcomp", "prep", "xcomp") and tokens[k].head != k:
            k = tokens[k].head
            if tokens[k].pos == "VERB":
                before = [q for q, c in enumerate(tokens) if c.head == k and q != k and c.dep == "ccomp"
                          and c.start < tokens[i].start]  # fmt: skip
                if before:
                    return before
                break
        for p, c in enumerate(tokens):  # "The fact that … indicates …, Mr Horwell said": a clause before, loosely hung
            if c.head == i and p != i and c.dep in ("dep", "parataxis") and c.start < tokens[i].start and (
                    re.match(r"\s*,", self.text[sent.subtree_span(p)[1]:])):
                return [p]
        for p, c in enumerate(tokens):
            if c.head != i or p == i or c.dep != "prep" or c.start < tokens[i].start:
                continue
            for q, d in enumerate(tokens):
                if d.dep in ("acl", "ccomp") and q != p and self._under(sent, q, p) and any(
                    m.head == q and m.dep == "mark" and m.text.lower() == "that" for m in tokens
                ):
                    return [q]
        return []

    def _made_clear(self, sent: ParsedSentence, i: int) -> int | None:
        """The "that" clause of "made (it) clear that …" on verb ``i`` ("make"), or None."""
        tokens = sent.tokens
        clear = [q for q, c in enumerate(tokens) if c.head == i and q != i and c.lemma.lower() in lexicon.make_clear_words()
                 and c.dep in ("ccomp", "oprd", "acomp", "dobj", "xcomp")]  # fmt: skip
        if not clear:
            return None
        for q, c in enumerate(tokens):
            if c.dep == "ccomp" and c.head in (i, clear[0]) and q not in (i, clear[0]) and c.start > tokens[clear[0]].start \
                    and any(m.head == q and m.dep == "mark" and m.text.lower() == "that" for m in tokens):
                return q
        return None

    def _tag_only(self, sent: ParsedSentence, i: int, subj: int | None, start: int) -> bool:
        """True when the words from ``start`` to verb ``i`` are only its speech tag: the subject, auxiliaries and
        adverbs, and the verbs it hangs on ("”, he was once quoted as saying")."""
        if subj is None:
            return False
        tokens = sent.tokens
        inside = set(range(*sent.subtree_span(subj)))
        chain, k = set(), i
        for _ in range(6):
            chain.add(k)
            if tokens[k].head == k:
                break
            k = tokens[k].head
        for q, t in enumerate(tokens):
            if q != i and q in chain and start <= t.start < tokens[i].start and t.lemma.lower() in lexicon.speaker_verbs():
                return False  # "“…,” Mr Mekdad insisted, accusing …": the quotation is the other verb's
            if start <= t.start < tokens[i].start and t.pos != "PUNCT" and t.start not in inside and q not in chain:
                if t.dep not in ("aux", "auxpass", "neg", "advmod") or tokens[t.head].start > tokens[i].start:
                    return False
        return True

    @staticmethod
    def _under(sent: ParsedSentence, q: int, p: int) -> bool:
        """True when token ``q`` depends, directly or not, on token ``p``."""
        for _ in range(len(sent.tokens)):
            h = sent.tokens[q].head
            if h == p:
                return True
            if h == q:
                return False
            q = h
        return False

    # -- the reading -------------------------------------------------------------------------------------
    def add(self, found: Found) -> None:
        actor = re.split(r"[“”\"]", found.actor)[-1].strip(" ,")  # 'evil,"Buttigieg' (a space lost): "Buttigieg"
        if not actor:
            return
        found = replace(found, actor=actor) if actor != found.actor else found
        for f in self.found:
            if f.actor == found.actor and f.act == found.act and (f.content_start, f.content_end) == (
                found.content_start, found.content_end
            ):
                return
        self.found.append(found)

    def sentence(self, si: int) -> None:
        sent = self.sentences[si]
        verbs = lexicon.speaker_verbs()
        for i, t in enumerate(sent.tokens):
            if t.text.lower() == "according":
                self.according(si, i)
                continue
            entries = verbs.get(t.lemma.lower())
            if t.lemma.lower() in lexicon.campaign_verbs() and any(  # "campaigned to have both men kept in prison"
                c.head == i and c.dep == "xcomp" and any(a.head == q and a.dep == "aux" and a.text.lower() == "to"
                                                         for a in sent.tokens)
                for q, c in enumerate(sent.tokens)
            ):
                entries = (("demand", None), *(entries or ()))
            if t.lemma.lower() == "make" and self._made_clear(sent, i) is not None:
                entries = (("say", None),)  # "Trump had made it “abundantly clear” that …"
            if not entries or t.pos != "VERB" or self.quotes.at(t.start) is not None:
                continue
            kids = [(q, c) for q, c in enumerate(sent.tokens) if c.head == i and q != i]
            if any(c.dep == "mark" and c.text.lower() in _HYPOTHETICAL for _, c in kids) or self.embedded(sent, i):
                continue
            if any(c.dep == "neg" for _, c in kids):  # "does not require …", "did not say …": no such act
                continue
            act, end = None, t.end
            for a, particle in entries:
                if particle is None:
                    act = a
                    break
                part = [c for _, c in kids if c.dep in ("prep", "prt") and c.text.lower() == particle]
                if part:
                    act, end = a, part[0].end
                    break
            if act == "say" and t.lemma.lower() in lexicon.request_verbs() and any(c.dep == "dobj" for _, c in kids) and any(
                c.dep == "xcomp" and any(a.head == q and a.dep == "aux" and a.text.lower() == "to" for a in sent.tokens)
                for q, c in kids
            ):
                act = "demand"  # "the FBI had asked Apple to write new software": what the FBI wants
            if act is None:
                continue
            subj = self.subject(sent, i)
            if subj is None:
                continue
            who = self.actor(si, subj)
            if who is None:
                continue
            span = self.content(sent, i, end, act, subj)
            if span is None:
                continue
            subj_end = sent.tokens[subj].end
            aux = [c.start for _, c in kids if c.dep in ("aux", "neg", "advmod") and subj_end < c.start < t.start]
            verb_start = min(aux) if aux else t.start
            head = sent.tokens[subj]
            noun = head.lemma.lower() if head.pos == "NOUN" else None
            by_person = who[1] == "thing" and (
                (noun is not None and noun in lexicon.speaker_words("spokes_nouns"))  # not "the governor of Kherson"
                or (who[3] is not None and head.text.lower() in lexicon.speaker_words("person_pronouns")))
            self.add(Found(si, t.start, who[0], who[1], act, self.text[verb_start:end], span[0], span[1], who[3],
                           noun=noun, by_person=by_person))  # fmt: skip

    def embedded(self, sent: ParsedSentence, i: int) -> bool:
        """True when verb ``i`` sits in a clause another, non-reporting verb governs ("answer that X demanded …",
        "believes that X wants …"): the article does not report that act."""
        verbs = lexicon.speaker_verbs()
        k = i
        for _ in range(len(sent.tokens)):
            t = sent.tokens[k]
            if t.head == k:
                return False
            if t.dep == "ccomp" and sent.tokens[t.head].lemma.lower() not in verbs:
                return True
            k = t.head
        return False

    def according(self, si: int, i: int) -> None:
        sent = self.sentences[si]
        to = [q for q, c in enumerate(sent.tokens) if c.head == i and c.text.lower() == "to"]
        pobj = [q for q, c in enumerate(sent.tokens) if to and c.head == to[0] and c.dep == "pobj"]
        if not pobj or self.quotes.at(sent.tokens[i].start) is not None:
            return
        who = self.actor(si, pobj[0])
        if who is None:
            return
        a = sent.tokens[i].start
        b = sent.subtree_span(pobj[0])[1]
        left, right = self.trim(sent.start, a), self.trim(b, sent.end)
        sides = [s for s in (left, right) if s]
        if not sides:
            return
        span = self.whole_quote(max(sides, key=lambda s: s[1] - s[0]))
        if span:
            self.add(Found(si, a, who[0], who[1], "say", "according to", span[0], span[1], who[3], who[0]))

    def quote_next(self) -> None:
        """A quotation opening a sentence with no speaker of its own is the previous speaker's."""
        starts = [s.start for s in self.sentences]
        previous: tuple[int, int] | None = None
        for q in self.quotes.spans:
            span, left_open, previous = self.trim(*q), previous, q
            if span is None or any(f.content_start < span[1] and span[0] < f.content_end for f in self.found):
                continue
            si = bisect.bisect_right(starts, q[0]) - 1
            goes_on = left_open is not None and self._continues(left_open, q)
            if si < 0 or (not goes_on and re.search(r"\w", self.text[self.sentences[si].start : q[0]])):
                continue
            tail = [t for t in self.sentences[si].tokens if t.start >= q[1] and t.pos == "VERB"
                    and t.lemma.lower() in lexicon.speaker_verbs() and self.quotes.at(t.start) is None]  # fmt: skip
            if tail and not goes_on:  # '“…,” said co-host Sunny Hostin': its own speaker, even one not read
                continue
            before = [f for f in self.found if f.anchor < q[0] and f.act == "say" and f.sentence >= si - 1]
            if left_open and goes_on:  # a paragraph's quotation left open goes on in the next
                before = [f for f in self.found if f.act == "say" and f.content_start < left_open[1]
                          and left_open[0] < f.content_end] or before  # fmt: skip
            if before:
                f = max(before, key=lambda f: f.anchor)
                self.found.append(Found(si, q[0], f.actor, f.kind, "say", "", span[0], span[1],
                                        f.antecedent or self._span(f.sentence)))  # fmt: skip
        self.found.sort(key=lambda f: f.anchor)

    def _continues(self, left: tuple[int, int], q: tuple[int, int]) -> bool:
        """True when quotation ``left`` is not closed at the end of its paragraph and ``q`` opens the next one: the
        convention of English quoting for one speaker's words over several paragraphs."""
        text = self.text
        end = text.find("\n", left[1] - 1)
        return (end >= 0 and text[left[1] : end].strip() == "" and text[left[1] : left[1] + 1] not in "”\""
                and text[end:q[0]].strip() in ("“", '"'))  # fmt: skip


def _read(text: str, segments: Sequence[tuple[int, int]], parsed: Sequence[ParsedSentence] | None = None) -> _Reader:
    sentences = list(parsed) if parsed is not None else parse_segments(text, segments)
    reader = _Reader(text, sentences, _Quotes(quotations(text, segments)))
    for si in range(len(reader.sentences)):
        reader.sentence(si)
    reader.quote_next()
    return reader


def read(text: str, segments: Sequence[tuple[int, int]]) -> tuple[list[ParsedSentence], list[Found]]:
    """The document's sentences (parsed) and every attribution the parse shows, in text order."""
    reader = _read(text, segments)
    return reader.sentences, reader.found


class _Validator:
    """Is an actor the rules found a real entity (spaCy's or the lexicon's), and spoken outside a quotation?"""

    def __init__(self, text: str, sentences: list[ParsedSentence], quotes: _Quotes) -> None:
        self.text = text
        self.quotes = quotes
        self.ents = [e for s in sentences for e in s.entities if e.label in ACTOR_LABELS]
        self.last_words = {_last_word(e.text) for e in self.ents}
        self.texts = {lexicon.fold(e.text).lower() for e in self.ents}
        self.people = person_words(text, self.ents)  # surnames: a name spaCy missed in one sentence is still one

    def valid(self, claim: Claim) -> bool:
        actor = claim.actor or ""
        if not actor:
            return False
        s, e = claim.antecedent or (claim.start, claim.end)
        where = [m.start() + s for m in re.finditer(re.escape(actor), self.text[s:e])]
        if where and claim.antecedent is None and all(self.quotes.at(w) is not None for w in where):
            return False  # the name is inside the quotation, not its speaker
        if _lexicon_actor(actor):
            return True
        if re.search(r"[’']s$", actor):  # "Sukhbaatar's" (father): the speaker is whoever the possessive qualifies
            return False
        last = _last_word(actor)
        for w in where:
            for ent in self.ents:
                if ent.start < w + len(actor) and w < ent.end and _last_word(ent.text) == last:
                    return True
        if lexicon.fold(actor).lower() in self.texts or last in self.people:
            return True
        return not where and last in self.last_words


def merge(
    text: str, segments: Sequence[tuple[int, int]], claims: list[Claim], parsed: Sequence[ParsedSentence] | None = None
) -> list[Claim]:
    """The rules' ``claims`` checked and completed with the parse (``parsed``, or the segments parsed now): a claim
    whose actor is no entity loses it (and takes the parse's reading of its sentence when there is one); acts the
    rules missed are added."""
    from .attribution import Claim

    reader = _read(text, segments, parsed)
    sentences, quotes, found = reader.sentences, reader.quotes, list(reader.found)
    check = _Validator(text, sentences, quotes)

    def as_claim(f: Found, s: int, e: int) -> Claim:
        return Claim(s, e, f.actor, f.act, f.verb, text[f.content_start : f.content_end], f.content_start,
                     f.antecedent, f.source, "ORG" if f.kind == "thing" else None)  # fmt: skip

    out: list[Claim] = []
    k = 0
    while k < len(claims):
        s, e = claims[k].start, claims[k].end
        group = [claims[k]]
        k += 1
        while k < len(claims) and (claims[k].start, claims[k].end) == (s, e):
            group.append(claims[k])
            k += 1
        mine = [f for f in found if s <= f.anchor < e]
        found = [f for f in found if not s <= f.anchor < e]
        main, kept = group[0], []
        verb_at = text.find(main.verb, s, e) if main.verb else -1
        same_verb = [f for f in mine if verb_at >= 0 and verb_at <= f.anchor < verb_at + len(main.verb)]
        if (main.act and same_verb and (main.antecedent is None) == (same_verb[0].antecedent is None)
                and (same_verb[0].kind == "person" or (same_verb[0].by_person and main.antecedent is not None))
                and not _same(main.actor or "", same_verb[0].actor)):  # fmt: skip
            # the parse's subject of the very verb the rules read ("FTF vice-president Maher Snoussi told"; "he"
            # resolved to the last person speaking or named): the parse's person, the rules' content
            mine = [f for f in mine if f not in same_verb]  # one speaker per verb
            main = replace(main, actor=same_verb[0].actor, antecedent=same_verb[0].antecedent)
        main = _quoted_content(reader, main, verb_at)
        if main.act and verb_at >= 0 and any(verb_at <= n < verb_at + len(main.verb)
                                             for n in reader.negated | reader.passive):  # fmt: skip
            main = replace(main, act=None)  # "has not called for …", "is accused of …": the subject made no such act
        if main.act and main.act != "say" and main.content.startswith(","):
            main = replace(main, act=None)  # "“…,” X insisted, accusing …": no demand's content follows the verb
        if (main.act == "say" and same_verb and same_verb[0].act == "say" and _same(main.actor or "", same_verb[0].actor)
                and not _has_verb(sentences, main.content_start, main.content_start + len(main.content))):
            f = same_verb[0]  # "…, Mr Horwell said in his closing remarks": what was said is the parse's clause
            main = replace(main, content=text[f.content_start : f.content_end], content_start=f.content_start)
        if main.act and check.valid(main) and not (verb_at >= 0 and quotes.at(verb_at) is not None):
            inner = [f for f in mine if f.act == main.act and f.kind == "person" and f.actor != main.actor
                     and f.actor in (main.actor or "")]  # fmt: skip
            if inner:  # "US Defence Secretary Chuck Hagel": the person the rules' phrase names
                main = replace(main, actor=inner[0].actor)
            # one speaker per verb: the parse's other reading of it goes unless it names the same actor
            mine = [f for f in mine if f not in inner and (f not in same_verb or _same(f.actor, main.actor or ""))]
            kept.append(main)
        elif mine:
            kept.append(as_claim(mine.pop(0), s, e))
        elif main.actor and not check.valid(main):
            kept.append(replace(main, actor=None, antecedent=None))
        else:
            kept.append(main)
        kept += [c for c in group[1:] if check.valid(c)]
        for f in mine:
            same = [i for i, c in enumerate(kept) if c.actor and _same(c.actor, f.actor)
                    and (c.content_start == f.content_start or (c.act == f.act and (not c.content or (
                        c.content_start < f.content_end and f.content_start < c.content_start + len(c.content)))))]
            # fmt: skip (the same act of the same actor over another content is another claim: a quotation
            # going on in the next sentence the rules read as one with the verb's)
            if not same:
                kept.append(as_claim(f, s, e))
            elif kept[same[0]].act == f.act == "say" and not kept[same[0]].content:  # "…, Xinhua said.": what was said
                c = kept[same[0]]
                kept[same[0]] = replace(c, content=text[f.content_start : f.content_end], content_start=f.content_start)
        out += kept
    for f in found:  # attributions in text the rules' sentences did not cover
        sent = sentences[f.sentence]
        out.append(as_claim(f, sent.start, sent.end))
    return _annotate(text, sentences, sorted(out, key=lambda c: c.start))


def _has_verb(sentences: Sequence[ParsedSentence], a: int, b: int) -> bool:
    """True when the text [a:b] holds a verb (a clause), not a phrase only ("in his closing remarks")."""
    return any(a <= t.start < b and t.pos in ("VERB", "AUX") for s in sentences if s.start < b and a < s.end
               for t in s.tokens)  # fmt: skip


def _quoted_content(reader: _Reader, claim: Claim, verb_at: int) -> Claim:
    """A "say" claim's content cleaned: the quotation opening its sentence when the rules took what follows the
    verb ("“…,” Snoussi told BBC Sport"), without the colon and quote marks around it (": “Figures show …”")."""
    text = reader.text
    if claim.act != "say" or verb_at < 0:
        return claim
    a, b = claim.content_start, claim.content_start + len(claim.content)
    for q in reader.quotes.spans:
        if q[0] > verb_at:
            break
        if claim.start <= q[0] and q[1] <= verb_at and not re.search(r"\w", text[claim.start : q[0]]):
            if not (a < q[1] and q[0] < b) or not claim.content:
                span = reader.trim(*q)
                if span:
                    a, b = span
            break
    told = re.match(r"[^“\"\n:]{1,60}:\s*[“\"]", text[a:b]) if claim.content else None
    if told:  # "He told the newspaper: “…”": what was said is the quotation, not whom it was said to
        a += told.end()
    if claim.content:  # punctuation and quote marks only ("that" may open the content: "that interim injunction")
        while a < b and text[a] in " :;,“\"‘":
            a += 1
        while b > a and text[b - 1] in " \n.,;”\"’":
            b -= 1
    if (a, b) == (claim.content_start, claim.content_start + len(claim.content)):
        return claim
    return replace(claim, content=text[a:b], content_start=a)


def _annotate(text: str, sentences: Sequence[ParsedSentence], claims: list[Claim]) -> list[Claim]:
    """Each actor's entity label, the person a longer phrase names ("Executive Council … Robert Goot" -> "Robert
    Goot"), and a person's group as the document settles it: the short form it uses ("Mr Garcia" for "Alvaro
    Garcia Linera")."""
    ents = [e for s in sentences for e in s.entities if e.label in ACTOR_LABELS]
    short = _short_forms(text, ents)
    people = person_words(text, ents)
    acronyms = _acronyms(text, ents)
    out = []
    for c in claims:
        if not c.actor or re.search(r"\s(?:and|&)\s", c.actor):
            out.append(c)
            continue
        actor, label = c.actor, None
        named = _named_before(text, c, ents, people)
        lead = re.fullmatch(r"(?P<n>[A-Z][a-z]+)\s+(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})", actor)
        if lead and (lead.group("n").lower() in lexicon.speaker_words("spokes_nouns") or lexicon.is_title(lead.group("n"))):
            actor = lead.group("name")  # "Lawyer Gankhuugiin Batbayar": the person the occupation names
            out.append(replace(c, actor=actor, actor_label="PERSON", actor_key=_person_key(actor, short)))
            continue
        if named is not None:  # "the Authority" after "the Sorvik Port Authority": the organisation, whole
            actor, label = named, "ORG"
            out.append(replace(c, actor=actor, actor_label=label, actor_key=acronyms.get(actor)))
            continue
        ent = _actor_entity(text, c, ents)
        if ent is not None:
            label = ent.label
            if label == "PERSON" and ent.text != actor and ent.text in actor and not re.search(r"[’']s\b", ent.text):
                actor = ent.text
        known = _lexicon_actor(actor)
        if ent is None and known is None and c.actor_label == "ORG":  # the parse read an organisation ("X, a … group")
            label = "ORG"
        if known == "person" or (known is None and _last_word(actor) in people):
            label = "PERSON"
        elif known == "thing" and label == "PERSON":
            label = None
        key = _person_key(actor, short) if label == "PERSON" else acronyms.get(actor)
        out.append(replace(c, actor=actor, actor_label=label, actor_key=key))
    return out


def _named_before(text: str, claim: Claim, ents: Sequence[ParsedEntity], people: set[str]) -> str | None:
    """The organisation a one-word description stands for: "the Authority" is the nearest "… Authority" of two or
    more words named before it ("the Sorvik Port Authority"); None when the actor is anything else."""
    actor = re.sub(r"^the\s+", "", claim.actor or "", flags=re.I)
    if not re.fullmatch(r"[A-Z][a-z]+", actor) or _lexicon_actor(actor) or actor.lower() in people:
        return None
    before = [e for e in ents if e.label == "ORG" and e.end <= claim.start and len(e.text.split()) > 1
              and _last_word(e.text) == actor.lower()]  # fmt: skip
    return re.sub(r"^the\s+", "", before[-1].text, flags=re.I) if before else None


def _acronyms(text: str, ents: Sequence[ParsedEntity]) -> dict[str, str]:
    """Acronyms the document spells out, to the organisation's group: "the British Geological Survey (BGS)", or an
    organisation named in full whose initials it is ("Welsh Rugby Union" for "WRU")."""
    from .attribution import actor_group

    out: dict[str, str] = {}
    orgs = [e for e in ents if e.label == "ORG" and len(e.text.split()) > 1]
    for e in orgs:
        name = re.sub(r"^the\s+", "", e.text, flags=re.I)
        initials = "".join(w[0] for w in name.split() if w[0].isupper())
        group = actor_group(name, "ORG") or name
        bracket = re.match(r"\s*\((?P<a>[A-Z]{2,6})\)", text[e.end : e.end + 12])
        for acronym in filter(None, (initials if len(initials) > 1 else None, bracket and bracket.group("a"))):
            out.setdefault(acronym, group)
    return {a: g for a, g in out.items() if not lexicon.actor_group(a)}


def _actor_entity(text: str, claim: Claim, ents: list[ParsedEntity]) -> ParsedEntity | None:
    """The entity the claim's actor is written as: where it stands in the sentence naming it, else anywhere."""
    actor = claim.actor or ""
    spans = [claim.antecedent, (claim.start, claim.end), (0, len(text))]
    for span in spans:
        if span is None:
            continue
        at = text.find(actor, span[0], span[1])
        if at < 0:
            continue
        best, overlap = None, 0
        for e in ents:
            o = min(e.end, at + len(actor)) - max(e.start, at)
            if e.end == at + len(actor) and o > 0:  # the name that ends the phrase is its head ("Lawyer X Y")
                return e
            if o > overlap:
                best, overlap = e, o
        if best is not None:
            return best
    return None


def _short_forms(text: str, ents: list[ParsedEntity]) -> set[str]:
    """The short forms a document refers to people by: "Mr ap Iorwerth" -> "ap Iorwerth", a one-word PERSON."""
    forms = {e.text for e in ents if e.label == "PERSON" and len(e.text.split()) == 1}
    for m in re.finditer(rf"\b(?P<h>[A-Z][a-z]+)\.?\s+(?P<n>{_particles()}[A-Z][\w’'-]+)", text):
        if lexicon.is_honorific(m.group("h")):
            forms.add(m.group("n"))
    return forms


def _person_key(actor: str, short: set[str]) -> str:
    """A person's group: the longest short form of the document inside the name, else the surname."""
    from .attribution import surname

    words = [w for w in actor.split() if not lexicon.is_honorific(w) and not lexicon.is_title(w.rstrip("."))]
    bare = [re.sub(r"^[a-z]{1,3}-(?=[A-Z])", "", w) for w in words]
    particles = lexicon.speaker_words("name_particles")
    for form in short:  # "Iorwerth" where the document writes "Mr ap Iorwerth": the surname with its particle
        fw = form.split()
        if len(words) == 1 and len(fw) > 1 and fw[-1] == words[0] and all(w in particles for w in fw[:-1]):
            return lexicon.canonical_person(form)
    for form in sorted(short, key=lambda f: -len(f.split())):
        fw = form.split()
        if len(fw) < len(words) and any(bare[i : i + len(fw)] == fw or words[i : i + len(fw)] == fw
                                        for i in range(1, len(words) - len(fw) + 1)):  # fmt: skip (not a first name)
            return lexicon.canonical_person(form)
    return surname(actor)


def _same(a: str, b: str) -> bool:
    from .attribution import same_actor

    return a == b or same_actor(a, b)
