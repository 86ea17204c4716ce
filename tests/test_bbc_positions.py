"""The hand-labelled who-said-what gold set on BBC excerpts (evals/bbc-*.jsonl): sound data, a scorer that is not
blind, and `assistant eval --set bbc-positions` end to end. Everything read here ships in evals/ (no ../shared)."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter

import pytest

from assistant import lexicon
from assistant.errors import ConfigError
from assistant.evals import (
    POSITION_CASES,
    POSITION_KINDS,
    POSITION_SETS,
    load_positions_gold,
    load_thresholds,
    position_breakdown,
    position_labels,
    score_positions,
)
from assistant.parse import parse_file
from assistant.positions import Position, extract_positions

GOLD, EXCERPTS = POSITION_SETS["bbc-positions"]
# the data-soundness checks run on every BBC set (tuning, held-out measure-only, bbc-more): name, fewest excerpts, positions
SOUND_SETS = pytest.mark.parametrize(("name", "min_records", "min_positions"),
                                     [("bbc-positions", 30, 100), ("bbc-heldout", 12, 70), ("bbc-more", 15, 100)])
SOUND_NAMES = ("bbc-positions", "bbc-heldout", "bbc-more")


def excerpts(path=EXCERPTS) -> dict[str, dict]:
    return {r["id"]: r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


def perfect(gold: list[dict]) -> list[Position]:
    """One extracted position per gold one, exactly right (its first acceptable act)."""
    texts = {k: r["text"] for k, r in excerpts().items()}
    out = []
    for i, g in enumerate(gold):
        start = texts[g["doc_id"]].index(g["content"])
        end = start + len(g["content"])
        out.append(Position(f"p{i}", g["doc_id"], g["actor"], g["group"], g["acts"][0], g["content"], start, end, 0, end))
    return out


@pytest.mark.unit
@SOUND_SETS
def test_excerpts_are_short_records_of_bbc_articles(name, min_records, min_positions):
    _, path = POSITION_SETS[name]
    records = excerpts(path)
    assert len(records) >= min_records
    for doc_id, r in records.items():
        assert doc_id.startswith("bbc-") and r["source"] == "BBC (XSum val)" and r["title"].strip(), doc_id
        assert len(r["text"]) < 2500, f"{doc_id}: keep excerpts to the labelled paragraphs"
    assert sum(len(r["text"]) for r in records.values()) < 40_000
    docs, skipped = parse_file(path)  # what `assistant ingest` reads: one document per record, text unchanged
    assert skipped == [] and {d.doc_id: d.text for d in docs} == {k: r["text"] for k, r in records.items()}
    for other in SOUND_NAMES:  # no two BBC sets share an article
        if other != name:
            shared = set(records) & set(excerpts(POSITION_SETS[other][1]))
            assert not shared, (name, other, sorted(shared))


@pytest.mark.unit
@SOUND_SETS
def test_gold_positions_are_verbatim_and_valid(name, min_records, min_positions):
    gold_path, path = POSITION_SETS[name]
    gold = load_positions_gold(gold_path)
    texts = {k: r["text"] for k, r in excerpts(path).items()}
    assert len(gold) >= min_positions and set(texts) == {g["doc_id"] for g in gold}  # every excerpt is labelled
    groups, labels = set(lexicon.groups()), set(position_labels())
    for g in gold:
        where = (g["doc_id"], g["group"], g["content"][:40])
        text = texts[g["doc_id"]]
        assert g["content"] in text and g["content"] == g["content"].strip(), where
        assert g["acts"] and set(g["acts"]) <= labels and len(set(g["acts"])) == len(g["acts"]), where
        assert g["kind"] in POSITION_KINDS and g["actor"] in text, where
        assert set(g["cases"]) <= set(POSITION_CASES), where
        if g["kind"] == "group":  # a country or organisation the lexicon knows: its canonical name
            assert g["group"] in groups, where
        elif g["kind"] == "person":  # the surname as the article writes it ("Hills & Ruggles" for both parents)
            assert all(part in g["actor"] and part in text for part in g["group"].split(" & ")), where
            assert g["group"] not in groups and lexicon.canonical_person(g["group"]) == g["group"], where
        else:  # an organisation the lexicon does not know: its name as the article writes it, no leading "the"
            assert g["group"] in text and not g["group"].lower().startswith("the "), where
            assert g["group"] not in groups and lexicon.actor_group(g["group"]) is None, where
    keys = Counter((g["doc_id"], g["group"], g["content"]) for g in gold)
    assert max(keys.values()) == 1, [k for k, n in keys.items() if n > 1]


@pytest.mark.unit
def test_gold_covers_the_hard_cases_and_the_acts():
    gold = load_positions_gold(GOLD)
    cases = Counter(c for g in gold for c in g["cases"])
    assert all(cases[c] >= 5 for c in POSITION_CASES), cases
    assert sum(not g["cases"] for g in gold) >= 30  # plain "X said Y" too
    first_acts = Counter(g["acts"][0] for g in gold)
    assert first_acts["said"] >= 100 and sum(n for a, n in first_acts.items() if a != "said") >= 20
    assert Counter(g["kind"] for g in gold).keys() == set(POSITION_KINDS)


@pytest.mark.unit
def test_the_scorer_is_not_blind_on_the_bbc_gold():
    gold = load_positions_gold(GOLD)
    right = perfect(gold)
    assert score_positions(right, gold)["position_recall"] == 1.0
    assert score_positions(right, GOLD)["position_precision"] == 1.0
    # the wrong actor, the wrong act, a cut content and a missing position each cost
    moved = [dataclasses.replace(p, group="United Kingdom") if p.group == "Wales" else p for p in right]
    assert score_positions(moved, gold)["position_precision"] < 1.0
    acts = [dataclasses.replace(p, act="rejected") if p.act == "urged" else p for p in right]
    assert score_positions(acts, gold)["position_recall"] < 1.0
    cut = [dataclasses.replace(p, content=p.content[: len(p.content) // 2]) for p in right]
    assert score_positions(cut, gold)["position_recall"] < 0.1
    fewer = score_positions(right[1:], gold)
    assert fewer["position_recall"] == (len(gold) - 1) / len(gold) and fewer["position_precision"] == 1.0
    # a longer extracted content, and case or a leading "the" in an organisation's name, do not
    wider = [dataclasses.replace(p, content=f"that {p.content}.", group=f"the {p.group.lower()}") for p in right]
    assert score_positions(wider, gold)["position_recall"] == 1.0


@pytest.mark.unit
def test_breakdown_names_the_misses_per_article_and_case():
    gold = load_positions_gold(GOLD)
    right = perfect(gold)
    assert all(not d["missed"] and not d["extra"] for d in position_breakdown(right, gold)["documents"].values())
    victim = next(g for g in gold if "quote-next" in g["cases"])
    kept = [p for p, g in zip(right, gold) if g is not victim]
    report = position_breakdown(kept, gold)
    assert report["documents"][victim["doc_id"]]["missed"] == [victim]
    assert report["by_case"]["quote-next"]["found"] == report["by_case"]["quote-next"]["gold"] - 1


@pytest.mark.unit
def test_positions_gold_loader_errors_name_the_line(tmp_path):
    bad = tmp_path / "p.jsonl"
    good = '{"doc_id": "d", "group": "Russia", "acts": ["said"], "content": "x"}\n'
    bad.write_text(good + '{"doc_id": "d", "group": "Russia", "acts": ["shouted"], "content": "x"}\n')
    with pytest.raises(ConfigError, match=r"p.jsonl:2: acts \['shouted'\] must be a list of called for"):
        load_positions_gold(bad)
    bad.write_text(good + '{"doc_id": "d", "acts": ["said"], "content": "x"}\n')
    with pytest.raises(ConfigError, match=r"p.jsonl:2: missing group"):
        load_positions_gold(bad)
    bad.write_text('{"doc_id": "d", "group": "R", "acts": ["said"], "content": "x", "cases": ["sarcasm"]}\n')
    with pytest.raises(ConfigError, match=r"p.jsonl:1: cases \['sarcasm'\] are not among reported"):
        load_positions_gold(bad)


@pytest.fixture(scope="module")
def bbc_report(tmp_path_factory):
    """`assistant eval --set bbc-positions --check` run once (in-process: the CLI's own code path)."""
    from assistant import cli

    out = tmp_path_factory.mktemp("bbc-report")
    rc = cli.main(["eval", "--set", "bbc-positions", "--out", str(out), "--check"])
    return rc, out


def test_bbc_eval_runs_end_to_end_and_meets_its_floor(bbc_report):
    rc, out = bbc_report
    assert rc == 0
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    metrics = report["metrics"]
    floor = load_thresholds()["bbc-positions"]
    assert all(metrics[m] >= v for m, v in floor.items()), (metrics, floor)
    assert metrics["positions_gold"] == len(load_positions_gold(GOLD))
    # the report's numbers are those of the extractor run on the excerpts, scored in-process
    docs, _ = parse_file(EXCERPTS)
    predicted = [p for d in docs for p in extract_positions(d)]
    assert score_positions(predicted, GOLD) == metrics
    assert set(report["documents"]) == set(excerpts()) and set(report["by_case"]) >= set(POSITION_CASES)
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "## Recall per kind of case" in md and "## Per article" in md
    if metrics["position_recall"] < 1.0:
        assert "- missed: " in md


def test_positions_gold_path_form_and_its_errors(cli, tmp_path, bbc_report):
    _, out = bbc_report
    run = cli("eval", "--positions-gold", GOLD, "--corpus", EXCERPTS, "--out", tmp_path / "r")
    assert run.returncode == 0 and "| position_recall |" in run.stdout
    same = json.loads((tmp_path / "r" / "report.json").read_text(encoding="utf-8"))
    assert same["gold"] == "positions:bbc-positions"
    assert same["metrics"] == json.loads((out / "report.json").read_text(encoding="utf-8"))["metrics"]
    run = cli("eval", "--positions-gold", GOLD, "--out", tmp_path / "r2")
    assert run.returncode != 0 and "pass --corpus PATH" in run.stderr
    run = cli("eval", "--set", "nope", "--out", tmp_path / "r3")
    assert run.returncode != 0 and "Unknown gold set 'nope': use one of bbc-positions" in run.stderr
