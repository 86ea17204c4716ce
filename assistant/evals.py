"""The offline eval suite: gold cases in, retrieval / answer / citation / abstention / latency metrics out.

Gold format and metric definitions: ``evals/README.md``. The scoring functions are
pure (a case, an :class:`Answer`, the retrieved chunks and the document texts in;
numbers out), so tests can prove the scorer is not blind.

Example:
    >>> cases = load_gold(GOLD_DEFAULT)
    >>> len(cases) >= 60
    True
"""

from __future__ import annotations

import json
import re
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from . import lexicon
from .errors import ConfigError
from .resources import data_dir
from .text import normalize
from .types import Answer, Chunk
from .verify import check_support, quote_matches

EVALS_DIR = data_dir("evals")  # the repository's evals/, packaged as assistant/data/evals
GOLD_DEFAULT = EVALS_DIR / "gold.jsonl"
THRESHOLDS = EVALS_DIR / "thresholds.json"
TYPES = ("attribution", "factual", "who-demanded-what", "numeric", "follow-up", "unanswerable", "claim-check")
KS = (1, 4, 10)
FACTCHECK_MAX_CHARS = 600  # "Who said that …?": the claimant's name in a short answer citing the claim's article


@dataclass(frozen=True)
class GoldCase:
    """One gold question; ``answer`` is None for unanswerable cases."""

    id: str
    question: str
    type: str
    answer: str | list[str] | None
    must_mention: list[str]
    evidence: list[dict[str, str]]  # {"doc_id", "quote"}; an empty quote means "any chunk of that document"
    history: list[dict[str, str]] = field(default_factory=list)
    verdict: str | None = None
    max_chars: int | None = None  # a longer answer is not correct (it would bury the name)
    cite_evidence: bool = False  # correct only when a citation is from an evidence document


def _jsonl(path: str | Path, what: str) -> Iterator[tuple[str, Any]]:
    """("file:line", parsed value) for each non-blank line of a JSONL file; errors name the file or the line."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{what} not found: {path}")
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                yield f"{path}:{lineno}", json.loads(line)
            except json.JSONDecodeError as e:
                raise ConfigError(f"{path}:{lineno}: invalid JSON ({e.msg})") from None


def checked_row(where: str, row: Any, required: Sequence[str], choices: dict[str, Sequence[str]], seen: set[str]) -> dict:
    """A JSONL row with its ``required`` fields, each field of ``choices`` one of its values and an ``id`` not in
    ``seen`` (added to it); otherwise a ConfigError naming the line and the fix."""
    if not isinstance(row, dict):
        raise ConfigError(f"{where}: expected an object with {', '.join(required)}")
    missing = [k for k in required if not row.get(k)]
    if missing:
        raise ConfigError(f"{where}: missing {', '.join(missing)}; every row needs {', '.join(required)}")
    for key, allowed in choices.items():
        if row[key] not in allowed:
            raise ConfigError(f"{where}: {key} {row[key]!r} is not one of {', '.join(allowed)}")
    if row["id"] in seen:
        raise ConfigError(f"{where}: id {row['id']!r} is used twice; ids must be unique")
    seen.add(row["id"])
    return row


def load_gold(path: str | Path) -> list[GoldCase]:
    """Read and validate a gold JSONL file; errors name the line and the fix."""
    cases: list[GoldCase] = []
    seen: set[str] = set()
    for where, row in _jsonl(path, "Gold file"):
        raw = checked_row(where, row, ("id", "question", "type"), {"type": TYPES}, seen)
        if raw["type"] != "unanswerable" and not (raw.get("must_mention") or raw.get("answer")):
            raise ConfigError(f"{where}: an answerable case needs 'answer' or 'must_mention'")
        cases.append(
            GoldCase(
                id=str(raw["id"]),
                question=raw["question"],
                type=raw["type"],
                answer=raw.get("answer"),
                must_mention=list(raw.get("must_mention") or []),
                evidence=list(raw.get("evidence") or []),
                history=list(raw.get("history") or []),
                verdict=raw.get("verdict"),
                max_chars=int(raw["max_chars"]) if raw.get("max_chars") else None,
                cite_evidence=bool(raw.get("cite_evidence")),
            )
        )
    if not cases:
        raise ConfigError(f"{path}: no cases")
    return cases


def norm(text: str) -> str:
    """Text for matching: normalised quotes and dashes, lower case, single spaces."""
    return re.sub(r"\s+", " ", normalize(text)).strip()


# -- scoring (pure) ------------------------------------------------------------------------------


def retrieval_rank(case: GoldCase, chunks: Sequence[Chunk]) -> int | None:
    """1-based rank of the first retrieved chunk holding a gold quote (or from the gold document)."""
    for rank, c in enumerate(chunks, start=1):
        for ev in case.evidence:
            if c.doc_id == ev.get("doc_id") and (not ev.get("quote") or norm(ev["quote"]) in norm(c.text)):
                return rank
    return None


def answer_correct(case: GoldCase, answer: Answer) -> bool:
    """Unanswerable: abstained. Claim checks: the gold verdict (and must-mentions). Otherwise: not abstained,
    within the case's ``max_chars``, citing an evidence document when ``cite_evidence``, and every must-mention (or
    one gold answer) present."""
    if case.type == "unanswerable":
        return answer.abstained
    if case.verdict:
        text = norm(answer.answer)
        return answer.verdict == case.verdict and all(norm(m) in text for m in case.must_mention)
    if answer.abstained:
        return False
    if case.max_chars is not None and len(answer.answer) > case.max_chars:
        return False
    wanted = {ev.get("doc_id") for ev in case.evidence}
    if case.cite_evidence and not any(c.doc_id in wanted for c in answer.citations):
        return False
    text = norm(answer.answer)
    if case.must_mention:
        return all(norm(m) in text for m in case.must_mention)
    golds = case.answer if isinstance(case.answer, list) else [case.answer or ""]
    return any(norm(g) in text for g in golds if g)


def citation_scores(
    answer: Answer, doc_texts: dict[str, str], embed: Callable[[list[str]], np.ndarray] | None = None
) -> tuple[list[bool], list[bool]]:
    """ALCE-style: per sentence "fully supported by its citations", per citation "supports its sentence".

    A citation whose quote is not verbatim at its span in its document counts as unsupported.
    A citation supports its sentence when it does alone, or when the sentence is supported with
    it and not without it. A (sentence, quote) pair that people labelled (``evals/relations.jsonl``,
    :func:`assistant.judge.label_for`) is judged by its label; any other by the support checker.
    """
    from .judge import label_for

    by_n = {c.n: c for c in answer.citations}

    def valid(n: int) -> str | None:
        c = by_n.get(n)
        if c is None:
            return None
        text = doc_texts.get(c.doc_id)
        return c.quote if text is not None and quote_matches(text, c.start, c.end, c.quote) and c.quote.strip() else None

    sentence_ok: list[bool] = []
    citation_ok: list[bool] = []
    for s in answer.sentences:
        quotes = {n: q for n in s.citations if (q := valid(n)) is not None}
        only = label_for(s.text, next(iter(quotes.values()))) if len(quotes) == 1 else None
        if only:
            full = only == "supports"
        else:
            full = check_support(s.text, list(quotes.values()), embed).supported if quotes else False
        sentence_ok.append(full)
        for n in s.citations:
            if n not in quotes:
                citation_ok.append(False)
                continue
            labelled = label_for(s.text, quotes[n])  # a hand-labelled pair is judged by its label, not the checker
            alone = labelled == "supports" if labelled else check_support(s.text, [quotes[n]], embed).supported
            rest = [q for m, q in quotes.items() if m != n]
            needed = full and not (rest and check_support(s.text, rest, embed).supported)
            citation_ok.append(alone or needed)
    return sentence_ok, citation_ok


@dataclass
class CaseResult:
    """Everything scored for one case (written to report.json)."""

    id: str
    type: str
    question: str
    correct: bool
    abstained: bool
    rank: int | None
    sentences_supported: list[bool]
    citations_supporting: list[bool]
    timings_ms: dict[str, float]
    answer: dict[str, Any]
    gold_verdict: str | None = None
    verdict: str | None = None


def aggregate(results: Sequence[CaseResult]) -> dict[str, Any]:
    """The suite's metrics from per-case results."""
    def none(r: CaseResult) -> bool:  # the corpus has no answer: unanswerable questions, claims not in it
        return r.type == "unanswerable" or r.gold_verdict == "not in the corpus"

    answerable = [r for r in results if not none(r)]
    metrics: dict[str, Any] = {"cases": len(results)}
    for k in KS:
        metrics[f"hit@{k}"] = _mean([r.rank is not None and r.rank <= k for r in answerable])
    metrics["mrr"] = _mean([1.0 / r.rank if r.rank else 0.0 for r in answerable])
    metrics["answer_correctness"] = _mean([r.correct for r in answerable])
    gold_none = [r for r in results if none(r)]
    predicted_none = [r for r in results if r.abstained]
    both = [r for r in gold_none if r.abstained]
    metrics["abstention_precision"] = len(both) / len(predicted_none) if predicted_none else 1.0
    metrics["abstention_recall"] = len(both) / len(gold_none) if gold_none else 1.0
    sentences = [ok for r in results for ok in r.sentences_supported]
    citations = [ok for r in results for ok in r.citations_supporting]
    metrics["citation_recall"] = _mean(sentences)
    metrics["citation_precision"] = _mean(citations)
    for stage in ("retrieve", "answer", "verify", "total"):
        values = [r.timings_ms.get(stage, 0.0) for r in results]
        metrics[f"latency_{stage}_p50_ms"] = _pct(values, 0.5)
        metrics[f"latency_{stage}_p95_ms"] = _pct(values, 0.95)
    by_type: dict[str, dict[str, float]] = {}
    for t in TYPES:
        rs = [r for r in results if r.type == t]
        if rs:
            by_type[t] = {"cases": len(rs), "correct": _mean([r.correct for r in rs]),
                          "citation_recall": _mean([ok for r in rs for ok in r.sentences_supported])}  # fmt: skip
    metrics["by_type"] = by_type
    verdicts = [r for r in results if r.gold_verdict]
    if verdicts:
        metrics["verdict_accuracy"] = _mean([r.verdict == r.gold_verdict for r in verdicts])
        metrics["verdict_accuracy_by_class"] = {
            v: {"cases": len(rs), "accuracy": _mean([r.verdict == v for r in rs])}
            for v in sorted({r.gold_verdict for r in verdicts})
            if (rs := [r for r in verdicts if r.gold_verdict == v])
        }
    return metrics


def _mean(values: Sequence[float | bool]) -> float:
    return float(statistics.fmean(values)) if values else 1.0


def _pct(values: Sequence[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return float(ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))])


# -- running -------------------------------------------------------------------------------------


def run_cases(bot: Any, cases: Sequence[GoldCase], k: int = 10, progress: bool = False) -> list[CaseResult]:
    """Ask every case of an :class:`Assistant` and score it."""
    from tqdm import tqdm

    from .followup import rewrite_followup

    doc_texts: dict[str, str] = {}
    results: list[CaseResult] = []
    for case in tqdm(cases, desc="eval", unit="case", disable=not progress, file=__import__("sys").stderr):
        t0 = time.perf_counter()
        answer = bot.ask(case.question, history=case.history or None)
        total = (time.perf_counter() - t0) * 1000
        standalone = rewrite_followup(case.question, case.history) if case.history else case.question
        chunks = [p.chunk for p in bot.retriever.retrieve(standalone, k=max(k, max(KS)))]
        for c in answer.citations:
            if c.doc_id not in doc_texts:
                doc = bot.store.document(c.doc_id)
                doc_texts[c.doc_id] = doc.text if doc else ""
        sent_ok, cit_ok = citation_scores(answer, doc_texts, bot.store.embedder.embed)
        results.append(
            CaseResult(
                id=case.id,
                type=case.type,
                question=case.question,
                correct=answer_correct(case, answer),
                abstained=answer.abstained,
                rank=retrieval_rank(case, chunks) if case.evidence else None,
                sentences_supported=sent_ok,
                citations_supporting=cit_ok,
                timings_ms={**answer.timings_ms, "total": total},
                answer=answer.to_json(),
                gold_verdict=case.verdict,
                verdict=answer.verdict,
            )
        )
    return results


POSITIONS_GOLD = EVALS_DIR / "positions.jsonl"
# positions-only gold sets: name -> (gold positions, the excerpts they label); `assistant eval --set NAME`
POSITION_SETS = {
    "bbc-positions": (EVALS_DIR / "bbc-positions.jsonl", EVALS_DIR / "bbc-excerpts.jsonl"),
    "bbc-heldout": (EVALS_DIR / "bbc-heldout-positions.jsonl", EVALS_DIR / "bbc-heldout-excerpts.jsonl"),  # measure only
    "bbc-more": (EVALS_DIR / "bbc-more-positions.jsonl", EVALS_DIR / "bbc-more-excerpts.jsonl"),  # blind at birth; tuning
}
POSITION_KINDS = ("person", "group", "organisation")  # what a gold "group" names (evals/README.md)
POSITION_CASES = ("reported", "according-to", "quote-after", "quote-next", "pronoun", "spokesperson", "descriptor",
                  "demand")  # fmt: skip


def position_labels() -> tuple[str, ...]:
    """The acts a gold position may allow: the map's labels and "said".

    >>> position_labels()[-1], "called for" in position_labels()
    ('said', True)
    """
    return (*lexicon.kept_labels(), "said")


def load_positions_gold(path: str | Path) -> list[dict[str, Any]]:
    """Read and check a gold positions file: one ``{"doc_id", "group", "acts", "content"}`` per line.

    Optional fields (``kind``, ``actor``, ``cases``) describe the item; errors name the line and the fix.

    >>> len(load_positions_gold(POSITIONS_GOLD)) >= 15
    True
    """
    labels = position_labels()
    gold: list[dict[str, Any]] = []
    for where, raw in _jsonl(path, "Gold positions file"):
        missing = [k for k in ("doc_id", "group", "acts", "content") if not raw.get(k)]
        if missing:
            raise ConfigError(f"{where}: missing {', '.join(missing)}")
        if not isinstance(raw["acts"], list) or not all(a in labels for a in raw["acts"]):
            raise ConfigError(f"{where}: acts {raw['acts']!r} must be a list of {', '.join(labels)}")
        if raw.get("kind") is not None and raw["kind"] not in POSITION_KINDS:
            raise ConfigError(f"{where}: kind {raw['kind']!r} is not one of {', '.join(POSITION_KINDS)}")
        unknown = [c for c in raw.get("cases") or [] if c not in POSITION_CASES]
        if unknown:
            raise ConfigError(f"{where}: cases {unknown!r} are not among {', '.join(POSITION_CASES)}")
        gold.append(raw)
    if not gold:
        raise ConfigError(f"{path}: no positions")
    return gold


def same_group(a: str, b: str) -> bool:
    """Two actor groups are one when equal after case, diacritics, quote marks and a leading "the".

    >>> same_group("the Supreme Court", "Supreme Court"), same_group("Russia", "Ukraine")
    (True, False)
    """
    def key(g: str) -> str:
        return re.sub(r"^the\s+", "", norm(lexicon.fold(g)))

    return key(a) == key(b)


def position_matches(p: Any, g: dict[str, Any]) -> bool:
    """A predicted position matches a gold one: same document and actor group, an allowed act, the gold content
    inside its content (normalised)."""
    return (p.doc_id == g["doc_id"] and same_group(p.group, g["group"]) and p.act in g["acts"]
            and norm(g["content"]) in norm(p.content))  # fmt: skip


def score_positions(predicted: Sequence[Any], gold_path: Path | Sequence[dict[str, Any]] = POSITIONS_GOLD) -> dict[str, float]:
    """Position recall and precision against a gold list ({"doc_id", "group", "acts", "content"} per line).

    A predicted position matches a gold one when the document and actor group agree, its act is one of
    the gold acts, and the gold content is inside its content (normalised).
    """
    gold = load_positions_gold(gold_path) if isinstance(gold_path, (str, Path)) else list(gold_path)
    found = [g for g in gold if any(position_matches(p, g) for p in predicted)]
    right = [p for p in predicted if any(position_matches(p, g) for g in gold)]
    return {
        "position_recall": len(found) / len(gold) if gold else 1.0,
        "position_precision": len(right) / len(predicted) if predicted else 1.0,
        "positions_predicted": float(len(predicted)),
        "positions_gold": float(len(gold)),
    }


def position_breakdown(predicted: Sequence[Any], gold: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Where the positions score comes from: per document the gold positions missed and the extracted positions
    that match none (``extra``), and the recall per kind of hard case (``by_case``; "plain" for none).

    >>> from assistant.positions import Position
    >>> g = [{"doc_id": "d", "group": "Russia", "acts": ["said"], "content": "no", "cases": ["pronoun"]}]
    >>> b = position_breakdown([Position("p", "d", "Kyiv", "Ukraine", "said", "no", 0, 2, 0, 9)], g)
    >>> b["by_case"], len(b["documents"]["d"]["missed"]), len(b["documents"]["d"]["extra"])
    ({'pronoun': {'gold': 1, 'found': 0, 'recall': 0.0}}, 1, 1)
    """
    docs: dict[str, dict[str, Any]] = {}
    for doc_id in sorted({g["doc_id"] for g in gold} | {p.doc_id for p in predicted}):
        mine = [g for g in gold if g["doc_id"] == doc_id]
        preds = [p for p in predicted if p.doc_id == doc_id]
        missed = [g for g in mine if not any(position_matches(p, g) for p in preds)]
        extra = [p for p in preds if not any(position_matches(p, g) for g in mine)]
        docs[doc_id] = {
            "gold": len(mine), "found": len(mine) - len(missed), "predicted": len(preds), "missed": missed,
            "extra": [{"actor": p.actor, "group": p.group, "act": p.act, "content": p.content} for p in extra],
        }  # fmt: skip
    by_case: dict[str, dict[str, Any]] = {}
    for g in gold:
        hit = any(position_matches(p, g) for p in predicted if p.doc_id == g["doc_id"])
        for case in g.get("cases") or ["plain"]:
            row = by_case.setdefault(case, {"gold": 0, "found": 0})
            row["gold"] += 1
            row["found"] += int(hit)
    for row in by_case.values():
        row["recall"] = row["found"] / row["gold"]
    return {"documents": docs, "by_case": by_case}


def write_positions_report(out: Path, name: str, metrics: dict[str, Any], breakdown: dict[str, Any]) -> dict[str, Path]:
    """report.json and report.md of a positions-only set: the scores, recall per hard case, per-article misses."""
    out.mkdir(parents=True, exist_ok=True)
    paths = {"json": out / "report.json", "md": out / "report.md"}
    report = {"gold": name, "metrics": metrics, **breakdown}
    paths["json"].write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    lines = [f"# Positions report: {name}", "", "| metric | value |", "|---|---|"]
    lines += [f"| {m} | {v:.3f} |" if isinstance(v, float) and m.startswith("position_") else f"| {m} | {v:g} |"
              for m, v in metrics.items()]  # fmt: skip
    lines += ["", "## Recall per kind of case", "", "| case | gold | found | recall |", "|---|---|---|---|"]
    lines += [f"| {c} | {r['gold']} | {r['found']} | {r['recall']:.2f} |" for c, r in sorted(breakdown["by_case"].items())]
    lines += ["", "## Per article", ""]
    for doc_id, d in breakdown["documents"].items():
        extra = f"{len(d['extra'])} of {d['predicted']} extracted match none"
        lines.append(f"### `{doc_id}`: {d['found']}/{d['gold']} found, {extra}")
        lines += [f"- missed: {g['group']} {'/'.join(g['acts'])} {g['content'][:140]!r}" for g in d["missed"]]
        lines += [f"- extra: {p['actor']} ({p['group']}) {p['act']} {p['content'][:140]!r}" for p in d["extra"]]
        lines.append("")
    paths["md"].write_text("\n".join(lines), encoding="utf-8")
    return paths


def load_thresholds(path: Path = THRESHOLDS) -> dict[str, dict[str, float]]:
    """Minimum metric values per gold set, e.g. {"bundled": {"answer_correctness": 0.9}}."""
    return json.loads(path.read_text(encoding="utf-8"))


def check_thresholds(metrics: dict[str, Any], limits: dict[str, float]) -> list[str]:
    """The metrics outside their limits, as readable lines: a minimum, or a maximum written ``"max:NAME"``.

    >>> check_thresholds({"recall": 0.8, "false_support_rate": 0.05}, {"recall": 0.85, "max:false_support_rate": 0.03})
    ['recall = 0.800 < 0.850', 'false_support_rate = 0.050 > 0.030']
    """
    out = []
    for key, limit in limits.items():
        name = key.removeprefix("max:")
        value = float(metrics.get(name, 0.0))
        if key.startswith("max:") and value > limit + 1e-9:
            out.append(f"{name} = {value:.3f} > {limit:.3f}")
        elif not key.startswith("max:") and value < limit - 1e-9:
            out.append(f"{name} = {value:.3f} < {limit:.3f}")
    return out


HEADLINE = ("hit@1", "hit@4", "hit@10", "mrr", "answer_correctness", "abstention_precision", "abstention_recall",
            "citation_recall", "citation_precision", "verdict_accuracy", "position_recall", "position_precision",
            "latency_total_p50_ms", "latency_total_p95_ms")  # fmt: skip


def compare(old: dict[str, Any], new: dict[str, Any]) -> tuple[list[tuple[str, float, float]], list[str]]:
    """Per-metric (name, old, new) and the cases whose correctness flipped."""
    rows = [(m, float(old["metrics"].get(m, 0.0)), float(new["metrics"].get(m, 0.0))) for m in HEADLINE]
    before = {c["id"]: c["correct"] for c in old.get("cases", [])}
    flipped = [
        f"{c['id']}: {'wrong → right' if c['correct'] else 'right → wrong'}"
        for c in new.get("cases", [])
        if c["id"] in before and before[c["id"]] != c["correct"]
    ]
    return rows, flipped


def write_report(out: Path, name: str, metrics: dict[str, Any], results: Sequence[CaseResult]) -> dict[str, Path]:
    """report.json, report.md and report.png in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    report = {"gold": name, "metrics": metrics, "cases": [asdict(r) for r in results]}
    paths = {"json": out / "report.json", "md": out / "report.md", "png": out / "report.png"}
    paths["json"].write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    _plot(paths["png"], metrics, results)
    lines = [f"# Eval report: {name}", "", "| metric | value |", "|---|---|"]
    lines += [f"| {m} | {metrics[m]:.3f} |" for m in HEADLINE if m in metrics]
    lines += ["", "## By question type", "", "| type | cases | correct | citation recall |", "|---|---|---|---|"]
    lines += [f"| {t} | {v['cases']} | {v['correct']:.2f} | {v['citation_recall']:.2f} |" for t, v in metrics["by_type"].items()]
    if "verdict_accuracy_by_class" in metrics:
        lines += ["", "## Claim-check verdicts", "", "| verdict | cases | accuracy |", "|---|---|---|"]
        lines += [f"| {v} | {x['cases']} | {x['accuracy']:.2f} |" for v, x in metrics["verdict_accuracy_by_class"].items()]
    lines += ["", "![metrics per question type and latency](report.png)", "", "## Cases answered wrongly", ""]
    wrong = [r for r in results if not r.correct]
    lines += [f"- `{r.id}` ({r.type}) {r.question} → {r.answer['answer'][:160]!r}" for r in wrong] or ["(none)"]
    paths["md"].write_text("\n".join(lines) + "\n", encoding="utf-8")
    return paths


def _plot(path: Path, metrics: dict[str, Any], results: Sequence[CaseResult]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.5))
    types = list(metrics["by_type"])
    x = np.arange(len(types))
    ax1.bar(x - 0.2, [metrics["by_type"][t]["correct"] for t in types], 0.4, label="answer correct")
    ax1.bar(x + 0.2, [metrics["by_type"][t]["citation_recall"] for t in types], 0.4, label="citation recall")
    ax1.set_xticks(x, [f"{t} ({metrics['by_type'][t]['cases']})" for t in types], fontsize=8, rotation=25, ha="right")
    ax1.set_ylim(0, 1.05)
    ax1.set_title("Per question type")
    ax1.legend(loc="lower left", fontsize=8)
    totals = [r.timings_ms.get("total", 0.0) for r in results]
    ax2.hist(totals, bins=20, color="#4a7")
    ax2.axvline(metrics["latency_total_p50_ms"], color="k", linestyle="--", label="p50")
    ax2.axvline(metrics["latency_total_p95_ms"], color="r", linestyle=":", label="p95")
    ax2.set_title("Latency per question (ms)")
    ax2.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def claimant_word(person: str) -> str:
    """The word an answer must show to name a ClaimDecomp claimant: a person's or organisation's last word
    ("Baldwin", "Action"); for a claimant that is a kind of vehicle ("Facebook posts", "Viral image", "Tweets") the
    vehicle in the singular, which also matches the plural ("a Facebook post" names "Facebook posts").

    >>> claimant_word("Tammy Baldwin"), claimant_word("Facebook posts"), claimant_word("Viral image")
    ('Baldwin', 'post', 'image')
    """
    last = person.split()[-1] if person.strip() else person
    return lexicon.vehicle_singular(last) if last.lower() in lexicon.word_set("speaker_vehicles") else last


def factcheck_claim(where: str, record: Any) -> tuple[str, str]:
    """A ClaimDecomp record's article id (``politifact-<example_id>``) and its claim as a statement (PolitiFact's
    "Says …" dropped); a record without them is a ConfigError naming ``where``.

    >>> factcheck_claim("x:1", {"example_id": 7, "claim": "Says the dam was built in 1850."})
    ('politifact-7', 'the dam was built in 1850')
    """
    if not isinstance(record, dict) or not record.get("example_id") or not record.get("claim"):
        raise ConfigError(f"{where}: a ClaimDecomp record needs example_id and claim")
    return f"politifact-{record['example_id']}", re.sub(r"^(?:Says|Said)\s+", "", str(record["claim"]).strip()).rstrip(".")


def factcheck_gold(source: Path, out_dir: Path, limit: int | None = None) -> tuple[Path, Path]:
    """Build the fact-check set from ClaimDecomp JSONL: a corpus file and "Who said that …?" cases."""
    out_dir.mkdir(parents=True, exist_ok=True)
    corpus = out_dir / "factcheck-corpus.jsonl"
    gold = out_dir / "factcheck-gold.jsonl"
    with open(source, encoding="utf-8") as f, open(corpus, "w", encoding="utf-8") as c, open(gold, "w") as g:
        for i, line in enumerate(f):
            if limit is not None and i >= limit:
                break
            r = json.loads(line)
            doc_id, claim = factcheck_claim(f"{source}:{i + 1}", r)
            if not r.get("full_article"):
                raise ConfigError(f"{source}:{i + 1}: a ClaimDecomp record needs full_article (the article's paragraphs)")
            text = "\n\n".join(p for p in r["full_article"] if p.strip())
            c.write(json.dumps({"id": doc_id, "title": r["claim"], "text": text, "url": r.get("url"),
                                "source": "PolitiFact"}, ensure_ascii=False) + "\n")  # fmt: skip
            person = str(r.get("person") or "").strip() or "unknown"
            surname = claimant_word(person)
            g.write(json.dumps({"id": f"fc-{i:03d}", "question": f"Who said that {claim}?", "type": "attribution",
                                "answer": person, "must_mention": [surname], "max_chars": FACTCHECK_MAX_CHARS,
                                "cite_evidence": True, "evidence": [{"doc_id": doc_id, "quote": ""}]},
                               ensure_ascii=False) + "\n")  # fmt: skip
    return gold, corpus
