"""Shared fixtures. The whole run is offline: connections outside loopback are refused."""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SEED = CORPUS / "istanbul-talks-2025-06-02.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "articles"
NETGUARD = Path(__file__).resolve().parent / "netguard"

# Install the loopback-only guard in this process too (children get it through PYTHONPATH).
_spec = importlib.util.spec_from_file_location("_netguard", NETGUARD / "sitecustomize.py")
_spec.loader.exec_module(importlib.util.module_from_spec(_spec))

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost,::1"
# Live credentials are kept aside for tests marked `integration`; every other test runs without them.
LIVE_OPENAI = {k: os.environ[k] for k in ("OPENAI_API_KEY", "OPENAI_BASE_URL") if os.environ.get(k)}
for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "CHROMA_HOST", "CHROMA_PORT", "ASSISTANT_EMBEDDER"):
    os.environ.pop(var, None)  # the default run never uses a real endpoint or server


@pytest.fixture(scope="session")
def embedder():
    from assistant.embeddings import load_embedder

    return load_embedder("minilm")


@pytest.fixture
def settings(tmp_path):
    from assistant.config import Settings

    return Settings.from_env(data_dir=tmp_path / "data", env={})


@pytest.fixture
def store(settings, embedder):
    from assistant.store import Store

    return Store.open(settings, embedder)


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    """A writable copy of the bundled corpus plus the edge-case fixtures."""
    d = tmp_path / "articles"
    d.mkdir()
    shutil.copy(SEED, d)
    for f in FIXTURES.iterdir():
        shutil.copy(f, d)
    return d


def child_env(**extra: str) -> dict[str, str]:
    """Environment for a child process: loopback-only network, no credentials."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "CHROMA_", "ASSISTANT_"))}
    env["PYTHONPATH"] = str(NETGUARD)
    env["ANONYMIZED_TELEMETRY"] = "False"
    env["HF_HUB_OFFLINE"] = "1"
    env.update(extra)
    return env


def run_cli(*args: str, env: dict[str, str] | None = None, input: str | None = None, cwd: Path = ROOT):
    """Run `python -m assistant ARGS` in a fresh process."""
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        capture_output=True,
        text=True,
        env=env or child_env(),
        input=input,
        cwd=cwd,
        timeout=300,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def send_json(handler, status: int, payload: dict, content_type: str = "application/json") -> None:
    """Write a JSON response from a BaseHTTPRequestHandler (the fake services' wire format)."""
    raw = __import__("json").dumps(payload).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(raw)))
    handler.end_headers()
    handler.wfile.write(raw)


def wait_for_http(url: str, proc: subprocess.Popen, log: Path, what: str, timeout: float = 180.0) -> None:
    """Wait until ``url`` answers 200, failing with the log's tail if the process dies or time runs out."""
    import time
    import urllib.request

    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"{what} did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.3)
