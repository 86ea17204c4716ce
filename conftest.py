"""Docstring examples (``--doctest-modules``) run offline like the tests; those that need an ingested corpus get
``DATA_DIR`` (the bundled corpus, ingested once per session into a temporary folder) and ``CORPUS``."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
_guard = importlib.util.spec_from_file_location("_netguard", ROOT / "tests" / "netguard" / "sitecustomize.py")
_guard.loader.exec_module(importlib.util.module_from_spec(_guard))  # connections outside loopback are refused
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


@pytest.fixture(scope="session")
def _doc_data_dir(tmp_path_factory) -> str:
    from assistant.config import Settings
    from assistant.ingest import ingest
    from assistant.store import Store

    data = tmp_path_factory.mktemp("doc-data")
    ingest([ROOT / "corpus"], Store.open(Settings.from_env(data_dir=data, env={})))
    return str(data)


@pytest.fixture(autouse=True)
def _doctest_names(request: pytest.FixtureRequest) -> None:
    if type(request.node).__name__ == "DoctestItem":
        names = request.getfixturevalue("doctest_namespace")
        for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "CHROMA_HOST", "ASSISTANT_EMBEDDER", "ASSISTANT_DATA_DIR"):
            request.getfixturevalue("monkeypatch").delenv(var, raising=False)
        names["CORPUS"] = str(ROOT / "corpus")
        names["DATA_DIR"] = request.getfixturevalue("_doc_data_dir")
