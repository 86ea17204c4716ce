"""The eval suite's independent judge: hand-labelled (claim, evidence sentence, relation) pairs.

``evals/relations.jsonl`` holds pairs people labelled by reading (never with the product's checker): a claim, one
sentence copied verbatim from a real article (the bundled one, PolitiFact articles of ClaimDecomp, BBC articles of
XSum) and how the sentence relates to the claim — ``supports``, ``contradicts``, ``reports`` (it only reports that
someone asserted it) or ``unrelated``. :func:`predict` asks the product's claim checker (:func:`assistant.claims.check`)
about each pair, the sentence alone as the article; :func:`score` compares its answers with the labels; and
:func:`label_for` lets the citation metrics use a label wherever an answer sentence and its quote are a labelled pair.

Example:
    >>> pairs = load_pairs(RELATIONS_GOLD)
    >>> len(pairs) >= 300, len({p.article for p in pairs}) >= 20
    (True, True)
    >>> m = score(pairs[:2], ["supports", "supports"])
    >>> 0.0 <= m["relation_accuracy"] <= 1.0
    True
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .errors import ConfigError
from .evals import EVALS_DIR, _jsonl, checked_row, factcheck_claim, norm
from .types import Answer, Chunk, Document, Passage

RELATIONS_GOLD = EVALS_DIR / "relations.jsonl"
# `assistant eval --set NAME`: the set the checker may be tuned on, and one labelled apart that is only ever measured
RELATION_SETS = {"relations": RELATIONS_GOLD, "relations-heldout": EVALS_DIR / "relations-heldout.jsonl"}
RELATIONS = ("supports", "contradicts", "reports", "unrelated")
PHENOMENA = ("paraphrase", "negation", "implicative", "opposite_predicate", "numbers", "dates", "places", "actor_swap",
             "gender", "reported_speech", "scope", "same_topic", "other")  # fmt: skip
# what the claim checker's verdict on one sentence says of it ("mixed" on one sentence is always wrong)
VERDICT_RELATION = {"supported": "supports", "contradicted": "contradicts", "claimed, not confirmed": "reports",
                    "not in the corpus": "unrelated", "mixed": "mixed"}  # fmt: skip


@dataclass(frozen=True)
class LabelledPair:
    """One hand-labelled pair: ``evidence`` is one sentence of ``article`` as written, ``relation`` its relation to
    ``claim``; ``phenomenon`` names what makes the pair hard, ``why`` the labeller's reason."""

    id: str
    article: str
    claim: str
    evidence: str
    relation: str
    phenomenon: str
    why: str


def load_pairs(path: str | Path = RELATIONS_GOLD) -> list[LabelledPair]:
    """The labelled pairs of a JSONL file; a bad line is a ConfigError naming the line and the fix."""
    pairs: list[LabelledPair] = []
    seen: set[str] = set()
    required = ("id", "article", "claim", "evidence", "relation", "phenomenon")
    for where, raw in _jsonl(path, "relations gold set"):
        row = checked_row(where, raw, required, {"relation": RELATIONS, "phenomenon": PHENOMENA}, seen)
        pairs.append(LabelledPair(*(str(row.get(k) or "") for k in LabelledPair.__dataclass_fields__)))
    if not pairs:
        raise ConfigError(f"{path}: no pairs")
    return pairs


@functools.cache
def _labels() -> dict[tuple[str, str], str]:
    return {(norm(p.claim), norm(p.evidence)): p.relation
            for path in RELATION_SETS.values() if path.is_file() for p in load_pairs(path)}  # fmt: skip


def label_for(sentence: str, quote: str) -> str | None:
    """The labelled relation of ``quote`` to ``sentence`` when the pair is in a labelled set, else None.

    >>> p = load_pairs()[0]
    >>> label_for(p.claim, p.evidence) == p.relation, label_for("Not a labelled claim.", p.evidence)
    (True, None)
    """
    return _labels().get((norm(sentence), norm(quote)))


def predict(pairs: Sequence[LabelledPair], embed: Callable[[list[str]], np.ndarray] | None = None) -> list[str]:
    """The product's relation for each pair: its claim checker on the claim, with the evidence sentence alone as
    the article (parsed like any document)."""
    from .claims import check
    from .corpus import Corpus

    texts = list(dict.fromkeys(p.evidence for p in pairs))
    docs = [Document(f"evidence-{n}", t[:80], t, ((0, len(t)),), "txt", f"evidence-{n}.txt") for n, t in enumerate(texts)]
    corpus = Corpus.in_memory(docs, embed, parse=True)
    by_text = {d.text: d for d in docs}
    out = []
    for p in pairs:
        doc = by_text[p.evidence]
        passages = [Passage(Chunk(f"{doc.doc_id}:0", doc.doc_id, 0, 0, len(doc.text), doc.text, doc.title), 1.0)]
        verdict, _ = check(p.claim, passages, corpus.entries(passages), embed)
        out.append(VERDICT_RELATION[verdict])
    return out


def score(pairs: Sequence[LabelledPair], predicted: Sequence[str]) -> dict[str, Any]:
    """Accuracy, precision and recall per relation, and the false supports, of ``predicted`` against the labels.

    ``false_support_rate``: the share of pairs labelled contradicts or unrelated that were called supports (the
    error a fact-checker does not forgive); ``reports_called_supported``: the share of reported-only pairs called
    supports (reported speech is not confirmation).
    """
    if len(pairs) != len(predicted):
        raise ValueError(f"score: {len(pairs)} pairs but {len(predicted)} predictions")
    gold = [p.relation for p in pairs]
    right = [g == q for g, q in zip(gold, predicted)]
    metrics: dict[str, Any] = {"relation_accuracy": _share(right), "relation_pairs": len(pairs)}
    for r in RELATIONS:
        said = [g == r for g, q in zip(gold, predicted) if q == r]
        found = [q == r for g, q in zip(gold, predicted) if g == r]
        metrics[f"{r}_precision"] = _share(said) if said else 0.0
        metrics[f"{r}_recall"] = _share(found) if found else 0.0
    not_support = [q == "supports" for g, q in zip(gold, predicted) if g in ("contradicts", "unrelated")]
    metrics["false_support_rate"] = _share(not_support)
    metrics["reports_called_supported"] = _share([q == "supports" for g, q in zip(gold, predicted) if g == "reports"])
    metrics["by_phenomenon"] = {
        ph: _share([ok for p, ok in zip(pairs, right) if p.phenomenon == ph])
        for ph in PHENOMENA if any(p.phenomenon == ph for p in pairs)
    }  # fmt: skip
    metrics["confusion"] = {f"{g} -> {q}": n for (g, q), n in sorted(Counter(zip(gold, predicted)).items())}
    return metrics


def _share(flags: Sequence[bool]) -> float:
    return sum(flags) / len(flags) if flags else 0.0


# -- PolitiFact's ratings: "Is it true that <claim>?" on the ClaimDecomp articles ------------------------------------
FALSE_RATINGS = ("false", "pants-fire")  # a claim rated so must never come back supported


@dataclass(frozen=True)
class RatedClaim:
    """A ClaimDecomp claim with PolitiFact's rating and the article that rates it (``politifact-<example_id>``)."""

    id: str
    claim: str
    rating: str
    doc_id: str


def rated_claims(source: Path, limit: int | None = None) -> list[RatedClaim]:
    """The claims of a ClaimDecomp JSONL file (the first ``limit``), "Says …" dropped, as the fact-check set names
    their articles (:func:`assistant.evals.factcheck_gold`)."""
    out = []
    for i, (where, r) in enumerate(_jsonl(source, "ClaimDecomp data")):
        if limit is not None and i >= limit:
            break
        doc_id, claim = factcheck_claim(where, r)
        out.append(RatedClaim(f"fc-claim-{i:03d}", claim, str(r.get("label") or ""), doc_id))
    return out


def score_rated(claims: Sequence[RatedClaim], answers: Sequence[Answer]) -> dict[str, Any]:
    """Issue 12's figures for "Is it true that <claim>?": the share of claims rated false or pants-fire called
    supported, the share of answers citing the claim's own article, the share "not in the corpus", and the verdicts
    per rating.

    >>> c = [RatedClaim("1", "x", "false", "d1"), RatedClaim("2", "y", "true", "d2")]
    >>> a = [Answer("q", [], False, "e", verdict="supported"), Answer("q", [], True, "e", verdict="not in the corpus")]
    >>> m = score_rated(c, a)
    >>> m["false_called_supported"], m["article_cited"], m["not_in_corpus"]
    (1.0, 0.0, 0.5)
    """
    false = [a.verdict == "supported" for c, a in zip(claims, answers) if c.rating in FALSE_RATINGS]
    cited = [any(x.doc_id == c.doc_id for x in a.citations) for c, a in zip(claims, answers)]
    by_rating: dict[str, Counter[str]] = {}
    for c, a in zip(claims, answers):
        by_rating.setdefault(c.rating, Counter())[a.verdict or "none"] += 1
    return {
        "false_called_supported": _share(false),
        "article_cited": _share(cited),
        "not_in_corpus": _share([a.verdict == "not in the corpus" for a in answers]),
        "claims": len(claims),
        "false_rated": len(false),
        "verdicts_by_rating": {r: dict(v) for r, v in sorted(by_rating.items())},
    }


RATED_HEADLINE = ("false_called_supported", "article_cited", "not_in_corpus")


HEADLINE = ("relation_accuracy", "false_support_rate", "reports_called_supported", "supports_precision",
            "supports_recall", "contradicts_precision", "contradicts_recall", "reports_recall", "unrelated_recall")  # fmt: skip


def write_report(out: Path, name: str, metrics: dict[str, Any], pairs: Sequence[LabelledPair], predicted: Sequence[str]
                 ) -> dict[str, Path]:  # fmt: skip
    """``report.json`` (metrics and every pair with the product's relation) and ``report.md`` (the wrong pairs)."""
    out.mkdir(parents=True, exist_ok=True)
    rows = [{**asdict(p), "predicted": q} for p, q in zip(pairs, predicted)]
    json_path, md_path = out / "report.json", out / "report.md"
    json_path.write_text(json.dumps({"set": name, "metrics": metrics, "pairs": rows}, ensure_ascii=False, indent=1),
                         encoding="utf-8")  # fmt: skip
    lines = [f"# {name}: the claim checker against hand-labelled pairs", "", "| metric | value |", "|---|---|"]
    lines += [f"| {m} | {metrics[m]:.3f} |" for m in HEADLINE]
    lines += ["", "| phenomenon | accuracy |", "|---|---|"]
    lines += [f"| {ph} | {v:.3f} |" for ph, v in metrics["by_phenomenon"].items()]
    lines += ["", "| labelled -> predicted | pairs |", "|---|---|"]
    lines += [f"| {k} | {n} |" for k, n in metrics["confusion"].items()]
    lines += ["", "## Wrong pairs", ""]
    lines += [f"- `{r['id']}` {r['relation']} -> **{r['predicted']}** ({r['phenomenon']}): claim “{r['claim']}” / "
              f"sentence “{r['evidence']}”" for r in rows if r["relation"] != r["predicted"]]  # fmt: skip
    md_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"json": json_path, "md": md_path}
