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


# -- the LLM answer engine -----------------------------------------------------------------------

DEFAULT_CHAT_MODEL = "gpt-4o-mini"


class LLMError(Exception):
    """The endpoint failed, timed out or replied with something unusable (the caller falls back)."""


def chat_model(model: str | None = None, timeout: float = 20.0, streaming: bool = False):
    """A LangChain ``ChatOpenAI`` for the configured endpoint (model from ``$ASSISTANT_LLM_MODEL``)."""
    from langchain_openai import ChatOpenAI

    base_url = os.environ.get("OPENAI_BASE_URL") or None
    key = os.environ.get("OPENAI_API_KEY")
    if not base_url and not key:
        raise ConfigError("No OpenAI-compatible endpoint configured: set OPENAI_BASE_URL or OPENAI_API_KEY")
    return ChatOpenAI(
        model=model or os.environ.get("ASSISTANT_LLM_MODEL") or DEFAULT_CHAT_MODEL,
        base_url=base_url,
        api_key=key or "not-needed",
        timeout=timeout,
        max_retries=0,  # a failure falls back to the offline engine at once
        temperature=0,
        streaming=streaming,
    )


def format_sources(passages: Sequence) -> str:
    """Sources as numbered, delimited blocks; the text inside is data."""
    blocks = []
    for i, p in enumerate(passages, start=1):
        c = p.chunk
        meta = ", ".join(x for x in (c.title, c.published, c.source) if x)
        blocks.append(f"[S{i}] ({meta})\n<<<\n{c.text}\n>>>")
    return "\n\n".join(blocks)


def parse_reply(content: str) -> dict:
    """The JSON object in a model reply (tolerates code fences and text around it)."""
    import json
    import re

    m = re.search(r"\{.*\}", content, re.S)
    if not m:
        raise LLMError(f"reply is not JSON: {content[:120]!r}")
    try:
        data = json.loads(m.group(0))
    except json.JSONDecodeError as e:
        raise LLMError(f"reply is not valid JSON ({e.msg})") from e
    if not isinstance(data, dict) or not isinstance(data.get("sentences", []), list):
        raise LLMError("reply has no 'sentences' list")
    return data


class LLMEngine:
    """Answers with any OpenAI-compatible chat model; quotes are mapped to exact spans by the caller."""

    name = "llm"

    def __init__(self, model: str | None = None, timeout: float = 20.0) -> None:
        self.model_name = model
        self.timeout = timeout

    def _messages(self, question: str, passages: Sequence) -> list:
        from langchain_core.messages import HumanMessage

        from .prompts import load_prompt

        return [HumanMessage(load_prompt("answer", question=question, sources=format_sources(passages)))]

    def complete(self, question: str, passages: Sequence) -> dict:
        """The model's parsed reply; raises LLMError on any failure."""
        try:
            reply = chat_model(self.model_name, self.timeout).invoke(self._messages(question, passages))
        except ConfigError:
            raise
        except Exception as e:  # connection refused, timeout, HTTP 5xx, bad payload
            raise LLMError(f"{type(e).__name__}: {e}") from e
        return parse_reply(str(reply.content))

    def stream(self, question: str, passages: Sequence):
        """Yield text deltas as they arrive, then return the parsed reply (``StopIteration.value``)."""
        parts: list[str] = []
        try:
            for chunk in chat_model(self.model_name, self.timeout, streaming=True).stream(
                self._messages(question, passages)
            ):
                delta = str(chunk.content or "")
                if delta:
                    parts.append(delta)
                    yield delta
        except ConfigError:
            raise
        except Exception as e:
            raise LLMError(f"{type(e).__name__}: {e}") from e
        return parse_reply("".join(parts))

    def judge(self, claim: str, evidence: Sequence[str]) -> dict:
        """An LLM's verdict on a claim given the evidence sentences: {"verdict", "reason"}."""
        import json
        import re

        from langchain_core.messages import HumanMessage

        from .prompts import load_prompt

        blocks = "\n".join(f"[E{i}] <<<{text}>>>" for i, text in enumerate(evidence, start=1)) or "(none)"
        try:
            reply = chat_model(self.model_name, self.timeout).invoke(
                [HumanMessage(load_prompt("judge", claim=claim, evidence=blocks))]
            )
        except Exception as e:
            raise LLMError(f"{type(e).__name__}: {e}") from e
        m = re.search(r"\{.*\}", str(reply.content), re.S)
        try:
            data = json.loads(m.group(0)) if m else {}
        except json.JSONDecodeError:
            data = {}
        verdict = str(data.get("verdict", "")).strip().lower()
        if verdict not in ("supported", "contradicted", "mixed", "not in the corpus"):
            raise LLMError(f"judge gave no valid verdict: {str(reply.content)[:120]!r}")
        return {"verdict": verdict, "reason": str(data.get("reason", ""))[:300]}

    def rewrite(self, history_text: str, question: str) -> str:
        """A standalone version of a follow-up question."""
        from langchain_core.messages import HumanMessage

        from .prompts import load_prompt

        try:
            reply = chat_model(self.model_name, self.timeout).invoke(
                [HumanMessage(load_prompt("rewrite", history=history_text, question=question))]
            )
        except Exception as e:
            raise LLMError(f"{type(e).__name__}: {e}") from e
        text = str(reply.content).strip().strip('"')
        return text if 3 <= len(text) <= 500 else question
