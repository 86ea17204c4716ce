"""The offline answer engine (``extractive``) and the assembly of a cited, verified answer.

The engine only ever shows sentences of the articles (a leading "he"/"it" replaced by
the actor it refers to, whose sentence is then cited too), so every answer sentence
is a quotation of what its citations say. It abstains when the articles do not
contain the answer.

Example:
    >>> from assistant.chat import Assistant
    >>> a = Assistant.open(data_dir="/tmp/fca-doc")
    >>> a.ask("What did Zelenskyy call for?").abstained
    False
"""

from __future__ import annotations

import math
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .attribution import Claim, actor_groups, analyze, same_actor
from .store import Store
from .text import capitalized_phrases, content_stems, normalize, numbers, sentence_spans, stem
from .types import Answer, AnswerSentence, Citation, Document, Passage, Span
from .verify import check_support, mentions, strip_markers

ACT_WORDS: dict[str, str] = {}
for _act, _words in {
    "demand": "demand demanded demands want wants wanted call called calls ask asked asks insist insisted insists urge "
              "urged urges seek seeks sought require required requires press pressed",
    "propose": "propose proposed proposes offer offered offers suggest suggested suggests present presented",
    "reject": "reject rejected rejects refuse refused refuses oppose opposed opposes dismiss dismissed resist resisted",
    "say": "say said says tell told tells state stated claim claimed claims write wrote announce announced",
}.items():  # fmt: skip
    for _w in _words.split():
        ACT_WORDS[_w] = _act
_ACT_NOUNS = {"demands": "demand", "demand": "demand", "position": "demand", "conditions": "demand",
              "proposal": "propose", "proposals": "propose", "terms": "demand"}  # fmt: skip
_QUESTION_START = frozenset("What Who Whom Whose Which When Where Why How Did Does Do Has Have Is Are Was Were".split())
_TIME = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|"
    r"August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec|yesterday|today|"
    r"tomorrow|overnight|last (?:week|month|year)|next (?:week|month|year)|earlier|ago|(?:19|20)\d\d)\b"
)
MAX_CLAIMS = 6
MAX_FACT_CANDIDATES = 48
# Words that set the scene of an attribution question rather than narrow its topic ("at the talks").
_GENERIC_TOPIC = frozenset(stem(w) for w in "talks talk negotiations meeting article articles news".split())
_ORDINALS = frozenset("first second third fourth fifth sixth seventh eighth ninth tenth".split())
# Verbs a question uses to ask rather than to name the answer ("what happened", "where are they held").
_GENERIC = frozenset(
    stem(w)
    for w in "happen happened occur occurred do done hold held take place go get know tell mean say said mention mentioned "
    "article articles story report name named".split()
)


@dataclass
class QuestionInfo:
    """What kind of question this is and what it is about."""

    kind: str  # who_what | actor_act | who_act | speaker | factual
    wh: str | None
    actor: str | None = None
    act: str | None = None
    topic: list[str] = field(default_factory=list)  # content stems the answer must be about
    quote: str | None = None  # for "who said '…'?"
    act_word: str | None = None  # the verb as asked ("called"), to prefer claims that use it
    topic_text: str = ""  # the topic words as asked
    required: list[str] = field(default_factory=list)  # numbers and ordinals the answer must contain


def analyze_question(question: str) -> QuestionInfo:
    """Classify a question (attribution, grouped, speaker or factual) and pull out actor, act and topic."""
    q = question.strip().rstrip("?").strip()
    low = q.lower()
    wh_match = re.match(r"^(how many|how much|who|whom|whose|what|which|when|where|why|how)\b", low)
    wh = wh_match.group(1) if wh_match else None
    m = re.match(r"^who\s+(?:has\s+|have\s+|had\s+)?(\w+)(?:\s+for)?\s+what\b", low)
    if m and m.group(1) in ACT_WORDS:
        return QuestionInfo("who_what", "who", act=ACT_WORDS[m.group(1)])
    m = re.match(
        r"^who\s+(?:said|wrote|stated|claimed|made the claim)\s*(?:that\s*)?[:,]?\s*[\"“'‘]?(.+?)[\"”'’]?$", q, re.I
    )
    if m and len(m.group(1).split()) >= 4:
        return QuestionInfo("speaker", "who", act="say", quote=m.group(1), topic=content_stems(m.group(1)))
    words = re.findall(r"[\w’']+", q)
    act = None
    act_word = None
    for w in words:
        if w.lower() in ACT_WORDS:
            act, act_word = ACT_WORDS[w.lower()], w
            break
    if act is None:
        for w in words:
            if w.lower() in _ACT_NOUNS:
                act, act_word = _ACT_NOUNS[w.lower()], w
                break
    if act == "demand" and re.search(r"\bcall(?:s|ed)?\b.*\b(?:unacceptable|unrealistic|unworkable)\b", low):
        act, act_word = "reject", None  # "What has Moscow called unacceptable?"
    actor = _question_actor(q)
    skip = {stem(w) for w in (act_word or "").split()} | {"call", "for"}
    if actor:
        skip |= {stem(w) for w in actor.split()} | {stem(w.strip("’'s")) for w in actor.split()}
    topic = [s for s in content_stems(q) if s not in skip and s not in _GENERIC_TOPIC]
    topic_text = " ".join(w for w in words if content_stems(w) and content_stems(w)[0] in topic)
    if wh == "who" and act:
        return QuestionInfo("who_act", wh, act=act, topic=topic, act_word=act_word, topic_text=topic_text)
    if act and actor and (wh in ("what", "which", None) or low.startswith(("did ", "does ", "has "))):
        return QuestionInfo("actor_act", wh, actor=actor, act=act, topic=topic, act_word=act_word, topic_text=topic_text)
    required = sorted(numbers(q)) + [w.lower() for w in words if w.lower() in _ORDINALS]
    factual_topic = [t for t in content_stems(q) if t not in _GENERIC]
    return QuestionInfo("factual", wh, actor=actor, topic=factual_topic, required=required)


def _question_actor(q: str) -> str | None:
    for phrase in capitalized_phrases(q):
        words = phrase.split()
        while words and words[0] in _QUESTION_START:
            words = words[1:]
        if words:
            return " ".join(words).removesuffix("’s").removesuffix("'s")
    from .attribution import _ALIAS_TO_GROUP

    for w in re.findall(r"[a-z]+", q.lower()):  # lower-case "what does russia want"
        if w in _ALIAS_TO_GROUP and len(w) > 2:
            return _ALIAS_TO_GROUP[w]
    return None


@dataclass
class DraftSentence:
    text: str
    spans: list[Span]
    heading: bool = False  # a label such as an actor's name: shown, not a claim, not verified


@dataclass
class Draft:
    """An engine's answer before numbering and verification."""

    sentences: list[DraftSentence]
    abstained: bool = False
    message: str | None = None
    related: list[Span] = field(default_factory=list)
    bullets: bool = False


class DocumentCache:
    """Documents and their claims, read once from the store."""

    def __init__(self, store: Store, size: int = 256) -> None:
        self.store = store
        self.size = size
        self._docs: OrderedDict[str, tuple[Document, list[Claim]]] = OrderedDict()
        self._vectors: dict[tuple[str, int, int], np.ndarray] = {}
        self._lock = threading.RLock()  # shared by the Slack workers and the app's sessions

    def get(self, doc_id: str) -> tuple[Document, list[Claim]] | None:
        with self._lock:
            if doc_id in self._docs:
                self._docs.move_to_end(doc_id)
                return self._docs[doc_id]
        doc = self.store.document(doc_id)
        if doc is None:
            return None
        entry = (doc, analyze(doc.text, doc.segments or ((0, len(doc.text)),)))
        with self._lock:
            self._docs[doc_id] = entry
            if len(self._docs) > self.size:
                self._docs.popitem(last=False)
        return entry

    def sentence_vectors(self, keys: list[tuple[str, int, int]], embed: Callable[[list[str]], np.ndarray]) -> np.ndarray:
        """Embeddings of document sentences (doc_id, start, end), each computed once."""
        missing = [k for k in keys if k not in self._vectors]
        if missing:
            texts = [self.get(d)[0].text[s:e] for d, s, e in missing]  # type: ignore[index]
            vecs = embed(texts)
            with self._lock:
                self._vectors.update(zip(missing, vecs))
                while len(self._vectors) > 50_000:
                    self._vectors.pop(next(iter(self._vectors)))
        with self._lock:
            return np.stack([self._vectors[k] for k in keys]) if keys else np.zeros((0, 0), dtype=np.float32)

    def entries(self, passages: list[Passage]) -> list[tuple[Document, list[Claim]]]:
        """(document, claims) for the documents of the passages, in retrieval order, each once."""
        return [e for d in dict.fromkeys(p.chunk.doc_id for p in passages) if (e := self.get(d))]

    def clear(self) -> None:
        with self._lock:
            self._docs.clear()
            self._vectors.clear()


def _resolved_text(doc: Document, claim: Claim) -> tuple[str, list[Span]]:
    """The claim's sentence, a leading or trailing pronoun replaced by its actor; spans to cite."""
    sent = doc.text[claim.start : claim.end]
    spans = [Span(doc.doc_id, claim.start, claim.end)]
    if claim.antecedent and claim.actor:
        m = re.match(r"^(?:(?:However|Meanwhile|But|And|Also),?\s+)?(He|She|It|They)\b", sent)
        if m:
            sent = sent[: m.start(1)] + claim.actor + sent[m.end(1) :]
        else:
            sent = re.sub(r"(,[”\"]?\s+|\s)(he|she|it|they)(\s+(?:said|added|wrote|told|says|adds))", rf"\1{claim.actor}\3",
                          sent, count=1)  # fmt: skip
        spans.append(Span(doc.doc_id, *claim.antecedent))
    return sent, spans


class ExtractiveEngine:
    """Answers by selecting and quoting the article sentences that answer the question."""

    name = "extractive"

    def __init__(self, store: Store, embed: Callable[[list[str]], np.ndarray] | None = None) -> None:
        self.docs = DocumentCache(store)
        self.embed = embed

    def answer(self, question: str, passages: list[Passage], filters=None) -> Draft:
        info = analyze_question(question)
        related = [Span(p.chunk.doc_id, p.chunk.start, p.chunk.end) for p in passages[:3]]
        entries = self.docs.entries(passages)
        if info.kind == "who_what":
            draft = self._who_what(entries, info, filters)
        elif info.kind == "actor_act":
            draft = self._actor_act(entries, info, filters)
        elif info.kind == "who_act":
            draft = self._who_act(entries, info)
        elif info.kind == "speaker":
            draft = self._speaker(entries, info, passages)
        else:
            draft = self._factual(entries, info, passages, question)
        if draft.abstained:
            draft.related = related
        return draft

    # -- attribution -------------------------------------------------------------------------

    @staticmethod
    def _act_ok(claim: Claim, act: str | None, strict: bool = True) -> bool:
        if act == "say":
            return claim.act is not None
        if act == "demand":
            return claim.act == "demand" or (not strict and claim.act == "propose")
        if act == "propose":
            return claim.act == "propose" or (not strict and claim.act == "demand")
        return claim.act == act

    def _positions(self, actor: str | None, acts: tuple[str, ...], f) -> list:
        """Positions from the map, within the question's filters (document and date range)."""
        return self.docs.store.positions(
            actor=actor,
            acts=acts,
            doc_id=f.doc_id if f else None,
            date_from=f.published_from if f else None,
            date_to=f.published_to if f else None,
        )

    def _map_entries(self, info: QuestionInfo, entries, f):
        """The documents where the positions map has this actor's demands/proposals (the whole corpus)."""
        from .positions import DEMAND_ACTS

        acts = {"demand": DEMAND_ACTS, "propose": ("proposed",), "reject": ("rejected", "resisted")}.get(info.act or "")
        if not acts or (f is not None and f.source):  # the map has no outlet field: keep to what was retrieved
            return entries
        found = self._positions(info.actor, acts, f)
        doc_ids = list(dict.fromkeys(p.doc_id for p in found))
        known = {doc.doc_id for doc, _ in entries}
        return entries + [e for d in doc_ids if d not in known and (e := self.docs.get(d))]

    def _actor_act(self, entries, info: QuestionInfo, filters=None) -> Draft:
        entries = self._map_entries(info, entries, filters)  # "what does X want": every article the map has X's acts in

        def matching(strict: bool) -> list[tuple[Document, Claim]]:
            return [
                (doc, c) for doc, claims in entries for c in claims
                if same_actor(c.actor, info.actor) and self._act_ok(c, info.act, strict)
            ]  # fmt: skip

        found = matching(True) or matching(False)
        exact = [(d, c) for d, c in found if _names_overlap(c.actor, info.actor)]
        found = exact or found  # "Russia's Ministry of Defence" before everything Russian
        if info.topic:  # "What did X say about NATO?": the claim or the sentence before it must be about it
            scored = [(len(set(info.topic) & _context_stems(doc, c)), doc, c) for doc, c in found]
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

    def _who_act(self, entries, info: QuestionInfo) -> Draft:
        topic = set(info.topic)
        scored = []
        for doc, claims in entries:
            for c in claims:
                if not c.actor or not self._act_ok(c, info.act, strict=False):
                    continue
                content = content_stems(c.content)
                hits = [i for i, s in enumerate(content) if s in topic]
                if not topic or not hits or len(set(content) & topic) < max(1, math.ceil(len(topic) / 2)):
                    continue
                score = len(set(content) & topic) / len(topic) / (1 + 0.05 * hits[0])
                if info.act_word and stem(info.act_word) in {stem(w) for w in c.verb.split()}:
                    score *= 2.0  # asked "who called for", the article says "called for"
                elif c.act == info.act:
                    score *= 1.5
                scored.append((score, doc, c))
        if not scored:
            return Draft([], abstained=True, message=f"The articles don't say who {self._verb(info)} that.")
        if info.act_word:  # asked "who called for X": those who called for X, if the articles say so
            exact = [t for t in scored if stem(info.act_word) in {stem(w) for w in t[2].verb.split()}]
            scored = exact or scored
        scored.sort(key=lambda t: -t[0])
        best = scored[0][0]
        picked = [(doc, c) for score, doc, c in scored[:3] if score >= 0.75 * best]
        sentences = []
        by_doc_actor = {(doc.doc_id, min(actor_groups(c.actor), default="")) for doc, c in picked}
        if len({d for d, _ in by_doc_actor}) > 1 and len({a for _, a in by_doc_actor}) > 1:
            sentences.append(DraftSentence("**The articles attribute this differently:**", [], heading=True))
        for doc, c in picked:
            text, spans = _resolved_text(doc, c)
            sentences.append(DraftSentence(text, spans))
        return Draft(sentences, bullets=len(sentences) > 1)

    @staticmethod
    def _verb(info: QuestionInfo) -> str:
        return {"demand": "demanded", "propose": "proposed", "reject": "rejected", "say": "said"}.get(
            info.act or "", "did"
        )

    def _who_what_from_map(self, info: QuestionInfo, f) -> Draft | None:
        """"Who demanded what" over the whole corpus, from the positions map built at ingest."""
        from .positions import DEMAND_ACTS

        acts = DEMAND_ACTS + ("proposed",) if info.act in ("demand", "propose") else ("rejected", "resisted")
        if info.act == "say" or (f is not None and f.source):
            return None
        found = self._positions(None, acts, f)
        if not found:
            return None
        groups: OrderedDict[str, list] = OrderedDict()
        for p in sorted(found, key=lambda p: (p.doc_id, p.start)):
            groups.setdefault(p.group, []).append(p)
        sentences = []
        for items in groups.values():
            names = list(OrderedDict.fromkeys(p.actor for p in items))
            sentences.append(DraftSentence(f"**{' / '.join(names[:3])}**", [], heading=True))
            for p in items[: MAX_CLAIMS * 2]:
                spans = [Span(p.doc_id, p.sentence_start, p.sentence_end)]
                if p.antecedent_start is not None and p.antecedent_end is not None:
                    spans.append(Span(p.doc_id, p.antecedent_start, p.antecedent_end))
                whole = (p.start, p.end) == (p.sentence_start, p.sentence_end)
                entry = self.docs.get(p.doc_id)
                text = entry[0].text[p.sentence_start : p.sentence_end] if whole and entry else f"{p.actor} {p.act} {p.content}"
                sentences.append(DraftSentence(text, spans))
        return Draft(sentences, bullets=True)

    def _who_what(self, entries, info: QuestionInfo, filters=None) -> Draft:
        from_map = self._who_what_from_map(info, filters)
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
            return Draft([], abstained=True, message=f"The articles don't report who {self._verb(info)} what.")
        sentences = []
        for items in groups.values():
            items.sort(key=lambda dc: (not dc[1].content, dc[0].doc_id, dc[1].start))
            names = list(OrderedDict.fromkeys(c.actor for _, c in items))
            sentences.append(DraftSentence(f"**{' / '.join(n for n in names[:3] if n)}**", [], heading=True))
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

    def _speaker(self, entries, info: QuestionInfo, passages: list[Passage]) -> Draft:
        target = set(info.topic)
        best: tuple[float, Document, Claim] | None = None
        for doc, claims in entries:
            for c in claims:
                stems = set(content_stems(doc.text[c.start : c.end]))
                score = len(stems & target) / len(target) if target else 0.0
                if best is None or score > best[0]:
                    best = (score, doc, c)
        if best is None or best[0] < 0.6:
            return Draft([], abstained=True, message="The articles don't contain that statement.")
        _, doc, c = best
        if not c.actor:
            return Draft([], abstained=True, message="The articles contain that statement but don't say who made it.")
        text, spans = _resolved_text(doc, c)
        return Draft([DraftSentence(text, spans)])

    # -- factual -----------------------------------------------------------------------------

    def _factual(self, entries, info: QuestionInfo, passages: list[Passage], question: str) -> Draft:
        q_stems = list(dict.fromkeys(info.topic))
        if not q_stems:
            return Draft([], abstained=True, message="The question has no content words to look up.")
        by_doc = {doc.doc_id: (doc, claims) for doc, claims in entries}
        candidates: list[tuple[Document, Claim | None, int, int, int]] = []  # doc, claim, start, end, rank
        seen: set[tuple[str, int]] = set()
        for rank, p in enumerate(passages):
            entry = by_doc.get(p.chunk.doc_id)
            if entry is None:
                continue
            doc, claims = entry
            for s, e in sentence_spans(doc.text, p.chunk.start, p.chunk.end):
                if (doc.doc_id, s) in seen:
                    continue
                seen.add((doc.doc_id, s))
                claim = next((c for c in claims if c.start <= s < c.end), None)
                candidates.append((doc, claim, s, e, rank))
        if not candidates:
            return Draft([], abstained=True, message="The articles don't say.")
        sent_stems = [set(content_stems(d.text[s:e])) for d, _, s, e, _ in candidates]
        df = {t: sum(1 for ss in sent_stems if t in ss) for t in q_stems}
        n = len(candidates)
        idf = {t: math.log(1 + n / (1 + df[t])) + (1.5 if df[t] == 0 else 0.0) for t in q_stems}
        total = sum(idf.values())
        entities = [e for e in (_question_entities(question)) if e]
        candidates, sent_stems = candidates[:MAX_FACT_CANDIDATES], sent_stems[:MAX_FACT_CANDIDATES]
        sims = [0.0] * len(candidates)
        if self.embed is not None:  # meaning, not just shared words ("launched" ~ "targeted … with")
            qv = getattr(self, "query_vector", lambda q: self.embed([q])[0])(question)  # the retriever's, when given
            sv = self.docs.sentence_vectors([(d.doc_id, s, e) for d, _, s, e, _ in candidates], self.embed)
            sims = [float(v) for v in sv @ qv]
        scored = []
        for (doc, claim, s, e, rank), stems, sim in zip(candidates, sent_stems, sims):
            sent = doc.text[s:e]
            overlap = sum(idf[t] for t in q_stems if t in stems) / total
            if self.embed is not None:
                overlap = 0.7 * overlap + 0.3 * max(0.0, sim) / 0.6
            if entities and not all(_mentions(doc, sent, ent) for ent in entities):
                continue
            if not _answer_type_ok(info.wh, sent, question):
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
            sentences.append(DraftSentence("**The articles disagree on the figures:**", [], heading=True))
        for _score, doc, claim, s, e in chosen:
            if claim is not None and claim.start == s:
                text, spans = _resolved_text(doc, claim)
            else:
                text, spans = doc.text[s:e], [Span(doc.doc_id, s, e)]
            sentences.append(DraftSentence(text, spans))
        return Draft(sentences, bullets=conflict is not None)


def _names_overlap(a: str | None, b: str | None) -> bool:
    """True when one name contains the other as whole words ("Ministry of Defence" / "Russia’s Ministry of Defence")."""
    if not a or not b:
        return False
    x, y = normalize(a), normalize(b)
    if x == y:
        return len(x.split()) >= 2
    short, long_ = (x, y) if len(x) < len(y) else (y, x)
    return len(short.split()) >= 2 and re.search(rf"(?<!\w){re.escape(short)}(?!\w)", long_) is not None


def _context_stems(doc: Document, claim: Claim) -> set[str]:
    """Content stems of a claim's sentence and the sentence before it in the same paragraph."""
    para_start = doc.text.rfind("\n", 0, claim.start) + 1
    before = sentence_spans(doc.text, para_start, claim.start)
    start = before[-1][0] if before else claim.start
    if claim.start - para_start < 2:  # first sentence of its paragraph: look at the previous paragraph's last one
        prev = sentence_spans(doc.text, max(0, claim.start - 600), max(0, claim.start - 1))
        start = prev[-1][0] if prev else claim.start
    return set(content_stems(doc.text[start : claim.end]))


def _question_entities(question: str) -> list[str]:
    out = []
    for phrase in capitalized_phrases(question):
        words = [w for w in phrase.split() if w not in _QUESTION_START]
        if words:
            out.append(" ".join(words).removesuffix("’s").removesuffix("'s"))
    return out


def _mentions(doc: Document, sentence: str, entity: str) -> bool:
    return mentions(entity, sentence) or mentions(entity, doc.title)


def _answer_type_ok(wh: str | None, sentence: str, question: str) -> bool:
    if wh in ("how many", "how much"):
        q_nums = numbers(question)
        return bool(numbers(sentence) - q_nums)
    if wh == "when":
        return bool(_TIME.search(sentence))
    if wh == "where":
        return bool(re.search(r"\b(?:in|at|to|from|over|near)\s+(?:the\s+)?[A-Z]", sentence))
    if wh in ("who", "whom", "whose"):
        return bool(re.search(r"(?<!^)\b[A-Z][a-z]+", sentence)) or bool(re.search(r"\b(?:he|she|they)\b", sentence))
    return True


# -- assembly ----------------------------------------------------------------------------------


def assemble(
    question: str,
    draft: Draft,
    store_docs: DocumentCache,
    engine: str,
    embed: Callable[[list[str]], np.ndarray] | None = None,
) -> Answer:
    """Number the citations, build the markdown answer and verify every sentence."""
    citations: list[Citation] = []
    index: dict[tuple[str, int, int], int] = {}

    def cite(span: Span) -> int | None:
        key = (span.doc_id, span.start, span.end)
        if key in index:
            return index[key]
        entry = store_docs.get(span.doc_id)
        if entry is None:
            return None
        doc = entry[0]
        if not 0 <= span.start < span.end <= len(doc.text) or not doc.text[span.start : span.end].strip():
            return None  # a span outside its document, or of blank text, is never cited
        quote = doc.text[span.start : span.end]
        n = len(citations) + 1
        citations.append(
            Citation(n, doc.doc_id, doc.title, doc.url, doc.path, doc.published, span.start, span.end, quote)
        )
        index[key] = n
        return n

    claims = [ds for ds in draft.sentences if not ds.heading]
    numbered = [list(dict.fromkeys(n for span in ds.spans if (n := cite(span)) is not None)) for ds in claims]
    quotes = [[citations[n - 1].quote for n in ns] for ns in numbered]
    sims: list[float | None] = [None] * len(numbered)
    pairs = [i for i, q in enumerate(quotes) if q]
    if embed is not None and pairs:  # one batch for every sentence and its quotes
        vecs = embed([strip_markers(claims[i].text) for i in pairs] + [" ".join(quotes[i]) for i in pairs])
        for j, i in enumerate(pairs):
            sims[i] = float(vecs[j] @ vecs[len(pairs) + j])
    sentences: list[AnswerSentence] = []
    for ds, ns, qs, sim in zip(claims, numbered, quotes, sims):
        support = check_support(ds.text, qs, similarity=sim)
        sentences.append(AnswerSentence(ds.text, ns, support.supported, support.score))
    lines = []
    verified = iter(sentences)
    for ds in draft.sentences:
        if ds.heading:
            lines.append(ds.text)
            continue
        sent = next(verified)
        marker = "".join(f"[{n}]" for n in sent.citations)
        flag = "" if sent.supported else " ⚠ *not supported by the cited text*"
        lines.append(f"{'- ' if draft.bullets else ''}{sent.text.rstrip()} {marker}{flag}".rstrip())
    related: list[Citation] = []
    if draft.abstained:
        for span in draft.related:
            entry = store_docs.get(span.doc_id)
            if entry:
                doc = entry[0]
                related.append(Citation(len(related) + 1, doc.doc_id, doc.title, doc.url, doc.path, doc.published,
                                        span.start, span.end, doc.text[span.start : span.end]))  # fmt: skip
        text = draft.message or "The articles don't say."
        if related:
            text += " The closest passages are listed as related reading, not as support."
    else:
        text = ("\n" if draft.bullets else " ").join(lines)
    return Answer(question, text, draft.abstained, engine, citations, sentences, related)


def draft_from_llm(reply: dict, passages: list[Passage], docs: DocumentCache) -> tuple[Draft, list[str]]:
    """Map an LLM reply's per-sentence (source id, verbatim quote) to exact spans.

    A quote that is not in its source (fabricated, or a wrong source id) gives no citation,
    so its sentence is flagged as unsupported. Returns the draft and notes on what was dropped.
    """
    from .verify import find_quote

    notes: list[str] = []
    related = [Span(p.chunk.doc_id, p.chunk.start, p.chunk.end) for p in passages[:3]]
    if reply.get("abstain") or not reply.get("sentences"):
        return Draft([], abstained=True, message="The articles don't say.", related=related), notes
    sentences = []
    for item in reply["sentences"]:
        if not isinstance(item, dict) or not str(item.get("text", "")).strip():
            continue
        spans: list[Span] = []
        for cit in item.get("citations") or []:
            if not isinstance(cit, dict):
                continue
            sid = str(cit.get("source", "")).strip().lstrip("[").rstrip("]")
            quote = str(cit.get("quote", ""))
            idx = int(sid[1:]) - 1 if sid[:1].upper() == "S" and sid[1:].isdigit() else -1
            if not 0 <= idx < len(passages):
                notes.append(f"citation to unknown source {sid!r} dropped")
                continue
            chunk = passages[idx].chunk
            entry = docs.get(chunk.doc_id)
            found = find_quote(entry[0].text, quote, hint=chunk.start) if entry else None
            if found is None or not (chunk.start <= found[0] and found[1] <= chunk.end):
                notes.append(f"quote not found in {sid}: {quote[:60]!r}")
                continue
            spans.append(Span(chunk.doc_id, *found))
        sentences.append(DraftSentence(str(item["text"]).strip(), spans))
    if not sentences:
        return Draft([], abstained=True, message="The articles don't say.", related=related), notes
    return Draft(sentences, bullets=len(sentences) > 2), notes
