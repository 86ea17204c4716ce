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
    """One input file or record cannot be ingested; the ingest goes on without it."""


class StoreError(AssistantError):
    """The vector store cannot be reached or used."""
