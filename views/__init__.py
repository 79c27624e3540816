"""Streamlit pages. Each renders state held by plain-Python objects from `assistant`."""
