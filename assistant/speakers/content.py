"""What was said: the content span an act's verb reports (its clause, the quotation before or after it, what a
demand governs), trimmed of punctuation and "that", widened to the whole quotation it sits in."""

from __future__ import annotations

import re

from .. import lexicon
from ..nlp import ParsedSentence
from .mentions import _Document

_TRIM = " \t\n,.;:!?“”\"‘’—–-"


class _Content(_Document):
    """Reading content spans, on a document's reading state."""

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
        tag = sent.subtree_span(i)
        inner = self.text[tag[0] : tag[1]] + self.text[tag[1] : tag[1] + 2]
        if (not ccomp and act == "say" and verb.dep == "parataxis" and tokens[verb.head].start < verb.start
                and re.fullmatch(r",\s*(?:[\w’'.-]+\s+){1,4}[\w’'.-]+\s*,.*", inner, re.S)):  # fmt: skip
            # "The house had been demolished, he said, but there was “still more to be done”": the sentence is what was
            # said, the tag inside it included
            return self.trim(sent.start, sent.end)
        if not ccomp:
            ccomp = self._clause_elsewhere(sent, i)
        if ccomp:
            a, b = sent.subtree_span(ccomp[0])
            # "says she has … and recent media coverage had caused …": clauses of one report, each with its subject
            more = [q for q, c in enumerate(tokens) if c.head == i and q not in (i, ccomp[0]) and c.start > tokens[i].start
                    and (c.dep == "ccomp" or (c.dep == "conj" and c.lemma.lower() not in lexicon.speaker_verbs()
                                              and any(d.head == q and d.dep in ("nsubj", "nsubjpass") for d in tokens)))]
            for q in sorted(more, key=lambda q: tokens[q].start):
                qa, qb = sent.subtree_span(q)
                if qa >= b and re.fullmatch(r"[\s,\"“”]*(?:and|but)?[\s,\"“”]*", self.text[b:qa]):
                    b = qb
            return self.whole_quote(self.trim(self._clause_subject(sent, i, ccomp[0], a), b))
        particle = self.text[verb.end : after].split()[-1].lower() if after > verb.end else ""
        phrasal = (verb.lemma.lower(), particle) in lexicon.phrasal_verbs()
        # "“…,” he said" parsed without the clause: the quotation just before; "said: “…”": the one after (a phrasal
        # verb's content is its particle's object: "…”, warning of deeper problems")
        for q in reversed(self.quotes.spans if not phrasal else ()):
            between = self.text[q[1] : verb.start]
            if sent.start <= q[1] <= verb.start and ((not re.search(r"\w", between.split(",")[0])
                                                      and (not re.search(r"\w", between) or self._tag_only(sent, i, subj, q[1])))
                                                     or (act == "say" and self._last_mark(q) in (",", "?", "!")
                                                         and not re.search(r"\w", self.text[sent.start : max(q[0], sent.start)])
                                                         and self._tag_only(sent, i, subj, q[1]))):
                return self.whole_quote(self.trim(*q))
            if q[1] < sent.start:
                break
        nxt = self.quotes.at(after + 3) or self.quotes.at(after + 2)
        if nxt and nxt[0] >= after and not re.search(r"\w", self.text[after : nxt[0]]):
            return self.whole_quote(self.trim(*nxt))
        later = [q for q in self.quotes.spans if after <= q[0] < sent.end + 4]
        if act == "say" and later and re.fullmatch(r"[^“”\"\n:.;]{0,60}:\s*[“\"]?", self.text[after : later[0][0]]):
            # "She told AP: “…”", and a line ending "… told BBC Radio London:" above the quotation: what was said
            return self.whole_quote(self.trim(*later[0]))
        if act == "say" and not phrasal and verb.lemma.lower() in lexicon.word_set("speaker_object_verbs"):
            told = [q for q, c in enumerate(tokens) if c.head == i and q != i and c.dep == "dobj" and c.start > verb.start]
            if not told or tokens[told[0]].pos == "PROPN" or tokens[told[0]].ent_type or not self._speaks(sent, subj):
                return None  # "denied Matthew Briggs" (a save), "Brighton's win confirmed their promotion": no statement
            return self.whole_quote(self.trim(*sent.subtree_span(told[0])))  # "confirmed the man's arrest"
        if act == "say" and not phrasal:  # "warned of …", "described … as …": the particle's object; else nothing
            return None
        skip = ("punct", "cc", "conj", "advcl", "nsubj", "nsubjpass", "mark", "parataxis", "aux", "auxpass", "neg",
                "agent")  # "the chance offered by Foakes": who offered it, not what
        inside: set[int] = set()
        for q, c in enumerate(tokens):
            coordinated = c.head == i and c.dep == "advcl" and act != "say" and any(
                (d.dep == "cc" and sent.subtree_span(q)[0] <= d.start < c.start)
                or (d.head == q and d.dep == "aux" and d.text.lower() == "to") for d in tokens)  # "offered … to host"
            if c.head == i and q != i and c.dep == "prep" and self._when(sent, q):
                continue  # "offered on Tuesday to host …": when, not what
            if c.head == i and q != i and (c.dep not in skip or coordinated) and c.start >= after:
                # (an act's content coordinated with it, which the parser made a clause of the verb: "urged ministers
                # to begin … immediately and not to wait …")
                a, b = sent.subtree_span(q)
                inside.update(range(a, b))
            elif c.head == i and q != i and c.start >= verb.start and c.end <= after:  # the particle's object
                for p, d in enumerate(tokens):
                    if d.head == q and p != q and d.dep in ("pobj", "pcomp"):  # "accused X of being …"
                        a, b = sent.subtree_span(p)
                        inside.update(range(a, b))
        if inside and phrasal and act == "say":  # "accused Labour of …", "described the plant as …": whom, then what
            for q, c in enumerate(tokens):
                if c.head == i and q != i and c.dep == "dobj" and verb.end <= c.start < min(inside):
                    inside.update(range(sent.subtree_span(q)[0], min(inside)))
        if not inside:
            return None
        if phrasal and act == "demand" and not any(c.pos in ("VERB", "AUX") and c.start in inside for c in tokens):
            return None  # "called on Congress" with no "to …" read: what they called for is not known
        return self.whole_quote(self.trim(min(inside), max(inside) + 1))

    @staticmethod
    def _speaks(sent: ParsedSentence, subj: int | None) -> bool:
        """True when subject token ``subj`` can make a statement: a name, a pronoun, or a noun for a speaker (an
        organisation, a spokesperson, a title, a person, a document) — not an event ("Brighton's win confirmed …")."""
        if subj is None:
            return False
        t = sent.tokens[subj]
        if t.pos != "NOUN" or t.ent_type:
            return True
        low = t.lemma.lower()
        return bool(low in lexicon.speaker_words("organisation_nouns") or low in lexicon.speaker_words("spokes_nouns")
                    or lexicon.is_state_body(low)
                    or lexicon.is_title(low) or low in lexicon.description_words("person_nouns")
                    or lexicon.is_speaker_document(low) or lexicon.is_person_role(low)
                    or low in {w.lower() for w in lexicon.source_nouns()})  # fmt: skip

    def _last_mark(self, q: tuple[int, int]) -> str:
        """The last character of quotation ``q`` before any closing marks of a quotation inside it ("…happening?'")."""
        return self.text[q[0] : q[1]].rstrip("'’\"”")[-1:]

    @staticmethod
    def _when(sent: ParsedSentence, q: int) -> bool:
        """True when the phrase of preposition ``q`` only says when ("on Tuesday", "in March")."""
        objects = [d for d in sent.tokens if d.head == q and d.dep == "pobj"]
        return bool(objects) and all(any(e.start <= d.start < e.end and e.label in ("DATE", "TIME") for e in sent.entities)
                                     for d in objects)  # fmt: skip

    def _clause_subject(self, sent: ParsedSentence, i: int, clause: int, start: int) -> int:
        """Where the clause ``clause`` of verb ``i`` starts with its subject, when the parser hung the subject on the
        verb's object: "warned steel's troubles were …" (read as an object, it is the clause's subject) and "told
        Wang Yi the US had …" (the listener, then the subject in apposition). ``start``: the clause's own start."""
        tokens = sent.tokens
        if any(c.head == clause and c.dep in ("nsubj", "nsubjpass", "expl") for c in tokens):
            return start
        objects = [q for q, c in enumerate(tokens) if c.head == i and c.dep == "dobj" and sent.subtree_span(q)[1] <= start
                   and not self.text[sent.subtree_span(q)[1] : start].strip()]  # fmt: skip
        if not objects:
            return start
        q = objects[0]
        if tokens[i].text.lower() in lexicon.listener_verbs():
            appos = [p for p, c in enumerate(tokens) if c.head == q and c.dep == "appos"
                     and sent.subtree_span(p)[1] == sent.subtree_span(q)[1]]  # fmt: skip
            return sent.subtree_span(appos[0])[0] if appos else start
        return sent.subtree_span(q)[0]

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
                # (a "relcl" with "that" as its mark is a complement the parser misread: "in an interview … that X was")
                if d.dep in ("acl", "ccomp", "relcl") and q != p and self._under(sent, q, p) and any(
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
            if start <= t.start < tokens[i].start and q in chain and t.pos not in ("VERB", "AUX") and t.text.lower() != "as":
                return False  # '”, with Ban Ki-moon calling for …': a phrase of its own, not a speech tag
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
