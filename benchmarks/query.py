"""Query latency benchmark: warm ``Assistant.ask`` (extractive) p50/p95, warm claim checks, and cold ``assistant ask``
wall time.

Usage: ``.venv/bin/python benchmarks/query.py [--data PATH] [--questions N] [--json]``

Corpora: the bundled ``corpus/`` and, when ``../shared/data/claimdecomp-test.jsonl`` is present
(development data, never shipped), its 200 fact-check articles, asked "Who said that <claim>?" and, as claim
checks, "Is it true that <claim>?". Targets: warm p50 <= 150 ms, claim checks warm p50 <= 300 ms, cold
``assistant ask`` <= 3 s. Prints a Markdown table; exits 0 whatever the numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ingest import DEFAULT_DATA, convert  # benchmarks/ingest.py

from assistant.config import Settings
from assistant.embeddings import load_embedder
from assistant.evals import factcheck_claim
from assistant.ingest import ingest
from assistant.service import Assistant
from assistant.store import Store

REPO = Path(__file__).resolve().parent.parent
SEED_QUESTIONS = [
    "What did Zelenskyy call for?",
    "What does Russia demand?",
    "Who called for a ceasefire?",
    "Who demanded what?",
    "What did Kyiv propose?",
    "How many Ukrainian drones did Russia say it intercepted?",
    "Who is Moscow's lead negotiator?",
    "What did the Kremlin say about a meeting with Putin?",
    "What did China demand at the talks?",
    "When will the third round of talks take place?",
    "Who is the governor of Kherson?",
    "What happened in Kherson?",
]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def run(bot: Assistant, questions: list[str], rounds: int) -> dict[str, list[float]]:
    for q in questions[:3]:  # warm-up: model, BM25 index, document cache
        bot.ask(q)
    times: dict[str, list[float]] = {"total": [], "retrieve": [], "answer": [], "verify": []}
    for _ in range(rounds):
        for q in questions:
            t0 = time.perf_counter()
            a = bot.ask(q)
            times["total"].append((time.perf_counter() - t0) * 1000)
            for k in ("retrieve", "answer", "verify"):
                times[k].append(a.timings_ms[k])
    return times


def cold_ask(data_dir: Path, runs: int = 3) -> float:
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(data_dir)}
    walls = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([str(Path(sys.executable).parent / "assistant"), "ask", SEED_QUESTIONS[0]], env=env,
                       check=True, capture_output=True)  # fmt: skip
        walls.append(time.perf_counter() - t0)
    return statistics.median(walls)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=str(REPO / DEFAULT_DATA), help="ClaimDecomp JSONL (optional)")
    ap.add_argument("--questions", type=int, default=40, help="questions asked of the fact-check corpus")
    ap.add_argument("--rounds", type=int, default=3, help="rounds over the bundled questions")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    embedder = load_embedder("minilm")
    rows: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        seed_dir = Path(tmp) / "seed"
        store = Store.open(Settings.from_env(data_dir=seed_dir, env={}), embedder)
        ingest([REPO / "corpus"], store)
        rows["bundled corpus (1 article)"] = _summary(run(Assistant(store, "extractive"), SEED_QUESTIONS, args.rounds))
        rows["bundled corpus (1 article)"]["cold `assistant ask` s"] = cold_ask(seed_dir)
        data = Path(args.data)
        if data.is_file():
            jsonl = Path(tmp) / "claimdecomp.jsonl"
            convert(data, jsonl)
            big = Store.open(Settings.from_env(data_dir=Path(tmp) / "big", env={}), embedder)
            t0 = time.perf_counter()
            report = ingest([jsonl], big)
            ingest_s = time.perf_counter() - t0
            records = [json.loads(line) for line in data.read_text(encoding="utf-8").splitlines() if line.strip()]
            questions = [f"Who said that {r['claim'].rstrip('.')}?" for r in records[: args.questions]]
            questions += [f"What did {r['person']} say?" for r in records[: args.questions // 4] if r.get("person")]
            label = f"fact-check corpus ({report.documents} articles, {report.chunks} chunks)"
            rows[label] = _summary(run(Assistant(big, "extractive"), questions, 1))
            rows[label]["ingest s"] = ingest_s
            claims = [f"Is it true that {factcheck_claim('', r)[1]}?" for r in records[: args.questions]]
            rows[f"claim checks on the same {report.documents} articles"] = _summary(
                run(Assistant(big, "extractive"), claims, 1))
        else:
            print(f"skipping the fact-check corpus: {data} not found (development data, not shipped)", file=sys.stderr)
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print("| corpus | questions | p50 ms | p95 ms | retrieve p50 | answer p50 | verify p50 | other |")
    print("|---|---|---|---|---|---|---|---|")
    for name, r in rows.items():
        other = ", ".join(f"{k} {v:.2f}" for k, v in r.items() if k.endswith(" s"))
        print(f"| {name} | {int(r['n'])} | {r['p50']:.1f} | {r['p95']:.1f} | {r['retrieve_p50']:.1f} | "
              f"{r['answer_p50']:.1f} | {r['verify_p50']:.1f} | {other} |")  # fmt: skip
    print(f"\nTargets: warm p50 <= 150 ms; claim checks warm p50 <= 300 ms; cold `assistant ask` <= 3 s. "
          f"Machine: {os.cpu_count()} cores.")  # fmt: skip
    return 0


def _summary(times: dict[str, list[float]]) -> dict[str, float]:
    out = {"n": float(len(times["total"])), "p50": pct(times["total"], 0.5), "p95": pct(times["total"], 0.95)}
    for k in ("retrieve", "answer", "verify"):
        out[f"{k}_p50"] = pct(times[k], 0.5)
    return out


if __name__ == "__main__":
    sys.exit(main())
