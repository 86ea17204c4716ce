"""The eval suite: gold data is sound, the bundled eval meets its thresholds, the scorer is not blind."""

from __future__ import annotations

import copy
import json
from collections import Counter

import pytest

from assistant.evals import (
    GOLD_DEFAULT,
    TYPES,
    CaseResult,
    GoldCase,
    aggregate,
    answer_correct,
    check_thresholds,
    citation_scores,
    compare,
    load_gold,
    load_thresholds,
    run_cases,
    score_positions,
)
from assistant.parse import parse_file
from assistant.positions import POSITION_ACTS
from assistant.service import Assistant
from assistant.types import Answer, AnswerSentence, Citation
from conftest import CORPUS, ROOT, run_cli


def corpus_texts() -> dict[str, str]:
    return {d.doc_id: d.text for f in sorted(CORPUS.iterdir()) for d in parse_file(f)[0]}


@pytest.mark.unit
def test_gold_set_size_types_and_verbatim_quotes():
    cases = load_gold(GOLD_DEFAULT)
    counts = Counter(c.type for c in cases)
    verdicts = Counter(c.verdict for c in cases if c.verdict)
    assert verdicts["supported"] >= 5 and verdicts["contradicted"] >= 5 and verdicts["not in the corpus"] >= 2
    assert len(cases) >= 60 and set(counts) == set(TYPES) and counts["unanswerable"] >= 10
    texts = corpus_texts()
    for c in cases:
        for ev in c.evidence:
            assert ev["quote"] in texts[ev["doc_id"]], (c.id, ev["quote"])
        if c.type != "unanswerable" and c.verdict != "not in the corpus":
            assert c.evidence, c.id
        if c.type == "follow-up":
            assert c.history, c.id


def test_position_scores_are_not_blind(bundled):
    bot, _, metrics = bundled
    predicted = bot.store.positions(acts=POSITION_ACTS)
    assert metrics["position_recall"] >= 0.95
    without = [p for p in predicted if "root causes" not in p.content]
    assert score_positions(without)["position_recall"] < metrics["position_recall"]
    import dataclasses

    swapped = [dataclasses.replace(p, group="Ukraine") if p.group == "Russia" else p for p in predicted]
    worse = score_positions(swapped)
    assert worse["position_precision"] < metrics["position_precision"] and worse["position_recall"] < 1.0


@pytest.mark.unit
def test_gold_loader_errors_name_the_line(tmp_path):
    bad = tmp_path / "g.jsonl"
    bad.write_text('{"id": "a", "question": "q", "type": "attribution", "must_mention": ["x"]}\n{"id": "b"}\n')
    with pytest.raises(Exception, match=r"g.jsonl:2: missing question, type"):
        load_gold(bad)
    bad.write_text('{"id": "a", "question": "q", "type": "poetry"}\n')
    with pytest.raises(Exception, match="type 'poetry' is not one of"):
        load_gold(bad)


@pytest.fixture(scope="module")
def eval_run(tmp_path_factory):
    """The eval CLI end to end, once, in a fresh process: `assistant eval --out DIR --check` on the bundled set."""
    out = tmp_path_factory.mktemp("eval-report") / "r1"
    run = run_cli("eval", "--out", str(out), "--check", cwd=ROOT)
    assert run.returncode == 0, run.stderr[-2000:]
    return run, out


@pytest.fixture(scope="module")
def bundled(seeded_store, eval_run):
    """(an Assistant over the bundled corpus, the per-case results, the metrics) of the bundled eval.

    The results and metrics are the eval CLI's own (report.json), so the gold set is run once per session,
    not twice; ``bot`` answers from the session's read-only copy of the same corpus.
    """
    _, out = eval_run
    report = json.loads((out / "report.json").read_text())
    results = [CaseResult(**case) for case in report["cases"]]
    assert len(results) == len(load_gold(GOLD_DEFAULT))
    return Assistant(seeded_store, engine="extractive"), results, report["metrics"]


def test_bundled_eval_meets_thresholds(bundled):
    _, _, metrics = bundled
    failures = check_thresholds(metrics, load_thresholds()["bundled"])
    assert failures == [], failures
    assert set(metrics["by_type"]) == set(TYPES)
    classes = metrics["verdict_accuracy_by_class"]
    assert set(classes) == {"supported", "contradicted", "claimed, not confirmed", "not in the corpus"}
    assert classes["contradicted"]["cases"] >= 5
    assert metrics["latency_total_p50_ms"] > 0
    _, results, _ = bundled
    assert {**aggregate(results), **score_positions(bundled[0].store.positions(acts=POSITION_ACTS))} == metrics


def test_run_cases_in_process_agrees_with_the_cli_report(bundled):
    bot, results, _ = bundled
    cases = load_gold(GOLD_DEFAULT)
    sample = [next(c for c in cases if c.type == t) for t in TYPES]  # one case of each type
    by_id = {r.id: r for r in results}

    def scored(r: CaseResult) -> tuple:
        return r.correct, r.abstained, r.rank, r.sentences_supported, r.citations_supporting, r.verdict

    for r in run_cases(bot, sample):
        assert scored(r) == scored(by_id[r.id]), r.id
        assert r.answer["answer"] == by_id[r.id].answer["answer"]


# -- the scorer is not blind -------------------------------------------------------------------


def _good(bundled, case_id: str) -> tuple[GoldCase, Answer]:
    bot, results, _ = bundled
    case = next(c for c in load_gold(GOLD_DEFAULT) if c.id == case_id)
    return case, bot.ask(case.question, history=case.history or None)


def test_a_wrong_answer_lowers_correctness(bundled):
    case, answer = _good(bundled, "num-01")
    assert answer_correct(case, answer)
    wrong = copy.deepcopy(answer)
    for s in wrong.sentences:
        s.text = s.text.replace("162", "126")
    assert not answer_correct(case, wrong)


def test_a_fabricated_quote_lowers_citation_recall_and_precision(bundled):
    bot, _, _ = bundled
    _, answer = _good(bundled, "attr-01")
    texts = corpus_texts()
    sent_ok, cit_ok = citation_scores(answer, texts, bot.store.embedder.embed)
    assert all(sent_ok) and all(cit_ok)
    fake = copy.deepcopy(answer)
    c = fake.citations[0]
    fake.citations[0] = Citation(c.n, c.doc_id, c.title, c.url, c.path, c.published, c.start, c.end,
                                 "Zelenskyy demanded the surrender of Moscow.")  # fmt: skip
    sent_ok2, cit_ok2 = citation_scores(fake, texts, bot.store.embedder.embed)
    assert sum(sent_ok2) < sum(sent_ok) and sum(cit_ok2) < sum(cit_ok)


def test_a_citation_to_the_wrong_document_counts_as_unsupported(bundled):
    bot, _, _ = bundled
    _, answer = _good(bundled, "num-01")
    texts = {**corpus_texts(), "other-article": "An unrelated article about football results."}
    moved = copy.deepcopy(answer)
    c = moved.citations[0]
    moved.citations[0] = Citation(c.n, "other-article", c.title, c.url, c.path, c.published, c.start, c.end, c.quote)
    sent_ok, cit_ok = citation_scores(moved, texts, bot.store.embedder.embed)
    assert sent_ok == [False] and cit_ok == [False]


def test_answering_an_unanswerable_question_lowers_abstention(bundled):
    _, results, metrics = bundled
    assert metrics["abstention_recall"] == 1.0
    tampered = copy.deepcopy(results)
    victim = next(r for r in tampered if r.type == "unanswerable")
    victim.abstained, victim.correct = False, False
    worse = aggregate(tampered)
    assert worse["abstention_recall"] < metrics["abstention_recall"]
    assert worse["answer_correctness"] == metrics["answer_correctness"]  # answerable cases only
    # and a needless abstention lowers abstention precision
    other = copy.deepcopy(results)
    answered = next(r for r in other if r.type == "attribution")
    answered.abstained, answered.correct = True, False
    assert aggregate(other)["abstention_precision"] < metrics["abstention_precision"]


def test_an_irrelevant_extra_citation_lowers_precision_only(bundled):
    bot, _, _ = bundled
    _, answer = _good(bundled, "num-01")
    texts = corpus_texts()
    padded = copy.deepcopy(answer)
    doc = texts["istanbul-talks-2025-06-02"]
    start = doc.index("The governor of Kherson")
    end = doc.index("Korabelny district.") + len("Korabelny district.")
    padded.citations.append(Citation(2, "istanbul-talks-2025-06-02", "", None, None, None, start, end, doc[start:end]))
    for b in padded.blocks:
        if b.sentence is not None:
            b.sentence = AnswerSentence(b.sentence.text, b.sentence.citations + [2], b.sentence.supported, b.sentence.score)
    sent_ok, cit_ok = citation_scores(padded, texts, bot.store.embedder.embed)
    assert sent_ok == [True] and cit_ok == [True, False]


def test_eval_cli_writes_the_report_and_compares(eval_run, tmp_path):
    run, out = eval_run  # the subprocess, run once for the module
    assert "| answer_correctness |" in run.stdout
    report = json.loads((out / "report.json").read_text())
    assert report["metrics"]["cases"] >= 60 and len(report["cases"]) == report["metrics"]["cases"]
    case = report["cases"][0]
    assert {"id", "correct", "rank", "answer", "sentences_supported", "citations_supporting"} <= set(case)
    assert (out / "report.png").stat().st_size > 10_000 and (out / "report.png").read_bytes()[:4] == b"\x89PNG"
    md = (out / "report.md").read_text()
    assert "## By question type" in md and "report.png" in md
    # --compare: the same run again shows no flips; a doctored old report shows one
    old = copy.deepcopy(report)
    old["cases"][0]["correct"] = not old["cases"][0]["correct"]
    old["metrics"]["answer_correctness"] -= 0.1
    (tmp_path / "old.json").write_text(json.dumps(old))
    rows, flipped = compare(old, report)
    assert flipped and dict((m, b - a) for m, a, b in rows)["answer_correctness"] == pytest.approx(0.1)
