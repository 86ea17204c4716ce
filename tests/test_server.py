"""Server mode against a real `chroma run` on loopback, started and stopped by PID."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED, child_env, free_port, run_cli, wait_for_http

from assistant.config import Settings
from assistant.errors import StoreError
from assistant.ingest import ingest
from assistant.store import Store

pytestmark = pytest.mark.server


def chroma_binary() -> str:
    local = Path(sys.executable).parent / "chroma"
    found = str(local) if local.exists() else shutil.which("chroma")
    if not found:
        pytest.fail("the `chroma` command (installed with chromadb) is missing: run `make test` to install")
    return found


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    path = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    log = open(path / "server.log", "w")
    proc = subprocess.Popen(
        [chroma_binary(), "run", "--path", str(path / "db"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    wait_for_http(f"http://127.0.0.1:{port}/api/v2/heartbeat", proc, path / "server.log", "chroma run", 60)
    yield ("127.0.0.1", port)
    os.kill(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    log.close()


def server_settings(server, collection: str) -> Settings:
    host, port = server
    return Settings.from_env(collection=collection, env={"CHROMA_HOST": host, "CHROMA_PORT": str(port)})


def test_ingest_search_and_reingest_on_a_server(chroma_server, embedder, tmp_path):
    settings = server_settings(chroma_server, "server-seed")
    store = Store.open(settings, embedder)
    assert store.settings.where == f"Chroma server http://127.0.0.1:{chroma_server[1]}"
    report = ingest([SEED], store)
    assert (report.documents, report.chunks, report.skipped) == (1, 8, [])
    doc = store.document("istanbul-talks-2025-06-02")
    for c in store.chunks("istanbul-talks-2025-06-02"):
        assert doc.text[c.start : c.end] == c.text
    hit = store.search("How many Ukrainian drones were intercepted over the Kursk region?", k=2)
    assert any("57 intercepted over the Kursk region" in p.chunk.text for p in hit)
    again = ingest([SEED], Store.open(settings, embedder))
    assert (again.documents, again.unchanged) == (0, 1)
    assert not (tmp_path / "data").exists()  # nothing was written locally


def test_cli_uses_the_server_from_the_environment(chroma_server, tmp_path):
    host, port = chroma_server
    env = child_env(CHROMA_HOST=host, CHROMA_PORT=str(port), HOME=str(tmp_path))
    out = run_cli("ingest", str(SEED), "--collection", "server-cli", "--json", env=env)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["chunks"] == 8
    stats = json.loads(run_cli("stats", "--json", "--collection", "server-cli", env=env).stdout)
    assert stats["where"].startswith("Chroma server") and stats["documents"] == 1
    data = tmp_path / ".local" / "share" / "fact-check-assistant"
    assert not (data / "chroma").exists()  # the data lives on the server; only the BM25 cache is local
    assert (data / "bm25" / "server-cli" / "ids.json").exists()


def test_unreachable_server_gives_a_clear_error(embedder):
    settings = Settings.from_env(env={"CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(free_port())})
    with pytest.raises(StoreError, match="Cannot reach the Chroma server .*unset CHROMA_HOST"):
        Store.open(settings, embedder)
