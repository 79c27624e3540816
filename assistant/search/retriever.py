"""The searcher as a langchain retriever, so chains can use it (kept apart: langchain loads slowly)."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from assistant.models import Hit
from assistant.search.retrieval import Mode


def hit_to_document(hit: Hit) -> Document:
    c = hit.chunk
    return Document(
        page_content=c.text,
        id=c.id,
        metadata={
            "doc_id": c.doc_id, "title": hit.title, "short": hit.short, "section": c.section,
            "chunk_id": c.id, "start": c.start, "end": c.end, "score": hit.score,
            "dense_score": hit.dense_score, "bm25_score": hit.bm25_score,
        },
    )


class AssistantRetriever(BaseRetriever):
    """The searcher as a langchain retriever, so chains can use it."""

    searcher: Any
    k: int = 5
    mode: Mode = "hybrid"

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [hit_to_document(h) for h in self.searcher.search(query, k=self.k, mode=self.mode)]
