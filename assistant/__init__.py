"""Fact-check assistant: answers about a corpus of news articles, every sentence cited.

Example:
    >>> from assistant.config import Settings
    >>> from assistant.store import Store
    >>> from assistant.ingest import ingest
    >>> store = Store.open(Settings.from_env(data_dir="/tmp/fca-example"))
    >>> ingest(["corpus"], store).skipped
    []
    >>> store.search("What does Russia demand?", k=1)[0].chunk.doc_id
    'istanbul-talks-2025-06-02'
"""

__version__ = "0.1.0"
