"""Ingest into a real embedded Chroma: spans, idempotence, replacement, bad input, mismatch, reopen."""

from __future__ import annotations

import json
import os
import shutil
import textwrap
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.errors import EmbedderMismatchError, StoreError
from assistant.ingest import ingest, remove
from assistant.store import Store
from assistant.types import Filters
from conftest import FIXTURES, SEED, child_env, run_cli


def assert_spans_exact(store: Store) -> int:
    """Every stored chunk equals its document's text at [start:end]; returns the chunk count."""
    n = 0
    for info in store.documents():
        doc = store.document(info.doc_id)
        chunks = store.chunks(info.doc_id)
        assert doc is not None and len(chunks) == info.chunks > 0
        for c in chunks:
            assert doc.text[c.start : c.end] == c.text, (c.doc_id, c.start)
            n += 1
    return n


def test_ingest_seed_and_every_fixture(store, corpus_copy):
    report = ingest([corpus_copy], store)
    assert report.skipped == []
    # seed + repeated-sentences + long-repeats + html + 2 jsonl records
    assert report.documents == 6
    assert assert_spans_exact(store) == report.chunks == store.stats()["chunks"]
    seed = store.document("istanbul-talks-2025-06-02")
    assert seed.text == SEED.read_text(encoding="utf-8")  # full original text kept for citation context
    info = {d.doc_id: d for d in store.documents()}["istanbul-talks-2025-06-02"]
    assert (info.title, info.published) == (
        "Russia and Ukraine swap fire as they head to Istanbul peace talks",
        "2025-06-02",
    )


def test_search_finds_the_right_passage(store):
    ingest([SEED, FIXTURES / "wire.jsonl"], store)
    top = store.search("How many drones did Russia say it intercepted?", k=3)
    assert any("162" in p.chunk.text for p in top)
    hit = store.search("Who wants NATO security guarantees for Ukraine?", k=1)[0]
    assert "security guarantees" in hit.chunk.text and hit.chunk.doc_id == "istanbul-talks-2025-06-02"
    # backend-neutral filters, translated by the store
    wire_only = store.search("drones", k=5, filters=Filters(source="Wire"))
    assert wire_only and all(p.chunk.source == "Wire" for p in wire_only)
    june_3_on = store.search("talks", k=10, filters=Filters(published_from="2025-06-03"))
    assert june_3_on and all(p.chunk.published >= "2025-06-03" for p in june_3_on)
    vector = store.embedder.embed(["drones"])[0]  # a query vector works as well as its text
    assert [p.chunk.chunk_id for p in store.search(vector, k=5, filters=Filters(source="Wire"))] == [
        p.chunk.chunk_id for p in wire_only
    ]


def test_reingest_is_idempotent(store, corpus_copy):
    first = ingest([corpus_copy], store)
    ids_before = {c.chunk_id for d in store.documents() for c in store.chunks(d.doc_id)}
    second = ingest([corpus_copy], store)
    assert (second.documents, second.chunks, second.unchanged, second.removed) == (0, 0, first.documents, 0)
    ids_after = {c.chunk_id for d in store.documents() for c in store.chunks(d.doc_id)}
    assert ids_after == ids_before
    assert store.stats()["chunks"] == first.chunks


def test_changed_file_replaces_its_old_chunks(store, tmp_path):
    f = tmp_path / "article.txt"
    f.write_text("Old headline\n\nThe minister said talks would resume in May.\n")
    ingest([f], store)
    f.write_text("New headline\n\nThe minister said talks would resume in July, not May.\n")
    report = ingest([f], store)
    assert (report.documents, report.unchanged) == (1, 0)
    chunks = store.chunks("article")
    assert [c.text for c in chunks] == ["New headline\n\nThe minister said talks would resume in July, not May."]
    assert store.stats()["chunks"] == 1
    assert store.document("article").title == "New headline"
    assert_spans_exact(store)


def test_records_gone_from_a_jsonl_file_are_removed(store, tmp_path):
    f = tmp_path / "feed.jsonl"
    rec = [{"id": f"r{i}", "title": f"T{i}", "text": f"Record number {i} says something."} for i in range(3)]
    f.write_text("\n".join(json.dumps(r) for r in rec))
    ingest([f], store)
    f.write_text("\n".join(json.dumps(r) for r in rec[:2]))
    report = ingest([f], store)
    assert (report.removed, report.unchanged) == (1, 2)
    assert [d.doc_id for d in store.documents()] == ["r0", "r1"]


def test_remove_by_id_and_by_path(store, corpus_copy):
    ingest([corpus_copy], store)
    removed, missing = remove(["istanbul-talks-2025-06-02", str(corpus_copy / "wire.jsonl"), "nope"], store)
    assert sorted(removed)[0] == "istanbul-talks-2025-06-02" and len(removed) == 3 and missing == ["nope"]
    left = {d.doc_id for d in store.documents()}
    assert "istanbul-talks-2025-06-02" not in left and "wire-001" not in left
    assert store.chunks("istanbul-talks-2025-06-02") == []
    assert store.stats()["chunks"] == sum(d.chunks for d in store.documents())


def test_bad_inputs_are_skipped_and_the_rest_goes_on(store, corpus_copy):
    ingest([corpus_copy / SEED.name], store)
    before = store.stats()["chunks"]
    bad = corpus_copy
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (bad / "latin1.txt").write_bytes("Caf\u00e9 cr\u00e8me".encode("latin-1"))
    (bad / "scripts-only.html").write_text("<html><head><script>x()</script></head><body><script>y()</script></body>")
    (bad / "mixed.jsonl").write_text('{"id": "good", "title": "Good", "text": "Fine text."}\n{broken\n')
    with open(bad / "huge.txt", "wb") as f:
        f.truncate(50 * 1024 * 1024)
    report = ingest([bad, bad / "does-not-exist.md"], store)
    errors = {Path(s.path.split(":")[0]).name: s.error for s in report.skipped}
    assert errors["empty.txt"] == "empty file"
    assert errors["binary.txt"].startswith("binary file")
    assert "not valid UTF-8" in errors["latin1.txt"]
    assert errors["scripts-only.html"].startswith("no article text")
    assert "invalid JSON" in errors["mixed.jsonl"]
    assert "over the 20 MB limit" in errors["huge.txt"]
    assert errors["does-not-exist.md"] == "no such file or folder"
    assert len(report.skipped) == 7
    ids = {d.doc_id for d in store.documents()}
    assert {"good", "istanbul-talks-2025-06-02", "talks-report", "wire-001"} <= ids  # the rest went in
    assert report.unchanged == 1 and store.stats()["chunks"] > before
    assert_spans_exact(store)


def test_a_file_that_vanishes_mid_run_is_skipped_and_loses_nothing(store, corpus_copy, monkeypatch):
    ingest([corpus_copy], store)
    stored = {d.doc_id for d in store.documents()}
    from assistant import ingest as ingest_module

    real_parse = ingest_module.parse_file

    def parse_then_vanish(path, limit):
        if path.name == "repeated-sentences.txt":
            path.unlink()  # the file is deleted between discovery and reading
        return real_parse(path, limit)

    monkeypatch.setattr(ingest_module, "parse_file", parse_then_vanish)
    (corpus_copy / "repeated-sentences.txt").write_text("Changed so it must be re-read\n\nNew text.\n")
    report = ingest([corpus_copy], store)
    assert [(Path(s.path).name, s.error.split(" (")[0]) for s in report.skipped] == [
        ("repeated-sentences.txt", "file disappeared during the ingest")
    ]
    assert {d.doc_id for d in store.documents()} == stored  # its old version is still there


def test_duplicate_doc_ids_in_one_run(store, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "same.txt").write_text("One\n\nFirst text.\n")
    (tmp_path / "b" / "same.md").write_text("Two\n\nSecond text.\n")
    report = ingest([tmp_path], store)
    assert report.documents == 1 and len(report.skipped) == 1
    assert "document id 'same' is also used by" in report.skipped[0].error


def test_batches_respect_chromas_max_batch_size(settings, embedder, tmp_path, monkeypatch):
    store = Store.open(settings, embedder)
    asked: list[int] = []
    monkeypatch.setattr(store.backend, "max_batch", lambda: asked.append(1) or 3)
    col = store.chunk_index.collection.open(create=True)
    real_upsert = col.upsert
    calls: list[int] = []

    def counting_upsert(**kw):
        calls.append(len(kw["ids"]))
        return real_upsert(**kw)

    col.upsert = counting_upsert
    ingest([SEED], store)
    assert sum(calls) == 8 and max(calls) <= 3
    assert asked == [1]  # asked of Chroma once, not per write


def test_stored_metadata_keys_are_unchanged(store, tmp_path):
    """An existing database keeps opening: the collections and metadata keys written are exactly these."""
    f = tmp_path / "article.md"
    f.write_text(
        "---\ntitle: Talks\nurl: https://example.org/talks\npublished: 2025-06-03\nsource: Wire\n---\n\n"
        "Russia continues to demand an end to the war. Ukraine proposed a prisoner exchange.\n"
    )
    ingest([f], store)
    client = store.backend.client
    names = {"articles", "articles-docs", "articles-positions", "articles-analyses"}
    assert {c.name for c in client.list_collections()} == names
    for name in names:
        assert set(client.get_collection(name).metadata) == {"embedder", "embedder_spec"}

    def keys(name: str) -> set[str]:
        metas = client.get_collection(name).get(include=["metadatas"])["metadatas"]
        assert metas
        return set().union(*metas)

    assert keys("articles") == {
        "doc_id", "index", "start", "end", "title", "url", "path", "published", "published_day", "source",
    }  # fmt: skip
    assert keys("articles-docs") == {
        "title", "kind", "origin", "url", "path", "published", "published_day", "source", "chunks", "chars",
        "fingerprint", "pipeline", "segments",
    }  # fmt: skip
    assert keys("articles-positions") == {
        "doc_id", "actor", "group", "act", "start", "end", "sentence_start", "sentence_end", "date",
        "published_day",
    }  # fmt: skip
    assert keys("articles-analyses") == {"doc_id", "version"}
    every_chunk_key = {"doc_id", "index", "start", "end", "title", "url", "path", "published", "published_day", "source"}
    from assistant.types import Chunk

    assert set(Chunk("c", "d", 0, 0, 1, "x", "t", "u", "p", "2025-06-03", "s").to_meta()) == every_chunk_key
    from assistant.positions import Position

    full = Position("p", "d", "a", "g", "demanded", "x", 0, 1, 0, 2, "2025-06-03", "NATO", 5, 9)
    assert set(full.to_meta()) == {
        "doc_id", "actor", "group", "act", "start", "end", "sentence_start", "sentence_end", "date",
        "published_day", "target", "antecedent_start", "antecedent_end",
    }  # fmt: skip
    assert Position.from_meta("p", "x", full.to_meta()) == full


def test_embedder_mismatch_is_refused(settings, embedder, tmp_path):
    from assistant.embeddings import minilm_paths, onnx_dir_embedder

    ingest([SEED], Store.open(settings, embedder))
    d = tmp_path / "other-model"
    d.mkdir()
    model, tok = minilm_paths()
    shutil.copy(model, d / "model.onnx")
    shutil.copy(tok, d / "tokenizer.json")
    other = Store.open(settings, onnx_dir_embedder(d))
    with pytest.raises(EmbedderMismatchError, match=r"built with embedder all-MiniLM-L6-v2-int8@.*--rebuild"):
        other.search("ceasefire")
    with pytest.raises(EmbedderMismatchError):
        ingest([SEED], other)
    other.drop()  # what `ingest --rebuild` does
    assert ingest([SEED], other).documents == 1
    assert other.stats()["embedder"].startswith("onnx-other-model@")


def test_search_before_ingest_says_what_to_do(store):
    with pytest.raises(StoreError, match="run `assistant ingest corpus/` first"):
        store.search("anything")


def test_langchain_vectorstore_view(store):
    from assistant.langchain_view import langchain_vectorstore

    ingest([SEED], store)
    vs = langchain_vectorstore(store)
    docs = vs.similarity_search("direct meeting with Putin", k=3)
    ours = store.search("direct meeting with Putin", k=3)
    assert [d.page_content for d in docs] == [p.chunk.text for p in ours]  # same vectors, same order
    assert any("direct meeting with Putin" in d.page_content for d in docs)
    assert docs[0].metadata["doc_id"] == "istanbul-talks-2025-06-02"


def test_reopen_in_a_new_process_with_no_network(tmp_path, settings, embedder):
    ingest([SEED], Store.open(settings, embedder))
    script = textwrap.dedent(
        f"""
        import socket, chromadb
        # plain chromadb, reopening by name: the registered function is rebuilt, nothing is downloaded
        import assistant.store
        from chromadb.config import Settings
        client = chromadb.PersistentClient(path={str(settings.data_dir / "chroma")!r},
                                           settings=Settings(anonymized_telemetry=False))
        col = client.get_collection("articles")
        res = col.query(query_texts=["Who called for a direct meeting with Putin?"], n_results=1)
        print(res["metadatas"][0][0]["doc_id"], "Putin" in res["documents"][0][0])
        try:
            socket.create_connection(("1.1.1.1", 443), timeout=2)
            print("NETWORK-OPEN")
        except OSError:
            print("network-blocked")
        """
    )
    env = child_env(HOME=str(tmp_path / "home"))
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["istanbul-talks-2025-06-02", "True", "network-blocked"]
    assert not (tmp_path / "home" / ".cache" / "chroma").exists()  # Chroma's default model never fetched

    cli = run_cli("stats", "--json", "--data-dir", str(settings.data_dir), env=env)
    assert cli.returncode == 0, cli.stderr
    stats = json.loads(cli.stdout)
    assert (stats["documents"], stats["chunks"]) == (1, 8)


@pytest.mark.unit
def test_settings_errors():
    from assistant.errors import ConfigError

    with pytest.raises(ConfigError, match="Invalid collection name 'a b'"):
        Settings.from_env(collection="a b", env={})
    with pytest.raises(ConfigError, match="CHROMA_PORT='http' is not a port"):
        Settings.from_env(env={"CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": "http"})
    s = Settings.from_env(env={"ASSISTANT_DATA_DIR": "/srv/x", "CHROMA_HOST": "db", "CHROMA_PORT": "9000"})
    assert (s.data_dir, s.server) == (Path("/srv/x"), ("db", 9000))
    assert Settings.from_env(env={"HOME": os.environ.get("HOME", "/root")}).data_dir.name == "fact-check-assistant"


def test_prune_removes_documents_whose_file_is_gone(store, corpus_copy, tmp_path):
    other = tmp_path / "elsewhere.txt"
    other.write_text("Elsewhere\n\nA file outside the folder.\n")
    ingest([corpus_copy, other], store)
    (corpus_copy / "repeated-sentences.txt").unlink()
    other.unlink()
    report = ingest([corpus_copy], store)  # without prune nothing is removed
    assert report.removed == 0 and "repeated-sentences" in {d.doc_id for d in store.documents()}
    report = ingest([corpus_copy], store, prune=True)
    ids = {d.doc_id for d in store.documents()}
    assert report.removed == 1 and "repeated-sentences" not in ids
    assert "elsewhere" in ids  # only files under the given folders are pruned


def test_progress_bar_for_more_than_a_few_documents(store, tmp_path, capsys):
    for i in range(7):
        (tmp_path / f"a{i}.txt").write_text(f"Title {i}\n\nBody number {i}.\n")
    ingest([tmp_path], store, progress=True)
    assert "ingest" in capsys.readouterr().err
    ingest([tmp_path / "a0.txt"], store, progress=True)
    assert capsys.readouterr().err == ""
