"""The eval scorers and the renderers on small inline answers (no model, no Chroma): correctness, ALCE-style
citation scores without embeddings (``embed=None``), aggregation, thresholds, comparison, and the text renderers."""

from __future__ import annotations

import pytest

from assistant import render
from assistant.evals import (
    HEADLINE,
    CaseResult,
    GoldCase,
    aggregate,
    answer_correct,
    check_thresholds,
    citation_scores,
    compare,
    norm,
    retrieval_rank,
)
from assistant.types import Answer, AnswerSentence, Block, Chunk, Citation

pytestmark = pytest.mark.unit

TEXT = (
    "Talks in Geneva\n\nKyiv proposed a roadmap for lasting peace on Monday. "
    "Moscow rejected the roadmap. About 1,200 workers stopped work."
)
KYIV = "Kyiv proposed a roadmap for lasting peace on Monday."
MOSCOW = "Moscow rejected the roadmap."
DOCS = {"g": TEXT}


def cite(n: int, quote: str, doc_id: str = "g", start: int | None = None) -> Citation:
    s = TEXT.index(quote) if start is None else start
    return Citation(n, doc_id, "Talks in Geneva", "https://example.org/g", None, "2025-06-03", s, s + len(quote), quote)


def answer(*sentences: tuple[str, list[int]], citations: list[Citation], abstained: bool = False, **kw) -> Answer:
    blocks = [Block("sentence", sentence=AnswerSentence(text, ns)) for text, ns in sentences]
    return Answer("q", blocks, abstained, "extractive", citations, **kw)


def case(type_: str = "attribution", **kw) -> GoldCase:
    fields = {"id": "c1", "question": "q", "type": type_, "answer": None, "must_mention": [], "evidence": []} | kw
    return GoldCase(**fields)


# -- answer correctness --------------------------------------------------------------------------------------------


def test_answer_correct_by_must_mention_and_gold_answer():
    a = answer(("Kyiv proposed a “roadmap for lasting peace”.", [1]), citations=[cite(1, KYIV)])
    assert answer_correct(case(must_mention=["roadmap for lasting peace", "Kyiv"]), a)  # quotes normalised
    assert not answer_correct(case(must_mention=["roadmap", "ceasefire"]), a)  # every must-mention is needed
    assert answer_correct(case(answer=["a truce", "Roadmap for lasting peace"]), a)  # one gold answer is enough
    assert not answer_correct(case(answer="a truce"), a)
    assert not answer_correct(case(must_mention=["roadmap"]), answer(citations=[], abstained=True))


def test_the_fact_check_cases_want_a_short_answer_citing_the_claims_article():
    a = answer(("Kyiv proposed a “roadmap for lasting peace”.", [1]), citations=[cite(1, KYIV)])
    strict = {"must_mention": ["Kyiv"], "max_chars": 600, "cite_evidence": True}
    assert answer_correct(case(evidence=[{"doc_id": "g", "quote": ""}], **strict), a)
    assert not answer_correct(case(evidence=[{"doc_id": "other", "quote": ""}], **strict), a)  # another article cited
    assert not answer_correct(case(evidence=[{"doc_id": "g", "quote": ""}], **strict | {"max_chars": 20}), a)


def test_answer_correct_for_unanswerable_and_claim_cases():
    abstained = answer(citations=[], abstained=True)
    answered = answer(("Kyiv proposed a roadmap.", [1]), citations=[cite(1, KYIV)])
    assert answer_correct(case("unanswerable"), abstained) and not answer_correct(case("unanswerable"), answered)
    verdict = Answer("q", [Block("verdict", "the article gives 9, not 12", verdict="contradicted")], False,
                     "extractive", verdict="contradicted")  # fmt: skip
    assert answer_correct(case("claim-check", verdict="contradicted", must_mention=["not 12"]), verdict)
    assert not answer_correct(case("claim-check", verdict="contradicted", must_mention=["not 13"]), verdict)
    assert not answer_correct(case("claim-check", verdict="supported"), verdict)


def test_norm_and_retrieval_rank():
    assert norm("  “Kyiv’s”  —  Roadmap ") == "\"kyiv's\" - roadmap"
    chunks = [Chunk(f"{d}:0", d, 0, 0, len(t), t, "") for d, t in (("x", "Other text."), ("g", TEXT))]
    assert retrieval_rank(case(evidence=[{"doc_id": "g", "quote": "moscow  rejected"}]), chunks) == 2
    assert retrieval_rank(case(evidence=[{"doc_id": "g", "quote": ""}]), chunks) == 2  # any chunk of the document
    assert retrieval_rank(case(evidence=[{"doc_id": "x", "quote": "roadmap"}]), chunks) is None


# -- citation scores (embed=None: the lexical checks alone) ---------------------------------------------------------


def test_each_citation_is_scored_alone_and_as_needed():
    a = answer(("Kyiv proposed a roadmap for lasting peace.", [1, 2]), ("Moscow rejected it on Monday.", [1, 2]),
               citations=[cite(1, KYIV), cite(2, MOSCOW)])  # fmt: skip
    # sentence 1: [1] supports it alone, [2] adds nothing; sentence 2 needs both (Monday from [1], Moscow from [2])
    assert citation_scores(a, DOCS) == ([True, True], [True, False, True, True])


def test_bad_citations_count_as_unsupported():
    missing = answer(("Kyiv proposed a roadmap.", [3]), citations=[cite(1, KYIV)])
    assert citation_scores(missing, DOCS) == ([False], [False])  # [3] does not exist
    elsewhere = answer(("Kyiv proposed a roadmap.", [1]), citations=[cite(1, KYIV, doc_id="other")])
    assert citation_scores(elsewhere, DOCS) == ([False], [False])  # the cited document is unknown
    assert citation_scores(elsewhere, DOCS | {"other": TEXT}) == ([True], [True])
    moved = answer(("Kyiv proposed a roadmap.", [1]), citations=[cite(1, KYIV, start=0)])
    assert citation_scores(moved, DOCS) == ([False], [False])  # the quote is not at its span
    wrong_number = answer(("Kyiv proposed 12 roadmaps.", [1]), citations=[cite(1, KYIV)])
    assert citation_scores(wrong_number, DOCS) == ([False], [False])
    assert citation_scores(answer(("Kyiv proposed a roadmap.", []), citations=[]), DOCS) == ([False], [])


# -- aggregate, thresholds, compare --------------------------------------------------------------------------------


def result(id_: str, type_: str, correct: bool, abstained: bool, rank: int | None, sentences: list[bool],
           citations: list[bool], total: float, gold_verdict: str | None = None,
           verdict: str | None = None) -> CaseResult:  # fmt: skip
    return CaseResult(id_, type_, "q", correct, abstained, rank, sentences, citations, {"answer": total / 2, "total": total},
                      {}, gold_verdict, verdict)  # fmt: skip


RESULTS = [
    result("a", "attribution", True, False, 1, [True, True], [True], 10),
    result("b", "numeric", False, False, 5, [False], [False, True], 30),
    result("c", "unanswerable", True, True, None, [], [], 20),
    result("d", "claim-check", False, False, None, [True], [True], 40, "not in the corpus", "supported"),
    result("e", "claim-check", True, False, 2, [True], [True], 50, "contradicted", "contradicted"),
]


def test_aggregate_by_hand():
    m = aggregate(RESULTS)
    # answerable: a, b, e (c is unanswerable, d's claim is not in the corpus)
    assert (m["cases"], m["hit@1"], m["hit@4"], m["hit@10"]) == (5, pytest.approx(1 / 3), pytest.approx(2 / 3), 1.0)
    assert m["mrr"] == pytest.approx((1 + 1 / 5 + 1 / 2) / 3) and m["answer_correctness"] == pytest.approx(2 / 3)
    assert (m["abstention_precision"], m["abstention_recall"]) == (1.0, 0.5)  # c abstained rightly; d did not
    assert (m["citation_recall"], m["citation_precision"]) == (pytest.approx(4 / 5), pytest.approx(4 / 5))
    assert (m["latency_total_p50_ms"], m["latency_total_p95_ms"], m["latency_answer_p50_ms"]) == (30.0, 50.0, 15.0)
    assert m["latency_retrieve_p50_ms"] == 0.0  # not measured
    assert m["by_type"] == {
        "attribution": {"cases": 1, "correct": 1.0, "citation_recall": 1.0},
        "numeric": {"cases": 1, "correct": 0.0, "citation_recall": 0.0},
        "unanswerable": {"cases": 1, "correct": 1.0, "citation_recall": 1.0},  # no sentences: nothing unsupported
        "claim-check": {"cases": 2, "correct": 0.5, "citation_recall": 1.0},
    }
    assert m["verdict_accuracy"] == 0.5
    assert m["verdict_accuracy_by_class"] == {"contradicted": {"cases": 1, "accuracy": 1.0},
                                              "not in the corpus": {"cases": 1, "accuracy": 0.0}}  # fmt: skip


def test_aggregate_of_nothing_and_without_claims():
    empty = aggregate([])
    assert empty["cases"] == 0 and empty["answer_correctness"] == 1.0 and empty["latency_total_p50_ms"] == 0.0
    assert "verdict_accuracy" not in aggregate(RESULTS[:3]) and empty["by_type"] == {}


def test_check_thresholds_lists_what_is_below():
    metrics = aggregate(RESULTS)
    assert check_thresholds(metrics, {"answer_correctness": 0.9, "abstention_precision": 1.0, "position_recall": 0.1}) == [
        "answer_correctness = 0.667 < 0.900", "position_recall = 0.000 < 0.100"]  # fmt: skip
    assert check_thresholds(metrics, {"answer_correctness": 2 / 3}) == []  # equal is enough


def test_compare_reports_deltas_and_flipped_cases():
    old = {"metrics": aggregate(RESULTS), "cases": [{"id": r.id, "correct": r.correct} for r in RESULTS]}
    better = [result("b", "numeric", True, False, 1, [True], [True, True], 30)]
    new = {"metrics": aggregate(RESULTS[:1] + better + RESULTS[2:]),
           "cases": [{"id": "a", "correct": True}, {"id": "b", "correct": True}, {"id": "z", "correct": False}]}  # fmt: skip
    rows, flipped = compare(old, new)
    assert [m for m, _, _ in rows] == list(HEADLINE)
    deltas = {m: b - a for m, a, b in rows}
    assert deltas["answer_correctness"] == pytest.approx(1 / 3) and deltas["hit@1"] == pytest.approx(1 / 3)
    assert deltas["position_recall"] == 0.0  # absent on both sides
    assert flipped == ["b: wrong → right"]  # a unchanged, z new


# -- renderers -----------------------------------------------------------------------------------------------------


def test_terminal_shows_question_answer_citations_related_and_notes():
    note = "LLM endpoint failed; answered with the offline extractive engine."
    a = answer(("Kyiv proposed a roadmap.", [1]), citations=[cite(1, KYIV)], standalone_question="What did Kyiv propose?",
               related=[cite(1, MOSCOW)], notes=[note])  # fmt: skip
    assert render.terminal(a).splitlines() == [
        "(understood as: What did Kyiv propose?)",
        "Kyiv proposed a roadmap. [1]",
        "  [1] Talks in Geneva, 2025-06-03 — g chars 17–69: “Kyiv proposed a roadmap for lasting peace on Monday.”",
        "  related: Talks in Geneva — g chars 70–98: Moscow rejected the roadmap.",
        f"  note: {note}",
    ]


def test_an_abstention_says_so_and_points_to_related_reading():
    a = Answer("q", [Block("message", "The articles don't say.")], True, "extractive", related=[cite(1, KYIV)])
    expected = "The articles don't say. The closest passages are listed as related reading, not as support."
    assert render.markdown(a) == render.slack_mrkdwn(a) == expected
    bare = Answer("q", [], True, "extractive")
    assert render.markdown(bare) == "The articles don't say."


def test_verdicts_in_every_medium():
    v = Answer("q", [Block("verdict", "the article gives 162, not 126", verdict="contradicted"),
                     Block("label", "Contradicting:", bullet=True),
                     Block("sentence", sentence=AnswerSentence(MOSCOW, [1], True, 1.0), bullet=True)],
               False, "extractive", [cite(1, MOSCOW)], verdict="contradicted")  # fmt: skip
    assert render.markdown(v).splitlines() == [
        "**Contradicted** by the articles: the article gives 162, not 126.", "Contradicting:",
        "- Moscow rejected the roadmap. [1]"]  # fmt: skip
    assert render.slack_mrkdwn(v).splitlines()[0] == "*Contradicted* by the articles: the article gives 162, not 126."
    assert render.chat_markdown(v, 2).splitlines()[2] == "- Moscow rejected the roadmap. [[1]](#ev-2-1)"
    for verdict, line in [("supported", "**Supported** by the articles."), ("mixed", "**Mixed**: the articles disagree."),
                          ("not in the corpus", "**Not in the corpus**: the articles don't say.")]:  # fmt: skip
        assert render.markdown(Answer("q", [Block("verdict", verdict=verdict)], False, "extractive")) == line


def test_unsupported_sentences_are_flagged_and_the_contract_keeps_its_keys():
    a = answer(("Kyiv proposed a roadmap.", [1]), ("Nobody said this.", []), citations=[cite(1, KYIV)])
    a.blocks[1].sentence.supported = False
    assert render.markdown(a) == "Kyiv proposed a roadmap. [1] Nobody said this. ⚠ *not supported by the cited text*"
    assert render.slack_mrkdwn(a).endswith("Nobody said this. ⚠ _not supported by the cited text_")
    out = a.to_json()
    assert set(out) >= {"question", "answer", "abstained", "engine", "citations", "sentences", "timings_ms"}
    assert out["answer"] == render.markdown(a) and out["citations"][0]["quote"] == KYIV
