"""Everything that talks to an OpenAI-compatible endpoint (OpenAI, vLLM, llama.cpp, Ollama).

This is the only module that imports ``openai``. Credentials come from the
environment: ``OPENAI_API_KEY`` for OpenAI, ``OPENAI_BASE_URL`` (+ any key) for
a self-hosted server.

Example:
    >>> import os
    >>> from assistant.llm import endpoint_configured
    >>> endpoint_configured({})
    False
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

import numpy as np

from .errors import ConfigError, StoreError

EMBED_BATCH = 256


def endpoint_configured(env: Mapping[str, str] | None = None) -> bool:
    """True when an OpenAI-compatible endpoint is configured in the environment."""
    env = os.environ if env is None else env
    return bool(env.get("OPENAI_BASE_URL") or env.get("OPENAI_API_KEY"))


def openai_client(timeout: float = 30.0):  # -> openai.OpenAI (kept out of the signature on purpose)
    """An ``openai.OpenAI`` client for the configured endpoint."""
    import openai

    base_url = os.environ.get("OPENAI_BASE_URL") or None
    key = os.environ.get("OPENAI_API_KEY")
    if not base_url and not key:
        raise ConfigError("No OpenAI-compatible endpoint configured: set OPENAI_BASE_URL or OPENAI_API_KEY")
    # Self-hosted servers (vLLM, llama.cpp, Ollama) accept any key.
    return openai.OpenAI(api_key=key or "not-needed", base_url=base_url, timeout=timeout, max_retries=2)


class OpenAIEmbedder:
    """Embeddings from ``/v1/embeddings`` of the configured endpoint."""

    def __init__(self, model: str = "text-embedding-3-small", timeout: float = 30.0) -> None:
        if not model:
            raise ConfigError("OpenAI embedding model name is empty: set OPENAI_EMBEDDING_MODEL")
        self.model = model
        self.spec = f"openai:{model}"
        self.identity = f"openai:{model}"
        self._client = openai_client(timeout)
        self._dim: int | None = None

    @property
    def dim(self) -> int:
        if self._dim is None:
            self._dim = int(self.embed(["dimension probe"]).shape[1])
        return self._dim

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        import openai

        texts = list(texts)
        rows: list[list[float]] = []
        for b in range(0, len(texts), EMBED_BATCH):
            batch = [t if t.strip() else " " for t in texts[b : b + EMBED_BATCH]]
            try:
                resp = self._client.embeddings.create(model=self.model, input=batch)
            except openai.APIError as e:
                raise StoreError(f"Embedding request to {self._client.base_url} failed: {e}") from e
            data = sorted(resp.data, key=lambda d: d.index)
            if len(data) != len(batch):
                raise StoreError(f"Endpoint returned {len(data)} embeddings for {len(batch)} inputs")
            rows.extend(d.embedding for d in data)
        if not rows:
            return np.zeros((0, self._dim or 0), dtype=np.float32)
        arr = np.asarray(rows, dtype=np.float32)
        arr /= np.clip(np.linalg.norm(arr, axis=1, keepdims=True), 1e-12, None)
        self._dim = arr.shape[1]
        return arr
