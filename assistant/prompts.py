"""Prompt files from ``prompts/``, loaded by name, with their variables checked.

Example:
    >>> text = load_prompt("rewrite", history="user: Who demanded what?", question="and Kyiv?")
    >>> "and Kyiv?" in text
    True
"""

from __future__ import annotations

import os
import string
from pathlib import Path

from .errors import ConfigError


def prompts_dir() -> Path:
    """``$ASSISTANT_PROMPTS_DIR`` or the repository's ``prompts/``."""
    return Path(os.environ.get("ASSISTANT_PROMPTS_DIR") or Path(__file__).resolve().parent.parent / "prompts")


def prompt_variables(template: str) -> set[str]:
    """The ``{names}`` a template needs."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def load_prompt(name: str, **variables: str) -> str:
    """The prompt ``prompts/NAME.md`` filled with ``variables`` (exactly the ones it uses)."""
    path = prompts_dir() / f"{name}.md"
    if not path.is_file():
        raise ConfigError(f"Prompt {name!r} not found at {path}: set ASSISTANT_PROMPTS_DIR to the prompts/ folder")
    template = path.read_text(encoding="utf-8")
    needed = prompt_variables(template)
    missing, extra = needed - variables.keys(), variables.keys() - needed
    if missing or extra:
        raise ConfigError(
            f"Prompt {name!r} needs variables {sorted(needed)}; missing {sorted(missing)}, unexpected {sorted(extra)}"
        )
    return template.format(**variables)
