"""Ingest end to end on a real Chroma store: user documents, bad files, idempotence, removal."""

import subprocess
import sys

import pytest

from assistant.core import build_assistant
from assistant.search.embedders import SentenceTransformerEmbedder
from assistant.ingest.loaders import UnreadableDocument, read_user_file
from assistant.search.store import IndexMismatchError, IndexMissingError
from conftest import PROJECT_ROOT, make_settings
from documents import write_docx, write_pdf

GARDEROBE = [
    "Garderoben er et travlt sted om morgenen i vores børnehus.",
    "Vi har aftalt at en voksen altid står i garderoben ved aflevering.",
    "Så kan børnene få hjælp til flyverdragter og støvler i ro.",
]


def test_reingesting_unchanged_corpus_changes_nothing(fresh_assistant):
    collection = fresh_assistant.store.collection()
    before = collection.get()["ids"]
    report = fresh_assistant.ingest()
    assert report.added == 0 and report.removed == 0
    assert report.documents == 5 and report.chunks == len(collection.get(where={"kind": "chunk"})["ids"])
    assert len(before) > 2 * report.chunks  # chunks and their sentence windows
    assert sorted(collection.get()["ids"]) == sorted(before)


def test_user_documents_of_each_kind_become_searchable(fresh_assistant, tmp_path):
    pdf = write_pdf(tmp_path / "garderobe.pdf", GARDEROBE, title="Garderobepolitik for Solsikken")
    word = write_docx(tmp_path / "madpakker.docx", "Madpakkeregler", "Madpakker",
                      ["Forældrene giver børnene en sund madpakke med rugbrød og grønt hver dag i ugen."],
                      ["Ingen slik i madpakken", "Vand i drikkedunken"])
    md = tmp_path / "sovetid.md"
    md.write_text("# Sovetid i vuggestuen\n\nDe mindste børn sover i krybber i barnevognsrummet efter frokost.\n")
    txt = tmp_path / "brandøvelse.txt"
    txt.write_text("Brandøvelse\n\nVi holder brandøvelse hvert forår, hvor alle børn går til samlingsstedet ved flagstangen.\n")
    steps = []
    report = fresh_assistant.ingest([pdf, word, md, txt], progress=lambda d, t, m: steps.append((d, t)))
    assert report.problems == []
    assert report.documents == 9
    assert steps and steps[-1][0] == steps[-1][1]
    docs = fresh_assistant.searcher.documents
    assert docs["user-garderobe-pdf"].title == "Garderobepolitik for Solsikken"  # from PDF metadata
    assert docs["user-madpakker-docx"].title == "Madpakkeregler"  # from DOCX core properties
    assert docs["user-sovetid-md"].title == "Sovetid i vuggestuen"  # from the Markdown heading
    assert docs["user-brandoevelse-txt-59114c"].title == "brandøvelse"  # from the file name (its id has a hash: "ø" is not spelled exactly)
    for query, doc_id in [("flyverdragter i garderoben", "user-garderobe-pdf"), ("sund madpakke med rugbrød", "user-madpakker-docx"),
                          ("krybber barnevognsrummet", "user-sovetid-md"), ("samlingsstedet ved flagstangen", "user-brandoevelse-txt-59114c")]:
        hits = fresh_assistant.searcher.search(query, k=3)
        assert hits[0].chunk.doc_id == doc_id, [(h.chunk.id, h.dense_score, h.bm25_score) for h in hits]


def test_bad_files_are_reported_and_the_rest_ingest(fresh_assistant, tmp_path):
    good = tmp_path / "god.txt"
    good.write_text("Legepladsen\n\nPå legepladsen har vi en ny sandkasse med tag, så børnene kan lege i skygge.\n")
    corrupt = tmp_path / "ødelagt.pdf"
    corrupt.write_bytes(b"%PDF-1.4\n this is not really a pdf \x00\x01\x02")
    empty = tmp_path / "tom.txt"
    empty.write_text("")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Børnene spiser frokost klokken elleve hver dag i køkkenet.".encode("latin-1"))
    scanned = write_pdf(tmp_path / "scannet.pdf", [])
    report = fresh_assistant.ingest([good, corrupt, empty, latin1, scanned])
    reasons = {p.path.split("/")[-1]: p.reason for p in report.problems}
    assert set(reasons) == {"ødelagt.pdf", "tom.txt", "scannet.pdf"}  # latin-1 is decoded (issue 9, case 7)
    assert "beskadiget" in reasons["ødelagt.pdf"]
    assert "tom" in reasons["tom.txt"]
    assert "scannet" in reasons["scannet.pdf"]
    assert "user-god-txt" in fresh_assistant.searcher.documents
    assert fresh_assistant.searcher.search("sandkasse med tag", k=1)[0].chunk.doc_id == "user-god-txt"


def test_unsupported_file_type_has_a_clear_reason(tmp_path):
    path = tmp_path / "billede.png"
    path.write_bytes(b"\x89PNG")
    with pytest.raises(UnreadableDocument, match="understøttes ikke"):
        read_user_file(path)


def test_changed_and_removed_documents_lose_their_old_chunks(fresh_assistant, tmp_path):
    doc = tmp_path / "regler.txt"
    doc.write_text("Regler\n\nVi går tur til skoven hver tirsdag med de store børn og en madpakke.\n")
    fresh_assistant.ingest([doc])
    old_ids = {c.id for c in fresh_assistant.searcher.chunks_of("user-regler-txt")}
    doc.write_text("Regler\n\nVi går tur til stranden hver torsdag med de store børn og en termokande.\n")
    report = fresh_assistant.ingest([doc])
    new_ids = {c.id for c in fresh_assistant.searcher.chunks_of("user-regler-txt")}
    assert report.removed == len(old_ids) and not old_ids & new_ids
    stored = set(fresh_assistant.store.collection().get()["ids"])
    assert not old_ids & stored
    removed = fresh_assistant.remove_document(fresh_assistant.searcher.documents["user-regler-txt"])
    assert removed is not None and "user-regler-txt" not in fresh_assistant.searcher.documents
    assert not new_ids & set(fresh_assistant.store.collection().get()["ids"])
    # The bundled corpus cannot be removed.
    assert fresh_assistant.remove_document(fresh_assistant.searcher.documents["kl-anbefalinger"]) is None


def test_rebuild_starts_over(fresh_assistant):
    report = fresh_assistant.ingest(rebuild=True)
    assert report.added == report.chunks > 200 and report.removed == 0


def test_a_rebuild_leaves_no_old_vector_index_on_disk(small_assistant):
    """Chroma keeps a deleted collection's HNSW folder (chroma-core/chroma#5259); rebuilds must not pile up."""
    folders = small_assistant.settings.chroma_path

    def index_folders() -> set[str]:
        return {p.name for p in folders.iterdir() if p.is_dir()}

    before = index_folders()
    for _ in range(2):
        small_assistant.ingest(rebuild=True)
    after = index_folders()
    assert len(after) == len(before) and after != before  # the same number of indexes, the new ones
    assert small_assistant.searcher.search("forældre", k=1)  # and the new index answers


def test_missing_index_is_a_clear_error(tmp_path):
    assistant = build_assistant(make_settings(tmp_path))
    assert not assistant.index_exists()
    with pytest.raises(IndexMissingError, match="ingest.py"):
        assistant.searcher.search("børn")


def test_embedder_mismatch_is_a_clear_error(corpus_data_dir, tmp_path):
    other = SentenceTransformerEmbedder("/nonexistent/model")  # never loaded: the check comes first
    assistant = build_assistant(make_settings(corpus_data_dir), embedder=other)
    with pytest.raises(IndexMismatchError, match="--rebuild"):
        assistant.store.collection()


def test_ingest_cli_reports_bad_file_and_summary(fresh_assistant, tmp_path):
    empty = tmp_path / "tom.md"
    empty.write_text("")
    env = {"RA_DATA_DIR": str(fresh_assistant.settings.data_dir), "PATH": "/usr/bin:/bin", "ANONYMIZED_TELEMETRY": "False"}
    result = subprocess.run([sys.executable, "ingest.py", str(empty)], cwd=PROJECT_ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert "tom.md: Filen er tom." in result.stderr
    assert "5 documents" in result.stdout


def test_personal_data_in_uploads_is_found_before_storing(tmp_path):
    from assistant.ingest.indexing import personal_data_in

    clean = tmp_path / "plan.txt"
    clean.write_text("Årsplan\n\nVi holder forældremøde i september 2025 for 0-5 år, ca. 13.000 børn i kommunen.\n")
    private = tmp_path / "liste.md"
    private.write_text("# Liste\n\nEmils mor: 12345678, mor@example.dk, CPR 010203-1234 skal bruges ved udflugter.\n")
    assert personal_data_in([clean, private, tmp_path / "findes-ikke.txt"]) == {
        "liste.md": ["navn", "telefonnummer", "e-mailadresse", "CPR-nummer"]  # "Emils mor" is a name
    }


def test_new_window_boundaries_replace_old_windows(small_assistant):
    """On a small corpus: what is tested is the replacement, not the corpus (re-embedding it took minutes)."""
    from assistant.ingest.chunking import windows_of
    from assistant.core import build_assistant

    collection = small_assistant.store.collection()
    old = set(collection.get(where={"kind": "window"})["ids"])
    settings = small_assistant.settings.model_copy(update={"window_words": 25})
    smaller = build_assistant(settings)
    smaller.ingest()
    new = set(smaller.store.collection().get(where={"kind": "window"})["ids"])
    expected = {w.id for c in smaller.searcher.chunks.values() for w in windows_of(c, 25)}
    assert new == expected and len(new) > len(old)  # exactly the new windows: no stale one survives
    assert old - new


def test_same_name_different_type_are_different_documents(fresh_assistant, tmp_path):
    (tmp_path / "plan.md").write_text("# Plan for leg\n\nVi leger med klodser og biler på gulvet i fællesrummet hver dag.\n")
    (tmp_path / "plan.txt").write_text("Plan for mad\n\nVi spiser rugbrød med pålæg og frugt til frokost ved de små borde.\n")
    fresh_assistant.ingest([tmp_path / "plan.md", tmp_path / "plan.txt"])
    docs = fresh_assistant.searcher.documents
    assert docs["user-plan-md"].title == "Plan for leg" and docs["user-plan-txt"].title == "plan"
    assert fresh_assistant.searcher.search("klodser og biler", k=1)[0].chunk.doc_id == "user-plan-md"


def test_table_rows_are_kept_and_a_textless_result_is_reported(fresh_assistant, tmp_path):
    table = tmp_path / "dagsorden.txt"
    table.write_text("Dagsorden\n\nKl. 9 | Samling i rundkredsen med sang og fortælling\nKl. 10 | Udetid på legepladsen\n")
    report = fresh_assistant.ingest([table])
    assert report.problems == []
    assert "Samling i rundkredsen" in fresh_assistant.searcher.chunks_of("user-dagsorden-txt")[0].text


def test_changed_title_rewrites_the_chunks(fresh_assistant, tmp_path):
    md = tmp_path / "ture.md"
    md.write_text("# Ture i skoven\n\nVi går i skoven hver fredag med madpakker og termokander til de voksne.\n")
    fresh_assistant.ingest([md])
    md.write_text("# Skovture om fredagen\n\nVi går i skoven hver fredag med madpakker og termokander til de voksne.\n")
    report = fresh_assistant.ingest([md])
    assert report.added >= 1
    assert fresh_assistant.searcher.documents["user-ture-md"].title == "Skovture om fredagen"


def test_a_change_to_the_chunking_code_invalidates_the_ingest_digest(tmp_path, monkeypatch):
    """An updated cleaner or chunker must rebuild an index made by the old one, as changed text would."""
    import shutil

    from assistant.ingest import fingerprint

    package = tmp_path / "assistant"
    for module in fingerprint.SHAPING_CODE:
        (package / module).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(fingerprint._PACKAGE / module, package / module)
    monkeypatch.setattr(fingerprint, "_PACKAGE", package)
    before = fingerprint.digest([], "settings", tmp_path / "prompts")
    assert fingerprint.digest([], "settings", tmp_path / "prompts") == before
    with (package / "ingest" / "chunking.py").open("a") as f:
        f.write("\n# a changed rule\n")
    assert fingerprint.digest([], "settings", tmp_path / "prompts") != before
