"""The Python API every front end shares: ``Assistant.ask(question, history=...)`` and ``Assistant.check(claim)``.

The data flow of one question: a follow-up is made standalone (``followup``), passages are retrieved
(``retrieve``), the chosen engine drafts (``engines``), the draft is numbered and verified (``assemble``), and the
front end renders the structured answer (``render``). The :class:`~assistant.corpus.Corpus` is owned here and
shared with the engines and the front ends.

Example:
    >>> from assistant.service import Assistant
    >>> bot = Assistant.open(data_dir=DATA_DIR)
    >>> a = bot.ask("What did Zelenskyy call for?")
    >>> all(c.quote for c in a.citations)
    True
    >>> bot.ask("and what did Kyiv propose?", history=[{"role": "user", "content": "What did Zelenskyy call for?"},
    ...     {"role": "assistant", "content": a.answer}]).standalone_question
    'what did Kyiv propose?'
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from . import engines
from .assemble import assemble
from .claims import is_assertion, looks_like_claim_request
from .config import Settings
from .corpus import Corpus
from .engines.base import Draft, Query, final_draft
from .engines.claimcheck import ClaimCheckEngine
from .errors import ConfigError
from .followup import rewrite_followup
from .language import require_english
from .retrieve import Filters, Retriever
from .store import Store
from .types import Answer
from .verify import strip_markers

if TYPE_CHECKING:
    from .llm import LLMEngine as LLMClient


MAX_QUESTION_CHARS = 2000  # a longer question (or claim) is read up to here, with a note; never echoed whole


def _trimmed(text: str, what: str) -> tuple[str, list[str]]:
    """``text`` cut to :data:`MAX_QUESTION_CHARS` at a word boundary, and the note saying so."""
    text = text.strip()
    if len(text) <= MAX_QUESTION_CHARS:
        return text, []
    cut = text[:MAX_QUESTION_CHARS].rsplit(None, 1)[0]
    return cut, [f"The {what} was {len(text):,} characters long; only its first {len(cut):,} were read."]


class Assistant:
    """Ask questions about the ingested articles; every answer sentence is cited and checked."""

    def __init__(self, store: Store, engine: str | None = None, llm: LLMClient | None = None) -> None:
        engine = engine or ("llm" if Settings.from_env().llm_configured else "extractive")
        if engine not in engines.names():
            raise ConfigError(f"Unknown engine {engine!r}: use one of {', '.join(engines.names())}")
        if engine == "llm" and llm is None:
            from .llm import LLMEngine as LLMClient

            llm = LLMClient()
        self.store = store
        self.engine = engine  # the name, as chosen
        self.retriever = Retriever(store)
        self.corpus = Corpus(store, store.embedder.embed, self.retriever.query_vectors.vector)
        self.retriever.sentences = self.corpus.chunk_sentences  # split at ingest: the query path splits none
        self.answer_engine = engines.create(engine, llm=llm)
        self.claim_engine = ClaimCheckEngine(judge=llm)  # with an LLM, its judge adds a second verdict

    @classmethod
    def open(
        cls,
        data_dir: str | None = None,
        collection: str | None = None,
        embedder: str | None = None,
        engine: str | None = None,
    ) -> Assistant:
        """Open the configured store (see :class:`~assistant.config.Settings`) and pick the engine."""
        store = Store.open(Settings.from_env(data_dir=data_dir, collection=collection, embedder=embedder))
        store.check()
        return cls(store, engine)

    def refresh(self) -> None:
        """Forget cached documents and the BM25 index after an ingest or a removal."""
        self.retriever.refresh()
        self.corpus.clear()

    def standalone(self, question: str, history: Sequence[dict] | None) -> str:
        """The question made standalone with the conversation (the engine's rewriter first, then the rules)."""
        if not history:
            return question.strip()
        rewrite = getattr(self.answer_engine, "rewrite", None)
        if rewrite is not None:
            text = "\n".join(f"{m.get('role')}: {strip_markers(str(m.get('content', '')))[:500]}" for m in history)
            rewritten = rewrite(text, question)
            if rewritten:
                return rewritten
        return rewrite_followup(question, history)

    def check(self, claim: str, filters: Filters | None = None, k: int = 8) -> Answer:
        """Check a claim against the articles: a verdict, with the spans for and against it cited separately."""
        if not claim or not claim.strip():
            raise ConfigError("The claim is empty: give a statement to check, e.g. 'Russia demanded a ceasefire'")
        claim, notes = _trimmed(claim, "claim")
        require_english(claim, "claim")
        t0 = time.perf_counter()
        passages = self.retriever.retrieve(claim, k=k, filters=filters)
        t1 = time.perf_counter()
        draft = final_draft(self.claim_engine.draft(Query(claim, filters), passages, self.corpus))
        t2 = time.perf_counter()
        answer = assemble(claim, draft, self.corpus, self.claim_engine.name)
        answer.notes[:0] = notes
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
        answers = [event for event in self.ask_stream(question, history, filters, k) if isinstance(event, Answer)]
        return answers[-1]

    def ask_stream(
        self,
        question: str,
        history: Sequence[dict] | None = None,
        filters: Filters | None = None,
        k: int = 8,
    ) -> Iterator[str | Answer]:
        """Yield text deltas while an engine writes (none offline), then the verified :class:`Answer`."""
        if not question or not question.strip():
            raise ConfigError("The question is empty: type a question about the articles")
        question, notes = _trimmed(question, "question")
        require_english(question)
        claim = looks_like_claim_request(question) or (question.strip() if is_assertion(question) else None)
        if claim:  # "Is it true that …?" / "check: …" / any statement — a claim check, from every front end
            answer = self.check(claim, filters, k)
            answer.notes[:0] = notes
            yield answer
            return
        t0 = time.perf_counter()
        standalone = self.standalone(question, history)
        passages = self.retriever.retrieve(standalone, k=k, filters=filters)
        t1 = time.perf_counter()
        draft: Draft | None = None
        for event in self.answer_engine.draft(Query(standalone, filters), passages, self.corpus):
            if isinstance(event, Draft):
                draft = event
            else:
                yield event
        if draft is None:
            raise RuntimeError(f"engine {self.engine!r} ended without a draft")
        t2 = time.perf_counter()
        answer = assemble(question, draft, self.corpus, self.answer_engine.name)
        answer.notes[:0] = notes
        answer.timings_ms = {"retrieve": (t1 - t0) * 1000, "answer": (t2 - t1) * 1000,
                             "verify": (time.perf_counter() - t2) * 1000}  # fmt: skip
        answer.standalone_question = standalone if standalone != question.strip() else None
        yield answer

