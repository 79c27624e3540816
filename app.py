"""Refleksionsassistenten: a thin Streamlit view. All logic lives in the `assistant` package.

Each page is a script in `app_pages/` with its own URL (bookmarkable); `views/` renders them. (Not
`pages/`: that folder name switches Streamlit to its older multipage mode.)"""

from __future__ import annotations

import os

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import streamlit as st

from views.common import DANISH_CHROME, PAGES, get_assistant, index_missing, index_ready, warm_up

st.set_page_config(page_title="Refleksionsassistenten", page_icon="💬", layout="wide")
st.html(DANISH_CHROME)

pages = {name: st.Page(path, title=title, icon=icon, url_path=name) for name, (path, title, icon) in PAGES.items()}
navigation = st.navigation(list(pages.values()))
if (target := st.session_state.pop("goto", None)) in pages:  # set by buttons that lead to another page
    st.switch_page(pages[target])

assistant = get_assistant(show_read_only=True)
with st.sidebar:
    if assistant.settings.llm_enabled:
        st.caption(f"Svar skrives af sprogmodellen {assistant.settings.llm_model} ud fra dokumenterne.")
    else:
        st.caption("Kører uden sprogmodel: svarene er citater fundet direkte i dokumenterne.")

if not index_ready(assistant):
    index_missing(assistant)
    st.stop()

navigation.run()
warm_up(assistant)  # after the page is drawn: the first page does not wait for the index to load
