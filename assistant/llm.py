"""Everything that talks to an OpenAI-compatible endpoint (OpenAI, vLLM, llama.cpp, Ollama).

This is the only module that imports ``openai``. Credentials come from
:class:`~assistant.config.Settings` (the environment): ``OPENAI_API_KEY`` for OpenAI,
``OPENAI_BASE_URL`` (+ any key) for a self-hosted server.

Replies are JSON objects (JSON mode is requested from the endpoint) validated by pydantic
models; anything that does not validate raises :class:`LLMError`, and the caller falls back
to the offline engine.

Example:
    >>> from assistant.llm import endpoint_configured, parse_reply
    >>> endpoint_configured({})
    False
    >>> parse_reply('```json {"abstain": true, "sentences": []} ```').abstain
    True
"""

from __future__ import annotations

import json
import time
from collections.abc import Generator, Mapping, Sequence
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .config import DEFAULT_CHAT_MODEL, Settings
from .errors import ConfigError, StoreError

EMBED_BATCH = 256
NO_ENDPOINT = "No OpenAI-compatible endpoint configured: set OPENAI_BASE_URL or OPENAI_API_KEY"


def endpoint_configured(env: Mapping[str, str] | None = None) -> bool:
    """True when an OpenAI-compatible endpoint is configured in ``env`` (default: the environment)."""
    return Settings.from_env(env=env).llm_configured


def _endpoint(settings: Settings | None) -> tuple[str | None, str]:
    """``(base_url, api_key)`` of the configured endpoint; raises ConfigError when there is none."""
    settings = settings or Settings.from_env()
    if not settings.llm_configured:
        raise ConfigError(NO_ENDPOINT)
    # Self-hosted servers (vLLM, llama.cpp, Ollama) accept any key.
    return settings.openai_base_url, settings.openai_api_key or "not-needed"


def openai_client(timeout: float = 30.0, settings: Settings | None = None):  # -> openai.OpenAI (kept out of the signature)
    """An ``openai.OpenAI`` client for the configured endpoint (``settings`` default: the environment)."""
    import openai

    base_url, key = _endpoint(settings)
    return openai.OpenAI(api_key=key, base_url=base_url, timeout=timeout, max_retries=2)


class OpenAIEmbedder:
    """Embeddings from ``/v1/embeddings`` of the configured endpoint."""

    def __init__(
        self, model: str = "text-embedding-3-small", timeout: float = 30.0, settings: Settings | None = None
    ) -> None:
        if not model:
            raise ConfigError("OpenAI embedding model name is empty: set OPENAI_EMBEDDING_MODEL")
        self.model = model
        self.spec = f"openai:{model}"
        self.identity = f"openai:{model}"
        self._client = openai_client(timeout, settings)
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

VERDICTS = ("supported", "contradicted", "mixed", "claimed, not confirmed", "not in the corpus")
JSON_MODE = {"type": "json_object"}  # OpenAI's JSON mode; vLLM, llama.cpp and Ollama accept it too


class LLMError(Exception):
    """The endpoint failed, timed out or replied with something unusable (the caller falls back)."""


class _Reply(BaseModel):
    # a model may write a source id as a number; unknown keys are ignored
    model_config = ConfigDict(coerce_numbers_to_str=True, extra="ignore")


class ReplyCitation(_Reply):
    """A verbatim quote and the id of the source it is copied from (``S1``, ``S2`` …)."""

    source: str
    quote: str


class ReplySentence(_Reply):
    """One answer sentence and the quotes that support it."""

    text: str
    citations: list[ReplyCitation] = Field(default_factory=list)

    @field_validator("citations", mode="before")
    @classmethod
    def _null_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value


class AnswerReply(_Reply):
    """The answer prompt's reply: ``{"abstain", "sentences": [{"text", "citations": [{"source", "quote"}]}]}``.

    ``sentences`` is required, except in an abstention.

    Example:
        >>> AnswerReply.model_validate({"abstain": True}).sentences
        []
    """

    abstain: bool = False
    sentences: list[ReplySentence]

    @model_validator(mode="before")
    @classmethod
    def _abstention_needs_no_sentences(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("abstain") is True and data.get("sentences") is None:
            return {**data, "sentences": []}
        return data


class JudgeReply(_Reply):
    """The judge prompt's reply: ``{"verdict": one of VERDICTS, "reason": "…"}`` (verdict case-insensitive).

    Example:
        >>> JudgeReply.model_validate({"verdict": " Supported", "reason": "E1 says so."}).verdict
        'supported'
        >>> JudgeReply.model_validate({"verdict": "Claimed, not confirmed", "reason": "E1 quotes X."}).verdict
        'claimed, not confirmed'
    """

    verdict: Literal["supported", "contradicted", "mixed", "claimed, not confirmed", "not in the corpus"]
    reason: str = ""

    @field_validator("verdict", mode="before")
    @classmethod
    def _normalise(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value


def chat_model(model: str | None = None, timeout: float = 20.0, streaming: bool = False, settings: Settings | None = None):
    """A LangChain ``ChatOpenAI`` for the configured endpoint (model: ``model`` or ``Settings.llm_model``)."""
    from langchain_openai import ChatOpenAI

    settings = settings or Settings.from_env()
    base_url, key = _endpoint(settings)
    return ChatOpenAI(
        model=model or settings.llm_model or DEFAULT_CHAT_MODEL,
        base_url=base_url,
        api_key=key,
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


def _json_value(content: str) -> Any:
    """The JSON in a reply: bare (JSON mode), in a code fence (servers that ignore JSON mode) or after a preamble."""
    from langchain_core.utils.json import parse_json_markdown

    try:
        return parse_json_markdown(content, parser=lambda text: json.loads(text, strict=False))
    except json.JSONDecodeError as e:
        start = content.find("{")
        if start < 0:
            raise LLMError(f"reply is not JSON: {content[:120]!r}") from e
        try:  # an object followed by prose or a closing fence
            return json.JSONDecoder(strict=False).raw_decode(content, start)[0]
        except json.JSONDecodeError:
            raise LLMError(f"reply is not valid JSON ({e.msg}): {content[:120]!r}") from e


def _validation_summary(error: ValidationError) -> str:
    """The first problems of a validation error on one short line (the input is not echoed)."""
    problems = [f"{'.'.join(map(str, e['loc'])) or 'reply'}: {e['msg']}" for e in error.errors()[:3]]
    more = f" (+{error.error_count() - 3} more)" if error.error_count() > 3 else ""
    return "; ".join(problems) + more


def parse_reply(content: str) -> AnswerReply:
    """A model's answer reply, validated; raises LLMError when it is not JSON or not the answer format.

    Example:
        >>> parse_reply('{"sentences": [{"text": "Hi.", "citations": [{"source": "S1", "quote": "Hi"}]}]}').sentences[0].text
        'Hi.'
        >>> parse_reply('{"abstain": false}')
        Traceback (most recent call last):
        ...
        assistant.llm.LLMError: reply does not match the answer format: sentences: Field required
    """
    try:
        return AnswerReply.model_validate(_json_value(content))
    except ValidationError as e:
        raise LLMError(f"reply does not match the answer format: {_validation_summary(e)}") from None


def parse_judge_reply(content: str) -> JudgeReply:
    """A model's judge reply, validated; raises LLMError when it is not JSON or has no valid verdict."""
    try:
        return JudgeReply.model_validate(_json_value(content))
    except ValidationError as e:
        raise LLMError(f"judge gave no valid verdict: {_validation_summary(e)}") from None


class LLMEngine:
    """Answers with any OpenAI-compatible chat model; quotes are mapped to exact spans by the caller.

    Every call is bounded by ``timeout`` seconds (a streamed reply as a whole too) and never retried:
    the caller falls back to the offline engine at once. ``settings`` default: the environment, read
    at each call.
    """

    name = "llm"

    def __init__(self, model: str | None = None, timeout: float = 20.0, settings: Settings | None = None) -> None:
        self.model_name = model
        self.timeout = timeout
        self.settings = settings

    def _chat(self, *, json_mode: bool, streaming: bool = False):
        model = chat_model(self.model_name, self.timeout, streaming=streaming, settings=self.settings)
        return model.bind(response_format=JSON_MODE) if json_mode else model

    def _invoke(self, prompt: str, *, json_mode: bool) -> str:
        """The reply's text to one prompt; raises LLMError on any failure (ConfigError passes through)."""
        from langchain_core.messages import HumanMessage

        try:
            return str(self._chat(json_mode=json_mode).invoke([HumanMessage(prompt)]).content)
        except ConfigError:
            raise
        except Exception as e:  # connection refused, timeout, HTTP 5xx, bad payload
            raise LLMError(f"{type(e).__name__}: {e}") from e

    def _answer_prompt(self, question: str, passages: Sequence) -> str:
        from .prompts import load_prompt

        return load_prompt("answer", question=question, sources=format_sources(passages))

    def complete(self, question: str, passages: Sequence) -> dict:
        """The model's reply (``AnswerReply.model_dump()``); raises LLMError on any failure."""
        return parse_reply(self._invoke(self._answer_prompt(question, passages), json_mode=True)).model_dump()

    def stream(self, question: str, passages: Sequence) -> Generator[str, None, dict]:
        """Yield text deltas as they arrive, then return the reply dict (``StopIteration.value``, as :meth:`complete`)."""
        from langchain_core.messages import HumanMessage

        messages = [HumanMessage(self._answer_prompt(question, passages))]
        deadline = time.monotonic() + self.timeout
        parts: list[str] = []
        try:
            for chunk in self._chat(json_mode=True, streaming=True).stream(messages):
                if time.monotonic() > deadline:
                    raise LLMError(f"no complete reply within {self.timeout:g} s")
                delta = str(chunk.content or "")
                if delta:
                    parts.append(delta)
                    yield delta
        except (ConfigError, LLMError):
            raise
        except Exception as e:
            raise LLMError(f"{type(e).__name__}: {e}") from e
        return parse_reply("".join(parts)).model_dump()

    def judge(self, claim: str, evidence: Sequence[str]) -> dict:
        """An LLM's verdict on a claim given the evidence sentences: ``{"verdict", "reason"}``."""
        from .prompts import load_prompt

        blocks = "\n".join(f"[E{i}] <<<{text}>>>" for i, text in enumerate(evidence, start=1)) or "(none)"
        reply = parse_judge_reply(self._invoke(load_prompt("judge", claim=claim, evidence=blocks), json_mode=True))
        return {"verdict": reply.verdict, "reason": reply.reason[:300]}

    def rewrite(self, history_text: str, question: str) -> str:
        """A standalone version of a follow-up question."""
        from .prompts import load_prompt

        text = self._invoke(load_prompt("rewrite", history=history_text, question=question), json_mode=False)
        text = text.strip().strip('"')
        return text if 3 <= len(text) <= 500 else question
