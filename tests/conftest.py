"""Shared fixtures. The whole run is offline: connections outside loopback are refused.

Speed: the embedding model is loaded once per session (``embedder``), the bundled corpus is ingested once per
session (``seeded_store``, read-only), and the CLI runs in-process (``cli``); only what a fresh process alone can
show (environment variables, the network guard, ``python -m assistant``, the eval CLI end to end) uses ``run_cli``.

Tests marked ``unit`` may not load the model or open Chroma: requesting such a fixture is a usage error, and doing
it inside the test fails that test (see ``_unit_guard``).
"""

from __future__ import annotations

import importlib.util
import io
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

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


# Fixtures that load the model or open Chroma: a `unit` test may not use them.
HEAVY_FIXTURES = frozenset({"embedder", "store", "seeded_store", "slack", "bot", "bundled", "seeded", "server",
                            "chroma_server", "cli"})  # fmt: skip


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("unit") and HEAVY_FIXTURES & set(item.fixturenames):
            raise pytest.UsageError(
                f"{item.nodeid} is marked unit but uses {sorted(HEAVY_FIXTURES & set(item.fixturenames))}: "
                "unit tests load no model and open no Chroma (drop the marker or the fixture)"
            )


def pytest_collection_finish(session):
    session.config._only_unit = bool(session.items) and all(i.get_closest_marker("unit") for i in session.items)


def pytest_sessionfinish(session, exitstatus):
    """After a run of unit tests only (`pytest -m unit`): no model was loaded and no Chroma database opened."""
    if not getattr(session.config, "_only_unit", False):
        return
    opened = []
    if "onnxruntime" in sys.modules:
        opened.append("onnxruntime was imported (the embedding model was loaded)")
    if "spacy" in sys.modules:
        opened.append("spacy was imported (the parser was loaded)")
    if "chromadb" in sys.modules:
        from chromadb.api.shared_system_client import SharedSystemClient

        if SharedSystemClient._identifier_to_system:
            opened.append(f"Chroma was opened: {sorted(SharedSystemClient._identifier_to_system)}")
    if opened:
        session.config.get_terminal_writer().line("unit tier broke its promise: " + "; ".join(opened), red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """A `unit` test and its fixtures, module-scoped ones included, read documents without the parser (no one speaks)."""
    if item.get_closest_marker("unit") is None:
        yield
        return
    from assistant import attribution

    saved, attribution.PARSE = attribution.PARSE, False
    try:
        yield
    finally:
        attribution.PARSE = saved


@pytest.fixture(autouse=True)
def _unit_guard(request, monkeypatch):
    """In a `unit` test, loading the embedding model or the parser, or opening a Chroma client, fails the test at once."""
    if request.node.get_closest_marker("unit") is None:
        yield
        return
    from assistant.embeddings import OnnxEmbedder

    def refuse(what: str):
        def refused(*args, **kwargs):
            pytest.fail(f"a unit test may not {what}: drop the `unit` marker or use in-memory objects")

        return refused

    from assistant import nlp

    def parser_refused(self, directory=None):  # the model files are checked first, as the real loader does
        nlp.verify_model(directory if directory is not None else nlp.model_dir())
        refuse("load the spaCy parser")()

    monkeypatch.setattr(OnnxEmbedder, "__init__", refuse("load the embedding model"))
    monkeypatch.setattr(nlp.Parser, "__init__", parser_refused)
    # (the rules read alone during unit tests: pytest_runtest_protocol above)
    if "chromadb" in sys.modules:
        chromadb = sys.modules["chromadb"]
        for name in ("PersistentClient", "HttpClient", "EphemeralClient", "Client"):
            monkeypatch.setattr(chromadb, name, refuse(f"open Chroma ({name})"))
    yield


@pytest.fixture(scope="session")
def embedder():
    from assistant.embeddings import load_embedder

    return load_embedder("minilm")


@pytest.fixture(scope="session")
def seeded_store(tmp_path_factory, embedder):
    """The bundled corpus (the seed article) ingested once per session. READ-ONLY: tests that ingest, remove or
    rebuild open their own store (``store``); the teardown checks that nobody wrote to this one."""
    from assistant.config import Settings
    from assistant.ingest import ingest
    from assistant.store import Store

    store = Store.open(Settings.from_env(data_dir=tmp_path_factory.mktemp("seeded"), env={}), embedder)
    report = ingest([CORPUS], store)
    assert (report.documents, report.chunks, report.skipped) == (1, 8, [])
    before = _snapshot(store)
    yield store
    assert _snapshot(store) == before, "a test wrote to the shared read-only seeded_store: give it its own store"


def _snapshot(store) -> tuple:
    return (
        store.stats()["chunks"],
        tuple((d.doc_id, d.chunks) for d in store.documents()),
        len(store.positions()),
    )


class CliResult(NamedTuple):
    """What `assistant ARGS` did: exit status and captured output (same field names as subprocess results)."""

    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(capsys, monkeypatch):
    """``cli(*args, input=None) -> CliResult``: run ``assistant.cli.main(args)`` in this process.

    The environment is cleaned as for a child process (no credentials, no ASSISTANT_*/CHROMA_* settings);
    ``input`` becomes stdin. The loaded embedder is shared with the rest of the session (the speed-up).
    """
    from assistant import cli as cli_module

    for var in list(os.environ):
        if var.startswith(("OPENAI_", "CHROMA_", "ASSISTANT_")):
            monkeypatch.delenv(var)

    def run(*args: str, input: str | None = None) -> CliResult:
        capsys.readouterr()  # only this call's output
        monkeypatch.setattr(sys, "stdin", io.StringIO(input or ""))
        try:
            rc = cli_module.main([str(a) for a in args])
        except SystemExit as e:  # argparse: --version, usage errors
            rc = e.code if isinstance(e.code, int) else (0 if e.code is None else 2)
        out, err = capsys.readouterr()
        return CliResult(rc, out, err)

    return run


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
