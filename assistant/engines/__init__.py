"""Answer engines and their registry.

An engine implements :class:`~assistant.engines.base.AnswerEngine` (``draft(query, passages, corpus)`` yielding
text deltas, then one :class:`~assistant.engines.base.Draft`). The registry maps the names users pick
(``--engine``, the app, Slack) to factories; adding an engine is one new module plus one line here (or one
:func:`register` call).

Example:
    >>> names()
    ['extractive', 'llm']
    >>> create("extractive").name
    'extractive'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..errors import ConfigError
from .base import AnswerEngine, Draft, DraftSentence, EngineUnavailable, Query

if TYPE_CHECKING:
    from ..llm import LLMEngine as LLMClient

__all__ = ["AnswerEngine", "Draft", "DraftSentence", "EngineUnavailable", "Query", "create", "names", "register"]


def _extractive(llm: LLMClient | None = None) -> AnswerEngine:
    from .extractive import ExtractiveEngine

    return ExtractiveEngine()


def _llm_with_fallback(llm: LLMClient | None = None) -> AnswerEngine:
    from .extractive import ExtractiveEngine
    from .fallback import Fallback
    from .llm import LLMAnswerEngine

    return Fallback(LLMAnswerEngine(llm), ExtractiveEngine())


Factory = Callable[..., AnswerEngine]  # called as factory(llm=client or None)
# name -> factory (engines' modules are imported when first used: the CLI starts fast)
_REGISTRY: dict[str, Factory] = {
    "extractive": _extractive,
    "llm": _llm_with_fallback,
}


def register(name: str, factory: Factory) -> None:
    """Make an engine available under ``name``; ``factory(llm=client_or_None)`` builds it."""
    _REGISTRY[name] = factory


def names() -> list[str]:
    """The engines users can choose."""
    return list(_REGISTRY)


def create(name: str, llm: LLMClient | None = None) -> AnswerEngine:
    """A new engine by name (``llm``: the chat client for engines that use one)."""
    factory = _REGISTRY.get(name)
    if factory is None:
        raise ConfigError(f"Unknown engine {name!r}: use one of {', '.join(_REGISTRY)}")
    return factory(llm=llm)
