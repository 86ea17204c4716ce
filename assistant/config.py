"""Settings from arguments and the environment (never from files holding secrets).

| variable | meaning | default |
|---|---|---|
| ``ASSISTANT_DATA_DIR`` | where the embedded Chroma database lives | ``~/.local/share/fact-check-assistant`` |
| ``ASSISTANT_COLLECTION`` | collection name | ``articles`` |
| ``ASSISTANT_EMBEDDER`` | ``minilm`` / ``onnx:/dir`` / ``openai[:model]`` | ``minilm`` |
| ``CHROMA_HOST`` / ``CHROMA_PORT`` | use a Chroma server instead of the embedded database | unset / ``8000`` |
| ``ASSISTANT_MAX_FILE_MB`` | largest file (or JSONL record) ingested | ``20`` |

Example:
    >>> s = Settings.from_env(data_dir="/tmp/x", env={})
    >>> s.collection, s.server
    ('articles', None)
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError

DEFAULT_COLLECTION = "articles"
_COLLECTION_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{1,58}[A-Za-z0-9]$")


def default_data_dir(env: Mapping[str, str]) -> Path:
    """``$ASSISTANT_DATA_DIR`` or the XDG data folder."""
    if env.get("ASSISTANT_DATA_DIR"):
        return Path(env["ASSISTANT_DATA_DIR"]).expanduser()
    base = Path(env.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "fact-check-assistant"


@dataclass(frozen=True)
class Settings:
    """Where the data lives and which embedder to use."""

    data_dir: Path
    collection: str = DEFAULT_COLLECTION
    embedder: str | None = None  # None: $ASSISTANT_EMBEDDER or "minilm"
    server: tuple[str, int] | None = None  # (host, port) of a Chroma server

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
        )

    @property
    def where(self) -> str:
        """Human-readable location of the database."""
        if self.server:
            return f"Chroma server http://{self.server[0]}:{self.server[1]}"
        return str(self.data_dir / "chroma")
