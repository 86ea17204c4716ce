"""The `assistant` command: JSON contract, exit codes, messages, chat REPL.

Run in-process through ``cli`` (``assistant.cli.main``); only what a fresh process alone shows runs ``run_cli``:
the data dir from the environment and ``python -m assistant`` itself.
"""

from __future__ import annotations

import json
import shutil

from conftest import CORPUS, SEED, child_env, run_cli


def test_ingest_json_contract_and_idempotence(cli, tmp_path):
    data = str(tmp_path / "data")
    first = cli("ingest", str(CORPUS), "--data-dir", data, "--json")
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert {k: report[k] for k in ("documents", "chunks", "unchanged", "skipped")} == {
        "documents": 1,
        "chunks": 8,
        "unchanged": 0,
        "skipped": [],
    }
    second = json.loads(cli("ingest", str(CORPUS), "--data-dir", data, "--json").stdout)
    assert (second["documents"], second["chunks"], second["unchanged"]) == (0, 0, 1)


def test_skipped_files_exit_status_and_one_line_errors(cli, tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(SEED, d)
    (d / "empty.md").write_text("")
    (d / "bad.jsonl").write_text("{oops\n")
    out = cli("ingest", str(d), "--data-dir", str(tmp_path / "data"), "--json")
    assert out.returncode == 1  # something was skipped
    report = json.loads(out.stdout)
    assert report["documents"] == 1
    assert sorted((s["path"].rsplit("/", 1)[-1], s["error"][:12]) for s in report["skipped"]) == [
        ("bad.jsonl:1", "invalid JSON"),
        ("empty.md", "empty file"),
    ]
    lines = [ln for ln in out.stderr.splitlines() if ln.startswith("skipped ")]
    assert len(lines) == 2 and any(ln.endswith("empty.md: empty file") for ln in lines)


def test_human_output_stats_remove_and_rebuild(cli, tmp_path):
    data = str(tmp_path / "data")
    out = cli("ingest", str(SEED), "--data-dir", data)
    assert out.returncode == 0 and "1 documents ingested (8 chunks)" in out.stdout
    stats = cli("stats", "--data-dir", data)
    assert "documents: 1   chunks: 8" in stats.stdout and "all-MiniLM-L6-v2-int8@8199be6f" in stats.stdout
    assert "istanbul-talks-2025-06-02  2025-06-02" in stats.stdout
    rebuilt = json.loads(cli("ingest", str(SEED), "--data-dir", data, "--rebuild", "--json").stdout)
    assert rebuilt["documents"] == 1  # dropped and rebuilt
    gone = cli("remove", "istanbul-talks-2025-06-02", "--data-dir", data)
    assert gone.returncode == 0 and gone.stdout.strip() == "removed istanbul-talks-2025-06-02"
    missing = cli("remove", "istanbul-talks-2025-06-02", "--data-dir", data)
    assert missing.returncode == 1 and "not found: istanbul-talks-2025-06-02" in missing.stderr
    assert json.loads(cli("stats", "--data-dir", data, "--json").stdout)["chunks"] == 0


def test_data_dir_from_environment(tmp_path):
    """Subprocess: ASSISTANT_DATA_DIR as a fresh process reads it."""
    env = child_env(ASSISTANT_DATA_DIR=str(tmp_path / "envdata"))
    assert run_cli("ingest", str(SEED), "--quiet", env=env).returncode == 0
    assert (tmp_path / "envdata" / "chroma").is_dir()


def test_search_json_has_exact_offsets(cli, seeded_store):
    data = str(seeded_store.settings.data_dir)
    hits = json.loads(cli("search", "prisoner swap", "-k", "2", "--data-dir", data, "--json").stdout)
    text = SEED.read_text(encoding="utf-8")
    assert len(hits) == 2
    for h in hits:
        assert text[h["start"] : h["end"]] == h["text"] and h["doc_id"] == "istanbul-talks-2025-06-02"


def test_search_human_output(cli, seeded_store):
    out = cli("search", "prisoner swap", "-k", "2", "--data-dir", str(seeded_store.settings.data_dir))
    assert out.returncode == 0 and out.stdout.startswith("[1] Russia and Ukraine swap fire")
    assert "[2] " in out.stdout and "chars " in out.stdout and "(score " in out.stdout


def test_chat_repl_answers_from_stdin(cli, seeded_store):
    data = str(seeded_store.settings.data_dir)
    out = cli("chat", "--data-dir", data, "-k", "1", input="Who called for a direct meeting with Putin?\n\nquit\n")
    assert out.returncode == 0, out.stderr
    assert "1 articles, 8 passages" in out.stdout
    assert out.stdout.count("[1] Russia and Ukraine swap fire") == 1


def test_chat_repl_ends_at_end_of_input_and_keeps_the_conversation(cli, seeded_store):
    data = str(seeded_store.settings.data_dir)
    out = cli("chat", "--data-dir", data, input="What does Russia demand?\nand what did Kyiv propose?\n")  # no quit
    assert out.returncode == 0, out.stderr
    assert "root causes" in out.stdout and "(understood as: what did Kyiv propose?)" in out.stdout
    assert "roadmap for lasting peace" in out.stdout


def test_errors_are_one_line_with_the_fix(cli, tmp_path):
    empty = cli("chat", "--data-dir", str(tmp_path / "none"), input="hi\n")
    assert empty.returncode == 2 and "run `assistant ingest corpus/` first" in empty.stderr
    search = cli("search", "x", "--data-dir", str(tmp_path / "none"))
    assert search.returncode == 2 and search.stderr.startswith("error: Nothing ingested")
    assert "Traceback" not in search.stderr
    bad = cli("stats", "--collection", "no way!", "--data-dir", str(tmp_path))
    assert bad.returncode == 2 and "Invalid collection name 'no way!'" in bad.stderr
    emb = cli("stats", "--embedder", "bert", "--data-dir", str(tmp_path))
    assert emb.returncode == 2 and "Unknown embedder 'bert'" in emb.stderr
    k = cli("search", "x", "-k", "0", "--data-dir", str(tmp_path))
    assert k.returncode == 2 and "-k must be at least 1" in k.stderr


def test_in_process_calls_do_not_leak_into_each_other(cli, seeded_store, tmp_path, monkeypatch):
    """Each call reads its own arguments and the environment of its moment; nothing sticks from a previous call."""
    data = str(seeded_store.settings.data_dir)
    assert json.loads(cli("stats", "--data-dir", data, "--json").stdout)["documents"] == 1
    assert json.loads(cli("stats", "--data-dir", str(tmp_path / "other"), "--json").stdout)["documents"] == 0
    monkeypatch.setenv("ASSISTANT_DATA_DIR", data)
    assert json.loads(cli("stats", "--json").stdout)["documents"] == 1
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "other"))
    assert json.loads(cli("stats", "--json").stdout)["documents"] == 0
    first = cli("ask", "Who called for a ceasefire?", "--data-dir", data)
    assert first.stdout.count("[1] Russia and Ukraine swap fire") == 1 and first.stderr == ""
    again = cli("ask", "Who called for a ceasefire?", "--data-dir", data)
    assert again == first  # the same output, printed to this call's stdout


def test_version_and_console_script_module(cli):
    out = run_cli("--version")  # `python -m assistant` itself, in a fresh process
    assert out.returncode == 0 and out.stdout.startswith("assistant 0.1.0")
    assert cli("--version") == (0, out.stdout, "")
    usage = cli("ask", "--engine", "nope")
    assert usage.returncode == 2 and "invalid choice: 'nope'" in usage.stderr
