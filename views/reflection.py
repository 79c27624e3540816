"""The "Refleksion" page (filled in with the reflection session)."""

import streamlit as st


def render(assistant) -> None:
    st.header("Refleksion")
