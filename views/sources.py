"""The "Kilder" page: the documents, a cited passage in its context, search, and users' own documents."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from assistant.core import Assistant
from assistant.ingest.indexing import personal_data_in
from assistant.ingest.loaders import SUPPORTED, Limits, stored_name
from assistant.models import readable_section
from assistant.text.markdown import escape, highlighted
from assistant.text.pii import usable

from .common import open_source


def render(assistant: Assistant) -> None:
    st.header("Kilder")
    searcher = assistant.searcher
    focus = st.session_state.get("focus")
    if focus and focus["chunk_id"] in searcher.chunks:
        _show_in_context(assistant, focus)
    _overview(assistant)
    _search(assistant)
    _browse(assistant)
    _upload(assistant)


def _show_in_context(assistant: Assistant, focus: dict) -> None:
    searcher = assistant.searcher
    chunk = searcher.chunks[focus["chunk_id"]]
    doc = searcher.documents[chunk.doc_id]
    st.subheader("Det citerede afsnit i sammenhæng")
    where = readable_section(chunk.section) or "uden overskrift"
    st.markdown(f"**{escape(doc.title)}**  \nAfsnit: *{escape(where)}*")
    section = [c for c in searcher.chunks_of(chunk.doc_id) if c.section == chunk.section]
    with st.container(border=True):
        for c in section:
            at = c.text.find(focus["quote"]) if c.id == chunk.id else -1
            if at >= 0:
                st.markdown(highlighted(c.text, at, at + len(focus["quote"])))
            else:
                st.markdown(escape(c.text))
    if st.button("Luk"):
        st.session_state.pop("focus", None)
        st.rerun()
    st.divider()


def _overview(assistant: Assistant) -> None:
    searcher = assistant.searcher
    rows = [
        {"Dokument": d.title, "Udgiver": d.publisher or ("Tilføjet af bruger" if d.user_added else ""),
         "Tekstafsnit": len(searcher.chunks_of(d.id))}
        for d in searcher.documents.values()
    ]
    st.subheader(f"{len(rows)} dokument" if len(rows) == 1 else f"{len(rows)} dokumenter")
    st.dataframe(rows, hide_index=True, width="stretch")


def _search(assistant: Assistant) -> None:
    query = st.text_input("Søg i dokumenterne", placeholder="fx forældresamarbejde")
    if not query.strip():
        return
    hits = assistant.searcher.search(usable(query.strip()), k=5)
    if not hits:
        st.info("Ingen afsnit matcher søgningen.")
    for i, hit in enumerate(hits):
        c = hit.chunk
        with st.container(border=True):
            st.markdown(f"**{escape(hit.short)}** · *{escape(readable_section(c.section))}*")
            st.markdown(escape(c.text[:400] + ("…" if len(c.text) > 400 else "")))
            st.button("Vis i dokumentet", key=f"search-{i}", on_click=open_source, args=(c.id, c.text))


def _browse(assistant: Assistant) -> None:
    searcher = assistant.searcher
    with st.expander("Læs i et dokument"):
        docs = list(searcher.documents.values())
        doc = st.selectbox("Dokument", docs, format_func=lambda d: d.title, key="browse-doc")
        chunks = searcher.chunks_of(doc.id)
        sections = list(dict.fromkeys(c.section for c in chunks))
        section = st.selectbox("Afsnit", sections, format_func=lambda s: s or "(uden overskrift)", key="browse-section")
        for c in chunks:
            if c.section == section:
                st.markdown(escape(c.text))


# Streamlit's upload box speaks English ("Upload", "200MB per file", which also contradicts our own limit of
# 20 MB) and has no setting for it: the words are hidden and Danish ones shown in their place. (Its own
# `max_upload_size` would reject a large file with an English message instead of ours in Danish.)
DANISH_UPLOADER = """<style>
[data-testid="stFileUploaderDropzoneInstructions"] span { font-size: 0; }
[data-testid="stFileUploaderDropzoneInstructions"] span::after {
  content: "Træk filerne hertil, eller vælg dem"; font-size: 0.875rem; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p { font-size: 0; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {
  content: "Vælg filer"; font-size: 0.875rem; }
</style>"""


def _upload(assistant: Assistant) -> None:
    st.subheader("Egne dokumenter")
    st.caption("Tilføj jeres egne dokumenter (PDF, Word, Markdown eller tekst). De kan søges og citeres med det samme. "
               f"Grænser: {Limits.of(assistant.settings).describe()}.")
    for kind, message in st.session_state.pop("upload_result", []):
        getattr(st, kind)(message)
    st.html(DANISH_UPLOADER)
    # A new key empties the uploader after each upload, so files are not offered twice.
    generation = st.session_state.setdefault("upload_generation", 0)
    files = st.file_uploader("Dokumenter at tilføje", type=[s.lstrip(".") for s in SUPPORTED], accept_multiple_files=True,
                             key=f"uploads-{generation}")
    if files:
        _add(assistant, files)
    for doc in [d for d in assistant.searcher.documents.values() if d.user_added]:
        cols = st.columns([4, 1])
        cols[0].markdown(escape(doc.title))
        if st.session_state.get("removing") != doc.id:
            cols[1].button("Fjern", key=f"remove-{doc.id}", on_click=st.session_state.update, args=({"removing": doc.id},))
            continue
        # removing is for everyone who uses the assistant, and cannot be undone: asked once more
        st.warning(f"Fjern “{escape(doc.title)}” for alle, der bruger assistenten? Svar, der citerer det, kan ikke "
                   "længere vise det i sammenhæng.")
        yes, no = st.columns(2)
        if yes.button("Ja, fjern dokumentet", key=f"remove-yes-{doc.id}", type="primary"):
            st.session_state.pop("removing", None)
            assistant.remove_document(doc)
            st.rerun()
        no.button("Annuller", key=f"remove-no-{doc.id}", on_click=st.session_state.pop, args=("removing", None))


def _add(assistant: Assistant, files) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        # Stored under a name the file system accepts (very long names are shortened), as in uploads/.
        paths = [Path(tmp) / stored_name(f.name) for f in files]
        for f, path in zip(files, paths):
            path.write_bytes(f.getvalue())
        personal = personal_data_in(paths)
        for name, kinds in personal.items():
            st.warning(f"{escape(name)} ser ud til at indeholde personoplysninger ({', '.join(kinds)}). "
                       "Dokumenter gemmes, som de er skrevet – fjern oplysningerne først, hvis de ikke må gemmes.")
        confirmed = not personal or st.checkbox("Jeg har tjekket dokumenterne, og de må gemmes")
        if not st.button("Tilføj dokumenter", type="primary", disabled=not confirmed):
            return
        bar = st.progress(0.0, text="Indlæser dokumenter ...")
        report = assistant.ingest(paths, progress=lambda d, t, m: bar.progress(d / max(t, 1), text=m))
    names = {p.name for p in paths}
    failed = {Path(p.path).name: p.reason for p in report.problems if Path(p.path).name in names}
    result = [("error", f"{escape(name)}: {escape(reason)}") for name, reason in failed.items()]
    if len(names) > len(failed):
        result.append(("success", f"{len(names) - len(failed)} dokument(er) tilføjet og klar til søgning."))
    st.session_state["upload_result"] = result
    st.session_state["upload_generation"] += 1
    st.rerun()
