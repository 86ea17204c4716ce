"""From an engine's draft to an :class:`~assistant.types.Answer`: number the citations, check every sentence.

The same for every engine: each span becomes a numbered citation whose quote is exactly
``document.text[start:end]`` (a span outside its document, or blank, is never cited), each sentence is
checked against the union of its quotes (``verify.check_support``, with one embedding batch for all
sentences, each text embedded once by the corpus), and the draft's lines become structured blocks. No markdown
is written here (``render`` does it).
"""

from __future__ import annotations

from .corpus import Corpus
from .engines.base import Draft
from .types import Answer, AnswerSentence, Block, Citation, Span
from .verify import check_support, strip_markers


def _citation(n: int, corpus: Corpus, span: Span) -> Citation | None:
    doc = corpus.document(span.doc_id)
    if doc is None or not 0 <= span.start < span.end <= len(doc.text) or not doc.text[span.start : span.end].strip():
        return None
    quote = doc.text[span.start : span.end]
    return Citation(n, doc.doc_id, doc.title, doc.url, doc.path, doc.published, span.start, span.end, quote)


def assemble(question: str, draft: Draft, corpus: Corpus, engine: str) -> Answer:
    """Number the citations, verify every sentence and build the answer's blocks."""
    citations: list[Citation] = []
    index: dict[tuple[str, int, int], int] = {}

    def cite(span: Span) -> int | None:
        key = (span.doc_id, span.start, span.end)
        if key not in index:
            c = _citation(len(citations) + 1, corpus, span)
            if c is None:
                return None
            citations.append(c)
            index[key] = c.n
        return index[key]

    claims = [ds for ds in draft.sentences if not ds.heading]
    numbered = [list(dict.fromkeys(n for span in ds.spans if (n := cite(span)) is not None)) for ds in claims]
    quotes = [[citations[n - 1].quote for n in ns] for ns in numbered]
    sims: list[float | None] = [None] * len(numbered)
    pairs = [i for i, q in enumerate(quotes) if q]
    if corpus.embed is not None and pairs:  # one batch for every sentence and its quotes (each text once)
        vecs = corpus.text_vectors([strip_markers(claims[i].text) for i in pairs] + [" ".join(quotes[i]) for i in pairs])
        for j, i in enumerate(pairs):
            sims[i] = float(vecs[j] @ vecs[len(pairs) + j])
    checked = iter(
        AnswerSentence(ds.text, ns, (s := check_support(ds.text, qs, similarity=sim)).supported, s.score)
        for ds, ns, qs, sim in zip(claims, numbered, quotes, sims)
    )
    blocks: list[Block] = []
    by_relation: dict[str, list[int]] = {"supports": [], "contradicts": [], "reports": []}
    for ds in draft.sentences:
        if ds.kind == "verdict":
            blocks.append(Block("verdict", ds.text, verdict=ds.verdict, bullet=draft.bullets))
        elif ds.heading:
            blocks.append(Block(ds.kind, ds.text, bullet=draft.bullets))
        else:
            sent = next(checked)
            blocks.append(Block("sentence", sentence=sent, bullet=draft.bullets))
            if ds.relation and sent.citations:  # the first span is the sentence itself (then its actor's)
                by_relation[ds.relation].append(sent.citations[0])
    related: list[Citation] = []
    if draft.abstained:
        for span in draft.related:
            if (c := _citation(len(related) + 1, corpus, span)) is not None:
                related.append(c)
        blocks = [Block("message", draft.message or "The articles don't say.")]
    return Answer(
        question,
        blocks,
        draft.abstained,
        draft.engine or engine,
        citations,
        related,
        notes=list(draft.notes),
        verdict=draft.verdict,
        supporting=list(dict.fromkeys(by_relation["supports"])),
        contradicting=list(dict.fromkeys(by_relation["contradicts"])),
        reporting=list(dict.fromkeys(by_relation["reports"])),
        judge_verdict=draft.judge_verdict,
    )
