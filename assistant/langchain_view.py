"""The chunk index as a LangChain ``Chroma`` vector store (langchain-chroma), for LangChain users.

Built on the store's own Chroma client, with the product's embedder, so it returns the same
vectors and the same order as :meth:`Store.search <assistant.store.Store.search>`.

Example:
    >>> from assistant.config import Settings
    >>> from assistant.store import Store
    >>> vs = langchain_vectorstore(Store.open(Settings.from_env(data_dir=DATA_DIR)))
    >>> vs.similarity_search("Who called for a ceasefire?", k=1)[0].metadata["doc_id"]
    'istanbul-talks-2025-06-02'
"""

from __future__ import annotations

from typing import Any

from .embeddings import LangChainEmbeddings
from .store import Store


def langchain_vectorstore(store: Store) -> Any:
    """The chunk collection of ``store`` as a LangChain ``Chroma`` vector store (created empty if missing)."""
    from langchain_chroma import Chroma

    store.chunk_index.collection.open(create=True)
    return Chroma(
        client=store.backend.client,
        collection_name=store.chunk_index.collection.name,
        embedding_function=LangChainEmbeddings(store.embedder),
    )
