"""The composition root: one place wires settings, embedder, store, retrieval and answering."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from .embedders import Embedder, EmbeddingCache, make_embedder
from .indexing import Progress, add_user_files, ingest, remove_user_document
from .models import IngestReport, SourceDocument
from .retrieval import AssistantRetriever, Searcher
from .settings import Settings
from .store import ChunkStore, make_client


class Assistant:
    """Everything the app, the CLI and the evals use; heavy parts are built on first use."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None):
        self.settings = settings
        if embedder is not None:
            self.__dict__["embedder"] = embedder

    @cached_property
    def embedder(self) -> Embedder:
        return make_embedder(self.settings)

    @cached_property
    def store(self) -> ChunkStore:
        return ChunkStore(make_client(self.settings), self.settings.collection, self.embedder)

    @cached_property
    def cache(self) -> EmbeddingCache:
        return EmbeddingCache(self.settings.data_dir / "embeddings.sqlite")

    @cached_property
    def searcher(self) -> Searcher:
        return Searcher(self.store, self.embedder, rrf_k=self.settings.rrf_k)

    def retriever(self, k: int | None = None, mode: str = "hybrid") -> AssistantRetriever:
        return AssistantRetriever(searcher=self.searcher, k=k or self.settings.retrieval_k, mode=mode)

    def index_exists(self) -> bool:
        return self.store.exists()

    def ingest(self, paths: list[Path] = (), rebuild: bool = False, progress: Progress | None = None) -> IngestReport:
        problems = add_user_files(list(paths), self.settings.data_dir)
        report = ingest(
            self.store, self.embedder, self.cache, self.settings.corpus_dir, self.settings.data_dir,
            self.settings.chunk_min_words, self.settings.chunk_max_words, rebuild=rebuild, progress=progress,
            after=self._after_ingest,
        )
        self._refresh()
        return report.model_copy(update={"problems": problems + report.problems})

    def remove_document(self, doc: SourceDocument) -> IngestReport | None:
        if not remove_user_document(doc, self.settings.data_dir):
            return None
        return self.ingest()

    def _after_ingest(self, prepared) -> None:
        """Hook for what is derived from the cleaned documents (the reflection questions)."""
        from .inventory import store_inventory

        store_inventory(self, prepared)

    def _refresh(self) -> None:
        if "searcher" in self.__dict__:
            self.searcher.reload()
        for name in ("inventory",):
            self.__dict__.pop(name, None)


def build_assistant(settings: Settings | None = None, embedder: Embedder | None = None) -> Assistant:
    return Assistant(settings or Settings(), embedder)
