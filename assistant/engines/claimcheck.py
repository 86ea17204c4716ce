"""The claim-check engine: a verdict on a claim — supported, contradicted, mixed, claimed but not confirmed, or not in
the corpus — with the sentences for it, against it and only reporting it as separate, cited evidence.

The offline relation of each candidate sentence to the claim is ``assistant.claims``'s; with an LLM configured, a
judge adds its own verdict beside the offline one (never instead of it).

Example:
    >>> from assistant.corpus import Corpus
    >>> from assistant.engines.base import Query, final_draft
    >>> from assistant.types import Chunk, Document, Passage
    >>> text = "Russia's defence ministry said it intercepted 162 Ukrainian drones."
    >>> corpus = Corpus.in_memory([Document("d", "Drones", text, ((0, len(text)),), "txt", "/tmp/d.txt")])
    >>> passages = [Passage(Chunk("d:0", "d", 0, 0, len(text), text, "Drones"), 1.0)]
    >>> draft = final_draft(ClaimCheckEngine().draft(Query("Russia intercepted 126 Ukrainian drones"), passages, corpus))
    >>> draft.verdict, draft.sentences[0].text
    ('contradicted', 'the article gives 162, not 126')
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..claims import check as relate
from ..types import Passage
from .base import Draft, DraftSentence, Query, related_spans

if TYPE_CHECKING:
    from ..corpus import Corpus
    from ..llm import LLMEngine as LLMClient


class ClaimCheckEngine:
    """Checks ``query.text`` as a claim against the retrieved passages' documents."""

    name = "extractive"

    def __init__(self, judge: LLMClient | None = None) -> None:
        self.judge = judge

    def draft(self, query: Query, passages: list[Passage], corpus: Corpus) -> Iterator[str | Draft]:
        verdict, findings = relate(query.text, passages, corpus.entries(passages), corpus.embed)
        reasons = list(dict.fromkeys(f.reason for f in findings if f.relation == "contradicts"))
        reason = "; ".join(reasons) if verdict == "contradicted" else ""
        sentences = [DraftSentence(reason, [], kind="verdict", verdict=verdict)]
        for relation, label in (("supports", "Supporting:"), ("contradicts", "Contradicting:"),
                                ("reports", "Reported, not confirmed:")):  # fmt: skip
            group = [f for f in findings if f.relation == relation]
            if group:
                sentences.append(DraftSentence(label, [], kind="label"))
                sentences += [DraftSentence(f.text, f.spans, relation=relation) for f in group]
        draft = Draft(sentences, abstained=verdict == "not in the corpus", bullets=True, verdict=verdict,
                      message="The articles don't say: the claim is not in the corpus.")  # fmt: skip
        if draft.abstained:
            draft.related = related_spans(passages)
        if self.judge is not None:
            self._add_judgement(draft, query.text, [f.text for f in findings] or [p.chunk.text for p in passages[:3]])
        yield draft

    def _add_judgement(self, draft: Draft, claim: str, evidence: list[str]) -> None:
        from ..llm import LLMError

        try:
            judged = self.judge.judge(claim, evidence)  # type: ignore[union-attr]
        except LLMError as e:
            draft.notes.append(f"LLM judge unavailable ({e}); the verdict is the offline checker's.")
            return
        draft.judge_verdict = judged["verdict"]
        agree = "agrees" if judged["verdict"] == draft.verdict else "disagrees"
        draft.notes.append(f"LLM judge {agree}: {judged['verdict']} — {judged['reason']}")
