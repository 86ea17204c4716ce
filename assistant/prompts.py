"""Prompt files from ``prompts/`` (packaged as ``assistant/data/prompts``), loaded by name, with their variables checked.

``ASSISTANT_PROMPTS_DIR`` (``Settings.prompts_dir``) points at a folder of prompt files that replaces them.

Example:
    >>> text = load_prompt("rewrite", history="user: Who demanded what?", question="and Kyiv?")
    >>> "and Kyiv?" in text
    True
"""

from __future__ import annotations

import string
from pathlib import Path

from .config import Settings
from .errors import ConfigError
from .resources import data_dir


def prompts_dir(settings: Settings | None = None) -> Path:
    """``settings.prompts_dir`` (``$ASSISTANT_PROMPTS_DIR``) or the packaged prompts."""
    return (settings or Settings.from_env()).prompts_dir or data_dir("prompts")


def prompt_variables(template: str) -> set[str]:
    """The ``{names}`` a template needs."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def load_prompt(name: str, **variables: str) -> str:
    """The prompt ``prompts/NAME.md`` filled with ``variables`` (exactly the ones it uses)."""
    path = prompts_dir() / f"{name}.md"
    if not path.is_file():
        raise ConfigError(f"Prompt {name!r} not found at {path}: set ASSISTANT_PROMPTS_DIR to a folder holding {name}.md")
    template = path.read_text(encoding="utf-8")
    needed = prompt_variables(template)
    missing, extra = needed - variables.keys(), variables.keys() - needed
    if missing or extra:
        raise ConfigError(
            f"Prompt {name!r} needs variables {sorted(needed)}; missing {sorted(missing)}, unexpected {sorted(extra)}"
        )
    return template.format(**variables)
