"""Fact-check assistant: answers about a corpus of news articles, every sentence cited.

``from assistant import Assistant`` is the API every front end uses (``assistant.service``; imported on first
use, so ``import assistant`` stays light). The README's *Architecture* section has one line per module.

Example:
    >>> from assistant.config import Settings
    >>> from assistant.store import Store
    >>> from assistant.ingest import ingest
    >>> store = Store.open(Settings.from_env(data_dir=DATA_DIR))
    >>> ingest([CORPUS], store).skipped
    []
    >>> store.search("What does Russia demand?", k=1)[0].chunk.doc_id
    'istanbul-talks-2025-06-02'
    >>> from assistant import Assistant
    >>> Assistant(store, engine="extractive").ask("What does Russia demand?").citations[0].doc_id
    'istanbul-talks-2025-06-02'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Assistant", "__version__"]

if TYPE_CHECKING:
    from .service import Assistant


def __getattr__(name: str) -> Any:
    if name == "Assistant":
        from .service import Assistant

        return Assistant
    raise AttributeError(f"module 'assistant' has no attribute {name!r}")
