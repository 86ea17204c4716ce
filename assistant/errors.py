"""Errors the product raises; each message names the bad value and how to fix it."""

from __future__ import annotations


class AssistantError(Exception):
    """Base class: the message is meant for the user, as it is."""


class ConfigError(AssistantError):
    """A setting (argument or environment variable) is missing or invalid."""


class ChecksumError(AssistantError):
    """A pinned model file does not have the expected sha256."""


class EmbedderMismatchError(AssistantError):
    """A collection was built with another embedder than the one in use."""


class InputError(AssistantError):
    """An input cannot be used: a file or record (the ingest goes on without it), or a question."""


class StoreError(AssistantError):
    """The vector store cannot be reached or used."""


def require_extra(module: str, extra: str) -> None:
    """Raise ConfigError, naming the pip command, when the optional package ``module`` of extra ``extra`` is missing.

    Example:
        >>> require_extra("json", "eval")  # present: nothing happens
        >>> require_extra("no_such_mod", "slack")
        Traceback (most recent call last):
        ...
        assistant.errors.ConfigError: This needs the optional package 'no_such_mod': pip install 'fact-check-assistant[slack]'
    """
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise ConfigError(f"This needs the optional package {module!r}: pip install 'fact-check-assistant[{extra}]'")
