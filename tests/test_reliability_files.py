"""Issue 9, cases 2, 3 and 7: bad files fail on their own with a Danish reason, limits are checked before
the work, nothing that failed stays behind, ids are unique per file, Windows text files are decoded."""

from __future__ import annotations

import pytest

from assistant.ingest.indexing import add_user_files, read_all, uploads_dir
from assistant.ingest.loaders import Limits, UnreadableDocument, document_id, read_user_file, stored_name
from conftest import CORPUS
from evals.badfiles import TEXT, bad_files, encrypted_pdf, pdf_bytes
from evals.reliability import clear, files_eval


def test_a_batch_of_bad_and_odd_files_neither_crashes_nor_jams(fresh_assistant, tmp_path):
    result = files_eval(tmp_path, fresh_assistant)
    assert result["crashes"] == 0
    assert result["jammed"] == []
    assert result["unexpected"] == []
    assert result["unclear"] == 0 and result["clear"] + result["accepted"] == result["tried"] >= 25


def test_colliding_and_odd_names_get_distinct_ids():
    names = ["17 Referat.txt", "17-referat.txt", "17_referat.txt", "17 referat.TXT", "plan.pdf", "plan.docx",
             "Læreplan.docx", "laereplan.docx", "a" * 61 + ".txt", "a" * 62 + ".txt"]
    ids = [document_id(stored_name(n)) for n in names]
    assert len(set(ids)) == len(ids)
    assert document_id("plan.pdf") == "user-plan-pdf"  # names the slug spells exactly keep their id


def test_a_name_the_file_system_refuses_is_stored_shortened():
    name = "Referat fra forældremøde i Solsikken " * 9 + ".docx"  # > 255 bytes
    stored = stored_name(name)
    assert len(stored.encode()) <= 200 and stored.endswith(".docx") and stored.startswith("Referat fra")
    assert stored_name(name) == stored  # deterministic: a re-upload replaces the same file
    assert stored_name("../../etc/passwd.txt") == "passwd.txt"


def test_limits_are_checked_before_the_file_is_parsed(tmp_path):
    path = tmp_path / "stor.pdf"
    path.write_bytes(b"%PDF-1.4 garbage " * 1000)  # broken, but too big first: never parsed
    with pytest.raises(UnreadableDocument, match="for stor .* højst fylde"):
        read_user_file(path, Limits(max_bytes=5000))
    pages = tmp_path / "sider.pdf"
    pages.write_bytes(pdf_bytes([["Side om leg og læring i dagtilbuddet."]] * 4))
    with pytest.raises(UnreadableDocument, match="4 sider. Den må højst have 3 sider"):
        read_user_file(pages, Limits(max_pdf_pages=3))
    long = tmp_path / "lang.txt"
    long.write_text("Børn leger hver dag. " * 200, encoding="utf-8")
    with pytest.raises(UnreadableDocument, match="for langt"):
        read_user_file(long, Limits(max_chars=1000))
    assert "20 MB pr. fil" in Limits().describe()


def test_an_encrypted_pdf_is_explained_in_danish(tmp_path):
    path = tmp_path / "krypteret.pdf"
    path.write_bytes(encrypted_pdf())
    with pytest.raises(UnreadableDocument) as caught:
        read_user_file(path)
    assert "adgangskode" in str(caught.value) and clear(str(caught.value))


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-16"])
def test_text_files_from_windows_are_decoded(tmp_path, encoding):
    path = tmp_path / "brev.txt"
    path.write_bytes(("Kære forældre\n\nBørnene får æblegrød på fredag, og vi går en tur i skoven.").encode(encoding))
    assert "Børnene får æblegrød" in read_user_file(path).text


def test_a_file_that_fails_is_never_copied_into_uploads(tmp_path):
    files = bad_files(tmp_path / "files")
    problems = add_user_files([f.path for f in files], tmp_path / "data")
    kept = {p.name for p in uploads_dir(tmp_path / "data").iterdir()}
    rejected = {f.path.name for f in files if f.expect == "reject"}
    assert {p.path.split("/")[-1] for p in problems} == rejected
    assert not kept & {stored_name(n) for n in rejected}
    assert not [n for n in kept if n.startswith(".")], "no partial copies left behind"


def test_an_upload_that_no_longer_reads_is_reported_once_and_removed(tmp_path):
    folder = uploads_dir(tmp_path)
    folder.mkdir(parents=True)
    (folder / "ødelagt.pdf").write_bytes(b"%PDF-1.4 not really")
    (folder / "god.txt").write_text(TEXT, encoding="utf-8")
    docs, problems = read_all(CORPUS, tmp_path)
    assert [p.path.split("/")[-1] for p in problems] == ["ødelagt.pdf"]
    assert "fjernet" in problems[0].reason
    assert not (folder / "ødelagt.pdf").exists()
    assert read_all(CORPUS, tmp_path)[1] == []  # the next ingest is clean
    assert "user-god-txt" in {d.doc.id for d in docs}


def test_a_run_that_is_not_text_is_dropped_and_a_long_link_is_kept_in_pieces(tmp_path):
    blob = "iVBORw0KGgoAAAANSUhEUgAA" * 40  # a base64 image pasted into Markdown
    link = "https://www.example.dk/" + "dagtilbud/" * 12  # 143 characters
    path = tmp_path / "noter.md"
    path.write_text(f"# Noter\n\nBørn leger i sandkassen hver dag. ![]({blob})\n\nSe {link} for mere.\n", encoding="utf-8")
    text = read_user_file(path).text
    assert "iVBOR" not in text and "sandkassen hver dag" in text
    assert text.replace(" ", "").count(link) == 1 and max(len(w) for w in text.split()) <= 100
