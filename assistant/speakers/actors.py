"""Who an act's subject is: a named entity, a pronoun resolved to the nearest fitting entity (he/she → a person;
it/they → an organisation, a country or a lexicon actor), a description ("the company", "a Welsh government
spokesman") resolved to the entity it stands for; and which token is the subject of a verb."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator

from .. import lexicon
from ..nlp import ParsedEntity, ParsedSentence, ParsedToken
from .descriptions import _REFUSED, WINDOW, Resolved, _Descriptions
from .gender import pronoun_gender, word_gender
from .mentions import _Mention
from .names import ACTOR_LABELS, _bare, _last_word, _lexicon_actor

__all__ = ["WINDOW", "Resolved", "_Actors"]


class _Actors(_Descriptions):
    """Resolving subjects to actors, on a document's reading state."""

    def entity_at(self, sent: ParsedSentence, offset: int) -> ParsedEntity | None:
        for ent in sent.entities:
            if ent.start <= offset < ent.end and (ent.label in ACTOR_LABELS or _lexicon_actor(ent.text)) and (
                    ent.text.lower() != ent.text):  # a name is written with a capital: "keirin" tagged a person is none
                return ent
        return None

    def resolve(self, si: int, offset: int, kind: str) -> tuple[str, str, None, tuple[int, int]] | None:
        """The nearest fitting actor before ``offset``: the subject of a clause its verb governs ("When Facebook
        discovered …, it asked"), the last speaker of that kind, else the last mention. A "he" or "she" never names
        a person the document shows to be otherwise (:mod:`.gender`), and prefers a mention the document shows to
        fit over a nearer one it shows nothing of that names a person in passing (not in a subject: "referred to
        Barack Obama’s administration")."""
        sent = self.sentences[si]
        me = [q for q, t in enumerate(sent.tokens) if t.start == offset]
        if kind == "thing" and me and sent.tokens[me[0]].dep == "nsubj" and self._vehicle_before(si):
            return None  # "The tweet is a screenshot of a quote. It says, …": the tweet, not a name before it
        want = pronoun_gender(sent.tokens[me[0]].text) if me and kind == "person" else None
        unknown: Resolved | None = None  # the nearest candidate the document shows nothing of
        for candidate, gender, firm in self._candidates(si, offset, kind):
            if want is None or gender == want:
                return candidate
            if gender is None:
                unknown = unknown or candidate
                if firm:  # only a person named in passing gives way to a farther one that fits
                    return unknown
        return unknown

    def _names(self, si: int, kind: str) -> bool:
        """True when sentence ``si`` names someone of ``kind`` or speaks of one with a pronoun (a mention, an act)."""
        pronouns = lexicon.speaker_words("person_pronouns" if kind == "person" else "thing_pronouns")
        return (any(m.sentence == si and m.kind == kind for m in self.mentions) or any(f.sentence == si for f in self.found)
                or any(t.text.lower() in pronouns for t in self.sentences[si].tokens))  # fmt: skip

    def _vehicle_before(self, si: int) -> bool:
        """True when the sentence before ``si`` has a vehicle a statement is made in (a tweet, a post, an ad) as its
        main subject: an "it" that follows speaks through it."""
        if si == 0:
            return False
        prev = self.sentences[si - 1]
        vehicles = lexicon.word_set("speaker_vehicles")
        return any(t.dep in ("nsubj", "nsubjpass") and prev.tokens[t.head].dep == "ROOT" and t.lemma.lower() in vehicles
                   and self.quotes.at(t.start) is None for t in prev.tokens)  # fmt: skip

    def _gender(self, actor: str, kind: str, noun: str | None = None) -> str | None:
        """What the document shows of an actor's gender: a person's own, or the noun a spokesperson was described
        by ("a spokeswoman for X said … he added" is not her)."""
        if kind == "person":
            return self.genders.of(actor)
        return word_gender(noun) if noun else None

    def _candidates(self, si: int, offset: int, kind: str) -> Iterator[tuple[Resolved, str | None, bool]]:
        """The actors a pronoun or description at ``offset`` may stand for, nearest fitting first (the subject of a
        clause of its verb, a speaker, the subject before, a mention), each with its gender as the document shows
        it and whether it is firm (a mention in passing is not: a farther one that fits comes before it)."""
        sent = self.sentences[si]
        me = [q for q, t in enumerate(sent.tokens) if t.start == offset]
        verb = sent.tokens[me[0]].head if me else None
        for q, t in enumerate(sent.tokens):  # a clause of the pronoun's own verb, before it, naming its subject
            if verb is not None and t.dep == "advcl" and t.head == verb and t.start < offset and q != verb:
                for c in sent.tokens:
                    ent = self.entity_at(sent, c.start) if c.head == q and c.dep == "nsubj" else None
                    if ent is not None and self.kind(ent) == kind and self.quotes.at(c.start) is None:
                        name = _bare(ent.text)
                        yield (name, kind, None, self._span(si)), self._gender(name, kind), True
        before = si - 1  # the sentence before, or before the quotation it ends ("X said: “A. B.” She continued"), or
        while before > 0 and self._quoted(before):  # before one sentence that names no one of the kind ("Prof Olesen
            before -= 1  # said …. Denmark has a similar system. He said …")
        if before > 0 and not self._quoted(before) and not self._names(before, kind):
            before -= 1
        for f in reversed(self.found):
            if f.sentence < before:
                break
            if (f.kind == kind or (kind == "person" and f.by_person)) and f.anchor < offset:
                found = f.actor, f.kind, None, f.antecedent or self._span(f.sentence)
                yield found, self._gender(f.actor, f.kind, f.noun), True
        pronouns = lexicon.speaker_words("person_pronouns") | lexicon.speaker_words("thing_pronouns")
        # a pronoun is never the object of its own verb ("She asked McConnell to …" is not McConnell)
        objects = {q for q, t in enumerate(sent.tokens) if verb is not None and t.head == verb and t.dep in (
            "dobj", "dative", "iobj")}
        objects |= {q for q, t in enumerate(sent.tokens) if t.dep == "pobj" and sent.tokens[t.head].head == verb
                    and sent.tokens[t.head].dep == "prep"}  # fmt: skip
        later = {_last_word(e.text) for e in sent.entities for q in objects
                 if e.start <= sent.tokens[q].start < e.end}  # fmt: skip
        described = me and sent.tokens[me[0]].lemma.lower() in lexicon.speaker_words("organisation_nouns")
        if si > 0 and me and sent.tokens[me[0]].dep == "nsubj" and (sent.tokens[me[0]].text.lower() in pronouns
                                                                    or described):  # "The nonprofit …": as "it" would
            centre = self._main_subject(si - 1, kind)
            if centre is None and before < si - 1:  # "He questioned …. “I … . I … ,” he said": before the quotation
                centre = self._main_subject(before, kind)
            if centre is not None and _last_word(centre[0]) not in later:
                yield centre, self._gender(centre[0], kind), True
        k = bisect.bisect_left(self._mention_starts, offset) - 1
        while k >= 0 and self.mentions[k].sentence >= si - WINDOW:
            m = self.mentions[k]
            if m.kind == kind and _last_word(m.text) not in later:
                where = m.text, kind, None, self._span(m.sentence)
                yield where, self._gender(m.text, kind), self._in_subject(m)
            k -= 1

    def _main_subject(self, si: int, kind: str) -> tuple[str, str, None, tuple[int, int]] | None:
        """The subject of sentence ``si``'s main clauses (the root and its conjuncts) that a pronoun subject of the
        next sentence continues: the first named one of its kind ("Rotherham finished …, but Stubbs believes …" →
        "he" is Stubbs, not a person named later in an object)."""
        sent = self.sentences[si]
        root = [q for q, t in enumerate(sent.tokens) if t.head == q]
        if not root:
            return None
        main = {root[0]} | {q for q, t in enumerate(sent.tokens) if t.dep == "conj" and t.head == root[0]}
        pronouns = lexicon.speaker_words("person_pronouns") | lexicon.speaker_words("thing_pronouns")
        for q, t in enumerate(sent.tokens):
            if t.dep == "nsubj" and t.head in main and self.quotes.at(t.start) is None:
                ent = self.entity_at(sent, t.start)
                if ent is not None and self.kind(ent) == kind:
                    return _bare(ent.text), kind, None, self._span(si)
                if ent is None and t.pos in ("NOUN", "PROPN") and t.text.lower() not in pronouns:
                    # "A pair of Democrats -- … -- have called …": the group a described subject names
                    of = [e for p, c in enumerate(sent.tokens) if c.head == q and c.dep == "prep" and c.text.lower() == "of"
                          for d in sent.tokens if d.head == p and d.dep == "pobj"
                          and (e := self.entity_at(sent, d.start)) is not None]  # fmt: skip
                    if of and self.kind(of[0]) == kind:
                        return _bare(of[0].text), kind, None, self._span(si)
                    who = self._earlier(si, q)
                    if who is not None and who[1] == kind and who[2] is not None and who[3] is None:
                        return who[0], kind, None, self._span(si)
                if t.text.lower() in lexicon.speaker_words("person_pronouns" if kind == "person" else "thing_pronouns"):
                    # "She was too scared to move. “…,” she said": the person the sentence before was about, as that
                    # sentence's own pronoun resolves (each step an earlier sentence, remembered per sentence)
                    if (si, q) not in self._chain:
                        self._chain[(si, q)] = None  # a cycle guard while resolving
                        who = self._earlier(si, q)
                        self._chain[(si, q)] = (who[0], kind, None, who[3]) if who and who[1] == kind and who[3] else None
                    return self._chain.get((si, q))
        return None

    def _earlier(self, si: int, q: int) -> tuple[str, str, int | None, tuple[int, int] | None] | None:
        """The actor of subject ``q`` of an earlier sentence ``si``, read while resolving a later one: each such
        step may look one sentence further back, so at most :data:`WINDOW` steps (a document of a hundred "She
        walked on." never recurses a hundred deep); None beyond."""
        if self._depth >= WINDOW:
            return None
        self._depth += 1
        try:
            return self._actor(si, q)
        finally:
            self._depth -= 1

    def actor(self, si: int, j: int) -> tuple[str, str, int | None, tuple[int, int] | None] | None:
        """(actor, kind, where it is written or None, antecedent sentence) for the subject token ``j``, or None.
        Actors of one kind coordinated with "and", each named, are one subject ("Kyiv and Moscow will present")."""
        one = self._actor(si, j)
        sent = self.sentences[si]
        if one is None or one[2] is None or not any(c.head == j and c.dep == "cc" and c.text.lower() == "and"
                                                    for c in sent.tokens):  # fmt: skip
            return one
        others = [self._actor(si, q) for q, c in enumerate(sent.tokens) if c.head == j and c.dep == "conj" and q != j]
        if not others or any(o is None or o[2] is None or o[1] != one[1] or o[2] <= one[2] for o in others):
            return one
        last = others[-1]
        assert last is not None and last[2] is not None
        return self.text[one[2] : last[2] + len(last[0])], one[1], one[2], None

    def _actor(self, si: int, j: int) -> tuple[str, str, int | None, tuple[int, int] | None] | None:
        """One subject token's actor (see :meth:`actor`)."""
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
        children = [(k, c) for k, c in enumerate(sent.tokens) if c.head == j and k != j]
        words = self._description(si, j, children)
        described = self._described(si, j, words) if words is not None else None
        if described is not None:  # "the Juneau Republican", "the 28-year-old": the person named before
            return None if described is _REFUSED else described
        if words is not None and (lexicon.is_demonym(t.text) or len(words) > 1):
            return None  # "said the Argentine", "the Orlando businessman" with no one to stand for: a person, never a place
        ent = self.entity_at(sent, t.start)
        if ent is not None:
            return self._whole_name(sent, ent, children)
        role = self._role(si, j, children)
        if role is not None:
            return role
        if t.pos == "PROPN" or (t.text[:1].isupper() and (_lexicon_actor(t.text) or _last_word(t.text) in self.people)):
            # a name spaCy did not tag here (or tagged a noun opening a sentence: "Zelenskyy", "Starmer also demanded"):
            # when the lexicon knows it or the document names it
            # the name's own capitalised words before it ("Baroness Ludford", not "spokesperson …")
            first = self._joined(children, t.start, lambda c, _: c.dep == "compound" and (c.text[:1].isupper() or c.text == "-"))
            phrase = self.text[first : t.end]
            kind = _lexicon_actor(phrase) or _lexicon_actor(t.text)
            if kind is None and (phrase in self.names or _last_word(phrase) in self.names or phrase in self.acronyms):
                kind = "person" if _last_word(phrase) in self.people else "thing"
            if kind is None and first < t.start and _last_word(phrase) in self.people:
                kind = "person"  # "Baroness Ludford": an honorific or a title makes the name a person's
            verb = sent.tokens[t.head]
            if (kind is None and t.dep == "nsubj" and verb.start < t.start and verb.lemma.lower() in lexicon.speaker_verbs()
                    and any(self.quotes.at(c.start) is not None for c in sent.tokens if c.end <= verb.start)
                    and phrase not in lexicon.not_names() and not lexicon.is_title(phrase.lower())):  # fmt: skip
                kind = "person"  # "“It is over,” said Ruiz": the name a quotation's inverted speech tag gives
            if (kind is None and t.dep == "nsubj" and verb.lemma.lower() in lexicon.speaker_verbs() and len(phrase.split()) > 1
                    and all(w[:1].isupper() for w in phrase.split()) and self.entity_at(sent, first) is None):  # fmt: skip
                # "Alessandro Amato of the INGV said": a full name the NER missed, as the subject of a verb of saying
                from ..attribution import is_person_name

                kind = "person" if is_person_name(phrase) else "thing" if lexicon.org_word_pattern().search(phrase) else None
            if kind is None and t.dep == "nsubj" and t.text.isupper() and 2 <= len(t.text) <= 6 and t.text.isalpha():
                # "The Scottish SPCA urged …": an acronym is an organisation's name (with the capitalised words before it)
                first = self._joined(children, first, lambda c, _: c.dep == "amod" and c.text[:1].isupper())
                phrase, kind = self.text[first : t.end], "thing"
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
        held_by: list[tuple[str, str, int]] = []  # a person in apposition to an "of" place: the title's holder
        for k, c in children:
            targets = [(k, c)]
            verb = sent.tokens[t.head]
            if c.dep == "poss" and c.text.lower() == "whose" and verb.dep == "relcl" and verb.head != t.head:
                targets = [(verb.head, sent.tokens[verb.head])]  # "Mr Netanyahu, whose spokesman said": his
            elif c.dep == "prep" and c.text.lower() in ("for", "of", "at", "from"):
                targets = [(q, d) for q, d in enumerate(sent.tokens) if d.head == k and d.dep == "pobj"]
            elif c.dep not in ("compound", "amod", "poss", "nmod", "appos"):
                continue
            for q, d in targets:
                if d.dep == "pobj" and (held := self._appositive_person(sent, q)) is not None:
                    held_by.append(held)  # "The governor of Kherson, Oleksandr Prokudin, wrote": the governor named
                if d.dep == "appos" and d.pos == "PROPN" and (name := self._untagged_name(sent, q)) is not None:
                    held_by.append((name[0], "person", name[1]))  # "shadow minister …, Cat Smith, said": whatever the
                    # entity recogniser took the name for, set beside a title it is the title's holder
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
        if not mods and (lemma in lexicon.speaker_words("organisation_nouns") or lexicon.is_state_body(lemma)):
            left = sent.subtree_span(j)[0]
            for d in sent.tokens:  # "The German federal prosecutor's office": the state it serves
                e = self.entity_at(sent, d.start) if left <= d.start < t.start else None
                if e is not None and e.label in ("GPE", "NORP") and self.quotes.at(e.start) is None:
                    mods.append((_bare(e.text), "thing", e.start))
                    break
        named = {c.start for _, c in children if c.dep == "appos"}  # "…'s spiritual leader, Mufti … Mezhiev,": him
        appos = sorted((m for m in mods if m[1] == "person"), key=lambda m: not any(
            m[2] <= s < m[2] + len(m[0]) + 1 for s in named))  # fmt: skip
        if held_by and (lexicon.is_title(lemma) or lemma in lexicon.description_words("person_nouns")):
            return held_by[0][0], "person", held_by[0][2], None
        if appos and any(c.dep == "appos" for _, c in children):
            return appos[0][0], "person", appos[0][2], None
        spokes = lemma in lexicon.speaker_words("spokes_nouns")
        org = lemma in lexicon.speaker_words("organisation_nouns")
        title = lexicon.is_title(lemma)
        owner = [c for _, c in children if c.dep == "poss"]
        if owner and word_gender(lemma) and not spokes and not title:  # "Kenny's mother Lorraine": never Kenny
            names = [c for _, c in children if c.dep == "appos" and c.pos == "PROPN" and c.text[:1].isupper()]
            return (names[0].text, "person", names[0].start, None) if names else None
        press = lexicon.word_set("press_nouns")
        if mods and (lemma in press or t.text.lower() in press) and all(self._is_place(m[0]) for m in mods):
            return None  # "Italian media say": the country's press, not the country
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
            found = self.resolve(si, t.start, "person" if title else "thing")
            if found is not None and org and not lexicon.is_state_body(lemma) and self._is_place(found[0]):
                return None  # "the authority" is a body named before, never a place
            return found
        if spokes and dets <= {"a", "an", "the"} and not [c for _, c in children if c.dep in ("amod", "compound")
                                                          or (c.dep == "prep" and c.text.lower() in ("for", "of", "at"))]:
            return self.resolve(si, t.start, "thing")  # "A spokesman said": for the organisation just named
        return None

    def _is_place(self, name: str) -> bool:
        """True when the document names ``name`` as a place (a GPE or LOC entity), or the lexicon knows it as one."""
        return bool(lexicon.word_group(name)) or any(
            _bare(e.text) == name and e.label in ("GPE", "LOC") for e, _ in self.entities)

    def _whole_name(self, sent: ParsedSentence, ent: ParsedEntity, children: list[tuple[int, ParsedToken]]
                    ) -> tuple[str, str, int | None, None]:
        """The actor a subject entity names, read with its own dependents: a body of a state with the state that
        owns it ("Russia’s Ministry of Defence", not a ministry of nowhere)."""
        kind = self.kind(ent)
        name, start = _bare(ent.text), ent.start
        the = re.match(r"the\s+", name, re.I)
        if the and len(name) > the.end():  # "The Holm Residents Association": the name, without its article
            name, start = name[the.end() :], start + the.end()
        if ent.label in ("ORG", "NORP"):  # "Liberal Democrats" with "Liberal" left out of the entity: the whole name
            start = self._joined(children, start, lambda c, _: (
                c.dep in ("amod", "compound") and c.pos == "PROPN" and self.entity_at(sent, c.start) is None
                and not lexicon.is_title(c.text.lower())), gaps=("", "-"))  # fmt: skip
            if start < ent.start:
                return self.text[start : ent.end], kind, start, None
        branch = [e for _, c in children if c.dep == "compound" and c.start < ent.start
                  and (e := self.entity_at(sent, c.start)) is not None and e.label == "ORG" and e.end <= ent.start]
        if branch and ent.label == "GPE" and not self.text[branch[0].end : ent.start].strip():
            return self.text[branch[0].start : ent.end], "thing", branch[0].start, None  # "Amnesty International UK"
        owner = next((self.entity_at(sent, c.start) for _, c in children if c.dep == "poss"), None)
        if (owner is not None and owner.end <= ent.start and self.kind(owner) == "thing" and kind == "thing"
                and any(lexicon.is_state_body(w.lower()) for w in re.findall(r"[A-Za-z]+", ent.text))):  # fmt: skip
            return self.text[owner.start : ent.end], kind, owner.start, None
        return name, kind, start, None

    def _joined(self, dependents: list[tuple[int, ParsedToken]], start: int,
                fits: Callable[[ParsedToken, int], bool], gaps: tuple[str, ...] = ("",)) -> int:
        """Where a name starting at ``start`` starts once the dependents before it that ``fits`` (a token and the
        start so far) join it, nearest first, each one ending where the next begins but for ``gaps``."""
        for _, c in sorted(dependents, key=lambda kc: -kc[1].start):
            if c.end <= start and fits(c, start) and self.text[c.end : start].strip() in gaps:
                start = c.start
        return start

    def _untagged_name(self, sent: ParsedSentence, q: int) -> tuple[str, int] | None:
        """(name, start) of a full name of two or three capitalised words ending at token ``q`` that the entity
        recogniser did not tag ("Cat Smith"), when it reads as a person's (:func:`~assistant.attribution.is_person_name`)."""
        from ..attribution import is_person_name

        compounds = [(k, c) for k, c in enumerate(sent.tokens) if c.head == q and c.dep == "compound"]
        first = self._joined(compounds, sent.tokens[q].start, lambda c, at: c.end < at and c.text[:1].isupper())
        name = self.text[first : sent.tokens[q].end]
        return (name, first) if 2 <= len(name.split()) <= 3 and is_person_name(name) else None

    def _appositive_person(self, sent: ParsedSentence, q: int) -> tuple[str, str, int] | None:
        """The person set in apposition to the object token ``q`` of a title's preposition ("The governor of Kherson,
        Oleksandr Prokudin,", "shadow minister for voter engagement, Cat Smith,"): the parser hangs the holder of the
        title on that object; None when there is no such person or the object is a person itself."""
        held = self.entity_at(sent, sent.tokens[q].start)
        if held is not None and self.kind(held) == "person":
            return None
        for c in sent.tokens:
            if c.head == q and c.dep == "appos" and (e := self.entity_at(sent, c.start)) is not None and self.kind(e) == "person":
                return _bare(e.text), "person", e.start
        return None

    def _quoted(self, si: int) -> bool:
        """True when every word of sentence ``si`` is inside a quotation (a speaker's words, with no act of its own)."""
        words = [t for t in self.sentences[si].tokens if t.pos != "PUNCT"]
        return bool(words) and all(self.quotes.at(t.start) is not None for t in words)

    def _in_subject(self, m: _Mention) -> bool:
        """True when mention ``m`` is in the subject of a clause, or is one ("Robert Goot" in "The Executive Council
        of … Robert Goot said"), not named in passing in an object or a modifier."""
        sent = self.sentences[m.sentence]
        toks = [q for q, t in enumerate(sent.tokens) if m.start <= t.start < m.start + len(m.text)]
        k = next((q for q in toks if sent.tokens[q].head not in toks), toks[0] if toks else None)
        for _ in range(len(sent.tokens)):
            if k is None or sent.tokens[k].pos in ("VERB", "AUX"):
                return False
            if sent.tokens[k].dep in ("nsubj", "nsubjpass"):
                return True
            if sent.tokens[k].head == k:
                return False
            k = sent.tokens[k].head
        return False

    def _is_subject(self, m: _Mention) -> bool:
        """True when mention ``m`` is the subject of a clause ("Lancashire County Council has earmarked …")."""
        return any(m.start <= t.start < m.start + len(m.text) and t.dep in ("nsubj", "nsubjpass")
                   for t in self.sentences[m.sentence].tokens)  # fmt: skip

    def _person_up(self, sent: ParsedSentence, k: int) -> int:
        """The person a "who" clause hanging on token ``k`` is about: ``k`` itself, or the person ``k`` describes in an
        apposition ("Charlie Kirk, the founder of Turning Point USA, who wrote" is Kirk, not the organisation)."""
        q = k
        for _ in range(6):  # up through "of", "the founder", "and president" to the name they describe
            ent = self.entity_at(sent, sent.tokens[q].start)
            if ent is not None and self.kind(ent) == "person":
                return q
            if sent.tokens[q].dep not in ("pobj", "prep", "appos", "compound", "conj") or sent.tokens[q].head == q:
                return k
            q = sent.tokens[q].head
        return k

    def _named_last(self, sent: ParsedSentence, q: int, k: int) -> int:
        """The subject token of verb ``k``: ``q``, or the person its phrase ends with right before the verb ("The
        Executive Council of Australian Jewry Robert Goot said": an organisation, then who spoke for it)."""
        a, b = sent.subtree_span(q)
        verb = sent.tokens[k]
        people = [e for e in sent.entities if e.label == "PERSON" and a <= e.start and e.end <= b
                  and e.end <= verb.start and not self.text[e.end : verb.start].strip()]  # fmt: skip
        if not people or people[0].start <= sent.tokens[q].start < people[0].end or sent.tokens[q].pos != "PROPN":
            return q  # (only after a name: "Brighton's recent win over Wigan confirmed" is no Wigan speaking)
        return max(p for p, t in enumerate(sent.tokens) if people[0].start <= t.start < people[0].end)

    def subject(self, sent: ParsedSentence, i: int) -> int | None:
        """The token naming who performs the act of verb ``i``: its subject, or its head's (xcomp, conj, "quoted
        as saying"), the agent of a passive, the noun a relative clause hangs on."""
        k = i
        for _ in range(4):
            kids = [(q, c) for q, c in enumerate(sent.tokens) if c.head == k and q != k]
            if self.quotes.at(sent.tokens[i].start) is None:  # "“Checks, too,” said the Republican": not "checks"
                kids.sort(key=lambda qc: self.quotes.at(qc[1].start) is not None)
            subjects = [q for q, c in kids if c.dep == "nsubj" and c.start < sent.tokens[k].start
                        and self.quotes.at(c.start) is None]  # fmt: skip
            if len(subjects) > 1 and all(sent.tokens[q].pos in ("NOUN", "PROPN", "PUNCT") for q in
                                         range(min(subjects), max(subjects) + 1)):  # fmt: skip
                return max(subjects)  # "FTF vice-president Maher Snoussi told": one phrase cut in pieces, its head last
            for q, c in kids:
                if c.dep == "nsubj" or (c.dep == "nsubjpass" and sent.tokens[k].lemma == "quote"):
                    if c.text.lower() in ("who", "that", "which") and sent.tokens[k].dep == "relcl":
                        head = sent.tokens[k].head
                        return self._person_up(sent, head) if c.text.lower() == "who" else head
                    return self._named_last(sent, q, k)
            for q, c in kids:
                if c.dep == "agent":
                    pobj = [p for p, d in enumerate(sent.tokens) if d.head == q and d.dep == "pobj"]
                    if pobj:
                        return pobj[0]
            t = sent.tokens[k]
            if t.dep in ("xcomp", "conj", "pcomp", "prep", "advcl") and t.head != k:
                k = t.head
                continue
            document = sent.tokens[t.head]
            if t.dep == "acl" and lexicon.is_speaker_document(document.lemma) and document.dep in ("dobj", "pobj"):
                k = document.head if document.dep == "dobj" else sent.tokens[document.head].head
                continue  # "released a statement saying …", "in a letter saying …": who issued it
            return None
        return None
