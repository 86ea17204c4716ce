"""Settings: every environment variable the product reads, read here and nowhere else.

Arguments win over the environment, which wins over defaults. Secrets (API keys, Slack
tokens) come from the environment only, are never written anywhere and are hidden from
``repr``.

| variable | meaning | default |
|---|---|---|
| ``ASSISTANT_DATA_DIR`` | where the embedded Chroma database lives | ``$XDG_DATA_HOME/fact-check-assistant`` |
| ``ASSISTANT_COLLECTION`` | collection name | ``articles`` |
| ``ASSISTANT_EMBEDDER`` | ``minilm`` / ``onnx:/dir`` / ``openai[:model]`` | ``minilm`` |
| ``CHROMA_HOST`` / ``CHROMA_PORT`` | use a Chroma server instead of the embedded database | unset / ``8000`` |
| ``ASSISTANT_MAX_FILE_MB`` | largest file (or JSONL record) ingested | ``20`` |
| ``ASSISTANT_PROMPTS_DIR`` | a folder of prompt files overriding the packaged ones | unset |
| ``OPENAI_BASE_URL`` / ``OPENAI_API_KEY`` | an OpenAI-compatible endpoint (either turns the ``llm`` engine on) | unset |
| ``ASSISTANT_LLM_MODEL`` | chat model for the ``llm`` engine | ``gpt-4o-mini`` |
| ``OPENAI_EMBEDDING_MODEL`` | model for ``ASSISTANT_EMBEDDER=openai`` | ``text-embedding-3-small`` |
| ``SLACK_BOT_TOKEN`` / ``SLACK_APP_TOKEN`` / ``SLACK_SIGNING_SECRET`` | Slack credentials | unset |
| ``SLACK_API_URL`` | Slack Web API base URL (tests point it at a local server) | ``https://slack.com/api/`` |
| ``SLACK_WORKERS`` | threads answering Slack requests | ``4`` |
| ``PORT`` | Slack HTTP mode port | ``3000`` |
| ``GRADIO_SERVER_NAME`` | the browser app's address | ``127.0.0.1`` |

Example:
    >>> s = Settings.from_env(data_dir="/tmp/x", env={})
    >>> s.collection, s.server, s.llm_configured
    ('articles', None, False)
    >>> "sk-secret" in repr(Settings.from_env(data_dir="/tmp/x", env={"OPENAI_API_KEY": "sk-secret"}))
    False
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ConfigError

DEFAULT_COLLECTION = "articles"
DEFAULT_MAX_FILE_MB = 20.0
DEFAULT_CHAT_MODEL = "gpt-4o-mini"
DEFAULT_EMBEDDING_MODEL = "text-embedding-3-small"
_COLLECTION_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{1,58}[A-Za-z0-9]$")


def default_data_dir(env: Mapping[str, str]) -> Path:
    """``$ASSISTANT_DATA_DIR`` or the XDG data folder."""
    if env.get("ASSISTANT_DATA_DIR"):
        return Path(env["ASSISTANT_DATA_DIR"]).expanduser()
    base = Path(env.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "fact-check-assistant"


def _number(env: Mapping[str, str], name: str, default: float, low: float, high: float, example: str) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not low <= value <= high:
        raise ConfigError(f"{name}={raw!r} is not a number between {low:g} and {high:g}: set it to e.g. {example}")
    return value


@dataclass(frozen=True)
class Settings:
    """Where the data lives, which embedder and endpoint to use, and the front ends' settings."""

    data_dir: Path
    collection: str = DEFAULT_COLLECTION
    embedder: str | None = None  # None: "minilm"
    server: tuple[str, int] | None = None  # (host, port) of a Chroma server
    max_file_mb: float = DEFAULT_MAX_FILE_MB
    prompts_dir: Path | None = None
    openai_base_url: str | None = None
    openai_api_key: str | None = field(default=None, repr=False)
    llm_model: str = DEFAULT_CHAT_MODEL
    embedding_model: str = DEFAULT_EMBEDDING_MODEL
    slack_bot_token: str | None = field(default=None, repr=False)
    slack_app_token: str | None = field(default=None, repr=False)
    slack_signing_secret: str | None = field(default=None, repr=False)
    slack_api_url: str | None = None
    slack_workers: int = 4
    slack_port: int = 3000
    app_host: str = "127.0.0.1"

    @classmethod
    def from_env(
        cls,
        data_dir: str | Path | None = None,
        collection: str | None = None,
        embedder: str | None = None,
        env: Mapping[str, str] | None = None,
    ) -> Settings:
        """Arguments win over the environment, which wins over defaults."""
        env = os.environ if env is None else env
        name = collection or env.get("ASSISTANT_COLLECTION") or DEFAULT_COLLECTION
        if not _COLLECTION_RE.match(name):
            raise ConfigError(
                f"Invalid collection name {name!r}: use 3-60 letters, digits, '-' or '_', "
                "starting and ending with a letter or digit"
            )
        server = None
        if env.get("CHROMA_HOST"):
            raw_port = env.get("CHROMA_PORT") or "8000"
            if not raw_port.isdigit() or not 0 < int(raw_port) < 65536:
                raise ConfigError(f"CHROMA_PORT={raw_port!r} is not a port number: set it to e.g. 8000")
            server = (env["CHROMA_HOST"], int(raw_port))
        return cls(
            data_dir=Path(data_dir).expanduser() if data_dir else default_data_dir(env),
            collection=name,
            embedder=embedder or env.get("ASSISTANT_EMBEDDER") or None,
            server=server,
            max_file_mb=_number(env, "ASSISTANT_MAX_FILE_MB", DEFAULT_MAX_FILE_MB, 0.001, 10_000, "20"),
            prompts_dir=Path(env["ASSISTANT_PROMPTS_DIR"]).expanduser() if env.get("ASSISTANT_PROMPTS_DIR") else None,
            openai_base_url=env.get("OPENAI_BASE_URL") or None,
            openai_api_key=env.get("OPENAI_API_KEY") or None,
            llm_model=env.get("ASSISTANT_LLM_MODEL") or DEFAULT_CHAT_MODEL,
            embedding_model=env.get("OPENAI_EMBEDDING_MODEL") or DEFAULT_EMBEDDING_MODEL,
            slack_bot_token=env.get("SLACK_BOT_TOKEN") or None,
            slack_app_token=env.get("SLACK_APP_TOKEN") or None,
            slack_signing_secret=env.get("SLACK_SIGNING_SECRET") or None,
            slack_api_url=env.get("SLACK_API_URL") or None,
            slack_workers=int(_number(env, "SLACK_WORKERS", 4, 1, 64, "4")),
            slack_port=int(_number(env, "PORT", 3000, 1, 65535, "3000")),
            app_host=env.get("GRADIO_SERVER_NAME") or "127.0.0.1",
        )

    @property
    def llm_configured(self) -> bool:
        """True when an OpenAI-compatible endpoint is configured (the ``llm`` engine's default condition)."""
        return bool(self.openai_base_url or self.openai_api_key)

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1_000_000)

    @property
    def where(self) -> str:
        """Human-readable location of the database."""
        if self.server:
            return f"Chroma server http://{self.server[0]}:{self.server[1]}"
        return str(self.data_dir / "chroma")
