"""The ``assistant`` command: ingest, remove, stats, search and chat.

Errors become one line of user text here (and exit status 2); nothing below prints.

Example:
    $ assistant ingest corpus/
    $ assistant stats
    $ assistant search "What does Russia demand?"
    $ assistant chat
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .config import Settings
from .engines import names as engine_names
from .errors import AssistantError, require_extra
from .store import Store
from .types import Answer, Block, Passage, Skipped

if TYPE_CHECKING:
    from .service import Assistant

EXIT_OK, EXIT_SKIPPED, EXIT_ERROR = 0, 1, 2


# Front ends started from the command line: name -> ("module:function", help, (package, extra) it needs or None).
# The function parses its own options from the remaining arguments (``add_common_arguments`` and
# ``open_assistant`` help) and returns the exit status. Adding a front end is its module plus one line here.
FRONTENDS: dict[str, tuple[str, str, tuple[str, str] | None]] = {
    "slack": ("assistant.slack:main", "answer in Slack (Socket Mode with SLACK_APP_TOKEN, else HTTP)", ("slack_bolt", "slack")),
}


def add_common_arguments(p: argparse.ArgumentParser) -> None:
    """--data-dir, --collection, --embedder: where the corpus is (every command takes them)."""
    p.add_argument(
        "--data-dir", help="database folder (env ASSISTANT_DATA_DIR; default ~/.local/share/fact-check-assistant)"
    )
    p.add_argument("--collection", help="collection name (env ASSISTANT_COLLECTION; default 'articles')")
    p.add_argument("--embedder", help="minilm (default) | onnx:/model-dir | openai[:model] (env ASSISTANT_EMBEDDER)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assistant", description="Fact-check assistant over a corpus of news articles."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="add or update articles (.txt .md .html .json .jsonl files or folders)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--json", action="store_true", help="print a JSON report on stdout")
    p.add_argument("--rebuild", action="store_true", help="drop the collection first (e.g. after changing embedder)")
    p.add_argument("--quiet", action="store_true", help="no progress bar, no summary")
    p.add_argument("--prune", action="store_true", help="also remove documents whose file under a given folder is gone")
    add_common_arguments(p)

    p = sub.add_parser("remove", help="remove articles by document id or by the file they came from")
    p.add_argument("targets", nargs="+", metavar="DOC_ID_OR_PATH")
    p.add_argument("--json", action="store_true")
    add_common_arguments(p)

    p = sub.add_parser("stats", help="documents, chunks, embedder and where the data lives")
    p.add_argument("--json", action="store_true")
    add_common_arguments(p)

    p = sub.add_parser("search", help="the passages closest to a query, with exact offsets")
    p.add_argument("query")
    p.add_argument("-k", type=int, default=5, help="how many passages (default 5)")
    p.add_argument("--json", action="store_true")
    add_common_arguments(p)

    p = sub.add_parser("ask", help="answer a question with verified citations")
    p.add_argument("question", nargs="?", help="the question (or use --batch)")
    p.add_argument("--batch", metavar="QUESTIONS.jsonl", help='answer {"id", "question", "history"?} lines')
    p.add_argument("--engine", choices=engine_names(), help="default: llm when an endpoint is configured")
    p.add_argument("--json", action="store_true", help="print the JSON contract")
    p.add_argument("-k", type=int, default=8, help="passages retrieved (default 8)")
    _filters(p)
    add_common_arguments(p)

    p = sub.add_parser("eval", help="score the assistant on a gold set (offline) and write a report")
    p.add_argument("--gold", help="gold JSONL (default: evals/gold.jsonl)")
    p.add_argument("--corpus", help="the gold set's corpus (default: corpus/ beside evals/)")
    p.add_argument("--fact-check", nargs="?", const="../shared/data/claimdecomp-test.jsonl", metavar="CLAIMDECOMP",
                   help="build and run the fact-check set from ClaimDecomp JSONL (development data)")
    p.add_argument("--limit", type=int, help="only the first N fact-check articles (or relations pairs)")
    p.add_argument("--claims", action="store_true",
                   help="with --fact-check: ask 'Is it true that <claim>?' and score against PolitiFact's ratings")
    p.add_argument("--set", dest="position_set", metavar="NAME",
                   help="a gold set shipped in evals/: a positions set, e.g. bbc-positions (its excerpts are the "
                        "corpus), or relations (the claim checker on hand-labelled claim/sentence pairs)")
    p.add_argument("--positions-gold", metavar="POSITIONS.jsonl",
                   help="score the positions map of --corpus against this gold (who said / demanded what)")
    p.add_argument("--engine", choices=engine_names(), default="extractive")
    p.add_argument("--out", default="eval-report", help="report folder (default: ./eval-report)")
    p.add_argument("-k", type=int, default=10, help="passages retrieved per question (default 10)")
    p.add_argument("--compare", metavar="OLD_REPORT.json", help="print deltas against an earlier report")
    p.add_argument("--check", action="store_true", help="exit 1 when a metric is below evals/thresholds.json")
    p.add_argument("--data-dir", help="use this existing database instead of a fresh one in a temp dir")
    p.add_argument("--collection", help=argparse.SUPPRESS)
    p.add_argument("--embedder", help="embedder for the fresh collection (default minilm)")

    p = sub.add_parser("positions", help="the positions map: who demanded, proposed, rejected what")
    p.add_argument("--actor", help="an actor or any of its names (Russia, Moscow, Kremlin …)")
    p.add_argument("--act", help="demanded (= called for / demanded / wants / urged), proposed, rejected, said …")
    p.add_argument("--doc-id", help="one article")
    p.add_argument("--since", metavar="YYYY-MM-DD")
    p.add_argument("--until", metavar="YYYY-MM-DD")
    p.add_argument("--all", action="store_true", help="include plain statements ('said')")
    p.add_argument("--json", action="store_true")
    add_common_arguments(p)

    p = sub.add_parser("check", help="check a claim: supported, contradicted, mixed, claimed, not in the corpus")
    p.add_argument("claim")
    p.add_argument("--json", action="store_true", help="the JSON contract plus verdict, supporting, contradicting, reporting")
    p.add_argument("--engine", choices=engine_names(), help="llm adds a judge when an endpoint is configured")
    add_common_arguments(p)

    for name, (_target, help_, _needs) in FRONTENDS.items():  # their own options: `assistant NAME --help`
        p = sub.add_parser(name, help=help_, add_help=False, prefix_chars="\0")
        p.add_argument("args", nargs=argparse.REMAINDER)

    p = sub.add_parser("chat", help="interactive questions over the corpus, with follow-ups")
    p.add_argument("--engine", choices=engine_names(), help="default: llm when an endpoint is configured")
    p.add_argument("-k", type=int, default=8, help="passages retrieved per question (default 8)")
    _filters(p)
    add_common_arguments(p)
    return parser


def _filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--doc-id", help="only this document")
    p.add_argument("--source", help="only articles from this source (outlet)")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="only articles published on or after")
    p.add_argument("--until", metavar="YYYY-MM-DD", help="only articles published on or before")


def _filters_from(args: argparse.Namespace):
    from .retrieve import Filters

    f = Filters(args.doc_id, args.source, args.since, args.until)
    f.validate()  # dates checked now
    return f if any((args.doc_id, args.source, args.since, args.until)) else None


def open_assistant(args: argparse.Namespace):
    """The :class:`~assistant.service.Assistant` over the store the common arguments name (``args.engine``)."""
    from .service import Assistant

    store = _store(args)
    store.check()
    if not store.stats()["chunks"]:
        raise AssistantError(f"Nothing ingested at {store.settings.where}: run `assistant ingest corpus/` first.")
    return Assistant(store, args.engine)


def print_answer(answer, out=None) -> None:
    """An answer for people: the text, then each citation with its quote (``render.terminal``)."""
    from .render import terminal

    print(terminal(answer), file=out or sys.stdout)  # sys.stdout as it is now, not as it was at import


def cmd_ask(args: argparse.Namespace) -> int:
    if bool(args.question) == bool(args.batch):
        raise AssistantError('Give either a QUESTION or --batch FILE (e.g. assistant ask "Who demanded what?")')
    bot = open_assistant(args)
    filters = _filters_from(args)
    if args.question:
        answer = bot.ask(args.question, filters=filters, k=args.k)
        if args.json:
            print(json.dumps(answer.to_json(), ensure_ascii=False))
        else:
            print_answer(answer)
        return EXIT_OK
    return _batch(bot, args, filters)


def _batch(bot, args: argparse.Namespace, filters) -> int:

    from tqdm import tqdm

    path = Path(args.batch)
    if not path.is_file():
        raise AssistantError(f"Batch file not found: {path}")
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    failed = 0
    for lineno, line in enumerate(tqdm(lines, desc="ask", unit="q", file=sys.stderr, disable=None), start=1):
        try:
            item = json.loads(line)
            if not isinstance(item, dict) or not isinstance(item.get("question"), str):
                raise ValueError("expected {\"id\": ..., \"question\": \"...\"}")
            answer = bot.ask(item["question"], history=item.get("history"), filters=filters, k=args.k)
            out = {"id": item.get("id"), **answer.to_json()}
        except (ValueError, AssistantError) as e:
            failed += 1
            print(f"{path}:{lineno}: {e}", file=sys.stderr)
            out = {"id": None, "error": f"line {lineno}: {e}"}
        print(json.dumps(out, ensure_ascii=False), flush=True)
    return EXIT_SKIPPED if failed else EXIT_OK


def _store(args: argparse.Namespace) -> Store:
    return Store.open(Settings.from_env(data_dir=args.data_dir, collection=args.collection, embedder=args.embedder))


def _print_passages(passages: Sequence[Passage], out=None) -> None:
    out = out or sys.stdout
    for n, p in enumerate(passages, start=1):
        c = p.chunk
        date = f", {c.published}" if c.published else ""
        print(f"[{n}] {c.title}{date} — {c.doc_id} chars {c.start}–{c.end} (score {p.score:.2f})", file=out)
        print(textwrap.indent(textwrap.fill(c.text, width=100), "    "), file=out)


def cmd_ingest(args: argparse.Namespace) -> int:
    from .ingest import ingest

    store = _store(args)
    if args.rebuild:
        store.drop()
    else:
        store.check()

    def warn(s: Skipped) -> None:
        print(f"skipped {s.path}: {s.error}", file=sys.stderr)

    report = ingest(args.paths, store, progress=not (args.quiet or args.json), prune=args.prune, on_skip=warn)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
    elif not args.quiet or report.documents or report.removed:
        print(
            f"{report.documents} documents ingested ({report.chunks} chunks), {report.unchanged} unchanged"
            + (f" ({report.reanalysed} re-analysed)" if report.reanalysed else "") + ", "
            f"{report.removed} removed, {len(report.skipped)} skipped — {store.settings.where}"
        )
    return EXIT_SKIPPED if report.skipped else EXIT_OK


def cmd_remove(args: argparse.Namespace) -> int:
    from .ingest import remove

    store = _store(args)
    removed, missing = remove(args.targets, store)
    if args.json:
        print(json.dumps({"removed": removed, "not_found": missing}))
    else:
        for doc_id in removed:
            print(f"removed {doc_id}")
        for t in missing:
            print(
                f"not found: {t} (use a document id from `assistant stats` or an ingested file's path)", file=sys.stderr
            )
    return EXIT_SKIPPED if missing else EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    store = _store(args)
    stats = store.stats()
    docs = store.documents()
    if args.json:
        stats["articles"] = [
            {
                "doc_id": d.doc_id,
                "title": d.title,
                "published": d.published,
                "chunks": d.chunks,
                "path": d.path,
                "url": d.url,
            }
            for d in docs
        ]
        print(json.dumps(stats, ensure_ascii=False))
        return EXIT_OK
    print(f"data:      {stats['where']} (collection {stats['collection']!r})")
    print(f"embedder:  {stats['embedder']} ({stats['embedder_spec']})")
    print(f"documents: {stats['documents']}   chunks: {stats['chunks']}")
    for d in docs:
        print(f"  {d.doc_id}  {d.published or '----------'}  {d.chunks:3d} chunks  {d.title}")
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    store = _store(args)
    passages = store.search(args.query, k=args.k)
    if args.json:
        print(json.dumps([{**p.chunk.__dict__, "score": round(p.score, 4)} for p in passages], ensure_ascii=False))
    else:
        _print_passages(passages)
    return EXIT_OK


def cmd_chat(args: argparse.Namespace, stdin=None) -> int:
    stdin = stdin or sys.stdin
    bot = open_assistant(args)
    filters = _filters_from(args)
    stats = bot.store.stats()
    print(
        f"{stats['documents']} articles, {stats['chunks']} passages, engine {bot.engine}. "
        "Ask a question; follow-ups are understood. 'quit' or Ctrl-D to leave."
    )
    history: list[dict] = []
    while True:
        if stdin.isatty():
            try:
                question = input("you> ")
            except EOFError:
                print()
                break
        else:
            line = stdin.readline()
            if not line:
                break
            question = line
        question = question.strip()
        if question.lower() in {"quit", "exit", ":q"}:
            break
        if not question:
            continue
        try:
            answer = None
            for event in bot.ask_stream(question, history=history, filters=filters, k=args.k):
                if isinstance(event, str):
                    print(event, end="", flush=True, file=sys.stderr)
                else:
                    answer = event
            print_answer(answer)
            history += [{"role": "user", "content": question}, {"role": "assistant", "content": answer.answer}]
        except AssistantError as e:
            print(f"error: {e}", file=sys.stderr)
    return EXIT_OK


def _eval_store(args: argparse.Namespace, tmp: Path, corpus: Path | None) -> Store:
    """The store an eval runs on: ``--data-dir`` as it is, or ``corpus`` ingested into a fresh one under ``tmp``."""
    from .ingest import ingest

    settings = Settings.from_env(data_dir=args.data_dir or tmp / "db", collection=args.collection,
                                 embedder=args.embedder, env={} if not args.data_dir else None)  # fmt: skip
    store = Store.open(settings)
    if not args.data_dir:
        report = ingest([corpus], store, progress=True)
        if report.skipped:
            raise AssistantError(f"The eval corpus {corpus} has bad files: {report.skipped[0].error}")
    return store


def cmd_eval(args: argparse.Namespace) -> int:
    import tempfile

    if args.position_set in ("relations", "relations-heldout"):
        return _eval_relations(args)
    if args.claims:
        return _eval_rated_claims(args)
    if args.position_set or args.positions_gold:
        return _eval_positions(args)  # no plot: matplotlib is not needed
    require_extra("matplotlib", "eval")  # the report's plot; checked before a long run
    from . import evals
    from .service import Assistant

    out = Path(args.out)
    name, gold_path = "bundled", Path(args.gold) if args.gold else evals.GOLD_DEFAULT
    corpus = Path(args.corpus) if args.corpus else evals.EVALS_DIR.parent / "corpus"
    with tempfile.TemporaryDirectory(prefix="assistant-eval-") as tmp:
        if args.fact_check:
            source = Path(args.fact_check)
            if not source.is_file():
                raise AssistantError(f"Fact-check data not found: {source} (pass --fact-check PATH/claimdecomp-test.jsonl)")
            name = "fact-check"
            gold_path, corpus = evals.factcheck_gold(source, Path(tmp) / "set", args.limit)
        cases = evals.load_gold(gold_path)
        store = _eval_store(args, Path(tmp), corpus)
        bot = Assistant(store, args.engine)
        print(f"{name}: {len(cases)} cases over {store.stats()['documents']} documents, engine {bot.engine}",
              file=sys.stderr)  # fmt: skip
        results = evals.run_cases(bot, cases, k=args.k, progress=True)
        metrics = evals.aggregate(results)
        if name == "bundled" and evals.POSITIONS_GOLD.is_file() and not args.gold:
            from .positions import POSITION_ACTS

            metrics.update(evals.score_positions(store.positions(acts=POSITION_ACTS)))
    paths = evals.write_report(out, name, metrics, results)
    print("| metric | value |\n|---|---|")
    for m in evals.HEADLINE:
        if m in metrics:
            print(f"| {m} | {metrics[m]:.3f} |")
    print(f"\nreport: {paths['md']} (+ {paths['json'].name}, {paths['png'].name})")
    if args.compare:
        old = json.loads(Path(args.compare).read_text(encoding="utf-8"))
        rows, flipped = evals.compare(old, json.loads(paths["json"].read_text(encoding="utf-8")))
        print("\n| metric | old | new | delta |\n|---|---|---|---|")
        for m, a, b in rows:
            print(f"| {m} | {a:.3f} | {b:.3f} | {b - a:+.3f} |")
        print("\nflipped cases:" if flipped else "\nno case flipped")
        for line in flipped:
            print(f"  {line}")
    failures = evals.check_thresholds(metrics, evals.load_thresholds().get(name, {}))
    for f in failures:
        print(f"below threshold: {f}", file=sys.stderr)
    return EXIT_SKIPPED if args.check and failures else EXIT_OK


def _eval_rated_claims(args: argparse.Namespace) -> int:
    """`assistant eval --fact-check PATH --claims`: "Is it true that <claim>?" for every ClaimDecomp claim, against
    PolitiFact's rating and the claim's own article."""
    import tempfile
    from dataclasses import asdict

    from . import evals, judge
    from .service import Assistant

    source = Path(args.fact_check or "")
    if not args.fact_check or not source.is_file():
        raise AssistantError(f"--claims needs the fact-check data: pass --fact-check PATH/claimdecomp-test.jsonl "
                             f"(not found: {source})")  # fmt: skip
    claims = judge.rated_claims(source, args.limit)
    with tempfile.TemporaryDirectory(prefix="assistant-eval-") as tmp:
        _, corpus = evals.factcheck_gold(source, Path(tmp) / "set", args.limit)
        store = _eval_store(args, Path(tmp), corpus)
        bot = Assistant(store, args.engine)
        print(f"fact-check claims: {len(claims)} claims over {store.stats()['documents']} documents", file=sys.stderr)
        answers = [_rated_answer(bot, c.claim, args.k) for c in claims]
    metrics = judge.score_rated(claims, answers)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rows = [{**asdict(c), "verdict": a.verdict, "answer": a.answer} for c, a in zip(claims, answers)]
    report = out / "report.json"
    report.write_text(json.dumps({"set": "fact-check-claims", "metrics": metrics, "claims": rows}, ensure_ascii=False,
                                 indent=1), encoding="utf-8")  # fmt: skip
    print("| metric | value |\n|---|---|")
    for m in judge.RATED_HEADLINE:
        print(f"| {m} | {metrics[m]:.3f} |")
    print(f"\nverdicts by rating: {json.dumps(metrics['verdicts_by_rating'])}\nreport: {report}")
    failures = evals.check_thresholds(metrics, evals.load_thresholds().get("fact-check-claims", {}))
    for f in failures:
        print(f"outside threshold: {f}", file=sys.stderr)
    return EXIT_SKIPPED if args.check and failures else EXIT_OK


def _rated_answer(bot: Assistant, claim: str, k: int) -> Answer:
    """The answer to "Is it true that <claim>?"; a claim the assistant refuses (not in English, …) is an abstention
    whose message says why, so one bad record never stops the run."""
    try:
        return bot.ask(f"Is it true that {claim}?", k=k)
    except AssistantError as e:
        return Answer(claim, [Block("message", str(e))], True, "none", notes=[str(e)])


def _eval_relations(args: argparse.Namespace) -> int:
    """`assistant eval --set relations` (or `relations-heldout`): the claim checker on every hand-labelled (claim,
    sentence) pair of the set."""
    from . import evals, judge
    from .embeddings import load_embedder

    name = args.position_set
    pairs = judge.load_pairs(judge.RELATION_SETS[name])
    if args.limit:
        pairs = pairs[: args.limit]
    print(f"{name}: {len(pairs)} labelled pairs from {len({p.article for p in pairs})} articles", file=sys.stderr)
    predicted = judge.predict(pairs, load_embedder().embed)
    metrics = judge.score(pairs, predicted)
    paths = judge.write_report(Path(args.out), name, metrics, pairs, predicted)
    print("| metric | value |\n|---|---|")
    for m in judge.HEADLINE:
        print(f"| {m} | {metrics[m]:.3f} |")
    print(f"\nreport: {paths['md']} (+ {paths['json'].name})")
    failures = evals.check_thresholds(metrics, evals.load_thresholds().get(name, {}))
    for f in failures:
        print(f"outside threshold: {f}", file=sys.stderr)
    return EXIT_SKIPPED if args.check and failures else EXIT_OK


def _eval_positions(args: argparse.Namespace) -> int:
    """`assistant eval --set NAME` / `--positions-gold PATH`: ingest the excerpts into a fresh collection (or use
    --data-dir), score every extracted position (all acts, "said" included) and report the misses per article."""
    import tempfile

    from . import evals

    if args.position_set and args.position_set not in evals.POSITION_SETS:
        raise AssistantError(f"Unknown gold set {args.position_set!r}: use one of {', '.join(evals.POSITION_SETS)}")
    gold_path, corpus = evals.POSITION_SETS.get(args.position_set or "", (None, None))
    name = args.position_set or f"positions:{Path(args.positions_gold).stem}"
    gold_path = Path(args.positions_gold) if args.positions_gold else gold_path
    corpus = Path(args.corpus) if args.corpus else corpus
    if corpus is None and not args.data_dir:
        raise AssistantError("--positions-gold needs the documents it labels: pass --corpus PATH (or --data-dir)")
    gold = evals.load_positions_gold(gold_path)
    with tempfile.TemporaryDirectory(prefix="assistant-eval-") as tmp:
        store = _eval_store(args, Path(tmp), corpus)
        doc_ids = {g["doc_id"] for g in gold}
        predicted = [p for p in store.positions() if p.doc_id in doc_ids]
        print(f"{name}: {len(gold)} gold positions in {len(doc_ids)} documents, {len(predicted)} extracted",
              file=sys.stderr)  # fmt: skip
    metrics = evals.score_positions(predicted, gold)
    breakdown = evals.position_breakdown(predicted, gold)
    paths = evals.write_positions_report(Path(args.out), name, metrics, breakdown)
    print("| metric | value |\n|---|---|")
    for m in ("position_recall", "position_precision", "positions_gold", "positions_predicted"):
        print(f"| {m} | {metrics[m]:.3f} |" if m.endswith(("recall", "precision")) else f"| {m} | {metrics[m]:g} |")
    print(f"\nreport: {paths['md']} (+ {paths['json'].name})")
    failures = evals.check_thresholds(metrics, evals.load_thresholds().get(name, {}))
    for f in failures:
        print(f"below threshold: {f}", file=sys.stderr)
    return EXIT_SKIPPED if args.check and failures else EXIT_OK


def cmd_positions(args: argparse.Namespace) -> int:
    from .positions import POSITION_ACTS, acts_for

    store = _store(args)
    store.check()
    acts = acts_for(args.act) or (None if args.all else POSITION_ACTS)
    found = store.positions(actor=args.actor, acts=acts, doc_id=args.doc_id, date_from=args.since, date_to=args.until)
    if args.json:
        print(json.dumps([p.to_json() for p in found], ensure_ascii=False))
        return EXIT_OK
    if not found:
        print("No positions found" + (f" for {args.actor}" if args.actor else "") + ".")
        return EXIT_OK
    width = max(len(f"{p.group} ({p.actor})") for p in found)
    print(f"{'actor':{width}}  {'act':11}  {'date':10}  content  [doc chars]")
    for p in sorted(found, key=lambda p: (p.group, p.act, p.doc_id, p.start)):
        who = p.group if p.group == p.actor else f"{p.group} ({p.actor})"
        content = p.content if len(p.content) <= 110 else p.content[:108] + "…"
        print(f"{who:{width}}  {p.act:11}  {p.date or '':10}  {content}  [{p.doc_id} {p.start}–{p.end}]")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    bot = open_assistant(args)
    answer = bot.check(args.claim)
    if args.json:
        print(json.dumps(answer.to_json(), ensure_ascii=False))
    else:
        print_answer(answer)
    return EXIT_OK


COMMANDS = {
    "ingest": cmd_ingest,
    "remove": cmd_remove,
    "stats": cmd_stats,
    "search": cmd_search,
    "ask": cmd_ask,
    "eval": cmd_eval,
    "chat": cmd_chat,
    "positions": cmd_positions,
    "check": cmd_check,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "k", None) is not None and args.k < 1:
        print(f"error: -k must be at least 1, got {args.k}", file=sys.stderr)
        return EXIT_ERROR
    try:
        if args.command in FRONTENDS:
            target, _help, needs = FRONTENDS[args.command]
            if needs:
                require_extra(*needs)
            module, _, function = target.partition(":")
            return getattr(importlib.import_module(module), function)(args.args)
        return COMMANDS[args.command](args)
    except AssistantError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and closed
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
