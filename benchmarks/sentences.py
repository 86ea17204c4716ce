"""Sentence-boundary benchmark: the cost of ``assistant.sentences.sentence_spans`` at ingest, and its fast path.

Usage: ``.venv/bin/python benchmarks/sentences.py [--data PATH] [--repeat N] [--agreement] [--json]``

Over the 200 ClaimDecomp articles of ``../shared/data/claimdecomp-test.jsonl`` (development data, not shipped;
skipped when absent), parsed as the product ingests them, on one core:

1. **throughput** (CPU seconds of this process, so other load on the machine does not count): ``sentence_spans``
   on every segment of every document, uncached (as the analysis calls it once per document at ingest): seconds,
   characters/s, ms per article, sentences; median of ``--repeat``;
2. **pysbd's share**: how many pieces of text went to pysbd and how many took the fast path (no stop inside);
3. ``--agreement``: the same spans with the fast path and the pre-cuts switched off (pysbd on every whole
   paragraph, about 2-3x slower): the number of sentence ends that differ, which must be 0.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = "../shared/data/claimdecomp-test.jsonl"  # relative to the repo root; development data, not shipped
sys.path.insert(0, str(REPO))  # measure this checkout's ``assistant``


def _documents(data: Path) -> list[Any]:
    """The articles as the product parses them (through the ingest benchmark's converter)."""
    from assistant.parse import parse_file

    spec = importlib.util.spec_from_file_location("bench_ingest", Path(__file__).with_name("ingest.py"))
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with tempfile.TemporaryDirectory(prefix="fca-bench-sentences-") as tmp:
        jsonl = Path(tmp) / "claimdecomp.jsonl"
        module.convert(data, jsonl)
        docs, problems = parse_file(jsonl)
    if problems:
        raise SystemExit(f"parse problems: {problems[:3]}")
    return docs


def _spans(docs: list[Any]) -> list[tuple[tuple[int, int], ...]]:
    from assistant import sentences

    split = sentences._passage_spans
    return [tuple(span for s, e in doc.segments for span in split(doc.text[s:e], cached=False)) for doc in docs]


def measure(data: Path, repeat: int, agreement: bool) -> dict[str, Any]:
    """Throughput of the segmenter over ``data``'s articles, its pysbd share, and optionally the fast path's agreement."""
    from assistant import sentences

    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    docs = _documents(data)
    chars = sum(e - s for doc in docs for s, e in doc.segments)
    _spans(docs[:5])  # warm-up (regexes compiled, lexicon loaded)
    calls = {"pysbd": 0, "fast": 0}
    pysbd = sentences._pysbd

    def counted(piece: str) -> list[tuple[int, int]]:
        calls["pysbd"] += 1
        return pysbd(piece)

    times = []
    for i in range(repeat):
        sentences._pysbd = counted if i == 0 else pysbd
        t = time.process_time()
        spans = _spans(docs)
        times.append(time.process_time() - t)
    sentences._pysbd = pysbd
    pieces = sum(len(sentences._pieces(doc.text[a:b].replace("\n", " "))) for doc in docs for a, b in _units(docs, doc))
    seconds = statistics.median(times)
    out: dict[str, Any] = {
        "documents": len(docs),
        "chars": chars,
        "sentences": sum(map(len, spans)),
        "seconds": round(seconds, 3),
        "chars_per_s": round(chars / seconds),
        "ms_per_article": round(1000 * seconds / len(docs), 2),
        "pieces": pieces,
        "pieces_to_pysbd": calls["pysbd"],
    }
    if agreement:
        saved = sentences._pieces, sentences._AMBIGUOUS
        sentences._pieces, sentences._AMBIGUOUS = (lambda flat: [(0, len(flat))]), re.compile("")
        try:
            t = time.process_time()
            whole = _spans(docs)
            out["seconds_pysbd_on_whole_paragraphs"] = round(time.process_time() - t, 3)
        finally:
            sentences._pieces, sentences._AMBIGUOUS = saved
        out["ends_differing"] = sum(len({e for _, e in a} ^ {e for _, e in b}) for a, b in zip(spans, whole))
    return out


def _units(docs: list[Any], doc: Any) -> list[tuple[int, int]]:
    from assistant import sentences

    units = []
    for s, e in doc.segments:
        text = doc.text[s:e]
        starts = [0] + [m.end() for m in sentences._BLANK_LINE.finditer(text)]
        ends = [m.start() for m in sentences._BLANK_LINE.finditer(text)] + [len(text)]
        units += [(s + a, s + b) for p, q in zip(starts, ends) for a, b in sentences._lines(text, p, q)]
    return units


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=DEFAULT_DATA, help=f"ClaimDecomp JSONL (default {DEFAULT_DATA}, from the repo root)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--agreement", action="store_true", help="also run pysbd on whole paragraphs and compare")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    data = (REPO / args.data) if not Path(args.data).is_absolute() else Path(args.data)
    if not data.exists():
        print(f"skipping: {data} not found (development data)")
        return
    r = measure(data, args.repeat, args.agreement)
    if args.json:
        print(json.dumps(r, indent=1))
        return
    print("| metric | value |\n|---|---|")
    for k, v in r.items():
        print(f"| {k} | {v:,} |" if isinstance(v, int) else f"| {k} | {v} |")


if __name__ == "__main__":
    main()
