"""The regex rules' claims checked against the parse and completed with it: an actor must be a named entity
spoken outside a quotation; a verb has one speaker; acts the rules missed are added."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from .. import lexicon
from ..nlp import ParsedSentence
from .acts import Found, _Reader
from .annotate import _annotate
from .names import ACTOR_LABELS, _last_word, _lexicon_actor, person_words
from .quotes import _Quotes

if TYPE_CHECKING:
    from ..attribution import Claim


class _Validator:
    """Is an actor the rules found a real entity (spaCy's or the lexicon's), and spoken outside a quotation?"""

    def __init__(self, text: str, sentences: list[ParsedSentence], quotes: _Quotes) -> None:
        self.text = text
        self.quotes = quotes
        self.ents = [e for s in sentences for e in s.entities if e.label in ACTOR_LABELS]
        self.last_words = {_last_word(e.text) for e in self.ents}
        self.texts = {lexicon.fold(e.text).lower() for e in self.ents}
        self.people = person_words(text, self.ents)  # surnames: a name spaCy missed in one sentence is still one
        # relative clauses ("The council - which owns Glenburn Sports College - said"): no speaker is named in one
        spans = [s.subtree_span(q) for s in sentences for q, t in enumerate(s.tokens) if t.dep == "relcl"]
        self.relative = [(a, b) for a, b in spans if not re.search(r"[“”\"]", text[a:b])]  # none across a quote mark

    def valid(self, claim: Claim) -> bool:
        actor = claim.actor or ""
        if not actor:
            return False
        s, e = claim.antecedent or (claim.start, claim.end)
        where = [m.start() + s for m in re.finditer(re.escape(actor), self.text[s:e])]
        if where and claim.antecedent is None and all(self.quotes.at(w) is not None for w in where):
            return False  # the name is inside the quotation, not its speaker
        verb_at = self.text.find(claim.verb, claim.start, claim.end) if claim.verb else -1
        if where and claim.antecedent is None and verb_at >= 0 and all(
            any(a <= w < b and not a <= verb_at < b for a, b in self.relative) for w in where
        ):
            return False  # the name is inside a relative clause the verb is not in ("X - which owns Y - said"): not X
        if re.search(rf"(?<!\w)the\s+{re.escape(actor)}\s+(?:[\w-]+\s+)?(?:{_person_nouns()})\b", self.text[s:e], re.I):
            return False  # "the Orlando businessman said": a person from there, not the place
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
    from ..attribution import Claim
    from . import _read

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
        if (main.act and same_verb and (_stands_for(same_verb[0]) or _described(text[s:e], main, same_verb[0]) or (
                (main.antecedent is None) == (same_verb[0].antecedent is None)
                and (same_verb[0].kind == "person" or (same_verb[0].by_person and main.antecedent is not None))))
                and not _same(main.actor or "", same_verb[0].actor)):  # fmt: skip
            # the parse's subject of the very verb the rules read ("FTF vice-president Maher Snoussi told"; "he"
            # resolved to the last person speaking or named): the parse's person, the rules' content
            mine = [f for f in mine if f not in same_verb]  # one speaker per verb
            main = replace(main, actor=same_verb[0].actor, antecedent=same_verb[0].antecedent)
            if _stands_for(same_verb[0]):  # the rules misread the subject: their content is the parse's too
                f = same_verb[0]
                main = replace(main, content=text[f.content_start : f.content_end], content_start=f.content_start,
                               actor_label="ORG" if f.kind == "thing" else None)  # fmt: skip
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
        if (main.act == "say" and same_verb and same_verb[0].act == "say" and main.verb.lower() in lexicon.listener_verbs()
                and _same(_bare_the(main.actor or ""), _bare_the(same_verb[0].actor))):  # fmt: skip
            f, end = same_verb[0], main.content_start + len(main.content)
            first = (re.findall(r"[\w’']+", text[f.content_start : f.content_end]) or [""])[0]
            if (main.content_start < f.content_start < end and abs(f.content_end - end) <= 2
                    and not re.search(r"[“\"]", text[main.content_start : f.content_start])
                    and (first[:1].isupper() or first.lower() in lexicon.speaker_words("clause_subjects"))):  # fmt: skip
                # "… told the BBC they could not comment": what was said starts after the listener, as parsed
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
        elif main.actor is None and main.act is None and (who := reader.sentence_subject(s)) is not None:
            kept.append(replace(main, actor=who[0], antecedent=who[3]))  # "He smiled.": whom the sentence is about
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


def _stands_for(f: Found) -> bool:
    """True when the parse read the verb's subject as a role or a document standing for an entity named earlier
    ("the report adds" → the paper that reported; "the force said" → the "… Police" named): the rules, reading
    left to right, take a name from the clause before such a subject."""
    return f.antecedent is not None and f.noun is not None and (
        lexicon.is_speaker_document(f.noun) or _last_word(f.actor).lower() in lexicon.speaker_role_names(f.noun))


def _person_nouns() -> str:
    """The heads of a description of a person ("businessman", "MP") as one alternation."""
    return lexicon.derived("merge.person_nouns", lambda _: lexicon.alternation(sorted(
        lexicon.description_words("person_nouns") | lexicon.description_words("party_members"))))


def _described(sentence: str, claim: Claim, f: Found) -> bool:
    """True when the rules' actor is a description ("the Juneau Republican") the parse read as the person it stands
    for, named before."""
    return bool(claim.actor) and f.kind == "person" and f.antecedent is not None and re.search(
        rf"(?<!\w)the\s+{re.escape(claim.actor or '')}(?!\w)", sentence, re.I) is not None


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


def _bare_the(name: str) -> str:
    """A name without its leading "the" ("the Education Authority" → "Education Authority")."""
    return re.sub(r"^the\s+", "", name, flags=re.I)


def _same(a: str, b: str) -> bool:
    from ..attribution import same_actor

    return a == b or same_actor(a, b)
