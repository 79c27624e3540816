"""Reliability under careless and hostile use: bad files, personal data formats, hostile input.

Run: python -m evals.reliability   (writes the "reliability" section of evals/report.md)

Everything runs on temporary data directories; the bad files are generated on the spot."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from assistant.core import Assistant, build_assistant  # noqa: E402
from assistant.ingest.loaders import document_id, stored_name  # noqa: E402
from assistant.settings import PROJECT_ROOT, Settings  # noqa: E402
from assistant.text.markdown import answer_markdown, escape  # noqa: E402
from assistant.text.pii import find_personal_data, redact, usable  # noqa: E402

from .badfiles import TEXT, bad_files  # noqa: E402
from .hostile import hostile_inputs  # noqa: E402
from .pii_formats import NEGATIVE, POSITIVE  # noqa: E402
from .vectors import seed  # noqa: E402
from .report import update_section  # noqa: E402

SMALL_DOC = "kl-sammen-om-de-bedste-rammer.txt"
# A clear reason is Danish and carries no library's English message (at most an exception's type name).
DANISH = re.compile(r"\b(?:Filen|Filtypen|PDF'en|Word-filen|Dokumentet|Der blev|Filens)\b")
ENGLISH = re.compile(r"\b(?:not|found|invalid|error|the|could|failed|unexpected)\b", re.IGNORECASE)


def small_corpus(folder: Path) -> Path:
    """One bundled document as a corpus of its own: ingests in seconds."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT_ROOT / "corpus" / SMALL_DOC, folder / SMALL_DOC)
    (folder / "manifest.toml").write_text(
        f'[[document]]\nid = "kl"\nfile = "{SMALL_DOC}"\ntitle = "KL"\nshort = "KL"\npublisher = "KL"\n', encoding="utf-8"
    )
    return folder


def scratch_assistant(work: Path, corpus_dir: Path) -> Assistant:
    data = work / "data"
    data.mkdir(parents=True, exist_ok=True)
    cache = PROJECT_ROOT / "data" / "embeddings.sqlite"
    if cache.exists():  # content-addressed: a warm cache only saves time
        shutil.copy(cache, data / "embeddings.sqlite")
    seed(data / "embeddings.sqlite")  # the bundled corpus's real vectors (evals/vectors.py)
    return build_assistant(Settings(_env_file=None, data_dir=data, corpus_dir=corpus_dir))


def clear(reason: str) -> bool:
    return bool(DANISH.search(reason)) and not ENGLISH.search(re.sub(r"\([A-Za-z]+\)", "", reason))


def files_eval(work: Path, assistant: Assistant | None = None) -> dict:
    """All bad files in one batch: each must succeed or fail on its own; nothing may jam the next ingest."""
    assistant = assistant or scratch_assistant(work, small_corpus(work / "corpus"))
    files = bad_files(work / "files")
    result = {"tried": len(files), "accepted": 0, "clear": 0, "unclear": 0, "crashes": 0, "jams": 0,
              "unexpected": [], "jammed": []}
    try:
        report = assistant.ingest([f.path for f in files])
    except Exception as exc:  # the whole batch fell over: every file counts as a crash
        result["crashes"] = len(files)
        result["jammed"].append(f"batch raised {type(exc).__name__}: {exc}"[:200])
        return result
    reasons = {Path(p.path).name: p.reason for p in report.problems}
    documents = assistant.searcher.documents
    for f in files:
        if document_id(stored_name(f.path.name)) in documents:
            outcome = "accept"
            result["accepted"] += 1
        elif f.path.name in reasons:
            outcome = "reject"
            result["clear" if clear(reasons[f.path.name]) else "unclear"] += 1
        else:
            outcome = "lost"
        if outcome != f.expect:
            result["unexpected"].append(f"{f.what}: {outcome}, expected {f.expect}")
    result["jammed"] = jams(assistant, files, reasons, work)
    result["jams"] = len(result["jammed"])
    return result


def jams(assistant: Assistant, files, reasons: dict[str, str], work: Path) -> list[str]:
    """What the batch left behind that breaks later use."""
    found = []
    uploads = {p.name for p in (assistant.settings.data_dir / "uploads").glob("*")}
    found += [f"{name} failed but stayed in uploads/" for name in reasons if stored_name(name) in uploads]
    found += [f"leftover {name}" for name in uploads if name.startswith(".")]
    pair = [document_id(stored_name(n)) for n in ("17 Referat.txt", "17-referat.txt")]
    if len(set(pair) & set(assistant.searcher.documents)) != 2:
        found.append("the colliding pair did not become two documents")
    try:
        again = assistant.ingest()
        found += [f"next ingest: {p.path}: {p.reason}" for p in again.problems]
        good = work / "god.txt"
        good.write_text(TEXT, encoding="utf-8")
        later = assistant.ingest([good])
        found += [f"a good file afterwards: {p.reason}" for p in later.problems]
    except Exception as exc:
        found.append(f"next ingest raised {type(exc).__name__}: {exc}"[:200])
    return found


def pii_eval() -> dict:
    missed = [f"{kind}: {text!r}" for text, value, kind in POSITIVE
              if value in redact(text).text or kind not in {f.kind for f in find_personal_data(text)}]
    false_alarms = [text for text in NEGATIVE if find_personal_data(text)]
    people = Path(__file__).with_name("pii_corpus_people.txt").read_text(encoding="utf-8")
    known = {w for line in people.splitlines() if not line.startswith("#") for w in line.split()}
    corpus_findings, corpus_false = 0, []
    for path in sorted((PROJECT_ROOT / "corpus").glob("*.txt")):
        for f in find_personal_data(path.read_text(encoding="utf-8")):
            corpus_findings += 1
            if f.kind == "name" and not set(f.text.split()) & known:
                corpus_false.append(f.text)
    return {"tried": len(POSITIVE), "missed": missed, "kinds": sorted({k for _, _, k in POSITIVE}),
            "negatives": len(NEGATIVE), "false_alarms": false_alarms,
            "corpus_findings": corpus_findings, "corpus_false": corpus_false}


def hostile_eval(assistant: Assistant, inputs: list[str] | None = None) -> dict:
    """Each input as a question, a search, a reflection concern and rendered text."""
    from assistant.reflect.facilitator import Facilitator

    inputs = hostile_inputs() if inputs is None else inputs
    facilitator = Facilitator(assistant)
    crashes, refused = [], 0
    for text in inputs:
        steps = [
            ("ask", lambda: assistant.chat_session().ask(text)),
            ("search", lambda: assistant.searcher.search(usable(text), k=3)),  # as the CLI and the page do
            ("suggest", lambda: facilitator.suggest(facilitator.redact(text[: assistant.settings.max_field_chars])[0])),
            ("render", lambda: (escape(text), answer_markdown(text), redact(text))),
        ]
        for name, step in steps:
            try:
                step()
            except ValueError as exc:  # the chat's own Danish refusals: empty or too long
                if name != "ask" or not re.search(r"[æøå]|Skriv", str(exc)):
                    crashes.append(f"{name} {text[:40]!r}: {type(exc).__name__}: {exc}"[:160])
                else:
                    refused += 1
            except Exception as exc:
                crashes.append(f"{name} {text[:40]!r}: {type(exc).__name__}: {exc}"[:160])
    return {"tried": len(inputs), "refused": refused, "crashes": crashes}


CONCURRENT_QUESTIONS = ("Hvad anbefaler KL om rammerne for gode børneliv?", "Hvad skal forældre vide om dagtilbud?",
                        "Hvordan arbejder vi med legen?")


def concurrent_eval(work: Path, threads: int = 3) -> dict:
    """Chat sessions in threads keep asking while `ingest.py` adds a document in another process, as when
    an admin adds a file from the CLI while the app serves. Every question must get an answer."""
    assistant = scratch_assistant(work, small_corpus(work / "corpus"))
    assistant.ingest()
    new = work / "nyt-dokument.txt"
    new.write_text(TEXT, encoding="utf-8")
    stop, lock = threading.Event(), threading.Lock()
    tally = {"asked": 0, "failed": [], "after": 0}

    def ask() -> None:
        session = assistant.chat_session()
        while not stop.is_set():
            for question in CONCURRENT_QUESTIONS:
                try:
                    answer = session.ask(question)
                    ok = bool(answer.text)
                except Exception as exc:  # noqa: BLE001 - every failure counts
                    ok, answer = False, f"{type(exc).__name__}: {exc}"[:160]
                with lock:
                    tally["asked"] += 1
                    if not ok:
                        tally["failed"].append(f"{question}: {answer}")

    askers = [threading.Thread(target=ask) for _ in range(threads)]
    for t in askers:
        t.start()
    env = {**os.environ, "RA_DATA_DIR": str(assistant.settings.data_dir),
           "RA_CORPUS_DIR": str(assistant.settings.corpus_dir)}
    result = subprocess.run([sys.executable, "ingest.py", str(new)], cwd=PROJECT_ROOT, env=env,
                            capture_output=True, text=True, timeout=900)
    time.sleep(2)  # questions after the ingest finished, on the new generation
    stop.set()
    for t in askers:
        t.join(timeout=120)
    found = any(h.chunk.doc_id.startswith("user-") for h in assistant.searcher.search(TEXT[:200], k=3))
    return {"asked": tally["asked"], "failed": tally["failed"], "ingest_ok": result.returncode == 0,
            "new_found": found}


def corpus_assistant(work: Path) -> Assistant:
    """The bundled corpus, from the project's index when there is one (a private copy), else ingested."""
    data = work / "corpus-data"
    source = PROJECT_ROOT / "data"
    if (source / "chroma").exists():
        shutil.copytree(source, data, ignore=shutil.ignore_patterns("uploads", "reflection.sqlite"))
    assistant = build_assistant(Settings(_env_file=None, data_dir=data))
    if not assistant.index_exists():
        assistant.ingest()
    return assistant


def markdown(files: dict, pii: dict, hostile: dict, concurrent: dict, seconds: float) -> str:
    lines = [
        "## Reliability",
        "",
        "Command: `python -m evals.reliability` (bad files generated by `evals/badfiles.py`, formats in "
        "`evals/pii_formats.py`, hostile inputs from `evals/hostile.py`).",
        "",
        "| What | Tried | Result |",
        "| --- | ---: | --- |",
        f"| Bad and odd files, one batch | {files['tried']} | {files['accepted']} accepted, {files['clear']} clear "
        f"Danish errors, {files['unclear']} unclear errors, {files['crashes']} crashes, {files['jams']} jams |",
        f"| Personal data formats ({', '.join(pii['kinds'])}) | {pii['tried']} | {len(pii['missed'])} missed |",
        f"| Look-alikes that are not personal data | {pii['negatives']} | {len(pii['false_alarms'])} redacted by mistake |",
        f"| Corpus text (5 documents) | {pii['corpus_findings']} findings | {len(pii['corpus_false'])} false "
        "positives (every name found is a person named in the corpus, `evals/pii_corpus_people.txt`) |",
        f"| Hostile inputs (question, search, reflection, rendering) | {hostile['tried']} | "
        f"{len(hostile['crashes'])} crashes, {hostile['refused']} refused with a Danish message |",
        f"| Questions from 3 chat sessions while `ingest.py` adds a document in another process | "
        f"{concurrent['asked']} | {len(concurrent['failed'])} failed; the ingest "
        f"{'succeeded' if concurrent['ingest_ok'] else 'FAILED'}, the new document "
        f"{'is found by the serving searcher' if concurrent['new_found'] else 'was NOT found'} |",
        "",
        f"Files whose outcome differed from the expected one: {len(files['unexpected'])}. Run time {seconds:.0f} s.",
    ]
    details = files["unexpected"] + files["jammed"] + pii["missed"] + pii["false_alarms"] + pii["corpus_false"] + hostile["crashes"] + concurrent["failed"]
    if details:
        lines += ["", "Details:", ""] + [f"- {escape_cell(d)}" for d in details[:40]]
    return "\n".join(lines)


def escape_cell(text: str) -> str:
    return text.replace("\n", " ").replace("|", "\\|")


def main() -> None:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="ra-reliability-") as tmp:
        work = Path(tmp)
        files = files_eval(work / "files-eval")
        pii = pii_eval()
        concurrent = concurrent_eval(work / "concurrent-eval")
        hostile = hostile_eval(corpus_assistant(work))
    text = markdown(files, pii, hostile, concurrent, time.perf_counter() - started)
    update_section("reliability", text)
    print(text)


if __name__ == "__main__":
    main()
