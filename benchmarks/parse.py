"""Parser benchmark: spaCy import and load time, tokens/s on one core, and the model's known limits.

Usage: ``.venv/bin/python benchmarks/parse.py [--data PATH] [--repeat N] [--json]``

Prints Markdown tables:

1. **cold start** (fresh processes, medians of ``--repeat``): ``import spacy``; the sha256 check of the pinned model
   files; ``load_parser()`` after the import (check + ``spacy.load``); and whether ``import assistant.cli`` imports
   spaCy (it must not).
2. **throughput on one core** (the process is pinned to one CPU) over the 200 ClaimDecomp articles of
   ``../shared/data/claimdecomp-test.jsonl`` (skipped when absent): the raw pipeline (``nlp.pipe`` on the same
   paragraphs) and the product's ``parse_segments`` (paragraphs, conversion to dataclasses), both on every segment.
3. **limits on the bundled article** (issue 11): the entity label of each "Zelenskyy"; the arcs of "resisted
   pressure to send" (is there a ``neg``?); how the “Second – …. Third – …,” he said quote is split; and the
   sentences on which the parser and ``assistant.text.sentence_spans`` disagree.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = "../shared/data/claimdecomp-test.jsonl"  # relative to the repo root; development data, not shipped
SEED = REPO / "corpus" / "istanbul-talks-2025-06-02.txt"
sys.path.insert(0, str(REPO))  # measure this checkout's ``assistant`` (as the cold-start children, run with cwd=REPO, do)

COLD = """
import json, sys, time
t0 = time.perf_counter()
import spacy
t1 = time.perf_counter()
from assistant.nlp import load_parser, model_dir, verify_model
d = model_dir()
t2 = time.perf_counter()
verify_model(d)
t3 = time.perf_counter()
load_parser()
t4 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "verify_s": t3 - t2, "load_s": t4 - t3}))
"""
CLI = "import sys, assistant.cli; print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc'))))"


def cold_start(repeat: int) -> dict[str, Any]:
    """Import and load times in fresh processes (the files are in the OS cache after the first run)."""
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", COLD], cwd=REPO, capture_output=True, text=True, check=True)
        runs.append(json.loads(out.stdout))
    cli = subprocess.run([sys.executable, "-c", "import json; " + CLI], cwd=REPO, capture_output=True, text=True, check=True)
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]} | {"cli_imports": json.loads(cli.stdout)}


def _convert_module() -> Any:
    spec = importlib.util.spec_from_file_location("bench_ingest", Path(__file__).with_name("ingest.py"))
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def throughput(data: Path, repeat: int) -> dict[str, Any]:
    """Tokens/s of the raw pipeline and of the product API, on one core, over the articles' segments."""
    import spacy

    from assistant import nlp
    from assistant.parse import parse_file

    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    with tempfile.TemporaryDirectory(prefix="fca-bench-parse-") as tmp:
        jsonl = Path(tmp) / "claimdecomp.jsonl"
        _convert_module().convert(data, jsonl)
        docs, problems = parse_file(jsonl)
    if problems:
        raise SystemExit(f"parse problems: {problems[:3]}")
    parser = nlp.load_parser()
    raw_nlp = spacy.load(parser.directory, exclude=list(nlp.EXCLUDED_PIPES))
    pieces = [
        doc.text[a:b]
        for doc in docs
        for s, e in doc.segments
        for a, b in nlp._paragraphs(doc.text, s, e)
        if not doc.text[a:b].isspace()
    ]
    chars = sum(map(len, pieces))
    parser.parse_segments(docs[0].text, docs[0].segments)  # warm-up
    list(raw_nlp.pipe(pieces[:20]))
    raw_s, api_s = [], []
    tokens = sentences = 0
    for i in range(repeat):
        for step in ("raw", "api") if i % 2 == 0 else ("api", "raw"):
            t0 = time.perf_counter()
            if step == "raw":
                n = sum(sum(not t.is_space for t in d) for d in raw_nlp.pipe(pieces, batch_size=nlp.BATCH_SIZE))
                raw_s.append(time.perf_counter() - t0)
            else:
                parsed = [parser.parse_segments(doc.text, doc.segments) for doc in docs]
                api_s.append(time.perf_counter() - t0)
                tokens = sum(len(s.tokens) for p in parsed for s in p)
                sentences = sum(map(len, parsed))
        if tokens and n != tokens:
            raise SystemExit(f"raw pipeline counted {n} tokens, the API {tokens}")
    med = statistics.median
    return {
        "documents": len(docs),
        "paragraphs": len(pieces),
        "chars": chars,
        "tokens": tokens,
        "sentences": sentences,
        "raw_s": med(raw_s),
        "api_s": med(api_s),
        "raw_tokens_per_s": tokens / med(raw_s),
        "api_tokens_per_s": tokens / med(api_s),
        "api_chars_per_s": chars / med(api_s),
        "api_over_raw": med(raw_s) / med(api_s),
        "load_avg": os.getloadavg()[0],
        "identity": parser.identity,
    }


def limits() -> dict[str, Any]:
    """What the model does with the cases issue 11 lists, on the bundled article."""
    from assistant.nlp import load_parser
    from assistant.parse import parse_file
    from assistant.text import sentence_spans

    doc = parse_file(SEED)[0][0]
    text = doc.text
    sentences = load_parser().parse_segments(text, doc.segments)
    tokens = [t for s in sentences for t in s.tokens]
    zelenskyy = [
        {"offset": t.start, "ent_type": t.ent_type or "-", "context": text[max(0, t.start - 30) : t.end + 20].replace("\n", " ")}
        for t in tokens
        if t.text.startswith("Zelensk")
    ]
    [resist] = [s for s in sentences if "resisted pressure to send" in s.text]
    arcs = [(t.text, t.dep, resist.tokens[t.head].text) for t in resist.tokens]
    q = text.index("“Second –")
    quote = [s.text for s in sentences if s.end > q and s.start < text.index("he said in a post", q) + 10]
    mine = {(s.start, s.end) for s in sentences}
    hand = {span for a, b in doc.segments for span in sentence_spans(text, a, b)}
    only = {
        "parser": [text[a:b] for a, b in sorted(mine - hand)],
        "text.sentence_spans": [text[a:b] for a, b in sorted(hand - mine)],
    }
    return {
        "zelenskyy": zelenskyy,
        "resisted_arcs": arcs,
        "resisted_has_neg": any(dep == "neg" for _, dep, _ in arcs),
        "quote_split": quote,
        "sentences_parser": len(mine),
        "sentences_text_py": len(hand),
        "sentences_same": len(mine & hand),
        "only_in": only,
    }


def _short(s: str, n: int = 110) -> str:
    s = s.replace("\n", "⏎").replace("|", "\\|")
    return s if len(s) <= n else s[: n - 1] + "…"


def table(m: dict[str, Any]) -> str:
    c = m["cold"]
    lines = [
        "## Cold start (fresh process, median)",
        "",
        "| metric | value |",
        "|---|---|",
        f"| import spacy | {c['import_s']:.2f} s |",
        f"| sha256 check of the pinned model files | {c['verify_s']:.3f} s |",
        f"| load_parser() after the import (check + spacy.load) | {c['load_s']:.2f} s |",
        f"| spaCy modules imported by `import assistant.cli` | {len(c['cli_imports'])} |",
        "",
    ]
    t = m.get("throughput")
    if t is None:
        lines += ["## Throughput", "", f"skipping: {m['skipped']}", ""]
    else:
        lines += [
            "## Throughput on one core",
            "",
            "| metric | value |",
            "|---|---|",
            f"| raw pipeline (nlp.pipe on the paragraphs): tokens/s | {t['raw_tokens_per_s']:,.0f} |",
            f"| parse_segments (product API): tokens/s | {t['api_tokens_per_s']:,.0f} |",
            f"| parse_segments: chars/s | {t['api_chars_per_s']:,.0f} |",
            f"| parse_segments: time for all articles | {t['api_s']:.2f} s |",
            f"| API throughput / raw throughput | {t['api_over_raw']:.3f} |",
            "",
            f"{t['documents']} articles, {t['paragraphs']} paragraphs, {t['chars']:,} chars, {t['tokens']:,} tokens, "
            f"{t['sentences']:,} sentences; median of {m['repeat']} run(s); 1-min load average {t['load_avg']:.2f}; "
            f"{t['identity']}.",
            "",
        ]
    lim = m["limits"]
    lines += ["## Limits on the bundled article", "", "| case | result |", "|---|---|"]
    for z in lim["zelenskyy"]:
        lines.append(f"| Zelenskyy at {z['offset']} (…{_short(z['context'], 60)}…) | {z['ent_type']} |")
    arcs = ", ".join(f"{w}:{d}→{h}" for w, d, h in lim["resisted_arcs"][:8])
    lines.append(f"| 'resisted pressure to send': a neg arc? | {'yes' if lim['resisted_has_neg'] else 'no'} ({arcs} …) |")
    lines.append(f"| “Second – …. Third – …,” he said: sentences | {len(lim['quote_split'])}: " + " ‖ ".join(
        _short(s, 60) for s in lim["quote_split"]) + " |")  # fmt: skip
    lines += [
        "",
        f"Sentences: parser {lim['sentences_parser']}, text.sentence_spans {lim['sentences_text_py']}, "
        f"identical spans {lim['sentences_same']}.",
        "",
        "| only in | sentence |",
        "|---|---|",
    ]
    for who, spans in lim["only_in"].items():
        lines += [f"| {who} | {_short(s)} |" for s in spans]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", help=f"ClaimDecomp JSONL (default: {DEFAULT_DATA}, relative to the repo root)")
    ap.add_argument("--repeat", type=int, default=1, help="runs (cold starts; throughput passes); medians reported")
    ap.add_argument("--json", action="store_true", help="print the results as JSON instead of tables")
    args = ap.parse_args(argv)
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    m: dict[str, Any] = {"repeat": args.repeat, "cold": cold_start(args.repeat)}
    data = Path(args.data).expanduser() if args.data else REPO / DEFAULT_DATA
    if data.is_file():
        m["throughput"] = throughput(data, args.repeat)
    else:
        m["skipped"] = f"{args.data or DEFAULT_DATA} not found (development data, not shipped)"
    m["limits"] = limits()
    print(json.dumps(m, indent=2, ensure_ascii=False) if args.json else table(m))
    return 0


if __name__ == "__main__":
    sys.exit(main())
