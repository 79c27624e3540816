"""The composition root: one place wires settings, embedder, store, retrieval and answering."""

from __future__ import annotations

import time
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.models import IngestReport, ReflectionQuestion, SourceDocument
from assistant.settings import Settings

if TYPE_CHECKING:  # chromadb, bm25s, the embedder, ingest and langchain load only when used: the app's
    # first page and the CLI start fast
    from assistant.ingest.indexing import Progress
    from assistant.search.embedders import Embedder, EmbeddingCache
    from assistant.search.retrieval import Searcher
    from assistant.search.store import ChunkStore
    from assistant.search.retriever import AssistantRetriever
    from assistant.answer.offline import Answerer
    from assistant.answer.conversation import ChatSession


class Assistant:
    """Everything the app, the CLI and the evals use; heavy parts are built on first use."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None):
        self.settings = settings
        if embedder is not None:
            self.__dict__["embedder"] = embedder

    @cached_property
    def embedder(self) -> Embedder:
        from assistant.search.embedders import make_embedder

        return make_embedder(self.settings)

    @cached_property
    def store(self) -> ChunkStore:
        from assistant.search.store import ChunkStore, make_client

        return ChunkStore(make_client(self.settings), self.settings.collection, self.embedder)

    @cached_property
    def cache(self) -> EmbeddingCache:
        from assistant.search.embedders import EmbeddingCache

        return EmbeddingCache(self.settings.data_dir / "embeddings.sqlite")

    @cached_property
    def searcher(self) -> Searcher:
        from assistant.search.retrieval import Searcher

        return Searcher(self.store, self.embedder, rrf_k=self.settings.rrf_k, window_words=self.settings.window_words,
                        data_dir=self.settings.data_dir, reopen=self._fresh_store)

    def _fresh_store(self) -> ChunkStore:
        """The store through a new client: sees what another process wrote since ours was opened."""
        from assistant.search.store import ChunkStore, make_client

        return ChunkStore(make_client(self.settings, fresh=True), self.settings.collection, self.embedder)

    @cached_property
    def inventory(self) -> list[ReflectionQuestion]:
        """The reflection questions stored with the index (dropped after each ingest)."""
        from assistant.reflect.question_index import load_inventory

        return load_inventory(self)

    @cached_property
    def answerer(self) -> Answerer:
        """The offline answer logic (dropped after each ingest: it holds corpus statistics)."""
        from assistant.answer.offline import Answerer

        return Answerer(
            self.searcher, self.embedder.embed_query, self.embedder.id,
            sentence_vectors=lambda texts: self.cache.embed_passages(self.embedder, texts),
        )

    def chat_session(self, chat_model=None) -> ChatSession:
        """A new conversation; `chat_model` overrides the LLM chosen by the settings (tests inject fakes)."""
        from assistant.answer.conversation import ChatSession

        return ChatSession(self.answerer, self.settings, lambda: self.inventory, chat_model=chat_model)

    def retriever(self, k: int | None = None, mode: str = "hybrid") -> AssistantRetriever:
        from assistant.search.retriever import AssistantRetriever

        return AssistantRetriever(searcher=self.searcher, k=k or self.settings.retrieval_k, mode=mode)

    def index_exists(self) -> bool:
        """Asked on every page: a published search snapshot answers without opening Chroma."""
        from assistant.search import snapshot

        published = snapshot.current(self.settings.data_dir) and (
            self.settings.chroma_host or self.settings.chroma_path.exists())
        return bool(published) or self.store.ready()

    def ingest(self, paths: list[Path] = (), rebuild: bool = False, progress: Progress | None = None) -> IngestReport:
        from assistant.ingest import fingerprint
        from assistant.ingest.indexing import add_user_files, ingest, read_all
        from assistant.ingest.loaders import Limits

        started = time.perf_counter()
        problems = add_user_files(list(paths), self.settings.data_dir, Limits.of(self.settings))
        s = self.settings
        raw, unreadable = read_all(s.corpus_dir, s.data_dir)
        key = fingerprint.digest(raw, f"{s.chunk_min_words} {s.chunk_max_words} {s.window_words} {self.embedder.id}",
                                 s.prompts_dir)
        if not rebuild and self.store.exists() and (last := fingerprint.last(s.data_dir, key)):
            self._publish(changed=False)  # an index from before snapshots gets one
            return IngestReport(documents=last["documents"], chunks=last["chunks"], problems=problems + unreadable,
                                seconds=round(time.perf_counter() - started, 2))
        report = ingest(
            self.store, self.embedder, self.cache, s.corpus_dir, s.data_dir, s.chunk_min_words, s.chunk_max_words,
            s.window_words,
            rebuild=rebuild, progress=progress,
            after=self._after_ingest, limits=Limits.of(self.settings),
        )
        self._publish(changed=bool(report.ingested or report.removed))
        fingerprint.remember(s.data_dir, key, report.documents, report.chunks)
        self._refresh()
        self._embed_sentences()
        return report.model_copy(update={"problems": problems + report.problems})

    def _embed_sentences(self) -> None:
        """Sentence vectors for span selection, computed at ingest so a question embeds only itself."""
        from assistant.answer.span import is_statement, sentence_spans

        texts = [c.text[s:e] for c in self.searcher.chunks.values() for s, e in sentence_spans(c.text)]
        self.cache.embed_passages(self.embedder, [t for t in texts if is_statement(t)])

    def remove_document(self, doc: SourceDocument) -> IngestReport | None:
        from assistant.ingest.indexing import remove_user_document

        if not remove_user_document(doc, self.settings.data_dir):
            return None
        return self.ingest()

    def _after_ingest(self, prepared) -> None:
        """Hook for what is derived from the cleaned documents (the reflection questions)."""
        from assistant.reflect.question_index import store_inventory

        store_inventory(self, prepared)

    def _publish(self, changed: bool) -> None:
        """Name a new generation of the search index (its snapshot written beside the old one), so
        searchers here and in other processes (the app, while the CLI ingests) swap to it."""
        from assistant.search import snapshot
        from assistant.search.retrieval import document_aliases

        if not self.store.exists():
            return
        marker = snapshot.current(self.settings.data_dir).split()
        if changed or len(marker) != 2 or marker[1] != str(self.store.collection().id):
            snapshot.publish(self.store, self.settings.data_dir, self.settings.window_words, True, document_aliases)

    def _refresh(self) -> None:
        if "searcher" in self.__dict__:
            self.searcher.reload()
        for name in ("inventory", "answerer"):
            self.__dict__.pop(name, None)


def build_assistant(settings: Settings | None = None, embedder: Embedder | None = None) -> Assistant:
    return Assistant(settings or Settings(), embedder)
