"""OpenAI embeddings at the protocol level: a local server speaking /v1/embeddings, plus a live test."""

from __future__ import annotations

import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest

from assistant.config import Settings
from assistant.embeddings import load_embedder
from assistant.errors import EmbedderMismatchError, StoreError
from assistant.ingest import ingest
from assistant.llm import OpenAIEmbedder
from assistant.store import Store
from conftest import LIVE_OPENAI, SEED, child_env, run_cli, send_json

DIM = 512


def fake_vector(text: str) -> list[float]:
    """A deterministic bag-of-words vector, so similar texts get similar vectors."""
    v = np.zeros(DIM)
    for word in text.lower().split():
        v[int(hashlib.md5(word.strip(".,“”\"'").encode()).hexdigest(), 16) % DIM] += 1.0
    return (v + 1e-3).tolist()


class EmbeddingsAPI(BaseHTTPRequestHandler):
    requests: list[dict] = []
    fail_with: int | None = None

    def log_message(self, *args):  # keep test output clean
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append({"path": self.path, "auth": self.headers.get("Authorization"), "body": body})
        if self.path != "/v1/embeddings":
            return self._send(404, {"error": {"message": "not found", "type": "invalid_request_error"}})
        if type(self).fail_with:
            return self._send(type(self).fail_with, {"error": {"message": "overloaded", "type": "server_error"}})
        inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
        data = [{"object": "embedding", "index": i, "embedding": fake_vector(t)} for i, t in enumerate(inputs)]
        data.reverse()  # clients must order by index, not by position
        self._send(
            200,
            {"object": "list", "data": data, "model": body["model"], "usage": {"prompt_tokens": 1, "total_tokens": 1}},
        )

    def _send(self, status: int, payload: dict):
        send_json(self, status, payload)


@pytest.fixture
def api(monkeypatch):
    EmbeddingsAPI.requests = []
    EmbeddingsAPI.fail_with = None
    server = ThreadingHTTPServer(("127.0.0.1", 0), EmbeddingsAPI)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()  # quick shutdown()
    url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    monkeypatch.setenv("OPENAI_BASE_URL", url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-real")
    yield url
    server.shutdown()


def test_openai_embedder_speaks_the_wire_format(api):
    emb = OpenAIEmbedder("text-embedding-3-small")
    vecs = emb.embed(["Kyiv proposed a roadmap", "Moscow refused", ""])
    assert vecs.shape == (3, DIM) and np.allclose(np.linalg.norm(vecs, axis=1), 1, atol=1e-5)
    expected = np.asarray(fake_vector("Kyiv proposed a roadmap"))
    assert np.allclose(vecs[0], expected / np.linalg.norm(expected), atol=1e-5)  # order by index
    req = EmbeddingsAPI.requests[-1]
    assert req["path"] == "/v1/embeddings" and req["auth"] == "Bearer sk-test-not-real"
    assert req["body"]["model"] == "text-embedding-3-small" and req["body"]["input"][2] == " "
    assert emb.identity == "openai:text-embedding-3-small" and emb.dim == DIM


def test_ingest_and_search_with_openai_embeddings(api, tmp_path):
    settings = Settings.from_env(data_dir=tmp_path / "data", env={})
    store = Store.open(settings, OpenAIEmbedder("text-embedding-3-small"))
    assert ingest([SEED], store).chunks == 8
    top = store.search("ceasefire agreement must address the root causes", k=1)[0]
    assert "root causes" in top.chunk.text
    with pytest.raises(EmbedderMismatchError, match="openai:text-embedding-3-small"):
        Store.open(settings, load_embedder("minilm")).search("x")


def test_cli_with_openai_embedder_and_mismatch_message(api, tmp_path, cli):
    data = str(tmp_path / "data")
    env = child_env(OPENAI_BASE_URL=api, OPENAI_API_KEY="sk-test-not-real", ASSISTANT_EMBEDDER="openai")
    out = run_cli("ingest", str(SEED), "--data-dir", data, "--json", env=env)  # the settings from a fresh environment
    assert out.returncode == 0, out.stderr
    assert "sk-test-not-real" not in out.stdout + out.stderr  # secrets never printed
    mismatch = cli("search", "ceasefire", "--data-dir", data)  # in-process, no endpoint configured: minilm
    assert mismatch.returncode == 2
    assert "built with embedder openai:text-embedding-3-small" in mismatch.stderr
    assert "assistant ingest --rebuild" in mismatch.stderr


def test_endpoint_errors_become_clear_store_errors(api):
    EmbeddingsAPI.fail_with = 400
    with pytest.raises(StoreError, match="Embedding request to http://127.0.0.1:.* failed"):
        OpenAIEmbedder("text-embedding-3-small").embed(["x"])


@pytest.mark.integration
@pytest.mark.skipif(not LIVE_OPENAI.get("OPENAI_API_KEY"), reason="set OPENAI_API_KEY to run live tests")
def test_live_openai_embeddings(monkeypatch, tmp_path):
    monkeypatch.setenv("NETGUARD_OFF", "1")
    for k, v in LIVE_OPENAI.items():
        monkeypatch.setenv(k, v)
    emb = OpenAIEmbedder("text-embedding-3-small")
    store = Store.open(Settings.from_env(data_dir=tmp_path, env={}), emb)
    assert ingest([SEED], store).chunks == 8
    assert "root causes" in store.search("What must a ceasefire address, according to Russia?", k=2)[0].chunk.text
