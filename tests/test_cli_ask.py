"""`python -m assistant ask` prints one JSON line per question, with the documented shape."""

from __future__ import annotations

import json
import subprocess

from assistant.settings import PROJECT_ROOT
from conftest import run_main

CORPUS = PROJECT_ROOT / "corpus"

KEYS = {"question", "answered", "mode", "text", "citations"}
CITATION_KEYS = {"n", "doc_id", "title", "section", "chunk_id", "quote", "chunk_text"}


def run_cli(args: list[str], data_dir) -> subprocess.CompletedProcess:
    return run_main(args, {"RA_DATA_DIR": str(data_dir), "RA_CORPUS_DIR": str(CORPUS)})


def test_ask_batch_json(corpus_data_dir, tmp_path):
    batch = tmp_path / "questions.jsonl"
    batch.write_text(
        json.dumps({"question": "Hvad er intentionstrængsel?"}, ensure_ascii=False) + "\n\n"
        + json.dumps({"question": "Hvem vandt Superligaen i fodbold sidste sæson?"}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    result = run_cli(["ask", "--batch", str(batch), "--json"], corpus_data_dir)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 2
    answered, refused = lines
    assert KEYS <= answered.keys() and answered["mode"] == "offline"
    assert answered["question"] == "Hvad er intentionstrængsel?"
    assert answered["answered"] is True and answered["citations"]
    for c in answered["citations"]:
        assert set(c) == CITATION_KEYS
        assert c["quote"] in c["chunk_text"]
        assert f"[{c['n']}]" in answered["text"]
    assert refused["answered"] is False and refused["citations"] == []
    assert refused["text"].startswith("Det dækker dokumenterne ikke")


def test_ask_without_question_fails(corpus_data_dir):
    result = run_cli(["ask", "--json"], corpus_data_dir)
    assert result.returncode == 2
    assert "give a question" in result.stderr


def test_ask_batch_reports_a_bad_line_and_answers_the_rest(corpus_data_dir, tmp_path):
    batch = tmp_path / "questions.jsonl"
    batch.write_text('{"question": "   "}\n{"question": "Hvad er intentionstrængsel?"}\n', encoding="utf-8")
    result = run_cli(["ask", "--batch", str(batch)], corpus_data_dir)
    assert result.returncode == 2 and "Skriv et spørgsmål." in result.stderr
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first == {"question": "   ", "error": "Skriv et spørgsmål."}
    assert second["answered"] is True
