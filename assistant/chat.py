"""The Python API every front end shares: ``Assistant.ask(question, history=...)``.

Retrieval, the answer engine (offline ``extractive`` by default, ``llm`` when an
OpenAI-compatible endpoint is configured), follow-up rewriting and citation
verification all happen here.

Example:
    >>> from assistant.chat import Assistant
    >>> bot = Assistant.open(data_dir="/tmp/fca-doc")
    >>> a = bot.ask("What did Zelenskyy call for?")
    >>> all(c.quote for c in a.citations)
    True
    >>> bot.ask("and what did Kyiv propose?", history=[{"role": "user", "content": "What did Zelenskyy call for?"},
    ...     {"role": "assistant", "content": a.answer}]).standalone_question
    'what did Kyiv propose?'
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence

from .answer import Draft, ExtractiveEngine, analyze_question, assemble, draft_from_llm
from .claims import looks_like_claim_request
from .config import Settings
from .errors import ConfigError
from .llm import LLMEngine, LLMError, endpoint_configured
from .retrieve import Filters, Retriever
from .store import Store
from .types import Answer, Span
from .verify import strip_markers

ENGINES = ("extractive", "llm")
_LEAD = re.compile(r"^(?:and|so|but|also|ok|okay|then|well)\b[,\s]*", re.I)
_PRONOUN_SUBJECT = re.compile(r"(?:^|\b(?:did|does|do|has|have|had|was|is|were|are|will|would)\s+)(he|she|they)\b", re.I)
_PRONOUN_ACTOR = re.compile(r"\b(he|she|they|him|her|them|his|their)\b", re.I)
_THAT = re.compile(
    r"^(?:who|which \w+)\s+(?:said|wrote|claimed|stated|demanded|proposed)\s+(?:that|this|it)\s*\??$", re.I
)
_WHAT_ABOUT = re.compile(r"^(?:what|how)\s+about\s+(?P<x>.+?)\??$", re.I)
_BARE_ACTOR = re.compile(r"^(?:the\s+)?(?P<x>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,3})\s*\?$")


def _history_pairs(history: Sequence[dict] | None) -> list[tuple[str, str]]:
    """(user question, assistant answer) pairs from OpenAI-style messages."""
    pairs: list[tuple[str, str]] = []
    for msg in history or []:
        if not isinstance(msg, dict):
            raise ConfigError(f"history items must be {{'role': ..., 'content': ...}} objects, got {msg!r}")
        role, content = msg.get("role"), str(msg.get("content") or "")
        if role == "user":
            pairs.append((content, ""))
        elif role == "assistant" and pairs:
            pairs[-1] = (pairs[-1][0], content)
    return pairs


def rewrite_followup(question: str, history: Sequence[dict] | None) -> str:
    """A standalone question from a follow-up and the conversation (rule-based, offline)."""
    q = _LEAD.sub("", question.strip()) or question.strip()
    pairs = _history_pairs(history)
    if not pairs:
        return q
    prev_q = pairs[0][0]
    for earlier, _ in pairs[1:]:
        prev_q = rewrite_followup(earlier, [{"role": "user", "content": prev_q}])
    prev_answer = pairs[-1][1]
    prev = analyze_question(prev_q)
    if _THAT.match(q) and prev_answer:
        first = re.split(r"(?<=[.!?”])\s+|\n", strip_markers(prev_answer.splitlines()[0]))[0]
        first = strip_markers(first).strip('“”" ')
        return f"Who said “{first}”?"
    about = _WHAT_ABOUT.match(q) or _BARE_ACTOR.match(q)
    if about and prev.actor:
        new_actor = about.group("x").strip()
        if new_actor:
            return re.sub(re.escape(prev.actor), new_actor, prev_q, count=1)
    subject = _PRONOUN_SUBJECT.search(q)
    if prev.actor and (subject or (not analyze_question(q).actor and _PRONOUN_ACTOR.search(q))):
        m = subject or _PRONOUN_ACTOR.search(q)
        word = m.group(1)
        name = prev.actor + ("’s" if word.lower() in ("his", "their") else "")
        return q[: m.start(1)] + name + q[m.end(1) :]
    return q


class Assistant:
    """Ask questions about the ingested articles; every answer sentence is cited and checked."""

    def __init__(self, store: Store, engine: str | None = None, llm: LLMEngine | None = None) -> None:
        engine = engine or ("llm" if endpoint_configured() else "extractive")
        if engine not in ENGINES:
            raise ConfigError(f"Unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
        self.store = store
        self.engine = engine
        self.retriever = Retriever(store)
        self.extractive = ExtractiveEngine(store, store.embedder.embed)
        self.extractive.query_vector = self.retriever.query_vectors.vector  # the question is embedded once
        self.llm = llm or (LLMEngine() if engine == "llm" else None)

    @classmethod
    def open(
        cls,
        data_dir: str | None = None,
        collection: str | None = None,
        embedder: str | None = None,
        engine: str | None = None,
    ) -> Assistant:
        """Open the configured store (see :class:`Settings`) and pick the engine."""
        store = Store.open(Settings.from_env(data_dir=data_dir, collection=collection, embedder=embedder))
        store.check()
        return cls(store, engine)

    def refresh(self) -> None:
        """Forget cached documents and the BM25 index after an ingest."""
        self.retriever.refresh()
        self.extractive.docs.clear()

    def standalone(self, question: str, history: Sequence[dict] | None) -> str:
        if not history:
            return question.strip()
        if self.engine == "llm" and self.llm is not None:
            try:
                text = "\n".join(f"{m.get('role')}: {strip_markers(str(m.get('content', '')))[:500]}" for m in history)
                return self.llm.rewrite(text, question)
            except LLMError:
                pass
        return rewrite_followup(question, history)

    def check(self, claim: str, filters: Filters | None = None, k: int = 8) -> Answer:
        """Check a claim against the articles: a verdict, with the spans for and against it cited separately."""
        from .answer import Draft, DraftSentence
        from .claims import check as check_claim

        if not claim or not claim.strip():
            raise ConfigError("The claim is empty: give a statement to check, e.g. 'Russia demanded a ceasefire'")
        t0 = time.perf_counter()
        passages = self.retriever.retrieve(claim, k=k, filters=filters)
        t1 = time.perf_counter()
        entries = self.extractive.docs.entries(passages)
        verdict, findings = check_claim(claim, passages, entries, self.store.embedder.embed)
        head = {"supported": "**Supported** by the articles.", "contradicted": "**Contradicted** by the articles",
                "mixed": "**Mixed**: the articles disagree.",
                "not in the corpus": "**Not in the corpus**: the articles don't say."}[verdict]  # fmt: skip
        reasons = list(dict.fromkeys(f.reason for f in findings if f.relation == "contradicts"))
        if verdict == "contradicted" and reasons:
            head += ": " + "; ".join(reasons) + "."
        elif verdict == "contradicted":
            head += "."
        sentences: list[DraftSentence] = [DraftSentence(head, [], heading=True)]
        for relation, label in (("supports", "Supporting:"), ("contradicts", "Contradicting:")):
            group = [f for f in findings if f.relation == relation]
            if group:
                sentences.append(DraftSentence(label, [], heading=True))
                sentences += [DraftSentence(f.text, f.spans) for f in group]
        draft = Draft(sentences, abstained=verdict == "not in the corpus", bullets=True,
                      message="The articles don't say: the claim is not in the corpus.")  # fmt: skip
        if draft.abstained:
            draft.related = [Span(p.chunk.doc_id, p.chunk.start, p.chunk.end) for p in passages[:3]]
        t2 = time.perf_counter()
        answer = assemble(claim, draft, self.extractive.docs, "extractive", self.store.embedder.embed)
        answer.verdict = verdict
        by_span = {(c.doc_id, c.start, c.end): c.n for c in answer.citations}
        for f in findings:
            n = by_span.get((f.spans[0].doc_id, f.spans[0].start, f.spans[0].end))
            if n:
                (answer.supporting if f.relation == "supports" else answer.contradicting).append(n)
        if self.engine == "llm" and self.llm is not None:  # the judge adds to the offline verdict, never replaces it
            evidence = [f.text for f in findings] or [p.chunk.text for p in passages[:3]]
            try:
                judged = self.llm.judge(claim, evidence)
                answer.judge_verdict = judged["verdict"]
                agree = "agrees" if judged["verdict"] == verdict else "disagrees"
                answer.notes.append(f"LLM judge {agree}: {judged['verdict']} — {judged['reason']}")
            except LLMError as e:
                answer.notes.append(f"LLM judge unavailable ({e}); the verdict is the offline checker's.")
        answer.timings_ms = {"retrieve": (t1 - t0) * 1000, "answer": (t2 - t1) * 1000,
                             "verify": (time.perf_counter() - t2) * 1000}  # fmt: skip
        return answer

    def ask(
        self,
        question: str,
        history: Sequence[dict] | None = None,
        filters: Filters | None = None,
        k: int = 8,
    ) -> Answer:
        """Answer ``question`` (a follow-up is resolved with ``history``)."""
        result: Answer | None = None
        for event in self.ask_stream(question, history, filters, k):
            if isinstance(event, Answer):
                result = event
        assert result is not None
        return result

    def ask_stream(
        self,
        question: str,
        history: Sequence[dict] | None = None,
        filters: Filters | None = None,
        k: int = 8,
    ) -> Iterator[str | Answer]:
        """Yield text deltas while the LLM writes (none offline), then the verified :class:`Answer`."""
        if not question or not question.strip():
            raise ConfigError("The question is empty: type a question about the articles")
        claim = looks_like_claim_request(question)
        if claim:  # "Is it true that …?" / "check: …" — a claim check, from every front end
            yield self.check(claim, filters, k)
            return
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        standalone = self.standalone(question, history)
        passages = self.retriever.retrieve(standalone, k=k, filters=filters)
        timings["retrieve"] = (time.perf_counter() - t0) * 1000
        t1 = time.perf_counter()
        notes: list[str] = []
        engine = self.engine
        draft: Draft | None = None
        if engine == "llm" and self.llm is not None and passages:
            try:
                stream = self.llm.stream(standalone, passages)
                while True:
                    try:
                        yield next(stream)
                    except StopIteration as stop:
                        reply = stop.value
                        break
                draft, dropped = draft_from_llm(reply, passages, self.extractive.docs)
                notes.extend(dropped)
            except LLMError as e:
                notes.append(f"LLM endpoint failed ({e}); answered with the offline extractive engine.")
                engine = "extractive"
        if draft is None:
            engine = "extractive" if engine == "llm" and not passages else engine
            draft = self.extractive.answer(standalone, passages, filters)
        timings["answer"] = (time.perf_counter() - t1) * 1000
        t2 = time.perf_counter()
        answer = assemble(question, draft, self.extractive.docs, engine, self.store.embedder.embed)
        timings["verify"] = (time.perf_counter() - t2) * 1000
        answer.timings_ms = timings
        answer.notes = notes
        answer.standalone_question = standalone if standalone != question.strip() else None
        yield answer
