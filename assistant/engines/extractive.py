"""The offline answer engine: selects and quotes the article sentences that answer the question.

It only ever shows sentences of the articles (a leading "he"/"it" replaced by the actor it refers to, whose
sentence is then cited too), so every answer sentence is a quotation of what its citations say; it abstains
when the articles do not contain the answer. One function per question kind, dispatched by kind
(:data:`KINDS`); each reads documents through the :class:`~assistant.corpus.Corpus` it is handed.

Example:
    >>> from assistant.corpus import Corpus
    >>> from assistant.engines.base import Query, final_draft
    >>> from assistant.types import Chunk, Document, Passage
    >>> text = "Zelenskyy called for a full ceasefire. Russia rejected it."
    >>> corpus = Corpus.in_memory([Document("d", "Talks", text, ((0, len(text)),), "txt", "/tmp/d.txt")])
    >>> passages = [Passage(Chunk("d:0", "d", 0, 0, len(text), text, "Talks"), 1.0)]
    >>> draft = final_draft(ExtractiveEngine().draft(Query("What did Zelenskyy call for?"), passages, corpus))
    >>> [s.text for s in draft.sentences]
    ['Zelenskyy called for a full ceasefire.']
"""

from __future__ import annotations

import math
import re
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from .. import lexicon
from ..analysis import Analysis
from ..attribution import Claim, actor_groups, is_whole_quotation, same_actor
from ..corpus import Corpus
from ..lemmas import lemma
from ..question import QuestionInfo, analyze_question, question_entities
from ..text import content_lemmas, normalize, numbers
from ..types import Document, Passage, Span
from ..verify import mentions
from . import speaker
from .base import Draft, DraftSentence, Query, related_spans

MAX_CLAIMS = 6
MAX_FACT_CANDIDATES = 48
MAX_SPEAKER_DOCS = 3  # "who said …": the statement is looked for in the first retrieved articles
MAX_SPEAKER_VECTORS = 4  # sentences compared by meaning when their words leave the choice open
MIN_STATEMENT_SCORE = 0.45  # below this share of the claim, the articles don't contain the statement
MAX_ANSWER_CHARS = 560  # a "who said" answer stays short (a statement and the sentence naming its speaker)
MAX_STATEMENT_CHARS = 240  # the statement quoted beside the sentence naming its speaker



@dataclass
class _Context:
    """What every answer function gets: the query, its analysis, the passages, the corpus and their documents."""

    query: Query
    info: QuestionInfo
    passages: list[Passage]
    corpus: Corpus
    entries: list[tuple[Document, list[Claim]]]


def _resolved_text(doc: Document, claim: Claim) -> tuple[str, list[Span]]:
    """The claim's sentence, a leading or trailing pronoun replaced by its actor (or, for a sentence that is all
    quotation, its speaker put before it: "Mekdad said: “…”"); spans to cite, the sentence naming the actor too."""
    sent = doc.text[claim.start : claim.end]
    spans = [Span(doc.doc_id, claim.start, claim.end)]
    if claim.antecedent and claim.actor:
        m = re.match(rf"^(?:(?:{lexicon.alternation(lexicon.connectives())}),?\s+)?(?i:({lexicon.pronoun_pattern()}))\b", sent)
        if m:
            sent = sent[: m.start(1)] + claim.actor + sent[m.end(1) :]
        elif is_whole_quotation(sent):  # all quotation: its speaker was named in the sentence before
            sent = f"{claim.actor} said: {sent}"
        else:
            sent = re.sub(rf"(,[”\"]?\s+|\s)({lexicon.pronoun_pattern()})(\s+(?:{lexicon.alternation(lexicon.quote_verbs())}))",
                          rf"\1{claim.actor}\3", sent, count=1)  # fmt: skip
        spans.append(Span(doc.doc_id, *claim.antecedent))
    return sent, spans


def _act_ok(claim: Claim, act: str | None, strict: bool = True) -> bool:
    if act == "say":
        return claim.act is not None
    if act == "demand":
        return claim.act == "demand" or (not strict and claim.act == "propose")
    if act == "propose":
        return claim.act == "propose" or (not strict and claim.act == "demand")
    return claim.act == act


def _map_entries(ctx: _Context) -> list[tuple[Document, list[Claim]]]:
    """The documents where the positions map has this actor's demands/proposals (the whole corpus)."""
    info, entries, f = ctx.info, ctx.entries, ctx.query.filters
    acts = lexicon.act_filter(info.act) if info.act in ("demand", "propose", "reject") else None
    if not acts or (f is not None and f.source):  # the map has no outlet field: keep to what was retrieved
        return entries
    found = ctx.corpus.positions(info.actor, acts, f)
    doc_ids = list(dict.fromkeys(p.doc_id for p in found))
    known = {doc.doc_id for doc, _ in entries}
    return entries + [e for d in doc_ids if d not in known and (e := ctx.corpus.get(d))]


def answer_actor_act(ctx: _Context) -> Draft:
    """"What did X demand / say about Y?": X's acts of that kind, across the articles the map has them in."""
    info = ctx.info
    entries = _map_entries(ctx)  # "what does X want": every article the map has X's acts in

    def matching(strict: bool) -> list[tuple[Document, Claim]]:
        return [
            (doc, c) for doc, claims in entries for c in claims
            if same_actor(c.actor, info.actor) and _act_ok(c, info.act, strict)
        ]  # fmt: skip

    found = matching(True) or matching(False)
    if info.exclude:  # "Besides a ceasefire, what else …": leave out the acts whose object is what is set aside
        found = [(doc, c) for doc, c in found if not _about(info.exclude, c.content or doc.text[c.start : c.end])]
    exact = [(d, c) for d, c in found if _names_overlap(c.actor, info.actor)]
    found = exact or found  # "Russia's Ministry of Defence" before everything Russian
    if info.topic:  # "What did X say about NATO?": the claim or the sentence before it must be about it
        scored = [(len(set(info.topic) & _context_lemmas(doc, c, ctx.corpus.analysis(doc.doc_id))), doc, c) for doc, c in found]
        found = [(doc, c) for n, doc, c in scored if n > 0]
    if not found:
        mentioned = any(same_actor(c.actor, info.actor) for _, claims in entries for c in claims)
        what = {"demand": "demanding or calling for", "propose": "proposing", "reject": "rejecting",
                "say": "saying"}.get(info.act or "", "doing")  # fmt: skip
        about = f" about {info.topic_text}" if info.topic_text else ""
        msg = (
            f"The articles mention {info.actor} but do not report {info.actor} {what} anything{about}."
            if mentioned
            else f"The articles don't say: {info.actor} is not reported {what} anything{about}."
        )
        return Draft([], abstained=True, message=msg)
    # acts the sentence is about come first; acts mentioned in passing ("…, conditions that Moscow …") after
    found.sort(key=lambda dc: (not dc[1].content, dc[0].doc_id, dc[1].start))
    sentences = []
    for doc, c in found[:MAX_CLAIMS]:
        text, spans = _resolved_text(doc, c)
        sentences.append(DraftSentence(text, spans))
    return Draft(sentences, bullets=len(sentences) > 1)


def answer_who_act(ctx: _Context) -> Draft:
    """"Who called for X?": the actors whose act of that kind is about X."""
    info, entries = ctx.info, ctx.entries
    topic = set(info.topic)
    scored = []
    for doc, claims in entries:
        for c in claims:
            if not c.actor or not _act_ok(c, info.act, strict=False):
                continue
            content = content_lemmas(c.content)
            hits = [i for i, s in enumerate(content) if s in topic]
            if not topic or not hits or len(set(content) & topic) < max(1, math.ceil(len(topic) / 2)):
                continue
            score = len(set(content) & topic) / len(topic) / (1 + 0.05 * hits[0])
            if info.act_word and lemma(info.act_word) in {lemma(w) for w in c.verb.split()}:
                score *= 2.0  # asked "who called for", the article says "called for"
            elif c.act == info.act:
                score *= 1.5
            scored.append((score, doc, c))
    if not scored:
        return Draft([], abstained=True, message=f"The articles don't say who {_verb(info)} that.")
    if info.act_word:  # asked "who called for X": those who called for X, if the articles say so
        exact = [t for t in scored if lemma(info.act_word) in {lemma(w) for w in t[2].verb.split()}]
        scored = exact or scored
    scored.sort(key=lambda t: -t[0])
    best = scored[0][0]
    picked = [(doc, c) for score, doc, c in scored[:3] if score >= 0.75 * best]
    sentences = []
    by_doc_actor = {(doc.doc_id, min(actor_groups(c.actor), default="")) for doc, c in picked}
    if len({d for d, _ in by_doc_actor}) > 1 and len({a for _, a in by_doc_actor}) > 1:
        sentences.append(DraftSentence("The articles attribute this differently:", [], kind="heading"))
    for doc, c in picked:
        text, spans = _resolved_text(doc, c)
        sentences.append(DraftSentence(text, spans))
    return Draft(sentences, bullets=len(sentences) > 1)


def _verb(info: QuestionInfo) -> str:
    return {"demand": "demanded", "propose": "proposed", "reject": "rejected", "say": "said"}.get(
        info.act or "", "did"
    )


def _who_what_from_map(ctx: _Context) -> Draft | None:
    """"Who demanded what" over the whole corpus, from the positions map built at ingest."""
    info, f = ctx.info, ctx.query.filters
    if info.act in ("demand", "propose"):
        acts = lexicon.act_filter("demand") + lexicon.act_filter("propose")  # type: ignore[operator]
    else:
        acts = lexicon.act_filter("reject")
    if info.act == "say" or (f is not None and f.source):
        return None
    found = ctx.corpus.positions(None, acts, f)
    if not found:
        return None
    groups: OrderedDict[str, list] = OrderedDict()
    for p in sorted(found, key=lambda p: (p.doc_id, p.start)):
        groups.setdefault(p.group, []).append(p)
    sentences = []
    for items in groups.values():
        names = list(OrderedDict.fromkeys(p.actor for p in items))
        sentences.append(DraftSentence(" / ".join(names[:3]), [], kind="heading"))
        for p in items[: MAX_CLAIMS * 2]:
            spans = [Span(p.doc_id, p.sentence_start, p.sentence_end)]
            if p.antecedent_start is not None and p.antecedent_end is not None:
                spans.append(Span(p.doc_id, p.antecedent_start, p.antecedent_end))
            whole = (p.start, p.end) == (p.sentence_start, p.sentence_end)
            entry = ctx.corpus.get(p.doc_id)
            text = entry[0].text[p.sentence_start : p.sentence_end] if whole and entry else f"{p.actor} {p.act} {p.content}"
            sentences.append(DraftSentence(text, spans))
    return Draft(sentences, bullets=True)


def answer_who_what(ctx: _Context) -> Draft:
    """"Who demanded what?": every actor's demands (or proposals, rejections), grouped by actor."""
    info, entries = ctx.info, ctx.entries
    from_map = _who_what_from_map(ctx)
    if from_map is not None:
        return from_map
    groups: OrderedDict[str, list[tuple[Document, Claim]]] = OrderedDict()
    acts = ("demand", "propose") if info.act in ("demand", "propose") else (info.act,)
    for doc, claims in entries:
        for c in claims:
            if c.actor and c.act in acts:
                key = " & ".join(sorted(actor_groups(c.actor))) or c.actor
                groups.setdefault(key, []).append((doc, c))
    if not groups:
        return Draft([], abstained=True, message=f"The articles don't report who {_verb(info)} what.")
    sentences = []
    for items in groups.values():
        items.sort(key=lambda dc: (not dc[1].content, dc[0].doc_id, dc[1].start))
        names = list(OrderedDict.fromkeys(c.actor for _, c in items))
        sentences.append(DraftSentence(" / ".join(n for n in names[:3] if n), [], kind="heading"))
        for doc, c in items[:MAX_CLAIMS]:
            if not c.content:  # an act reported inside a sentence about something else: quote it whole
                text, spans = doc.text[c.start : c.end], [Span(doc.doc_id, c.start, c.end)]
            else:  # one clause per act, the actor named: "Russia has persistently referred to …"
                content = f"“{c.content}”" if c.verb in ("said", "says", "added", "wrote") else c.content
                if c.verb in ("said", "says", "added", "wrote") and c.content.startswith(("“", '"')):
                    content = c.content
                text = f"{c.actor} {c.verb} {content}".strip()
                spans = [Span(doc.doc_id, c.start, c.end)]
                if c.antecedent:
                    spans.append(Span(doc.doc_id, *c.antecedent))
            sentences.append(DraftSentence(text, spans))
    return Draft(sentences, bullets=True)


def answer_speaker(ctx: _Context) -> Draft:
    """"Who said '…'?": the sentence that says it and the sentence naming who made it (see :mod:`.speaker`).

    The sentence holding the claim is found by its words and, with an embedding model, its meaning; its speaker
    is its own attribution ("…,” Walton said"), else the nearest attribution around it ("In a tweet, the Republican
    National Committee blamed …"). Each answer sentence is an article sentence cited to itself."""
    claim = ctx.info.quote or ""
    entries = ctx.entries[:MAX_SPEAKER_DOCS]
    ranked = speaker.rank_statements([(doc.text, claims) for doc, claims in entries], claim)
    close = len(ranked) > 1 and ranked[1].score > ranked[0].score - 0.1
    if ranked and ctx.corpus.embed is not None and (ranked[0].score < 0.6 or close):  # the words alone don't decide
        ranked = ranked[:MAX_SPEAKER_VECTORS]  # meaning too (a paraphrased claim); the question's vector is cached
        qv = ctx.corpus.query_vector(ctx.query.text)
        sv = ctx.corpus.sentence_vectors([(entries[st.entry][0].doc_id, st.start, st.end) for st in ranked])
        if qv is not None and sv is not None:  # the share of its words blended with meaning, then its weight again
            ranked = sorted((replace(st, score=st.weight * _with_meaning(st.score / st.weight, float(v @ qv)))
                             for st, v in zip(ranked, sv)), key=lambda st: -st.score)  # fmt: skip
    if not ranked or ranked[0].score < MIN_STATEMENT_SCORE:
        return Draft([], abstained=True, message="The articles don't contain that statement.")
    st = ranked[0]
    doc, claims = entries[st.entry]
    analysis = ctx.corpus.analysis(doc.doc_id)
    entities = analysis.entities if analysis is not None and analysis.parsed else None
    found = speaker.find_speaker(doc.text, claims, st.index, claim, entities)
    if found is None:
        return Draft([], abstained=True, message="The articles contain that statement but don't say who made it.")
    parts: list[tuple[int, int, Claim | None]] = [(found.start, found.end, found.claim)]
    named = _speaker_text(doc, found)[0] if found.claim is not None else ""
    group = found.claim is not None and found.claim.actor_label == "NORP"  # "they wrote": a pair of Democrats, named there
    if found.claim is not None and found.claim.antecedent and (group or not (  # "… Rauner said" names Gov. Bruce Rauner
            mentions(found.name, named) or mentions(found.name.split()[-1], speaker.outside_quotes(named)))):  # fmt: skip
        parts.append((*found.claim.antecedent, None))  # the pronoun stays: quote the sentence naming the speaker too
        parts[0] = (found.start, found.end, None)
    if found.described is not None and found.described not in [(a, b) for a, b, _ in parts]:
        parts.append((*found.described, None))  # "The group quoted …": the sentence naming the group and this one
    if (st.start, st.end) not in [(a, b) for a, b, _ in parts]:
        parts.append((st.start, st.end, None))
    parts.sort(key=lambda p: p[0])
    sentences = []
    for a, b, c in parts:
        if c is not None:
            text, spans = _speaker_text(doc, found)
        else:
            text, spans = doc.text[a:b], [Span(doc.doc_id, a, b)]
        if (a, b) == (st.start, st.end) and len(parts) > 1:  # the statement gives way to the sentence naming its speaker
            other = sum(len(doc.text[x:y]) for x, y, _ in parts if (x, y) != (a, b))
            text = _shorten(text, max(120, min(MAX_STATEMENT_CHARS, MAX_ANSWER_CHARS - other)))
        else:
            text = _shorten(text, MAX_ANSWER_CHARS, keep=found.name)
        sentences.append(DraftSentence(text, spans))
    return Draft(sentences)


def _speaker_text(doc: Document, found: speaker.Speaker) -> tuple[str, list[Span]]:
    """The sentence naming the speaker, a pronoun before its act replaced by the name ("…, he claimed on Fox News"
    → "…, Trump claimed on Fox News"); the sentence it was resolved from is cited only when a pronoun was replaced."""
    c = found.claim
    assert c is not None
    sentence = doc.text[c.start : c.end]
    text, spans = _resolved_text(doc, replace(c, actor=found.name))  # the name as checked, not the actor as parsed
    if c.antecedent and not mentions(found.name, text) and c.verb:
        who = lexicon.pronoun_pattern(("people_pronouns",))
        text = re.sub(rf"(?<!\w)(?:{who})(\s+{re.escape(c.verb)}\b)", rf"{found.name}\1", sentence, count=1, flags=re.I)
    if re.search(rf"{re.escape(found.name)}[’'](?:ve|re|ll|d|s)\b", text) and not re.search(
            rf"{re.escape(found.name)}[’'](?:ve|re|ll|d|s)\b", sentence):  # fmt: skip
        text = sentence  # "They’ve argued" is not "Evers’ve argued": the naming sentence is quoted beside it
    if text == sentence:
        spans = spans[:1]  # nothing was resolved: the sentence alone supports itself
    return text, spans


def _shorten(text: str, limit: int, keep: str | None = None) -> str:
    """``text`` as it is when it fits in ``limit`` characters, else its beginning and end around an ellipsis
    (cut at word boundaries), so an answer stays short and every word of it is still the article's. ``keep``: a
    name the shortened text must still show (the part around it is kept instead of the end)."""
    if len(text) <= limit:
        return text
    head = text[: int(limit * 0.6)].rsplit(" ", 1)[0]
    tail = text[len(text) - int(limit * 0.35) :].split(" ", 1)[-1]
    at = text.find(keep) if keep else -1
    if at < 0 or keep in head or keep in tail:
        return f"{head} … {tail}"
    head = text[: int(limit * 0.35)].rsplit(" ", 1)[0]
    start = max(len(head), at - int(limit * 0.2))
    middle = text[start : start + int(limit * 0.6)]
    middle = (middle.split(" ", 1)[-1] if start > 0 else middle).rsplit(" ", 1)[0]
    return f"{head} … {middle} …"


# -- factual -----------------------------------------------------------------------------


def answer_factual(ctx: _Context) -> Draft:
    """Any other question: the one or two sentences that answer it (numbers exact), or an abstention."""
    info, entries, passages, question, corpus = ctx.info, ctx.entries, ctx.passages, ctx.query.text, ctx.corpus
    q_lemmas = list(dict.fromkeys(info.topic))
    if not q_lemmas:
        return Draft([], abstained=True, message="The question has no content words to look up.")
    by_doc = {doc.doc_id: (doc, claims) for doc, claims in entries}
    candidates: list[tuple[Document, Claim | None, int, int, int]] = []  # doc, claim, start, end, rank
    seen: set[tuple[str, int]] = set()
    for rank, p in enumerate(passages):
        entry = by_doc.get(p.chunk.doc_id)
        if entry is None:
            continue
        doc, claims = entry
        for s, e in corpus.chunk_sentences(p.chunk):
            if (doc.doc_id, s) in seen:
                continue
            seen.add((doc.doc_id, s))
            claim = next((c for c in claims if c.start <= s < c.end), None)
            candidates.append((doc, claim, s, e, rank))
    if not candidates:
        return Draft([], abstained=True, message="The articles don't say.")
    sent_lemmas = [set(content_lemmas(d.text[s:e])) for d, _, s, e, _ in candidates]
    df = {t: sum(1 for ss in sent_lemmas if t in ss) for t in q_lemmas}
    n = len(candidates)
    idf = {t: math.log(1 + n / (1 + df[t])) + (1.5 if df[t] == 0 else 0.0) for t in q_lemmas}
    total = sum(idf.values())
    entities = [e for e in (question_entities(question)) if e]
    candidates, sent_lemmas = candidates[:MAX_FACT_CANDIDATES], sent_lemmas[:MAX_FACT_CANDIDATES]
    sims = [0.0] * len(candidates)
    qv = corpus.query_vector(question) if corpus.embed is not None else None
    if qv is not None:  # meaning, not just shared words ("launched" ~ "targeted … with")
        sv = corpus.sentence_vectors([(d.doc_id, s, e) for d, _, s, e, _ in candidates])
        sims = [float(v) for v in sv @ qv]
    scored = []
    for (doc, claim, s, e, rank), lemmas, sim in zip(candidates, sent_lemmas, sims):
        sent = doc.text[s:e]
        overlap = sum(idf[t] for t in q_lemmas if t in lemmas) / total
        if qv is not None:
            overlap = _with_meaning(overlap, sim)
        if entities and not all(_mentions(doc, sent, ent) for ent in entities):
            continue
        if not _answer_type_ok(info.wh, sent, question, corpus.analysis(doc.doc_id), s):
            continue
        low = sent.lower()
        if any(not (r in numbers(sent) if r.isdigit() else re.search(rf"\b{re.escape(r)}\b", low)) for r in info.required):
            continue  # "the third round" is not answered by a sentence about the first
        scored.append((overlap - 0.01 * rank, doc, claim, s, e))
    if not scored:
        return Draft([], abstained=True, message="The articles don't say.")
    scored.sort(key=lambda t: -t[0])
    best = scored[0][0]
    if best < 0.5:
        return Draft([], abstained=True, message="The articles don't say.")
    chosen = [t for t in scored[:2] if t[0] >= 0.85 * best]
    # Another article giving a different figure for the same thing: say so and cite both sides.
    top_doc, top_nums = chosen[0][1], numbers(chosen[0][1].text[chosen[0][3] : chosen[0][4]])
    conflict = next(
        (t for t in scored[1:12] if t[1].doc_id != top_doc.doc_id and t[0] >= 0.7 * best and top_nums
         and numbers(t[1].text[t[3] : t[4]]) and not numbers(t[1].text[t[3] : t[4]]) & top_nums),
        None,
    )  # fmt: skip
    sentences: list[DraftSentence] = []
    if conflict is not None:
        chosen = [chosen[0], conflict]
        sentences.append(DraftSentence("The articles disagree on the figures:", [], kind="heading"))
    for _score, doc, claim, s, e in chosen:
        if claim is not None and claim.start == s:
            text, spans = _resolved_text(doc, claim)
        else:
            text, spans = doc.text[s:e], [Span(doc.doc_id, s, e)]
        sentences.append(DraftSentence(text, spans))
    return Draft(sentences, bullets=conflict is not None)


def _with_meaning(words: float, similarity: float) -> float:
    """A sentence's score from its shared words (0..1) blended with its cosine similarity to the question (a
    similarity of 0.6 counts as a full match): meaning, not just shared words ("launched" ~ "targeted … with")."""
    return 0.7 * words + 0.3 * max(0.0, similarity) / 0.6


def _about(lemmas: list[str], content: str, head: int = 4) -> bool:
    """True when the content's first few content words hold all of ``lemmas``: what the act is about, not a detail
    ("a full and unconditional ceasefire" is about a ceasefire; "guarantees … in the event of a ceasefire" is not)."""
    return set(lemmas) <= set(content_lemmas(content)[:head])


def _names_overlap(a: str | None, b: str | None) -> bool:
    """True when one name contains the other as whole words ("Ministry of Defence" / "Russia’s Ministry of Defence")."""
    if not a or not b:
        return False
    x, y = normalize(a), normalize(b)
    if x == y:
        return len(x.split()) >= 2
    short, long_ = (x, y) if len(x) < len(y) else (y, x)
    return len(short.split()) >= 2 and re.search(rf"(?<!\w){re.escape(short)}(?!\w)", long_) is not None


def _context_lemmas(doc: Document, claim: Claim, analysis: Analysis | None) -> set[str]:
    """Content lemmas of a claim's sentence and the sentence before it in the same paragraph (or the previous
    paragraph's last one), where the analysis made at ingest says that sentence starts
    (:meth:`~assistant.analysis.Analysis.context_start`); the claim's sentence alone when it does not say."""
    start = analysis.context_start(claim.start) if analysis is not None else None
    return set(content_lemmas(doc.text[claim.start if start is None else start : claim.end]))


def _mentions(doc: Document, sentence: str, entity: str) -> bool:
    return mentions(entity, sentence) or mentions(entity, doc.title)


def _answer_type_ok(
    wh: str | None, sentence: str, question: str, analysis: Analysis | None = None, start: int = 0
) -> bool:
    """True when the sentence (at offset ``start`` of its document) holds an answer of the kind the question word
    asks for: a named entity with one of the lexicon's ``answer_types`` labels that is not one of the question's
    own words ("who" → a person, an organisation, a country; "when" → a date; "how many" → a number). A document
    read without the parser is checked with the patterns below instead."""
    labels = lexicon.answer_labels(wh)
    if labels and analysis is not None and analysis.parsed:
        asked = normalize(question)
        for ent in analysis.entities_in(start, start + len(sentence), labels=sorted(labels)):
            words = normalize(sentence[ent.start - start : ent.end - start])
            if words and not re.search(rf"(?<!\w){re.escape(words)}(?!\w)", asked):
                return True
        return False
    if wh in ("how many", "how much"):
        q_nums = numbers(question)
        return bool(numbers(sentence) - q_nums)
    if wh == "when":
        return bool(lexicon.time_pattern().search(sentence))
    if wh == "where":
        return bool(re.search(rf"\b(?:{lexicon.alternation(lexicon.location_prepositions())})\s+(?:the\s+)?[A-Z]", sentence))
    if wh in ("who", "whom", "whose"):
        return bool(re.search(r"(?<!^)\b[A-Z][a-z]+", sentence)) or bool(
            re.search(rf"\b(?:{lexicon.pronoun_pattern(('people_pronouns',))})\b", sentence))
    return True


KINDS: dict[str, Callable[[_Context], Draft]] = {
    "who_what": answer_who_what,
    "actor_act": answer_actor_act,
    "who_act": answer_who_act,
    "speaker": answer_speaker,
    "factual": answer_factual,
}


class ExtractiveEngine:
    """The offline engine: answers with the articles' own sentences (no model needed to draft)."""

    name = "extractive"

    def draft(self, query: Query, passages: list[Passage], corpus: Corpus) -> Iterator[str | Draft]:
        """One function per question kind (see :func:`~assistant.question.analyze_question`)."""
        info = analyze_question(query.text)
        ctx = _Context(query, info, passages, corpus, corpus.entries(passages))
        draft = KINDS[info.kind](ctx)
        if draft.abstained:
            draft.related = related_spans(passages)
        yield draft

