"""The parse's reading as claims, sentence by sentence: every act found in a sentence, one claim per actor and
content; a sentence that reports no act is about its main subject (or no one)."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ..nlp import ParsedSentence
from ..sentences import sentence_spans
from .acts import Found
from .annotate import _annotate

if TYPE_CHECKING:
    from ..attribution import Claim


def assemble(text: str, segments: Sequence[tuple[int, int]], parsed: Sequence[ParsedSentence] | None = None) -> list[Claim]:
    """The claims of every sentence of the segments (:func:`assistant.sentences.sentence_spans`), read from the parse
    (``parsed``, or the segments parsed now): the acts found in each, else its subject; acts in text no sentence
    covers get the parser's sentence."""
    from ..attribution import Claim, same_actor
    from . import _read

    reader = _read(text, segments, parsed)
    found = reader.found  # in text order
    anchors = [f.anchor for f in found]

    def as_claim(f: Found, s: int, e: int) -> Claim:
        return Claim(s, e, f.actor, f.act, f.verb, text[f.content_start : f.content_end], f.content_start,
                     f.antecedent, f.source, "ORG" if f.kind == "thing" else None)  # fmt: skip

    out: list[Claim] = []
    used: set[int] = set()
    for seg_start, seg_end in segments:
        for s, e in sentence_spans(text, seg_start, seg_end):
            mine = [k for k in range(bisect.bisect_left(anchors, s), bisect.bisect_left(anchors, e)) if k not in used]
            used.update(mine)
            kept: list[Claim] = []
            for f in (found[k] for k in mine):
                same = [i for i, c in enumerate(kept) if c.actor and same_actor(c.actor, f.actor) and (
                    c.content_start == f.content_start or (c.act == f.act and (not c.content or (
                        c.content_start < f.content_end and f.content_start < c.content_start + len(c.content)))))]
                # (the same act of the same actor over another content is another claim: a quotation going on)
                if not same:
                    kept.append(as_claim(f, s, e))
                elif kept[same[0]].act == f.act == "say" and not kept[same[0]].content:  # "…, Xinhua said.": what
                    c = kept[same[0]]
                    kept[same[0]] = replace(c, content=text[f.content_start : f.content_end], content_start=f.content_start)
            if not kept:
                who = reader.sentence_subject(s)  # "He smiled.": whom the sentence is about
                kept.append(Claim(s, e, who[0] if who else None, None, "", text[s:e], s, who[3] if who else None))
            out += kept
    for k, f in enumerate(found):  # acts in text no sentence of the segments covers
        if k not in used:
            sent = reader.sentences[f.sentence]
            out.append(as_claim(f, sent.start, sent.end))
    return _annotate(text, reader.sentences, sorted(out, key=lambda c: c.start))
