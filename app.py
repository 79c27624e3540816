"""Refleksionsassistenten: a thin Streamlit view. All logic lives in the `assistant` package."""

from __future__ import annotations

import os

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import streamlit as st

from views import chat, reflection, sources
from views.common import get_assistant, index_missing, index_ready, render_page

PAGES = {"Spørg": chat.render, "Kilder": sources.render, "Refleksion": reflection.render}

st.set_page_config(page_title="Refleksionsassistenten", page_icon="💬", layout="wide")

assistant = get_assistant()
with st.sidebar:
    st.title("Refleksionsassistenten")
    page = st.radio("Vælg side", list(PAGES), key="page")
    if assistant.settings.llm_enabled:
        st.caption(f"Svar skrives af sprogmodellen {assistant.settings.llm_model} ud fra dokumenterne.")
    else:
        st.caption("Kører uden sprogmodel: svarene er citater fundet direkte i dokumenterne.")

if not index_ready(assistant):
    index_missing(assistant)
    st.stop()

render_page(PAGES[page], assistant)
