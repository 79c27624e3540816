"""What loads when: heavy libraries (chromadb, langchain, torch) only where they are needed."""

import os
import subprocess
import sys

from conftest import PROJECT_ROOT

HEAVY = "{'chromadb', 'langchain', 'langchain_core', 'langchain_text_splitters', 'torch', 'sentence_transformers', 'scipy'}"


def loaded_after(code: str, env: dict | None = None) -> subprocess.CompletedProcess:
    probe = f"import sys; sys.path.insert(0, 'tests'); {code}; print(sorted({{m.split('.')[0] for m in sys.modules}} & {HEAVY}))"
    return subprocess.run([sys.executable, "-c", probe], cwd=PROJECT_ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=300)


def test_unit_tests_start_without_chromadb_or_langchain():
    out = loaded_after("import conftest, assistant.text.cleaning, assistant.text.pii, assistant.text.lexical, "
                       "assistant.ingest.chunking, assistant.models, assistant.settings")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1] == "[]"


def test_search_cli_loads_neither_langchain_nor_torch(corpus_data_dir):
    """`python -m assistant search` starts fast: langchain, torch, sentence-transformers and scipy (which
    bm25s would load for a backend we do not use) stay unloaded."""
    out = loaded_after("from assistant.__main__ import main; main(['search', 'leg i små grupper', '--k', '1'])",
                       {"RA_DATA_DIR": str(corpus_data_dir)})
    assert out.returncode == 0, out.stderr
    assert "1. [" in out.stdout and out.stdout.splitlines()[-1] == "['chromadb']"  # the dense search needs it


def test_the_first_page_imports_without_the_search_stack():
    """The first page (Spørg) is drawn before the index loads: app.py's imports and the chat view load
    neither chromadb nor langchain (the index, the embedder and Chroma are loaded by
    `views.common.warm_up` after the page is drawn; each other page imports its view when opened)."""
    out = loaded_after("import views.common, views.chat")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1] == "[]"


def test_the_cli_collects_garbage_again_after_its_first_result():
    """The CLI starts with the collector off (`python -m assistant`); `settle` after the first result
    freezes the start-up heap and switches collection back on, so a long batch does not grow unbounded."""
    import gc

    from assistant.__main__ import settle

    gc.disable()
    try:
        settle()
        assert gc.isenabled() and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.enable()
