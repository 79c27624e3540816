"""Ingest: read, clean, chunk, embed (cached) and upsert; remove what changed or disappeared."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol

from assistant.ingest.chunking import Window, chunk_document, windows_of
from assistant.text.cleaning import CleanedText, Vocabulary, clean_document
from assistant.search.embedders import Embedder, EmbeddingCache
from assistant.ingest.loaders import (
    Limits, RawDocument, UnreadableDocument, load_manifest, read_user_file, stored_name,
)
from assistant.models import Chunk, IngestProblem, IngestReport, SourceDocument
from assistant.text.pii import NAMES, find_personal_data
from assistant.search.store import ChunkStore


class Progress(Protocol):
    """Receives ingest progress; the CLI shows a tqdm bar, the UI a progress widget."""

    def __call__(self, done: int, total: int, message: str) -> None: ...


@dataclass
class PreparedDocument:
    doc: SourceDocument
    cleaned: CleanedText
    chunks: list[Chunk]
    windows: list[Window]


def uploads_dir(data_dir: Path) -> Path:
    return data_dir / "uploads"


def add_user_files(paths: list[Path], data_dir: Path, limits: Limits = Limits()) -> list[IngestProblem]:
    """Check users' files and copy the readable ones into the data directory, where ingest finds them.

    Each file is read, cleaned and chunked before it is copied, so a file that fails never reaches
    uploads/ to fail again on every later ingest; a copy is written whole or not at all."""
    problems = []
    target = uploads_dir(data_dir)
    target.mkdir(parents=True, exist_ok=True)
    for path in paths:
        name = stored_name(path.name)
        try:
            if not prepare([read_user_file(path, limits, name=name)], 10, 250)[0].chunks:
                raise UnreadableDocument("Der blev ikke fundet nogen brugbar tekst i dokumentet.")
        except UnreadableDocument as exc:
            problems.append(IngestProblem(path=str(path), reason=str(exc)))
            continue
        except Exception as exc:  # cleaning or chunking tripped over something odd: this file only
            problems.append(IngestProblem(path=str(path), reason=_unexpected(exc)))
            continue
        if path.resolve() != (target / name).resolve():
            _copy_whole(path, target / name)
    return problems


def _copy_whole(source: Path, target: Path) -> None:
    partial = target.with_name(f".{target.name[:180]}.partial")
    try:
        shutil.copyfile(source, partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def _unexpected(exc: BaseException) -> str:
    return f"Dokumentet kunne ikke behandles ({type(exc).__name__}). Prøv at gemme det igen som PDF eller tekst."


def personal_data_in(paths: list[Path]) -> dict[str, list[str]]:
    """For each readable file with personal data, the kinds found (CPR number, phone, e-mail, named in
    Danish for the warning shown before the file is stored)."""
    found = {}
    for path in paths:
        try:
            text = read_user_file(path, name=stored_name(path.name)).text
        except UnreadableDocument:
            continue  # reported by the ingest itself
        kinds = list(dict.fromkeys(NAMES[f.kind] for f in find_personal_data(text)))
        if kinds:
            found[path.name] = kinds
    return found


def remove_user_document(doc: SourceDocument, data_dir: Path) -> bool:
    """Delete an uploaded document's file; the next ingest removes its chunks."""
    if not doc.user_added:
        return False
    for path in uploads_dir(data_dir).glob("*"):
        if path.name == Path(doc.path).name:
            path.unlink()
            return True
    return False


def read_all(
    corpus_dir: Path, data_dir: Path, limits: Limits = Limits()
) -> tuple[list[RawDocument], list[IngestProblem]]:
    """The corpus and the uploaded documents; an upload that no longer reads (a file put there by hand,
    lower limits) is reported and removed, so it does not fail again on every ingest."""
    docs = load_manifest(corpus_dir)
    problems: list[IngestProblem] = []
    folder = uploads_dir(data_dir)
    seen: set[str] = set()
    for path in sorted(p for p in folder.glob("*") if not p.name.startswith(".")) if folder.exists() else []:
        try:
            raw = read_user_file(path, limits)
        except UnreadableDocument as exc:
            problems.append(IngestProblem(path=str(path), reason=f"{exc} Filen er fjernet fra de tilføjede dokumenter."))
            path.unlink(missing_ok=True)
            continue
        if raw.doc.id not in seen:  # ids are unique per file name; this guards against any later change
            seen.add(raw.doc.id)
            docs.append(raw)
    return docs, problems


def prepare(
    raw_docs: list[RawDocument], min_words: int, max_words: int, window_words: int = 40,
    problems: list[IngestProblem] | None = None,
) -> list[PreparedDocument]:
    """Clean and chunk each document. With `problems`, a document that fails is reported there and left
    out (the others go on); without, the error is raised."""
    vocab = Vocabulary.from_texts(r.text for r in raw_docs)
    prepared = []
    for raw in raw_docs:
        try:
            prepared.append(_prepare_one(raw, vocab, min_words, max_words, window_words))
        except Exception as exc:
            if problems is None or not raw.doc.user_added:
                raise  # the bundled corpus must always ingest: a failure there is a bug to see
            problems.append(IngestProblem(path=raw.doc.path, reason=_unexpected(exc)))
            Path(raw.doc.path).unlink(missing_ok=True)
    return prepared


def _prepare_one(raw: RawDocument, vocab: Vocabulary, min_words: int, max_words: int, window_words: int) -> PreparedDocument:
    cleaned = clean_document(raw.text, vocab)
    # Title and publisher ride on every chunk: a change to them must re-write the chunks too.
    meta = f"{raw.doc.title}\n{raw.doc.short}\n{raw.doc.publisher}\n"
    digest = hashlib.sha1((meta + cleaned.text).encode()).hexdigest()
    doc = raw.doc.model_copy(update={"content_hash": digest})
    chunks = chunk_document(doc.id, cleaned.text, cleaned.sections, min_words, max_words)
    windows = [w for c in chunks for w in windows_of(c, window_words)]
    return PreparedDocument(doc, cleaned, chunks, windows)


def ingest(
    store: ChunkStore,
    embedder: Embedder,
    cache: EmbeddingCache,
    corpus_dir: Path,
    data_dir: Path,
    min_words: int = 80,
    max_words: int = 250,
    window_words: int = 40,
    rebuild: bool = False,
    progress: Progress | None = None,
    after: Callable[[list[PreparedDocument]], None] | None = None,
    limits: Limits = Limits(),
) -> IngestReport:
    started = time.perf_counter()
    if rebuild:
        store.drop()
    raw_docs, problems = read_all(corpus_dir, data_dir, limits)
    prepared = prepare(raw_docs, min_words, max_words, window_words, problems)
    for p in [p for p in prepared if not p.chunks]:
        problems.append(IngestProblem(path=p.doc.path, reason="Der blev ikke fundet nogen brugbar tekst i dokumentet."))
        prepared.remove(p)
        if p.doc.user_added:
            Path(p.doc.path).unlink(missing_ok=True)  # our copy in uploads/: not kept, so not reported again

    # The collection is created by the first upsert, so an interrupted first ingest leaves no empty index.
    existing, stored_hash = store.stored() if store.exists() else ([], {})  # paged reads
    have = set(existing)
    wanted = {c.id for p in prepared for c in p.chunks}
    wanted |= {w.id for p in prepared for w in p.windows}
    stale = [cid for cid in existing if cid not in wanted]

    # Documents whose text or chunking changed are re-upserted whole: positions and spans may have moved.
    changed = [
        p for p in prepared
        if stored_hash.get(p.doc.id) != p.doc.content_hash
        or any(x.id not in have for x in (*p.chunks, *p.windows))
    ]
    chunks = [c for p in changed for c in p.chunks]
    windows = [w for p in changed for w in p.windows]
    if windows:
        done = 0

        def step(n: int) -> None:
            nonlocal done
            done += n
            if progress:
                progress(done, len(windows), "Indlejrer tekstafsnit")

        vectors = cache.embed_passages(embedder, [w.search_text() for w in windows], on_progress=step)
        store.upsert(chunks, windows, vectors, {p.doc.id: p.doc for p in prepared})
    store.delete(stale)
    if after is not None:
        after(prepared)
    return IngestReport(
        documents=len(prepared), chunks=sum(len(p.chunks) for p in prepared), added=len(chunks),
        removed=sum(1 for cid in stale if "#" not in cid),
        seconds=round(time.perf_counter() - started, 2), problems=problems,
        ingested=[p.doc.id for p in changed],
    )
