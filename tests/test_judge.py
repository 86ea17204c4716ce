"""The independent judge: hand-labelled claim/sentence pairs, the scorer, and citations judged by label."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

import pytest

from assistant import judge
from assistant.errors import ConfigError
from assistant.evals import citation_scores
from assistant.judge import LabelledPair, load_pairs, score
from assistant.types import Answer, AnswerSentence, Block, Citation


def _pair(relation: str, phenomenon: str = "paraphrase", n: int = 0) -> LabelledPair:
    return LabelledPair(f"p{n}", "a", f"Claim {n}.", f"Sentence {n}.", relation, phenomenon, "")


@pytest.mark.unit
@pytest.mark.parametrize("name", sorted(judge.RELATION_SETS))
def test_the_shipped_sets_are_big_and_balanced_enough_to_judge(name):
    pairs = load_pairs(judge.RELATION_SETS[name])
    relations = Counter(p.relation for p in pairs)
    phenomena = Counter(p.phenomenon for p in pairs)
    assert len(pairs) >= 300 and len({p.article for p in pairs}) >= 20
    assert all(relations[r] >= 0.10 * len(pairs) for r in judge.RELATIONS), relations
    assert all(phenomena[ph] >= 8 for ph in judge.PHENOMENA if ph != "other"), phenomena
    assert all(p.evidence.strip() == p.evidence and p.claim and p.why for p in pairs)


@pytest.mark.unit
def test_the_held_out_set_shares_no_article_with_the_tuning_set():
    tuning, held_out = (load_pairs(judge.RELATION_SETS[n]) for n in ("relations", "relations-heldout"))
    assert not {p.article for p in tuning} & {p.article for p in held_out}


@pytest.mark.unit
@pytest.mark.parametrize(
    "row,message",
    [
        ({"id": "x", "article": "a", "claim": "c", "evidence": "e", "relation": "agrees", "phenomenon": "other"},
         "relation 'agrees' is not one of supports, contradicts, reports, unrelated"),
        ({"id": "x", "article": "a", "claim": "c", "evidence": "e", "relation": "supports", "phenomenon": "vibes"},
         "phenomenon 'vibes' is not one of"),
        ({"id": "x", "article": "a", "claim": "c", "relation": "supports", "phenomenon": "other"},
         "missing evidence; every row needs id, article, claim, evidence, relation, phenomenon"),
    ],
)  # fmt: skip
def test_a_bad_labelled_pair_names_its_line_and_the_fix(tmp_path, row, message):
    path = tmp_path / "relations.jsonl"
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=f"relations.jsonl:1: {message}"):
        load_pairs(path)


@pytest.mark.unit
def test_a_duplicate_id_is_refused(tmp_path):
    row = {"id": "x", "article": "a", "claim": "c", "evidence": "e", "relation": "supports", "phenomenon": "other"}
    path = tmp_path / "relations.jsonl"
    path.write_text(json.dumps(row) + "\n" + json.dumps(row) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"relations.jsonl:2: id 'x' is used twice"):
        load_pairs(path)


@pytest.mark.unit
def test_the_scorer_counts_a_support_for_a_contradiction_as_the_error_that_matters():
    pairs = [_pair("contradicts", "numbers", 0), _pair("unrelated", "same_topic", 1), _pair("supports", n=2),
             _pair("reports", "reported_speech", 3)]  # fmt: skip
    m = score(pairs, ["supports", "unrelated", "supports", "supports"])
    assert m["relation_accuracy"] == 0.5
    assert m["false_support_rate"] == 0.5  # one of the two contradicts/unrelated pairs called supports
    assert m["reports_called_supported"] == 1.0
    assert m["supports_precision"] == pytest.approx(1 / 3) and m["supports_recall"] == 1.0
    assert m["by_phenomenon"] == {"paraphrase": 1.0, "numbers": 0.0, "reported_speech": 0.0, "same_topic": 1.0}
    assert m["confusion"]["contradicts -> supports"] == 1
    perfect = score(pairs, [p.relation for p in pairs])
    assert perfect["relation_accuracy"] == 1.0 and perfect["false_support_rate"] == 0.0


@pytest.mark.unit
def test_a_labelled_pair_is_judged_by_its_label_not_by_the_checker():
    """The answer sentence is the labelled claim and its citation the labelled sentence: the citation supports it
    exactly when people said so, whatever the support checker would say."""
    for p in load_pairs()[:40]:
        doc_text = f"Intro. {p.evidence} Outro."
        start = doc_text.index(p.evidence)
        cite = Citation(1, "d", "t", None, None, None, start, start + len(p.evidence), p.evidence)
        sentence = AnswerSentence(p.claim, [1])
        answer = Answer("q", [Block("sentence", sentence=sentence)], False, "test", [cite])
        sent_ok, cit_ok = citation_scores(answer, {"d": doc_text})
        expected = p.relation == "supports"
        assert sent_ok == [expected] and cit_ok == [expected], p.id


def test_the_claim_checker_is_scored_against_the_labels(tmp_path):
    """`assistant eval --set relations` runs the product's checker on the pairs and writes what it got wrong."""
    out = tmp_path / "rel"
    r = subprocess.run([sys.executable, "-m", "assistant", "eval", "--set", "relations", "--limit", "30", "--out", str(out)],
                       capture_output=True, text=True, timeout=600)  # fmt: skip
    assert r.returncode == 0, r.stderr[-2000:]
    assert "| relation_accuracy |" in r.stdout and "| false_support_rate |" in r.stdout
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert len(report["pairs"]) == 30
    assert {p["predicted"] for p in report["pairs"]} <= {"supports", "contradicts", "reports", "unrelated", "mixed"}
    wrong = [p for p in report["pairs"] if p["predicted"] != p["relation"]]
    assert report["metrics"]["relation_accuracy"] == pytest.approx(1 - len(wrong) / 30)
    assert all(p["id"] in (out / "report.md").read_text(encoding="utf-8") for p in wrong)


def test_claims_rated_by_politifact_are_checked_against_their_articles(tmp_path):
    """`assistant eval --fact-check PATH --claims`: a claim rated false whose article quotes it is never called
    supported, and every answer is scored against the claim's own article."""
    records = [
        {"example_id": "1", "label": "false", "claim": "Says the Riverton dam was built in 1850.",
         "full_article": ["A viral post claims that “the Riverton dam was built in 1850.”",
                          "County records show the Riverton dam was completed in 1952, a century later."]},
        {"example_id": "2", "label": "true", "claim": "The Lakeside library opened a second branch in 2019.",
         "full_article": ["The Lakeside library opened a second branch in 2019, the city council said.",
                          "Council minutes confirm the Lakeside library opened a second branch in 2019."]},
        {"example_id": "3", "label": "false", "claim": "Mae gan Gymru rai o'r cyfraddau goresgyn canser gwaethaf yn y byd.",
         "full_article": ["Wales has some of the worst cancer survival rates in the developed world, a report says."]},
    ]  # fmt: skip
    source = tmp_path / "claimdecomp.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "claims"
    r = subprocess.run([sys.executable, "-m", "assistant", "eval", "--fact-check", str(source), "--claims", "--out", str(out)],
                       capture_output=True, text=True, timeout=600)  # fmt: skip
    assert r.returncode == 0, r.stderr[-2000:]
    assert "| false_called_supported |" in r.stdout and "| article_cited |" in r.stdout
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    rows = {row["doc_id"]: row for row in report["claims"]}
    assert rows["politifact-1"]["verdict"] != "supported" and report["metrics"]["false_called_supported"] == 0.0
    assert report["metrics"]["claims"] == 3 and report["metrics"]["false_rated"] == 2
    assert report["metrics"]["not_in_corpus"] == sum(row["verdict"] == "not in the corpus" for row in rows.values()) / 3
    # a claim the assistant refuses (here: not in English) is an abstention that says why; the run goes on
    assert rows["politifact-3"]["verdict"] is None and "I can only read English" in rows["politifact-3"]["answer"]
