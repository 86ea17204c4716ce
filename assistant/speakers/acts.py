"""The speech acts read from the parse, sentence by sentence: the act verbs (say, demand, …) and their subjects,
"according to X", and quotations with no speaker of their own (the previous speaker's)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from .. import lexicon
from ..nlp import ParsedSentence, ParsedToken
from .actors import _Actors
from .content import _Content
from .names import ACTOR_LABELS, _bare


def _role_word(name: str) -> bool:
    """True for a role written alone, with no name: "MSP", "the Minister" (the lexicon's titles and person nouns)."""
    word = re.sub(r"^the\s+", "", name.strip(), flags=re.I).lower()
    return " " not in word and (lexicon.is_title(word) or word in lexicon.description_words("person_nouns"))


def _content_end() -> re.Pattern[str]:
    """Where a demand's or a proposal's content stops: ", something …", ", which …" (the lexicon's words)."""
    return lexicon.derived("acts.content_end", lambda _: re.compile(
        rf",\s+(?:{lexicon.alternation(lexicon.content_ends_before())})\b"))


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


class _Reader(_Actors, _Content):
    """One document's reading: every act the parse shows, in :attr:`found`."""

    def add(self, found: Found) -> None:
        actor = re.split(r"[“”\"]", found.actor)[-1].strip(" ,")  # 'evil,"Buttigieg' (a space lost): "Buttigieg"
        if not actor or actor.lower() == actor or _role_word(actor):
            return  # a name is written with a capital ("keirin" is an event), and is no bare role ("MSP", "Minister")
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
            judged = self._judged(sent, i) if t.pos == "VERB" else None
            if judged is not None:  # "something Moscow has called “unacceptable”": a rejection
                entries = ((judged[2], None),)
            called = self._act_noun(sent, i) if not entries and t.pos == "VERB" else None
            if called is not None:  # "reiterated calls for a ceasefire": the noun names the act
                entries = ((called[0], None),)
            elif not entries and t.pos == "VERB" and (named := self._named_things(sent, i)) is not None:
                called, entries = named, ((named[0], None),)  # "It has persistently referred to limiting …"
            if not entries or t.pos != "VERB" or self.quotes.at(t.start) is not None:
                continue
            kids = [(q, c) for q, c in enumerate(sent.tokens) if c.head == i and q != i]
            hypothetical = any(c.dep == "mark" and c.text.lower() in lexicon.hypothetical_markers() for _, c in kids)
            if hypothetical or self.embedded(sent, i):
                continue
            if any(c.dep == "neg" for _, c in kids):  # "does not require …", "did not say …": no such act
                continue
            if self._agentless_passive(kids, t):
                continue  # "it's estimated the virus killed …", "is said to …": a passive names no speaker

            act, end, marked, whom = None, t.end, None, None
            for a, particle in entries:
                if particle is None:
                    act = a
                    break
                part = [c for _, c in kids if c.dep in ("prep", "prt") and c.text.lower() == particle]
                if part:
                    act, end = a, part[0].end
                    break
                # "accused the media of “innuendo”": the parser hung the particle on the verb's object
                held = [(p, d) for q, c in kids if c.dep == "dobj" for p, d in enumerate(sent.tokens)
                        if d.head == q and d.dep == "prep" and d.text.lower() == particle]  # fmt: skip
                if held and t.lemma.lower() in lexicon.word_set("speaker_phrasal_with_object"):
                    objects = [r for r, e in enumerate(sent.tokens) if e.head == held[0][0] and e.dep in ("pobj", "pcomp")]
                    if objects:  # the content runs from the object: whom they accused, then of what
                        act, end, marked = a, held[0][1].end, objects[0]
                        whom = sent.subtree_span(held[0][1].head)[0]
                        break
                # "called for HGVs to be banned": the parser made the particle the mark of a clause on the verb
                marks = [(q, m) for q, c in kids if c.dep == "advcl" for m in sent.tokens
                         if m.head == q and m.dep == "mark" and m.text.lower() == particle
                         and not self.text[t.end : m.start].strip()]  # fmt: skip
                if marks:
                    act, end, marked = a, marks[0][1].end, marks[0][0]
                    break
            if act == "say" and t.lemma.lower() in lexicon.request_verbs() and any(c.dep == "dobj" for _, c in kids) and any(
                c.dep == "xcomp" and any(a.head == q and a.dep == "aux" and a.text.lower() == "to" for a in sent.tokens)
                for q, c in kids
            ):
                act = "demand"  # "the FBI had asked Apple to write new software": what the FBI wants
            if act is None:
                continue
            subj = self.subject(sent, i)
            opening = self._opening_speaker(si, i) if subj is None or sent.tokens[subj].pos == "VERB" else None
            if opening is not None:  # "Speaking to BBC Radio Wales, Ben Plowden, of TfL, said …"
                subj, who = opening
            elif subj is None:
                continue
            else:
                who = self.actor(si, subj)
            if who is None:
                continue
            if called is not None:  # the object; what names things, to the end of its clause (a list the parser cut)
                end = sent.tokens[called[1]].end
                tail = sent.subtree_span(i)[1] if act == "restate" else sent.subtree_span(called[2])[1]
                span = self.whole_quote(self.trim(sent.subtree_span(called[2])[0], tail))
            elif marked is not None:
                span = self.whole_quote(self.trim(end if whom is None else whom, sent.subtree_span(marked)[1]))
            elif self._relativised(sent, i):  # "conditions that Moscow has sought to insist upon": the noun before
                span = self._relative_content(si, sent, i, act)
            elif judged is not None:  # what was rejected; a judgement stated: the thing with it ("the plant as “…”")
                a, b = sent.subtree_span(judged[0])
                span = self.trim(a, b if judged[2] == "reject" else max(b, judged[1])) if judged[0] != i else None
            else:
                span = self.content(sent, i, end, act, subj)
            if span is None:
                continue
            if act != "say":  # "called for a truce, something Kyiv rejects": the demand ends before what sums it up
                cut = _content_end().search(self.text, span[0], span[1])
                span = (span[0], cut.start()) if cut and cut.start() > span[0] else span
            if judged is not None:  # the verb as written runs to its judgement: 'has called “unacceptable”'
                end = judged[1] + (self.text[judged[1] : judged[1] + 1] in "”\"")
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

    @staticmethod
    def _act_noun(sent: ParsedSentence, i: int) -> tuple[str, int, int] | None:
        """(act, the particle's token, its object's token) when verb ``i`` repeats a call it takes as its object
        ("reiterated calls for a ceasefire", "renewed demands for …"); else None."""
        if sent.tokens[i].lemma.lower() not in lexicon.repeat_verbs():
            return None
        nouns = lexicon.act_nouns()
        for q, c in enumerate(sent.tokens):
            if c.head != i or q == i or c.dep != "dobj":
                continue
            for p, d in enumerate(sent.tokens):
                act = nouns.get((c.lemma.lower(), d.text.lower()))
                if d.head == q and d.dep == "prep" and act:
                    pobj = [r for r, e in enumerate(sent.tokens) if e.head == p and e.dep in ("pobj", "pcomp")]
                    if pobj:
                        return act, p, pobj[0]
        return None

    def _judged(self, sent: ParsedSentence, i: int) -> tuple[int, int, str] | None:
        """When verb ``i`` judges a thing with a rejection adjective ("called the plan “unacceptable”", "dismissed
        it as unworkable"): the token of the thing judged (``i`` itself when it is the noun a relative clause hangs
        on, "something Moscow has called “unacceptable”"), where the judgement ends and the act: "reject", or "say" for
        another judgement quoted ('called the reports “distorted”'); else None."""
        verbs = lexicon.judging_verbs()
        lemma = sent.tokens[i].lemma.lower()
        if lemma not in verbs:
            return None
        particle = verbs[lemma]
        adjectives = {a.lower() for a in lexicon.rejection_adjectives()}
        kids = [(q, c) for q, c in enumerate(sent.tokens) if c.head == i and q != i]
        if particle is not None:  # "dismissed it as unworkable": the adjective under "as"
            kids = [(r, e) for q, c in kids if c.dep == "prep" and c.text.lower() == particle
                    for r, e in enumerate(sent.tokens) if e.head == q]  # fmt: skip
        thing = [q for q, c in enumerate(sent.tokens) if c.head == i and c.dep == "dobj" and q != i
                 and c.text.lower() not in ("that", "which")]  # fmt: skip
        if thing:  # "called local press reports “distorted”": the judgement may hang on the thing
            kids += [(q, c) for q, c in enumerate(sent.tokens) if c.head == thing[0] and c.dep in ("acl", "amod")
                     and c.start > sent.tokens[thing[0]].start]  # fmt: skip
        complements = [q for q, c in kids if c.dep in ("oprd", "acomp", "xcomp", "ccomp", "pobj", "amod", "acl")]
        words = {q: re.sub(r"\W+", " ", self.text[slice(*sent.subtree_span(q))]).strip().lower() for q in complements}
        adjectives = {re.sub(r"\W+", " ", a).strip() for a in adjectives}  # "a non-starter" as the text is read
        rejected = [q for q in complements if words[q] in adjectives]
        together = [q for q in complements if sent.tokens[q].dep == "oprd"]  # "“a non-starter”" parsed in pieces
        if not rejected and len(together) > 1:
            a, b = sent.subtree_span(together[0])[0], max(sent.subtree_span(q)[1] for q in together)
            if re.sub(r"\W+", " ", self.text[a:b]).strip().lower() in adjectives:
                rejected = [max(together, key=lambda q: sent.subtree_span(q)[1])]
        # any other judgement in quotation marks, of a thing named, is a statement: 'called the reports “distorted”'
        quoted = [q for q in complements if thing and self.quotes.at(sent.tokens[q].start) is not None
                  and sent.tokens[q].pos in ("ADJ", "VERB", "NOUN")]  # fmt: skip
        if not rejected and not quoted:
            return None
        q = (rejected or quoted)[0]
        return (thing[0] if thing else i), sent.subtree_span(q)[1], "reject" if rejected else "say"

    @staticmethod
    def _completed(sent: ParsedSentence, i: int) -> int:
        """The verb that verb ``i`` completes ("has sought to insist upon": "sought"), or ``i`` itself."""
        k = i
        while sent.tokens[k].dep == "xcomp" and sent.tokens[k].head != k:
            k = sent.tokens[k].head
        return k

    def _relativised(self, sent: ParsedSentence, i: int) -> bool:
        """True when verb ``i`` (or the verb it completes) is a relative clause whose object is the noun it hangs on
        ("conditions that Moscow has sought to insist upon", "something Moscow has called …"): its own subject is
        named, so what the act is about is that noun."""
        k = self._completed(sent, i)
        if sent.tokens[k].dep not in ("relcl", "acl"):
            return False
        subject = [c for c in sent.tokens if c.head == k and c.dep == "nsubj"]
        return bool(subject) and subject[0].text.lower() not in ("who", "that", "which") and not any(
            c.head == k and c.dep in ("ccomp", "dobj") and c.text.lower() not in ("that", "which") for c in sent.tokens)

    def _relative_content(self, si: int, sent: ParsedSentence, i: int, act: str) -> tuple[int, int]:
        """What a relative clause's act is about: for a rejection of "something" that sums up the clause before, the
        content of the act that clause reports; else the sentence (an empty span: the act is stated inside it)."""
        k = self._completed(sent, i)
        head = sent.tokens[sent.tokens[k].head]
        if act == "reject" and head.dep in ("npadvmod", "appos") and head.pos in ("PRON", "NOUN"):
            before = [f for f in self.found if f.sentence == si and f.anchor < head.start]
            if before:
                return before[-1].content_start, before[-1].content_end
        return sent.tokens[i].start, sent.tokens[i].start

    @staticmethod
    def _named_things(sent: ParsedSentence, i: int) -> tuple[str, int, int] | None:
        """("restate", the last token of the verb phrase, its object's token) for a verb that names things ("referred
        to limiting …", "listed …"): an act only when :meth:`restated` finds the demand it restates; else None."""
        verbs = lexicon.restate_verbs()
        lemma = sent.tokens[i].lemma.lower()
        if lemma not in verbs:
            return None
        particle = verbs[lemma]
        for q, c in enumerate(sent.tokens):
            if c.head != i or q == i:
                continue
            if particle is None and c.dep == "dobj":
                return "restate", i, q
            if particle is not None and c.dep == "prep" and c.text.lower() == particle:
                pobj = [r for r, e in enumerate(sent.tokens) if e.head == q and e.dep in ("pobj", "pcomp")]
                if pobj:
                    return "restate", q, pobj[0]
        return None

    @staticmethod
    def _agentless_passive(kids: list[tuple[int, ParsedToken]], t: ParsedToken) -> bool:
        """True for a passive act with no "by X" ("is estimated", "it’s estimated" read as "it has"): no speaker."""
        if any(c.dep == "agent" for _, c in kids):
            return False  # "was asked by host Bob Schieffer": the agent speaks
        aux = [c for _, c in kids if c.dep in ("aux", "auxpass")]
        if t.tag == "VBN" and any(c.lemma.lower() == "be" for c in aux):
            return True
        expletive = any(c.dep == "nsubj" and c.text.lower() == "it" for _, c in kids)
        return expletive and t.tag in ("VBN", "VBD") and any(c.text.lower() in ("’s", "'s") for c in aux)

    def _opening_speaker(self, si: int, i: int) -> tuple[int, tuple[str, str, int, None]] | None:
        """(token, actor) for verb ``i`` left without a subject by a participle opening its sentence ("Speaking to
        BBC Radio Wales, Ben Plowden, of TfL, said", "Responding for Labour, Nia Griffith said": the parser hangs
        the name on the participle): the full name (two words or more) of a person nearest the verb; else None."""
        sent = self.sentences[si]
        first = next((t for t in sent.tokens if t.pos != "PUNCT"), None)
        if first is None or first.pos != "VERB" or not first.text.lower().endswith("ing"):
            return None
        verb = sent.tokens[i]
        people = [e for e in sent.entities if e.end <= verb.start and e.label == "PERSON" and len(e.text.split()) > 1
                  and self.quotes.at(e.start) is None]  # fmt: skip
        if not people:
            return None
        ent = people[-1]
        last = max(q for q, t in enumerate(sent.tokens) if ent.start <= t.start < ent.end)
        return last, (_bare(ent.text), "person", ent.start, None)

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

    def sentence_subject(self, at: int) -> tuple[str, str, int | None, tuple[int, int] | None] | None:
        """The actor the sentence at offset ``at`` is about, when it reports no act: the named (or resolved) subject
        of its main verb, outside any quotation ("He smiled." after "Jordan said …"); None when it has none."""
        si = bisect.bisect_right(self._sentence_starts, at) - 1
        if si < 0 or not self.sentences[si].start <= at < self.sentences[si].end:
            return None
        sent = self.sentences[si]
        roots = [q for q, t in enumerate(sent.tokens) if t.head == q]
        subjects = [q for q, t in enumerate(sent.tokens) if roots and t.head == roots[0] and q != roots[0]
                    and t.dep in ("nsubj", "nsubjpass") and self.quotes.at(t.start) is None]  # fmt: skip
        return self.actor(si, subjects[0]) if subjects else None

    def restated(self) -> None:
        """A pronoun's speaker naming things with no clause of their own (a noun phrase, a list, gerunds: "“Second –
        the release of prisoners …,” he said", "It has persistently referred to limiting …") in the sentence after
        the same actor's demand or proposal restates it: the act is that demand's."""
        kept: list[Found] = []
        for k, f in enumerate(self.found):
            g = self.found[k - 1] if k else None
            if (f.act in ("say", "restate") and f.antecedent is not None and g is not None and g.actor == f.actor
                    and g.act in ("demand", "propose") and g.sentence >= f.sentence - 2
                    and not self._has_clause(f.content_start, f.content_end)):  # fmt: skip
                f = replace(f, act=g.act)
            if f.act != "restate":  # naming things restates nothing else
                kept.append(f)
        self.found = kept

    def _has_clause(self, a: int, b: int) -> bool:
        """True when the text [a:b] holds a finite verb (a statement), not only names of things."""
        return any(a <= t.start < b and t.tag in ("VBD", "VBZ", "VBP", "MD") for s in self.sentences
                   if s.start < b and a < s.end for t in s.tokens)  # fmt: skip

    def quote_next(self) -> None:
        """A quotation opening a sentence with no speaker of its own is the previous speaker's."""
        previous: tuple[int, int] | None = None
        for q in self.quotes.spans:
            span, left_open, previous = self.trim(*q), previous, q
            if span is None or any(f.content_start < span[1] and span[0] < f.content_end for f in self.found):
                continue
            si = bisect.bisect_right(self._sentence_starts, q[0]) - 1
            goes_on = left_open is not None and self._continues(left_open, q)
            header = None if goes_on else self._header(q[0])
            if si < 0 or (not goes_on and not header and re.search(r"\w", self.text[self.sentences[si].start : q[0]])):
                continue
            tail = [t for t in self.sentences[si].tokens if t.start >= q[1] and t.pos == "VERB"
                    and t.lemma.lower() in lexicon.speaker_verbs() and self.quotes.at(t.start) is None]  # fmt: skip
            if tail and not goes_on:  # '“…,” said co-host Sunny Hostin': its own speaker, even one not read
                continue
            before = [f for f in self.found if f.anchor < q[0] and f.act == "say" and f.sentence >= si - 1]
            if left_open and goes_on:  # a paragraph's quotation left open goes on in the next
                before = [f for f in self.found if f.act == "say" and f.content_start < left_open[1]
                          and left_open[0] < f.content_end] or before  # fmt: skip
            if header is not None:  # a line "Name:" introduces the quotation: it overrides the last speaker
                name, kind, where = header
                self.found.append(Found(si, q[0], name, kind, "say", "", span[0], span[1], where))
            elif before:
                f = max(before, key=lambda f: f.anchor)
                self.found.append(Found(si, q[0], f.actor, f.kind, "say", "", span[0], span[1],
                                        f.antecedent or self._span(f.sentence)))  # fmt: skip
        self.found.sort(key=lambda f: f.anchor)

    def _header(self, at: int) -> tuple[str, str, tuple[int, int]] | None:
        """The speaker a line of its own introduces with a colon and no verb ("Leeds head coach Gary Monk:" above
        the quotation at ``at``): the last person the line names; None for anything else."""
        end = self.text.rfind("\n", 0, at)
        if end < 0 or self.text[end:at].strip(" \n“\"‘'"):
            return None
        start = self.text.rfind("\n", 0, end) + 1
        line = self.text[start:end].strip()
        if not line.endswith(":") or self.quotes.at(start) is not None:
            return None
        tokens = [t for s in self.sentences for t in s.tokens if start <= t.start < end]
        if not tokens or any(t.pos in ("VERB", "AUX") for t in tokens):
            return None
        people = [e for s in self.sentences for e in s.entities
                  if start <= e.start < end and e.label in ACTOR_LABELS and self.kind(e) == "person"]  # fmt: skip
        return (_bare(people[-1].text), "person", (start, end)) if people else None

    def _continues(self, left: tuple[int, int], q: tuple[int, int]) -> bool:
        """True when quotation ``left`` is not closed at the end of its paragraph and ``q`` opens the next one: the
        convention of English quoting for one speaker's words over several paragraphs."""
        text = self.text
        end = text.find("\n", left[1] - 1)
        return (end >= 0 and text[left[1] : end].strip() == "" and text[left[1] : left[1] + 1] not in "”\""
                and text[end:q[0]].strip() in ("“", '"'))  # fmt: skip
