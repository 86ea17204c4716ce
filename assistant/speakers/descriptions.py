"""Descriptions standing for an entity named before: "the Juneau Republican", "the 28-year-old", "the judge", "the
force" (a role), "the report" (a document speaking for its issuer) — resolved only to an entity the document
describes with those words, or one speaking just before; never a guess."""

from __future__ import annotations

import bisect
import re

from .. import lexicon
from ..nlp import ParsedToken
from .mentions import _Document, _Mention
from .names import _bare, _last_word

WINDOW = 3  # how many sentences back a pronoun or a description may look for what it names
Resolved = tuple[str, str, None, tuple[int, int]]  # (actor, kind, None, the sentence naming it)
_REFUSED = ("", "person", None, None)  # a description whose nearest candidate is written as someone else: no actor


class _Descriptions(_Document):
    """Reading descriptions of people and roles, on a document's reading state (the entity lookups and the main
    subject of a sentence come from :class:`~assistant.speakers.actors._Actors`)."""

    def _description(self, si: int, j: int, children: list[tuple[int, ParsedToken]]) -> list[str] | None:
        """The words describing a person when the subject token ``j`` is a definite description of one named
        earlier: "the" + modifiers (a place, a party, an age, "former") + a head that is a party member
        ("Republican"), a title ("minister"), an age ("28-year-old") or a person noun ("actress"). The words are
        the head's and the capitalised modifiers' (lower case), an age's number last; None for anything else ("the
        Republicans", "a Democrat", "the Welsh Government minister", "the spokesman")."""
        sent = self.sentences[si]
        t = sent.tokens[j]
        dets = [c.text.lower() for _, c in children if c.dep in ("det", "poss")]
        if dets != ["the"] or t.tag in ("NNS", "NNPS") or t.pos not in ("NOUN", "PROPN", "ADJ"):
            return None
        roles = lexicon.description_words("person_nouns") | lexicon.speaker_words("spokes_nouns")
        conjuncts = [c for _, c in children if c.dep == "conj"]  # "the Orlando businessman and former lawyer"
        if any(c.dep in ("appos", "poss") for _, c in children) or not all(
                c.lemma.lower() in roles or lexicon.is_title(c.lemma.lower()) for c in conjuncts):  # fmt: skip
            return None
        children = [(k, c) for k, c in children if c.dep not in ("conj", "cc")]
        det = next(c for _, c in children if c.dep == "det")
        phrase = self.text[det.end : t.end].strip().lower()
        lemma = t.lemma.lower()
        age = next((w for w in lexicon.description_words("age_nouns")
                    if re.search(rf"(?:^|[\s\d-]){re.escape(w)}$", phrase)), None)  # fmt: skip
        party = lemma in lexicon.description_words("party_members") and t.text[:1].isupper()
        party = party or t.text[:1].isupper() and any(re.search(rf"(?:^|\s){re.escape(w)}$", phrase)
                                                      for w in lexicon.description_words("party_members"))  # fmt: skip
        # "the Argentine", "the Welshman" is a person of that nation named before (never "the Argentines")
        party = party or (t.text[:1].isupper() and lexicon.is_demonym(t.text) and t.tag not in ("NNS", "NNPS")
                          and not t.text.endswith("s"))  # fmt: skip
        person = lemma in lexicon.description_words("person_nouns") or (
            lexicon.is_title(lemma) and lemma not in lexicon.speaker_words("spokes_nouns"))
        if not (age or party or person) or (t.pos == "ADJ" and not age):
            return None
        words = [age or lemma]
        number = re.search(r"\b(\d+)-(?:year|month)", phrase)
        for k, c in children:
            if c.dep == "prep":  # "the MP for Bath", "the 28-year-old from Leeds": a place only
                places = [d for d in sent.tokens if d.head == k and d.dep == "pobj"]
                ent = self.entity_at(sent, places[0].start) if c.text.lower() in ("for", "from") and places else None
                if ent is None or ent.label != "GPE":
                    return None
                words.append(_last_word(ent.text))
            elif c.dep in ("compound", "amod", "nmod"):
                ent = self.entity_at(sent, c.start)
                low = lexicon.fold(ent.text if ent is not None else c.text).lower()
                if low in lexicon.description_words("party_names") and (ent or c).text[:1].isupper():
                    words.append(low)
                elif ent is not None and (ent.label == "PERSON" or lexicon.org_word_pattern().search(ent.text)):
                    return None  # "the Welsh Government minister", "the Trump adviser": whose, not who
                elif c.lemma.lower() in lexicon.speaker_words("organisation_nouns") | lexicon.speaker_words("state_bodies"):
                    return None  # "the government minister", "the club captain"
                elif c.text[:1].isupper():
                    words.append(low)
        if number:
            words.append(number.group(1))
        return words

    def _described(self, si: int, j: int, words: list[str]) -> tuple[str, str, None, tuple[int, int] | None] | None:
        """The person a description of subject ``j`` stands for: one the document describes with its words
        ("Labour MP Jane Roe", "Jane Roe, 28,"; with one word only, "President Roe", within the window), else the
        person speaking in the sentence before, and for all but a title ("the Prime Minister" is often never named)
        the person that sentence is about (:meth:`_main_person`); never the object of the description's own verb,
        never a name inside a quotation, never one written beside the description given to someone else ("in a
        letter to the education secretary, Sir Michael said": then ``_REFUSED``, no actor at all); None when there
        is no candidate (the nearest name is no evidence: "Bradley Cooper, who played the late Chris Kyle … the
        40-year-old said")."""
        sent = self.sentences[si]
        t = sent.tokens[j]
        later = self._objects(si, j)
        det = next(c for c in sent.tokens if c.head == j and c.dep == "det")
        phrase = re.sub(r"\s+", " ", self.text[det.start : t.end]).lower()

        def fits(name: str, where: int) -> bool:
            return _last_word(name) not in later and not self._described_else(where, phrase, si)

        best: tuple[int, _Mention] | None = None
        k = bisect.bisect_left(self._mention_starts, t.start) - 1
        while k >= 0:
            m = self.mentions[k]
            k -= 1
            score = self._describes(m, words) if m.kind == "person" else 0
            if score > (best[0] if best else 0) and (score > 1 or m.sentence >= si - WINDOW):  # a title alone: near
                if fits(m.text, m.sentence):
                    best = (score, m)
        if best is not None:
            return best[1].text, "person", None, self._span(best[1].sentence)
        for f in reversed(self.found):
            if f.sentence < si - 1:
                break
            if f.kind == "person" and f.anchor < t.start:
                if not fits(f.actor, f.sentence):
                    return _REFUSED
                return f.actor, "person", None, f.antecedent or self._span(f.sentence)
        if lexicon.is_title(words[0]) and words[0] not in lexicon.description_words("person_nouns"):
            return None  # "the Prime Minister said": often someone the article never names; the title's own rule
        centre = self._main_person(si - 1) if si > 0 and t.dep == "nsubj" else None
        if centre is not None:
            return centre if fits(centre[0], si - 1) else _REFUSED
        return None

    def _main_person(self, si: int) -> tuple[str, str, None, tuple[int, int]] | None:
        """The person sentence ``si`` is about: its main subject, or the subject of its passive root ("Senator Carl
        Brandt was asked about the bill")."""
        centre = self._main_subject(si, "person")
        if centre is not None:
            return centre
        sent = self.sentences[si]
        for t in sent.tokens:
            head = sent.tokens[t.head]
            if t.dep == "nsubjpass" and head.dep == "ROOT" and self.quotes.at(t.start) is None:
                ent = self.entity_at(sent, t.start)
                if ent is not None and self.kind(ent) == "person":
                    return _bare(ent.text), "person", None, self._span(si)
        return None

    def _described_else(self, sj: int, phrase: str, si: int) -> bool:
        """True when sentence ``sj`` (before sentence ``si``) writes the description ``phrase`` ("the education
        secretary") as an object: someone other than the people it names as acting."""
        if sj == si:
            return False
        sent = self.sentences[sj]
        for m in re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", self.text[sent.start : sent.end], re.I):
            at = sent.start + m.end() - 1
            head = next((t for t in sent.tokens if t.start <= at < t.end), None)
            if head is not None and head.dep in ("pobj", "dobj", "dative", "iobj"):
                return True
        return False

    def _describes(self, m: _Mention, words: list[str]) -> int:
        """How many of a description's ``words`` the document writes about mention ``m``: in the words the parse
        hangs on the name ("Republican incumbent Andy Barr", "Missouri's Sen. Roy Blunt", "Jane Roe, the Labour MP",
        "Jane Roe, 28,"); an age counts twice; 0 when none or when the name is a possessive."""
        sent = self.sentences[m.sentence]
        if re.match(r"[’']s\b", self.text[m.start + len(m.text) : m.start + len(m.text) + 3]):
            return 0  # "President Martin van Buren's son": the son, not the president
        inside = [q for q, t in enumerate(sent.tokens) if m.start <= t.start < m.start + len(m.text)]
        heads = [q for q in inside if sent.tokens[q].head not in inside or sent.tokens[q].head == q]
        if not heads:
            return 0
        about: set[str] = set()
        for q, t in enumerate(sent.tokens):
            k, steps = q, 0
            while k not in heads and steps < 4 and sent.tokens[k].dep in (
                    "compound", "amod", "nmod", "poss", "appos", "nummod", "npadvmod") and sent.tokens[k].head != k:
                k, steps = sent.tokens[k].head, steps + 1
            if k in heads and q not in inside:
                about.add(lexicon.fold(t.text).lower().removesuffix("’s").removesuffix("'s"))
        score = 0
        for w in words:
            if w.isdigit():
                score += 2 * (w in about)
            elif " " not in w and w != "year-old":
                score += w in about
        return score

    def _objects(self, si: int, j: int) -> set[str]:
        """The last words of the names that are objects of the verb of subject token ``j`` ("told Smith", "asked
        Smith to"): a subject is never its own verb's object."""
        sent = self.sentences[si]
        verb = sent.tokens[j].head
        objects = {q for q, c in enumerate(sent.tokens) if c.head == verb and c.dep in ("dobj", "dative", "iobj")}
        objects |= {q for q, c in enumerate(sent.tokens) if c.dep == "pobj" and sent.tokens[c.head].head == verb
                    and sent.tokens[c.head].dep == "prep"}  # fmt: skip
        return {_last_word(e.text) for e in sent.entities for q in objects if e.start <= sent.tokens[q].start < e.end}

    def _role(self, si: int, j: int, children: list[tuple[int, ParsedToken]]) -> tuple[str, str, None, tuple[int, int]] | None:
        """A bare role standing for an entity named earlier: "police said", "the force said" → the "… Police" the
        article named; "the authority" → its "… Council"; "the judge said" → the last person who spoke (as judge).
        Only a name that ends in a word the role stands for, or a person already speaking: never a guess."""
        sent = self.sentences[si]
        t = sent.tokens[j]
        dets = {c.text.lower() for _, c in children if c.dep in ("det", "poss")}
        if not dets <= {"the"} or any(c.dep in ("amod", "compound", "nmod", "appos", "prep") for _, c in children):
            return None
        if lexicon.is_speaker_document(t.lemma) and dets == {"the"} and t.dep == "nsubj":
            return self._issuer(si, t.lemma.lower())
        if lexicon.is_person_role(t.lemma) and dets:
            # only the subject of a main clause ("The judge said …", not "seen by the judge as urging …")
            if t.dep != "nsubj" or sent.tokens[t.head].dep != "ROOT":
                return None
            role = t.lemma.lower()
            k = bisect.bisect_left(self._mention_starts, t.start) - 1
            while k >= 0:  # a person the article gives that role as a title ("Sheriff David Clarke")
                m = self.mentions[k]
                before = self.text[max(0, m.start - 20) : m.start].split()
                if m.kind == "person" and ((before and before[-1].lower() == role) or m.text.split()[0].lower() == role):
                    return _bare(m.text), "person", None, self._span(m.sentence)
                k -= 1
            for f in reversed(self.found):  # else the person speaking in the sentence before
                if f.sentence < si - 1:
                    break
                if f.kind == "person" and f.anchor < t.start:
                    return f.actor, "person", None, f.antecedent or self._span(f.sentence)
            return None
        heads = lexicon.speaker_role_names(t.lemma) | lexicon.speaker_role_names(t.text)
        if not heads:
            return None
        for f in reversed(self.found):  # the organisation last speaking under such a name
            if f.kind == "thing" and f.anchor < t.start and len(f.actor.split()) > 1 and _last_word(f.actor).lower() in heads:
                return f.actor, "thing", None, f.antecedent or self._span(f.sentence)
        k = bisect.bisect_left(self._mention_starts, t.start) - 1
        while k >= 0:  # else the last one the subject of its sentence (not one named in passing)
            m = self.mentions[k]
            words = m.text.split()
            if m.kind == "thing" and len(words) > 1 and words[-1].lower() in heads and self._is_subject(m):
                return m.text, "thing", None, self._span(m.sentence)
            k -= 1
        return None

    def _issuer(self, si: int, noun: str) -> tuple[str, str, None, tuple[int, int]] | None:
        """Who issued "the <document>" a sentence speaks through: the named subject of the nearest earlier sentence
        that names the document or reports ("In a briefing note …, TLP disputed …" → TLP; "…, the Dallas Observer
        reports." → the paper); None when no such sentence is near."""
        for sj in range(si - 1, max(-1, si - 1 - WINDOW), -1):
            sent = self.sentences[sj]
            if not any(c.lemma.lower() == noun and self.quotes.at(c.start) is None for c in sent.tokens):
                continue
            for kind in ("thing", "person"):
                subject = self._main_subject(sj, kind)
                if subject is not None:
                    return subject
        return None
