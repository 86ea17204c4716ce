"""Package data (prompts, eval data) and optional extras: what a wheel install or a library user relies on."""

from __future__ import annotations

import fnmatch
import importlib.util
import subprocess
import sys
import tomllib

import pytest

from assistant import cli
from assistant.errors import ConfigError, require_extra
from assistant.evals import GOLD_DEFAULT, POSITIONS_GOLD, THRESHOLDS
from assistant.prompts import load_prompt, prompts_dir
from assistant.resources import data_dir
from conftest import ROOT

pytestmark = pytest.mark.unit  # pure: no model, no Chroma


def test_data_folders_are_found():
    assert {p.name for p in data_dir("prompts").iterdir()} >= {"answer.md", "judge.md", "rewrite.md"}
    for path in (GOLD_DEFAULT, POSITIONS_GOLD, THRESHOLDS):
        assert path.is_file(), path
    assert data_dir("").is_dir()  # assistant/data itself


def test_pyproject_ships_every_data_file():
    """Every file read from prompts/ and evals/ matches the package-data globs of its mapped package."""
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    for folder in ("prompts", "evals"):
        package = f"assistant.data.{folder}"
        assert tool["package-dir"][package] == folder and package in tool["packages"]
        globs = tool["package-data"][package]
        for f in (ROOT / folder).iterdir():
            assert any(fnmatch.fnmatch(f.name, g) for g in globs), f"{folder}/{f.name} is not package data"
    assert tool["package-data"]["assistant.data"] == ["*"]


def test_prompts_dir_setting_overrides_the_packaged_prompts(tmp_path, monkeypatch):
    (tmp_path / "rewrite.md").write_text("Rewrite {question} after {history}.", encoding="utf-8")
    monkeypatch.setenv("ASSISTANT_PROMPTS_DIR", str(tmp_path))
    assert prompts_dir() == tmp_path
    assert load_prompt("rewrite", history="h", question="q") == "Rewrite q after h."
    with pytest.raises(ConfigError, match="Prompt 'answer' not found .*ASSISTANT_PROMPTS_DIR"):
        load_prompt("answer", question="q", sources="s")
    monkeypatch.delenv("ASSISTANT_PROMPTS_DIR")
    assert prompts_dir() == data_dir("prompts")


def test_core_modules_do_not_import_the_extras():
    code = (
        "import sys, assistant.cli, assistant.service, assistant.ingest, assistant.parse, assistant.evals; "
        "print(sorted(m for m in ('gradio', 'slack_bolt', 'slack_sdk', 'matplotlib', 'trafilatura', 'dateparser') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"  # the extras and the heavy parsers load only when used


@pytest.mark.parametrize("command,extra,module", [(["slack"], "slack", "slack_bolt"), (["eval"], "eval", "matplotlib")])
def test_missing_extra_is_one_line_naming_the_pip_command(monkeypatch, capsys, command, extra, module):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == module else real(name, *a))
    assert cli.main(command) == 2
    err = capsys.readouterr().err
    assert err == f"error: This needs the optional package {module!r}: pip install 'fact-check-assistant[{extra}]'\n"


def test_require_extra_passes_when_installed():
    assert require_extra("json", "eval") is None
